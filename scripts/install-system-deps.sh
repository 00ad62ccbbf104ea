#!/usr/bin/env bash
# Installs the Debian packages briefpdf needs that this machine lacks.
#   Pango (and HarfBuzz) : WeasyPrint's text layout
#   libharfbuzz-subset0  : fast font subsetting (without it a build takes ~20 s, not <1 s)
#   poppler-utils, qpdf  : the test suite reads PDFs with pdftotext/pdftoppm and checks them with qpdf
#   ghostscript          : the test suite checks that a third PDF engine reads the embedded fonts
# As root it installs them with apt-get; otherwise it says what to install and stops.
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig
          poppler-utils qpdf ghostscript)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "briefpdf needs these Debian packages, which are not installed: ${missing[*]}" >&2
  echo "Ask an administrator to run:  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} …"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
