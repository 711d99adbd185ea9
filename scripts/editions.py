"""The book's translated editions, through Sphinx's own internationalisation (issue 21).

One source of truth: the English pages and `_config.yml`. A translated edition is the same
sources built with `language` set and the messages of `locales/<lang>/LC_MESSAGES/` (the
sphinx-intl layout, one catalog per page: `intro.po`, `chapters/01_gradient_descent.po`, ...).

    python scripts/editions.py extract          # refresh every catalog from the English pages
    python scripts/editions.py build ko         # the Korean book, into _build/html/ko

`extract` runs Sphinx's gettext builder (notebooks are not executed: outputs are not
translated here) with its own output and doctree folders, then `sphinx-intl update`, which adds
new messages, marks changed ones fuzzy and drops removed ones. `build` writes the edition's
configuration (the English one with `language` and the title replaced) under _build/<lang>/
and builds from the English build's executed notebooks (the same jupyter-cache), so that it
executes nothing the English build has run.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LOCALES = ROOT / "locales"
EDITIONS = {
    "ko": {
        "title": "실험으로 배우는 신경망 학습",
        # myst-nb's toggles for folded code (its {type} would stay English: "source")
        "sphinx": {"nb_code_prompt_show": "코드 보기", "nb_code_prompt_hide": "코드 숨기기"},
    },
}


def config(overrides: dict, sphinx_config: dict) -> dict:
    """The English `_config.yml` with ``overrides`` merged in (a section given as a dict updates
    that section) and ``sphinx_config`` added to its Sphinx settings."""
    base = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key].update(value)
        else:
            base[key] = value
    base.setdefault("sphinx", {}).setdefault("config", {}).update(sphinx_config)
    # local_extensions are paths relative to the configuration file: make them absolute
    base["sphinx"]["local_extensions"] = {name: str(ROOT / path)
                                          for name, path in base["sphinx"].get("local_extensions", {}).items()}
    return base


def write_config(folder: Path, cfg: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "_config.yml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def templates(out: Path) -> Path:
    """Extract every page's messages into .pot files under ``out``; returns their folder."""
    cfg = config({"execute": {"execute_notebooks": "off"}}, {"gettext_location": False})
    path = write_config(out, cfg)
    subprocess.run([str(BIN / "jupyter-book"), "build", str(ROOT), "--config", str(path), "--path-output", str(out),
                    "--builder", "custom", "--custom-builder", "gettext", "--all", "-q"], check=True, capture_output=True)
    return out / "_build" / "gettext"


def extract(languages: list[str]) -> None:
    pot = templates(ROOT / "_build" / "i18n")
    for lang in languages:
        subprocess.run([str(BIN / "sphinx-intl"), "update", "-p", str(pot), "-d", str(LOCALES), "-l", lang, "-w", "0"],
                       check=True)


def translated_toc(lang: str, folder: Path) -> Path:
    """_toc.yml with its part captions translated from the root page's catalog: the sidebar is
    drawn from the table of contents, which Sphinx's own translation does not reach."""
    from babel.messages.pofile import read_po

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    with (LOCALES / lang / "LC_MESSAGES" / f"{toc['root']}.po").open(encoding="utf-8") as f:
        catalog = {m.id: m.string for m in read_po(f) if m.id and m.string}
    for part in toc.get("parts", []):
        if "caption" in part:
            part["caption"] = catalog.get(part["caption"], part["caption"])
    path = folder / "_toc.yml"
    path.write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build(lang: str) -> None:
    out = ROOT / "_build" / lang
    cfg = config({"title": EDITIONS[lang]["title"], "execute": {"cache": str(ROOT / "_build" / ".jupyter_cache")}},
                 {"language": lang, "locale_dirs": [str(LOCALES)], **EDITIONS[lang].get("sphinx", {})})
    path = write_config(out, cfg)
    toc = translated_toc(lang, out)
    subprocess.run([str(BIN / "jupyter-book"), "build", str(ROOT), "--config", str(path), "--toc", str(toc),
                    "--path-output", str(out), "--all", "-W", "-n", "--keep-going"], check=True)
    target = ROOT / "_build" / "html" / lang
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(out / "_build" / "html", target)


if __name__ == "__main__":
    command, *args = sys.argv[1:] or ["help"]
    if command == "extract":
        extract(args or list(EDITIONS))
    elif command == "build" and len(args) == 1 and args[0] in EDITIONS:
        build(args[0])
    else:
        raise SystemExit(__doc__)
