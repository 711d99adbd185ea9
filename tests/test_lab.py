"""`make lab` opens JupyterLab on the chapters, and its Python kernel imports course_lib from
this checkout (installed editable by requirements.txt's `-e .`), so a change to course_lib is
seen by the next kernel without reinstalling."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JUPYTER = Path(sys.executable).with_name("jupyter")
TOKEN = "course-lab-test"


def lab_command_of_the_makefile() -> tuple[dict[str, str], list[str]]:
    """What `make lab` runs, as make expands it (`make -n` prints without running): the
    environment it sets (leading NAME=value words) and the command."""
    printed = subprocess.run(["make", "--no-print-directory", "-n", "lab"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.splitlines()
    words = next(line for line in printed if " lab chapters" in line).split()
    settings = {}
    while words and "=" in words[0] and not words[0].startswith(("-", "/", ".")):
        name, _, value = words.pop(0).partition("=")
        settings[name] = value
    return settings, words


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def test_make_lab_serves_every_chapter_with_a_kernel_that_imports_this_course_lib(tmp_path):
    settings, command = lab_command_of_the_makefile()
    assert (ROOT / command[0]).resolve() == JUPYTER.resolve() and command[1:3] == ["lab", "chapters"], command
    assert Path(settings["JAX_COMPILATION_CACHE_DIR"]).is_relative_to(ROOT / "_build")  # a second session compiles less
    port = free_port()
    env = {**os.environ, **settings, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    lab = subprocess.Popen(command + ["--no-browser", f"--port={port}", "--ServerApp.port_retries=0",
                                      f"--IdentityProvider.token={TOKEN}"],
                           cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 60  # a cold start of jupyter_server takes a few seconds
        while True:
            try:
                listing = get(f"{base}/contents?token={TOKEN}")
                break
            except OSError:
                assert lab.poll() is None, "jupyter lab exited during start-up"
                assert time.monotonic() < deadline, "jupyter lab did not answer within 60 s"
                time.sleep(0.5)
        served = {item["name"] for item in listing["content"]}
        chapters = {p.name for p in (ROOT / "chapters").glob("[0-9][0-9]_*.ipynb")}
        assert chapters and chapters <= served

        spec = get(f"{base}/kernelspecs?token={TOKEN}")["kernelspecs"]["python3"]["spec"]
        python = spec["argv"][0]
        imported = subprocess.run([python, "-c", "import course_lib; print(course_lib.__file__)"],
                                  capture_output=True, text=True, check=True).stdout.strip()
        assert Path(imported).resolve().is_relative_to(ROOT / "course_lib")
    finally:
        lab.terminate()
        lab.wait(timeout=30)
