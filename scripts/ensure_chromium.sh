#!/usr/bin/env bash
# Install what the browser check needs when it is missing: Debian's chromium, and a Korean font
# (fonts-nanum, 10 MB) so that the glossary's Hangul shows in the screenshots instead of boxes.
set -euo pipefail
packages=()
if ! command -v chromium >/dev/null 2>&1; then
  packages+=(chromium fonts-nanum)
elif [ -z "$(fc-list :lang=ko 2>/dev/null)" ]; then  # fc-list comes with chromium's fontconfig
  packages+=(fonts-nanum)
fi
if [ ${#packages[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "missing ${packages[*]} and this user cannot install them: run 'apt-get install ${packages[*]}' as root." >&2
  exit 1
fi
echo "Installing ${packages[*]} for the browser check..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${packages[@]}" >/dev/null
command -v chromium
