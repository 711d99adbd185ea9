"""nbval's kernels talk over IPC sockets in a private folder, not TCP.

jupyter_client picks "free" TCP ports by binding and releasing them before the kernel binds
them, so two kernels started at the same moment by the two xdist workers of `make unit` can
pick the same ports, and one of them then waits for minutes. That hang was seen twice in the
student and Colab tests, which now use IPC sockets themselves; nbval has no option for it, so
its kernel manager is given the same default here. Sockets in a folder of their own cannot
collide.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

try:
    import nbval.kernel
except ImportError:  # nbval is not installed: nothing to configure
    nbval = None

if nbval is not None:
    class IPCKernelManager(nbval.kernel.KernelManager):
        def __init__(self, **kwargs):
            folder = tempfile.mkdtemp(prefix="nbval-kernel-")
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", str(Path(folder) / "ipc"))
            super().__init__(**kwargs)

    nbval.kernel.KernelManager = IPCKernelManager
