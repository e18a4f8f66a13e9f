// torch.utils.data's samplers and composed datasets against Python torch 2.11: the same seeds
// give the same indices (and leave the generators in the same state), the same samples, lengths
// and errors.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { pythonJson } from "./helpers/python";
import { enc, itScenarios, Json, PY_ENC, Scenario } from "./helpers/data_scenarios";

const { DataLoader, IterableDataset, TensorDataset, Subset, random_split } = torch.utils.data;
const { SubsetRandomSampler, WeightedRandomSampler, BatchSampler, SequentialSampler } = torch.utils.data;
const { ConcatDataset, ChainDataset, StackDataset } = torch.utils.data;
const PY_PRELUDE = `${PY_ENC}class Stream(IterableDataset):
    def __init__(self, a, b): self.a, self.b = a, b
    def __iter__(self): return iter(range(self.a, self.b))
    def __len__(self): return self.b - self.a
`;

class Stream extends IterableDataset<number> {
  constructor(readonly a: number, readonly b: number) {
    super();
  }
  *[Symbol.iterator]() {
    for (let i = this.a; i < this.b; i++) yield i;
  }
  __len__() {
    return this.b - this.a;
  }
}

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

const W = [0.1, 0.9, 0.4, 0.7, 3.0, 0.6];

const scenarios: Scenario[] = [
  {
    name: "SubsetRandomSampler, default generator, two passes, then the caller's RNG",
    ts: () => {
      torch.manual_seed(0);
      const s = new SubsetRandomSampler([10, 20, 30, 40, 50, 60, 70]);
      return [[...s], [...s], s.__len__(), torch.randint(0, 100, [3])];
    },
    py: `torch.manual_seed(0)
s = SubsetRandomSampler([10, 20, 30, 40, 50, 60, 70])
r = [list(s), list(s), len(s), torch.randint(0, 100, (3,))]`,
  },
  {
    name: "SubsetRandomSampler with a generator",
    ts: () => {
      const g = new torch.Generator().manual_seed(42);
      const s = new SubsetRandomSampler(range(5, 17), { generator: g });
      return [[...s], [...s]];
    },
    py: `g = torch.Generator().manual_seed(42)
s = SubsetRandomSampler(list(range(5, 17)), generator=g)
r = [list(s), list(s)]`,
  },
  ...[true, false].flatMap((rep) => [
    {
      name: `WeightedRandomSampler replacement=${rep}, default generator`,
      ts: () => {
        torch.manual_seed(3);
        const s = new WeightedRandomSampler(W, 5, rep);
        return [[...s], [...s], s.__len__(), s.weights, torch.rand(2)];
      },
      py: `torch.manual_seed(3)
s = WeightedRandomSampler(${JSON.stringify(W)}, 5, ${rep ? "True" : "False"})
r = [list(s), list(s), len(s), s.weights, torch.rand(2)]`,
    },
    {
      name: `WeightedRandomSampler replacement=${rep}, generator, tensor weights, in a DataLoader`,
      ts: () => {
        const g = new torch.Generator().manual_seed(9);
        const s = new WeightedRandomSampler(torch.tensor(W), 6, { replacement: rep, generator: g });
        return [...new DataLoader(range(100, 106), { sampler: s, batch_size: 4 })];
      },
      py: `g = torch.Generator().manual_seed(9)
s = WeightedRandomSampler(torch.tensor(${JSON.stringify(W)}), 6, replacement=${rep ? "True" : "False"}, generator=g)
r = list(DataLoader(list(range(100, 106)), sampler=s, batch_size=4))`,
    },
  ]),
  {
    name: "BatchSampler over a SubsetRandomSampler, and SequentialSampler",
    ts: () => {
      const g = new torch.Generator().manual_seed(5);
      return [[...new BatchSampler(new SubsetRandomSampler(range(0, 10), g), 3, false)], [...new SequentialSampler(range(0, 4))]];
    },
    py: `g = torch.Generator().manual_seed(5)
r = [list(BatchSampler(SubsetRandomSampler(list(range(10)), g), 3, False)), list(SequentialSampler(range(4)))]`,
  },
  {
    name: "ConcatDataset: lengths, indices across the parts, negative indices, shuffled in a DataLoader",
    ts: () => {
      torch.manual_seed(1);
      const c = new ConcatDataset([range(0, 3), new TensorDataset(torch.arange(10, 14)), range(20, 22)]);
      return [c.__len__(), c.cumulative_sizes, [0, 2, 3, 6, 7, 8, -1, -9].map((i) => c.__getitem__(i)), [...new DataLoader(new ConcatDataset([range(0, 4), range(10, 13)]), { batch_size: 3, shuffle: true })]];
    },
    py: `torch.manual_seed(1)
c = ConcatDataset([list(range(3)), TensorDataset(torch.arange(10, 14)), list(range(20, 22))])
r = [len(c), c.cumulative_sizes, [c[i] for i in [0, 2, 3, 6, 7, 8, -1, -9]], list(DataLoader(ConcatDataset([list(range(4)), list(range(10, 13))]), batch_size=3, shuffle=True))]`,
  },
  {
    name: "ChainDataset: iterable datasets in turn, its length, batched",
    ts: () => {
      const c = new ChainDataset([new Stream(0, 3), new Stream(10, 15)]);
      return [[...c], c.__len__(), [...new DataLoader(c, { batch_size: 3 })]];
    },
    py: `c = ChainDataset([Stream(0, 3), Stream(10, 15)])
r = [list(c), len(c), list(DataLoader(c, batch_size=3))]`,
  },
  {
    name: "dataset + dataset: __add__ makes a ConcatDataset, or a ChainDataset for iterable ones",
    ts: () => {
      const c = new TensorDataset(torch.arange(3)).__add__(new TensorDataset(torch.arange(10, 12)));
      const s = new Stream(0, 2).__add__(new Stream(5, 7));
      return [c.constructor.name, c.__len__(), [0, 3, 4].map((i) => c.__getitem__(i)), s.constructor.name, [...s]];
    },
    py: `c = TensorDataset(torch.arange(3)) + TensorDataset(torch.arange(10, 12))
s = Stream(0, 2) + Stream(5, 7)
r = [type(c).__name__, len(c), [c[i] for i in [0, 3, 4]], type(s).__name__, list(s)]`,
  },
  {
    name: "StackDataset as tuples and as records, batched through __getitems__",
    ts: () => {
      const x = new TensorDataset(torch.arange(5).mul(2));
      const t = new StackDataset(x, range(0, 5));
      const d = new StackDataset({ image: x, label: range(10, 15) });
      return [t.__len__(), t.__getitem__(1), d.__getitem__(4), [...new DataLoader(t, { batch_size: 2 })], [...new DataLoader(d, { batch_size: 3 })]];
    },
    py: `x = TensorDataset(torch.arange(5) * 2)
t = StackDataset(x, list(range(5)))
d = StackDataset(image=x, label=list(range(10, 15)))
r = [len(t), t[1], d[4], list(DataLoader(t, batch_size=2)), list(DataLoader(d, batch_size=3))]`,
  },
  ...[
    [10, [0.3, 0.3, 0.4]],
    [7, [0.5, 0.5]],
    [11, [0.2, 0.2, 0.2, 0.2, 0.2]],
    [9, [4, 5]],
  ].map(([n, lengths]) => ({
    name: `random_split of ${n} by ${JSON.stringify(lengths)}, with a generator and the default one`,
    ts: () => {
      torch.manual_seed(6);
      const g = new torch.Generator().manual_seed(7);
      const a = random_split(range(0, n as number), lengths as number[], { generator: g });
      const b = random_split(new TensorDataset(torch.arange(n as number)), lengths as number[]);
      return [a, b.map((s) => s.indices), a.map((s) => s.__len__()), torch.rand(1)];
    },
    py: `torch.manual_seed(6)
g = torch.Generator().manual_seed(7)
a = random_split(list(range(${n})), ${JSON.stringify(lengths)}, generator=g)
b = random_split(TensorDataset(torch.arange(${n})), ${JSON.stringify(lengths)})
r = [a, [list(s.indices) for s in b], [len(s) for s in a], torch.rand(1)]`,
  })),
  {
    name: "TensorDataset shuffled with a generator: the same batches",
    ts: () => {
      const g = new torch.Generator().manual_seed(13);
      return [...new DataLoader(new TensorDataset(torch.arange(9), torch.arange(9).mul(-1)), { batch_size: 4, shuffle: true, generator: g })];
    },
    py: `g = torch.Generator().manual_seed(13)
r = list(DataLoader(TensorDataset(torch.arange(9), torch.arange(9) * -1), batch_size=4, shuffle=True, generator=g))`,
  },
  ...(
    [
      ["WeightedRandomSampler num_samples=0", () => new WeightedRandomSampler(W, 0), "WeightedRandomSampler([1.0], 0)"],
      ["WeightedRandomSampler replacement not a bool", () => new WeightedRandomSampler(W, 2, 1 as never), "WeightedRandomSampler([1.0], 2, 1)"],
      ["WeightedRandomSampler 2-d weights", () => new WeightedRandomSampler([[1, 2], [3, 4]] as never, 2), "WeightedRandomSampler([[1, 2], [3, 4]], 2)"],
      ["WeightedRandomSampler too many without replacement", () => [...new WeightedRandomSampler([1, 2], 3, false)], "list(WeightedRandomSampler([1, 2], 3, False))"],
      ["ConcatDataset of nothing", () => new ConcatDataset([]), "ConcatDataset([])"],
      ["ConcatDataset of an IterableDataset", () => new ConcatDataset([new Stream(0, 2) as never]), "ConcatDataset([Stream(0, 2)])"],
      ["ConcatDataset index below -len", () => new ConcatDataset([range(0, 2)]).__getitem__(-3), "ConcatDataset([[0, 1]])[-3]"],
      ["ConcatDataset index past the end", () => new ConcatDataset([range(0, 2)]).__getitem__(2), "ConcatDataset([[0, 1]])[2]"],
      ["ChainDataset of a list", () => [...new ChainDataset([range(0, 2) as never])], "list(ChainDataset([[0, 1]]))"],
      ["StackDataset of nothing", () => new StackDataset(), "StackDataset()"],
      ["StackDataset size mismatch", () => new StackDataset(range(0, 2), range(0, 3)), "StackDataset([0, 1], [0, 1, 2])"],
      ["random_split sum mismatch", () => random_split(range(0, 5), [2, 2]), "random_split(list(range(5)), [2, 2])"],
      ["random_split bad fraction", () => random_split(range(0, 5), [1.5, -0.5]), "random_split(list(range(5)), [1.5, -0.5])"],
    ] as [string, () => unknown, string][]
  ).map(([label, ts, py]) => ({ name: `error: ${label}`, ts, py: `r = ${py}` })),
];

describe("samplers and composed datasets match Python torch 2.11", () => {
  itScenarios(PY_PRELUDE, scenarios);
});
