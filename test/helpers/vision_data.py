# Writes a small data set in the real files' format under ROOT, for the image tutorials' tests
# and benchmark (the real data sets cannot be downloaded here):
#   python vision_data.py ROOT {MNIST|FashionMNIST|CIFAR10} N_TRAIN N_TEST [SEED]
# - MNIST, FashionMNIST: ROOT/<name>/raw/{train,t10k}-{images-idx3,labels-idx1}-ubyte, each also
#   gzipped beside it, as torchvision leaves the raw folder after a download.
# - CIFAR10: ROOT/cifar-10-batches-py/data_batch_1..5, test_batch, batches.meta, pickled as the
#   real ones were (Python 2, protocol 2: byte strings as BINSTRING). Their md5s are not the real
#   ones': torchvision's md5 lists must be cleared to load them (tutorial_run.py does).
# The images are learnable: each class has a template, and each pixel is its class's with
# probability 0.6 (0.2 for CIFAR10, whose CNN learns more from fewer pixels), else noise.
import gzip
import os
import pickle
import struct
import sys

import numpy as np

root, name, n_train, n_test = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(int(sys.argv[5]) if len(sys.argv) > 5 else 0)
shape = (32, 32, 3) if name == "CIFAR10" else (28, 28)
templates = rng.integers(0, 256, (10, *shape), dtype=np.uint8)


def images(n):
    labels = rng.integers(0, 10, n).astype(np.uint8)
    noise = rng.integers(0, 256, (n, *shape), dtype=np.uint8)
    return np.where(rng.random((n, *shape)) < (0.2 if name == "CIFAR10" else 0.6), templates[labels], noise), labels


def idx(path, a):
    data = struct.pack(">I", 8 << 8 | a.ndim) + b"".join(struct.pack(">I", s) for s in a.shape) + a.tobytes()
    with open(path, "wb") as f:
        f.write(data)
    with open(path + ".gz", "wb") as f:
        f.write(gzip.compress(data))


class Py2Pickler(pickle._Pickler):
    dispatch = dict(pickle._Pickler.dispatch)

    def save_bytes(self, obj):
        self.write(pickle.BINSTRING + struct.pack("<I", len(obj)) + obj)
        self.memoize(obj)

    dispatch[bytes] = save_bytes


def dump(obj, path):
    with open(path, "wb") as f:
        Py2Pickler(f, 2).dump(obj)


if name in ("MNIST", "FashionMNIST"):
    raw = os.path.join(root, name, "raw")
    os.makedirs(raw, exist_ok=True)
    for prefix, n in [("train", n_train), ("t10k", n_test)]:
        x, y = images(n)
        idx(os.path.join(raw, f"{prefix}-images-idx3-ubyte"), x)
        idx(os.path.join(raw, f"{prefix}-labels-idx1-ubyte"), y)
elif name == "CIFAR10":
    base = os.path.join(root, "cifar-10-batches-py")
    os.makedirs(base, exist_ok=True)
    # the real batches: 5 of 10000 training images, then 10000 test images; here n_train / 5
    batches = [(f"data_batch_{i}", n_train // 5, f"training batch {i} of 5") for i in range(1, 6)]
    for file, n, label in batches + [("test_batch", n_test, "testing batch 1 of 1")]:
        x, y = images(n)
        data = x.transpose(0, 3, 1, 2).reshape(n, 3072)  # rows of R, G, B planes, as CIFAR's
        dump({"batch_label": label, "labels": [int(v) for v in y], "data": data, "filenames": [f"image_{i}.png" for i in range(n)]},
             os.path.join(base, file))
    names = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
    dump({"num_cases_per_batch": n_train // 5, "label_names": names, "num_vis": 3072}, os.path.join(base, "batches.meta"))
else:
    sys.exit(f"unknown data set {name}")
