// torch.nn.init against Python torch 2.11: after the same manual_seed, every initializer gives
// a bitwise-equal tensor and leaves the generator in the same state (a torch.rand drawn after
// it is equal too); gains, fans and errors (class and message) are Python's.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { Case, describeAgainstPython } from "./helpers/compare";
import { pythonJson } from "./helpers/python";

const init = createRequire(import.meta.url)("../dist/nn/init.js") as typeof import("../dist/nn/init");

type T = InstanceType<typeof torch.Tensor>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = (f: (...a: any[]) => unknown, ...a: unknown[]) => f(...a);

const PRELUDE = "import math\nimport torch.nn.init as init";

/** Seeds, makes an empty tensor, initialises it with fn; returns it and a torch.rand(3) drawn after. */
function seeded(shape: number[], fn: (t: T) => unknown, options: { dtype?: unknown; requires_grad?: boolean } = {}): unknown[] {
  torch.manual_seed(0);
  const t = torch.empty(shape, options as never) as T;
  const out = fn(t);
  expect(out).toBe(t); // initializers return the tensor they fill
  return [t, torch.rand(3)];
}
/** The Python side of `seeded`. */
const py = (shape: number[], call: string, extra = "") =>
  `torch.manual_seed(0); t = torch.empty(${shape.join(", ")}${extra}); out = ${call}; assert out is t; r = [t, torch.rand(3)]`;

const random: Case[] = [
  { name: "uniform_", ts: () => seeded([3, 4], (t) => init.uniform_(t)), py: py([3, 4], "init.uniform_(t)") },
  { name: "uniform_ a b", ts: () => seeded([3, 4], (t) => init.uniform_(t, -0.5, 2)), py: py([3, 4], "init.uniform_(t, -0.5, 2)") },
  { name: "uniform_ by name", ts: () => seeded([3, 4], (t) => init.uniform_(t, { b: 0.25, a: -3 })), py: py([3, 4], "init.uniform_(t, b=0.25, a=-3)") },
  { name: "uniform_ float64", ts: () => seeded([5], (t) => init.uniform_(t, -1, 1), { dtype: torch.float64 }), py: py([5], "init.uniform_(t, -1, 1)", ", dtype=torch.float64") },
  { name: "normal_", ts: () => seeded([3, 4], (t) => init.normal_(t)), py: py([3, 4], "init.normal_(t)") },
  { name: "normal_ mean std", ts: () => seeded([17], (t) => init.normal_(t, 0.5, 0.02)), py: py([17], "init.normal_(t, 0.5, 0.02)") },
  { name: "normal_ by name", ts: () => seeded([2, 9], (t) => init.normal_(t, { std: 3 })), py: py([2, 9], "init.normal_(t, std=3)") },
  { name: "trunc_normal_", ts: () => seeded([4, 5], (t) => init.trunc_normal_(t)), py: py([4, 5], "init.trunc_normal_(t)") },
  { name: "trunc_normal_ std 0.02", ts: () => seeded([4, 5], (t) => init.trunc_normal_(t, { std: 0.02 })), py: py([4, 5], "init.trunc_normal_(t, std=0.02)") },
  { name: "trunc_normal_ all positional", ts: () => seeded([30], (t) => init.trunc_normal_(t, 0.3, 0.5, -0.1, 0.9)), py: py([30], "init.trunc_normal_(t, 0.3, 0.5, -0.1, 0.9)") },
  { name: "trunc_normal_ one-sided", ts: () => seeded([30], (t) => init.trunc_normal_(t, 0, 1, 0, 3)), py: py([30], "init.trunc_normal_(t, 0, 1, 0, 3)") },
  {
    name: "trunc_normal_ mean far from [a, b] (warns)",
    ts: () => seeded([10], (t) => init.trunc_normal_(t, 5, 1)),
    py: "import warnings\nwarnings.simplefilter('ignore')\n" + py([10], "init.trunc_normal_(t, 5, 1)"),
  },
  ...[[0, 1, -2, 2], [0, 0.02, -0.04, 0.04], [0.1, 0.7, -1.3, 0.45], [-1, 2, -3.5, 4.25], [0, 1, -6.5, 6.5], [0, 1, -0.3, 0.2]].map(([m, s, a, b]) => ({
    name: `trunc_normal_ float64 (${m}, ${s}, ${a}, ${b})`,
    ts: () => seeded([40], (t) => init.trunc_normal_(t, m, s, a, b), { dtype: torch.float64 }),
    py: py([40], `init.trunc_normal_(t, ${m}, ${s}, ${a}, ${b})`, ", dtype=torch.float64"),
  })),
  { name: "xavier_uniform_", ts: () => seeded([5, 3], (t) => init.xavier_uniform_(t)), py: py([5, 3], "init.xavier_uniform_(t)") },
  { name: "xavier_uniform_ gain conv", ts: () => seeded([8, 4, 3, 3], (t) => init.xavier_uniform_(t, init.calculate_gain("relu"))), py: py([8, 4, 3, 3], "init.xavier_uniform_(t, init.calculate_gain('relu'))") },
  { name: "xavier_normal_", ts: () => seeded([5, 3], (t) => init.xavier_normal_(t)), py: py([5, 3], "init.xavier_normal_(t)") },
  { name: "xavier_normal_ gain by name", ts: () => seeded([6, 2, 5], (t) => init.xavier_normal_(t, { gain: 0.5 })), py: py([6, 2, 5], "init.xavier_normal_(t, gain=0.5)") },
  { name: "kaiming_uniform_", ts: () => seeded([5, 3], (t) => init.kaiming_uniform_(t)), py: py([5, 3], "init.kaiming_uniform_(t)") },
  { name: "kaiming_uniform_ a=sqrt(5) (nn.Linear)", ts: () => seeded([7, 6], (t) => init.kaiming_uniform_(t, { a: Math.sqrt(5) })), py: py([7, 6], "init.kaiming_uniform_(t, a=math.sqrt(5))") },
  { name: "kaiming_uniform_ fan_out relu", ts: () => seeded([8, 4, 3, 3], (t) => init.kaiming_uniform_(t, 0, "fan_out", "relu")), py: py([8, 4, 3, 3], "init.kaiming_uniform_(t, 0, 'fan_out', 'relu')") },
  { name: "kaiming_uniform_ mode in capitals", ts: () => seeded([4, 6], (t) => init.kaiming_uniform_(t, { mode: "FAN_OUT" as never })), py: py([4, 6], "init.kaiming_uniform_(t, mode='FAN_OUT')") },
  { name: "kaiming_normal_", ts: () => seeded([5, 3], (t) => init.kaiming_normal_(t)), py: py([5, 3], "init.kaiming_normal_(t)") },
  { name: "kaiming_normal_ fan_out relu", ts: () => seeded([8, 4, 3, 3], (t) => init.kaiming_normal_(t, { mode: "fan_out", nonlinearity: "relu" })), py: py([8, 4, 3, 3], "init.kaiming_normal_(t, mode='fan_out', nonlinearity='relu')") },
  { name: "kaiming_normal_ leaky slope", ts: () => seeded([6, 4], (t) => init.kaiming_normal_(t, 0.2)), py: py([6, 4], "init.kaiming_normal_(t, 0.2)") },
  {
    name: "kaiming zero-element tensor is a no-op (warns)",
    ts: () => seeded([0, 3], (t) => init.kaiming_uniform_(t)),
    py: "import warnings\nwarnings.simplefilter('ignore')\n" + py([0, 3], "init.kaiming_uniform_(t)"),
  },
  { name: "orthogonal_ tall", ts: () => seeded([5, 3], (t) => init.orthogonal_(t)), py: py([5, 3], "init.orthogonal_(t)") },
  { name: "orthogonal_ wide", ts: () => seeded([3, 5], (t) => init.orthogonal_(t)), py: py([3, 5], "init.orthogonal_(t)") },
  { name: "orthogonal_ square gain", ts: () => seeded([4, 4], (t) => init.orthogonal_(t, 2)), py: py([4, 4], "init.orthogonal_(t, 2)") },
  { name: "orthogonal_ 3-D", ts: () => seeded([4, 2, 3], (t) => init.orthogonal_(t, { gain: 0.5 })), py: py([4, 2, 3], "init.orthogonal_(t, gain=0.5)") },
  { name: "orthogonal_ float64", ts: () => seeded([6, 3], (t) => init.orthogonal_(t), { dtype: torch.float64 }), py: py([6, 3], "init.orthogonal_(t)", ", dtype=torch.float64") },
  { name: "orthogonal_ empty", ts: () => seeded([0, 3], (t) => init.orthogonal_(t)), py: py([0, 3], "init.orthogonal_(t)") },
  {
    name: "a leaf that requires grad",
    ts: () => seeded([3, 4], (t) => init.kaiming_uniform_(t, { a: Math.sqrt(5) }), { requires_grad: true }),
    py: py([3, 4], "init.kaiming_uniform_(t, a=math.sqrt(5))", ", requires_grad=True"),
  },
  {
    name: "trunc_normal_ on a leaf that requires grad",
    ts: () => seeded([3, 4], (t) => init.trunc_normal_(t, { std: 0.02 }), { requires_grad: true }),
    py: py([3, 4], "init.trunc_normal_(t, std=0.02)", ", requires_grad=True"),
  },
  {
    name: "orthogonal_ on a leaf that requires grad",
    ts: () => seeded([3, 4], (t) => init.orthogonal_(t), { requires_grad: true }),
    py: py([3, 4], "init.orthogonal_(t)", ", requires_grad=True"),
  },
];

// sparse_ draws its normals, then one torch.randperm per column from the default generator.
const sparse: Case[] = [
  { name: "sparse_", ts: () => seeded([6, 4], (t) => init.sparse_(t, 0.5)), py: py([6, 4], "init.sparse_(t, 0.5)") },
  { name: "sparse_ std by name", ts: () => seeded([10, 3], (t) => init.sparse_(t, 0.25, { std: 2 })), py: py([10, 3], "init.sparse_(t, 0.25, std=2)") },
  { name: "sparse_ sparsity 0", ts: () => seeded([3, 3], (t) => init.sparse_(t, 0)), py: py([3, 3], "init.sparse_(t, 0)") },
  { name: "sparse_ float64 wide", ts: () => seeded([2, 7], (t) => init.sparse_(t, 0.9), { dtype: torch.float64 }), py: py([2, 7], "init.sparse_(t, 0.9)", ", dtype=torch.float64") },
  {
    name: "sparse_ with a generator (randperm still uses the default one)",
    ts: () => {
      torch.manual_seed(0);
      const g = gen();
      const t = init.sparse_(torch.empty(5, 3), 0.4, 0.01, g);
      return [t, torch.rand(2), torch.rand(2, { generator: g })];
    },
    py: "torch.manual_seed(0); g = torch.Generator().manual_seed(5); t = init.sparse_(torch.empty(5, 3), 0.4, 0.01, g); r = [t, torch.rand(2), torch.rand(2, generator=g)]",
  },
];

// Python's deprecated names without the trailing underscore: the same numbers (after a FutureWarning).
const DEPRECATED: [string, number[], string][] = [
  ["uniform", [3, 4], "-1, 1"], ["normal", [3, 4], "0, 2"], ["constant", [2, 2], "0.5"], ["eye", [3, 2], ""], ["dirac", [2, 2, 3], ""],
  ["xavier_uniform", [4, 5], ""], ["xavier_normal", [4, 5], "2"], ["kaiming_uniform", [4, 5], "0.1"], ["kaiming_normal", [4, 5], ""],
  ["orthogonal", [4, 3], ""], ["sparse", [6, 3], "0.5"],
];
const deprecatedNames: Case[] = DEPRECATED.map(([name, shape, rest]) => ({
  name: `deprecated ${name}`,
  ts: () => seeded(shape, (t) => call((init as unknown as Record<string, (...a: unknown[]) => unknown>)[name], t, ...(rest ? rest.split(", ").map(Number) : []))),
  py: "import warnings\nwarnings.simplefilter('ignore')\n" + py(shape, `init.${name}(t${rest ? `, ${rest}` : ""})`),
}));

const GEN = "g = torch.Generator().manual_seed(5)";
const gen = () => new torch.Generator().manual_seed(5);
const generators: Case[] = [
  ...(
    [
      ["uniform_", (t: T, g: unknown) => init.uniform_(t, { generator: g as never }), "init.uniform_(t, generator=g)"],
      ["normal_", (t: T, g: unknown) => init.normal_(t, 0, 1, g as never), "init.normal_(t, 0, 1, g)"],
      ["trunc_normal_", (t: T, g: unknown) => init.trunc_normal_(t, { std: 0.5, generator: g as never }), "init.trunc_normal_(t, std=0.5, generator=g)"],
      ["xavier_uniform_", (t: T, g: unknown) => init.xavier_uniform_(t, 1, g as never), "init.xavier_uniform_(t, 1, g)"],
      ["xavier_normal_", (t: T, g: unknown) => init.xavier_normal_(t, { generator: g as never }), "init.xavier_normal_(t, generator=g)"],
      ["kaiming_uniform_", (t: T, g: unknown) => init.kaiming_uniform_(t, { generator: g as never }), "init.kaiming_uniform_(t, generator=g)"],
      ["kaiming_normal_", (t: T, g: unknown) => init.kaiming_normal_(t, 0, "fan_in", "relu", g as never), "init.kaiming_normal_(t, 0, 'fan_in', 'relu', g)"],
      ["orthogonal_", (t: T, g: unknown) => init.orthogonal_(t, { generator: g as never }), "init.orthogonal_(t, generator=g)"],
    ] as const
  ).map(([name, ts, pyCall]) => ({
    name: `${name} with a generator leaves the default one alone`,
    ts: () => {
      torch.manual_seed(0);
      const g = gen();
      const t = torch.empty(4, 3);
      ts(t, g);
      return [t, torch.rand(2), torch.rand(2, { generator: g })];
    },
    py: `torch.manual_seed(0); ${GEN}; t = torch.empty(4, 3); ${pyCall}; r = [t, torch.rand(2), torch.rand(2, generator=g)]`,
  })),
];

const deterministic: Case[] = [
  { name: "constant_", ts: () => init.constant_(torch.empty(2, 3), 0.3), py: "r = init.constant_(torch.empty(2, 3), 0.3)" },
  { name: "constant_ int tensor", ts: () => init.constant_(torch.empty(2, 3, { dtype: torch.int64 }), 7), py: "r = init.constant_(torch.empty(2, 3, dtype=torch.int64), 7)" },
  { name: "constant_ by name", ts: () => init.constant_(torch.empty(2), { val: -1.5 }), py: "r = init.constant_(torch.empty(2), val=-1.5)" },
  { name: "ones_", ts: () => init.ones_(torch.empty(2, 3)), py: "r = init.ones_(torch.empty(2, 3))" },
  { name: "zeros_", ts: () => init.zeros_(torch.empty(2, 3)), py: "r = init.zeros_(torch.empty(2, 3))" },
  { name: "zeros_ on a leaf that requires grad", ts: () => init.zeros_(torch.empty(2, 3, { requires_grad: true })), py: "r = init.zeros_(torch.empty(2, 3, requires_grad=True))" },
  { name: "eye_", ts: () => init.eye_(torch.empty(3, 5)), py: "r = init.eye_(torch.empty(3, 5))" },
  { name: "eye_ tall", ts: () => init.eye_(torch.empty(4, 2, { dtype: torch.float64 })), py: "r = init.eye_(torch.empty(4, 2, dtype=torch.float64))" },
  { name: "eye_ on a leaf that requires grad", ts: () => init.eye_(torch.empty(2, 2, { requires_grad: true })), py: "r = init.eye_(torch.empty(2, 2, requires_grad=True))" },
  { name: "dirac_ 3-D", ts: () => init.dirac_(torch.empty(4, 3, 5)), py: "r = init.dirac_(torch.empty(4, 3, 5))" },
  { name: "dirac_ 4-D", ts: () => init.dirac_(torch.empty(3, 5, 3, 4)), py: "r = init.dirac_(torch.empty(3, 5, 3, 4))" },
  { name: "dirac_ 5-D groups", ts: () => init.dirac_(torch.empty(4, 3, 3, 2, 3), 2), py: "r = init.dirac_(torch.empty(4, 3, 3, 2, 3), 2)" },
  { name: "dirac_ groups by name", ts: () => init.dirac_(torch.empty(6, 1, 3, 3), { groups: 3 }), py: "r = init.dirac_(torch.empty(6, 1, 3, 3), groups=3)" },
  { name: "dirac_ on a leaf that requires grad", ts: () => init.dirac_(torch.empty(2, 2, 3, { requires_grad: true })), py: "r = init.dirac_(torch.empty(2, 2, 3, requires_grad=True))" },
  { name: "eye_ 3-D", ts: () => init.eye_(torch.empty(2, 2, 2)), py: "r = init.eye_(torch.empty(2, 2, 2))" },
];

const NONLINEARITIES = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid", "tanh", "relu", "leaky_relu", "selu"] as const;
const gainsAndFans: Case[] = [
  {
    name: "calculate_gain, every nonlinearity",
    ts: () => NONLINEARITIES.map((n) => init.calculate_gain(n)),
    py: `r = [init.calculate_gain(n) for n in ${JSON.stringify(NONLINEARITIES)}]`,
  },
  {
    name: "calculate_gain leaky_relu slopes",
    ts: () => [0, 0.2, 1, Math.sqrt(5), -0.5, 3].map((p) => init.calculate_gain("leaky_relu", p)),
    py: "r = [init.calculate_gain('leaky_relu', p) for p in [0, 0.2, 1, math.sqrt(5), -0.5, 3]]",
  },
  { name: "calculate_gain param by name", ts: () => init.calculate_gain("leaky_relu", { param: 0.1 }), py: "r = init.calculate_gain('leaky_relu', param=0.1)" },
  { name: "calculate_gain bool param", ts: () => call(init.calculate_gain, "leaky_relu", true), py: "r = init.calculate_gain('leaky_relu', True)" },
  { name: "calculate_gain string param", ts: () => call(init.calculate_gain, "leaky_relu", "0.1"), py: "r = init.calculate_gain('leaky_relu', '0.1')" },
  { name: "calculate_gain unknown", ts: () => call(init.calculate_gain, "gelu"), py: "r = init.calculate_gain('gelu')" },
  { name: "fans 2-D", ts: () => init._calculate_fan_in_and_fan_out(torch.empty(5, 3)), py: "r = list(init._calculate_fan_in_and_fan_out(torch.empty(5, 3)))" },
  { name: "fans conv", ts: () => init._calculate_fan_in_and_fan_out(torch.empty(8, 4, 3, 2)), py: "r = list(init._calculate_fan_in_and_fan_out(torch.empty(8, 4, 3, 2)))" },
  { name: "fans 1-D", ts: () => init._calculate_fan_in_and_fan_out(torch.empty(5)), py: "r = init._calculate_fan_in_and_fan_out(torch.empty(5))" },
];

const errors: Case[] = [
  { name: "xavier_uniform_ 1-D", ts: () => init.xavier_uniform_(torch.empty(5)), py: "r = init.xavier_uniform_(torch.empty(5))" },
  { name: "xavier_normal_ 0-D", ts: () => init.xavier_normal_(torch.empty([])), py: "r = init.xavier_normal_(torch.empty([]))" },
  { name: "kaiming_uniform_ 1-D", ts: () => init.kaiming_uniform_(torch.empty(5)), py: "r = init.kaiming_uniform_(torch.empty(5))" },
  { name: "kaiming_uniform_ bad mode", ts: () => call(init.kaiming_uniform_, torch.empty(2, 2), { mode: "fan_avg" }), py: "r = init.kaiming_uniform_(torch.empty(2, 2), mode='fan_avg')" },
  { name: "kaiming_normal_ bad nonlinearity", ts: () => call(init.kaiming_normal_, torch.empty(2, 2), 0, "fan_in", "swish"), py: "r = init.kaiming_normal_(torch.empty(2, 2), 0, 'fan_in', 'swish')" },
  { name: "orthogonal_ 1-D", ts: () => init.orthogonal_(torch.empty(4)), py: "r = init.orthogonal_(torch.empty(4))" },
  { name: "dirac_ 2-D", ts: () => init.dirac_(torch.empty(3, 3)), py: "r = init.dirac_(torch.empty(3, 3))" },
  { name: "dirac_ groups not dividing dim 0", ts: () => init.dirac_(torch.empty(5, 2, 3), 2), py: "r = init.dirac_(torch.empty(5, 2, 3), 2)" },
  { name: "sparse_ 3-D", ts: () => init.sparse_(torch.empty(2, 2, 2), 0.5), py: "r = init.sparse_(torch.empty(2, 2, 2), 0.5)" },
  { name: "sparse_ missing sparsity", ts: () => call(init.sparse_, torch.empty(2, 2)), py: "r = init.sparse_(torch.empty(2, 2))" },
  { name: "uniform_ missing tensor", ts: () => call(init.uniform_), py: "r = init.uniform_()" },
  { name: "normal_ unknown keyword", ts: () => call(init.normal_, torch.empty(2), { sigma: 1 }), py: "r = init.normal_(torch.empty(2), sigma=1)" },
  { name: "trunc_normal_ too many positional", ts: () => call(init.trunc_normal_, torch.empty(2), 0, 1, -2, 2, null, 7), py: "r = init.trunc_normal_(torch.empty(2), 0, 1, -2, 2, None, 7)" },
  { name: "constant_ missing val", ts: () => call(init.constant_, torch.empty(2)), py: "r = init.constant_(torch.empty(2))" },
];

const families: [string, Case[]][] = [
  ["random initializers", random],
  ["sparse_", sparse],
  ["deprecated names", deprecatedNames],
  ["explicit generators", generators],
  ["deterministic initializers", deterministic],
  ["gains and fans", gainsAndFans],
  ["errors", errors],
];

describeAgainstPython(families, PRELUDE, (family) => `nn.init ${family} against Python torch 2.11`);

describe("nn.init math.erf", () => {
  it("is the C library's erf (Python's math.erf) to the bit", () => {
    // trunc_normal_ computes its bounds with math.erf: random arguments over erf's whole
    // range, and the ones trunc_normal_ makes from common (mean, std, a, b).
    const xs: number[] = [];
    let s = 12345;
    const next = () => ((s = (s * 1103515245 + 12345) % 2147483648), s / 2147483648);
    for (let i = 0; i < 20000; i++) xs.push((next() - 0.5) * 14);
    for (let i = 0; i < 2000; i++) xs.push((next() - 0.5) * 1e-7);
    for (const a of [-3, -2, -1, -0.04, 0, 0.04, 1, 2, 3]) {
      for (const m of [0, 0.5, -1]) for (const sd of [1, 0.02, 0.1, 2]) xs.push((a - m) / sd / Math.sqrt(2));
    }
    const py = pythonJson<number[]>(
      "import sys, math\nprint(json.dumps([math.erf(x) for x in json.load(sys.stdin)]))",
      JSON.stringify(xs),
    );
    const mismatches = xs.filter((x, i) => init._erf(x) !== py[i]);
    expect(mismatches).toStrictEqual([]);
  });
});
