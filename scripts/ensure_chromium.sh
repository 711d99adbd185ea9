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
"$(dirname "$0")/apt_install.sh" "the browser check" "${packages[@]}"
command -v chromium
