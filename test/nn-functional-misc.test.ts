// torch.nn.functional against Python torch 2.11, the rest: bilinear, distances, normalize's
// out=, embedding_bag, fractional max pooling (Python's random samples: same seed, same
// result), local_response_norm, multi_head_attention_forward as F's, grouped_mm and the
// scaled products (CPU: their errors), conv_tbc, assert_int_or_pair; and the coverage of F:
// every public callable of Python's torch.nn.functional but those torchts cannot have.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { F, type T, call, R, G, long, SEEDED_PRELUDE, weightedGrad } from "./helpers/seeded";
import { Case, warningsOf, describeAgainstPython } from "./helpers/compare";
import { pythonJson } from "./helpers/python";



const PRELUDE = SEEDED_PRELUDE;

const grad = weightedGrad;

const linearAndDistances: Case[] = [
  {
    name: "bilinear grads",
    ts: () => {
      const a = G(1, 3, 4), b = G(2, 3, 5), w = G(3, 2, 4, 5), bias = G(4, 2);
      const y = F.bilinear(a, b, w, bias);
      y.pow(2).sum().backward();
      return [y, a.grad, b.grad, w.grad, bias.grad];
    },
    py: "a, b, w, bias = G(1, 3, 4), G(2, 3, 5), G(3, 2, 4, 5), G(4, 2); y = F.bilinear(a, b, w, bias); y.pow(2).sum().backward(); r = [y, a.grad, b.grad, w.grad, bias.grad]",
    atol: 1e-5,
  },
  { name: "bilinear no bias", ts: () => F.bilinear(R(1, 3, 4), R(2, 3, 5), R(3, 2, 4, 5)), py: "r = F.bilinear(R(1, 3, 4), R(2, 3, 5), R(3, 2, 4, 5))", atol: 1e-6 },
  { name: "bilinear size mismatch", ts: () => F.bilinear(R(1, 3, 4), R(2, 3, 5), R(3, 2, 4, 6)), py: "r = F.bilinear(R(1, 3, 4), R(2, 3, 5), R(3, 2, 4, 6))" },
  { name: "bilinear missing weight", ts: () => call(F.bilinear, R(1, 3, 4), R(2, 3, 5)), py: "r = F.bilinear(R(1, 3, 4), R(2, 3, 5))" },
  {
    name: "pairwise_distance grads",
    ts: () => { const a = G(1, 3, 4), b = G(2, 3, 4); const d = F.pairwise_distance(a, b, 1.5); d.sum().backward(); return [d, a.grad, b.grad]; },
    py: "a, b = G(1, 3, 4), G(2, 3, 4); d = F.pairwise_distance(a, b, 1.5); d.sum().backward(); r = [d, a.grad, b.grad]",
    atol: 1e-6,
  },
  { name: "pairwise_distance keepdim", ts: () => F.pairwise_distance(R(1, 3, 4), R(2, 4), { keepdim: true, eps: 0.1 }), py: "r = F.pairwise_distance(R(1, 3, 4), R(2, 4), keepdim=True, eps=0.1)" },
  grad("pdist", [5, 3], (x) => F.pdist(x), "F.pdist(x)"),
  grad("pdist p=1", [5, 3], (x) => F.pdist(x, 1), "F.pdist(x, 1)"),
  { name: "pdist of a 3-d input", ts: () => F.pdist(R(1, 2, 5, 3)), py: "r = F.pdist(R(1, 2, 5, 3))" },
  {
    name: "cosine_similarity grads",
    ts: () => { const a = G(1, 3, 4), b = G(2, 3, 4); const s = F.cosine_similarity(a, b, 0); s.sum().backward(); return [s, a.grad, b.grad]; },
    py: "a, b = G(1, 3, 4), G(2, 3, 4); s = F.cosine_similarity(a, b, 0); s.sum().backward(); r = [s, a.grad, b.grad]",
    atol: 1e-6,
  },
  { name: "cosine_similarity broadcast eps", ts: () => F.cosine_similarity(R(1, 3, 4), R(2, 4), { dim: -1, eps: 0.5 }), py: "r = F.cosine_similarity(R(1, 3, 4), R(2, 4), dim=-1, eps=0.5)" },
  grad("normalize", [3, 4], (x) => F.normalize(x), "F.normalize(x)"),
  grad("normalize p=1 dim 0", [3, 4], (x) => F.normalize(x, 1, 0), "F.normalize(x, 1, 0)"),
  {
    name: "normalize out=",
    ts: () => { const out = torch.empty(3, 4); const y = F.normalize(R(1, 3, 4), { out }); return [y, out, torch.tensor(y === out)]; },
    py: "out = torch.empty(3, 4); y = F.normalize(R(1, 3, 4), out=out); r = [y, out, torch.tensor(y is out)]",
  },
  { name: "normalize out= of another dtype", ts: () => F.normalize(R(1, 3, 4), { out: torch.empty(3, 4, { dtype: torch.int64 }) }), py: "r = F.normalize(R(1, 3, 4), out=torch.empty(3, 4, dtype=torch.int64))" },
  { name: "conv_tbc", ts: () => F.conv_tbc(R(1, 5, 2, 4), R(2, 3, 4, 6), R(3, 6), 1), py: "r = F.conv_tbc(R(1, 5, 2, 4), R(2, 3, 4, 6), R(3, 6), 1)", atol: 1e-6 },
  { name: "conv_tbc bad bias", ts: () => F.conv_tbc(R(1, 5, 2, 4), R(2, 3, 4, 6), R(3, 5)), py: "r = F.conv_tbc(R(1, 5, 2, 4), R(2, 3, 4, 6), R(3, 5))" },
];

const W = (seed: number) => G(seed, 10, 3);
const bags: Case[] = [
  {
    name: "embedding_bag mean with offsets, grads",
    ts: () => { const w = W(1); const y = F.embedding_bag(long([1, 2, 4, 5, 4, 3, 2, 9]), w, long([0, 4])); y.pow(2).sum().backward(); return [y, w.grad]; },
    py: "w = G(1, 10, 3); y = F.embedding_bag(torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]), w, torch.tensor([0, 4])); y.pow(2).sum().backward(); r = [y, w.grad]",
  },
  {
    name: "embedding_bag sum 2-d input, grads",
    ts: () => { const w = W(1); const y = F.embedding_bag(long([[1, 2, 4], [4, 3, 9]]), w, { mode: "sum" }); y.pow(2).sum().backward(); return [y, w.grad]; },
    py: "w = G(1, 10, 3); y = F.embedding_bag(torch.tensor([[1, 2, 4], [4, 3, 9]]), w, mode='sum'); y.pow(2).sum().backward(); r = [y, w.grad]",
  },
  {
    name: "embedding_bag max, grads",
    ts: () => { const w = W(1); const y = F.embedding_bag(long([1, 2, 4, 5, 4, 3]), w, long([0, 2, 2]), { mode: "max" }); y.sum().backward(); return [y, w.grad]; },
    py: "w = G(1, 10, 3); y = F.embedding_bag(torch.tensor([1, 2, 4, 5, 4, 3]), w, torch.tensor([0, 2, 2]), mode='max'); y.sum().backward(); r = [y, w.grad]",
  },
  {
    name: "embedding_bag per_sample_weights, grads",
    ts: () => {
      const w = W(1), psw = G(2, 6);
      const y = F.embedding_bag(long([1, 2, 4, 5, 4, 3]), w, long([0, 3]), { mode: "sum", per_sample_weights: psw });
      y.pow(2).sum().backward();
      return [y, w.grad, psw.grad];
    },
    py: "w, psw = G(1, 10, 3), G(2, 6); y = F.embedding_bag(torch.tensor([1, 2, 4, 5, 4, 3]), w, torch.tensor([0, 3]), mode='sum', per_sample_weights=psw); y.pow(2).sum().backward(); r = [y, w.grad, psw.grad]",
  },
  { name: "embedding_bag include_last_offset", ts: () => F.embedding_bag(long([1, 2, 4, 5, 4, 3]), R(1, 10, 3), long([0, 2, 6]), { include_last_offset: true }), py: "r = F.embedding_bag(torch.tensor([1, 2, 4, 5, 4, 3]), R(1, 10, 3), torch.tensor([0, 2, 6]), include_last_offset=True)" },
  {
    name: "embedding_bag padding_idx, grads",
    ts: () => { const w = W(1); const y = F.embedding_bag(long([[1, 0, 4], [0, 0, 9]]), w, { padding_idx: 0 }); y.sum().backward(); return [y, w.grad]; },
    py: "w = G(1, 10, 3); y = F.embedding_bag(torch.tensor([[1, 0, 4], [0, 0, 9]]), w, padding_idx=0); y.sum().backward(); r = [y, w.grad]",
  },
  {
    name: "embedding_bag max_norm renormalises weight",
    ts: () => { const w = R(1, 10, 3).mul(3); const y = F.embedding_bag(long([[1, 2], [4, 1]]), w, null, 1.0); return [y, w]; },
    py: "w = R(1, 10, 3).mul(3); y = F.embedding_bag(torch.tensor([[1, 2], [4, 1]]), w, None, 1.0); r = [y, w]",
  },
  {
    name: "embedding_bag scale_grad_by_freq",
    ts: () => { const w = W(1); F.embedding_bag(long([[1, 1, 4], [4, 1, 9]]), w, { scale_grad_by_freq: true }).sum().backward(); return w.grad; },
    py: "w = G(1, 10, 3); F.embedding_bag(torch.tensor([[1, 1, 4], [4, 1, 9]]), w, scale_grad_by_freq=True).sum().backward(); r = w.grad",
  },
  { name: "embedding_bag 2-d input with offsets", ts: () => F.embedding_bag(long([[1, 2]]), R(1, 10, 3), long([0])), py: "r = F.embedding_bag(torch.tensor([[1, 2]]), R(1, 10, 3), torch.tensor([0]))" },
  { name: "embedding_bag 1-d input without offsets", ts: () => F.embedding_bag(long([1, 2]), R(1, 10, 3)), py: "r = F.embedding_bag(torch.tensor([1, 2]), R(1, 10, 3))" },
  { name: "embedding_bag 2-d offsets", ts: () => F.embedding_bag(long([1, 2]), R(1, 10, 3), long([[0]])), py: "r = F.embedding_bag(torch.tensor([1, 2]), R(1, 10, 3), torch.tensor([[0]]))" },
  { name: "embedding_bag 3-d input", ts: () => F.embedding_bag(long([[[1, 2]]] as never), R(1, 10, 3)), py: "r = F.embedding_bag(torch.tensor([[[1, 2]]]), R(1, 10, 3))" },
  { name: "embedding_bag 3-d weight", ts: () => F.embedding_bag(long([[1, 2]]), R(1, 10, 3, 1)), py: "r = F.embedding_bag(torch.tensor([[1, 2]]), R(1, 10, 3, 1))" },
  { name: "embedding_bag bad mode", ts: () => call(F.embedding_bag, long([[1, 2]]), R(1, 10, 3), { mode: "min" }), py: "r = F.embedding_bag(torch.tensor([[1, 2]]), R(1, 10, 3), mode='min')" },
  { name: "embedding_bag max with scale_grad_by_freq", ts: () => F.embedding_bag(long([[1, 2]]), R(1, 10, 3), { mode: "max", scale_grad_by_freq: true }), py: "r = F.embedding_bag(torch.tensor([[1, 2]]), R(1, 10, 3), mode='max', scale_grad_by_freq=True)" },
  { name: "embedding_bag max sparse", ts: () => F.embedding_bag(long([[1, 2]]), R(1, 10, 3), { mode: "max", sparse: true }), py: "r = F.embedding_bag(torch.tensor([[1, 2]]), R(1, 10, 3), mode='max', sparse=True)" },
  { name: "embedding_bag per_sample_weights with mean", ts: () => F.embedding_bag(long([[1, 2]]), R(1, 10, 3), { per_sample_weights: R(2, 1, 2) }), py: "r = F.embedding_bag(torch.tensor([[1, 2]]), R(1, 10, 3), per_sample_weights=R(2, 1, 2))" },
  { name: "embedding_bag per_sample_weights of another shape", ts: () => F.embedding_bag(long([[1, 2]]), R(1, 10, 3), { per_sample_weights: R(2, 2), mode: "sum" }), py: "r = F.embedding_bag(torch.tensor([[1, 2]]), R(1, 10, 3), per_sample_weights=R(2, 2), mode='sum')" },
  { name: "embedding_bag weight and input swapped", ts: () => F.embedding_bag(R(1, 10, 3), long([[1, 2]])), py: "r = F.embedding_bag(R(1, 10, 3), torch.tensor([[1, 2]]))" },
  { name: "embedding_bag index out of range", ts: () => F.embedding_bag(long([[1, 12]]), R(1, 10, 3)), py: "r = F.embedding_bag(torch.tensor([[1, 12]]), R(1, 10, 3))" },
];

const pooling: Case[] = [
  {
    name: "fractional_max_pool2d output_size: same seed, same pooling; grads",
    ts: () => { const x = G(1, 2, 3, 9, 8); torch.manual_seed(5); const y = F.fractional_max_pool2d(x, 2, [5, 4]); y.sum().backward(); return [y, x.grad]; },
    py: "x = G(1, 2, 3, 9, 8); torch.manual_seed(5); y = F.fractional_max_pool2d(x, 2, (5, 4)); y.sum().backward(); r = [y, x.grad]",
  },
  {
    name: "fractional_max_pool2d output_ratio, indices",
    ts: () => { const x = R(1, 3, 9, 8); torch.manual_seed(6); return F.fractional_max_pool2d(x, [2, 3], { output_ratio: [0.5, 0.6], return_indices: true }); },
    py: "x = R(1, 3, 9, 8); torch.manual_seed(6); r = F.fractional_max_pool2d(x, (2, 3), output_ratio=(0.5, 0.6), return_indices=True)",
  },
  {
    name: "fractional_max_pool2d _random_samples",
    ts: () => F.fractional_max_pool2d(R(1, 1, 2, 7, 7), 3, 4, null, false, torch.tensor([[[0.25, 0.75], [0.5, 0.1]]])),
    py: "r = F.fractional_max_pool2d(R(1, 1, 2, 7, 7), 3, 4, None, False, torch.tensor([[[0.25, 0.75], [0.5, 0.1]]]))",
  },
  {
    name: "fractional_max_pool2d_with_indices float64",
    ts: () => { const x = R(1, 2, 6, 6).double(); torch.manual_seed(4); return F.fractional_max_pool2d_with_indices(x, 2, 3); },
    py: "x = R(1, 2, 6, 6).double(); torch.manual_seed(4); r = F.fractional_max_pool2d_with_indices(x, 2, 3)",
  },
  {
    name: "fractional_max_pool3d: same seed, same pooling; grads",
    ts: () => { const x = G(1, 2, 2, 6, 5, 7); torch.manual_seed(8); const y = F.fractional_max_pool3d(x, 2, { output_ratio: 0.5 }); y.sum().backward(); return [y, x.grad]; },
    py: "x = G(1, 2, 2, 6, 5, 7); torch.manual_seed(8); y = F.fractional_max_pool3d(x, 2, output_ratio=0.5); y.sum().backward(); r = [y, x.grad]",
  },
  {
    name: "fractional_max_pool3d_with_indices unbatched",
    ts: () => { const x = R(1, 2, 5, 5, 5); torch.manual_seed(9); return F.fractional_max_pool3d_with_indices(x, [2, 2, 3], [3, 3, 2]); },
    py: "x = R(1, 2, 5, 5, 5); torch.manual_seed(9); r = F.fractional_max_pool3d_with_indices(x, (2, 2, 3), (3, 3, 2))",
  },
  { name: "fractional_max_pool2d neither size nor ratio", ts: () => F.fractional_max_pool2d(R(1, 1, 2, 6, 6), 2), py: "r = F.fractional_max_pool2d(R(1, 1, 2, 6, 6), 2)" },
  { name: "fractional_max_pool3d neither size nor ratio", ts: () => F.fractional_max_pool3d(R(1, 1, 2, 6, 6, 6), 2), py: "r = F.fractional_max_pool3d(R(1, 1, 2, 6, 6, 6), 2)" },
  { name: "fractional_max_pool2d one ratio", ts: () => F.fractional_max_pool2d(R(1, 1, 2, 6, 6), 2, { output_ratio: 0.5 }), py: "r = F.fractional_max_pool2d(R(1, 1, 2, 6, 6), 2, output_ratio=0.5)" },
  { name: "fractional_max_pool2d three ratios", ts: () => F.fractional_max_pool2d(R(1, 1, 2, 6, 6), 2, { output_ratio: [0.5, 0.5, 0.5] }), py: "r = F.fractional_max_pool2d(R(1, 1, 2, 6, 6), 2, output_ratio=(0.5, 0.5, 0.5))" },
  { name: "fractional_max_pool2d output too large", ts: () => F.fractional_max_pool2d(R(1, 1, 2, 6, 6), 2, 6), py: "r = F.fractional_max_pool2d(R(1, 1, 2, 6, 6), 2, 6)" },
  grad("local_response_norm 3-d", [2, 5, 6], (x) => F.local_response_norm(x, 3), "F.local_response_norm(x, 3)", 1e-6),
  grad("local_response_norm 4-d", [2, 5, 3, 4], (x) => F.local_response_norm(x, 2, 0.01, 0.5, 2), "F.local_response_norm(x, 2, 0.01, 0.5, 2.)", 1e-6),
  grad("local_response_norm 5-d", [1, 4, 2, 3, 2], (x) => F.local_response_norm(x, 4, { beta: 1 }), "F.local_response_norm(x, 4, beta=1.)", 1e-6),
  { name: "local_response_norm empty", ts: () => F.local_response_norm(torch.zeros(0, 3, 4), 2), py: "r = F.local_response_norm(torch.zeros(0, 3, 4), 2)" },
  { name: "local_response_norm 2-d", ts: () => F.local_response_norm(R(1, 3, 4), 2), py: "r = F.local_response_norm(R(1, 3, 4), 2)" },
];

const matmuls: Case[] = [
  { name: "multi_head_attention_forward", ts: () => F.multi_head_attention_forward(R(1, 3, 2, 4), R(2, 5, 2, 4), R(3, 5, 2, 4), 4, 2, R(4, 12, 4), R(5, 12), null, null, false, 0.0, R(6, 4, 4), R(7, 4), { training: false }), py: "r = F.multi_head_attention_forward(R(1, 3, 2, 4), R(2, 5, 2, 4), R(3, 5, 2, 4), 4, 2, R(4, 12, 4), R(5, 12), None, None, False, 0.0, R(6, 4, 4), R(7, 4), training=False)", atol: 1e-6 },
  { name: "grouped_mm 3-d", ts: () => F.grouped_mm(R(1, 2, 4, 8), R(2, 2, 8, 16)), py: "r = F.grouped_mm(R(1, 2, 4, 8), R(2, 2, 8, 16))", atol: 1e-5 },
  {
    name: "grouped_mm offs bfloat16",
    ts: () => F.grouped_mm(R(1, 4, 8).bfloat16(), R(2, 2, 8, 16).bfloat16(), { offs: torch.tensor([2, 4], { dtype: torch.int32 }) }).float(),
    py: "r = F.grouped_mm(R(1, 4, 8).bfloat16(), R(2, 2, 8, 16).bfloat16(), offs=torch.tensor([2, 4], dtype=torch.int32)).float()",
  },
  { name: "grouped_mm offs is keyword-only", ts: () => call(F.grouped_mm, R(1, 4, 8), R(2, 2, 8, 16), null), py: "r = F.grouped_mm(R(1, 4, 8), R(2, 2, 8, 16), None)" },
  { name: "grouped_mm strides", ts: () => F.grouped_mm(R(1, 2, 3, 4), R(2, 2, 4, 5)), py: "r = F.grouped_mm(R(1, 2, 3, 4), R(2, 2, 4, 5))" },
  {
    // The dispatcher's message ends with where each backend's kernel was registered, which
    // differs (Python registers its Meta kernels in Python): the class and first line.
    name: "scaled_mm on CPU",
    ts: () => {
      try {
        return F.scaled_mm(R(1, 2, 3), R(2, 3, 4), torch.ones(1), F.ScalingType.TensorWise, torch.ones(1), F.ScalingType.TensorWise);
      } catch (e) {
        return [(e as Error).name, (e as Error).message.split("\n")[0]];
      }
    },
    py: [
      "try:",
      "    r = F.scaled_mm(R(1, 2, 3), R(2, 3, 4), torch.ones(1), F.ScalingType.TensorWise, torch.ones(1), F.ScalingType.TensorWise)",
      "except Exception as e:",
      "    r = [type(e).__name__, str(e).split('\\n')[0]]",
    ].join("\n"),
  },
  {
    name: "scaled_mm recipe not a ScalingType",
    ts: () => call(F.scaled_mm, R(1, 2, 3), R(2, 3, 4), torch.ones(1), 0, torch.ones(1), F.ScalingType.TensorWise),
    py: "r = F.scaled_mm(R(1, 2, 3), R(2, 3, 4), torch.ones(1), 0, torch.ones(1), F.ScalingType.TensorWise)",
  },
  {
    name: "scaled_grouped_mm on CPU",
    ts: () => F.scaled_grouped_mm(R(1, 2, 2, 3), R(2, 2, 3, 4), [torch.ones(1)], [F.ScalingType.RowWise], torch.ones(1), F.ScalingType.RowWise, { swizzle_a: F.SwizzleType.NO_SWIZZLE }),
    py: "r = F.scaled_grouped_mm(R(1, 2, 2, 3), R(2, 2, 3, 4), [torch.ones(1)], [F.ScalingType.RowWise], torch.ones(1), F.ScalingType.RowWise, swizzle_a=F.SwizzleType.NO_SWIZZLE)",
  },
  { name: "scaled_mm missing scales", ts: () => call(F.scaled_mm, R(1, 2, 3), R(2, 3, 4)), py: "r = F.scaled_mm(R(1, 2, 3), R(2, 3, 4))" },
  { name: "ScalingType and SwizzleType", ts: () => [String(F.ScalingType.BlockWise1x32), F.ScalingType.BlockWise1x32.value, String(F.SwizzleType.SWIZZLE_32_4_4), F.SwizzleType.SWIZZLE_32_4_4.value], py: "r = [str(F.ScalingType.BlockWise1x32), F.ScalingType.BlockWise1x32.value, str(F.SwizzleType.SWIZZLE_32_4_4), F.SwizzleType.SWIZZLE_32_4_4.value]" },
  { name: "assert_int_or_pair", ts: () => F.assert_int_or_pair([1, 2, 3], "kernel_size", "{} must be int or pair"), py: "r = F.assert_int_or_pair([1, 2, 3], 'kernel_size', '{} must be int or pair')" },
  { name: "assert_int_or_pair passes", ts: () => [F.assert_int_or_pair(3, "k", "{}") ?? null, F.assert_int_or_pair([1, 2], "k", "{}") ?? null], py: "r = [F.assert_int_or_pair(3, 'k', '{}'), F.assert_int_or_pair([1, 2], 'k', '{}')]" },
];

describe("F misc: warnings", () => {
  it("warns as Python does", async () => {
    expect(await warningsOf(() => F.embedding_bag(R(1, 10, 3), long([[1, 2]])))).toStrictEqual([
      "UserWarning: Argument order of nn.functional.embedding_bag was changed. Usage `embedding_bag(weight, input, ...)` is deprecated, " +
        "and should now be `embedding_bag(input, weight, ...)`.",
    ]);
  });
});

const families: [string, Case[]][] = [
  ["bilinear, distances, normalize, conv_tbc", linearAndDistances],
  ["embedding_bag", bags],
  ["fractional max pooling and local_response_norm", pooling],
  ["attention and matrix products", matmuls],
];
describeAgainstPython(families, PRELUDE, (family) => `F ${family} against Python torch 2.11`);

/**
 * Python's public callables of torch.nn.functional that torchts does not have: the typing
 * names functional.py imports, and the __torch_function__ protocol (torchts has no tensor
 * subclass dispatch).
 */
const NOT_IN_TORCHTS = [
  "Callable", "DType", "Optional",
  "boolean_dispatch", "handle_torch_function", "has_torch_function", "has_torch_function_unary", "has_torch_function_variadic",
];

describe("F coverage", () => {
  it("has every public callable of Python's torch.nn.functional but the typing names and __torch_function__ helpers", () => {
    const python = pythonJson<string[]>(
      "import torch.nn.functional as F\nprint(json.dumps([n for n in dir(F) if not n.startswith('_') and callable(getattr(F, n))]))",
      "",
    );
    const ts = new Set(Object.keys(F));
    const missing = python.filter((n) => !ts.has(n));
    expect(missing).toStrictEqual(NOT_IN_TORCHTS);
    const extra = [...ts].filter((n) => !python.includes(n) && !n.startsWith("_"));
    expect(extra).toStrictEqual(["AssertionError"]);
  });
});
