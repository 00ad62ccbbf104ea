"""Where briefpdf's own files are: the layouts and the bundled fonts of this checkout."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYOUTS_DIR = ROOT / "layouts"
FONTS_DIR = ROOT / "fonts"
FONTCONFIG_FILE = FONTS_DIR / "fonts.conf"


def use_bundled_fonts() -> None:
    """Make the bundled fonts the only fonts the renderer can see.

    fontconfig reads FONTCONFIG_FILE once, when WeasyPrint first loads Pango, so this
    runs on `import briefpdf`, before anything imports WeasyPrint.
    """
    os.environ["FONTCONFIG_FILE"] = str(FONTCONFIG_FILE)
