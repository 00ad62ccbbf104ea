"""Photos prepared in threads (briefpdf.engine.resampling) give the bytes WeasyPrint writes itself."""

from __future__ import annotations

import pytest
from PIL import Image
from weasyprint.images import RasterImage
from weasyprint.pdf.stream import Stream

from briefpdf.engine import resampling
from briefpdf.engine.profiles import Profile
from briefpdf.engine.render import render_pdf
from briefpdf.issue.loader import load_issue


@pytest.mark.parametrize("profile", list(Profile))
def test_the_pdf_is_the_one_weasyprint_writes_alone(
    profile: Profile, make_issue, monkeypatch: pytest.MonkeyPatch
) -> None:
    issue_file = make_issue()
    photos = issue_file.parent / "photos"
    # A camera photo resampled for e-mail, a PNG with transparency (written with a soft
    # mask), a grey one, and a photo shown twice.
    Image.effect_noise((2400, 1600), 50).convert("RGB").save(photos / "camera.jpg", quality=90)
    Image.new("RGBA", (800, 500), (200, 30, 30, 128)).save(photos / "clear.png")
    Image.linear_gradient("L").resize((900, 600)).save(photos / "grey.png")
    body = ["会议现场。"] + [
        {"photo": f"photos/{name}", "caption": f"图{n}"}
        for n, name in enumerate(["camera.jpg", "clear.png", "grey.png", "camera.jpg"], 1)
    ]
    issue_file = make_issue(articles=[{"headline": "照片", "body": body}])
    issue = load_issue(issue_file)

    threaded = render_pdf(issue, issue_file.parent, profile).data
    with monkeypatch.context() as weasyprint_alone:
        weasyprint_alone.setattr(Stream, "add_image", resampling._register)
        weasyprint_alone.setattr(RasterImage, "get_x_object", resampling._prepare)
        alone = render_pdf(issue, issue_file.parent, profile).data
    assert threaded == alone
    assert render_pdf(issue, issue_file.parent, profile).data == threaded
