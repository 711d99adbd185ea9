"""The MNIST IDX loader, on small IDX files that the tests write themselves (no download)."""

import gzip

import numpy as np
import pytest

from course_lib.mnist import IDXError, load_idx, load_mnist


def idx_bytes(array, type_code=0x08):
    dtype = {0x08: np.uint8, 0x0C: np.dtype(">i4"), 0x0E: np.dtype(">f8")}[type_code]
    header = bytes([0, 0, type_code, array.ndim]) + np.array(array.shape, dtype=">u4").tobytes()
    return header + np.asarray(array, dtype=dtype).tobytes()


def write_mnist(directory, kind, n=5, gz=False):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=n, dtype=np.uint8)
    for stem, array in ((f"{kind}-images-idx3-ubyte", images), (f"{kind}-labels-idx1-ubyte", labels)):
        data = idx_bytes(array)
        if gz:
            (directory / (stem + ".gz")).write_bytes(gzip.compress(data))
        else:
            (directory / stem).write_bytes(data)
    return images, labels


@pytest.mark.parametrize("gz", [False, True])
def test_mnist_files_load_as_scaled_images_and_labels(tmp_path, gz):
    images, labels = write_mnist(tmp_path, "t10k", gz=gz)
    x, y = load_mnist(tmp_path, "t10k")
    np.testing.assert_allclose(x, images / 255.0)
    assert x.shape == (5, 28, 28) and y.tolist() == labels.tolist()


@pytest.mark.parametrize("type_code, values", [(0x0C, np.array([[-5, 70000], [3, 4]])), (0x0E, np.array([0.5, -1e300]))])
def test_other_idx_types_keep_their_values(tmp_path, type_code, values):
    (tmp_path / "a.idx").write_bytes(idx_bytes(values, type_code))
    np.testing.assert_array_equal(load_idx(tmp_path / "a.idx"), values)


def test_missing_file_names_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="train-images-idx3-ubyte"):
        load_mnist(tmp_path)
    with pytest.raises(FileNotFoundError, match=str(tmp_path / "nope")):
        load_idx(tmp_path / "nope")


@pytest.mark.parametrize("content, message", [
    (b"PK\x03\x04 a zip file", "not an IDX file"),
    (bytes([0, 0, 0x08, 3]) + b"\x00\x00", "truncated"),
    (idx_bytes(np.zeros((2, 28, 28), np.uint8))[:-10], "corrupt or truncated"),
])
def test_corrupt_files_get_a_clear_error_naming_the_path(tmp_path, content, message):
    path = tmp_path / "train-images-idx3-ubyte"
    path.write_bytes(content)
    with pytest.raises(IDXError, match=message) as info:
        load_idx(path)
    assert str(path) in str(info.value)


def test_a_broken_gzip_names_the_path(tmp_path):
    path = tmp_path / "train-images-idx3-ubyte.gz"
    path.write_bytes(b"not gzip at all")
    with pytest.raises(IDXError, match=str(path)):
        load_idx(path)


def test_images_and_labels_that_do_not_match_are_refused(tmp_path):
    write_mnist(tmp_path, "train", n=5)
    (tmp_path / "train-labels-idx1-ubyte").write_bytes(idx_bytes(np.zeros(4, np.uint8)))
    with pytest.raises(IDXError, match="do not belong together"):
        load_mnist(tmp_path)


def test_bad_kind_and_directory(tmp_path):
    with pytest.raises(ValueError, match="kind must be"):
        load_mnist(tmp_path, "test")
    with pytest.raises(FileNotFoundError, match="not a directory"):
        load_mnist(tmp_path / "missing")
