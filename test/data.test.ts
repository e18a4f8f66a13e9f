// torch.utils.data against Python torch 2.11: each scenario runs in TS and in Python from the
// same seeds, and the results (batches, indices, splits, collated structures, errors) are
// compared exactly after encoding tensors as { tensor: dtype, shape, values }.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { pythonJson } from "./helpers/python";
import { enc, itScenarios, Json, PY_ENC, Scenario } from "./helpers/data_scenarios";
import { warningsOf } from "./helpers/compare";

const { DataLoader, Dataset, IterableDataset, TensorDataset, Subset, random_split, default_collate } = torch.utils.data;
const { RandomSampler, SequentialSampler, BatchSampler } = torch.utils.data;

const PY_PRELUDE = `${PY_ENC}from torch.utils.data import default_collate
class Stream(IterableDataset):
    def __init__(self, n): self.n = n
    def __iter__(self): return iter(range(self.n))
    def __len__(self): return self.n
`;

/** An iterable dataset of 0..n-1 with a length, as the Python prelude's Stream. */
class Stream extends IterableDataset<number> {
  constructor(readonly n: number) {
    super();
  }
  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.n; i++) yield i;
  }
  __len__(): number {
    return this.n;
  }
}

/** A map-style dataset whose samples are records, to collate per field. */
class Records extends Dataset<{ i: number; x: number; name: string; flag: boolean; pair: [number, number] }> {
  __getitem__(i: number) {
    return { i, x: i / 4 + 0.125, name: `s${i}`, flag: i % 2 === 0, pair: [i, -i] as [number, number] };
  }
  __len__() {
    return 7;
  }
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const epochs = (loader: Iterable<unknown>, k: number) => Array.from({ length: k }, () => [...loader].map(enc));

const scenarios: Scenario[] = [
  // Shuffled loaders: indices per batch for several epochs, then one draw from the default
  // generator to show that the loader consumed exactly what Python's does.
  ...[
    [10, 3, false],
    [17, 4, false],
    [17, 4, true],
    [5, 8, false],
    [64, 7, true],
  ].flatMap(([n, bs, dl]) => [
    {
      name: `shuffle n=${n} batch_size=${bs} drop_last=${dl}, default generator`,
      ts: () => {
        torch.manual_seed(3);
        const loader = new DataLoader(range(n as number), { batch_size: bs as number, shuffle: true, drop_last: dl as boolean });
        return [loader.length, epochs(loader, 3), enc(torch.randint(0, 1000, [4]))];
      },
      py: `torch.manual_seed(3)
loader = DataLoader(list(range(${n})), batch_size=${bs}, shuffle=True, drop_last=${dl ? "True" : "False"})
r = [len(loader), [[enc(b) for b in loader] for _ in range(3)], enc(torch.randint(0, 1000, (4,)))]`,
    },
    {
      name: `shuffle n=${n} batch_size=${bs} drop_last=${dl}, explicit generator`,
      ts: () => {
        torch.manual_seed(11);
        const g = new torch.Generator().manual_seed(1234);
        const loader = new DataLoader(range(n as number), { batch_size: bs as number, shuffle: true, drop_last: dl as boolean, generator: g });
        return [epochs(loader, 3), enc(torch.randint(0, 1000, [4])), enc(torch.randint(0, 1000, [4], { generator: g }))];
      },
      py: `torch.manual_seed(11)
g = torch.Generator().manual_seed(1234)
loader = DataLoader(list(range(${n})), batch_size=${bs}, shuffle=True, drop_last=${dl ? "True" : "False"}, generator=g)
r = [[[enc(b) for b in loader] for _ in range(3)], enc(torch.randint(0, 1000, (4,))), enc(torch.randint(0, 1000, (4,), generator=g))]`,
    },
  ]),
  {
    name: "sequential loader, batch_size not dividing the length",
    ts: () => {
      const loader = new DataLoader(range(10), { batch_size: 4 });
      return [loader.length, epochs(loader, 1)];
    },
    py: `loader = DataLoader(list(range(10)), batch_size=4)
r = [len(loader), [[enc(b) for b in loader]]]`,
  },
  {
    name: "batch_size=None: no auto-batching",
    ts: () => [...new DataLoader(range(3), { batch_size: null })],
    py: `r = list(DataLoader(list(range(3)), batch_size=None))`,
  },
  {
    name: "custom batch_sampler",
    ts: () => {
      const loader = new DataLoader(range(10), { batch_sampler: new BatchSampler(new SequentialSampler(range(10)), 3, true) });
      return [loader.length, epochs(loader, 1)];
    },
    py: `loader = DataLoader(list(range(10)), batch_sampler=BatchSampler(SequentialSampler(range(10)), 3, True))
r = [len(loader), [[enc(b) for b in loader]]]`,
  },
  {
    name: "BatchSampler lengths and batches",
    ts: () =>
      [true, false].map((d) => {
        const b = new BatchSampler(new SequentialSampler(range(10)), { batch_size: 3, drop_last: d });
        return [b.__len__(), [...b]];
      }),
    py: `r = [[len(b), list(b)] for d in (True, False) for b in [BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=d)]]`,
  },
  // RandomSampler
  ...[
    ["replacement=True, num_samples=70", { replacement: true, num_samples: 70 }, "replacement=True, num_samples=70"],
    ["replacement=True", { replacement: true }, "replacement=True"],
    ["num_samples=12 > n", { num_samples: 12 }, "num_samples=12"],
    ["num_samples=3 < n", { num_samples: 3 }, "num_samples=3"],
    ["defaults", {}, ""],
  ].flatMap(([label, opts, pyArgs]) => [
    {
      name: `RandomSampler ${label}, default generator`,
      ts: () => {
        torch.manual_seed(5);
        const s = new RandomSampler(range(5), opts as object);
        return [s.__len__(), [...s], [...s], enc(torch.randint(0, 1000, [3]))];
      },
      py: `torch.manual_seed(5)
s = RandomSampler(list(range(5)), ${pyArgs})
r = [len(s), list(s), list(s), enc(torch.randint(0, 1000, (3,)))]`,
    },
    {
      name: `RandomSampler ${label}, explicit generator`,
      ts: () => {
        const g = new torch.Generator().manual_seed(99);
        const s = new RandomSampler(range(5), { ...(opts as object), generator: g });
        return [[...s], [...s]];
      },
      py: `g = torch.Generator().manual_seed(99)
s = RandomSampler(list(range(5)), ${pyArgs}${pyArgs ? ", " : ""}generator=g)
r = [list(s), list(s)]`,
    },
  ]),
  {
    name: "RandomSampler positional arguments",
    ts: () => [...new RandomSampler(range(6), true, 9, new torch.Generator().manual_seed(2))],
    py: `r = list(RandomSampler(list(range(6)), True, 9, torch.Generator().manual_seed(2)))`,
  },
  // random_split
  {
    name: "random_split counts, explicit generator",
    ts: () => random_split(range(10), [3, 7], { generator: new torch.Generator().manual_seed(42) }),
    py: `r = random_split(range(10), [3, 7], generator=torch.Generator().manual_seed(42))`,
  },
  {
    name: "random_split fractions, explicit generator",
    ts: () => random_split(range(30), [0.3, 0.3, 0.4], { generator: new torch.Generator().manual_seed(42) }),
    py: `r = random_split(range(30), [0.3, 0.3, 0.4], generator=torch.Generator().manual_seed(42))`,
  },
  {
    name: "random_split fractions with a remainder, default generator",
    ts: () => {
      torch.manual_seed(0);
      const parts = random_split(range(11), [0.5, 0.25, 0.25]);
      return [parts, parts.map((p) => p.__len__()), parts[1].__getitem__(0), enc(torch.randint(0, 100, [3]))];
    },
    py: `torch.manual_seed(0)
parts = random_split(range(11), [0.5, 0.25, 0.25])
r = [parts, [len(p) for p in parts], parts[1][0], enc(torch.randint(0, 100, (3,)))]`,
  },
  {
    name: "random_split wrong lengths",
    ts: () => random_split(range(10), [3, 6]),
    py: `r = random_split(range(10), [3, 6])`,
  },
  {
    name: "random_split fraction out of range",
    ts: () => random_split(range(10), [1.5, -0.5]),
    py: `r = random_split(range(10), [1.5, -0.5])`,
  },
  // default_collate
  {
    name: "default_collate tensors",
    ts: () => default_collate([torch.tensor([1, 2]), torch.tensor([3, 4]), torch.tensor([5, 6])]),
    py: `r = default_collate([torch.tensor([1, 2]), torch.tensor([3, 4]), torch.tensor([5, 6])])`,
  },
  {
    name: "default_collate ints, floats, mixed, bools, strings",
    ts: () => [
      default_collate([1, 2, 3]),
      default_collate([0.5, 1.5]),
      default_collate([1, 2.5]),
      default_collate([true, false]),
      default_collate(["a", "b"]),
    ],
    py: `r = [default_collate([1, 2, 3]), default_collate([0.5, 1.5]), default_collate([1, 2.5]),
     default_collate([True, False]), default_collate(["a", "b"])]`,
  },
  {
    name: "default_collate arrays (tuples) and nested records",
    ts: () =>
      default_collate([
        [torch.tensor([1.5]), 1, { a: 0.25, b: ["x", true] }],
        [torch.tensor([2.5]), 2, { a: 0.75, b: ["y", false] }],
      ]),
    py: `r = default_collate([
    (torch.tensor([1.5]), 1, {"a": 0.25, "b": ["x", True]}),
    (torch.tensor([2.5]), 2, {"a": 0.75, "b": ["y", False]}),
])`,
  },
  {
    name: "default_collate unequal sizes",
    ts: () => default_collate([[1, 2], [3]]),
    py: `r = default_collate([[1, 2], [3]])`,
  },
  {
    name: "default_collate None",
    ts: () => default_collate([null, null]),
    py: `r = default_collate([None, None])`,
  },
  {
    name: "DataLoader over records",
    ts: () => {
      torch.manual_seed(8);
      return epochs(new DataLoader(new Records(), { batch_size: 3, shuffle: true }), 2);
    },
    py: `class Records(Dataset):
    def __getitem__(self, i): return {"i": i, "x": i / 4 + 0.125, "name": f"s{i}", "flag": i % 2 == 0, "pair": (i, -i)}
    def __len__(self): return 7
torch.manual_seed(8)
loader = DataLoader(Records(), batch_size=3, shuffle=True)
r = [[enc(b) for b in loader] for _ in range(2)]`,
  },
  // TensorDataset end to end
  {
    name: "TensorDataset + DataLoader, shuffled, explicit generator",
    ts: () => {
      torch.manual_seed(0);
      const x = torch.randn(13, 3);
      const y = torch.randint(0, 4, [13]);
      const loader = new DataLoader(new TensorDataset(x, y), { batch_size: 5, shuffle: true, generator: new torch.Generator().manual_seed(7) });
      const out: Json[] = [];
      for (let e = 0; e < 2; e++) for (const [xb, yb] of loader) out.push([enc(xb), enc(yb)]);
      return [loader.length, out];
    },
    py: `torch.manual_seed(0)
x = torch.randn(13, 3)
y = torch.randint(0, 4, (13,))
loader = DataLoader(TensorDataset(x, y), batch_size=5, shuffle=True, generator=torch.Generator().manual_seed(7))
r = [len(loader), [[enc(xb), enc(yb)] for _ in range(2) for xb, yb in loader]]`,
  },
  {
    name: "TensorDataset of a Subset, positional arguments",
    ts: () => {
      const ds = new TensorDataset(torch.arange(12).reshape(6, 2));
      const sub = new Subset(ds, [5, 0, 3]);
      return [sub.__len__(), [...new DataLoader(sub, 2, false)]];
    },
    py: `ds = TensorDataset(torch.arange(12).reshape(6, 2))
sub = Subset(ds, [5, 0, 3])
r = [len(sub), list(DataLoader(sub, 2, False))]`,
  },
  {
    name: "TensorDataset size mismatch",
    ts: () => new TensorDataset(torch.zeros(3), torch.zeros(4)),
    py: `r = TensorDataset(torch.zeros(3), torch.zeros(4))`,
  },
  // IterableDataset
  ...[false, true].map((dl) => ({
    name: `IterableDataset batches, drop_last=${dl}`,
    ts: () => {
      const loader = new DataLoader(new Stream(10), { batch_size: 4, drop_last: dl });
      return [loader.length, [...loader], [...new DataLoader(new Stream(3), { batch_size: null })]];
    },
    py: `loader = DataLoader(Stream(10), batch_size=4, drop_last=${dl ? "True" : "False"})
r = [len(loader), list(loader), list(DataLoader(Stream(3), batch_size=None))]`,
  })),
  // Errors, with Python's messages
  ...(
    [
      ["batch_size with batch_sampler", () => new DataLoader(range(4), { batch_size: 2, batch_sampler: [[0, 1]] }), "DataLoader(list(range(4)), batch_size=2, batch_sampler=[[0, 1]])"],
      ["shuffle with batch_sampler", () => new DataLoader(range(4), { shuffle: true, batch_sampler: [[0, 1]] }), "DataLoader(list(range(4)), shuffle=True, batch_sampler=[[0, 1]])"],
      ["drop_last with batch_sampler", () => new DataLoader(range(4), { drop_last: true, batch_sampler: [[0, 1]] }), "DataLoader(list(range(4)), drop_last=True, batch_sampler=[[0, 1]])"],
      ["shuffle with sampler", () => new DataLoader(range(4), { shuffle: true, sampler: [0, 1] }), "DataLoader(list(range(4)), shuffle=True, sampler=[0, 1])"],
      ["batch_size=None with drop_last", () => new DataLoader(range(4), { batch_size: null, drop_last: true }), "DataLoader(list(range(4)), batch_size=None, drop_last=True)"],
      ["negative num_workers", () => new DataLoader(range(4), { num_workers: -1 }), "DataLoader(list(range(4)), num_workers=-1)"],
      ["negative timeout", () => new DataLoader(range(4), { timeout: -1 }), "DataLoader(list(range(4)), timeout=-1)"],
      ["prefetch_factor without workers", () => new DataLoader(range(4), { prefetch_factor: 2 }), "DataLoader(list(range(4)), prefetch_factor=2)"],
      ["persistent_workers without workers", () => new DataLoader(range(4), { persistent_workers: true }), "DataLoader(list(range(4)), persistent_workers=True)"],
      ["IterableDataset with shuffle", () => new DataLoader(new Stream(3), { shuffle: true }), "DataLoader(Stream(3), shuffle=True)"],
      ["unknown keyword", () => new DataLoader(range(4), { batchsize: 2 } as object), "DataLoader(list(range(4)), batchsize=2)"],
      ["BatchSampler batch_size=0", () => new BatchSampler(range(4), 0, false), "BatchSampler(range(4), 0, False)"],
      ["BatchSampler batch_size=True", () => new BatchSampler(range(4), true as never, false), "BatchSampler(range(4), True, False)"],
      ["BatchSampler drop_last=1", () => new BatchSampler(range(4), 2, 1 as never), "BatchSampler(range(4), 2, 1)"],
      ["RandomSampler replacement=1", () => new RandomSampler(range(4), { replacement: 1 as never }), "RandomSampler(list(range(4)), replacement=1)"],
      ["RandomSampler num_samples=0", () => new RandomSampler(range(4), { num_samples: 0 }), "RandomSampler(list(range(4)), num_samples=0)"],
      ["RandomSampler empty dataset", () => new RandomSampler([]), "RandomSampler([])"],
    ] as [string, () => unknown, string][]
  ).map(([label, ts, py]) => ({ name: `error: ${label}`, ts, py: `r = ${py}` })),
];

describe("torch.utils.data matches Python torch 2.11", () => {
  itScenarios(PY_PRELUDE, scenarios);
});

describe("torch.utils.data in JS", () => {
  it("is torch.utils.data and iterates with for...of and destructuring", () => {
    const ds = new TensorDataset(torch.arange(6), torch.arange(6).mul(10));
    const loader = new DataLoader(ds, { batch_size: 4 });
    const seen: number[][] = [];
    for (const [x, y] of loader) seen.push([...(x.tolist() as number[]), ...(y.tolist() as number[])]);
    expect(seen).toStrictEqual([[0, 1, 2, 3, 0, 10, 20, 30], [4, 5, 40, 50]]);
    expect(loader.length).toBe(2);
    expect(loader.__len__()).toBe(2);
  });


  it("pin_memory: true warns as Python does where no accelerator is found, and pins where one is", async () => {
    const py = pythonJson<{ warnings: string[]; pin: boolean; batches: number[][]; pinned: boolean[] }>(`
import warnings
from torch.utils.data import DataLoader
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    loader = DataLoader(list(range(5)), batch_size=2, pin_memory=True)
    batches = list(loader)
print(json.dumps(dict(warnings=[f"{x.category.__name__}: {x.message}" for x in w], pin=loader.pin_memory,
                      batches=[b.tolist() for b in batches], pinned=[b.is_pinned() for b in batches])))
`);
    const loader = new DataLoader(range(5), { batch_size: 2, pin_memory: true });
    expect(loader.pin_memory).toBe(py.pin);
    let batches: InstanceType<typeof torch.Tensor>[] = [];
    const warnings = await warningsOf(() => {
      batches = [...loader] as InstanceType<typeof torch.Tensor>[];
    });
    expect(batches.map((b) => b.tolist())).toStrictEqual(py.batches);
    expect(batches.map((b) => b.is_pinned())).toStrictEqual(py.pinned);
    // the warning shows once per message (Python's default filter: once per place)
    for (const w of py.warnings) expect(warnings.includes(w) || torch.accelerator.is_available()).toBe(true);
  });

  it("uses __getitems__ when a dataset has it", () => {
    class Batched extends Dataset<number> {
      calls: number[][] = [];
      __getitem__(i: number) {
        return i;
      }
      __getitems__(idx: number[]) {
        this.calls.push(idx);
        return idx.map((i) => i * 2);
      }
      __len__() {
        return 5;
      }
    }
    const ds = new Batched();
    const out = [...new DataLoader(ds, { batch_size: 2 })].map((t) => t.tolist());
    expect(out).toStrictEqual([[0, 2], [4, 6], [8]]);
    expect(ds.calls).toStrictEqual([[0, 1], [2, 3], [4]]);
  });

  it("a number is a Python int when it is integral (1.0 is 1 in JS)", () => {
    // Python's default_collate([1.0, 0.5]) is float64 (1.0 is a float); in JS 1.0 is the integer
    // 1, so the batch collates as Python's [1, 0.5]: torch.tensor, float32.
    expect(default_collate([1.0, 0.5]).dtype).toBe(torch.float32);
    expect(default_collate([0.5, 1.0]).dtype).toBe(torch.float64);
    expect(default_collate([2, 3]).dtype).toBe(torch.int64);
  });

  it("a custom collate_fn gets the list of samples", () => {
    const loader = new DataLoader(range(5), { batch_size: 2, collate_fn: (b: number[]) => b.join("+") });
    expect([...loader]).toStrictEqual(["0+1", "2+3", "4"]);
  });
});
