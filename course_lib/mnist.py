"""A loader for the real MNIST files, for readers who have them on disk (chapter 9).

The course itself never downloads anything: chapter 9 runs on scikit-learn's bundled 8×8
digits. MNIST comes as four files in the IDX format (``train-images-idx3-ubyte``,
``train-labels-idx1-ubyte``, ``t10k-images-idx3-ubyte``, ``t10k-labels-idx1-ubyte``), each
possibly gzipped (``.gz``). An IDX file is a 4-byte magic number (two zero bytes, a type code,
the number of dimensions), one big-endian 32-bit size per dimension, then the values.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from typing import Any

import numpy as np

_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: np.dtype(">i2"), 0x0C: np.dtype(">i4"),
          0x0D: np.dtype(">f4"), 0x0E: np.dtype(">f8")}


class IDXError(ValueError):
    """A file that is not a valid IDX file; the message names the path."""


def _path(value: Any, name: str) -> Path:
    """``value`` as a Path: text or a path object, not a number, None or an array."""
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} must be a file path (a str or pathlib.Path); got {type(value).__name__} {value!r:.60}.")
    return Path(value)


def load_idx(path: str | Path) -> np.ndarray:
    """The array stored in the IDX file at ``path`` (gzipped if its name ends in ``.gz``)."""
    path = _path(path, "path")
    if not path.is_file():
        raise FileNotFoundError(f"no IDX file at {path}: check the directory and the file name "
                                "(MNIST's are e.g. train-images-idx3-ubyte or train-images-idx3-ubyte.gz).")
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as handle:
            raw = handle.read()
    except (OSError, EOFError) as error:
        raise IDXError(f"{path} could not be read as {'gzip' if opener is gzip.open else 'a file'}: {error}") from None
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _TYPES:
        raise IDXError(f"{path} is not an IDX file: it does not start with the IDX magic number "
                       "(0x00 0x00, a type code, the number of dimensions).")
    ndim = raw[3]
    header = 4 + 4 * ndim
    if ndim == 0 or len(raw) < header:
        raise IDXError(f"{path} is truncated: its header announces {ndim} dimensions but the file ends early.")
    shape = tuple(int(d) for d in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    dtype = np.dtype(_TYPES[raw[2]])
    expected = header + int(np.prod(shape)) * dtype.itemsize
    if len(raw) != expected:
        raise IDXError(f"{path} is corrupt or truncated: its header announces shape {shape} "
                       f"({expected} bytes in all) but the file has {len(raw)} bytes.")
    return np.frombuffer(raw, dtype=dtype, offset=header).reshape(shape).astype(dtype.newbyteorder("="))


def _find(directory: Path, stem: str) -> Path:
    for name in (stem, stem + ".gz"):
        if (directory / name).is_file():
            return directory / name
    raise FileNotFoundError(f"MNIST file {stem} (or {stem}.gz) not found in {directory}.")


def load_mnist(directory: str | Path, kind: str = "train") -> tuple[np.ndarray, np.ndarray]:
    """MNIST images, as floats in [0, 1] with shape (n, 28, 28), and their integer labels.

    ``kind`` is ``"train"`` (60 000 images) or ``"t10k"`` (the 10 000 test images).
    """
    if not isinstance(kind, str) or kind not in ("train", "t10k"):
        raise ValueError(f"kind must be 'train' or 't10k'; got {kind!r}.")
    directory = _path(directory, "directory")
    if not directory.is_dir():
        raise FileNotFoundError(f"{directory} is not a directory holding the MNIST files.")
    images_path, labels_path = _find(directory, f"{kind}-images-idx3-ubyte"), _find(directory, f"{kind}-labels-idx1-ubyte")
    images, labels = load_idx(images_path), load_idx(labels_path)
    if images.ndim != 3:
        raise IDXError(f"{images_path} should hold images, shape (n, rows, cols); it has shape {images.shape}.")
    if labels.ndim != 1 or len(labels) != len(images):
        raise IDXError(f"{labels_path} has shape {labels.shape}, but {images_path} holds {len(images)} images: "
                       "the two files do not belong together.")
    return images.astype(np.float64) / 255.0, labels.astype(np.int64)
