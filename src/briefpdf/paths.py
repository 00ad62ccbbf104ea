"""Where briefpdf's own files are (the layouts, the bundled fonts and the schema), and
where WeasyPrint finds the fonts and the C libraries it loads."""

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

# The package's folder, as importlib.resources.files("briefpdf") gives it for a package
# on disk (a wheel installs as one), without the 26 ms that importing importlib.resources
# adds to every command, --help included.
_PACKAGE = Path(__file__).resolve().parent
# An installed wheel carries layouts/, fonts/ and schema.json inside the package (the
# build backend puts them there: pyproject.toml); a checkout keeps them at its top, as
# the one copy that is edited.
ROOT = _PACKAGE if (_PACKAGE / "layouts").is_dir() else _PACKAGE.parents[1]
LAYOUTS_DIR = ROOT / "layouts"
FONTS_DIR = ROOT / "fonts"
FONTCONFIG_FILE = FONTS_DIR / "fonts.conf"
SCHEMA_FILE = ROOT / "schema.json"


def use_bundled_fonts() -> None:
    """Make the bundled fonts the only fonts the renderer can see.

    fontconfig reads FONTCONFIG_FILE once, when WeasyPrint first loads Pango, so this
    runs on `import briefpdf`, before anything imports WeasyPrint.
    """
    os.environ["FONTCONFIG_FILE"] = str(FONTCONFIG_FILE)


@contextlib.contextmanager
def weasyprint_libraries_found_fast() -> Iterator[None]:
    """While WeasyPrint loads its C libraries (GObject, Pango, HarfBuzz, fontconfig),
    keep cffi from searching for them with `ctypes.util.find_library`.

    WeasyPrint names each library six ways, for every platform. For each name the
    dynamic loader cannot open, cffi asks find_library, which on Linux runs ldconfig,
    gcc and ld: 54 processes and 0.2 s, a sixth of a build. The Linux names on the list
    (libpango-1.0.so.0 …) are opened by the loader directly, without the search.
    """
    if not sys.platform.startswith("linux"):
        yield
        return
    import ctypes.util  # here: `briefpdf --help` loads no more than it needs

    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = search
