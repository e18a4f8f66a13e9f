// torch.nn.functional against Python torch 2.11 on the same inputs: values, gradients and
// errors (class and message). Exact equality unless a case states a tolerance: LibTorch runs
// the same CPU kernels for both languages.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { Case, warningsOf, describeAgainstPython } from "./helpers/compare";

const F = createRequire(import.meta.url)("../dist/nn/functional.js") as typeof import("../dist/nn/functional");

type T = InstanceType<typeof torch.Tensor>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = (f: (...a: any[]) => unknown, ...a: unknown[]) => f(...a);

/** R(seed, ...shape): standard normal samples after manual_seed(seed), in both languages. */
const R = (seed: number, ...shape: number[]): T => (torch.manual_seed(seed), torch.randn(...shape));
const G = (seed: number, ...shape: number[]): T => R(seed, ...shape).requires_grad_();
const PRELUDE = [
  "import torch.nn.functional as F",
  "def R(s, *shape):\n    torch.manual_seed(s)\n    return torch.randn(*shape)",
  "def G(s, *shape):\n    return R(s, *shape).requires_grad_()",
].join("\n");
const long = (values: number | number[] | number[][] | number[][][]) => torch.tensor(values);

const linear: Case[] = [
  { name: "linear", ts: () => F.linear(R(1, 4, 3), R(2, 5, 3)), py: "r = F.linear(R(1, 4, 3), R(2, 5, 3))" },
  { name: "linear bias", ts: () => F.linear(R(1, 4, 3), R(2, 5, 3), R(3, 5)), py: "r = F.linear(R(1, 4, 3), R(2, 5, 3), R(3, 5))" },
  { name: "linear bias by name", ts: () => F.linear(R(1, 2, 4, 3), R(2, 5, 3), { bias: R(3, 5) }), py: "r = F.linear(R(1, 2, 4, 3), R(2, 5, 3), bias=R(3, 5))" },
  { name: "linear 1-D weight", ts: () => F.linear(R(1, 4, 3), R(2, 3)), py: "r = F.linear(R(1, 4, 3), R(2, 3))" },
  {
    name: "linear grads",
    ts: () => { const x = G(1, 4, 3), w = G(2, 5, 3), b = G(3, 5); F.linear(x, w, b).pow(2).sum().backward(); return [x.grad, w.grad, b.grad]; },
    py: "x, w, b = G(1, 4, 3), G(2, 5, 3), G(3, 5); F.linear(x, w, b).pow(2).sum().backward(); r = [x.grad, w.grad, b.grad]",
  },
  { name: "linear shape mismatch", ts: () => F.linear(R(1, 4, 3), R(2, 5, 2)), py: "r = F.linear(R(1, 4, 3), R(2, 5, 2))" },
  { name: "linear weight not a tensor", ts: () => call(F.linear, R(1, 4, 3), "w"), py: "r = F.linear(R(1, 4, 3), 'w')" },
  { name: "linear missing weight", ts: () => call(F.linear, R(1, 4, 3)), py: "r = F.linear(R(1, 4, 3))" },
  { name: "linear missing both", ts: () => call(F.linear), py: "r = F.linear()" },
  { name: "linear too many positional", ts: () => call(F.linear, R(1, 4, 3), R(2, 5, 3), null, 4), py: "r = F.linear(R(1, 4, 3), R(2, 5, 3), None, 4)" },
];

const embedding: Case[] = [
  { name: "embedding", ts: () => F.embedding(long([[0, 2], [1, 0]]), R(1, 3, 4)), py: "r = F.embedding(torch.tensor([[0, 2], [1, 0]]), R(1, 3, 4))" },
  {
    name: "embedding padding_idx -1 grads",
    ts: () => { const w = G(1, 3, 4); F.embedding(long([2, 0, 2, 1]), w, { padding_idx: -1 }).pow(2).sum().backward(); return w.grad; },
    py: "w = G(1, 3, 4); F.embedding(torch.tensor([2, 0, 2, 1]), w, padding_idx=-1).pow(2).sum().backward(); r = w.grad",
  },
  {
    name: "embedding padding_idx positional",
    ts: () => { const w = G(1, 3, 4); F.embedding(long([2, 0, 1]), w, 1).sum().backward(); return w.grad; },
    py: "w = G(1, 3, 4); F.embedding(torch.tensor([2, 0, 1]), w, 1).sum().backward(); r = w.grad",
  },
  {
    name: "embedding scale_grad_by_freq",
    ts: () => { const w = G(1, 3, 2); F.embedding(long([2, 0, 2, 2]), w, { scale_grad_by_freq: true }).sum().backward(); return w.grad; },
    py: "w = G(1, 3, 2); F.embedding(torch.tensor([2, 0, 2, 2]), w, scale_grad_by_freq=True).sum().backward(); r = w.grad",
  },
  {
    name: "embedding max_norm renormalises weight in place",
    ts: () => { const w = R(1, 5, 3).mul(3); const out = F.embedding(long([[0, 3], [3, 4]]), w, { max_norm: 1.0 }); return [out, w]; },
    py: "w = R(1, 5, 3).mul(3); out = F.embedding(torch.tensor([[0, 3], [3, 4]]), w, max_norm=1.0); r = [out, w]",
  },
  {
    name: "embedding max_norm norm_type 1",
    ts: () => { const w = R(1, 5, 3); const out = F.embedding(long([1, 2]), w, null, 0.5, 1.0); return [out, w]; },
    py: "w = R(1, 5, 3); out = F.embedding(torch.tensor([1, 2]), w, None, 0.5, 1.0); r = [out, w]",
  },
  {
    name: "embedding max_norm with grads",
    ts: () => { const w = G(1, 4, 3); F.embedding(long([0, 1, 1]), w, { max_norm: 0.5 }).sum().backward(); return [w.grad, w.detach()]; },
    py: "w = G(1, 4, 3); F.embedding(torch.tensor([0, 1, 1]), w, max_norm=0.5).sum().backward(); r = [w.grad, w.detach()]",
  },
  { name: "embedding padding_idx too large", ts: () => F.embedding(long([0]), R(1, 3, 2), { padding_idx: 3 }), py: "r = F.embedding(torch.tensor([0]), R(1, 3, 2), padding_idx=3)" },
  { name: "embedding padding_idx too small", ts: () => F.embedding(long([0]), R(1, 3, 2), { padding_idx: -4 }), py: "r = F.embedding(torch.tensor([0]), R(1, 3, 2), padding_idx=-4)" },
  { name: "embedding index out of range", ts: () => F.embedding(long([5]), R(1, 3, 2)), py: "r = F.embedding(torch.tensor([5]), R(1, 3, 2))" },
];

const Y = "torch.tensor([1, 0, 4, 2])";
const y = () => long([1, 0, 4, 2]);
const crossEntropy: Case[] = [
  {
    name: "cross_entropy grads",
    ts: () => { const x = G(1, 4, 5); const l = F.cross_entropy(x, y()); l.backward(); return [l, x.grad]; },
    py: `x = G(1, 4, 5); l = F.cross_entropy(x, ${Y}); l.backward(); r = [l, x.grad]`,
  },
  {
    name: "cross_entropy weight, ignore_index, label_smoothing grads",
    ts: () => {
      const x = G(1, 4, 5);
      const l = F.cross_entropy(x, y(), { weight: R(2, 5).abs(), ignore_index: 4, label_smoothing: 0.1 });
      l.backward();
      return [l, x.grad];
    },
    py: `x = G(1, 4, 5); l = F.cross_entropy(x, ${Y}, weight=R(2, 5).abs(), ignore_index=4, label_smoothing=0.1); l.backward(); r = [l, x.grad]`,
  },
  {
    name: "cross_entropy ignore_index -100 in target",
    ts: () => { const x = G(1, 4, 5); const l = F.cross_entropy(x, long([1, -100, 4, -100])); l.backward(); return [l, x.grad]; },
    py: "x = G(1, 4, 5); l = F.cross_entropy(x, torch.tensor([1, -100, 4, -100])); l.backward(); r = [l, x.grad]",
  },
  {
    name: "cross_entropy all positional",
    ts: () => F.cross_entropy(R(1, 4, 5), y(), R(2, 5).abs(), null, 0, null, "sum", 0.2),
    py: `r = F.cross_entropy(R(1, 4, 5), ${Y}, R(2, 5).abs(), None, 0, None, 'sum', 0.2)`,
  },
  { name: "cross_entropy none", ts: () => F.cross_entropy(R(1, 4, 5), y(), { reduction: "none" }), py: `r = F.cross_entropy(R(1, 4, 5), ${Y}, reduction='none')` },
  { name: "cross_entropy sum", ts: () => F.cross_entropy(R(1, 4, 5), y(), { reduction: "sum" }), py: `r = F.cross_entropy(R(1, 4, 5), ${Y}, reduction='sum')` },
  {
    name: "cross_entropy probabilities target with smoothing grads",
    ts: () => { const x = G(1, 3, 4); const l = F.cross_entropy(x, R(2, 3, 4).softmax(1), { label_smoothing: 0.25 }); l.backward(); return [l, x.grad]; },
    py: "x = G(1, 3, 4); l = F.cross_entropy(x, R(2, 3, 4).softmax(1), label_smoothing=0.25); l.backward(); r = [l, x.grad]",
  },
  {
    name: "cross_entropy spatial (N, C, d)",
    ts: () => { const x = G(1, 2, 5, 3); const l = F.cross_entropy(x, long([[0, 4, 2], [1, 1, 3]]), { weight: R(2, 5).abs() }); l.backward(); return [l, x.grad]; },
    py: "x = G(1, 2, 5, 3); l = F.cross_entropy(x, torch.tensor([[0, 4, 2], [1, 1, 3]]), weight=R(2, 5).abs()); l.backward(); r = [l, x.grad]",
  },
  { name: "cross_entropy unbatched", ts: () => F.cross_entropy(R(1, 5), long(2)), py: "r = F.cross_entropy(R(1, 5), torch.tensor(2))" },
  { name: "cross_entropy legacy size_average=False", ts: () => F.cross_entropy(R(1, 4, 5), y(), { size_average: false }), py: `r = F.cross_entropy(R(1, 4, 5), ${Y}, size_average=False)` },
  { name: "cross_entropy legacy reduce=False", ts: () => F.cross_entropy(R(1, 4, 5), y(), { reduce: false }), py: `r = F.cross_entropy(R(1, 4, 5), ${Y}, reduce=False)` },
  { name: "cross_entropy bad reduction", ts: () => call(F.cross_entropy, R(1, 4, 5), y(), { reduction: "avg" }), py: `r = F.cross_entropy(R(1, 4, 5), ${Y}, reduction='avg')` },
  { name: "cross_entropy target out of bounds", ts: () => F.cross_entropy(R(1, 2, 3), long([0, 7])), py: "r = F.cross_entropy(R(1, 2, 3), torch.tensor([0, 7]))" },
  { name: "cross_entropy repeated argument", ts: () => call(F.cross_entropy, R(1, 2, 3), long([0, 1]), null, { weight: null }), py: "r = F.cross_entropy(R(1, 2, 3), torch.tensor([0, 1]), None, weight=None)" },
  { name: "cross_entropy unknown keyword", ts: () => call(F.cross_entropy, R(1, 2, 3), long([0, 1]), { smoothing: 0.1 }), py: "r = F.cross_entropy(R(1, 2, 3), torch.tensor([0, 1]), smoothing=0.1)" },
  { name: "cross_entropy missing target", ts: () => call(F.cross_entropy, R(1, 2, 3)), py: "r = F.cross_entropy(R(1, 2, 3))" },
];

const nll: Case[] = [
  {
    name: "nll_loss grads",
    ts: () => { const x = G(1, 4, 5); const l = F.nll_loss(F.log_softmax(x, 1), y()); l.backward(); return [l, x.grad]; },
    py: `x = G(1, 4, 5); l = F.nll_loss(F.log_softmax(x, 1), ${Y}); l.backward(); r = [l, x.grad]`,
  },
  {
    name: "nll_loss weight and ignore_index grads",
    ts: () => { const x = G(1, 4, 5); const l = F.nll_loss(x, y(), R(2, 5).abs(), null, 0); l.backward(); return [l, x.grad]; },
    py: `x = G(1, 4, 5); l = F.nll_loss(x, ${Y}, R(2, 5).abs(), None, 0); l.backward(); r = [l, x.grad]`,
  },
  { name: "nll_loss none", ts: () => F.nll_loss(R(1, 4, 5), y(), { reduction: "none" }), py: `r = F.nll_loss(R(1, 4, 5), ${Y}, reduction='none')` },
  { name: "nll_loss sum", ts: () => F.nll_loss(R(1, 4, 5), y(), { reduction: "sum" }), py: `r = F.nll_loss(R(1, 4, 5), ${Y}, reduction='sum')` },
  {
    name: "nll_loss 4-D input grads",
    ts: () => { const x = G(1, 2, 3, 2, 2); const l = F.nll_loss(x, long([[[0, 2], [1, 1]], [[2, 0], [0, 1]]])); l.backward(); return [l, x.grad]; },
    py: "x = G(1, 2, 3, 2, 2); l = F.nll_loss(x, torch.tensor([[[0, 2], [1, 1]], [[2, 0], [0, 1]]])); l.backward(); r = [l, x.grad]",
  },
  { name: "nll_loss reduction None", ts: () => call(F.nll_loss, R(1, 2, 3), long([0, 1]), { reduction: null }), py: "r = F.nll_loss(R(1, 2, 3), torch.tensor([0, 1]), reduction=None)" },
  { name: "nll_loss batch mismatch", ts: () => F.nll_loss(R(1, 2, 3), long([0, 1, 2])), py: "r = F.nll_loss(R(1, 2, 3), torch.tensor([0, 1, 2]))" },
];

const mse: Case[] = [
  ...(["mean", "sum", "none"] as const).map((reduction) => ({
    name: `mse_loss ${reduction} grads`,
    ts: () => { const x = G(1, 3, 4); const l = F.mse_loss(x, R(2, 3, 4), { reduction }); l.sum().backward(); return [l, x.grad]; },
    py: `x = G(1, 3, 4); l = F.mse_loss(x, R(2, 3, 4), reduction='${reduction}'); l.sum().backward(); r = [l, x.grad]`,
  })),
  {
    name: "mse_loss broadcasting (with Python's warning)",
    ts: () => { const x = G(1, 3, 1); const l = F.mse_loss(x, R(2, 4)); l.backward(); return [l, x.grad]; },
    py: "import warnings\nwith warnings.catch_warnings():\n    warnings.simplefilter('ignore')\n    x = G(1, 3, 1); l = F.mse_loss(x, R(2, 4)); l.backward(); r = [l, x.grad]",
  },
  { name: "mse_loss not broadcastable", ts: () => F.mse_loss(R(1, 2, 3), R(2, 4)), py: "import warnings\nwarnings.simplefilter('ignore')\nr = F.mse_loss(R(1, 2, 3), R(2, 4))" },
  ...(["mean", "sum", "none"] as const).map((reduction) => ({
    name: `mse_loss weight ${reduction} grads`,
    ts: () => { const x = G(1, 3, 4); const l = F.mse_loss(x, R(2, 3, 4), { reduction, weight: R(3, 3, 4).abs() }); l.sum().backward(); return [l, x.grad]; },
    py: `x = G(1, 3, 4); l = F.mse_loss(x, R(2, 3, 4), reduction='${reduction}', weight=R(3, 3, 4).abs()); l.sum().backward(); r = [l, x.grad]`,
  })),
  { name: "mse_loss positional legacy reduce", ts: () => F.mse_loss(R(1, 3), R(2, 3), null, false), py: "r = F.mse_loss(R(1, 3), R(2, 3), None, False)" },
  { name: "mse_loss weight wrong size", ts: () => F.mse_loss(R(1, 3, 4), R(2, 3, 4), { weight: R(3, 4) }), py: "r = F.mse_loss(R(1, 3, 4), R(2, 3, 4), weight=R(3, 4))" },
  { name: "mse_loss weight bad reduction", ts: () => call(F.mse_loss, R(1, 3), R(2, 3), { weight: R(3, 3), reduction: "avg" }), py: "r = F.mse_loss(R(1, 3), R(2, 3), weight=R(3, 3), reduction='avg')" },
  { name: "mse_loss bad reduction", ts: () => call(F.mse_loss, R(1, 3), R(2, 3), { reduction: "avg" }), py: "r = F.mse_loss(R(1, 3), R(2, 3), reduction='avg')" },
];

const bce: Case[] = [
  {
    name: "bce_with_logits grads",
    ts: () => { const x = G(1, 3, 4); const l = F.binary_cross_entropy_with_logits(x, R(2, 3, 4).sigmoid()); l.backward(); return [l, x.grad]; },
    py: "x = G(1, 3, 4); l = F.binary_cross_entropy_with_logits(x, R(2, 3, 4).sigmoid()); l.backward(); r = [l, x.grad]",
  },
  {
    name: "bce_with_logits pos_weight and weight grads",
    ts: () => {
      const x = G(1, 3, 4);
      const l = F.binary_cross_entropy_with_logits(x, R(2, 3, 4).sigmoid(), { weight: R(3, 3, 1).abs(), pos_weight: R(4, 4).abs() });
      l.backward();
      return [l, x.grad];
    },
    py: "x = G(1, 3, 4); l = F.binary_cross_entropy_with_logits(x, R(2, 3, 4).sigmoid(), weight=R(3, 3, 1).abs(), pos_weight=R(4, 4).abs()); l.backward(); r = [l, x.grad]",
  },
  {
    name: "bce_with_logits pos_weight none reduction grads",
    ts: () => {
      const x = G(1, 3, 4);
      const l = F.binary_cross_entropy_with_logits(x, R(2, 3, 4).sigmoid(), null, null, null, "none", R(4, 4).abs());
      l.sum().backward();
      return [l, x.grad];
    },
    py: "x = G(1, 3, 4); l = F.binary_cross_entropy_with_logits(x, R(2, 3, 4).sigmoid(), None, None, None, 'none', R(4, 4).abs()); l.sum().backward(); r = [l, x.grad]",
  },
  { name: "bce_with_logits sum", ts: () => F.binary_cross_entropy_with_logits(R(1, 5), R(2, 5).sigmoid(), { reduction: "sum" }), py: "r = F.binary_cross_entropy_with_logits(R(1, 5), R(2, 5).sigmoid(), reduction='sum')" },
  { name: "bce_with_logits legacy size_average", ts: () => F.binary_cross_entropy_with_logits(R(1, 5), R(2, 5).sigmoid(), { size_average: false }), py: "r = F.binary_cross_entropy_with_logits(R(1, 5), R(2, 5).sigmoid(), size_average=False)" },
  { name: "bce_with_logits size mismatch", ts: () => F.binary_cross_entropy_with_logits(R(1, 3, 4), R(2, 3)), py: "r = F.binary_cross_entropy_with_logits(R(1, 3, 4), R(2, 3))" },
  { name: "bce_with_logits bad reduction", ts: () => call(F.binary_cross_entropy_with_logits, R(1, 3), R(2, 3), { reduction: "x" }), py: "r = F.binary_cross_entropy_with_logits(R(1, 3), R(2, 3), reduction='x')" },
];

const softmaxes: Case[] = [
  { name: "softmax dim -1", ts: () => F.softmax(R(1, 3, 4), -1), py: "r = F.softmax(R(1, 3, 4), -1)" },
  { name: "softmax dim by name", ts: () => F.softmax(R(1, 3, 4), { dim: 0 }), py: "r = F.softmax(R(1, 3, 4), dim=0)" },
  { name: "softmax dtype", ts: () => F.softmax(R(1, 3, 4), { dim: 1, dtype: torch.float64 }), py: "r = F.softmax(R(1, 3, 4), dim=1, dtype=torch.float64)" },
  { name: "softmax all positional", ts: () => F.softmax(R(1, 3, 4), 1, 3, torch.float64), py: "r = F.softmax(R(1, 3, 4), 1, 3, torch.float64)" },
  ...[[5], [3, 4], [2, 3, 4], [2, 3, 2, 2]].map((shape) => ({
    name: `softmax implicit dim ${shape.length}-D`,
    ts: () => F.softmax(R(1, ...shape)),
    py: `import warnings\nwarnings.simplefilter('ignore')\nr = F.softmax(R(1, ${shape.join(", ")}))`,
  })),
  { name: "log_softmax implicit dim 3-D", ts: () => F.log_softmax(R(1, 2, 3, 4), null), py: "import warnings\nwarnings.simplefilter('ignore')\nr = F.log_softmax(R(1, 2, 3, 4), None)" },
  { name: "log_softmax", ts: () => F.log_softmax(R(1, 3, 4), 1), py: "r = F.log_softmax(R(1, 3, 4), 1)" },
  { name: "log_softmax dtype", ts: () => F.log_softmax(R(1, 3, 4), { dim: -1, dtype: torch.float64 }), py: "r = F.log_softmax(R(1, 3, 4), dim=-1, dtype=torch.float64)" },
  {
    name: "softmax and log_softmax grads",
    ts: () => { const x = G(1, 3, 4); F.softmax(x, 1).mul(R(2, 3, 4)).sum().add(F.log_softmax(x, 0).mul(R(3, 3, 4)).sum()).backward(); return x.grad; },
    py: "x = G(1, 3, 4); F.softmax(x, 1).mul(R(2, 3, 4)).sum().add(F.log_softmax(x, 0).mul(R(3, 3, 4)).sum()).backward(); r = x.grad",
  },
  { name: "softmax too many positional", ts: () => call(F.softmax, R(1, 2), 0, 3, null, 5), py: "r = F.softmax(R(1, 2), 0, 3, None, 5)" },
  { name: "softmax unknown keyword", ts: () => call(F.softmax, R(1, 2), { dimm: 0 }), py: "r = F.softmax(R(1, 2), dimm=0)" },
  { name: "softmax missing input", ts: () => call(F.softmax), py: "r = F.softmax()" },
  { name: "softmax dim out of range", ts: () => F.softmax(R(1, 2, 3), 2), py: "r = F.softmax(R(1, 2, 3), 2)" },
];

const activations: Case[] = [
  { name: "relu", ts: () => F.relu(R(1, 3, 4)), py: "r = F.relu(R(1, 3, 4))" },
  { name: "relu inplace", ts: () => { const x = R(1, 3, 4); const out = F.relu(x, true); return [out, x]; }, py: "x = R(1, 3, 4); out = F.relu(x, True); r = [out, x]" },
  { name: "relu inplace returns input", ts: () => { const x = R(1, 3, 4); return F.relu(x, true) === x; }, py: "x = R(1, 3, 4); r = F.relu(x, True) is x" },
  { name: "relu inplace by name", ts: () => { const x = R(1, 5); F.relu(x, { inplace: true }); return x; }, py: "x = R(1, 5); F.relu(x, inplace=True); r = x" },
  { name: "gelu", ts: () => F.gelu(R(1, 3, 4)), py: "r = F.gelu(R(1, 3, 4))" },
  { name: "gelu tanh", ts: () => F.gelu(R(1, 3, 4), { approximate: "tanh" }), py: "r = F.gelu(R(1, 3, 4), approximate='tanh')" },
  { name: "gelu approximate is keyword-only", ts: () => call(F.gelu, R(1, 3), "tanh"), py: "r = F.gelu(R(1, 3), 'tanh')" },
  { name: "gelu bad approximate", ts: () => call(F.gelu, R(1, 3), { approximate: "bad" }), py: "r = F.gelu(R(1, 3), approximate='bad')" },
  { name: "gelu not a tensor", ts: () => call(F.gelu, "x"), py: "r = F.gelu('x')" },
  { name: "silu", ts: () => F.silu(R(1, 3, 4)), py: "r = F.silu(R(1, 3, 4))" },
  { name: "silu inplace", ts: () => { const x = R(1, 3, 4); F.silu(x, true); return x; }, py: "x = R(1, 3, 4); F.silu(x, True); r = x" },
  { name: "silu inplace returns input", ts: () => { const x = R(1, 3, 4); return F.silu(x, true) === x; }, py: "x = R(1, 3, 4); r = F.silu(x, True) is x" },
  { name: "tanh", ts: () => F.tanh(R(1, 3, 4)), py: "r = F.tanh(R(1, 3, 4))" },
  { name: "sigmoid", ts: () => F.sigmoid(R(1, 3, 4)), py: "r = F.sigmoid(R(1, 3, 4))" },
  { name: "leaky_relu", ts: () => F.leaky_relu(R(1, 3, 4)), py: "r = F.leaky_relu(R(1, 3, 4))" },
  { name: "leaky_relu slope", ts: () => F.leaky_relu(R(1, 3, 4), 0.2), py: "r = F.leaky_relu(R(1, 3, 4), 0.2)" },
  { name: "leaky_relu inplace", ts: () => { const x = R(1, 3, 4); F.leaky_relu(x, { negative_slope: 0.3, inplace: true }); return x; }, py: "x = R(1, 3, 4); F.leaky_relu(x, negative_slope=0.3, inplace=True); r = x" },
  { name: "leaky_relu inplace returns input", ts: () => { const x = R(1, 3, 4); return F.leaky_relu(x, 0.3, true) === x; }, py: "x = R(1, 3, 4); r = F.leaky_relu(x, 0.3, True) is x" },
  { name: "elu", ts: () => F.elu(R(1, 3, 4)), py: "r = F.elu(R(1, 3, 4))" },
  { name: "elu alpha inplace", ts: () => { const x = R(1, 3, 4); F.elu(x, 0.5, true); return x; }, py: "x = R(1, 3, 4); F.elu(x, 0.5, True); r = x" },
  { name: "softplus", ts: () => F.softplus(R(1, 3, 4).mul(10)), py: "r = F.softplus(R(1, 3, 4).mul(10))" },
  { name: "softplus beta threshold", ts: () => F.softplus(R(1, 3, 4).mul(10), 2, 5), py: "r = F.softplus(R(1, 3, 4).mul(10), 2, 5)" },
  { name: "logsigmoid", ts: () => F.logsigmoid(R(1, 3, 4)), py: "r = F.logsigmoid(R(1, 3, 4))" },
  { name: "hardtanh", ts: () => F.hardtanh(R(1, 3, 4)), py: "r = F.hardtanh(R(1, 3, 4))" },
  { name: "hardtanh bounds inplace", ts: () => { const x = R(1, 3, 4); F.hardtanh(x, -0.5, 0.25, true); return x; }, py: "x = R(1, 3, 4); F.hardtanh(x, -0.5, 0.25, True); r = x" },
  { name: "hardtanh min above max", ts: () => F.hardtanh(R(1, 3), 2, 1), py: "r = F.hardtanh(R(1, 3), 2, 1)" },
  { name: "mish", ts: () => F.mish(R(1, 3, 4)), py: "r = F.mish(R(1, 3, 4))" },
  { name: "mish inplace", ts: () => { const x = R(1, 3, 4); F.mish(x, true); return x; }, py: "x = R(1, 3, 4); F.mish(x, True); r = x" },
  {
    name: "activation grads",
    ts: () => {
      const x = G(1, 3, 4);
      const fs = [F.relu(x), F.gelu(x), F.gelu(x, { approximate: "tanh" }), F.silu(x), F.tanh(x), F.sigmoid(x), F.leaky_relu(x, 0.1), F.elu(x), F.softplus(x), F.logsigmoid(x), F.hardtanh(x, -0.5, 0.5), F.mish(x)];
      fs.reduce((a, b) => a.add(b)).mul(R(2, 3, 4)).sum().backward();
      return x.grad;
    },
    py: "x = G(1, 3, 4); fs = [F.relu(x), F.gelu(x), F.gelu(x, approximate='tanh'), F.silu(x), F.tanh(x), F.sigmoid(x), F.leaky_relu(x, 0.1), F.elu(x), F.softplus(x), F.logsigmoid(x), F.hardtanh(x, -0.5, 0.5), F.mish(x)]\nimport functools\nfunctools.reduce(lambda a, b: a.add(b), fs).mul(R(2, 3, 4)).sum().backward(); r = x.grad",
  },
  {
    name: "in-place activation grads on a non-leaf",
    ts: () => {
      const x = G(1, 3, 4);
      const h = [x.mul(1), x.mul(1), x.mul(1), x.mul(1), x.mul(1), x.mul(1)];
      F.relu(h[0], true); F.silu(h[1], true); F.leaky_relu(h[2], 0.2, true); F.elu(h[3], 1.0, true); F.hardtanh(h[4], -0.5, 0.5, true); F.mish(h[5], true);
      h.reduce((a, b) => a.add(b)).mul(R(2, 3, 4)).sum().backward();
      return x.grad;
    },
    py: "x = G(1, 3, 4); h = [x.mul(1) for _ in range(6)]\nF.relu(h[0], True); F.silu(h[1], True); F.leaky_relu(h[2], 0.2, True); F.elu(h[3], 1.0, True); F.hardtanh(h[4], -0.5, 0.5, True); F.mish(h[5], True)\nimport functools\nfunctools.reduce(lambda a, b: a.add(b), h).mul(R(2, 3, 4)).sum().backward(); r = x.grad",
  },
  { name: "in-place on a leaf that requires grad", ts: () => F.leaky_relu(G(1, 3), 0.1, true), py: "r = F.leaky_relu(G(1, 3), 0.1, True)" },
];

const dropoutAndNorms: Case[] = [
  { name: "dropout", ts: () => { const x = R(1, 4, 5); torch.manual_seed(7); return [F.dropout(x, 0.3), torch.rand(2)]; }, py: "x = R(1, 4, 5); torch.manual_seed(7); r = [F.dropout(x, 0.3), torch.rand(2)]" },
  { name: "dropout default p", ts: () => { const x = R(1, 4, 5); torch.manual_seed(7); return F.dropout(x); }, py: "x = R(1, 4, 5); torch.manual_seed(7); r = F.dropout(x)" },
  { name: "dropout not training", ts: () => { const x = R(1, 4, 5); torch.manual_seed(7); return [F.dropout(x, 0.3, false), torch.rand(2)]; }, py: "x = R(1, 4, 5); torch.manual_seed(7); r = [F.dropout(x, 0.3, False), torch.rand(2)]" },
  { name: "dropout training by name", ts: () => { const x = R(1, 4, 5); torch.manual_seed(7); return F.dropout(x, { p: 0.5, training: false }); }, py: "x = R(1, 4, 5); torch.manual_seed(7); r = F.dropout(x, p=0.5, training=False)" },
  { name: "dropout inplace", ts: () => { const x = R(1, 4, 5); torch.manual_seed(7); F.dropout(x, 0.5, true, true); return x; }, py: "x = R(1, 4, 5); torch.manual_seed(7); F.dropout(x, 0.5, True, True); r = x" },
  { name: "dropout inplace returns input", ts: () => { const x = R(1, 4, 5); return F.dropout(x, 0.5, true, true) === x; }, py: "x = R(1, 4, 5); r = F.dropout(x, 0.5, True, True) is x" },
  { name: "dropout p=1", ts: () => F.dropout(R(1, 4), 1.0), py: "r = F.dropout(R(1, 4), 1.0)" },
  {
    name: "dropout grads",
    ts: () => { const x = G(1, 4, 5); torch.manual_seed(7); F.dropout(x, 0.25).sum().backward(); return x.grad; },
    py: "x = G(1, 4, 5); torch.manual_seed(7); F.dropout(x, 0.25).sum().backward(); r = x.grad",
  },
  { name: "dropout p above 1", ts: () => F.dropout(R(1, 4), 1.5), py: "r = F.dropout(R(1, 4), 1.5)" },
  { name: "dropout p below 0", ts: () => F.dropout(R(1, 4), -0.25), py: "r = F.dropout(R(1, 4), -0.25)" },
  { name: "layer_norm", ts: () => F.layer_norm(R(1, 2, 3, 4), [4]), py: "r = F.layer_norm(R(1, 2, 3, 4), [4])" },
  { name: "layer_norm int shape is refused", ts: () => call(F.layer_norm, R(1, 2, 3, 4), 4), py: "r = F.layer_norm(R(1, 2, 3, 4), 4)" },
  { name: "layer_norm affine eps", ts: () => F.layer_norm(R(1, 2, 3, 4), [3, 4], R(2, 3, 4), R(3, 3, 4), 1e-3), py: "r = F.layer_norm(R(1, 2, 3, 4), [3, 4], R(2, 3, 4), R(3, 3, 4), 1e-3)" },
  {
    name: "layer_norm grads",
    ts: () => { const x = G(1, 2, 3, 4), w = G(2, 4), b = G(3, 4); F.layer_norm(x, [4], { weight: w, bias: b }).mul(R(4, 2, 3, 4)).sum().backward(); return [x.grad, w.grad, b.grad]; },
    py: "x, w, b = G(1, 2, 3, 4), G(2, 4), G(3, 4); F.layer_norm(x, [4], weight=w, bias=b).mul(R(4, 2, 3, 4)).sum().backward(); r = [x.grad, w.grad, b.grad]",
  },
  { name: "layer_norm wrong shape", ts: () => F.layer_norm(R(1, 2, 3), [4]), py: "r = F.layer_norm(R(1, 2, 3), [4])" },
  { name: "rms_norm int shape is refused", ts: () => call(F.rms_norm, R(1, 2, 3, 4), 4), py: "r = F.rms_norm(R(1, 2, 3, 4), 4)" },
  { name: "rms_norm", ts: () => F.rms_norm(R(1, 2, 3, 4), [4]), py: "r = F.rms_norm(R(1, 2, 3, 4), [4])" },
  { name: "rms_norm weight eps", ts: () => F.rms_norm(R(1, 2, 3, 4), [3, 4], R(2, 3, 4), 1e-2), py: "r = F.rms_norm(R(1, 2, 3, 4), [3, 4], R(2, 3, 4), 1e-2)" },
  {
    name: "rms_norm grads",
    ts: () => { const x = G(1, 2, 3, 4), w = G(2, 4); F.rms_norm(x, [4], { weight: w, eps: 1e-6 }).mul(R(4, 2, 3, 4)).sum().backward(); return [x.grad, w.grad]; },
    py: "x, w = G(1, 2, 3, 4), G(2, 4); F.rms_norm(x, [4], weight=w, eps=1e-6).mul(R(4, 2, 3, 4)).sum().backward(); r = [x.grad, w.grad]",
  },
  { name: "normalize", ts: () => F.normalize(R(1, 3, 4)), py: "r = F.normalize(R(1, 3, 4))" },
  { name: "normalize p dim", ts: () => F.normalize(R(1, 3, 4), 1.0, 0), py: "r = F.normalize(R(1, 3, 4), 1.0, 0)" },
  { name: "normalize by name", ts: () => F.normalize(R(1, 3, 4), { dim: -1, eps: 0.5 }), py: "r = F.normalize(R(1, 3, 4), dim=-1, eps=0.5)" },
  { name: "normalize zero row", ts: () => F.normalize(torch.zeros(2, 3)), py: "r = F.normalize(torch.zeros(2, 3))" },
  {
    name: "normalize grads",
    ts: () => { const x = G(1, 3, 4); F.normalize(x, { dim: 1 }).mul(R(2, 3, 4)).sum().backward(); return x.grad; },
    py: "x = G(1, 3, 4); F.normalize(x, dim=1).mul(R(2, 3, 4)).sum().backward(); r = x.grad",
  },
];

const QKV = "q, k, v = R(1, 2, 3, 5, 4), R(2, 2, 3, 6, 4), R(3, 2, 3, 6, 4)";
const qkv = () => [R(1, 2, 3, 5, 4), R(2, 2, 3, 6, 4), R(3, 2, 3, 6, 4)] as const;
const attention: Case[] = [
  { name: "sdpa", ts: () => F.scaled_dot_product_attention(...qkv()), py: `${QKV}; r = F.scaled_dot_product_attention(q, k, v)` },
  {
    name: "sdpa causal",
    ts: () => { const x = R(1, 2, 3, 5, 4); return F.scaled_dot_product_attention(x, x, x, { is_causal: true }); },
    py: "x = R(1, 2, 3, 5, 4); r = F.scaled_dot_product_attention(x, x, x, is_causal=True)",
  },
  {
    name: "sdpa boolean mask and scale",
    ts: () => { const [q, k, v] = qkv(); return F.scaled_dot_product_attention(q, k, v, R(4, 5, 6).gt(0), { scale: 0.3 }); },
    py: `${QKV}; r = F.scaled_dot_product_attention(q, k, v, R(4, 5, 6).gt(0), scale=0.3)`,
  },
  {
    name: "sdpa float mask",
    ts: () => { const [q, k, v] = qkv(); return F.scaled_dot_product_attention(q, k, v, R(4, 5, 6)); },
    py: `${QKV}; r = F.scaled_dot_product_attention(q, k, v, R(4, 5, 6))`,
  },
  {
    name: "sdpa enable_gqa",
    ts: () => F.scaled_dot_product_attention(R(1, 2, 4, 5, 4), R(2, 2, 2, 5, 4), R(3, 2, 2, 5, 4), { enable_gqa: true }),
    py: "r = F.scaled_dot_product_attention(R(1, 2, 4, 5, 4), R(2, 2, 2, 5, 4), R(3, 2, 2, 5, 4), enable_gqa=True)",
  },
  {
    name: "sdpa dropout",
    ts: () => { const [q, k, v] = qkv(); torch.manual_seed(9); return F.scaled_dot_product_attention(q, k, v, null, 0.5); },
    py: `${QKV}; torch.manual_seed(9); r = F.scaled_dot_product_attention(q, k, v, None, 0.5)`,
  },
  {
    name: "sdpa grads",
    ts: () => {
      const q = G(1, 2, 3, 5, 4), k = G(2, 2, 3, 6, 4), v = G(3, 2, 3, 6, 4);
      F.scaled_dot_product_attention(q, k, v).mul(R(4, 2, 3, 5, 4)).sum().backward();
      return [q.grad, k.grad, v.grad];
    },
    py: "q, k, v = G(1, 2, 3, 5, 4), G(2, 2, 3, 6, 4), G(3, 2, 3, 6, 4); F.scaled_dot_product_attention(q, k, v).mul(R(4, 2, 3, 5, 4)).sum().backward(); r = [q.grad, k.grad, v.grad]",
  },
  { name: "sdpa missing key and value", ts: () => call(F.scaled_dot_product_attention, R(1, 2, 3)), py: "r = F.scaled_dot_product_attention(R(1, 2, 3))" },
  { name: "sdpa scale is keyword-only", ts: () => { const [q, k, v] = qkv(); return call(F.scaled_dot_product_attention, q, k, v, null, 0.0, false, 0.5); }, py: `${QKV}; r = F.scaled_dot_product_attention(q, k, v, None, 0.0, False, 0.5)` },
];

const padAndOneHot: Case[] = [
  { name: "pad constant", ts: () => F.pad(R(1, 2, 3), [1, 2]), py: "r = F.pad(R(1, 2, 3), [1, 2])" },
  { name: "pad constant value", ts: () => F.pad(R(1, 2, 3), [1, 2, 0, 1], "constant", 2.5), py: "r = F.pad(R(1, 2, 3), [1, 2, 0, 1], 'constant', 2.5)" },
  { name: "pad value by name", ts: () => F.pad(R(1, 2, 3), [1, 1], { value: -1 }), py: "r = F.pad(R(1, 2, 3), [1, 1], value=-1)" },
  { name: "pad negative crops", ts: () => F.pad(R(1, 2, 5), [-1, -2]), py: "r = F.pad(R(1, 2, 5), [-1, -2])" },
  { name: "pad reflect", ts: () => F.pad(R(1, 1, 2, 4), [2, 1], { mode: "reflect" }), py: "r = F.pad(R(1, 1, 2, 4), [2, 1], mode='reflect')" },
  { name: "pad replicate", ts: () => F.pad(R(1, 1, 2, 3), [1, 2, 2, 1], "replicate"), py: "r = F.pad(R(1, 1, 2, 3), [1, 2, 2, 1], 'replicate')" },
  { name: "pad circular", ts: () => F.pad(R(1, 1, 2, 3), [1, 1], "circular"), py: "r = F.pad(R(1, 1, 2, 3), [1, 1], 'circular')" },
  {
    name: "pad grads",
    ts: () => { const x = G(1, 1, 2, 4); F.pad(x, [2, 1], "reflect").mul(R(2, 1, 2, 7)).sum().backward(); return x.grad; },
    py: "x = G(1, 1, 2, 4); F.pad(x, [2, 1], 'reflect').mul(R(2, 1, 2, 7)).sum().backward(); r = x.grad",
  },
  { name: "pad bad mode", ts: () => call(F.pad, R(1, 2, 3), [1, 1], "bad"), py: "r = F.pad(R(1, 2, 3), [1, 1], 'bad')" },
  { name: "pad odd length", ts: () => F.pad(R(1, 2, 3), [1, 1, 1]), py: "r = F.pad(R(1, 2, 3), [1, 1, 1])" },
  { name: "one_hot", ts: () => F.one_hot(long([0, 3, 1])), py: "r = F.one_hot(torch.tensor([0, 3, 1]))" },
  { name: "one_hot num_classes", ts: () => F.one_hot(long([[0, 3], [1, 2]]), 6), py: "r = F.one_hot(torch.tensor([[0, 3], [1, 2]]), 6)" },
  { name: "one_hot by name", ts: () => F.one_hot(long([1]), { num_classes: 3 }), py: "r = F.one_hot(torch.tensor([1]), num_classes=3)" },
  { name: "one_hot negative", ts: () => F.one_hot(long([-1, 2])), py: "r = F.one_hot(torch.tensor([-1, 2]))" },
  { name: "one_hot too few classes", ts: () => F.one_hot(long([0, 5]), 3), py: "r = F.one_hot(torch.tensor([0, 5]), 3)" },
  { name: "one_hot float input", ts: () => F.one_hot(R(1, 3)), py: "r = F.one_hot(R(1, 3))" },
];

const families: [string, Case[]][] = [
  ["linear", linear],
  ["embedding", embedding],
  ["cross_entropy", crossEntropy],
  ["nll_loss", nll],
  ["mse_loss", mse],
  ["binary_cross_entropy_with_logits", bce],
  ["softmax", softmaxes],
  ["activations", activations],
  ["dropout and normalisation", dropoutAndNorms],
  ["scaled_dot_product_attention", attention],
  ["pad and one_hot", padAndOneHot],
];

// Before the cases below, which raise the same warnings.
describe("F: warnings", () => {
  it("warns as Python does", async () => {
    expect(await warningsOf(() => F.softmax(R(1, 2, 3)))).toStrictEqual([
      "UserWarning: Implicit dimension choice for softmax has been deprecated. Change the call to include dim=X as an argument.",
    ]);
    expect(await warningsOf(() => F.mse_loss(R(1, 3, 1), R(2, 3)))).toStrictEqual([
      "UserWarning: Using a target size (torch.Size([3])) that is different to the input size (torch.Size([3, 1])). " +
        "This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.",
    ]);
    expect(await warningsOf(() => F.nll_loss(R(1, 2, 3), long([0, 1]), { size_average: false }))).toStrictEqual([
      "UserWarning: size_average and reduce args will be deprecated, please use reduction='sum' instead.",
    ]);
    expect(await warningsOf(() => F.mse_loss(R(1, 3), R(2, 3)))).toStrictEqual([]);
    // Once per message, as Python's default filter shows a warning once per call site.
    expect(await warningsOf(() => F.softmax(R(1, 2, 3)))).toStrictEqual([]);
  });
});

describeAgainstPython(families, PRELUDE, (family) => `F.${family} against Python torch 2.11`);

describe("F: TS-only behaviour", () => {
  it("positional and named arguments bind alike", () => {
    const x = R(1, 4, 5);
    const w = R(2, 5).abs();
    const a = F.cross_entropy(x, y(), w, null, 2, null, "sum", 0.1);
    const b = F.cross_entropy(x, y(), { weight: w, ignore_index: 2, reduction: "sum", label_smoothing: 0.1 });
    const c = call(F.cross_entropy, { input: x, target: y(), weight: w, ignore_index: 2, reduction: "sum", label_smoothing: 0.1 }) as T;
    expect(a.item()).toBe(b.item());
    expect(a.item()).toBe(c.item());
  });

  it("AssertionError is named as Python's", () => {
    try {
      F.embedding(long([0]), R(1, 3, 2), 5);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(F.AssertionError);
      expect((e as Error).name).toBe("AssertionError");
    }
  });
});
