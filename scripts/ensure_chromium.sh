#!/usr/bin/env bash
# Install what the browser check needs when it is missing: Debian's chromium, a Korean font
# (fonts-nanum, 10 MB) so that the glossary's Hangul shows in the screenshots instead of boxes,
# and axe-core (the accessibility audit, pinned in tests/book/package-lock.json) from npm.
set -euo pipefail
book_tests="$(dirname "$0")/../tests/book"
if [ ! -f "$book_tests/node_modules/axe-core/axe.min.js" ]; then
  npm ci --prefix "$book_tests" --no-audit --no-fund --silent
fi
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
