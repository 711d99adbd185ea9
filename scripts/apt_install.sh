#!/usr/bin/env bash
# Install Debian packages for one purpose: `scripts/apt_install.sh "the PDF" pkg1 pkg2 ...` (apt-get
# options such as --no-install-recommends may come among them).
# As root directly, otherwise through sudo; without either, say what to run and fail.
set -euo pipefail
purpose=$1
shift
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "missing $* and this user cannot install them: run 'apt-get install $*' as root." >&2
  exit 1
fi
echo "Installing $* for $purpose..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
