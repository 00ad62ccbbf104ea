#!/usr/bin/env bash
# Installs the Debian packages this machine lacks, for briefpdf itself or for its tests.
#
#   scripts/install-debian-packages.sh runtime   what briefpdf and its test suite's PDF tools need:
#     Pango (and HarfBuzz) : WeasyPrint's text layout
#     libharfbuzz-subset0  : fast font subsetting (without it a build takes ~20 s, not <1 s)
#     poppler-utils, qpdf  : the test suite reads PDFs with pdftotext/pdftoppm and checks them with qpdf
#     ghostscript, mupdf-tools : the test suite checks that other PDF engines (Ghostscript, MuPDF's
#                            `mutool draw`) read and draw the embedded fonts
#   scripts/install-debian-packages.sh test      what only some tests need:
#     chromium                 : the real browser that tests `briefpdf preview` (tests/test_preview.py)
#     libreoffice-writer-nogui : saves the Word drafts of tests/test_import.py as another program would
#     libreoffice-calc-nogui   : saves the distribution lists of tests/mail/ as officers' spreadsheets do
#   scripts/install-debian-packages.sh install   what `make install` needs:
#     pipx                     : installs the briefpdf command for the user, in a venv of its own
#
# As root it installs them with apt-get. Otherwise it says what to install, and stops for
# `runtime`; for `test` it never fails the run: a test whose program is missing skips,
# saying why (in CI, where CI=true, it fails instead, so a broken install cannot pass).
set -euo pipefail

case "${1:-}" in
  runtime) packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig
                     poppler-utils qpdf ghostscript mupdf-tools) ;;
  test) packages=(chromium libreoffice-writer-nogui libreoffice-calc-nogui) ;;
  install) packages=(pipx) ;;
  *) echo "usage: $0 runtime|test|install" >&2; exit 2 ;;
esac

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "These Debian packages are not installed: ${missing[*]}" >&2
  echo "Ask an administrator to run:  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  if [ "$1" = test ]; then
    echo "(Until then the tests that need them skip, saying why.)" >&2
    exit 0
  fi
  exit 1
fi
echo "Installing ${missing[*]} …"
export DEBIAN_FRONTEND=noninteractive
# Waits for the package manager if another install holds its lock.
apt=(apt-get -o DPkg::Lock::Timeout=900 -y -qq --no-install-recommends)
# The package lists are refreshed only if they turn out too old to have the packages.
if ! "${apt[@]}" install "${missing[@]}" >/dev/null 2>&1; then
  "${apt[@]}" update >/dev/null
  if ! "${apt[@]}" install "${missing[@]}" >/dev/null; then
    echo "Could not install ${missing[*]}." >&2
    [ "$1" = test ] && exit 0
    exit 1
  fi
fi
