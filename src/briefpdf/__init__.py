"""briefpdf: typeset the Chinese bulletin 简报 from one JSON file into a print-quality PDF."""

from briefpdf.paths import use_bundled_fonts

__version__ = "0.1.0"

use_bundled_fonts()
