"""course_lib's device and precision policy (course_lib.runtime): JAX on the CPU and float32
matrix products at full precision in JAX and PyTorch, whatever the runtime (Colab's GPU runtimes
ship a CUDA JAX that computes float32 products in TF32 by default). Each case runs in a fresh
Python process, as a fresh kernel would: the policy is set at import, before the frameworks start."""

import json
import os
import subprocess
import sys

import pytest

from course_lib.claims import WIDTH
from notebook_cells import ROOT

REPORT = ("import json, jax, torch\n"
          "print(json.dumps({'backend': jax.default_backend(), 'devices': [d.platform for d in jax.devices()],\n"
          "    'jax': jax.config.jax_default_matmul_precision, 'torch': torch.get_float32_matmul_precision(),\n"
          "    'tf32': [torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32]}))\n")


def fresh(code, **env):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("JAX_", "COURSE_"))}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env={**environ, **env})
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_in_a_fresh_process_course_lib_runs_jax_on_the_cpu_at_full_float32_precision_and_torch_too():
    report = json.loads(fresh("import course_lib\n" + REPORT).splitlines()[-1])
    assert report == {"backend": "cpu", "devices": ["cpu"], "jax": "highest", "torch": "highest",
                      "tf32": [False, False]}


def test_the_policy_holds_when_the_frameworks_were_imported_before_course_lib():
    code = ("import jax, torch\ntorch.set_float32_matmul_precision('medium')\n"
            "torch.backends.cudnn.allow_tf32 = True\nimport course_lib\n" + REPORT)
    report = json.loads(fresh(code).splitlines()[-1])
    assert report["backend"] == "cpu" and report["jax"] == "highest" and report["torch"] == "highest"
    assert report["tf32"] == [False, False]


def test_the_one_setting_lets_jax_choose_its_device_and_keeps_the_precision():
    code = "import os, course_lib\nprint(os.environ.get('JAX_PLATFORMS'))\n" + REPORT
    lines = fresh(code, COURSE_DEVICE="accelerator").splitlines()
    assert lines[0] == "None"  # JAX's own default: a GPU where there is one (only a CPU here)
    assert json.loads(lines[-1])["jax"] == "highest"


def test_a_device_setting_it_does_not_know_is_refused_by_name():
    result = subprocess.run([sys.executable, "-c", "import course_lib"], capture_output=True, text=True,
                            env={**os.environ, "COURSE_DEVICE": "gpu"})
    assert result.returncode != 0 and "COURSE_DEVICE must be one of cpu, accelerator; got 'gpu'" in result.stderr


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_setup_line_says_where_it_ran_the_versions_and_the_precision(lang):
    from importlib import metadata

    out = fresh("import course_lib, jax\nfrom course_lib.runtime import describe\nprint(describe())",
                COURSE_LANG=lang)
    assert "cpu" in out and f"({len(os.sched_getaffinity(0))}" in out
    for package in ("numpy", "jax", "torch"):
        assert metadata.version(package) in out
    assert ("at full precision" if lang == "en" else "완전 정밀도") in " ".join(out.split())
    assert all(len(line) <= WIDTH for line in out.splitlines())
