// DataLoader with num_workers > 0 against Python torch 2.11's multi-process DataLoader: each
// scenario runs in TS and in Python (fork workers) from the same seeds, and the batches, their
// order, what get_worker_info() says, random draws inside __getitem__ (per-worker torch RNG), the
// caller's RNG afterwards, iterable-dataset sharding and worker errors are compared exactly.
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import torch from "torchts";
import { pythonJson } from "./helpers/python";
import { scratchDir, withTv } from "./helpers/torchvision";
import { close } from "./helpers/compare";
import { datasets, transforms } from "torchts/vision";
import { enc, itScenarios, Json, PY_ENC, Scenario } from "./helpers/data_scenarios";
import * as fixtures from "./fixtures/worker_datasets.mjs";

const { DataLoader, Dataset, get_worker_info } = torch.utils.data;
type Tensor = InstanceType<typeof torch.Tensor>;
const PY_PRELUDE = `${PY_ENC}import math, time
from torchvision import transforms
class Crops(Dataset):
    def __init__(self):
        self.tf = transforms.Compose([transforms.RandomCrop(4, padding=1), transforms.RandomHorizontalFlip()])
    def __getitem__(self, i):
        return self.tf(torch.arange(3 * 6 * 6).reshape(3, 6, 6) + i), i
    def __len__(self): return 9
def DL(*a, **k):
    if k.get("num_workers", 0) > 0:
        k["multiprocessing_context"] = "fork"
    return DataLoader(*a, **k)
class Noisy(Dataset):
    def __init__(self, n): self.n = n
    def __getitem__(self, i):
        info = get_worker_info()
        x = torch.rand(2) + i
        if torch.rand(1).item() < 0.5:
            x = x.flip(0)
        return x, i, info.id if info is not None else -1
    def __len__(self): return self.n
class Draws(Dataset):
    def __getitem__(self, i):
        like = torch.zeros(2, 3)
        return (torch.normal(0., 1., (2,)), torch.empty(2).exponential_(), torch.randperm(4), torch.bernoulli(torch.full((3,), 0.5)),
                torch.randn_like(like), torch.rand_like(like), torch.randint_like(like, 10), torch.randint_like(like, 3, 7), i)
    def __len__(self): return 5
class Offset(Dataset):
    def __init__(self): self.offset = 0
    def __getitem__(self, i): return i + self.offset
    def __len__(self): return 6
class Info(Dataset):
    def __getitem__(self, i):
        w = get_worker_info()
        return [w.id, w.num_workers, str(w.seed), w.dataset is not self]
    def __len__(self): return 5
class Bad(Dataset):
    def __getitem__(self, i):
        if i == 5:
            raise ValueError(f"bad sample {i}")
        return i
    def __len__(self): return 8
class Slow(Dataset):
    def __getitem__(self, i):
        time.sleep(0.5)
        return i
    def __len__(self): return 4
class Range(IterableDataset):
    def __init__(self, start, end): self.start, self.end = start, end
    def __iter__(self):
        w = get_worker_info()
        if w is None:
            s, e = self.start, self.end
        else:
            per = int(math.ceil((self.end - self.start) / float(w.num_workers)))
            s = self.start + w.id * per
            e = min(s + per, self.end)
        return iter(range(s, e))
class Plain(IterableDataset):
    def __init__(self, start, end): self.start, self.end = start, end
    def __iter__(self): return iter(range(self.start, self.end))
def shard_init(worker_id):
    w = get_worker_info()
    d = w.dataset
    start, end = d.start, d.end
    per = int(math.ceil((end - start) / float(w.num_workers)))
    d.start = start + w.id * per
    d.end = min(d.start + per, end)
def offset_init(worker_id):
    get_worker_info().dataset.offset = worker_id * 100 + int(torch.randint(0, 10, (1,)))
def collect(loader):
    out = []
    try:
        for b in loader:
            out.append(enc(b))
    except Exception as e:
        msg = str(e).split("\\n")
        out.append({"error": type(e).__name__, "first": msg[0], "last": msg[-1], "end": [l for l in msg if l][-1]})
    return out
`;

// The datasets live in a module of their own, which worker threads import (their __module__).
const { Draws, Noisy, Offset, Info, Bad, Slow, Crops, Range, Plain, shard_init, offset_init, bad_init } = fixtures as Record<string, any>;

function collect(loader: Iterable<unknown>): Json[] {
  const out: Json[] = [];
  try {
    for (const b of loader) out.push(enc(b));
  } catch (e) {
    const msg = (e as Error).message.split("\n");
    out.push({ error: (e as Error).name, first: msg[0], last: msg[msg.length - 1], end: msg.filter((l) => l).pop()! });
  }
  return out;
}

const sorted = (batches: Json[]) => batches.map((b) => JSON.stringify(b)).sort();

const scenarios: Scenario[] = [
  ...[2, 3].flatMap((w) => [
    {
      name: `shuffled map-style dataset with random transforms, ${w} workers, two epochs, then the caller's RNG`,
      ts: () => {
        torch.manual_seed(0);
        const loader = new DataLoader(new Noisy(11), { batch_size: 3, shuffle: true, num_workers: w });
        return [collect(loader), collect(loader), enc(torch.rand(3))];
      },
      py: `torch.manual_seed(0)
loader = DL(Noisy(11), batch_size=3, shuffle=True, num_workers=${w})
r = [collect(loader), collect(loader), enc(torch.rand(3))]`,
    },
    {
      name: `loader generator, prefetch_factor=1, drop_last, ${w} workers`,
      ts: () => {
        torch.manual_seed(5);
        const g = new torch.Generator().manual_seed(77);
        const loader = new DataLoader(new Noisy(10), { batch_size: 4, shuffle: true, drop_last: true, num_workers: w, prefetch_factor: 1, generator: g });
        return [collect(loader), collect(loader), enc(torch.rand(2)), enc(torch.rand(2, { generator: g }))];
      },
      py: `torch.manual_seed(5)
g = torch.Generator().manual_seed(77)
loader = DL(Noisy(10), batch_size=4, shuffle=True, drop_last=True, num_workers=${w}, prefetch_factor=1, generator=g)
r = [collect(loader), collect(loader), enc(torch.rand(2)), enc(torch.rand(2, generator=g))]`,
    },
    {
      name: `persistent_workers: the workers' RNG and seeds carry over epochs, ${w} workers`,
      ts: () => {
        torch.manual_seed(1);
        const loader = new DataLoader(new Noisy(7), { batch_size: 2, shuffle: true, num_workers: w, persistent_workers: true });
        return [collect(loader), collect(loader), collect(loader), enc(torch.rand(2))];
      },
      py: `torch.manual_seed(1)
loader = DL(Noisy(7), batch_size=2, shuffle=True, num_workers=${w}, persistent_workers=True)
r = [collect(loader), collect(loader), collect(loader), enc(torch.rand(2))]`,
    },
  ]),
  {
    name: "torchvision-style random transforms (RandomCrop, RandomHorizontalFlip) in 2 workers, shuffled",
    ts: () => {
      torch.manual_seed(12);
      return collect(new DataLoader(new Crops(), { batch_size: 4, shuffle: true, num_workers: 2 }));
    },
    py: `torch.manual_seed(12)
r = collect(DL(Crops(), batch_size=4, shuffle=True, num_workers=2))`,
  },
  {
    name: "each worker's RNG behind ops given no generator: normal, exponential_, randperm, bernoulli, randn_like, rand_like, randint_like, 2 workers",
    ts: () => {
      torch.manual_seed(6);
      return collect(new DataLoader(new Draws(), { batch_size: 2, num_workers: 2 }));
    },
    py: `torch.manual_seed(6)
r = collect(DL(Draws(), batch_size=2, num_workers=2))`,
  },
  {
    name: "batch_size=None with workers: samples one by one, converted",
    ts: () => {
      torch.manual_seed(2);
      return collect(new DataLoader(new Noisy(5), { batch_size: null, num_workers: 2 }));
    },
    py: `torch.manual_seed(2)
r = collect(DL(Noisy(5), batch_size=None, num_workers=2))`,
  },
  {
    name: "get_worker_info(): id, num_workers, seed (base seed + id), its own dataset copy",
    ts: () => {
      torch.manual_seed(9);
      const loader = new DataLoader(new Info(), { batch_size: 2, num_workers: 2 });
      return [collect(loader), get_worker_info()];
    },
    py: `torch.manual_seed(9)
loader = DL(Info(), batch_size=2, num_workers=2)
r = [collect(loader), get_worker_info()]`,
  },
  {
    name: "worker_init_fn changes its worker's dataset copy with the worker's RNG, not the loader's dataset",
    ts: () => {
      torch.manual_seed(4);
      const ds = new Offset();
      const loader = new DataLoader(ds, { batch_size: 2, num_workers: 2, worker_init_fn: offset_init });
      return [collect(loader), ds.offset, enc(torch.rand(1))];
    },
    py: `torch.manual_seed(4)
ds = Offset()
loader = DL(ds, batch_size=2, num_workers=2, worker_init_fn=offset_init)
r = [collect(loader), ds.offset, enc(torch.rand(1))]`,
  },
  ...(
    [
      [2, 2, false],
      [3, 2, false],
      [3, 3, true],
      [4, 1, false],
    ] as [number, number, boolean][]
  ).map(([w, bs, dl]) => ({
    name: `IterableDataset sharded with get_worker_info() in __iter__: ${w} workers, batch_size=${bs}, drop_last=${dl}`,
    ts: () => collect(new DataLoader(new Range(3, 14), { batch_size: bs, drop_last: dl, num_workers: w })),
    py: `r = collect(DL(Range(3, 14), batch_size=${bs}, drop_last=${dl ? "True" : "False"}, num_workers=${w}))`,
  })),
  {
    name: "IterableDataset not sharded: each worker yields it all",
    ts: () => collect(new DataLoader(new Plain(0, 5), { batch_size: 2, num_workers: 2 })),
    py: `r = collect(DL(Plain(0, 5), batch_size=2, num_workers=2))`,
  },
  {
    name: "IterableDataset sharded by worker_init_fn on its copy; twice, with persistent workers",
    ts: () => {
      const loader = new DataLoader(new Plain(0, 9), { batch_size: 2, num_workers: 3, worker_init_fn: shard_init, persistent_workers: true });
      return [collect(loader), collect(loader)];
    },
    py: `loader = DL(Plain(0, 9), batch_size=2, num_workers=3, worker_init_fn=shard_init, persistent_workers=True)
r = [collect(loader), collect(loader)]`,
  },
  {
    name: "a worker's error surfaces with its worker id, after the batches before it",
    ts: () => collect(new DataLoader(new Bad(), { batch_size: 2, num_workers: 2 })),
    py: `r = collect(DL(Bad(), batch_size=2, num_workers=2))`,
  },
  {
    name: "a worker's error with batch_size=None and 3 workers",
    ts: () => collect(new DataLoader(new Bad(), { batch_size: null, num_workers: 3 })),
    py: `r = collect(DL(Bad(), batch_size=None, num_workers=3))`,
  },
  {
    name: "worker_init_fn's error surfaces at that worker's first batch",
    ts: () =>
      collect(
        new DataLoader(new Offset(), {
          batch_size: 1,
          num_workers: 2,
          worker_init_fn: bad_init,
        }),
      ),
    py: `def bad_init(i):
    if i == 1:
        raise ValueError("init failed")
r = collect(DL(Offset(), batch_size=1, num_workers=2, worker_init_fn=bad_init))`,
  },
  {
    name: "timeout: a batch slower than the timeout is Python's RuntimeError",
    ts: () => collect(new DataLoader(new Slow(), { batch_size: 2, num_workers: 2, timeout: 0.2 })),
    py: `r = collect(DL(Slow(), batch_size=2, num_workers=2, timeout=0.2))`,
  },
  ...(
    [
      ["prefetch_factor negative", () => new DataLoader([1, 2], { num_workers: 2, prefetch_factor: -1 }), "DL([1, 2], num_workers=2, prefetch_factor=-1)"],
      ["bad start method", () => new DataLoader([1, 2], { num_workers: 2, multiprocessing_context: "threads" }), "DataLoader([1, 2], num_workers=2, multiprocessing_context='threads')"],
      ["prefetch_factor=0", () => [...new DataLoader([1, 2], { num_workers: 2, prefetch_factor: 0 })], "list(DL([1, 2], num_workers=2, prefetch_factor=0))"],
      ["timeout without workers", () => [...new DataLoader([1, 2], { timeout: 1 })], "list(DL([1, 2], timeout=1))"],
      ["persistent_workers without workers", () => new DataLoader([1, 2], { persistent_workers: true }), "DL([1, 2], persistent_workers=True)"],
    ] as [string, () => unknown, string][]
  ).map(([label, ts, py]) => ({ name: `error: ${label}`, ts, py: `r = ${py}` })),
];

describe("DataLoader num_workers > 0 matches Python torch 2.11", () => {
  itScenarios(PY_PRELUDE, scenarios);

  // Which worker serves which batch depends on timing in Python with in_order=False, so the
  // samples draw nothing random here: the same batches, in some order.
  it("in_order=False gives the same batches (Python's order may vary with timing)", () => {
    const py = pythonJson<Json[]>(`${PY_PRELUDE}
torch.manual_seed(8)
print(json.dumps(collect(DL(list(range(9)), batch_size=2, shuffle=True, num_workers=2, in_order=False))))`);
    torch.manual_seed(8);
    const ts = collect(new DataLoader(Array.from({ length: 9 }, (_, i) => i), { batch_size: 2, shuffle: true, num_workers: 2, in_order: false }));
    expect(sorted(ts)).toStrictEqual(sorted(py));
  });
});

// The tests block the event loop (synchronous loops, Python runs) for minutes in all; a turn of
// it between tests lets vitest's own messages through (else its RPC times out).
afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));

/** Worker slots filled by threads (a thread serves one slot per epoch, new or reused). */
const threadsStarted = () => torch.utils.data._worker_thread_stats.assigned;

describe("DataLoader workers run on worker threads", () => {
  it("a dataset of an importable class (its own __module__) goes to threads, without a warning", () => {
    const warned = vi.spyOn(process, "emitWarning");
    const before = threadsStarted();
    torch.manual_seed(0);
    const batches = [...new DataLoader(new Noisy(6), { batch_size: 2, num_workers: 2 })];
    expect(threadsStarted() - before).toBe(2);
    expect(batches.map((b) => (b as [Tensor, Tensor, Tensor])[2].tolist())).toStrictEqual([[0, 0], [1, 1], [0, 0]]);
    expect(warned).not.toHaveBeenCalled();
    warned.mockRestore();
  });

  it("a class that cannot be sent falls back to the calling thread, with a warning naming it", () => {
    class Local extends Dataset<number> {
      __getitem__(i: number) {
        return i * 2;
      }
      __len__() {
        return 5;
      }
    }
    const warned = vi.spyOn(process, "emitWarning");
    const before = threadsStarted();
    const out = [...new DataLoader(new Local(), { batch_size: 2, num_workers: 2 })].map((b) => (b as Tensor).tolist());
    expect(out).toStrictEqual([[0, 2], [4, 6], [8]]);
    expect(threadsStarted()).toBe(before);
    expect(String(warned.mock.calls[0]?.[0])).toMatch(/calling thread.*the dataset \(an instance of Local\): class Local .*__module__/);
    warned.mockRestore();
  });

  it("persistent workers: the same threads serve every epoch", () => {
    const before = threadsStarted();
    const loader = new DataLoader(new Offset(), { batch_size: 2, num_workers: 2, persistent_workers: true });
    const epochs = [0, 1, 2].map(() => [...loader].map((b) => (b as Tensor).tolist()));
    expect(epochs).toStrictEqual([0, 1, 2].map(() => [[0, 1], [2, 3], [4, 5]]));
    expect(threadsStarted() - before).toBe(2);
  });

  it("an epoch's threads serve the next epoch's workers, which start afresh", () => {
    const stats = torch.utils.data._worker_thread_stats;
    const [started, assigned] = [stats.started, stats.assigned];
    const loader = new DataLoader(new Offset(), { batch_size: 2, num_workers: 2 });
    const epochs = [0, 1, 2].map(() => [...loader].map((b) => (b as Tensor).tolist()));
    expect(epochs).toStrictEqual([0, 1, 2].map(() => [[0, 1], [2, 3], [4, 5]]));
    expect(stats.assigned - assigned).toBe(6);
    expect(stats.started - started).toBeLessThanOrEqual(2);
  });

  it("idle threads end after TORCHTS_WORKER_IDLE_S seconds unless a pool takes them back; the next epoch starts new ones", async () => {
    const stats = torch.utils.data._worker_thread_stats;
    process.env.TORCHTS_WORKER_IDLE_S = "0.3";
    try {
      const loader = new DataLoader(new Offset(), { batch_size: 2, num_workers: 2 });
      const expired = stats.expired;
      expect([...loader].map((b) => (b as Tensor).tolist())).toStrictEqual([[0, 1], [2, 3], [4, 5]]);
      expect(stats.expired).toBe(expired); // not yet: just idle
      await new Promise((r) => setTimeout(r, 1000));
      expect(stats.expired - expired).toBeGreaterThanOrEqual(2);
      const started = stats.started;
      expect([...loader].map((b) => (b as Tensor).tolist())).toStrictEqual([[0, 1], [2, 3], [4, 5]]);
      expect(stats.started - started).toBe(2);
    } finally {
      delete process.env.TORCHTS_WORKER_IDLE_S;
    }
  });

  it("a worker thread that dies is a RuntimeError naming the worker", () => {
    const before = threadsStarted();
    expect(() => [...new DataLoader(new fixtures.Dies(), { batch_size: 1, num_workers: 2 })]).toThrow(
      /^DataLoader worker \(worker id [01]\) exited unexpectedly: Error: boom/,
    );
    expect(threadsStarted() - before).toBe(2);
  });

  it("a worker thread whose dataset calls process.exit() is a RuntimeError naming the worker, not a hang", () => {
    expect(() => [...new DataLoader(new fixtures.Quits(), { batch_size: 1, num_workers: 2 })]).toThrow(
      /^DataLoader worker \(worker id [01]\) exited unexpectedly: the worker thread called process.exit\(0\)/,
    );
  });

  it("a worker's error keeps its class, names the worker, and has the original as its cause", () => {
    let caught: Error | null = null;
    try {
      for (const _ of new DataLoader(new Bad(), { batch_size: 2, num_workers: 2 }));
    } catch (e) {
      caught = e as Error;
    }
    expect(caught).toBeInstanceOf(torch.ValueError);
    expect(caught!.message).toMatch(/^Caught ValueError in DataLoader worker process 0\./);
    expect((caught as Error & { cause: Error }).cause.message).toBe("bad sample 5");
  });
});

describe("worker threads from each entry", () => {
  // Python's truth for test/fixtures/workers_entry's dataset: i*i + a uniform draw of the worker's RNG.
  const want = () =>
    pythonJson<number[][]>(`import torch, json
from torch.utils.data import Dataset, DataLoader
class Sq(Dataset):
    def __getitem__(self, i): return torch.rand(1) + i * i
    def __len__(self): return 5
torch.manual_seed(3)
print(json.dumps([b.flatten().tolist() for b in DataLoader(Sq(), batch_size=2, num_workers=2, multiprocessing_context="fork")]))`);
  const dir = path.join(__dirname, "fixtures", "workers_entry");
  const run = (cmd: string, file: string) => JSON.parse(execFileSync(cmd, [path.join(dir, file)], { encoding: "utf8" }));

  it("CommonJS: a class exported by a CommonJS module (its path as __module__)", () => {
    expect(run(process.execPath, "main.cjs")).toStrictEqual([want(), 2]);
  });

  it("TypeScript run with tsx: the worker imports the .ts module", () => {
    const tsx = path.join(__dirname, "..", "node_modules", ".bin", "tsx");
    expect(run(tsx, "main.ts")).toStrictEqual([want(), 2]);
  });
});

withTv("ImageFolder through vision transforms in 2 worker threads", () => {
  const root = scratchDir("torchts-workers-");
  const PY = (workers: number) => `
import torch, json
from PIL import Image
from torchvision import datasets, transforms as T
from torch.utils.data import DataLoader
root = ${JSON.stringify(root)}
import os
g = torch.Generator().manual_seed(3)
for c in ["cat", "dog"]:
    os.makedirs(os.path.join(root, c), exist_ok=True)
    for k in range(5):
        a = (torch.rand(24, 20, 3, generator=g) * 255).to(torch.uint8).numpy()
        Image.fromarray(a).save(os.path.join(root, c, f"{k}.png"))
tf = T.Compose([T.RandomResizedCrop(8), T.RandomHorizontalFlip(), T.ToTensor(), T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
torch.manual_seed(21)
loader = DataLoader(datasets.ImageFolder(root, transform=tf), batch_size=3, shuffle=True, num_workers=${workers}, multiprocessing_context="fork" if ${workers} else None)
print(json.dumps([[x.tolist(), y.tolist()] for x, y in loader]))
`;

  it("gives Python's batches (crops, flips, labels, order) with each worker's RNG", () => {
    const want = pythonJson<[number[], number[]][]>(PY(2));
    const tf = new transforms.Compose([
      new transforms.RandomResizedCrop(8),
      new transforms.RandomHorizontalFlip(),
      new transforms.ToTensor(),
      new transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ]);
    const before = threadsStarted();
    torch.manual_seed(21);
    const loader = new DataLoader(new datasets.ImageFolder(root, { transform: tf }), { batch_size: 3, shuffle: true, num_workers: 2 });
    const got = [...loader].map((b) => (b as [Tensor, Tensor]).map((t) => t.tolist()));
    expect(threadsStarted() - before).toBe(2);
    expect(got.map((b) => b[1])).toStrictEqual(want.map((b) => b[1]));
    // One uint8 level (1/255/std after Normalize): the resize rounds as Pillow within a level;
    // a crop or flip drawn differently would differ by far more.
    close(got.map((b) => b[0]), want.map((b) => b[0]), 1 / 255 / 0.224 + 1e-6, "images");
  });
});

describe("DataLoader workers in JS", () => {
  it("an error stops the loop; the worker's error is the cause; the next epoch starts afresh", () => {
    const loader = new DataLoader(new Bad(), { batch_size: 2, num_workers: 2 });
    let caught: Error | null = null;
    try {
      for (const _ of loader);
    } catch (e) {
      caught = e as Error;
    }
    expect(caught).toBeInstanceOf(torch.ValueError);
    expect(((caught as Error & { cause: Error }).cause).message).toBe("bad sample 5");
    expect(collect(loader).length).toBe(3);
  });

  it("get_worker_info() is null outside workers, and WorkerInfo is read-only", () => {
    expect(get_worker_info()).toBeNull();
    let info: ReturnType<typeof get_worker_info> = null;
    const loader = new DataLoader([1, 2], { num_workers: 1, collate_fn: (b: number[]) => ((info = get_worker_info()), b) });
    [...loader];
    expect(String(info)).toMatch(/^WorkerInfo\(id=0, num_workers=1, seed=\d+, dataset=/);
    expect(() => {
      (info as unknown as { id: number }).id = 3;
    }).toThrow("Cannot assign attributes to WorkerInfo objects");
  });
});

describe("each worker's copy of the dataset", () => {
  class Holder extends Dataset<number> {
    calls = 0;
    readonly weights = torch.arange(4);
    readonly table = new Map([["k", [1, 2]]]);
    self: Holder = this;
    __getitem__(i: number) {
      this.calls += 1;
      return i;
    }
    __len__() {
      return 4;
    }
  }

  it("keeps its class, shares tensors, copies JS state (cycles included), leaves the loader's dataset alone", () => {
    const ds = new Holder();
    const seen: Holder[] = [];
    const loader = new DataLoader(ds, {
      batch_size: 1,
      num_workers: 2,
      collate_fn: (b: number[]) => (seen.push(get_worker_info()!.dataset as Holder), b),
    });
    [...loader];
    const [a, b] = [seen[0], seen[1]];
    expect(a).toBeInstanceOf(Holder);
    expect(a).not.toBe(ds);
    expect(a).not.toBe(b);
    expect(a.self).toBe(a);
    expect(a.weights).toBe(ds.weights);
    expect(a.table).not.toBe(ds.table);
    expect(a.table.get("k")).toStrictEqual([1, 2]);
    expect([ds.calls, a.calls, b.calls]).toStrictEqual([0, 2, 2]);
  });
});
