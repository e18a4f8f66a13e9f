// torch.nn.functional's losses against Python torch 2.11 on the same inputs: values,
// gradients, reductions (legacy size_average / reduce included), warnings and errors (class
// and message). Exact equality unless a case states a tolerance.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { F, type T, call, R, G, long, SEEDED_PRELUDE } from "./helpers/seeded";
import { Case, warningsOf, describeAgainstPython } from "./helpers/compare";



const U = (seed: number, ...shape: number[]): T => (torch.manual_seed(seed), torch.rand(...shape));
const PRELUDE = [
  SEEDED_PRELUDE,
  "def U(s, *shape):\n    torch.manual_seed(s)\n    return torch.rand(*shape)",
].join("\n");

/**
 * A loss of x = G(1, ...shape) and its gradient: [loss, x.grad]. `ts`/`py` compute the loss
 * from x (and whatever else they make).
 */
function lossGrad(name: string, shape: number[], ts: (x: T) => T, py: string, atol?: number): Case {
  return {
    name,
    ts: () => {
      const x = G(1, ...shape);
      const l = ts(x);
      l.sum().backward();
      return [l, x.grad];
    },
    py: `x = G(1, ${shape.join(", ")}); l = ${py}; l.sum().backward(); r = [l, x.grad]`,
    atol,
  };
}

const regression: Case[] = [
  lossGrad("l1_loss", [3, 4], (x) => F.l1_loss(x, R(2, 3, 4)), "F.l1_loss(x, R(2, 3, 4))"),
  lossGrad("l1_loss sum", [3, 4], (x) => F.l1_loss(x, R(2, 3, 4), { reduction: "sum" }), "F.l1_loss(x, R(2, 3, 4), reduction='sum')"),
  lossGrad("l1_loss weight", [3, 4], (x) => F.l1_loss(x, R(2, 3, 4), { weight: U(3, 3, 4) }), "F.l1_loss(x, R(2, 3, 4), weight=U(3, 3, 4))"),
  lossGrad("l1_loss weight none", [3, 4], (x) => F.l1_loss(x, R(2, 3, 4), null, null, "none", U(3, 3, 4)), "F.l1_loss(x, R(2, 3, 4), None, None, 'none', U(3, 3, 4))"),
  lossGrad("l1_loss broadcast", [3, 4], (x) => F.l1_loss(x, R(2, 4)), "F.l1_loss(x, R(2, 4))"),
  lossGrad("l1_loss legacy reduce=False", [3, 4], (x) => F.l1_loss(x, R(2, 3, 4), { reduce: false }), "F.l1_loss(x, R(2, 3, 4), reduce=False)"),
  { name: "l1_loss weight of another size", ts: () => F.l1_loss(R(1, 3, 4), R(2, 3, 4), { weight: U(3, 4) }), py: "r = F.l1_loss(R(1, 3, 4), R(2, 3, 4), weight=U(3, 4))" },
  { name: "l1_loss weight bad reduction", ts: () => call(F.l1_loss, R(1, 3), R(2, 3), { weight: U(3, 3), reduction: "max" }), py: "r = F.l1_loss(R(1, 3), R(2, 3), weight=U(3, 3), reduction='max')" },
  { name: "l1_loss bad reduction", ts: () => call(F.l1_loss, R(1, 3), R(2, 3), { reduction: "max" }), py: "r = F.l1_loss(R(1, 3), R(2, 3), reduction='max')" },
  { name: "l1_loss target not a tensor", ts: () => call(F.l1_loss, R(1, 3), 3), py: "r = F.l1_loss(R(1, 3), 3)" },
  { name: "l1_loss shapes that do not broadcast", ts: () => F.l1_loss(R(1, 2, 3), R(2, 4)), py: "r = F.l1_loss(R(1, 2, 3), R(2, 4))" },
  lossGrad("smooth_l1_loss", [3, 4], (x) => F.smooth_l1_loss(x, R(2, 3, 4)), "F.smooth_l1_loss(x, R(2, 3, 4))"),
  lossGrad("smooth_l1_loss beta", [3, 4], (x) => F.smooth_l1_loss(x, R(2, 3, 4), { beta: 0.5, reduction: "none" }), "F.smooth_l1_loss(x, R(2, 3, 4), beta=0.5, reduction='none')"),
  lossGrad("smooth_l1_loss beta 0 (l1)", [3, 4], (x) => F.smooth_l1_loss(x, R(2, 3, 4), null, null, "sum", 0), "F.smooth_l1_loss(x, R(2, 3, 4), None, None, 'sum', 0.0)"),
  { name: "smooth_l1_loss negative beta", ts: () => F.smooth_l1_loss(R(1, 3), R(2, 3), { beta: -1 }), py: "r = F.smooth_l1_loss(R(1, 3), R(2, 3), beta=-1.0)" },
  lossGrad("huber_loss", [3, 4], (x) => F.huber_loss(x, R(2, 3, 4).mul(2)), "F.huber_loss(x, R(2, 3, 4).mul(2))"),
  lossGrad("huber_loss delta", [3, 4], (x) => F.huber_loss(x, R(2, 3, 4), "sum", 0.3), "F.huber_loss(x, R(2, 3, 4), 'sum', 0.3)"),
  lossGrad("huber_loss weight mean", [3, 4], (x) => F.huber_loss(x, R(2, 3, 4), { weight: U(3, 3, 4), delta: 0.5 }), "F.huber_loss(x, R(2, 3, 4), weight=U(3, 3, 4), delta=0.5)"),
  lossGrad("huber_loss weight sum", [3, 4], (x) => F.huber_loss(x, R(2, 3, 4), { weight: U(3, 3, 4), reduction: "sum" }), "F.huber_loss(x, R(2, 3, 4), weight=U(3, 3, 4), reduction='sum')"),
  { name: "huber_loss weight bad reduction", ts: () => call(F.huber_loss, R(1, 3), R(2, 3), { weight: U(3, 3), reduction: "x" }), py: "r = F.huber_loss(R(1, 3), R(2, 3), weight=U(3, 3), reduction='x')" },
  { name: "huber_loss takes no size_average", ts: () => call(F.huber_loss, R(1, 3), R(2, 3), { size_average: true }), py: "r = F.huber_loss(R(1, 3), R(2, 3), size_average=True)" },
  lossGrad("mse_loss weight sum", [3, 4], (x) => F.mse_loss(x, R(2, 3, 4), { weight: U(3, 3, 4), reduction: "sum" }), "F.mse_loss(x, R(2, 3, 4), weight=U(3, 3, 4), reduction='sum')"),
  lossGrad(
    "gaussian_nll_loss",
    [3, 4],
    (x) => F.gaussian_nll_loss(x, R(2, 3, 4), U(3, 3, 4).add(0.1)),
    "F.gaussian_nll_loss(x, R(2, 3, 4), U(3, 3, 4).add(0.1))",
    1e-6,
  ),
  {
    name: "gaussian_nll_loss var grads, full, sum",
    ts: () => {
      const x = G(1, 3, 4), v = U(3, 3, 4).requires_grad_();
      const l = F.gaussian_nll_loss(x, R(2, 3, 4), v, true, 1e-6, "sum");
      l.backward();
      return [l, x.grad, v.grad];
    },
    py: "x, v = G(1, 3, 4), U(3, 3, 4).requires_grad_(); l = F.gaussian_nll_loss(x, R(2, 3, 4), v, True, 1e-6, 'sum'); l.backward(); r = [l, x.grad, v.grad]",
    atol: 1e-5,
  },
  { name: "gaussian_nll_loss var (N,)", ts: () => F.gaussian_nll_loss(R(1, 3, 4), R(2, 3, 4), U(3, 3), { reduction: "none" }), py: "r = F.gaussian_nll_loss(R(1, 3, 4), R(2, 3, 4), U(3, 3), reduction='none')", atol: 1e-6 },
  { name: "gaussian_nll_loss var with a dimension of 1", ts: () => F.gaussian_nll_loss(R(1, 3, 4), R(2, 3, 4), U(3, 3, 1)), py: "r = F.gaussian_nll_loss(R(1, 3, 4), R(2, 3, 4), U(3, 3, 1))", atol: 1e-6 },
  { name: "gaussian_nll_loss float var", ts: () => F.gaussian_nll_loss(R(1, 3, 4), R(2, 3, 4), 0.5), py: "r = F.gaussian_nll_loss(R(1, 3, 4), R(2, 3, 4), 0.5)", atol: 1e-6 },
  { name: "gaussian_nll_loss clamps var to eps", ts: () => F.gaussian_nll_loss(R(1, 3, 4), R(2, 3, 4), torch.zeros(3, 4), { eps: 0.01 }), py: "r = F.gaussian_nll_loss(R(1, 3, 4), R(2, 3, 4), torch.zeros(3, 4), eps=0.01)", atol: 1e-6 },
  { name: "gaussian_nll_loss negative var", ts: () => F.gaussian_nll_loss(R(1, 3, 4), R(2, 3, 4), R(3, 3, 4)), py: "r = F.gaussian_nll_loss(R(1, 3, 4), R(2, 3, 4), R(3, 3, 4))" },
  { name: "gaussian_nll_loss negative float var", ts: () => F.gaussian_nll_loss(R(1, 3, 4), R(2, 3, 4), -0.5), py: "r = F.gaussian_nll_loss(R(1, 3, 4), R(2, 3, 4), -0.5)" },
  { name: "gaussian_nll_loss var of incorrect size", ts: () => F.gaussian_nll_loss(R(1, 3, 4), R(2, 3, 4), U(3, 2, 4)), py: "r = F.gaussian_nll_loss(R(1, 3, 4), R(2, 3, 4), U(3, 2, 4))" },
  { name: "gaussian_nll_loss bad reduction", ts: () => call(F.gaussian_nll_loss, R(1, 3), R(2, 3), U(3, 3), { reduction: "max" }), py: "r = F.gaussian_nll_loss(R(1, 3), R(2, 3), U(3, 3), reduction='max')" },
  lossGrad("poisson_nll_loss", [3, 4], (x) => F.poisson_nll_loss(x, U(2, 3, 4).mul(3)), "F.poisson_nll_loss(x, U(2, 3, 4).mul(3))"),
  lossGrad(
    "poisson_nll_loss rates, full, none",
    [3, 4],
    (x) => F.poisson_nll_loss(x.abs(), U(2, 3, 4).mul(3), false, true, null, 1e-6, null, "none"),
    "F.poisson_nll_loss(x.abs(), U(2, 3, 4).mul(3), False, True, None, 1e-6, None, 'none')",
    1e-6,
  ),
  { name: "poisson_nll_loss bad reduction", ts: () => call(F.poisson_nll_loss, R(1, 3), R(2, 3), { reduction: "max" }), py: "r = F.poisson_nll_loss(R(1, 3), R(2, 3), reduction='max')" },
  { name: "poisson_nll_loss legacy size_average=False", ts: () => F.poisson_nll_loss(R(1, 3), U(2, 3), { size_average: false }), py: "r = F.poisson_nll_loss(R(1, 3), U(2, 3), size_average=False)" },
];

const probabilistic: Case[] = [
  lossGrad("binary_cross_entropy", [3, 4], (x) => F.binary_cross_entropy(x.sigmoid(), U(2, 3, 4)), "F.binary_cross_entropy(x.sigmoid(), U(2, 3, 4))"),
  lossGrad(
    "binary_cross_entropy broadcast weight",
    [3, 4],
    (x) => F.binary_cross_entropy(x.sigmoid(), U(2, 3, 4), U(3, 4), { reduction: "sum" }),
    "F.binary_cross_entropy(x.sigmoid(), U(2, 3, 4), U(3, 4), reduction='sum')",
  ),
  lossGrad("binary_cross_entropy legacy", [3, 4], (x) => F.binary_cross_entropy(x.sigmoid(), U(2, 3, 4), null, false), "F.binary_cross_entropy(x.sigmoid(), U(2, 3, 4), None, False)"),
  { name: "binary_cross_entropy size mismatch", ts: () => F.binary_cross_entropy(U(1, 3, 4), U(2, 4)), py: "r = F.binary_cross_entropy(U(1, 3, 4), U(2, 4))" },
  { name: "binary_cross_entropy weight that does not broadcast", ts: () => F.binary_cross_entropy(U(1, 3, 4), U(2, 3, 4), U(3, 5)), py: "r = F.binary_cross_entropy(U(1, 3, 4), U(2, 3, 4), U(3, 5))" },
  { name: "binary_cross_entropy input out of range", ts: () => F.binary_cross_entropy(R(1, 3, 4).mul(3), U(2, 3, 4)), py: "r = F.binary_cross_entropy(R(1, 3, 4).mul(3), U(2, 3, 4))" },
  { name: "binary_cross_entropy bad reduction", ts: () => call(F.binary_cross_entropy, U(1, 3), U(2, 3), { reduction: "bad" }), py: "r = F.binary_cross_entropy(U(1, 3), U(2, 3), reduction='bad')" },
  lossGrad("kl_div batchmean", [3, 4], (x) => F.kl_div(x.log_softmax(1), U(2, 3, 4).softmax(1), { reduction: "batchmean" }), "F.kl_div(x.log_softmax(1), U(2, 3, 4).softmax(1), reduction='batchmean')"),
  lossGrad("kl_div log_target sum", [3, 4], (x) => F.kl_div(x.log_softmax(1), R(2, 3, 4).log_softmax(1), null, null, "sum", true), "F.kl_div(x.log_softmax(1), R(2, 3, 4).log_softmax(1), None, None, 'sum', True)"),
  lossGrad("kl_div mean", [3, 4], (x) => F.kl_div(x, U(2, 3, 4)), "F.kl_div(x, U(2, 3, 4))"),
  lossGrad("kl_div legacy reduce=False", [3, 4], (x) => F.kl_div(x, U(2, 3, 4), { reduce: false }), "F.kl_div(x, U(2, 3, 4), reduce=False)"),
  { name: "kl_div batchmean of a scalar", ts: () => F.kl_div(torch.tensor(-0.5), torch.tensor(0.25), { reduction: "batchmean" }), py: "r = F.kl_div(torch.tensor(-0.5), torch.tensor(0.25), reduction='batchmean')" },
  { name: "kl_div bad reduction", ts: () => call(F.kl_div, R(1, 3), U(2, 3), { reduction: "max" }), py: "r = F.kl_div(R(1, 3), U(2, 3), reduction='max')" },
  {
    name: "ctc_loss grads (tensor lengths)",
    ts: () => {
      const x = G(1, 6, 2, 5);
      const l = F.ctc_loss(x.log_softmax(2), long([[1, 2, 2], [3, 1, 0]]), long([6, 5]), long([3, 2]));
      l.backward();
      return [l, x.grad];
    },
    py: "x = G(1, 6, 2, 5); l = F.ctc_loss(x.log_softmax(2), torch.tensor([[1, 2, 2], [3, 1, 0]]), torch.tensor([6, 5]), torch.tensor([3, 2])); l.backward(); r = [l, x.grad]",
    atol: 1e-6,
  },
  {
    name: "ctc_loss list lengths, blank, sum",
    ts: () => F.ctc_loss(R(1, 6, 2, 5).log_softmax(2), long([1, 2, 2, 3, 1]), [6, 5], [3, 2], 4, "sum"),
    py: "r = F.ctc_loss(R(1, 6, 2, 5).log_softmax(2), torch.tensor([1, 2, 2, 3, 1]), [6, 5], [3, 2], 4, 'sum')",
    atol: 1e-5,
  },
  {
    name: "ctc_loss zero_infinity",
    ts: () => F.ctc_loss(R(1, 2, 1, 5).log_softmax(2), long([[1, 2, 3]]), [2], [3], { reduction: "none", zero_infinity: true }),
    py: "r = F.ctc_loss(R(1, 2, 1, 5).log_softmax(2), torch.tensor([[1, 2, 3]]), [2], [3], reduction='none', zero_infinity=True)",
  },
  { name: "ctc_loss missing lengths", ts: () => call(F.ctc_loss, R(1, 6, 2, 5), long([1])), py: "r = F.ctc_loss(R(1, 6, 2, 5), torch.tensor([1]))" },
];

const margins: Case[] = [
  {
    name: "margin_ranking_loss grads",
    ts: () => { const a = G(1, 5), b = G(2, 5); const l = F.margin_ranking_loss(a, b, long([1, -1, 1, 1, -1]), 0.2); l.backward(); return [l, a.grad, b.grad]; },
    py: "a, b = G(1, 5), G(2, 5); l = F.margin_ranking_loss(a, b, torch.tensor([1, -1, 1, 1, -1]), 0.2); l.backward(); r = [l, a.grad, b.grad]",
  },
  { name: "margin_ranking_loss none", ts: () => F.margin_ranking_loss(R(1, 5), R(2, 5), R(3, 5).sign(), { reduction: "none" }), py: "r = F.margin_ranking_loss(R(1, 5), R(2, 5), R(3, 5).sign(), reduction='none')" },
  { name: "margin_ranking_loss dimensions differ", ts: () => F.margin_ranking_loss(R(1, 5), R(2, 1, 5), R(3, 5)), py: "r = F.margin_ranking_loss(R(1, 5), R(2, 1, 5), R(3, 5))" },
  lossGrad("hinge_embedding_loss", [3, 4], (x) => F.hinge_embedding_loss(x, R(2, 3, 4).sign()), "F.hinge_embedding_loss(x, R(2, 3, 4).sign())"),
  lossGrad("hinge_embedding_loss margin sum", [3, 4], (x) => F.hinge_embedding_loss(x, R(2, 3, 4).sign(), 0.5, null, null, "sum"), "F.hinge_embedding_loss(x, R(2, 3, 4).sign(), 0.5, None, None, 'sum')"),
  lossGrad("multilabel_margin_loss", [2, 4], (x) => F.multilabel_margin_loss(x, long([[3, 0, -1, 1], [1, 2, 3, -1]])), "F.multilabel_margin_loss(x, torch.tensor([[3, 0, -1, 1], [1, 2, 3, -1]]))"),
  lossGrad("multilabel_margin_loss none", [2, 4], (x) => F.multilabel_margin_loss(x, long([[3, 0, -1, 1], [1, 2, 3, -1]]), { reduction: "none" }), "F.multilabel_margin_loss(x, torch.tensor([[3, 0, -1, 1], [1, 2, 3, -1]]), reduction='none')"),
  { name: "multilabel_margin_loss shape mismatch", ts: () => F.multilabel_margin_loss(R(1, 2, 4), long([[3, 0, -1]])), py: "r = F.multilabel_margin_loss(R(1, 2, 4), torch.tensor([[3, 0, -1]]))" },
  lossGrad("soft_margin_loss", [3, 4], (x) => F.soft_margin_loss(x, R(2, 3, 4).sign()), "F.soft_margin_loss(x, R(2, 3, 4).sign())"),
  lossGrad("soft_margin_loss legacy", [3, 4], (x) => F.soft_margin_loss(x, R(2, 3, 4).sign(), false, true), "F.soft_margin_loss(x, R(2, 3, 4).sign(), False, True)"),
  lossGrad("multilabel_soft_margin_loss", [3, 4], (x) => F.multilabel_soft_margin_loss(x, U(2, 3, 4).round()), "F.multilabel_soft_margin_loss(x, U(2, 3, 4).round())"),
  lossGrad(
    "multilabel_soft_margin_loss weight none",
    [3, 4],
    (x) => F.multilabel_soft_margin_loss(x, U(2, 3, 4).round(), U(3, 4), { reduction: "none" }),
    "F.multilabel_soft_margin_loss(x, U(2, 3, 4).round(), U(3, 4), reduction='none')",
  ),
  { name: "multilabel_soft_margin_loss bad reduction", ts: () => call(F.multilabel_soft_margin_loss, R(1, 3), U(2, 3), { reduction: "max" }), py: "r = F.multilabel_soft_margin_loss(R(1, 3), U(2, 3), reduction='max')" },
  {
    name: "cosine_embedding_loss grads",
    ts: () => { const a = G(1, 3, 4), b = G(2, 3, 4); const l = F.cosine_embedding_loss(a, b, long([1, -1, -1]), 0.1); l.backward(); return [l, a.grad, b.grad]; },
    py: "a, b = G(1, 3, 4), G(2, 3, 4); l = F.cosine_embedding_loss(a, b, torch.tensor([1, -1, -1]), 0.1); l.backward(); r = [l, a.grad, b.grad]",
  },
  { name: "cosine_embedding_loss bad target", ts: () => F.cosine_embedding_loss(R(1, 3, 4), R(2, 3, 4), long([1, -1])), py: "r = F.cosine_embedding_loss(R(1, 3, 4), R(2, 3, 4), torch.tensor([1, -1]))" },
  lossGrad("multi_margin_loss", [3, 5], (x) => F.multi_margin_loss(x, long([1, 0, 4])), "F.multi_margin_loss(x, torch.tensor([1, 0, 4]))"),
  lossGrad(
    "multi_margin_loss p=2 weight margin",
    [3, 5],
    (x) => F.multi_margin_loss(x, long([1, 0, 4]), 2, 0.5, U(2, 5), { reduction: "sum" }),
    "F.multi_margin_loss(x, torch.tensor([1, 0, 4]), 2, 0.5, U(2, 5), reduction='sum')",
  ),
  { name: "multi_margin_loss p=3", ts: () => F.multi_margin_loss(R(1, 3, 5), long([1, 0, 4]), 3), py: "r = F.multi_margin_loss(R(1, 3, 5), torch.tensor([1, 0, 4]), 3)" },
  { name: "multi_margin_loss 2-D weight", ts: () => F.multi_margin_loss(R(1, 3, 5), long([1, 0, 4]), { weight: U(2, 1, 5) }), py: "r = F.multi_margin_loss(R(1, 3, 5), torch.tensor([1, 0, 4]), weight=U(2, 1, 5))" },
  {
    name: "triplet_margin_loss grads",
    ts: () => { const a = G(1, 3, 4), p = G(2, 3, 4), n = G(3, 3, 4); const l = F.triplet_margin_loss(a, p, n); l.backward(); return [l, a.grad, p.grad, n.grad]; },
    py: "a, p, n = G(1, 3, 4), G(2, 3, 4), G(3, 3, 4); l = F.triplet_margin_loss(a, p, n); l.backward(); r = [l, a.grad, p.grad, n.grad]",
  },
  { name: "triplet_margin_loss p=1 swap none", ts: () => F.triplet_margin_loss(R(1, 3, 4), R(2, 3, 4), R(3, 3, 4), 0.5, 1, 1e-6, true, null, null, "none"), py: "r = F.triplet_margin_loss(R(1, 3, 4), R(2, 3, 4), R(3, 3, 4), 0.5, 1, 1e-6, True, None, None, 'none')" },
  { name: "triplet_margin_loss margin 0", ts: () => F.triplet_margin_loss(R(1, 3, 4), R(2, 3, 4), R(3, 3, 4), { margin: -0.5 }), py: "r = F.triplet_margin_loss(R(1, 3, 4), R(2, 3, 4), R(3, 3, 4), margin=-0.5)" },
  {
    name: "triplet_margin_with_distance_loss grads",
    ts: () => { const a = G(1, 3, 4), p = G(2, 3, 4), n = G(3, 3, 4); const l = F.triplet_margin_with_distance_loss(a, p, n); l.backward(); return [l, a.grad, p.grad, n.grad]; },
    py: "a, p, n = G(1, 3, 4), G(2, 3, 4), G(3, 3, 4); l = F.triplet_margin_with_distance_loss(a, p, n); l.backward(); r = [l, a.grad, p.grad, n.grad]",
  },
  {
    name: "triplet_margin_with_distance_loss distance function, swap, sum",
    ts: () => F.triplet_margin_with_distance_loss(R(1, 3, 4), R(2, 3, 4), R(3, 3, 4), {
      distance_function: (x, y) => torch.rsub(F.cosine_similarity(x, y), 1),
      margin: 0.3,
      swap: true,
      reduction: "sum",
    }),
    py: "r = F.triplet_margin_with_distance_loss(R(1, 3, 4), R(2, 3, 4), R(3, 3, 4), distance_function=lambda x, y: 1 - F.cosine_similarity(x, y), margin=0.3, swap=True, reduction='sum')",
  },
  { name: "triplet_margin_with_distance_loss none", ts: () => F.triplet_margin_with_distance_loss(R(1, 3, 4), R(2, 3, 4), R(3, 3, 4), { reduction: "none" }), py: "r = F.triplet_margin_with_distance_loss(R(1, 3, 4), R(2, 3, 4), R(3, 3, 4), reduction='none')" },
  { name: "triplet_margin_with_distance_loss bad reduction", ts: () => call(F.triplet_margin_with_distance_loss, R(1, 3), R(2, 3), R(3, 3), { reduction: "max" }), py: "r = F.triplet_margin_with_distance_loss(R(1, 3), R(2, 3), R(3, 3), reduction='max')" },
  { name: "triplet_margin_with_distance_loss margin", ts: () => F.triplet_margin_with_distance_loss(R(1, 3), R(2, 3), R(3, 3), { margin: 0 }), py: "r = F.triplet_margin_with_distance_loss(R(1, 3), R(2, 3), R(3, 3), margin=0)" },
  { name: "triplet_margin_with_distance_loss dimensions", ts: () => F.triplet_margin_with_distance_loss(R(1, 3, 4), R(2, 3, 4), R(3, 4)), py: "r = F.triplet_margin_with_distance_loss(R(1, 3, 4), R(2, 3, 4), R(3, 4))" },
  { name: "triplet_margin_with_distance_loss keyword-only", ts: () => call(F.triplet_margin_with_distance_loss, R(1, 3), R(2, 3), R(3, 3), null), py: "r = F.triplet_margin_with_distance_loss(R(1, 3), R(2, 3), R(3, 3), None)" },
];

describe("F losses: warnings", () => {
  it("warns as Python does", async () => {
    const sizeWarning = (t: string, i: string) =>
      `UserWarning: Using a target size (torch.Size([${t}])) that is different to the input size (torch.Size([${i}])). ` +
      "This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.";
    expect(await warningsOf(() => F.l1_loss(R(1, 3, 4), R(2, 4)))).toStrictEqual([sizeWarning("4", "3, 4")]);
    expect(await warningsOf(() => F.smooth_l1_loss(R(1, 3, 4), R(2, 1, 4)))).toStrictEqual([sizeWarning("1, 4", "3, 4")]);
    expect(await warningsOf(() => F.huber_loss(R(1, 3, 1), R(2, 3)))).toStrictEqual([sizeWarning("3", "3, 1")]);
    expect(await warningsOf(() => F.kl_div(R(1, 3), U(2, 3)))).toStrictEqual([
      "UserWarning: reduction: 'mean' divides the total loss by both the batch size and the support size." +
        "'batchmean' divides only by the batch size, and aligns with the KL div math definition." +
        "'mean' will be changed to behave the same as 'batchmean' in the next major release.",
    ]);
    expect(await warningsOf(() => F.soft_margin_loss(R(1, 3), R(2, 3), { reduce: false }))).toStrictEqual([
      "UserWarning: size_average and reduce args will be deprecated, please use reduction='none' instead.",
    ]);
    expect(await warningsOf(() => F.hinge_embedding_loss(R(1, 3), R(2, 3), { reduction: "elementwise_mean" }))).toStrictEqual([
      "UserWarning: reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead.",
    ]);
  });
});

const families: [string, Case[]][] = [
  ["regression losses", regression],
  ["probabilistic losses", probabilistic],
  ["margin and embedding losses", margins],
];
describeAgainstPython(families, PRELUDE, (family) => `F ${family} against Python torch 2.11`);
