#!/usr/bin/env bash
# Installs the Debian packages that only the tests need.
#   chromium : the real browser that tests `briefpdf preview` (tests/test_preview.py)
# As root it installs them with apt-get; otherwise it says what to install, and the tests
# that need them skip, saying why.
set -euo pipefail

packages=(chromium)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Some tests need these Debian packages, which are not installed: ${missing[*]}" >&2
  echo "Those tests will be skipped. To run them:  sudo apt-get install ${missing[*]}" >&2
  exit 0
fi
echo "Installing ${missing[*]} for the tests …"
export DEBIAN_FRONTEND=noninteractive
# Waits for the package manager if another install holds its lock.
apt=(apt-get -o DPkg::Lock::Timeout=900 -y -qq --no-install-recommends)
# The package lists are refreshed only if they turn out too old to have the packages.
"${apt[@]}" install "${missing[@]}" >/dev/null \
  || { "${apt[@]}" update && "${apt[@]}" install "${missing[@]}" >/dev/null; }
