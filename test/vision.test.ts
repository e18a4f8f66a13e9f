// torchts/vision against torchvision 0.26 (installed beside the reference torch 2.11 when the
// tests run; the suites that need it are skipped otherwise): datasets read from small files
// that Python writes in the real formats, transforms with the same seeds, io's decoders.
import * as fs from "node:fs";
import { spawn } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import torch from "torchts";
import * as vision from "torchts/vision";
import { pythonJson, referencePython, runPython } from "./helpers/python";
import { expectSameTypeErrors, scratchDir, withTv } from "./helpers/torchvision";
import { runNode } from "./helpers/node";

const { datasets, transforms, io } = vision;
const T = transforms;

const dir = scratchDir("torchts-vision-");

/** Python prelude: torchvision, numpy, and the fixtures' folder. */
const PY = `
import numpy as np, os, gzip, struct, pickle, io, hashlib
import torchvision, torchvision.transforms as T, torchvision.datasets as D
from torchvision.transforms import v2
from PIL import Image
ROOT = ${JSON.stringify(dir)}
def md5(p): return hashlib.md5(open(p, "rb").read()).hexdigest()
def arr(img): return np.array(img).tolist()
`;

/** A folder served over HTTP by another process (downloads are synchronous here). */
async function serveFolder(folder: string): Promise<{ url: string; close(): void }> {
  const port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (probe.address() as net.AddressInfo).port;
      probe.close(() => resolve(p));
    });
  });
  const server = spawn(referencePython(), ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", folder], { stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, "127.0.0.1", () => (c.end(), resolve(true))).on("error", () => resolve(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `http://127.0.0.1:${port}/`, close: () => server.kill() };
}

const close = (a: number[] | number, b: number[] | number, atol = 1e-5) => {
  const x = [a].flat(Infinity as 1) as number[];
  const y = [b].flat(Infinity as 1) as number[];
  expect(x.length).toBe(y.length);
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  expect(worst).toBeLessThanOrEqual(atol);
};
const pixels = (img: vision.Image) => {
  const t = T.pil_to_tensor(img);
  return (t.dim() === 3 && t.shape[0] === 1 ? t.squeeze(0) : t.permute(1, 2, 0)).tolist();
};

describe("entry points", () => {
  const probe = "[typeof vision.datasets.MNIST, typeof vision.transforms.v2.ToDtype, typeof vision.io.read_image, typeof vision.models.resnet18, typeof vision.utils.make_grid, typeof vision.default].join('|')";
  it("CommonJS require('torchts/vision') and ESM import give the same bindings", () => {
    const cjs = runNode(["-e", `const vision = require("torchts/vision"); console.log(${probe})`]);
    expect(cjs.stderr).toBe("");
    expect(cjs.stdout.trim()).toBe("function|function|function|function|function|object");
    const esm = runNode(["--input-type=module", "-e", `import * as vision from "torchts/vision"; console.log(${probe})`]);
    expect(esm.stderr).toBe("");
    expect(esm.stdout.trim()).toBe("function|function|function|function|function|object");
  });
});

withTv("datasets: MNIST, FashionMNIST, KMNIST, EMNIST", () => {
  // idx files for each dataset: plain for torchvision, and a .gz-only copy of the MNIST root.
  const expected = pythonJson<Record<string, { len: number; items: [number[][], number][]; classes: string[]; sum: number }>>(`${PY}
rng = np.random.default_rng(0)
def idx(path, a, gz=False):
    head = struct.pack(">I", 8 << 8 | a.ndim) + b"".join(struct.pack(">I", s) for s in a.shape)
    data = head + a.tobytes()
    open(path, "wb").write(data)
    if gz:
        os.makedirs(os.path.dirname(path.replace("/root/", "/gzroot/")), exist_ok=True)
        open(path.replace("/root/", "/gzroot/") + ".gz", "wb").write(gzip.compress(data))
out = {}
for name, pre in [("MNIST", None), ("FashionMNIST", None), ("KMNIST", None), ("EMNIST", "emnist-letters")]:
    raw = os.path.join(ROOT, "root", name, "raw"); os.makedirs(raw, exist_ok=True)
    for split, n in [("train", 7), ("test", 3)]:
        p = f"{pre}-{split}" if pre else ("train" if split == "train" else "t10k")
        idx(os.path.join(raw, f"{p}-images-idx3-ubyte"), rng.integers(0, 256, (n, 28, 28), dtype=np.uint8), name == "MNIST")
        idx(os.path.join(raw, f"{p}-labels-idx1-ubyte"), rng.integers(0, 10, (n,), dtype=np.uint8), name == "MNIST")
    for train in [True, False]:
        kw = dict(split="letters") if name == "EMNIST" else {}
        ds = getattr(D, name)(os.path.join(ROOT, "root"), train=train, **kw)
        dst = getattr(D, name)(os.path.join(ROOT, "root"), train=train, transform=T.ToTensor(), **kw)
        out[f"{name}-{str(train).lower()}"] = dict(len=len(ds), items=[[arr(ds[i][0]), ds[i][1]] for i in [0, len(ds) - 1]],
                                      classes=ds.classes, sum=sum(dst[i][0].sum().item() for i in range(len(dst))))
print(json.dumps(out))
`);

  for (const name of ["MNIST", "FashionMNIST", "KMNIST", "EMNIST"] as const) {
    for (const train of [true, false]) {
      it(`${name}(train: ${train}) reads the samples, labels and classes torchvision reads`, () => {
        const root = path.join(dir, "root");
        const ds =
          name === "EMNIST"
            ? new datasets.EMNIST(root, "letters", { train })
            : new datasets[name](root, { train });
        const dst =
          name === "EMNIST"
            ? new datasets.EMNIST(root, "letters", { train, transform: new T.ToTensor() })
            : new datasets[name](root, { train, transform: new T.ToTensor() });
        const want = expected[`${name}-${train}`];
        expect(ds.__len__()).toBe(want.len);
        expect(ds.classes).toEqual(want.classes);
        const got = [0, ds.__len__() - 1].map((i) => {
          const [img, target] = ds.__getitem__(i);
          expect(img).toBeInstanceOf(vision.Image);
          return [pixels(img), target];
        });
        expect(got).toEqual(want.items);
        let sum = 0;
        for (const [x] of dst) sum += (x as InstanceType<typeof torch.Tensor>).sum().item() as number;
        close(sum, want.sum, 1e-2);
      });
    }
  }

  it("reads the .gz files when only they are there", () => {
    const plain = new datasets.MNIST(path.join(dir, "root"));
    const gz = new datasets.MNIST(path.join(dir, "gzroot"));
    expect(gz.data.equal(plain.data)).toBe(true);
    expect(gz.targets.equal(plain.targets)).toBe(true);
  });

  it("a missing dataset raises torchvision's error, and EMNIST checks its split", () => {
    expect(() => new datasets.MNIST(path.join(dir, "nowhere"))).toThrow("Dataset not found. You can use download=True to download it");
    expect(() => new datasets.EMNIST(path.join(dir, "root"), "nope" as never)).toThrow(/Unknown value 'nope' for argument split/);
    expect(() => new datasets.MNIST(path.join(dir, "root"), { trian: true } as never)).toThrow(/unexpected keyword argument 'trian'/);
  });

  it("download: fetches from the mirror into raw/, checks the md5, extracts; offline is a clear error", async () => {
    // The download is synchronous (a child process), so the server is another process too.
    const served = path.join(dir, "gzroot", "MNIST", "raw");
    const server = await serveFolder(served);
    const port = Number(new URL(server.url).port);
    try {
      const md5s = pythonJson<Record<string, string>>(`${PY}
print(json.dumps({f: md5(os.path.join(${JSON.stringify(served)}, f)) for f in os.listdir(${JSON.stringify(served)})}))`);
      const saved = { mirrors: datasets.MNIST.mirrors, resources: datasets.MNIST.resources };
      try {
        datasets.MNIST.resources = saved.resources.map(([f]) => [f, md5s[f]] as [string, string]);
        datasets.MNIST.mirrors = ["http://127.0.0.1:1/unreachable/", `http://127.0.0.1:${port}/`];
        const root = path.join(dir, "downloaded");
        const ds = new datasets.MNIST(root, { download: true });
        expect(ds.data.equal(new datasets.MNIST(path.join(dir, "root")).data)).toBe(true);
        expect(fs.readdirSync(path.join(root, "MNIST", "raw")).sort()).toEqual(
          saved.resources.flatMap(([f]) => [f.replace(/\.gz$/, ""), f]).sort(),
        );
        // a wrong md5 is refused and the file removed
        datasets.MNIST.resources = saved.resources.map(([f]) => [f, "0".repeat(32)] as [string, string]);
        datasets.MNIST.mirrors = [`http://127.0.0.1:${port}/`];
        expect(() => new datasets.MNIST(path.join(dir, "badmd5"), { download: true })).toThrow(/File not found or corrupted/);
        datasets.MNIST.mirrors = ["http://127.0.0.1:1/unreachable/"];
        expect(() => new datasets.MNIST(path.join(dir, "offline"), { download: true })).toThrow(
          /Error downloading train-images-idx3-ubyte\.gz:\nTried http:\/\/127\.0\.0\.1:1\/unreachable\/train-images-idx3-ubyte\.gz/,
        );
      } finally {
        datasets.MNIST.mirrors = saved.mirrors;
        datasets.MNIST.resources = saved.resources;
      }
    } finally {
      server.close();
    }
  });
});

withTv("datasets: CIFAR10, CIFAR100", () => {
  // Batches pickled as the real ones are (Python 2 protocol 2: BINSTRING data) and as numpy 2
  // pickles them today (protocol 2 with _codecs.encode), with torchvision's md5 lists patched.
  const expected = pythonJson<Record<string, { lists: [string, string][][]; meta: string; len: number; items: [number[][][], number][]; classes: string[] }>>(`${PY}
class Py2Pickler(pickle._Pickler):
    dispatch = dict(pickle._Pickler.dispatch)
    def save_bytes(self, obj):
        self.write(pickle.BINSTRING + struct.pack("<I", len(obj)) + obj); self.memoize(obj)
    dispatch[bytes] = save_bytes
def dump(obj, path, py2):
    with open(path, "wb") as f:
        if py2: Py2Pickler(f, 2).dump(obj)
        else: pickle.dump(obj, f, protocol=2)
rng = np.random.default_rng(1)
out = {}
for cls, py2 in [(D.CIFAR10, True), (D.CIFAR100, False)]:
    base = os.path.join(ROOT, "cifar", cls.base_folder); os.makedirs(base, exist_ok=True)
    key = "labels" if cls is D.CIFAR10 else "fine_labels"
    lists = []
    for lst, n in [(cls.train_list, 5), (cls.test_list, 3)]:
        new = []
        for name, _ in lst:
            dump({"batch_label": "x", key: [int(v) for v in rng.integers(0, 10, n)], "data": rng.integers(0, 256, (n, 3072), dtype=np.uint8), "filenames": ["a"] * n}, os.path.join(base, name), py2)
            new.append([name, md5(os.path.join(base, name))])
        lists.append(new)
    dump({cls.meta["key"]: [f"class{i}" for i in range(10)], "num_cases_per_batch": 5}, os.path.join(base, cls.meta["filename"]), py2)
    cls.train_list, cls.test_list = lists
    cls.meta["md5"] = md5(os.path.join(base, cls.meta["filename"]))
    for train in [True, False]:
        ds = cls(os.path.join(ROOT, "cifar"), train=train)
        out[f"{cls.__name__}-{str(train).lower()}"] = dict(lists=lists, meta=cls.meta["md5"], len=len(ds), classes=ds.classes,
                                              items=[[arr(ds[i][0]), ds[i][1]] for i in range(len(ds))])
print(json.dumps(out))
`);
  for (const name of ["CIFAR10", "CIFAR100"] as const) {
    for (const train of [true, false]) {
      it(`${name}(train: ${train}) unpickles the batches as torchvision does`, () => {
        const want = expected[`${name}-${train}`];
        const cls = datasets[name];
        const saved = { train_list: cls.train_list, test_list: cls.test_list, meta: cls.meta };
        try {
          cls.train_list = want.lists[0];
          cls.test_list = want.lists[1];
          cls.meta = { ...cls.meta, md5: want.meta };
          const ds = new cls(path.join(dir, "cifar"), { train });
          expect(ds.__len__()).toBe(want.len);
          expect(ds.classes).toEqual(want.classes);
          const items = [...ds].map(([img, t]) => [pixels(img), t]);
          expect(items).toEqual(want.items);
        } finally {
          Object.assign(cls, saved);
        }
      });
    }
  }

  it("download: fetches the .tar.gz, checks its md5 and unpacks it under root", async () => {
    const want = expected["CIFAR10-false"];
    const served = path.join(dir, "cifar-served");
    const md5 = pythonJson<string>(`${PY}
import tarfile
os.makedirs(${JSON.stringify(served)}, exist_ok=True)
out = os.path.join(${JSON.stringify(served)}, "cifar-10-python.tar.gz")
with tarfile.open(out, "w:gz") as tar:
    tar.add(os.path.join(ROOT, "cifar", "cifar-10-batches-py"), arcname="cifar-10-batches-py")
print(json.dumps(md5(out)))
`);
    const server = await serveFolder(served);
    const cls = datasets.CIFAR10;
    const saved = { url: cls.url, tgz_md5: cls.tgz_md5, train_list: cls.train_list, test_list: cls.test_list, meta: cls.meta };
    try {
      Object.assign(cls, { url: `${server.url}cifar-10-python.tar.gz`, tgz_md5: md5, train_list: want.lists[0], test_list: want.lists[1] });
      cls.meta = { ...cls.meta, md5: want.meta };
      const ds = new cls(path.join(dir, "cifar-downloaded"), { train: false, download: true });
      expect([...ds].map(([img, t]) => [pixels(img), t])).toEqual(want.items);
      expect(fs.existsSync(path.join(dir, "cifar-downloaded", "cifar-10-python.tar.gz"))).toBe(true);
    } finally {
      Object.assign(cls, saved);
      server.close();
    }
  });

  it("official md5s: the fixture files fail the integrity check with torchvision's error", () => {
    expect(() => new datasets.CIFAR10(path.join(dir, "cifar"))).toThrow("Dataset not found or corrupted. You can use download=True to download it");
  });

  it("the unpickler still refuses other globals in CIFAR files", () => {
    const bad = path.join(dir, "bad_batch");
    runPython(`import pickle, os\nopen(${JSON.stringify(bad)}, "wb").write(pickle.dumps({"data": os.getcwd}, protocol=2))`);
    expect(() => datasets.cifar._load_cifar_pickle(bad)).toThrow(/Unsupported global/);
  });
});

withTv("datasets: DatasetFolder, ImageFolder, find_classes, make_dataset", () => {
  const expected = pythonJson<{
    samples: [string, number][]; classes: string[]; class_to_idx: Record<string, number>; pixels: number[][][]; target: number;
    txt: [string, number][]; errors: Record<string, string>;
  }>(`${PY}
from torchvision.datasets.folder import find_classes, make_dataset
rng = np.random.default_rng(2)
base = os.path.join(ROOT, "folder")
for cls, files in {"cat": ["b.png", "a.PNG", "sub/c.png", "notes.txt"], "dog": ["z.png", "gray.png"], "Zebra": ["q.txt"]}.items():
    for f in files:
        p = os.path.join(base, cls, f); os.makedirs(os.path.dirname(p), exist_ok=True)
        if f.lower().endswith(".png"):
            mode = "L" if f.startswith("gray") else "RGB"
            a = rng.integers(0, 256, (5, 6, 3) if mode == "RGB" else (5, 6), dtype=np.uint8)
            Image.fromarray(a, mode).save(p)
        else:
            open(p, "w").write(f)
os.makedirs(os.path.join(ROOT, "empty", "nothing"), exist_ok=True)
os.makedirs(os.path.join(ROOT, "noclass"), exist_ok=True)
ds = D.ImageFolder(base, allow_empty=True)
txt = D.DatasetFolder(base, loader=lambda p: open(p).read(), extensions=(".txt",), allow_empty=True)
errors = {}
for key, fn in {"noclass": lambda: find_classes(os.path.join(ROOT, "noclass")),
                "empty": lambda: D.ImageFolder(os.path.join(ROOT, "empty")),
                "both": lambda: make_dataset(base, extensions=".png", is_valid_file=lambda p: True)}.items():
    try: fn()
    except Exception as e: errors[key] = type(e).__name__ + ": " + str(e)
img, target = ds[4]
print(json.dumps(dict(samples=ds.samples, classes=ds.classes, class_to_idx=ds.class_to_idx, pixels=arr(img), target=target, txt=txt.samples, errors=errors)))
`);
  const base = path.join(dir, "folder");

  it("ImageFolder lists the samples, classes and class_to_idx of torchvision, and loads RGB images", () => {
    const ds = new datasets.ImageFolder(base, { allow_empty: true });
    expect(ds.samples).toEqual(expected.samples);
    expect(ds.classes).toEqual(expected.classes);
    expect(ds.class_to_idx).toEqual(expected.class_to_idx);
    const [img, target] = ds.__getitem__(4);
    expect(img.mode).toBe("RGB");
    expect(pixels(img)).toEqual(expected.pixels);
    expect(target).toBe(expected.target);
  });

  it("DatasetFolder with a loader and extensions", () => {
    const ds = new datasets.DatasetFolder(base, (p: string) => fs.readFileSync(p, "utf8"), { extensions: [".txt"], allow_empty: true });
    expect(ds.samples).toEqual(expected.txt);
    expect(ds.__getitem__(0)[0]).toBe(path.basename(expected.txt[0][0]));
  });

  it("errors: no class folder, classes without files, extensions and is_valid_file both given", () => {
    const err = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
      return "no error";
    };
    expect(err(() => datasets.folder.find_classes(path.join(dir, "noclass")))).toBe(expected.errors.noclass);
    expect(err(() => new datasets.ImageFolder(path.join(dir, "empty")))).toBe(expected.errors.empty);
    expect(err(() => datasets.folder.make_dataset(base, { extensions: ".png", is_valid_file: () => true }))).toBe(expected.errors.both);
  });
});

withTv("datasets: FakeData", () => {
  it("draws the images and targets of torchvision's FakeData, and leaves the RNG as it was", () => {
    const want = pythonJson<{ items: [number[][][], number][]; after: number }>(`${PY}
torch.manual_seed(123)
ds = D.FakeData(size=4, image_size=(3, 6, 5), num_classes=7, random_offset=3)
items = [[arr(ds[i][0]), ds[i][1]] for i in range(4)]
print(json.dumps(dict(items=items, after=torch.rand(1).item())))
`);
    torch.manual_seed(123);
    const ds = new datasets.FakeData({ size: 4, image_size: [3, 6, 5], num_classes: 7, random_offset: 3 });
    const items = [0, 1, 2, 3].map((i) => {
      const [img, t] = ds.__getitem__(i);
      return [pixels(img), t];
    });
    expect(items).toEqual(want.items);
    expect(torch.rand(1).item()).toBe(want.after);
    expect(() => ds.__getitem__(4)).toThrow("FakeData index out of range");
  });
});

withTv("datasets: an unknown keyword names the __init__ that refuses it, as torchvision", () => {
  it("MNIST's for its subclasses, CIFAR10's for CIFAR100, and each folder dataset's own", async () => {
    const foo = { foo: 1 } as never;
    await expectSameTypeErrors("import torchvision.datasets as D", [
      ['D.FashionMNIST("/nonexistent", foo=1)', () => new datasets.FashionMNIST("/nonexistent", foo)],
      ['D.KMNIST("/nonexistent", foo=1)', () => new datasets.KMNIST("/nonexistent", foo)],
      ['D.EMNIST("/nonexistent", "letters", foo=1)', () => new datasets.EMNIST("/nonexistent", "letters", foo)],
      ['D.CIFAR100("/nonexistent", foo=1)', () => new datasets.CIFAR100("/nonexistent", foo)],
      ['D.DatasetFolder("/nonexistent", loader=None, foo=1)', () => new datasets.DatasetFolder("/nonexistent", (p: string) => p, foo)],
      ['D.ImageFolder("/nonexistent", foo=1)', () => new datasets.ImageFolder("/nonexistent", foo)],
      ["D.FakeData(foo=1)", () => new datasets.FakeData(foo)],
    ]);
  });
});

withTv("transforms: an unknown keyword names the class's __init__, as torchvision", () => {
  it("Normalize, Resize, Pad, RandomCrop, RandomResizedCrop, v2.ToDtype", async () => {
    const foo = { foo: 1 } as never;
    await expectSameTypeErrors("import torchvision.transforms as T, torchvision.transforms.v2 as V", [
      ["T.Normalize([0.5], [0.5], foo=1)", () => new T.Normalize([0.5], [0.5], foo)],
      ["T.Resize(3, foo=1)", () => new T.Resize(3, foo)],
      ["T.Pad(1, foo=1)", () => new T.Pad(1, foo)],
      ["T.RandomCrop(3, foo=1)", () => new T.RandomCrop(3, foo)],
      ["T.RandomResizedCrop(3, foo=1)", () => new T.RandomResizedCrop(3, foo)],
      ["V.ToDtype(torch.float32, foo=1)", () => new T.ToDtype(torch.float32, foo)],
    ]);
  });
});

withTv("transforms", () => {
  // Each case: the Python expression of the transform (v1 or v2), and the same in torchts.
  type Case = [string, () => { forward(x: unknown): unknown }];
  const cases: Case[] = [
    ["T.Resize(10)", () => new T.Resize(10)],
    ["T.Resize([8, 12])", () => new T.Resize([8, 12])],
    ["T.Resize(9, interpolation=T.InterpolationMode.NEAREST)", () => new T.Resize(9, { interpolation: T.InterpolationMode.NEAREST })],
    ["T.Resize([40, 37], interpolation=T.InterpolationMode.NEAREST)", () => new T.Resize([40, 37], { interpolation: T.InterpolationMode.NEAREST })],
    ["T.Resize(9, interpolation=T.InterpolationMode.BICUBIC)", () => new T.Resize(9, { interpolation: T.InterpolationMode.BICUBIC })],
    ["T.Resize(9, max_size=12)", () => new T.Resize(9, { max_size: 12 })],
    ["T.CenterCrop(7)", () => new T.CenterCrop(7)],
    ["T.CenterCrop([25, 33])", () => new T.CenterCrop([25, 33])],
    ["T.Pad(2)", () => new T.Pad(2)],
    ["T.Pad([1, 2, 3, 4], fill=7)", () => new T.Pad([1, 2, 3, 4], { fill: 7 })],
    ["T.Pad([3, 1], padding_mode='reflect')", () => new T.Pad([3, 1], { padding_mode: "reflect" })],
    ["T.Pad(3, padding_mode='edge')", () => new T.Pad(3, { padding_mode: "edge" })],
    ["T.Pad([1, 2, 3, 4], padding_mode='symmetric')", () => new T.Pad([1, 2, 3, 4], { padding_mode: "symmetric" })],
    ["T.RandomCrop(12)", () => new T.RandomCrop(12)],
    ["T.RandomCrop([10, 40], pad_if_needed=True)", () => new T.RandomCrop([10, 40], { pad_if_needed: true })],
    ["T.RandomCrop(12, padding=4, padding_mode='reflect')", () => new T.RandomCrop(12, { padding: 4, padding_mode: "reflect" })],
    ["T.RandomResizedCrop(8)", () => new T.RandomResizedCrop(8)],
    ["T.RandomResizedCrop([6, 9], scale=(0.5, 0.9), ratio=(0.5, 2.0))", () => new T.RandomResizedCrop([6, 9], { scale: [0.5, 0.9], ratio: [0.5, 2.0] })],
    ["T.RandomResizedCrop(8, scale=(2.0, 3.0))", () => new T.RandomResizedCrop(8, { scale: [2.0, 3.0] })],
    ["T.RandomHorizontalFlip()", () => new T.RandomHorizontalFlip()],
    ["T.RandomVerticalFlip(0.3)", () => new T.RandomVerticalFlip(0.3)],
    ["T.Compose([T.RandomResizedCrop(8), T.RandomHorizontalFlip()])", () => new T.Compose([new T.RandomResizedCrop(8), new T.RandomHorizontalFlip()])],
    ["v2.RandomCrop(12)", () => new T.v2.RandomCrop(12)],
    ["v2.RandomResizedCrop(8)", () => new T.v2.RandomResizedCrop(8)],
    ["v2.RandomHorizontalFlip()", () => new T.v2.RandomHorizontalFlip()],
    ["v2.CenterCrop(7)", () => new T.v2.CenterCrop(7)],
    ["v2.Resize(10)", () => new T.v2.Resize(10)],
    ["v2.Resize([8, 12], interpolation=T.InterpolationMode.BICUBIC)", () => new T.v2.Resize([8, 12], { interpolation: T.InterpolationMode.BICUBIC })],
    ["v2.Pad([1, 2], padding_mode='symmetric')", () => new T.v2.Pad([1, 2], { padding_mode: "symmetric" })],
    ["v2.RandomCrop(12, padding=3, pad_if_needed=True)", () => new T.v2.RandomCrop(12, { padding: 3, pad_if_needed: true })],
    ["v2.RandomVerticalFlip(0.7)", () => new T.v2.RandomVerticalFlip(0.7)],
  ];
  const runs = 4;
  const want = pythonJson<Record<string, { float: number[][]; uint8: number[][]; pil: number[][] }>>(`${PY}
torch.manual_seed(0)
xf = torch.rand(3, 20, 30)
xu = torch.randint(0, 256, (3, 20, 30), dtype=torch.uint8)
pil = Image.fromarray(xu.permute(1, 2, 0).numpy(), "RGB")
out = {}
for src in ${JSON.stringify(cases.map((c) => c[0]))}:
    t = eval(src)
    res = {}
    for kind, x in [("float", xf), ("uint8", xu), ("pil", pil)]:
        if kind == "pil" and src.startswith("v2"): continue
        torch.manual_seed(42)
        res[kind] = []
        for _ in range(${runs}):
            y = t(x)
            y = torch.from_numpy(np.array(y)).permute(2, 0, 1) if kind == "pil" else y
            res[kind].append([float(v) for v in y.flatten().tolist()] + [float(s) for s in y.shape])
    out[src] = res
print(json.dumps(out))
`);
  torch.manual_seed(0);
  const xf = torch.rand(3, 20, 30);
  const xu = torch.randint(0, 256, [3, 20, 30], { dtype: torch.uint8 });
  const pil = T.to_pil_image(xu);
  const flat = (y: InstanceType<typeof torch.Tensor>) => [...(y.flatten().tolist() as number[]), ...(y.shape as number[])];

  for (const [src, make] of cases) {
    it(`${src}: same outputs and random draws as torchvision (float, uint8 and PIL inputs)`, () => {
      const t = make();
      for (const [kind, x] of [["float", xf], ["uint8", xu], ["pil", pil]] as const) {
        if (kind === "pil" && src.startsWith("v2")) continue;
        torch.manual_seed(42);
        const got: number[][] = [];
        for (let r = 0; r < runs; r++) {
          const y = t.forward(x);
          got.push(flat(kind === "pil" ? T.pil_to_tensor(y as vision.Image) : (y as InstanceType<typeof torch.Tensor>)));
        }
        const w = want[src][kind];
        for (let r = 0; r < runs; r++) {
          // shapes exactly; pixels: float to 1e-5, uint8 exactly but resizes (rounding) to 1, PIL exactly (Pillow's resampling, lib/vision/pil_ops.ts)
          expect(got[r].slice(-3)).toEqual(w[r].slice(-3));
          const resizes = /Resize/.test(src);
          const atol = kind === "float" ? 1e-5 : kind === "pil" ? 0 : resizes ? 1 : 0;
          close(got[r], w[r], atol);
        }
      }
    });
  }

  it("Normalize, ToTensor, PILToTensor, ToDtype and ConvertImageDtype", () => {
    const w = pythonJson<Record<string, number[]>>(`${PY}
torch.manual_seed(0)
xf = torch.rand(3, 20, 30)
xu = torch.randint(0, 256, (3, 20, 30), dtype=torch.uint8)
pil = Image.fromarray(xu.permute(1, 2, 0).numpy(), "RGB")
f = lambda y: [float(v) for v in y.flatten().tolist()]
print(json.dumps({
  "normalize": f(T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])(xf)),
  "to_tensor": f(T.ToTensor()(pil)),
  "pil_to_tensor": f(T.PILToTensor()(pil)),
  "todtype_scale": f(v2.ToDtype(torch.float32, scale=True)(xu)),
  "todtype": f(v2.ToDtype(torch.float64)(xu)),
  "float_to_uint8": f(v2.ToDtype(torch.uint8, scale=True)(xf)),
  "convert": f(T.ConvertImageDtype(torch.float64)(xu)),
  "uint8_to_int16": f(v2.ToDtype(torch.int16, scale=True)(xu)),
}))
`);
    close(new T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]).forward(xf).flatten().tolist() as number[], w.normalize);
    close(new T.ToTensor().forward(pil).flatten().tolist() as number[], w.to_tensor, 0);
    close(new T.PILToTensor().forward(pil).flatten().tolist() as number[], w.pil_to_tensor, 0);
    close(new T.ToDtype(torch.float32, { scale: true }).forward(xu).flatten().tolist() as number[], w.todtype_scale, 0);
    close(new T.ToDtype(torch.float64).forward(xu).flatten().tolist() as number[], w.todtype, 0);
    close(new T.v2.ToDtype(torch.uint8, true).forward(xf).flatten().tolist() as number[], w.float_to_uint8, 0);
    close(new T.ConvertImageDtype(torch.float64).forward(xu).flatten().tolist() as number[], w.convert, 0);
    close(new T.ToDtype(torch.int16, true).forward(xu).flatten().tolist() as number[], w.uint8_to_int16, 0);
    expect(() => T.normalize(xu, [0], [1])).toThrow("Input tensor should be a float tensor. Got torch.uint8.");
    expect(() => T.normalize(xf, [0, 0, 0], [1, 0, 1])).toThrow("std evaluated to zero after conversion to torch.float32, leading to division by zero.");
    expect(() => new T.RandomCrop(40).forward(xf)).toThrow("Required crop size (40, 40) is larger than input image size (20, 30)");
  });

  it("a DataLoader batches ToTensor'd MNIST samples", () => {
    const ds = new datasets.FakeData({ size: 5, image_size: [1, 4, 4], transform: new T.ToTensor() });
    const loader = new torch.utils.data.DataLoader(ds, { batch_size: 2 });
    const shapes = [...loader].map(([x, y]) => [String(x.shape), String(y.shape)]);
    expect(shapes).toEqual([
      ["torch.Size([2, 1, 4, 4])", "torch.Size([2])"],
      ["torch.Size([2, 1, 4, 4])", "torch.Size([2])"],
      ["torch.Size([1, 1, 4, 4])", "torch.Size([1])"],
    ]);
  });
});

withTv("io", () => {
  const want = pythonJson<Record<string, number[]>>(`${PY}
from torchvision.io import decode_png, decode_jpeg, read_image, read_file, ImageReadMode
rng = np.random.default_rng(3)
out = {}
Image.fromarray(rng.integers(0, 256, (7, 9, 3), dtype=np.uint8), "RGB").save(os.path.join(ROOT, "rgb.png"))
Image.fromarray(rng.integers(0, 256, (7, 9, 4), dtype=np.uint8), "RGBA").save(os.path.join(ROOT, "rgba.png"))
Image.fromarray(rng.integers(0, 256, (7, 9), dtype=np.uint8), "L").save(os.path.join(ROOT, "gray.png"))
yy, xx = np.mgrid[0:16, 0:24]
smooth = np.stack([xx * 10, yy * 15, (xx + yy) * 5], -1).astype(np.uint8)
Image.fromarray(smooth, "RGB").save(os.path.join(ROOT, "img.jpg"), quality=95)
Image.fromarray(smooth[..., 0], "L").save(os.path.join(ROOT, "gray.jpg"), quality=95)
f = lambda y: [float(v) for v in y.flatten().tolist()] + [float(s) for s in y.shape]
for name in ["rgb.png", "rgba.png", "gray.png"]:
    out[name] = f(decode_png(read_file(os.path.join(ROOT, name))))
    out[name + ":RGB"] = f(read_image(os.path.join(ROOT, name), ImageReadMode.RGB))
for name in ["img.jpg", "gray.jpg"]:
    out[name] = f(decode_jpeg(read_file(os.path.join(ROOT, name))))
print(json.dumps(out))
`);
  const flat = (y: InstanceType<typeof torch.Tensor>) => [...(y.flatten().tolist() as number[]), ...(y.shape as number[])];

  for (const name of ["rgb.png", "rgba.png", "gray.png"]) {
    it(`decode_png / read_image(${name}) as torchvision`, () => {
      expect(flat(io.decode_png(io.read_file(path.join(dir, name))))).toEqual(want[name]);
      expect(flat(io.read_image(path.join(dir, name), io.ImageReadMode.RGB))).toEqual(want[`${name}:RGB`]);
    });
  }
  for (const name of ["img.jpg", "gray.jpg"]) {
    it(`decode_jpeg(${name}): torchvision's shape, pixels within a few levels of torchvision's`, () => {
      const got = flat(io.decode_jpeg(io.read_file(path.join(dir, name))));
      expect(got.slice(-3)).toEqual(want[name].slice(-3));
      close(got, want[name], 16);
    });
  }
  it("errors", () => {
    expect(() => io.decode_png(io.read_file(path.join(dir, "img.jpg")))).toThrow("Content is not png!");
  });
});
