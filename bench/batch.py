"""Build every issue of a folder in one process: `batch.py OUTDIR ISSUE.json…`.

A stand-in for the batch command `briefpdf build DIR -o OUTDIR`, which is not on this
branch yet; the benchmark should time that command instead once it is.
"""

from __future__ import annotations

import sys
from pathlib import Path

from briefpdf.loader import load_issue
from briefpdf.render import render_pdf


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for path in map(Path, sys.argv[2:]):
        (out / f"{path.stem}.pdf").write_bytes(render_pdf(load_issue(path), path.parent).data)


if __name__ == "__main__":
    main()
