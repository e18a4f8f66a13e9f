// torch.nn.functional's activations and softmax family against Python torch 2.11 on the same
// inputs: values, gradients, in-place forms, random ones under the same seed, and errors
// (class and message). Exact equality unless a case states a tolerance.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { F, type T, call, R, G, SEEDED_PRELUDE } from "./helpers/seeded";
import { Case, warningsOf, describeAgainstPython } from "./helpers/compare";



/** R(seed, ...shape): standard normal samples after manual_seed(seed), in both languages. */
const PRELUDE = SEEDED_PRELUDE;

/** fn(x, ...) on G(1, 3, 4) and the gradient of its sum of squares: [output, x.grad]. */
function grad(name: string, ts: (x: T) => T, py: string, atol?: number): Case {
  return {
    name: `${name} grads`,
    ts: () => {
      const x = G(1, 3, 4);
      const y = ts(x);
      y.pow(2).sum().backward();
      return [y, x.grad];
    },
    py: `x = G(1, 3, 4); y = ${py}; y.pow(2).sum().backward(); r = [y, x.grad]`,
    atol,
  };
}

/** An in-place form on a clone: [its result, the clone], the same tensor twice. */
function inplace(name: string, ts: (x: T) => T, py: string): Case {
  return {
    name: `${name} in place`,
    ts: () => {
      const x = R(1, 3, 4);
      const y = ts(x);
      return [y, x, torch.tensor(y === x)];
    },
    py: `x = R(1, 3, 4); y = ${py}; r = [y, x, torch.tensor(y is x)]`,
  };
}

const rectifiers: Case[] = [
  { name: "threshold", ts: () => F.threshold(R(1, 3, 4), 0.1, 20), py: "r = F.threshold(R(1, 3, 4), 0.1, 20)" },
  { name: "threshold by name", ts: () => F.threshold(R(1, 3, 4), { threshold: -0.5, value: -2.5 }), py: "r = F.threshold(R(1, 3, 4), threshold=-0.5, value=-2.5)" },
  grad("threshold", (x) => F.threshold(x, 0.2, -1), "F.threshold(x, 0.2, -1)"),
  inplace("threshold", (x) => F.threshold(x, 0.2, -1, true), "F.threshold(x, 0.2, -1, True)"),
  inplace("threshold_", (x) => F.threshold_(x, 0.2, -1), "F.threshold_(x, 0.2, -1)"),
  { name: "threshold missing value", ts: () => call(F.threshold, R(1, 3), 0.5), py: "r = F.threshold(R(1, 3), 0.5)" },
  { name: "threshold_ missing value", ts: () => call(F.threshold_, R(1, 3), 0.5), py: "r = F.threshold_(R(1, 3), 0.5)" },
  grad("relu", (x) => F.relu(x), "F.relu(x)"),
  inplace("relu", (x) => F.relu(x, true), "F.relu(x, True)"),
  inplace("relu_", (x) => F.relu_(x), "F.relu_(x)"),
  { name: "relu in place on a leaf that requires grad", ts: () => F.relu(G(1, 3), { inplace: true }), py: "r = F.relu(G(1, 3), inplace=True)" },
  { name: "relu_ too many arguments", ts: () => call(F.relu_, R(1, 3), 1), py: "r = F.relu_(R(1, 3), 1)" },
  grad("relu6", (x) => F.relu6(x.mul(4)), "F.relu6(x.mul(4))"),
  inplace("relu6", (x) => F.relu6(x, true), "F.relu6(x, True)"),
  grad("glu", (x) => F.glu(x), "F.glu(x)"),
  grad("glu dim 0", (x) => F.glu(x.index("0:2"), 0), "F.glu(x[0:2], 0)"),
  { name: "glu of a scalar", ts: () => F.glu(torch.tensor(1.5)), py: "r = F.glu(torch.tensor(1.5))" },
  { name: "glu odd size", ts: () => F.glu(R(1, 3, 3)), py: "r = F.glu(R(1, 3, 3))" },
  grad("hardtanh", (x) => F.hardtanh(x, -0.5, 0.7), "F.hardtanh(x, -0.5, 0.7)"),
  inplace("hardtanh", (x) => F.hardtanh(x, { inplace: true }), "F.hardtanh(x, inplace=True)"),
  inplace("hardtanh_", (x) => F.hardtanh_(x, -0.5, 0.5), "F.hardtanh_(x, -0.5, 0.5)"),
  { name: "hardtanh min above max", ts: () => F.hardtanh(R(1, 3), 1, 0), py: "r = F.hardtanh(R(1, 3), 1., 0.)" },
  grad("elu", (x) => F.elu(x, 0.5), "F.elu(x, 0.5)"),
  inplace("elu", (x) => F.elu(x, 0.5, true), "F.elu(x, 0.5, True)"),
  inplace("elu_", (x) => F.elu_(x, 0.5), "F.elu_(x, 0.5)"),
  grad("selu", (x) => F.selu(x), "F.selu(x)"),
  inplace("selu", (x) => F.selu(x, true), "F.selu(x, True)"),
  inplace("selu_", (x) => F.selu_(x), "F.selu_(x)"),
  grad("celu", (x) => F.celu(x, 0.7), "F.celu(x, 0.7)"),
  inplace("celu", (x) => F.celu(x, { alpha: 0.7, inplace: true }), "F.celu(x, alpha=0.7, inplace=True)"),
  inplace("celu_", (x) => F.celu_(x, 0.7), "F.celu_(x, 0.7)"),
  { name: "celu alpha 0", ts: () => F.celu(R(1, 3), 0), py: "r = F.celu(R(1, 3), 0.)" },
  grad("leaky_relu", (x) => F.leaky_relu(x, 0.2), "F.leaky_relu(x, 0.2)"),
  inplace("leaky_relu", (x) => F.leaky_relu(x, 0.2, true), "F.leaky_relu(x, 0.2, True)"),
  inplace("leaky_relu_", (x) => F.leaky_relu_(x, 0.3), "F.leaky_relu_(x, 0.3)"),
  {
    name: "prelu grads",
    ts: () => { const x = G(1, 2, 3, 4), w = G(2, 3); const y = F.prelu(x, w); y.pow(2).sum().backward(); return [y, x.grad, w.grad]; },
    py: "x, w = G(1, 2, 3, 4), G(2, 3); y = F.prelu(x, w); y.pow(2).sum().backward(); r = [y, x.grad, w.grad]",
  },
  { name: "prelu one weight", ts: () => F.prelu(R(1, 2, 3), torch.tensor([0.25])), py: "r = F.prelu(R(1, 2, 3), torch.tensor([0.25]))" },
  { name: "prelu wrong weight size", ts: () => F.prelu(R(1, 2, 3), R(2, 2)), py: "r = F.prelu(R(1, 2, 3), R(2, 2))" },
  { name: "prelu missing weight", ts: () => call(F.prelu, R(1, 2, 3)), py: "r = F.prelu(R(1, 2, 3))" },
  { name: "prelu weight by name only", ts: () => call(F.prelu, { weight: R(2, 3) }), py: "r = F.prelu(weight=R(2, 3))" },
  grad("rrelu (eval)", (x) => F.rrelu(x), "F.rrelu(x)"),
  grad("rrelu bounds (eval)", (x) => F.rrelu(x, 0.1, 0.3), "F.rrelu(x, 0.1, 0.3)"),
  {
    name: "rrelu training: same seed, same slopes",
    ts: () => { const x = G(1, 3, 4); torch.manual_seed(7); const y = F.rrelu(x, { training: true }); y.sum().backward(); return [y, x.grad]; },
    py: "x = G(1, 3, 4); torch.manual_seed(7); y = F.rrelu(x, training=True); y.sum().backward(); r = [y, x.grad]",
  },
  {
    name: "rrelu_ training",
    ts: () => { const x = R(1, 3, 4); torch.manual_seed(3); return F.rrelu_(x, 0.2, 0.4, true); },
    py: "x = R(1, 3, 4); torch.manual_seed(3); r = F.rrelu_(x, 0.2, 0.4, True)",
  },
  inplace("rrelu", (x) => F.rrelu(x, { inplace: true }), "F.rrelu(x, inplace=True)"),
];

const smooth: Case[] = [
  grad("logsigmoid", (x) => F.logsigmoid(x), "F.logsigmoid(x)"),
  grad("gelu tanh", (x) => F.gelu(x, { approximate: "tanh" }), "F.gelu(x, approximate='tanh')"),
  { name: "gelu approximate positional", ts: () => call(F.gelu, R(1, 3), "tanh"), py: "r = F.gelu(R(1, 3), 'tanh')" },
  grad("hardshrink", (x) => F.hardshrink(x, 0.3), "F.hardshrink(x, 0.3)"),
  { name: "hardshrink default", ts: () => F.hardshrink(R(1, 3, 4)), py: "r = F.hardshrink(R(1, 3, 4))" },
  { name: "hardshrink too many", ts: () => call(F.hardshrink, R(1, 3), 0.5, 1), py: "r = F.hardshrink(R(1, 3), 0.5, 1)" },
  grad("softshrink", (x) => F.softshrink(x, 0.3), "F.softshrink(x, 0.3)"),
  { name: "softshrink negative lambda", ts: () => F.softshrink(R(1, 3), -0.5), py: "r = F.softshrink(R(1, 3), -0.5)" },
  grad("tanhshrink", (x) => F.tanhshrink(x), "F.tanhshrink(x)"),
  { name: "tanhshrink of an int", ts: () => call(F.tanhshrink, 3), py: "r = F.tanhshrink(3)" },
  grad("softsign", (x) => F.softsign(x), "F.softsign(x)"),
  grad("softplus", (x) => F.softplus(x, 2, 1), "F.softplus(x, 2, 1)"),
  grad("hardsigmoid", (x) => F.hardsigmoid(x.mul(3)), "F.hardsigmoid(x.mul(3))"),
  inplace("hardsigmoid", (x) => F.hardsigmoid(x, true), "F.hardsigmoid(x, True)"),
  grad("silu", (x) => F.silu(x), "F.silu(x)"),
  inplace("silu", (x) => F.silu(x, true), "F.silu(x, True)"),
  grad("mish", (x) => F.mish(x), "F.mish(x)"),
  inplace("mish", (x) => F.mish(x, true), "F.mish(x, True)"),
  grad("hardswish", (x) => F.hardswish(x.mul(3)), "F.hardswish(x.mul(3))"),
  inplace("hardswish", (x) => F.hardswish(x, { inplace: true }), "F.hardswish(x, inplace=True)"),
  { name: "tanh of an int", ts: () => call(F.tanh, 3), py: "r = F.tanh(3)" },
  { name: "sigmoid missing input", ts: () => call(F.sigmoid), py: "r = F.sigmoid()" },
];

const softmaxes: Case[] = [
  grad("softmin", (x) => F.softmin(x, 1), "F.softmin(x, 1)"),
  { name: "softmin dim 0 float64", ts: () => F.softmin(R(1, 3, 4), 0, 3, torch.float64), py: "r = F.softmin(R(1, 3, 4), 0, 3, torch.float64)" },
  { name: "softmin dtype by name", ts: () => F.softmin(R(1, 3, 4), { dim: -1, dtype: torch.float64 }), py: "r = F.softmin(R(1, 3, 4), dim=-1, dtype=torch.float64)" },
  { name: "softmin implicit dim", ts: () => F.softmin(R(1, 2, 3, 4)), py: "r = F.softmin(R(1, 2, 3, 4))" },
  { name: "softmin bad dim", ts: () => F.softmin(R(1, 2, 3), 5), py: "r = F.softmin(R(1, 2, 3), 5)" },
  {
    name: "gumbel_softmax: same seed, same sample",
    ts: () => { const x = G(1, 3, 5); torch.manual_seed(11); const y = F.gumbel_softmax(x, 0.5); y.pow(2).sum().backward(); return [y, x.grad]; },
    py: "x = G(1, 3, 5); torch.manual_seed(11); y = F.gumbel_softmax(x, 0.5); y.pow(2).sum().backward(); r = [y, x.grad]",
  },
  {
    name: "gumbel_softmax hard (straight through)",
    ts: () => {
      const x = G(1, 3, 5);
      torch.manual_seed(12);
      const y = F.gumbel_softmax(x, { tau: 2, hard: true, dim: 0 });
      y.mul(R(5, 3, 5)).sum().backward();
      return [y, x.grad];
    },
    py: "x = G(1, 3, 5); torch.manual_seed(12); y = F.gumbel_softmax(x, tau=2, hard=True, dim=0); y.mul(R(5, 3, 5)).sum().backward(); r = [y, x.grad]",
  },
  { name: "gumbel_softmax missing logits", ts: () => call(F.gumbel_softmax), py: "r = F.gumbel_softmax()" },
];

describe("F activations: warnings", () => {
  it("warns as Python does", async () => {
    expect(await warningsOf(() => F.softmin(R(1, 2, 3)))).toStrictEqual([
      "UserWarning: Implicit dimension choice for softmin has been deprecated. Change the call to include dim=X as an argument.",
    ]);
    expect(await warningsOf(() => F.gumbel_softmax(R(1, 2, 3), { eps: 1e-5 }))).toStrictEqual([
      "UserWarning: `eps` parameter is deprecated and has no effect.",
    ]);
    expect(await warningsOf(() => F.gumbel_softmax(R(1, 2, 3), { eps: 1e-10 }))).toStrictEqual([]);
  });
});

const families: [string, Case[]][] = [
  ["thresholds and rectifiers", rectifiers],
  ["smooth activations", smooth],
  ["softmin and gumbel_softmax", softmaxes],
];
describeAgainstPython(families, PRELUDE, (family) => `F ${family} against Python torch 2.11`);

describe("F activations: TS-only behaviour", () => {
  it("the aliases are the ATen functions", () => {
    const x = R(1, 5);
    expect(F.prelu(x, torch.tensor([0.5])).eq(torch.prelu(x, torch.tensor([0.5]))).all().item()).toBe(true);
    expect(F.softshrink(x).eq(torch._C._nn.softshrink(x)).all().item()).toBe(true);
  });
});
