// torch.distributions against Python torch 2.11: after the same manual_seed every sample is
// bitwise Python's (and so is a torch.rand drawn after it: the generator advanced as much);
// rsample gradients, log_prob / entropy / moments / cdf, shapes, validate_args errors (class
// and message) and kl_divergence for each pair are Python's.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { Case, expectSame, pythonResults, warningsOf } from "./helpers/compare";

type T = InstanceType<typeof torch.Tensor>;
const D = torch.distributions;
const t = (v: unknown, requires_grad = false) => torch.tensor(v as never, { dtype: torch.float32, requires_grad } as never) as T;
const PRELUDE = "import torch.distributions as D\ndef t(v, g=False): return torch.tensor(v, dtype=torch.float32, requires_grad=g)";

/** Seeds with 0, runs fn, and appends a torch.rand(2) drawn after (the generator's state). */
function seeded(fn: () => T | T[]): T[] {
  torch.manual_seed(0);
  const out = fn();
  return [...(Array.isArray(out) ? out : [out]), torch.rand(2) as T];
}
const pySeeded = (expr: string) => `torch.manual_seed(0)\nout = ${expr}\nr = (list(out) if isinstance(out, (list, tuple)) else [out]) + [torch.rand(2)]`;

// Distributions built the same way on both sides: [name, TS factory, Python expression].
const dists: [string, () => InstanceType<typeof D.Distribution>, string][] = [
  ["Normal", () => new D.Normal(t([0.5, -1.25, 3.0]), t([1.0, 0.25, 2.5])), "D.Normal(t([0.5, -1.25, 3.0]), t([1.0, 0.25, 2.5]))"],
  ["Normal scalar", () => new D.Normal(0.5, 2.5), "D.Normal(0.5, 2.5)"],
  ["Categorical probs", () => new D.Categorical(t([0.1, 0.2, 0.3, 0.4])), "D.Categorical(t([0.1, 0.2, 0.3, 0.4]))"],
  ["Categorical logits batched", () => new D.Categorical({ logits: t([[0.5, -1.0, 2.0], [0.0, 0.25, -0.75]]) }), "D.Categorical(logits=t([[0.5, -1.0, 2.0], [0.0, 0.25, -0.75]]))"],
  ["Bernoulli probs", () => new D.Bernoulli(t([0.1, 0.5, 0.9])), "D.Bernoulli(t([0.1, 0.5, 0.9]))"],
  ["Bernoulli logits", () => new D.Bernoulli({ logits: t([-2.0, 0.0, 1.5]) }), "D.Bernoulli(logits=t([-2.0, 0.0, 1.5]))"],
  ["Uniform", () => new D.Uniform(t([0.0, -1.5]), t([1.0, 2.5])), "D.Uniform(t([0.0, -1.5]), t([1.0, 2.5]))"],
  ["Beta", () => new D.Beta(t([0.5, 2.5]), t([1.5, 3.25])), "D.Beta(t([0.5, 2.5]), t([1.5, 3.25]))"],
  ["Beta scalar", () => new D.Beta(2.5, 1.5), "D.Beta(2.5, 1.5)"],
  ["Gamma", () => new D.Gamma(t([0.5, 2.5, 7.0]), t([1.5, 0.25, 2.0])), "D.Gamma(t([0.5, 2.5, 7.0]), t([1.5, 0.25, 2.0]))"],
  ["Dirichlet", () => new D.Dirichlet(t([[0.5, 1.5, 2.5], [3.0, 0.75, 1.0]])), "D.Dirichlet(t([[0.5, 1.5, 2.5], [3.0, 0.75, 1.0]]))"],
  ["MultivariateNormal covariance", () => new D.MultivariateNormal(t([0.5, -1.0]), { covariance_matrix: t([[2.0, 0.5], [0.5, 1.5]]) }), "D.MultivariateNormal(t([0.5, -1.0]), covariance_matrix=t([[2.0, 0.5], [0.5, 1.5]]))"],
  ["MultivariateNormal scale_tril batched", () => new D.MultivariateNormal(t([[0.5, -1.0], [1.5, 2.0]]), { scale_tril: t([[1.5, 0.0], [0.5, 0.75]]) }), "D.MultivariateNormal(t([[0.5, -1.0], [1.5, 2.0]]), scale_tril=t([[1.5, 0.0], [0.5, 0.75]]))"],
  ["MultivariateNormal precision", () => new D.MultivariateNormal(t([0.5, -1.0, 0.25]), { precision_matrix: t([[2.0, 0.5, 0.0], [0.5, 1.5, 0.25], [0.0, 0.25, 1.0]]) }), "D.MultivariateNormal(t([0.5, -1.0, 0.25]), precision_matrix=t([[2.0, 0.5, 0.0], [0.5, 1.5, 0.25], [0.0, 0.25, 1.0]]))"],
  ["Independent Normal", () => new D.Independent(new D.Normal(t([[0.5, 1.5], [-0.5, 2.0]]), t([[1.0, 0.5], [2.0, 0.25]])), 1), "D.Independent(D.Normal(t([[0.5, 1.5], [-0.5, 2.0]]), t([[1.0, 0.5], [2.0, 0.25]])), 1)"],
  ["Exponential", () => new D.Exponential(t([0.5, 1.5, 4.0])), "D.Exponential(t([0.5, 1.5, 4.0]))"],
  ["Laplace", () => new D.Laplace(t([0.5, -1.5]), t([1.0, 0.25])), "D.Laplace(t([0.5, -1.5]), t([1.0, 0.25]))"],
  ["Poisson", () => new D.Poisson(t([0.5, 2.5, 10.0])), "D.Poisson(t([0.5, 2.5, 10.0]))"],
  ["OneHotCategorical", () => new D.OneHotCategorical(t([0.1, 0.6, 0.3])), "D.OneHotCategorical(t([0.1, 0.6, 0.3]))"],
  ["Binomial probs", () => new D.Binomial(10, t([0.1, 0.5, 0.85])), "D.Binomial(10, t([0.1, 0.5, 0.85]))"],
  ["Binomial logits tensor count", () => new D.Binomial(t([3.0, 7.0]), { logits: t([-0.5, 1.25]) }), "D.Binomial(t([3.0, 7.0]), logits=t([-0.5, 1.25]))"],
  ["LogNormal", () => new D.LogNormal(t([0.5, -1.0]), t([1.0, 0.25])), "D.LogNormal(t([0.5, -1.0]), t([1.0, 0.25]))"],
  ["LogNormal scalar", () => new D.LogNormal(0.5, 1.5), "D.LogNormal(0.5, 1.5)"],
  ["Cauchy", () => new D.Cauchy(t([0.5, -1.5]), t([1.0, 0.25])), "D.Cauchy(t([0.5, -1.5]), t([1.0, 0.25]))"],
  ["HalfNormal", () => new D.HalfNormal(t([1.0, 0.25, 3.5])), "D.HalfNormal(t([1.0, 0.25, 3.5]))"],
  ["Geometric probs", () => new D.Geometric(t([0.1, 0.5, 0.9])), "D.Geometric(t([0.1, 0.5, 0.9]))"],
  ["Geometric logits", () => new D.Geometric({ logits: t([-1.5, 0.25]) }), "D.Geometric(logits=t([-1.5, 0.25]))"],
  ["Multinomial", () => new D.Multinomial(7, t([[0.1, 0.6, 0.3], [0.25, 0.25, 0.5]])), "D.Multinomial(7, t([[0.1, 0.6, 0.3], [0.25, 0.25, 0.5]]))"],
  [
    "MixtureSameFamily of Normals",
    () => new D.MixtureSameFamily(new D.Categorical(t([0.2, 0.5, 0.3])), new D.Normal(t([-1.0, 0.5, 2.0]), t([0.25, 1.0, 0.5]))),
    "D.MixtureSameFamily(D.Categorical(t([0.2, 0.5, 0.3])), D.Normal(t([-1.0, 0.5, 2.0]), t([0.25, 1.0, 0.5])))",
  ],
  [
    "MixtureSameFamily of batched 2-D Independent Normals",
    () => new D.MixtureSameFamily(new D.Categorical({ logits: t([[0.5, -0.5], [1.0, 0.0]]) }), new D.Independent(new D.Normal(t([[[0.0, 1.0], [2.0, -1.0]], [[0.5, 0.5], [-2.0, 1.5]]]), t([[[1.0, 0.5], [0.25, 2.0]], [[1.5, 0.75], [0.5, 1.0]]])), 1)),
    "D.MixtureSameFamily(D.Categorical(logits=t([[0.5, -0.5], [1.0, 0.0]])), D.Independent(D.Normal(t([[[0.0, 1.0], [2.0, -1.0]], [[0.5, 0.5], [-2.0, 1.5]]]), t([[[1.0, 0.5], [0.25, 2.0]], [[1.5, 0.75], [0.5, 1.0]]])), 1))",
  ],
  ["Gumbel", () => new D.Gumbel(t([0.5, -1.5]), t([1.0, 0.25])), "D.Gumbel(t([0.5, -1.5]), t([1.0, 0.25]))"],
  ["Gumbel scalar", () => new D.Gumbel(0.5, 2.0), "D.Gumbel(0.5, 2.0)"],
  ["Pareto", () => new D.Pareto(t([1.0, 0.25, 2.0]), t([0.5, 2.5, 3.5])), "D.Pareto(t([1.0, 0.25, 2.0]), t([0.5, 2.5, 3.5]))"],
  ["Weibull", () => new D.Weibull(t([1.0, 0.25]), t([0.5, 2.5])), "D.Weibull(t([1.0, 0.25]), t([0.5, 2.5]))"],
  ["HalfCauchy", () => new D.HalfCauchy(t([1.0, 0.25])), "D.HalfCauchy(t([1.0, 0.25]))"],
  ["NegativeBinomial probs", () => new D.NegativeBinomial(t([3.0, 5.5]), t([0.25, 0.75])), "D.NegativeBinomial(t([3.0, 5.5]), t([0.25, 0.75]))"],
  ["NegativeBinomial logits", () => new D.NegativeBinomial(4, { logits: t([-0.5, 1.25]) }), "D.NegativeBinomial(4, logits=t([-0.5, 1.25]))"],
  ["OneHotCategoricalStraightThrough", () => new D.OneHotCategoricalStraightThrough(t([0.1, 0.6, 0.3])), "D.OneHotCategoricalStraightThrough(t([0.1, 0.6, 0.3]))"],
  ["RelaxedBernoulli", () => new D.RelaxedBernoulli(t(0.5), t([0.1, 0.5, 0.9])), "D.RelaxedBernoulli(t(0.5), t([0.1, 0.5, 0.9]))"],
  ["LogitRelaxedBernoulli logits", () => new D.relaxed_bernoulli.LogitRelaxedBernoulli(t([0.25, 2.0]), { logits: t([-1.5, 0.75]) }), "D.relaxed_bernoulli.LogitRelaxedBernoulli(t([0.25, 2.0]), logits=t([-1.5, 0.75]))"],
  ["RelaxedOneHotCategorical", () => new D.RelaxedOneHotCategorical(t(0.75), t([[0.1, 0.6, 0.3], [0.25, 0.25, 0.5]])), "D.RelaxedOneHotCategorical(t(0.75), t([[0.1, 0.6, 0.3], [0.25, 0.25, 0.5]]))"],
  ["ExpRelaxedCategorical logits", () => new D.relaxed_categorical.ExpRelaxedCategorical(t(1.5), { logits: t([0.5, -1.0, 2.0]) }), "D.relaxed_categorical.ExpRelaxedCategorical(t(1.5), logits=t([0.5, -1.0, 2.0]))"],
  ["InverseGamma", () => new D.InverseGamma(t([0.5, 2.5, 3.5]), t([1.5, 0.25, 2.0])), "D.InverseGamma(t([0.5, 2.5, 3.5]), t([1.5, 0.25, 2.0]))"],
  ["FisherSnedecor", () => new D.FisherSnedecor(t([1.5, 3.0, 6.5]), t([1.5, 3.0, 8.5])), "D.FisherSnedecor(t([1.5, 3.0, 6.5]), t([1.5, 3.0, 8.5]))"],
  ["Chi2", () => new D.Chi2(t([0.5, 2.5, 7.0])), "D.Chi2(t([0.5, 2.5, 7.0]))"],
  ["StudentT", () => new D.StudentT(t([0.75, 1.5, 2.5, 7.0]), t([0.5, -1.0, 0.0, 2.0]), t([1.0, 0.5, 2.0, 0.25])), "D.StudentT(t([0.75, 1.5, 2.5, 7.0]), t([0.5, -1.0, 0.0, 2.0]), t([1.0, 0.5, 2.0, 0.25]))"],
  [
    "TransformedDistribution sigmoid(affine(Normal))",
    () => new D.TransformedDistribution(new D.Normal(t([0.5, -1.0]), t([1.0, 0.25])), [new D.AffineTransform(0.5, 2.0), new D.SigmoidTransform()]),
    "D.TransformedDistribution(D.Normal(t([0.5, -1.0]), t([1.0, 0.25])), [D.AffineTransform(0.5, 2.0), D.SigmoidTransform()])",
  ],
  [
    "TransformedDistribution tanh (squashed Gaussian)",
    () => new D.TransformedDistribution(new D.Normal(t([0.5, -1.0]), t([1.0, 0.25])), new D.TanhTransform()),
    "D.TransformedDistribution(D.Normal(t([0.5, -1.0]), t([1.0, 0.25])), D.TanhTransform())",
  ],
  [
    "TransformedDistribution affine with tensors, event_dim 1",
    () => new D.TransformedDistribution(new D.Normal(t([0.5, -1.0]), t([1.0, 0.25])), new D.AffineTransform(t([1.0, 2.0]), t([0.5, -3.0]), 1)),
    "D.TransformedDistribution(D.Normal(t([0.5, -1.0]), t([1.0, 0.25])), D.AffineTransform(t([1.0, 2.0]), t([0.5, -3.0]), 1))",
  ],
  [
    "TransformedDistribution power, softplus, inverse exp",
    () => new D.TransformedDistribution(new D.Gamma(t([2.5, 0.75]), t([1.0, 2.0])), [new D.PowerTransform(t(0.5)), new D.ExpTransform().inv, new D.SoftplusTransform()]),
    "D.TransformedDistribution(D.Gamma(t([2.5, 0.75]), t([1.0, 2.0])), [D.PowerTransform(t(0.5)), D.ExpTransform().inv, D.SoftplusTransform()])",
  ],
];

const tryProp = (f: () => unknown) => {
  try {
    return f();
  } catch (e) {
    return (e as Error).name;
  }
};
const pyTry = (expr: string) => `(lambda: ${expr})`;

const perDist: Case[] = dists.flatMap(([name, make, py]) => {
  const d = `d = ${py}`;
  return [
    { name: `${name} sample`, ts: () => seeded(() => make().sample([4])), py: `${d}\n${pySeeded("d.sample((4,))")}` },
    { name: `${name} sample()`, ts: () => seeded(() => make().sample()), py: `${d}\n${pySeeded("d.sample()")}` },
    {
      name: `${name} shapes`,
      ts: () => {
        const x = make();
        return [[...x.batch_shape], [...x.event_shape], [...x.sample([2, 3]).shape], x.has_rsample, x.has_enumerate_support, String(x)];
      },
      py: `${d}\nr = [list(d.batch_shape), list(d.event_shape), list(d.sample((2, 3)).shape), d.has_rsample, d.has_enumerate_support, repr(d)]`,
    },
    {
      name: `${name} log_prob of own samples`,
      ts: () => {
        torch.manual_seed(1);
        const x = make();
        return x.log_prob(x.sample([3]));
      },
      py: `${d}\ntorch.manual_seed(1)\nr = d.log_prob(d.sample((3,)))`,
    },
    {
      name: `${name} entropy, mean, mode, variance, stddev`,
      ts: () => {
        const x = make();
        return [tryProp(() => x.entropy()), tryProp(() => x.mean), tryProp(() => x.mode), tryProp(() => x.variance), tryProp(() => x.stddev)].map((v) => (typeof v === "string" ? null : v));
      },
      py: `${d}\ndef tp(f):\n  try: return f()\n  except NotImplementedError: return None\nr = [tp(${pyTry("d.entropy()")}), tp(${pyTry("d.mean")}), tp(${pyTry("d.mode")}), tp(${pyTry("d.variance")}), tp(${pyTry("d.stddev")})]`,
    },
    {
      name: `${name} expand`,
      ts: () => {
        const x = make().expand([5, ...make().batch_shape]);
        torch.manual_seed(2);
        return [[...x.batch_shape] as never, x.sample([2])] as unknown as T[];
      },
      py: `${d}\nx = d.expand((5,) + d.batch_shape)\ntorch.manual_seed(2)\nr = [list(x.batch_shape), x.sample((2,))]`,
    },
  ];
});
// The shapes of an expand come back as [list, tensor]: compare them as values.
for (const c of perDist.filter((c) => c.name.endsWith(" expand"))) {
  const ts = c.ts;
  c.ts = () => {
    const [shape, s] = ts() as [number[], T];
    return [shape, s.shape.slice(), s.tolist()];
  };
  c.py += "\nr = [r[0], list(r[1].shape), r[1].tolist()]";
}

const rsampleGrads: Case[] = [
  ["Normal", "D.Normal(a, b)", [0.5, -1.0], [1.5, 0.25], (a: T, b: T) => new D.Normal(a, b)],
  ["Uniform", "D.Uniform(a, b)", [0.5, -1.0], [1.5, 0.25], (a: T, b: T) => new D.Uniform(a, b)],
  ["Gamma", "D.Gamma(a, b)", [0.5, 3.5], [1.5, 0.25], (a: T, b: T) => new D.Gamma(a, b)],
  ["Beta", "D.Beta(a, b)", [0.5, 3.5], [1.5, 0.25], (a: T, b: T) => new D.Beta(a, b)],
  ["Laplace", "D.Laplace(a, b)", [0.5, -1.0], [1.5, 0.25], (a: T, b: T) => new D.Laplace(a, b)],
  ["LogNormal", "D.LogNormal(a, b)", [0.5, -1.0], [1.5, 0.25], (a: T, b: T) => new D.LogNormal(a, b)],
  [
    "TransformedDistribution tanh(affine)",
    "D.TransformedDistribution(D.Normal(a, b), [D.AffineTransform(0.25, 1.5), D.TanhTransform()])",
    [0.5, -1.0],
    [1.5, 0.25],
    (a: T, b: T) => new D.TransformedDistribution(new D.Normal(a, b), [new D.AffineTransform(0.25, 1.5), new D.TanhTransform()]),
  ],
  ["Cauchy", "D.Cauchy(a, b)", [0.5, -1.0], [1.5, 0.25], (a: T, b: T) => new D.Cauchy(a, b)],
  ["HalfNormal", "D.HalfNormal(a.abs() + b)", [0.5, -1.0], [1.5, 0.25], (a: T, b: T) => new D.HalfNormal(a.abs().add(b))],
  ["StudentT", "D.StudentT(a.abs() + 1, b)", [0.5, 3.0], [1.5, 0.25], (a: T, b: T) => new D.StudentT(a.abs().add(1), b)],
  ["Chi2", "D.Chi2(a.abs() + b)", [0.5, 3.0], [1.5, 0.25], (a: T, b: T) => new D.Chi2(a.abs().add(b))],
  ["Gumbel", "D.Gumbel(a, b)", [0.5, -1.0], [1.5, 0.25], (a: T, b: T) => new D.Gumbel(a, b)],
  ["Pareto", "D.Pareto(a.abs(), b + 2)", [0.5, -1.0], [1.5, 0.25], (a: T, b: T) => new D.Pareto(a.abs(), b.add(2))],
  ["Weibull", "D.Weibull(a.abs(), b)", [0.5, -1.0], [1.5, 0.25], (a: T, b: T) => new D.Weibull(a.abs(), b)],
  ["HalfCauchy", "D.HalfCauchy(a.abs() + b)", [0.5, -1.0], [1.5, 0.25], (a: T, b: T) => new D.HalfCauchy(a.abs().add(b))],
  ["OneHotCategoricalStraightThrough", "D.OneHotCategoricalStraightThrough(torch.stack([a.abs(), b]))", [0.5, -1.0], [1.5, 0.25], (a: T, b: T) => new D.OneHotCategoricalStraightThrough(torch.stack([a.abs(), b]))],
  ["RelaxedOneHotCategorical (Gumbel-softmax)", "D.RelaxedOneHotCategorical(b.abs(), logits=a)", [0.5, -1.0], [1.5, 0.25], (a: T, b: T) => new D.RelaxedOneHotCategorical(b.abs(), { logits: a })],
  ["RelaxedBernoulli", "D.RelaxedBernoulli(b.abs(), logits=a)", [0.5, -1.0], [1.5, 0.25], (a: T, b: T) => new D.RelaxedBernoulli(b.abs(), { logits: a })],
  ["InverseGamma", "D.InverseGamma(a.abs(), b)", [0.5, 3.0], [1.5, 0.25], (a: T, b: T) => new D.InverseGamma(a.abs(), b)],
  ["FisherSnedecor", "D.FisherSnedecor(a.abs(), b + 3)", [0.5, 3.0], [1.5, 0.25], (a: T, b: T) => new D.FisherSnedecor(a.abs(), b.add(3))],
  ["Exponential", "D.Exponential(a * b)", [0.5, 1.0], [1.5, 0.25], (a: T, b: T) => new D.Exponential(a.mul(b))],
  ["Dirichlet", "D.Dirichlet(torch.stack([a, b], -1))", [0.5, 3.5], [1.5, 0.25], (a: T, b: T) => new D.Dirichlet(torch.stack([a, b], -1))],
  [
    "MultivariateNormal scale_tril",
    "D.MultivariateNormal(a, scale_tril=torch.diag_embed(b.exp()) + torch.tril(torch.ones(2, 2), -1))",
    [0.5, -1.0],
    [1.5, 0.25],
    (a: T, b: T) => new D.MultivariateNormal(a, { scale_tril: torch.diag_embed(b.exp()).add(torch.tril(torch.ones(2, 2), -1)) }),
  ],
].map(([name, py, a, b, make]) => ({
  name: `${name} rsample gradient`,
  ts: () => {
    const [ta, tb] = [t(a, true), t(b, true)];
    torch.manual_seed(0);
    const s = (make as (a: T, b: T) => InstanceType<typeof D.Distribution>)(ta, tb).rsample([3]);
    s.mul(torch.arange(s.numel()).reshape(s.shape).add(1)).sum().backward();
    return [s.detach(), ta.grad!, tb.grad!];
  },
  py: `a, b = t(${JSON.stringify(a)}, True), t(${JSON.stringify(b)}, True)\ntorch.manual_seed(0)\ns = ${py}.rsample((3,))\n(s * (torch.arange(s.numel()).reshape(s.shape) + 1)).sum().backward()\nr = [s.detach(), a.grad, b.grad]`,
}));

const values: Case[] = [
  { name: "Normal log_prob cdf icdf", ts: () => { const n = new D.Normal(t([0.5, -1.0]), t([1.5, 0.25])); return [n.log_prob(t([0.3, 2.0])), n.cdf(t([0.3, -1.1])), n.icdf(t([0.1, 0.75]))]; }, py: "n = D.Normal(t([0.5, -1.0]), t([1.5, 0.25]))\nr = [n.log_prob(t([0.3, 2.0])), n.cdf(t([0.3, -1.1])), n.icdf(t([0.1, 0.75]))]" },
  { name: "Normal log_prob broadcast", ts: () => new D.Normal(t([0.5, -1.0]), 2.0).log_prob(t([[0.3], [1.5]])), py: "r = D.Normal(t([0.5, -1.0]), 2.0).log_prob(t([[0.3], [1.5]]))" },
  { name: "Categorical log_prob, enumerate_support", ts: () => { const c = new D.Categorical({ logits: t([[0.5, -1.0, 2.0], [0.0, 0.25, -0.75]]) }); return [c.log_prob(torch.tensor([2, 0])), c.log_prob(torch.tensor([[1], [2]])), c.enumerate_support(), c.enumerate_support(false), c.probs, c.logits]; }, py: "c = D.Categorical(logits=t([[0.5, -1.0, 2.0], [0.0, 0.25, -0.75]]))\nr = [c.log_prob(torch.tensor([2, 0])), c.log_prob(torch.tensor([[1], [2]])), c.enumerate_support(), c.enumerate_support(False), c.probs, c.logits]" },
  { name: "Categorical probs with zero: entropy", ts: () => new D.Categorical(t([0.0, 0.25, 0.75])).entropy(), py: "r = D.Categorical(t([0.0, 0.25, 0.75])).entropy()" },
  { name: "Bernoulli log_prob, logits, enumerate_support", ts: () => { const b = new D.Bernoulli(t([0.1, 0.5, 0.9])); return [b.log_prob(t([1.0, 0.0, 1.0])), b.logits, b.enumerate_support()]; }, py: "b = D.Bernoulli(t([0.1, 0.5, 0.9]))\nr = [b.log_prob(t([1.0, 0.0, 1.0])), b.logits, b.enumerate_support()]" },
  { name: "Uniform log_prob cdf icdf", ts: () => { const u = new D.Uniform(t([0.0, -1.5]), t([1.0, 2.5])); return [u.log_prob(t([0.5, 2.0])), u.cdf(t([0.25, 0.0])), u.icdf(t([0.25, 0.5]))]; }, py: "u = D.Uniform(t([0.0, -1.5]), t([1.0, 2.5]))\nr = [u.log_prob(t([0.5, 2.0])), u.cdf(t([0.25, 0.0])), u.icdf(t([0.25, 0.5]))]" },
  { name: "Beta log_prob", ts: () => new D.Beta(t([0.5, 2.5]), t([1.5, 3.25])).log_prob(t([0.25, 0.75])), py: "r = D.Beta(t([0.5, 2.5]), t([1.5, 3.25])).log_prob(t([0.25, 0.75]))" },
  { name: "Gamma log_prob cdf", ts: () => { const g = new D.Gamma(t([0.5, 2.5]), t([1.5, 0.25])); return [g.log_prob(t([0.25, 7.5])), g.cdf(t([0.25, 7.5]))]; }, py: "g = D.Gamma(t([0.5, 2.5]), t([1.5, 0.25]))\nr = [g.log_prob(t([0.25, 7.5])), g.cdf(t([0.25, 7.5]))]" },
  { name: "Dirichlet log_prob", ts: () => new D.Dirichlet(t([0.5, 1.5, 2.5])).log_prob(t([0.25, 0.25, 0.5])), py: "r = D.Dirichlet(t([0.5, 1.5, 2.5])).log_prob(t([0.25, 0.25, 0.5]))" },
  { name: "MultivariateNormal log_prob batched values, lazy matrices", ts: () => { const m = new D.MultivariateNormal(t([0.5, -1.0]), { covariance_matrix: t([[2.0, 0.5], [0.5, 1.5]]) }); return [m.log_prob(t([[0.25, 0.5], [-1.0, 2.0], [0.0, 0.0]])), m.scale_tril, m.precision_matrix, m.covariance_matrix]; }, py: "m = D.MultivariateNormal(t([0.5, -1.0]), covariance_matrix=t([[2.0, 0.5], [0.5, 1.5]]))\nr = [m.log_prob(t([[0.25, 0.5], [-1.0, 2.0], [0.0, 0.0]])), m.scale_tril, m.precision_matrix, m.covariance_matrix]" },
  { name: "Independent log_prob", ts: () => new D.Independent(new D.Normal(t([[0.5, 1.5], [-0.5, 2.0]]), t([[1.0, 0.5], [2.0, 0.25]])), 2).log_prob(t([[0.25, 1.0], [0.0, 2.5]])), py: "r = D.Independent(D.Normal(t([[0.5, 1.5], [-0.5, 2.0]]), t([[1.0, 0.5], [2.0, 0.25]])), 2).log_prob(t([[0.25, 1.0], [0.0, 2.5]]))" },
  { name: "Exponential log_prob cdf icdf", ts: () => { const e = new D.Exponential(t([0.5, 1.5])); return [e.log_prob(t([0.25, 2.0])), e.cdf(t([0.25, 2.0])), e.icdf(t([0.25, 0.5]))]; }, py: "e = D.Exponential(t([0.5, 1.5]))\nr = [e.log_prob(t([0.25, 2.0])), e.cdf(t([0.25, 2.0])), e.icdf(t([0.25, 0.5]))]" },
  { name: "Laplace log_prob cdf icdf", ts: () => { const l = new D.Laplace(t([0.5, -1.5]), t([1.0, 0.25])); return [l.log_prob(t([0.25, 2.0])), l.cdf(t([0.25, -2.0])), l.icdf(t([0.25, 0.5]))]; }, py: "l = D.Laplace(t([0.5, -1.5]), t([1.0, 0.25]))\nr = [l.log_prob(t([0.25, 2.0])), l.cdf(t([0.25, -2.0])), l.icdf(t([0.25, 0.5]))]" },
  { name: "Poisson log_prob", ts: () => new D.Poisson(t([0.5, 2.5])).log_prob(t([0.0, 3.0])), py: "r = D.Poisson(t([0.5, 2.5])).log_prob(t([0.0, 3.0]))" },
  { name: "OneHotCategorical log_prob, enumerate_support", ts: () => { const o = new D.OneHotCategorical(t([0.1, 0.6, 0.3])); return [o.log_prob(t([0.0, 1.0, 0.0])), o.enumerate_support()]; }, py: "o = D.OneHotCategorical(t([0.1, 0.6, 0.3]))\nr = [o.log_prob(t([0.0, 1.0, 0.0])), o.enumerate_support()]" },
  { name: "Binomial log_prob, enumerate_support, entropy", ts: () => { const b = new D.Binomial(5, t([0.25, 0.75])); return [b.log_prob(t([2.0, 5.0])), b.enumerate_support(), b.entropy(), b.logits]; }, py: "b = D.Binomial(5, t([0.25, 0.75]))\nr = [b.log_prob(t([2.0, 5.0])), b.enumerate_support(), b.entropy(), b.logits]" },
  { name: "LogNormal log_prob cdf icdf", ts: () => { const l = new D.LogNormal(t([0.5, -1.0]), t([1.0, 0.25])); return [l.log_prob(t([0.5, 2.0])), l.cdf(t([0.5, 2.0])), l.icdf(t([0.25, 0.75]))]; }, py: "l = D.LogNormal(t([0.5, -1.0]), t([1.0, 0.25]))\nr = [l.log_prob(t([0.5, 2.0])), l.cdf(t([0.5, 2.0])), l.icdf(t([0.25, 0.75]))]" },
  { name: "TransformedDistribution log_prob cdf icdf, decreasing affine", ts: () => { const d = new D.TransformedDistribution(new D.Normal(t([0.5, -1.0]), t([1.0, 0.25])), [new D.AffineTransform(0.5, -2.0)]); return [d.log_prob(t([0.25, 0.5])), d.cdf(t([0.25, 0.5])), d.icdf(t([0.25, 0.75]))]; }, py: "d = D.TransformedDistribution(D.Normal(t([0.5, -1.0]), t([1.0, 0.25])), [D.AffineTransform(0.5, -2.0)])\nr = [d.log_prob(t([0.25, 0.5])), d.cdf(t([0.25, 0.5])), d.icdf(t([0.25, 0.75]))]" },
  { name: "transforms: forward, inverse, log_abs_det_jacobian", ts: () => { const x = t([-1.5, 0.25, 2.0]); return [new D.ExpTransform(), new D.SigmoidTransform(), new D.TanhTransform(), new D.SoftplusTransform(), new D.AffineTransform(1.0, -0.5), new D.ComposeTransform([new D.AffineTransform(0.5, 2.0), new D.SigmoidTransform()])].flatMap((tr) => { const y = tr.__call__(x); return [y, tr.inv.__call__(y), tr.log_abs_det_jacobian(x, y)]; }); }, py: "x = t([-1.5, 0.25, 2.0])\nr = []\nfor tr in [D.ExpTransform(), D.SigmoidTransform(), D.TanhTransform(), D.SoftplusTransform(), D.AffineTransform(1.0, -0.5), D.ComposeTransform([D.AffineTransform(0.5, 2.0), D.SigmoidTransform()])]:\n    y = tr(x)\n    r += [y, tr.inv(y), tr.log_abs_det_jacobian(x, y)]" },
  ...(
    [
      ["real", "constraints.real", "D.constraints.real"],
      ["positive", "constraints.positive", "D.constraints.positive"],
      ["greater_than", "constraints.greater_than(0.5)", "D.constraints.greater_than(0.5)"],
      ["less_than tensor", "constraints.less_than(t([0.5, 1.5, -2.0]))", "D.constraints.less_than(t([0.5, 1.5, -2.0]))"],
      ["unit_interval", "constraints.unit_interval", "D.constraints.unit_interval"],
      ["interval", "constraints.interval(-1.5, 2.5)", "D.constraints.interval(-1.5, 2.5)"],
      ["half_open_interval tensor", "constraints.half_open_interval(t([0.0, 1.0, 2.0]), 3.5)", "D.constraints.half_open_interval(t([0.0, 1.0, 2.0]), 3.5)"],
      ["simplex", "constraints.simplex", "D.constraints.simplex"],
      ["independent positive", "constraints.independent(constraints.positive, 1)", "D.constraints.independent(D.constraints.positive, 1)"],
    ] as const
  ).flatMap(([name, tsExpr, pyExpr]) =>
    (["biject_to", "transform_to"] as const).map((reg) => ({
      name: `${reg}(${name}): forward, inverse, log_abs_det_jacobian, repr`,
      ts: () => {
        const C = D.constraints as unknown as Record<string, unknown>;
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const c = new Function("constraints", "t", `return ${tsExpr}`)(C, t) as any;
        const tr = D[reg].__call__(c);
        const x = t([-1.5, 0.25, 2.0]);
        const y = tr.__call__(x);
        const out: unknown[] = [y, tr.inv.__call__(y)];
        try {
          out.push(tr.log_abs_det_jacobian(x, y));
        } catch {
          out.push(null);
        }
        return [...out, String(tr)];
      },
      py: `x = t([-1.5, 0.25, 2.0])\ntr = D.${reg}(${pyExpr})\ny = tr(x)\nout = [y, tr.inv(y)]\ntry:\n    out.append(tr.log_abs_det_jacobian(x, y))\nexcept NotImplementedError:\n    out.append(None)\nr = [None if v is None else v.tolist() for v in out] + [repr(tr)]`,
    })),
  ).map((c) => ({ ...c, ts: () => (c.ts() as unknown[]).map((v) => (v instanceof torch.Tensor ? v.tolist() : v)) })),
  { name: "biject_to(boolean) is not implemented", ts: () => D.biject_to.__call__(D.constraints.boolean), py: "r = D.biject_to(D.constraints.boolean)" },
  { name: "transforms repr", ts: () => [new D.ExpTransform().inv, new D.ComposeTransform([new D.AffineTransform(0.5, 2.0), new D.SigmoidTransform()]), new D.TanhTransform()].map(String), py: "r = [repr(x) for x in [D.ExpTransform().inv, D.ComposeTransform([D.AffineTransform(0.5, 2.0), D.SigmoidTransform()]), D.TanhTransform()]]" },
  { name: "Cauchy log_prob cdf icdf", ts: () => { const c = new D.Cauchy(t([0.5, -1.5]), t([1.0, 0.25])); return [c.log_prob(t([0.25, 2.0])), c.cdf(t([0.25, 2.0])), c.icdf(t([0.25, 0.75]))]; }, py: "c = D.Cauchy(t([0.5, -1.5]), t([1.0, 0.25]))\nr = [c.log_prob(t([0.25, 2.0])), c.cdf(t([0.25, 2.0])), c.icdf(t([0.25, 0.75]))]" },
  { name: "HalfNormal log_prob cdf icdf", ts: () => { const h = new D.HalfNormal(t([1.0, 0.25])); return [h.log_prob(t([0.25, 2.0])), h.cdf(t([0.25, 2.0])), h.icdf(t([0.25, 0.75]))]; }, py: "h = D.HalfNormal(t([1.0, 0.25]))\nr = [h.log_prob(t([0.25, 2.0])), h.cdf(t([0.25, 2.0])), h.icdf(t([0.25, 0.75]))]" },
  { name: "Geometric log_prob, probs 1", ts: () => new D.Geometric(t([0.25, 1.0])).log_prob(t([3.0, 0.0])), py: "r = D.Geometric(t([0.25, 1.0])).log_prob(t([3.0, 0.0]))" },
  { name: "Multinomial log_prob, logits with -inf", ts: () => [new D.Multinomial(5, t([0.2, 0.3, 0.5])).log_prob(t([1.0, 2.0, 2.0])), new D.Multinomial(3, { logits: t([-Infinity, 0.5, 0.25]) }).log_prob(t([0.0, 1.0, 2.0]))], py: "r = [D.Multinomial(5, t([0.2, 0.3, 0.5])).log_prob(t([1.0, 2.0, 2.0])), D.Multinomial(3, logits=t([-float('inf'), 0.5, 0.25])).log_prob(t([0.0, 1.0, 2.0]))]" },
  { name: "StudentT log_prob", ts: () => new D.StudentT(t([0.75, 2.5]), t([0.5, -1.0]), t([1.0, 0.5])).log_prob(t([0.25, 2.0])), py: "r = D.StudentT(t([0.75, 2.5]), t([0.5, -1.0]), t([1.0, 0.5])).log_prob(t([0.25, 2.0]))" },
  { name: "MixtureSameFamily log_prob cdf", ts: () => { const m = new D.MixtureSameFamily(new D.Categorical(t([0.2, 0.5, 0.3])), new D.Normal(t([-1.0, 0.5, 2.0]), t([0.25, 1.0, 0.5]))); return [m.log_prob(t([[0.25], [-1.5]])), m.cdf(t([0.25, 1.5]))]; }, py: "m = D.MixtureSameFamily(D.Categorical(t([0.2, 0.5, 0.3])), D.Normal(t([-1.0, 0.5, 2.0]), t([0.25, 1.0, 0.5])))\nr = [m.log_prob(t([[0.25], [-1.5]])), m.cdf(t([0.25, 1.5]))]" },
  { name: "Gumbel, Pareto, Weibull, HalfCauchy, NegativeBinomial log_prob", ts: () => [new D.Gumbel(t([0.5, -1.5]), t([1.0, 0.25])).log_prob(t([0.25, 2.0])), new D.Pareto(t([1.0, 0.25]), t([0.5, 2.5])).log_prob(t([1.5, 2.0])), new D.Weibull(t([1.0, 0.25]), t([0.5, 2.5])).log_prob(t([1.5, 0.125])), new D.HalfCauchy(t([1.0, 0.25])).log_prob(t([1.5, 0.125])), new D.NegativeBinomial(t([3.0, 5.5]), t([0.25, 0.75])).log_prob(t([0.0, 4.0]))], py: "r = [D.Gumbel(t([0.5, -1.5]), t([1.0, 0.25])).log_prob(t([0.25, 2.0])), D.Pareto(t([1.0, 0.25]), t([0.5, 2.5])).log_prob(t([1.5, 2.0])), D.Weibull(t([1.0, 0.25]), t([0.5, 2.5])).log_prob(t([1.5, 0.125])), D.HalfCauchy(t([1.0, 0.25])).log_prob(t([1.5, 0.125])), D.NegativeBinomial(t([3.0, 5.5]), t([0.25, 0.75])).log_prob(t([0.0, 4.0]))]" },
  { name: "perplexity", ts: () => new D.Normal(t([0.5]), t([1.5])).perplexity(), py: "r = D.Normal(t([0.5]), t([1.5])).perplexity()" },
  { name: "float64 parameters", ts: () => { torch.manual_seed(0); const n = new D.Normal(torch.tensor([0.5, 1.5], { dtype: torch.float64 }), 2.0); const s = n.rsample([2]); return [s, n.log_prob(s)]; }, py: "torch.manual_seed(0)\nn = D.Normal(torch.tensor([0.5, 1.5], dtype=torch.float64), 2.0)\ns = n.rsample((2,))\nr = [s, n.log_prob(s)]" },
];

const errors: Case[] = [
  { name: "Normal scale not positive", ts: () => new D.Normal(t([0.5, 1.0]), t([1.0, -0.5])), py: "r = D.Normal(t([0.5, 1.0]), t([1.0, -0.5]))" },
  { name: "Normal scalar scale zero", ts: () => new D.Normal(0.5, 0.0), py: "r = D.Normal(0.5, 0.0)" },
  { name: "Categorical negative probs", ts: () => new D.Categorical(t([-0.25, 0.5, 0.75])), py: "r = D.Categorical(t([-0.25, 0.5, 0.75]))" },
  { name: "Categorical probs and logits", ts: () => new D.Categorical(t([0.5, 0.5]), t([0.0, 0.0])), py: "r = D.Categorical(t([0.5, 0.5]), t([0.0, 0.0]))" },
  { name: "Categorical neither", ts: () => new D.Categorical(), py: "r = D.Categorical()" },
  { name: "Categorical 0-dim probs", ts: () => new D.Categorical(t(0.5)), py: "r = D.Categorical(t(0.5))" },
  { name: "Categorical log_prob out of support", ts: () => new D.Categorical(t([0.5, 0.5])).log_prob(torch.tensor([2])), py: "r = D.Categorical(t([0.5, 0.5])).log_prob(torch.tensor([2]))" },
  { name: "Bernoulli probs above 1", ts: () => new D.Bernoulli(t([0.5, 1.5])), py: "r = D.Bernoulli(t([0.5, 1.5]))" },
  { name: "Bernoulli log_prob not boolean", ts: () => new D.Bernoulli(t([0.5, 0.25])).log_prob(t([0.5, 1.0])), py: "r = D.Bernoulli(t([0.5, 0.25])).log_prob(t([0.5, 1.0]))" },
  { name: "Uniform low above high", ts: () => new D.Uniform(t([0.5, 2.0]), t([1.0, 1.5])), py: "r = D.Uniform(t([0.5, 2.0]), t([1.0, 1.5]))" },
  { name: "Uniform log_prob outside the support", ts: () => new D.Uniform(t([0.0]), t([1.0])).log_prob(t([1.5])), py: "r = D.Uniform(t([0.0]), t([1.0])).log_prob(t([1.5]))" },
  { name: "Gamma negative concentration", ts: () => new D.Gamma(t([-0.5]), t([1.0])), py: "r = D.Gamma(t([-0.5]), t([1.0]))" },
  { name: "Beta zero concentration (Dirichlet's check)", ts: () => new D.Beta(t([0.0, 1.5]), t([1.0, 1.5])), py: "r = D.Beta(t([0.0, 1.5]), t([1.0, 1.5]))" },
  { name: "Dirichlet 0-dim", ts: () => new D.Dirichlet(t(0.5)), py: "r = D.Dirichlet(t(0.5))" },
  { name: "Dirichlet log_prob off the simplex", ts: () => new D.Dirichlet(t([0.5, 1.5])).log_prob(t([0.5, 0.75])), py: "r = D.Dirichlet(t([0.5, 1.5])).log_prob(t([0.5, 0.75]))" },
  { name: "MultivariateNormal two matrices", ts: () => new D.MultivariateNormal(t([0.5, 1.0]), t([[1.0, 0.0], [0.0, 1.0]]), null, t([[1.0, 0.0], [0.0, 1.0]])), py: "r = D.MultivariateNormal(t([0.5, 1.0]), t([[1.0, 0.0], [0.0, 1.0]]), None, t([[1.0, 0.0], [0.0, 1.0]]))" },
  { name: "MultivariateNormal covariance not positive definite", ts: () => new D.MultivariateNormal(t([0.5, 1.0]), t([[1.0, 2.0], [2.0, 1.0]])), py: "r = D.MultivariateNormal(t([0.5, 1.0]), t([[1.0, 2.0], [2.0, 1.0]]))" },
  { name: "MultivariateNormal scale_tril not lower", ts: () => new D.MultivariateNormal(t([0.5, 1.0]), { scale_tril: t([[1.0, 2.0], [0.0, 1.0]]) }), py: "r = D.MultivariateNormal(t([0.5, 1.0]), scale_tril=t([[1.0, 2.0], [0.0, 1.0]]))" },
  { name: "MultivariateNormal 0-dim loc", ts: () => new D.MultivariateNormal(t(0.5), t([[1.0]])), py: "r = D.MultivariateNormal(t(0.5), t([[1.0]]))" },
  { name: "Independent too many dims", ts: () => new D.Independent(new D.Normal(t([0.5]), t([1.0])), 2), py: "r = D.Independent(D.Normal(t([0.5]), t([1.0])), 2)" },
  { name: "log_prob event_shape mismatch", ts: () => new D.Dirichlet(t([0.5, 1.5])).log_prob(t([0.5, 0.25, 0.25])), py: "r = D.Dirichlet(t([0.5, 1.5])).log_prob(t([0.5, 0.25, 0.25]))" },
  { name: "log_prob not broadcastable", ts: () => new D.Normal(t([0.5, 1.5]), 1.0).log_prob(t([0.5, 0.25, 0.25])), py: "r = D.Normal(t([0.5, 1.5]), 1.0).log_prob(t([0.5, 0.25, 0.25]))" },
  { name: "Poisson log_prob not integer", ts: () => new D.Poisson(t([0.5])).log_prob(t([0.5])), py: "r = D.Poisson(t([0.5])).log_prob(t([0.5]))" },
  { name: "Uniform scalars, low above high", ts: () => new D.Uniform(2.5, 1.5), py: "r = D.Uniform(2.5, 1.5)" },
  { name: "Uniform scalars, log_prob outside", ts: () => new D.Uniform(0.0, 1.5).log_prob(t(2.0)), py: "r = D.Uniform(0.0, 1.5).log_prob(t(2.0))" },
  { name: "Binomial count not integer", ts: () => new D.Binomial(t([2.5]), t([0.5])), py: "r = D.Binomial(t([2.5]), t([0.5]))" },
  { name: "Binomial log_prob above the count", ts: () => new D.Binomial(3, t([0.5])).log_prob(t([4.0])), py: "r = D.Binomial(3, t([0.5])).log_prob(t([4.0]))" },
  { name: "Binomial inhomogeneous entropy", ts: () => new D.Binomial(t([3.0, 4.0]), t([0.5, 0.5])).entropy(), py: "r = D.Binomial(t([3.0, 4.0]), t([0.5, 0.5])).entropy()" },
  { name: "LogNormal scale negative", ts: () => new D.LogNormal(t([0.5]), t([-1.0])), py: "r = D.LogNormal(t([0.5]), t([-1.0]))" },
  { name: "LogNormal log_prob not positive", ts: () => new D.LogNormal(t([0.5]), t([1.0])).log_prob(t([-1.0])), py: "r = D.LogNormal(t([0.5]), t([1.0])).log_prob(t([-1.0]))" },
  { name: "TransformedDistribution transforms not a list", ts: () => new D.TransformedDistribution(new D.Normal(0.5, 1.0), 3 as never), py: "r = D.TransformedDistribution(D.Normal(0.5, 1.0), 3)" },
  { name: "MixtureSameFamily component count mismatch", ts: () => new D.MixtureSameFamily(new D.Categorical(t([0.5, 0.5])), new D.Normal(t([0.0, 1.0, 2.0]), 1.0)), py: "r = D.MixtureSameFamily(D.Categorical(t([0.5, 0.5])), D.Normal(t([0.0, 1.0, 2.0]), 1.0))" },
  { name: "MixtureSameFamily mixture not a Categorical", ts: () => new D.MixtureSameFamily(new D.Normal(0.0, 1.0) as never, new D.Normal(t([0.0, 1.0]), 1.0)), py: "r = D.MixtureSameFamily(D.Normal(0.0, 1.0), D.Normal(t([0.0, 1.0]), 1.0))" },
  { name: "MixtureSameFamily log_prob outside the support", ts: () => new D.MixtureSameFamily(new D.Categorical(t([0.5, 0.5])), new D.Exponential(t([1.0, 2.0]))).log_prob(t([-1.0])), py: "r = D.MixtureSameFamily(D.Categorical(t([0.5, 0.5])), D.Exponential(t([1.0, 2.0]))).log_prob(t([-1.0]))" },
  { name: "Pareto log_prob below the scale", ts: () => new D.Pareto(t([1.0]), t([0.5])).log_prob(t([0.5])), py: "r = D.Pareto(t([1.0]), t([0.5])).log_prob(t([0.5]))" },
  { name: "NegativeBinomial probs 1", ts: () => new D.NegativeBinomial(t([3.0]), t([1.0])), py: "r = D.NegativeBinomial(t([3.0]), t([1.0]))" },
  { name: "Weibull concentration negative", ts: () => new D.Weibull(t([1.0]), t([-0.5])), py: "r = D.Weibull(t([1.0]), t([-0.5]))" },
  { name: "Geometric probs zero", ts: () => new D.Geometric(t([0.0, 0.5])), py: "r = D.Geometric(t([0.0, 0.5]))" },
  { name: "Multinomial float total_count", ts: () => new D.Multinomial(2.5, t([0.5, 0.5])), py: "r = D.Multinomial(2.5, t([0.5, 0.5]))" },
  { name: "Multinomial log_prob over the count", ts: () => new D.Multinomial(3, t([0.5, 0.5])).log_prob(t([2.0, 2.0])), py: "r = D.Multinomial(3, t([0.5, 0.5])).log_prob(t([2.0, 2.0]))" },
  { name: "Chi2 df negative", ts: () => new D.Chi2(t([-1.0])), py: "r = D.Chi2(t([-1.0]))" },
  { name: "StudentT scale negative", ts: () => new D.StudentT(t([1.0]), t([0.0]), t([-1.0])), py: "r = D.StudentT(t([1.0]), t([0.0]), t([-1.0]))" },
  { name: "missing argument", ts: () => new (D.Normal as never as new (a: T) => unknown)(t([0.5])), py: "r = D.Normal(t([0.5]))" },
  { name: "unexpected keyword", ts: () => new D.Normal(t([0.5]), t([1.0]), { foo: 1 } as never), py: "r = D.Normal(t([0.5]), t([1.0]), foo=1)" },
  { name: "Exponential rate zero", ts: () => new D.Exponential(t([0.0, 1.0])), py: "r = D.Exponential(t([0.0, 1.0]))" },
  { name: "validate_args false skips the check", ts: () => new D.Normal(t([0.5]), t([-1.0]), { validate_args: false }).log_prob(t([0.5])), py: "r = D.Normal(t([0.5]), t([-1.0]), validate_args=False).log_prob(t([0.5]))" },
  { name: "Poisson has no entropy", ts: () => new D.Poisson(t([0.5])).entropy(), py: "r = D.Poisson(t([0.5])).entropy()" },
  { name: "kl_divergence not implemented", ts: () => D.kl_divergence(new D.Bernoulli(t([0.5])), new D.Normal(t([0.5]), t([1.0]))), py: "r = D.kl_divergence(D.Bernoulli(t([0.5])), D.Normal(t([0.5]), t([1.0])))" },
];

const kl: Case[] = [
  ["Normal Normal", "D.Normal(t([0.5, -1.0]), t([1.5, 0.25]))", "D.Normal(t([0.0, 1.0]), t([1.0, 2.0]))", () => new D.Normal(t([0.5, -1.0]), t([1.5, 0.25])), () => new D.Normal(t([0.0, 1.0]), t([1.0, 2.0]))],
  ["Categorical Categorical", "D.Categorical(t([0.0, 0.25, 0.75]))", "D.Categorical(logits=t([0.5, 1.0, -1.0]))", () => new D.Categorical(t([0.0, 0.25, 0.75])), () => new D.Categorical({ logits: t([0.5, 1.0, -1.0]) })],
  ["Categorical with zero q", "D.Categorical(t([0.5, 0.25, 0.25]))", "D.Categorical(t([0.5, 0.0, 0.5]))", () => new D.Categorical(t([0.5, 0.25, 0.25])), () => new D.Categorical(t([0.5, 0.0, 0.5]))],
  ["Bernoulli Bernoulli", "D.Bernoulli(t([0.0, 0.5, 1.0, 0.3]))", "D.Bernoulli(t([0.25, 0.0, 0.5, 1.0]))", () => new D.Bernoulli(t([0.0, 0.5, 1.0, 0.3])), () => new D.Bernoulli(t([0.25, 0.0, 0.5, 1.0]))],
  ["Uniform Uniform", "D.Uniform(t([0.0, -1.0]), t([1.0, 2.0]))", "D.Uniform(t([-0.5, 0.0]), t([1.5, 2.5]))", () => new D.Uniform(t([0.0, -1.0]), t([1.0, 2.0])), () => new D.Uniform(t([-0.5, 0.0]), t([1.5, 2.5]))],
  ["Beta Beta", "D.Beta(t([0.5, 2.5]), t([1.5, 3.25]))", "D.Beta(t([1.5, 0.5]), t([2.0, 1.25]))", () => new D.Beta(t([0.5, 2.5]), t([1.5, 3.25])), () => new D.Beta(t([1.5, 0.5]), t([2.0, 1.25]))],
  ["Gamma Gamma", "D.Gamma(t([0.5, 2.5]), t([1.5, 3.25]))", "D.Gamma(t([1.5, 0.5]), t([2.0, 1.25]))", () => new D.Gamma(t([0.5, 2.5]), t([1.5, 3.25])), () => new D.Gamma(t([1.5, 0.5]), t([2.0, 1.25]))],
  ["Dirichlet Dirichlet", "D.Dirichlet(t([0.5, 2.5, 1.0]))", "D.Dirichlet(t([1.5, 0.5, 2.0]))", () => new D.Dirichlet(t([0.5, 2.5, 1.0])), () => new D.Dirichlet(t([1.5, 0.5, 2.0]))],
  ["MultivariateNormal MultivariateNormal", "D.MultivariateNormal(t([0.5, -1.0]), covariance_matrix=t([[2.0, 0.5], [0.5, 1.5]]))", "D.MultivariateNormal(t([[0.0, 1.0], [1.0, 0.0]]), scale_tril=t([[1.5, 0.0], [0.5, 0.75]]))", () => new D.MultivariateNormal(t([0.5, -1.0]), { covariance_matrix: t([[2.0, 0.5], [0.5, 1.5]]) }), () => new D.MultivariateNormal(t([[0.0, 1.0], [1.0, 0.0]]), { scale_tril: t([[1.5, 0.0], [0.5, 0.75]]) })],
  ["Independent Independent", "D.Independent(D.Normal(t([[0.5, -1.0]]), t([[1.5, 0.25]])), 1)", "D.Independent(D.Normal(t([[0.0, 1.0]]), t([[1.0, 2.0]])), 1)", () => new D.Independent(new D.Normal(t([[0.5, -1.0]]), t([[1.5, 0.25]])), 1), () => new D.Independent(new D.Normal(t([[0.0, 1.0]]), t([[1.0, 2.0]])), 1)],
  ["Exponential Exponential", "D.Exponential(t([0.5, 2.5]))", "D.Exponential(t([1.5, 0.25]))", () => new D.Exponential(t([0.5, 2.5])), () => new D.Exponential(t([1.5, 0.25]))],
  ["Laplace Laplace", "D.Laplace(t([0.5, 2.5]), t([1.5, 0.25]))", "D.Laplace(t([0.0, 1.0]), t([1.0, 2.0]))", () => new D.Laplace(t([0.5, 2.5]), t([1.5, 0.25])), () => new D.Laplace(t([0.0, 1.0]), t([1.0, 2.0]))],
  ["Poisson Poisson", "D.Poisson(t([0.5, 2.5]))", "D.Poisson(t([1.5, 0.25]))", () => new D.Poisson(t([0.5, 2.5])), () => new D.Poisson(t([1.5, 0.25]))],
  ["OneHotCategorical OneHotCategorical", "D.OneHotCategorical(t([0.2, 0.3, 0.5]))", "D.OneHotCategorical(t([0.5, 0.25, 0.25]))", () => new D.OneHotCategorical(t([0.2, 0.3, 0.5])), () => new D.OneHotCategorical(t([0.5, 0.25, 0.25]))],
  ["Uniform Normal", "D.Uniform(t([0.0, -1.0]), t([1.0, 2.0]))", "D.Normal(t([0.0, 1.0]), t([1.0, 2.0]))", () => new D.Uniform(t([0.0, -1.0]), t([1.0, 2.0])), () => new D.Normal(t([0.0, 1.0]), t([1.0, 2.0]))],
  ["Gamma Normal", "D.Gamma(t([0.5, 2.5]), t([1.5, 3.25]))", "D.Normal(t([0.0, 1.0]), t([1.0, 2.0]))", () => new D.Gamma(t([0.5, 2.5]), t([1.5, 3.25])), () => new D.Normal(t([0.0, 1.0]), t([1.0, 2.0]))],
  ["Beta Uniform", "D.Beta(t([0.5, 2.5]), t([1.5, 3.25]))", "D.Uniform(t([0.0, 0.25]), t([1.0, 2.0]))", () => new D.Beta(t([0.5, 2.5]), t([1.5, 3.25])), () => new D.Uniform(t([0.0, 0.25]), t([1.0, 2.0]))],
  ["Binomial Binomial", "D.Binomial(t([5.0, 7.0]), t([0.25, 0.5]))", "D.Binomial(t([5.0, 4.0]), t([0.5, 0.75]))", () => new D.Binomial(t([5.0, 7.0]), t([0.25, 0.5])), () => new D.Binomial(t([5.0, 4.0]), t([0.5, 0.75]))],
  ["LogNormal LogNormal", "D.LogNormal(t([0.5, -1.0]), t([1.5, 0.25]))", "D.LogNormal(t([0.0, 1.0]), t([1.0, 2.0]))", () => new D.LogNormal(t([0.5, -1.0]), t([1.5, 0.25])), () => new D.LogNormal(t([0.0, 1.0]), t([1.0, 2.0]))],
  ["Geometric Geometric", "D.Geometric(t([0.25, 0.5]))", "D.Geometric(t([0.75, 0.125]))", () => new D.Geometric(t([0.25, 0.5])), () => new D.Geometric(t([0.75, 0.125]))],
  ["HalfNormal HalfNormal", "D.HalfNormal(t([0.25, 1.5]))", "D.HalfNormal(t([0.75, 0.125]))", () => new D.HalfNormal(t([0.25, 1.5])), () => new D.HalfNormal(t([0.75, 0.125]))],
  ["Cauchy Cauchy", "D.Cauchy(t([0.5, -1.0]), t([0.25, 1.5]))", "D.Cauchy(t([0.0, 1.0]), t([0.75, 0.125]))", () => new D.Cauchy(t([0.5, -1.0]), t([0.25, 1.5])), () => new D.Cauchy(t([0.0, 1.0]), t([0.75, 0.125]))],
  ["Normal Uniform (infinite)", "D.Normal(t([0.0, 1.0]), t([1.0, 2.0]))", "D.Uniform(t([0.0, -1.0]), t([1.0, 2.0]))", () => new D.Normal(t([0.0, 1.0]), t([1.0, 2.0])), () => new D.Uniform(t([0.0, -1.0]), t([1.0, 2.0]))],
].map(([name, p, q, tp, tq]) => ({
  name: `kl_divergence ${name}`,
  ts: () => D.kl_divergence((tp as () => never)(), (tq as () => never)()),
  py: `r = D.kl_divergence(${p}, ${q})`,
}));

// Every ordered pair of these: Python's value, or its NotImplementedError (class and message).
const klFamilies: [string, () => InstanceType<typeof D.Distribution>, string][] = [
  ["Normal", () => new D.Normal(t([0.5, -1.0]), t([1.5, 0.25])), "D.Normal(t([0.5, -1.0]), t([1.5, 0.25]))"],
  ["Gumbel", () => new D.Gumbel(t([0.25, 1.0]), t([0.5, 2.0])), "D.Gumbel(t([0.25, 1.0]), t([0.5, 2.0]))"],
  ["Pareto", () => new D.Pareto(t([0.5, 1.5]), t([0.75, 2.5])), "D.Pareto(t([0.5, 1.5]), t([0.75, 2.5]))"],
  ["Pareto heavy", () => new D.Pareto(t([0.25, 1.0]), t([2.5, 3.5])), "D.Pareto(t([0.25, 1.0]), t([2.5, 3.5]))"],
  ["Exponential", () => new D.Exponential(t([0.5, 2.5])), "D.Exponential(t([0.5, 2.5]))"],
  ["Gamma", () => new D.Gamma(t([0.5, 2.5]), t([1.5, 0.75])), "D.Gamma(t([0.5, 2.5]), t([1.5, 0.75]))"],
  ["Beta", () => new D.Beta(t([0.5, 2.5]), t([1.5, 3.25])), "D.Beta(t([0.5, 2.5]), t([1.5, 3.25]))"],
  ["Uniform", () => new D.Uniform(t([0.25, 0.5]), t([0.75, 2.0])), "D.Uniform(t([0.25, 0.5]), t([0.75, 2.0]))"],
  ["Uniform negative", () => new D.Uniform(t([-0.25, 0.5]), t([0.75, 0.875])), "D.Uniform(t([-0.25, 0.5]), t([0.75, 0.875]))"],
  ["Laplace", () => new D.Laplace(t([0.5, -1.0]), t([1.5, 0.25])), "D.Laplace(t([0.5, -1.0]), t([1.5, 0.25]))"],
  ["Poisson", () => new D.Poisson(t([0.5, 2.5])), "D.Poisson(t([0.5, 2.5]))"],
  ["Bernoulli", () => new D.Bernoulli(t([0.25, 0.5])), "D.Bernoulli(t([0.25, 0.5]))"],
  ["Binomial", () => new D.Binomial(5, t([0.25, 0.5])), "D.Binomial(5, t([0.25, 0.5]))"],
  ["Cauchy", () => new D.Cauchy(t([0.5, -1.0]), t([1.5, 0.25])), "D.Cauchy(t([0.5, -1.0]), t([1.5, 0.25]))"],
];
const klCross: Case[] = klFamilies.flatMap(([pn, pt, pp]) =>
  klFamilies.map(([qn, qt, qp]) => ({ name: `kl_divergence(${pn}, ${qn})`, ts: () => D.kl_divergence(pt(), qt()), py: `r = D.kl_divergence(${pp}, ${qp})` })),
);

const reinforce: Case[] = [
  {
    name: "REINFORCE: Categorical sample, log_prob * reward, backward",
    ts: () => {
      const logits = t([[0.5, -1.0, 2.0, 0.25], [0.0, 0.75, -0.5, 1.0]], true);
      torch.manual_seed(0);
      const dist = new D.Categorical({ logits });
      const action = dist.sample([6]);
      const reward = torch.arange(12, { dtype: torch.float32 } as never).reshape([6, 2]).sub(5.5).div(3);
      const loss = dist.log_prob(action).mul(reward).sum().neg().add(dist.entropy().sum().mul(-0.01));
      loss.backward();
      return [action, loss.detach(), logits.grad!];
    },
    py: "logits = t([[0.5, -1.0, 2.0, 0.25], [0.0, 0.75, -0.5, 1.0]], True)\ntorch.manual_seed(0)\ndist = D.Categorical(logits=logits)\naction = dist.sample((6,))\nreward = (torch.arange(12, dtype=torch.float32).reshape(6, 2) - 5.5) / 3\nloss = -(dist.log_prob(action) * reward).sum() + dist.entropy().sum() * -0.01\nloss.backward()\nr = [action, loss.detach(), logits.grad]",
  },
  {
    name: "REINFORCE with probs from softmax (policy network output)",
    ts: () => {
      const w = t([[0.5, -1.0], [2.0, 0.25], [0.1, -0.3]], true);
      const x = t([[1.0, 0.5], [-0.5, 2.0]]);
      torch.manual_seed(3);
      const dist = new D.Categorical(torch.softmax(x.matmul(w.T), -1));
      const action = dist.sample();
      dist.log_prob(action).mul(t([1.5, -0.5])).sum().neg().backward();
      return [action, w.grad!];
    },
    py: "w = t([[0.5, -1.0], [2.0, 0.25], [0.1, -0.3]], True)\nx = t([[1.0, 0.5], [-0.5, 2.0]])\ntorch.manual_seed(3)\ndist = D.Categorical(torch.softmax(x @ w.T, -1))\naction = dist.sample()\n(-(dist.log_prob(action) * t([1.5, -0.5])).sum()).backward()\nr = [action, w.grad]",
  },
];

const groups: [string, Case[]][] = [
  ["per distribution", perDist],
  ["rsample gradients", rsampleGrads],
  ["values", values],
  ["errors", errors],
  ["kl_divergence", kl],
  ["kl_divergence across families", klCross],
  ["REINFORCE", reinforce],
];
// JSON has no NaN or Infinity: a float tensor holding them is compared through nan_to_num.
const FIX_PY = `
def _fix(x):
    if isinstance(x, torch.Tensor) and x.is_floating_point() and not torch.isfinite(x).all():
        return torch.nan_to_num(x, -777.0, 888.0, -888.0)
    return x
r = [_fix(x) for x in r] if isinstance(r, (list, tuple)) else _fix(r)`;
const fixTs = (x: unknown): unknown =>
  x instanceof torch.Tensor && x.is_floating_point() && !torch.isfinite(x).all().item() ? torch.nan_to_num(x, -777, 888, -888) : x;
const all = groups.flatMap(([, cs]) => cs).map((c) => ({
  ...c,
  ts: () => {
    const out = c.ts();
    return Array.isArray(out) ? out.map(fixTs) : fixTs(out);
  },
  py: c.py + FIX_PY,
}));
const expected = pythonResults(all, PRELUDE);
let offset = 0;
for (const [group, cases] of groups) {
  const start = offset;
  offset += cases.length;
  describe(`torch.distributions ${group} against Python torch 2.11`, () => {
    cases.forEach((c, i) => it(c.name, () => expectSame(all[start + i], expected[start + i])));
  });
}

describe("torch.distributions defaults", () => {
  it("set_default_validate_args turns validation off and on", () => {
    D.Distribution.set_default_validate_args(false);
    try {
      expect(() => new D.Normal(t([0.5]), t([-1.0]))).not.toThrow();
    } finally {
      D.Distribution.set_default_validate_args(true);
    }
    expect(() => new D.Normal(t([0.5]), t([-1.0]))).toThrow(torch.ValueError);
    expect(() => D.Distribution.set_default_validate_args(1 as never)).toThrow(torch.ValueError);
  });
  it("sample_n warns as Python's deprecation does and samples [n]", async () => {
    const n = new D.Normal(t([0.5, 1.0]), t([1.0, 2.0]));
    let s: T | undefined;
    const warnings = await warningsOf(() => (s = n.sample_n(3)));
    expect(warnings).toStrictEqual(["FutureWarning: `sample_n(n)` will be deprecated. Use `sample((n,))` instead."]);
    expect([...s!.shape]).toStrictEqual([3, 2]);
  });
  it("register_kl adds a pair, and the most specific one is used", () => {
    class MyNormal extends D.Normal {}
    const p = new MyNormal(t([0.5]), t([1.0]));
    const q = new D.Normal(t([0.0]), t([1.0]));
    expect(D.kl_divergence(p, q).tolist()).toStrictEqual(D.kl_divergence(new D.Normal(t([0.5]), t([1.0])), q).tolist());
    D.register_kl(MyNormal, D.Normal)(() => torch.zeros(1));
    expect(D.kl_divergence(p, q).tolist()).toStrictEqual([0]);
  });
  it("constraints print as Python's", () => {
    const C = D.constraints;
    expect([C.positive, C.real, C.simplex, C.unit_interval, C.real_vector, C.boolean, C.integer_interval(0, 3), C.lower_cholesky].map(String)).toStrictEqual(
      ["GreaterThan(lower_bound=0.0)", "Real()", "Simplex()", "Interval(lower_bound=0.0, upper_bound=1.0)", "IndependentConstraint(Real(), 1)", "Boolean()", "IntegerInterval(lower_bound=0, upper_bound=3)", "LowerCholesky()"],
    );
  });
});
