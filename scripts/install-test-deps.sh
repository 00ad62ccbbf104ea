#!/usr/bin/env bash
# Installs the Debian packages only the test suite needs (briefpdf itself runs without them).
#   libreoffice-writer-nogui : saves the Word drafts of tests/test_import.py as another program would
# As root it installs them with apt-get; otherwise it says what to install. Either way it
# never fails the test run: a test whose program is missing skips, saying why.
set -euo pipefail

packages=(libreoffice-writer-nogui)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "The tests need these Debian packages, which are not installed: ${missing[*]}" >&2
  echo "Ask an administrator to run:  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  echo "(Until then the tests that need them skip, saying why.)" >&2
  exit 0
fi
echo "Installing ${missing[*]} for the tests …"
export DEBIAN_FRONTEND=noninteractive
{ apt-get update -qq \
  && apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" \
     >/dev/null; } \
  || echo "Could not install ${missing[*]}; the tests that need them skip." >&2
