"""Where the course's computations run, and at what precision (every chapter's setup cell).

Every claim of the course was measured on the CPU, with float32 matrix products computed in full
float32. A learner's runtime may differ: Colab's GPU runtimes ship JAX with CUDA, and on Ampere
and newer GPUs (L4, A100) JAX computes float32 matrix products in TF32 by default, with a
10-bit mantissa; PyTorch's cuDNN convolutions do too. The course's networks are small, so a GPU
buys little and a changed arithmetic could move a claim. Importing ``course_lib`` therefore sets
one policy, before JAX or PyTorch start:

- JAX runs on the CPU (``JAX_PLATFORMS=cpu``);
- float32 matrix products are computed in full precision: JAX's default matmul precision is
  ``"highest"``, PyTorch's ``torch.set_float32_matmul_precision("highest")``, and PyTorch's TF32
  switches for matrix products and cuDNN are off (applied when PyTorch is imported).

One setting changes it: ``COURSE_DEVICE=accelerator`` in the environment before ``course_lib`` is
imported lets JAX use its default device (a GPU where there is one). The precision stays full
float32 either way. :func:`describe` gives the line every chapter's setup prints: where it ran,
the versions of NumPy, JAX and PyTorch, and the precision.
"""

from __future__ import annotations

import os
import sys
from types import ModuleType
from typing import Any

from .i18n import _

ENV = "COURSE_DEVICE"
DEVICES = ("cpu", "accelerator")
PRECISION = "highest"


def device_setting() -> str:
    """The learner's choice, ``COURSE_DEVICE``: ``"cpu"`` (the default) or ``"accelerator"``."""
    value = os.environ.get(ENV, "cpu").strip().lower() or "cpu"
    if value not in DEVICES:
        raise ValueError(f"{ENV} must be one of {', '.join(DEVICES)}; got {value!r}.")
    return value


def apply_policy() -> None:
    """Set the device and precision policy (run by ``import course_lib``): before JAX is imported
    through its environment variables, after it through ``jax.config``; PyTorch's settings when
    it is imported, or now if it already is."""
    on_cpu = device_setting() == "cpu"
    if "jax" in sys.modules:
        _jax_policy(sys.modules["jax"], on_cpu)
    else:
        os.environ["JAX_DEFAULT_MATMUL_PRECISION"] = PRECISION
        if on_cpu:
            os.environ["JAX_PLATFORMS"] = "cpu"
    if "torch" in sys.modules:
        _torch_policy(sys.modules["torch"])
    elif not any(isinstance(finder, _AfterTorchImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _AfterTorchImport())


def _jax_policy(jax: Any, on_cpu: bool) -> None:
    jax.config.update("jax_default_matmul_precision", PRECISION)
    if not on_cpu:
        return
    from jax._src import xla_bridge

    if xla_bridge.backends_are_initialized():  # too late to choose the platform: choose the device
        if jax.default_backend() != "cpu":
            jax.config.update("jax_default_device", jax.devices("cpu")[0])
    else:
        jax.config.update("jax_platforms", "cpu")


def _torch_policy(torch: ModuleType) -> None:
    torch.set_float32_matmul_precision(PRECISION)
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False


class _AfterTorchImport:
    """A finder on ``sys.meta_path`` (``importlib.abc.MetaPathFinder``'s protocol; not derived
    from it, whose import costs ``import course_lib`` 7 ms) that applies the PyTorch policy right
    after ``import torch`` finishes, wherever it is imported (a chapter imports torch itself):
    costs nothing for a chapter that never imports it."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != "torch":
            return None
        import importlib.util

        sys.meta_path.remove(self)  # once, and so that the lookup below finds the real torch
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        loader, execute = spec.loader, spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            execute(module)
            _torch_policy(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def processor() -> str:
    """The processor's model name (``/proc/cpuinfo`` on Linux), else what ``platform`` says."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.lower().startswith(("model name", "hardware")):
                    return " ".join(line.split(":", 1)[1].split())
    except OSError:
        pass
    import platform

    return platform.processor() or platform.machine() or "unknown processor"


def _version(package: str) -> str:
    from importlib import metadata  # 19 ms: only when a chapter's setup asks

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return _("not installed")


def jax_device() -> str:
    """The platform JAX computes on (``cpu``, ``gpu``, ...), asked of JAX when it is imported,
    else the one the policy will give it."""
    if "jax" in sys.modules:
        return str(sys.modules["jax"].default_backend())
    return "cpu" if device_setting() == "cpu" else _("its default")


def describe() -> str:
    """What a chapter's setup prints: where it runs (processor, cores, JAX's device) and the
    precision of float32 matrix products, then the versions of NumPy, JAX and PyTorch."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    from .claims import fit_column

    where = _(f"Ran on {processor()} ({cores} cores), JAX on {jax_device()}; "
              "float32 matrix products at full precision.")
    versions = f"NumPy {_version('numpy')}, JAX {_version('jax')}, PyTorch {_version('torch')}"
    return f"{fit_column(where, indent='')}\n{versions}"
