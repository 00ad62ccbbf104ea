"""Set issues with Typst and bench/jianbao.typ, in one process: `typst_build.py OUTDIR ISSUE.json…`.

Only the bundled fonts are seen (no system fonts, none of Typst's own), as for briefpdf.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typst

TEMPLATE = Path(__file__).with_name("jianbao.typ").read_bytes()
FONTS_DIR = Path(__file__).resolve().parents[1] / "fonts"


def build(issue: Path, output: Path, fonts: typst.Fonts) -> None:
    # The issue's folder is the Typst root, so the template reads the issue and its photos.
    typst.compile(
        TEMPLATE,
        output=str(output),
        root=str(issue.parent),
        font_paths=fonts,
        ignore_system_fonts=True,
        sys_inputs={"issue": f"/{issue.name}", "folder": "/"},
    )


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    fonts = typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(FONTS_DIR)]
    )
    for issue in map(Path, sys.argv[2:]):
        build(issue.resolve(), out / f"{issue.stem}.pdf", fonts)


if __name__ == "__main__":
    main()
