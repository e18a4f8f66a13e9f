# Python twin of bench/imagefolder.mjs.
#   python imagefolder.py generate DIR N   -> N 64x64 JPEGs in DIR/class_k/, 10 classes
#   python imagefolder.py bench DIR REPEATS [WORKERS e.g. 0,2] -> JSON {"w0": images/s, "w2": images/s, "labels": [...]}
import json, os, sys, time
import numpy as np


def generate(root, n):
    from PIL import Image
    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[0:64, 0:64]
    for i in range(n):
        k = i % 10
        d = os.path.join(root, f"class_{k}")
        os.makedirs(d, exist_ok=True)
        base = np.stack([(xx * (k + 1)) % 256, (yy * 3 + i) % 256, (xx + yy + 25 * k) % 256], -1)
        img = np.clip(base + rng.normal(0, 20, base.shape), 0, 255).astype(np.uint8)
        Image.fromarray(img, "RGB").save(os.path.join(d, f"{i:05d}.jpg"), quality=90)


def bench(root, repeats, workers=(0, 2)):
    import torch
    from torch.utils.data import DataLoader
    from torchvision import datasets, transforms

    tf = transforms.Compose([
        transforms.RandomResizedCrop(56),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ])
    ds = datasets.ImageFolder(root, transform=tf)
    out = {"images": len(ds)}
    for w in workers:
        torch.manual_seed(0)
        loader = DataLoader(ds, batch_size=64, shuffle=True, num_workers=w)
        best = float("inf")
        for _ in range(repeats):
            t0 = time.perf_counter()
            labels = []
            for x, y in loader:
                labels.append(int(y.sum()))
            best = min(best, time.perf_counter() - t0)
            if _ == 0:
                out[f"labels_w{w}"] = labels
        out[f"w{w}"] = len(ds) / best
    print(json.dumps(out))


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2], int(sys.argv[3]))
    else:
        bench(sys.argv[2], int(sys.argv[3]), tuple(int(w) for w in (sys.argv[4] if len(sys.argv) > 4 else "0,2").split(",")))
