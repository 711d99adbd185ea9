"""Every chapter on one draw of seeds and data samples, claims surveyed rather than raised
(`make draw-test`; the weekly workflow runs it on a random draw). Writes _build/draw/report.md:
each claim that did not hold, with its chapter and the draw, so that a threshold that holds
only by the luck of the book's draw is found before learners find it. Exits 1 when any claim
did not hold (the workflow reports it rather than failing), 2 when a chapter raised.

    python scripts/draw_report.py --draw 1234 [--chapter 07]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from course_lib.claims import FAILED_MARK, INDENT  # noqa: E402


def failed_claims(text: str) -> list[str]:
    """The claims printed with the failed mark, each joined into one line."""
    claims: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith(FAILED_MARK):
            claims.append([line])
        elif claims and line.startswith(INDENT) and len(claims[-1]) < 50:
            claims[-1].append(line.strip())
        elif claims:
            claims.append([])  # a claim ends at the first line that does not continue it
    return [" ".join(c) for c in claims if c]


def survey(path: Path, draw: int) -> tuple[list[str], str]:
    """(failed claims, error) of one chapter run on ``draw``."""
    notebook = nbformat.read(path, as_version=4)
    notebook.cells = [c for c in notebook.cells if "skip-execution" not in c.metadata.get("tags", [])]
    os.environ.update({"COURSE_DRAW": str(draw), "COURSE_CLAIMS": "report"})
    error = ""
    try:
        NotebookClient(notebook, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    except CellExecutionError as exc:
        error = str(exc).strip().splitlines()[-1]
    text = "\n".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", []))
    return failed_claims(text), error


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--draw", type=int, required=True)
    parser.add_argument("--chapter", default="", help="a chapter's number, e.g. 07; all when omitted")
    args = parser.parse_args()
    chapters = sorted((ROOT / "chapters").glob(f"{args.chapter}*.ipynb" if args.chapter else "[0-9][0-9]_*.ipynb"))
    lines, failed, broken = [f"# Claims on draw {args.draw}", ""], 0, 0
    for path in chapters:
        claims, error = survey(path, args.draw)
        failed, broken = failed + len(claims), broken + bool(error)
        lines += [f"- {path.stem}: {'error: ' + error if error else f'{len(claims)} did not hold'}"]
        lines += [f"  - {c}" for c in claims]
        print(lines[-1 - len(claims)], flush=True)
    out = ROOT / "_build" / "draw" / "report.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{failed} claims did not hold on draw {args.draw}; {broken} chapters raised; see {out.relative_to(ROOT)}")
    return 2 if broken else 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
