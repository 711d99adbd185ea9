#!/usr/bin/env bash
# Install what `make pdf` needs when it is missing: Debian's XeLaTeX with the LaTeX packages
# Sphinx's LaTeX writer uses, latexmk, the book's fonts (FreeSerif, DejaVu Sans Mono for the
# marks ✔ ✘, Nanum Myeongjo, Gothic and Gothic Coding for the Korean, set with xetexko from
# texlive-lang-korean in the Korean PDF) and poppler-utils (pdftotext, pdfinfo, pdfimages) for the
# PDF's test. About 400 MB, once per machine.
set -euo pipefail
packages=(texlive-xetex texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended
          texlive-plain-generic texlive-lang-korean lmodern latexmk fonts-freefont-otf fonts-dejavu-core
          fonts-nanum poppler-utils)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
"$(dirname "$0")/apt_install.sh" "the PDF" --no-install-recommends "${missing[@]}"
command -v xelatex
