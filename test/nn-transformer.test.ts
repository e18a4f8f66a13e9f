// nn.MultiheadAttention, the Transformer layers, encoder, decoder and nn.Transformer against
// Python torch 2.11: after the same torch.manual_seed the parameters are bitwise equal, the
// state_dict keys come in Python's order, printing is Python's str(), and forward outputs,
// attention weights and the gradients of inputs and every parameter are equal to Python's
// (fp32 on CPU, same LibTorch kernels: compared exactly, tolerance 0), for batch_first
// true/false, norm_first true/false, relu/gelu/custom activations, float and bool masks, key
// padding masks, causal masks, need_weights true/false, average_attn_weights, dropout in
// training mode (same RNG draws as Python) and eval mode (Python's fast path is off there
// because the parameters require grad). Bad inputs raise Python's error class and message.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { Case, expectSame, pythonResults } from "./helpers/compare";

const { nn } = torch;
type T = InstanceType<typeof torch.Tensor>;
type M = InstanceType<typeof nn.Module>;

/** R(seed, ...shape): standard normal samples after manual_seed(seed), in both languages. */
const R = (seed: number, ...shape: number[]): T => (torch.manual_seed(seed), torch.randn(...shape));
/** X(seed, ...shape): the same, requiring grad (an input whose gradient is compared). */
const X = (seed: number, ...shape: number[]): T => R(seed, ...shape).requires_grad_();
const bool = (rows: boolean[][] | boolean[]): T => torch.tensor(rows as boolean[][]);

/**
 * Runs `call` on `inputs`, then backward of (out * R(99)).sum(); returns the output, the
 * attention weights (when `call` returns a pair), the inputs' gradients and every parameter's
 * gradient (null where Python's is None).
 */
function fb(m: M, inputs: T[], call: (...xs: T[]) => T | [T, T | null]): (T | null)[] {
  const out = call(...inputs);
  const [o, extra] = Array.isArray(out) ? [out[0], [out[1] === null ? null : out[1].detach()]] : [out, []];
  o.mul(R(99, ...o.shape)).sum().backward();
  return [o.detach(), ...extra, ...inputs.map((x) => x.grad), ...[...m.parameters()].map((p) => p.grad)];
}

const params = (m: M): T[] => Object.values(m.state_dict());

const PRELUDE = `
import torch.nn as nn
import torch.nn.functional as F
def R(s, *shape):
    torch.manual_seed(s)
    return torch.randn(*shape)
def X(s, *shape):
    return R(s, *shape).requires_grad_()
def B(rows):
    return torch.tensor(rows)
def fb(m, inputs, call):
    out = call(*inputs)
    if isinstance(out, tuple):
        o, w = out
        extra = [None if w is None else w.detach()]
    else:
        o, extra = out, []
    (o * R(99, *o.shape)).sum().backward()
    return [o.detach()] + extra + [x.grad for x in inputs] + [p.grad for p in m.parameters()]
def params(m):
    return list(m.state_dict().values())
`;

const causal = (n: number) => nn.Transformer.generate_square_subsequent_mask(n);

// ---- MultiheadAttention ----

/** [name, TS constructor, Python constructor] */
const mhaConfigs: [string, () => InstanceType<typeof nn.MultiheadAttention>, string][] = [
  ["default", () => new nn.MultiheadAttention(8, 2), "nn.MultiheadAttention(8, 2)"],
  ["batch_first", () => new nn.MultiheadAttention(8, 4, { batch_first: true }), "nn.MultiheadAttention(8, 4, batch_first=True)"],
  ["no bias", () => new nn.MultiheadAttention(8, 2, { bias: false }), "nn.MultiheadAttention(8, 2, bias=False)"],
  ["kdim vdim", () => new nn.MultiheadAttention(8, 2, { kdim: 6, vdim: 4 }), "nn.MultiheadAttention(8, 2, kdim=6, vdim=4)"],
  [
    "add_bias_kv add_zero_attn",
    () => new nn.MultiheadAttention(8, 2, { add_bias_kv: true, add_zero_attn: true }),
    "nn.MultiheadAttention(8, 2, add_bias_kv=True, add_zero_attn=True)",
  ],
  ["positional", () => new nn.MultiheadAttention(6, 3, 0.0, true, true), "nn.MultiheadAttention(6, 3, 0.0, True, True)"],
  ["float64", () => new nn.MultiheadAttention(4, 1, { dtype: torch.float64 }), "nn.MultiheadAttention(4, 1, dtype=torch.float64)"],
];

const mhaInit: Case[] = mhaConfigs.flatMap(([name, ts, py]) => [
  { name: `${name}: parameters`, ts: () => (torch.manual_seed(3), params(ts())), py: `torch.manual_seed(3)\nr = params(${py})` },
  { name: `${name}: state_dict keys`, ts: () => Object.keys(ts().state_dict()), py: `r = list(${py}.state_dict().keys())` },
  {
    name: `${name}: named_parameters`,
    ts: () => [...ts().named_parameters()].map(([n, p]) => [n, p.shape]),
    py: `r = [[n, list(p.shape)] for n, p in ${py}.named_parameters()]`,
  },
  { name: `${name}: str`, ts: () => String(ts()), py: `r = str(${py})` },
]);

/** An MHA case: the module after manual_seed(0), then fb over inputs. */
function mha(name: string, tsMake: () => InstanceType<typeof nn.MultiheadAttention>, pyMake: string, ts: (m: InstanceType<typeof nn.MultiheadAttention>) => (T | null)[], py: string): Case {
  return {
    name,
    ts: () => {
      torch.manual_seed(0);
      return ts(tsMake());
    },
    py: `torch.manual_seed(0)\nm = ${pyMake}\n${py}`,
  };
}

const mhaForward: Case[] = [
  mha("self-attention, weights averaged", () => new nn.MultiheadAttention(8, 2), "nn.MultiheadAttention(8, 2)",
    (m) => { const x = X(1, 5, 3, 8); return fb(m, [x], (x) => m.forward(x, x, x)); },
    "x = X(1, 5, 3, 8)\nr = fb(m, [x], lambda x: m(x, x, x))"),
  mha("self-attention, weights per head", () => new nn.MultiheadAttention(8, 2), "nn.MultiheadAttention(8, 2)",
    (m) => { const x = X(1, 5, 3, 8); return fb(m, [x], (x) => m.forward(x, x, x, { average_attn_weights: false })); },
    "x = X(1, 5, 3, 8)\nr = fb(m, [x], lambda x: m(x, x, x, average_attn_weights=False))"),
  mha("self-attention, need_weights false (SDPA)", () => new nn.MultiheadAttention(8, 2), "nn.MultiheadAttention(8, 2)",
    (m) => { const x = X(1, 5, 3, 8); return fb(m, [x], (x) => m.forward(x, x, x, { need_weights: false })); },
    "x = X(1, 5, 3, 8)\nr = fb(m, [x], lambda x: m(x, x, x, need_weights=False))"),
  mha("positional need_weights", () => new nn.MultiheadAttention(8, 2), "nn.MultiheadAttention(8, 2)",
    (m) => { const x = X(1, 5, 3, 8); return fb(m, [x], (x) => m.forward(x, x, x, null, false)); },
    "x = X(1, 5, 3, 8)\nr = fb(m, [x], lambda x: m(x, x, x, None, False))"),
  mha("cross-attention (key is value)", () => new nn.MultiheadAttention(8, 2), "nn.MultiheadAttention(8, 2)",
    (m) => { const q = X(1, 4, 2, 8); const kv = X(2, 6, 2, 8); return fb(m, [q, kv], (q, kv) => m.forward(q, kv, kv)); },
    "q = X(1, 4, 2, 8); kv = X(2, 6, 2, 8)\nr = fb(m, [q, kv], lambda q, kv: m(q, kv, kv))"),
  mha("separate q, k, v", () => new nn.MultiheadAttention(8, 2), "nn.MultiheadAttention(8, 2)",
    (m) => fb(m, [X(1, 4, 2, 8), X(2, 6, 2, 8), X(3, 6, 2, 8)], (q, k, v) => m.forward(q, k, v, { need_weights: false })),
    "r = fb(m, [X(1, 4, 2, 8), X(2, 6, 2, 8), X(3, 6, 2, 8)], lambda q, k, v: m(q, k, v, need_weights=False))"),
  mha("batch_first", () => new nn.MultiheadAttention(8, 4, { batch_first: true }), "nn.MultiheadAttention(8, 4, batch_first=True)",
    (m) => { const x = X(1, 3, 5, 8); return fb(m, [x], (x) => m.forward(x, x, x)); },
    "x = X(1, 3, 5, 8)\nr = fb(m, [x], lambda x: m(x, x, x))"),
  mha("batch_first cross, SDPA", () => new nn.MultiheadAttention(8, 4, { batch_first: true }), "nn.MultiheadAttention(8, 4, batch_first=True)",
    (m) => { const q = X(1, 3, 4, 8); const kv = X(2, 3, 6, 8); return fb(m, [q, kv], (q, kv) => m.forward(q, kv, kv, { need_weights: false })); },
    "q = X(1, 3, 4, 8); kv = X(2, 3, 6, 8)\nr = fb(m, [q, kv], lambda q, kv: m(q, kv, kv, need_weights=False))"),
  mha("float attn_mask", () => new nn.MultiheadAttention(8, 2), "nn.MultiheadAttention(8, 2)",
    (m) => { const x = X(1, 5, 3, 8); const am = R(5, 5, 5); return fb(m, [x], (x) => m.forward(x, x, x, { attn_mask: am })); },
    "x = X(1, 5, 3, 8); am = R(5, 5, 5)\nr = fb(m, [x], lambda x: m(x, x, x, attn_mask=am))"),
  mha("float attn_mask, SDPA", () => new nn.MultiheadAttention(8, 2), "nn.MultiheadAttention(8, 2)",
    (m) => { const x = X(1, 5, 3, 8); const am = R(5, 5, 5); return fb(m, [x], (x) => m.forward(x, x, x, { attn_mask: am, need_weights: false })); },
    "x = X(1, 5, 3, 8); am = R(5, 5, 5)\nr = fb(m, [x], lambda x: m(x, x, x, attn_mask=am, need_weights=False))"),
  mha("3-D float attn_mask", () => new nn.MultiheadAttention(8, 2), "nn.MultiheadAttention(8, 2)",
    (m) => { const x = X(1, 4, 3, 8); const am = R(5, 6, 4, 4); return fb(m, [x], (x) => m.forward(x, x, x, { attn_mask: am })); },
    "x = X(1, 4, 3, 8); am = R(5, 6, 4, 4)\nr = fb(m, [x], lambda x: m(x, x, x, attn_mask=am))"),
  mha("3-D float attn_mask, SDPA", () => new nn.MultiheadAttention(8, 2), "nn.MultiheadAttention(8, 2)",
    (m) => { const x = X(1, 4, 3, 8); const am = R(5, 6, 4, 4); return fb(m, [x], (x) => m.forward(x, x, x, { attn_mask: am, need_weights: false })); },
    "x = X(1, 4, 3, 8); am = R(5, 6, 4, 4)\nr = fb(m, [x], lambda x: m(x, x, x, attn_mask=am, need_weights=False))"),
  mha("bool attn_mask", () => new nn.MultiheadAttention(8, 2), "nn.MultiheadAttention(8, 2)",
    (m) => { const x = X(1, 3, 2, 8); const am = bool([[false, true, false], [false, false, true], [true, false, false]]); return fb(m, [x], (x) => m.forward(x, x, x, { attn_mask: am })); },
    "x = X(1, 3, 2, 8); am = B([[False, True, False], [False, False, True], [True, False, False]])\nr = fb(m, [x], lambda x: m(x, x, x, attn_mask=am))"),
  mha("bool key_padding_mask", () => new nn.MultiheadAttention(8, 2), "nn.MultiheadAttention(8, 2)",
    (m) => { const x = X(1, 4, 2, 8); const kpm = bool([[false, false, false, true], [false, true, true, false]]); return fb(m, [x], (x) => m.forward(x, x, x, { key_padding_mask: kpm })); },
    "x = X(1, 4, 2, 8); kpm = B([[False, False, False, True], [False, True, True, False]])\nr = fb(m, [x], lambda x: m(x, x, x, key_padding_mask=kpm))"),
  mha("bool key_padding_mask, SDPA", () => new nn.MultiheadAttention(8, 2), "nn.MultiheadAttention(8, 2)",
    (m) => { const x = X(1, 4, 2, 8); const kpm = bool([[false, false, false, true], [false, true, true, false]]); return fb(m, [x], (x) => m.forward(x, x, x, { key_padding_mask: kpm, need_weights: false })); },
    "x = X(1, 4, 2, 8); kpm = B([[False, False, False, True], [False, True, True, False]])\nr = fb(m, [x], lambda x: m(x, x, x, key_padding_mask=kpm, need_weights=False))"),
  mha("float key_padding_mask and float attn_mask", () => new nn.MultiheadAttention(8, 2), "nn.MultiheadAttention(8, 2)",
    (m) => { const x = X(1, 4, 2, 8); const kpm = R(6, 2, 4); const am = R(7, 4, 4); return fb(m, [x], (x) => m.forward(x, x, x, { key_padding_mask: kpm, attn_mask: am })); },
    "x = X(1, 4, 2, 8); kpm = R(6, 2, 4); am = R(7, 4, 4)\nr = fb(m, [x], lambda x: m(x, x, x, key_padding_mask=kpm, attn_mask=am))"),
  mha("bool key_padding_mask and bool attn_mask, SDPA", () => new nn.MultiheadAttention(8, 2, { batch_first: true }), "nn.MultiheadAttention(8, 2, batch_first=True)",
    (m) => { const x = X(1, 2, 3, 8); const kpm = bool([[false, false, true], [false, false, false]]); const am = bool([[false, true, true], [false, false, true], [false, false, false]]); return fb(m, [x], (x) => m.forward(x, x, x, { key_padding_mask: kpm, attn_mask: am, need_weights: false })); },
    "x = X(1, 2, 3, 8); kpm = B([[False, False, True], [False, False, False]]); am = B([[False, True, True], [False, False, True], [False, False, False]])\nr = fb(m, [x], lambda x: m(x, x, x, key_padding_mask=kpm, attn_mask=am, need_weights=False))"),
  mha("is_causal with the causal mask, SDPA", () => new nn.MultiheadAttention(8, 2), "nn.MultiheadAttention(8, 2)",
    (m) => { const x = X(1, 5, 2, 8); return fb(m, [x], (x) => m.forward(x, x, x, { attn_mask: causal(5), is_causal: true, need_weights: false })); },
    "x = X(1, 5, 2, 8)\nr = fb(m, [x], lambda x: m(x, x, x, attn_mask=nn.Transformer.generate_square_subsequent_mask(5), is_causal=True, need_weights=False))"),
  mha("is_causal with the causal mask, weights", () => new nn.MultiheadAttention(8, 2), "nn.MultiheadAttention(8, 2)",
    (m) => { const x = X(1, 5, 2, 8); return fb(m, [x], (x) => m.forward(x, x, x, { attn_mask: causal(5), is_causal: true })); },
    "x = X(1, 5, 2, 8)\nr = fb(m, [x], lambda x: m(x, x, x, attn_mask=nn.Transformer.generate_square_subsequent_mask(5), is_causal=True))"),
  mha("is_causal and key_padding_mask, SDPA", () => new nn.MultiheadAttention(8, 2), "nn.MultiheadAttention(8, 2)",
    (m) => { const x = X(1, 3, 2, 8); const kpm = bool([[false, false, true], [false, false, false]]); return fb(m, [x], (x) => m.forward(x, x, x, { attn_mask: causal(3), key_padding_mask: kpm, is_causal: true, need_weights: false })); },
    "x = X(1, 3, 2, 8); kpm = B([[False, False, True], [False, False, False]])\nr = fb(m, [x], lambda x: m(x, x, x, attn_mask=nn.Transformer.generate_square_subsequent_mask(3), key_padding_mask=kpm, is_causal=True, need_weights=False))"),
  mha("unbatched", () => new nn.MultiheadAttention(8, 2), "nn.MultiheadAttention(8, 2)",
    (m) => { const x = X(1, 5, 8); const kpm = bool([false, false, false, false, true]); return fb(m, [x], (x) => m.forward(x, x, x, { key_padding_mask: kpm })); },
    "x = X(1, 5, 8); kpm = B([False, False, False, False, True])\nr = fb(m, [x], lambda x: m(x, x, x, key_padding_mask=kpm))"),
  mha("unbatched, 3-D attn_mask, SDPA", () => new nn.MultiheadAttention(8, 2, { batch_first: true }), "nn.MultiheadAttention(8, 2, batch_first=True)",
    (m) => { const x = X(1, 4, 8); const am = R(5, 2, 4, 4); return fb(m, [x], (x) => m.forward(x, x, x, { attn_mask: am, need_weights: false })); },
    "x = X(1, 4, 8); am = R(5, 2, 4, 4)\nr = fb(m, [x], lambda x: m(x, x, x, attn_mask=am, need_weights=False))"),
  mha("no bias", () => new nn.MultiheadAttention(8, 2, { bias: false }), "nn.MultiheadAttention(8, 2, bias=False)",
    (m) => { const x = X(1, 5, 3, 8); return fb(m, [x], (x) => m.forward(x, x, x)); },
    "x = X(1, 5, 3, 8)\nr = fb(m, [x], lambda x: m(x, x, x))"),
  mha("kdim and vdim", () => new nn.MultiheadAttention(8, 2, { kdim: 6, vdim: 4 }), "nn.MultiheadAttention(8, 2, kdim=6, vdim=4)",
    (m) => fb(m, [X(1, 3, 2, 8), X(2, 5, 2, 6), X(3, 5, 2, 4)], (q, k, v) => m.forward(q, k, v, { key_padding_mask: bool([[false, false, false, false, true], [false, false, false, false, false]]) })),
    "r = fb(m, [X(1, 3, 2, 8), X(2, 5, 2, 6), X(3, 5, 2, 4)], lambda q, k, v: m(q, k, v, key_padding_mask=B([[False, False, False, False, True], [False, False, False, False, False]])))"),
  mha("kdim and vdim, SDPA", () => new nn.MultiheadAttention(8, 2, { kdim: 6, vdim: 4, batch_first: true }), "nn.MultiheadAttention(8, 2, kdim=6, vdim=4, batch_first=True)",
    (m) => fb(m, [X(1, 2, 3, 8), X(2, 2, 5, 6), X(3, 2, 5, 4)], (q, k, v) => m.forward(q, k, v, { need_weights: false })),
    "r = fb(m, [X(1, 2, 3, 8), X(2, 2, 5, 6), X(3, 2, 5, 4)], lambda q, k, v: m(q, k, v, need_weights=False))"),
  mha("add_bias_kv, add_zero_attn, masks", () => new nn.MultiheadAttention(8, 2, { add_bias_kv: true, add_zero_attn: true }), "nn.MultiheadAttention(8, 2, add_bias_kv=True, add_zero_attn=True)",
    (m) => { const x = X(1, 3, 2, 8); const am = R(5, 3, 3); const kpm = bool([[false, false, true], [false, false, false]]); return fb(m, [x], (x) => m.forward(x, x, x, { attn_mask: am, key_padding_mask: kpm })); },
    "x = X(1, 3, 2, 8); am = R(5, 3, 3); kpm = B([[False, False, True], [False, False, False]])\nr = fb(m, [x], lambda x: m(x, x, x, attn_mask=am, key_padding_mask=kpm))"),
  mha("add_bias_kv, add_zero_attn, SDPA", () => new nn.MultiheadAttention(8, 2, { add_bias_kv: true, add_zero_attn: true }), "nn.MultiheadAttention(8, 2, add_bias_kv=True, add_zero_attn=True)",
    (m) => { const x = X(1, 3, 2, 8); const am = R(5, 3, 3); return fb(m, [x], (x) => m.forward(x, x, x, { attn_mask: am, need_weights: false })); },
    "x = X(1, 3, 2, 8); am = R(5, 3, 3)\nr = fb(m, [x], lambda x: m(x, x, x, attn_mask=am, need_weights=False))"),
  mha("dropout in training mode, weights", () => new nn.MultiheadAttention(8, 2, { dropout: 0.3 }), "nn.MultiheadAttention(8, 2, dropout=0.3)",
    (m) => { const x = X(1, 5, 3, 8); torch.manual_seed(7); return fb(m, [x], (x) => m.forward(x, x, x)); },
    "x = X(1, 5, 3, 8)\ntorch.manual_seed(7)\nr = fb(m, [x], lambda x: m(x, x, x))"),
  mha("dropout in training mode, SDPA", () => new nn.MultiheadAttention(8, 2, { dropout: 0.3 }), "nn.MultiheadAttention(8, 2, dropout=0.3)",
    (m) => { const x = X(1, 5, 3, 8); torch.manual_seed(7); return fb(m, [x], (x) => m.forward(x, x, x, { need_weights: false })); },
    "x = X(1, 5, 3, 8)\ntorch.manual_seed(7)\nr = fb(m, [x], lambda x: m(x, x, x, need_weights=False))"),
  mha("dropout in eval mode is off", () => new nn.MultiheadAttention(8, 2, { dropout: 0.3, batch_first: true }), "nn.MultiheadAttention(8, 2, dropout=0.3, batch_first=True)",
    (m) => { m.eval(); const x = X(1, 3, 5, 8); return fb(m, [x], (x) => m.forward(x, x, x, { key_padding_mask: bool([[false, false, false, false, true], [false, false, false, false, false], [false, true, false, false, false]]) })); },
    "m.eval(); x = X(1, 3, 5, 8)\nr = fb(m, [x], lambda x: m(x, x, x, key_padding_mask=B([[False, False, False, False, True], [False, False, False, False, False], [False, True, False, False, False]])))"),
  mha("float64", () => new nn.MultiheadAttention(4, 2, { dtype: torch.float64 }), "nn.MultiheadAttention(4, 2, dtype=torch.float64)",
    (m) => { const x = X(1, 3, 2, 4).double().detach().requires_grad_(); return fb(m, [x], (x) => m.forward(x, x, x)); },
    "x = X(1, 3, 2, 4).double().detach().requires_grad_()\nr = fb(m, [x], lambda x: m(x, x, x))"),
];

const functionalForward: Case[] = [
  {
    name: "F.multi_head_attention_forward with separate weights and static_k/static_v",
    ts: () => {
      const [q, k, v] = [R(1, 3, 2, 4), R(2, 5, 2, 4), R(3, 5, 2, 4)];
      const sk = R(4, 4, 5, 2);
      const sv = R(5, 4, 5, 2);
      const [o, w] = nn.functional.multi_head_attention_forward(q, k, v, 4, 2, null, R(6, 12), null, null, false, 0.0, R(7, 4, 4), R(8, 4), {
        training: false, use_separate_proj_weight: true, q_proj_weight: R(9, 4, 4), k_proj_weight: R(10, 4, 4), v_proj_weight: R(11, 4, 4),
        static_k: sk, static_v: sv,
      });
      return [o, w];
    },
    py: `q, k, v = R(1, 3, 2, 4), R(2, 5, 2, 4), R(3, 5, 2, 4)
sk = R(4, 4, 5, 2); sv = R(5, 4, 5, 2)
o, w = F.multi_head_attention_forward(q, k, v, 4, 2, None, R(6, 12), None, None, False, 0.0, R(7, 4, 4), R(8, 4),
    training=False, use_separate_proj_weight=True, q_proj_weight=R(9, 4, 4), k_proj_weight=R(10, 4, 4), v_proj_weight=R(11, 4, 4),
    static_k=sk, static_v=sv)
r = [o, w]`,
  },
];

const mhaErrors: Case[] = [
  { name: "embed_dim not divisible by num_heads", ts: () => new nn.MultiheadAttention(10, 3), py: "r = nn.MultiheadAttention(10, 3)" },
  { name: "embed_dim 0", ts: () => new nn.MultiheadAttention(0, 3), py: "r = nn.MultiheadAttention(0, 3)" },
  { name: "unknown keyword", ts: () => new nn.MultiheadAttention(8, 2, { batchfirst: true } as never), py: "r = nn.MultiheadAttention(8, 2, batchfirst=True)" },
  { name: "missing num_heads", ts: () => new (nn.MultiheadAttention as unknown as new (e: number) => unknown)(8), py: "r = nn.MultiheadAttention(8)" },
  ...([
    ["2-D attn_mask of the wrong shape", (m, x) => m.forward(x, x, x, { attn_mask: R(2, 3, 3) }), "m(x, x, x, attn_mask=R(2, 3, 3))"],
    ["2-D attn_mask of the wrong shape, SDPA", (m, x) => m.forward(x, x, x, { attn_mask: R(2, 4, 5), need_weights: false }), "m(x, x, x, attn_mask=R(2, 4, 5), need_weights=False)"],
    ["3-D attn_mask of the wrong shape", (m, x) => m.forward(x, x, x, { attn_mask: R(2, 2, 4, 4) }), "m(x, x, x, attn_mask=R(2, 2, 4, 4))"],
    ["4-D attn_mask", (m, x) => m.forward(x, x, x, { attn_mask: R(2, 1, 4, 4, 1) }), "m(x, x, x, attn_mask=R(2, 1, 4, 4, 1))"],
    ["3-D key_padding_mask", (m, x) => m.forward(x, x, x, { key_padding_mask: R(2, 3, 4, 1) }), "m(x, x, x, key_padding_mask=R(2, 3, 4, 1))"],
    ["key_padding_mask of the wrong length", (m, x) => m.forward(x, x, x, { key_padding_mask: R(2, 3, 5) }), "m(x, x, x, key_padding_mask=R(2, 3, 5))"],
    ["key_padding_mask of the wrong batch", (m, x) => m.forward(x, x, x, { key_padding_mask: R(2, 2, 4) }), "m(x, x, x, key_padding_mask=R(2, 2, 4))"],
    ["int attn_mask", (m, x) => m.forward(x, x, x, { attn_mask: torch.zeros(4, 4, { dtype: torch.int64 }) }), "m(x, x, x, attn_mask=torch.zeros(4, 4, dtype=torch.int64))"],
    ["int key_padding_mask", (m, x) => m.forward(x, x, x, { key_padding_mask: torch.zeros(3, 4, { dtype: torch.int32 }) }), "m(x, x, x, key_padding_mask=torch.zeros(3, 4, dtype=torch.int32))"],
    ["is_causal without attn_mask", (m, x) => m.forward(x, x, x, { is_causal: true }), "m(x, x, x, is_causal=True)"],
    ["4-D query", (m, x) => m.forward(R(1, 1, 4, 3, 8), x, x), "m(R(1, 1, 4, 3, 8), x, x)"],
    ["2-D key for a 3-D query", (m, x) => m.forward(x, R(1, 4, 8), x), "m(x, R(1, 4, 8), x)"],
    ["wrong embedding size", (m, x) => m.forward(R(1, 4, 3, 6), R(1, 4, 3, 6), R(1, 4, 3, 6)), "m(R(1, 4, 3, 6), R(1, 4, 3, 6), R(1, 4, 3, 6))"],
    ["key and value of different shapes", (m, x) => m.forward(x, x, R(1, 5, 3, 8)), "m(x, x, R(1, 5, 3, 8))"],
    ["unknown forward keyword", (m, x) => m.forward(x, x, x, { need_weight: false } as never), "m(x, x, x, need_weight=False)"],
  ] as [string, (m: InstanceType<typeof nn.MultiheadAttention>, x: T) => unknown, string][]).map(([name, ts, py]): Case => ({
    name,
    ts: () => {
      torch.manual_seed(0);
      const m = new nn.MultiheadAttention(8, 2);
      const x = R(1, 4, 3, 8);
      return ts(m, x);
    },
    py: `torch.manual_seed(0)\nm = nn.MultiheadAttention(8, 2)\nx = R(1, 4, 3, 8)\nr = ${py}`,
  })),
  {
    name: "unbatched 3-D attn_mask of the wrong shape",
    ts: () => { const m = new nn.MultiheadAttention(8, 2); const x = R(1, 4, 8); return m.forward(x, x, x, { attn_mask: R(2, 2, 4, 3) }); },
    py: "m = nn.MultiheadAttention(8, 2); x = R(1, 4, 8)\nr = m(x, x, x, attn_mask=R(2, 2, 4, 3))",
  },
  {
    name: "kdim: wrong key size",
    ts: () => { const m = new nn.MultiheadAttention(8, 2, { kdim: 6, vdim: 4 }); return m.forward(R(1, 3, 2, 8), R(2, 5, 2, 5), R(3, 5, 2, 4)); },
    py: "m = nn.MultiheadAttention(8, 2, kdim=6, vdim=4)\nr = m(R(1, 3, 2, 8), R(2, 5, 2, 5), R(3, 5, 2, 4))",
  },
];

// ---- the layers, encoder, decoder and Transformer ----

function seeded<V>(seed: number, make: () => V): V {
  torch.manual_seed(seed);
  return make();
}

type Layer = InstanceType<typeof nn.TransformerEncoderLayer>;
type DecLayer = InstanceType<typeof nn.TransformerDecoderLayer>;

const encLayerConfigs: [string, () => Layer, string][] = [
  ["post-norm relu", () => new nn.TransformerEncoderLayer(8, 2, 16, 0.0), "nn.TransformerEncoderLayer(8, 2, 16, 0.0)"],
  ["pre-norm gelu batch_first", () => new nn.TransformerEncoderLayer(8, 2, { dim_feedforward: 16, dropout: 0.0, activation: "gelu", batch_first: true, norm_first: true }), "nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, activation='gelu', batch_first=True, norm_first=True)"],
  ["no bias, eps", () => new nn.TransformerEncoderLayer(8, 4, { dim_feedforward: 12, dropout: 0.0, bias: false, layer_norm_eps: 1e-3 }), "nn.TransformerEncoderLayer(8, 4, dim_feedforward=12, dropout=0.0, bias=False, layer_norm_eps=1e-3)"],
  ["GELU module activation", () => new nn.TransformerEncoderLayer(8, 2, { dim_feedforward: 16, dropout: 0.0, activation: new nn.GELU({ approximate: "tanh" }) }), "nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, activation=nn.GELU(approximate='tanh'))"],
  ["default sizes", () => new nn.TransformerEncoderLayer(16, 4), "nn.TransformerEncoderLayer(16, 4)"],
];

const decLayerConfigs: [string, () => DecLayer, string][] = [
  ["post-norm relu", () => new nn.TransformerDecoderLayer(8, 2, 16, 0.0), "nn.TransformerDecoderLayer(8, 2, 16, 0.0)"],
  ["pre-norm gelu batch_first", () => new nn.TransformerDecoderLayer(8, 2, { dim_feedforward: 16, dropout: 0.0, activation: "gelu", batch_first: true, norm_first: true }), "nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, dropout=0.0, activation='gelu', batch_first=True, norm_first=True)"],
  ["no bias", () => new nn.TransformerDecoderLayer(8, 2, { dim_feedforward: 16, dropout: 0.0, bias: false }), "nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, dropout=0.0, bias=False)"],
];

const structure = <L extends M>(configs: [string, () => L, string][]): Case[] =>
  configs.flatMap(([name, ts, py]) => [
    { name: `${name}: parameters`, ts: () => seeded(4, () => params(ts())), py: `torch.manual_seed(4)\nr = params(${py})` },
    { name: `${name}: state_dict keys`, ts: () => Object.keys(ts().state_dict()), py: `r = list(${py}.state_dict().keys())` },
    { name: `${name}: str`, ts: () => String(ts()), py: `r = str(${py})` },
  ]);

const layerForward: Case[] = [
  ...encLayerConfigs.slice(0, 4).flatMap(([name, ts, py]): Case[] => {
    const bf = name.includes("batch_first");
    const shape = bf ? [2, 5, 8] : [5, 2, 8];
    const kpm = "[[False, False, False, True, True], [False, False, False, False, False]]";
    const kpmTs = [[false, false, false, true, true], [false, false, false, false, false]];
    return [
      {
        name: `encoder layer ${name}: forward and backward`,
        ts: () => { const m = seeded(0, ts); return fb(m, [X(1, ...shape)], (x) => m.forward(x)); },
        py: `torch.manual_seed(0)\nm = ${py}\nr = fb(m, [X(1, ${shape})], lambda x: m(x))`,
      },
      {
        name: `encoder layer ${name}: causal src_mask, is_causal, key padding`,
        ts: () => { const m = seeded(0, ts); return fb(m, [X(1, ...shape)], (x) => m.forward(x, causal(5), bool(kpmTs), true)); },
        py: `torch.manual_seed(0)\nm = ${py}\nr = fb(m, [X(1, ${shape})], lambda x: m(x, nn.Transformer.generate_square_subsequent_mask(5), B(${kpm}), True))`,
      },
      {
        name: `encoder layer ${name}: eval mode with a bool mask`,
        ts: () => { const m = seeded(0, ts).eval(); return fb(m, [X(1, ...shape)], (x) => m.forward(x, { src_mask: bool([[false, true, false, false, false], [false, false, true, false, false], [false, false, false, false, false], [true, false, false, false, false], [false, false, false, true, false]]) })); },
        py: `torch.manual_seed(0)\nm = ${py}.eval()\nr = fb(m, [X(1, ${shape})], lambda x: m(x, src_mask=B([[False, True, False, False, False], [False, False, True, False, False], [False, False, False, False, False], [True, False, False, False, False], [False, False, False, True, False]])))`,
      },
    ];
  }),
  {
    name: "encoder layer: unbatched",
    ts: () => { const m = seeded(0, () => new nn.TransformerEncoderLayer(8, 2, 16, 0.0)); return fb(m, [X(1, 5, 8)], (x) => m.forward(x, { src_key_padding_mask: bool([false, false, true, false, false]) })); },
    py: "torch.manual_seed(0)\nm = nn.TransformerEncoderLayer(8, 2, 16, 0.0)\nr = fb(m, [X(1, 5, 8)], lambda x: m(x, src_key_padding_mask=B([False, False, True, False, False])))",
  },
  {
    name: "encoder layer: custom activation function",
    ts: () => { const m = seeded(0, () => new nn.TransformerEncoderLayer(8, 2, { dim_feedforward: 16, dropout: 0.0, activation: (x: T) => x.tanh() })); return fb(m, [X(1, 5, 2, 8)], (x) => m.forward(x)); },
    py: "torch.manual_seed(0)\nm = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, activation=torch.tanh)\nr = fb(m, [X(1, 5, 2, 8)], lambda x: m(x))",
  },
  {
    name: "encoder layer: dropout in training mode",
    ts: () => { const m = seeded(0, () => new nn.TransformerEncoderLayer(8, 2, 16, 0.2)); const x = X(1, 5, 2, 8); torch.manual_seed(5); return fb(m, [x], (x) => m.forward(x, { src_key_padding_mask: bool([[false, false, false, false, true], [false, false, false, false, false]]) })); },
    py: "torch.manual_seed(0)\nm = nn.TransformerEncoderLayer(8, 2, 16, 0.2)\nx = X(1, 5, 2, 8)\ntorch.manual_seed(5)\nr = fb(m, [x], lambda x: m(x, src_key_padding_mask=B([[False, False, False, False, True], [False, False, False, False, False]])))",
  },
  {
    name: "encoder layer pre-norm: dropout in training mode, batch_first",
    ts: () => { const m = seeded(0, () => new nn.TransformerEncoderLayer(8, 2, { dim_feedforward: 16, dropout: 0.2, norm_first: true, batch_first: true })); const x = X(1, 2, 5, 8); torch.manual_seed(5); return fb(m, [x], (x) => m.forward(x)); },
    py: "torch.manual_seed(0)\nm = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.2, norm_first=True, batch_first=True)\nx = X(1, 2, 5, 8)\ntorch.manual_seed(5)\nr = fb(m, [x], lambda x: m(x))",
  },
  ...decLayerConfigs.flatMap(([name, ts, py]): Case[] => {
    const bf = name.includes("batch_first");
    const [tShape, mShape] = bf ? [[2, 4, 8], [2, 6, 8]] : [[4, 2, 8], [6, 2, 8]];
    return [
      {
        name: `decoder layer ${name}: forward and backward`,
        ts: () => { const m = seeded(0, ts); return fb(m, [X(1, ...tShape), X(2, ...mShape)], (t, mem) => m.forward(t, mem)); },
        py: `torch.manual_seed(0)\nm = ${py}\nr = fb(m, [X(1, ${tShape}), X(2, ${mShape})], lambda t, mem: m(t, mem))`,
      },
      {
        name: `decoder layer ${name}: masks and causal hint`,
        ts: () => {
          const m = seeded(0, ts);
          return fb(m, [X(1, ...tShape), X(2, ...mShape)], (t, mem) =>
            m.forward(t, mem, causal(4), R(3, 4, 6), bool([[false, false, false, true], [false, false, false, false]]), bool([[false, false, false, false, true, true], [false, false, false, false, false, false]]), true));
        },
        py: `torch.manual_seed(0)\nm = ${py}\nr = fb(m, [X(1, ${tShape}), X(2, ${mShape})], lambda t, mem: m(t, mem, nn.Transformer.generate_square_subsequent_mask(4), R(3, 4, 6), B([[False, False, False, True], [False, False, False, False]]), B([[False, False, False, False, True, True], [False, False, False, False, False, False]]), True))`,
      },
    ];
  }),
  {
    name: "decoder layer: dropout in training mode",
    ts: () => { const m = seeded(0, () => new nn.TransformerDecoderLayer(8, 2, 16, 0.25)); const [t, mem] = [X(1, 4, 2, 8), X(2, 6, 2, 8)]; torch.manual_seed(5); return fb(m, [t, mem], (t, mem) => m.forward(t, mem, { tgt_mask: causal(4), tgt_is_causal: true })); },
    py: "torch.manual_seed(0)\nm = nn.TransformerDecoderLayer(8, 2, 16, 0.25)\nt, mem = X(1, 4, 2, 8), X(2, 6, 2, 8)\ntorch.manual_seed(5)\nr = fb(m, [t, mem], lambda t, mem: m(t, mem, tgt_mask=nn.Transformer.generate_square_subsequent_mask(4), tgt_is_causal=True))",
  },
];

const stacks: Case[] = [
  {
    name: "TransformerEncoder: parameters (clones of the layer)",
    ts: () => seeded(2, () => params(new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 16, 0.0), 3, new nn.LayerNorm(8)))),
    py: "torch.manual_seed(2)\nr = params(nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, 0.0), 3, nn.LayerNorm(8)))",
  },
  {
    name: "TransformerEncoder: state_dict keys",
    ts: () => Object.keys(new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 16, 0.0), 2).state_dict()),
    py: "r = list(nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, 0.0), 2).state_dict().keys())",
  },
  {
    name: "TransformerEncoder: str",
    ts: () => String(new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 16, 0.0), 2, new nn.LayerNorm(8))),
    py: "r = str(nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, 0.0), 2, nn.LayerNorm(8)))",
  },
  {
    name: "TransformerEncoder: forward, detected causal mask, key padding",
    ts: () => {
      const m = seeded(2, () => new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 16, 0.0), 2, new nn.LayerNorm(8)));
      return fb(m, [X(1, 5, 2, 8)], (x) => m.forward(x, causal(5), bool([[false, false, false, true, true], [false, false, false, false, false]])));
    },
    py: "torch.manual_seed(2)\nm = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, 0.0), 2, nn.LayerNorm(8))\nr = fb(m, [X(1, 5, 2, 8)], lambda x: m(x, nn.Transformer.generate_square_subsequent_mask(5), B([[False, False, False, True, True], [False, False, False, False, False]])))",
  },
  {
    name: "TransformerEncoder: eval mode, batch_first, key padding (Python's regular path)",
    ts: () => {
      const m = seeded(2, () => new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, { dim_feedforward: 16, batch_first: true }), 2)).eval();
      return fb(m, [X(1, 2, 5, 8)], (x) => m.forward(x, { src_key_padding_mask: bool([[false, false, false, true, true], [false, false, false, false, false]]) }));
    },
    py: "torch.manual_seed(2)\nm = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, batch_first=True), 2).eval()\nr = fb(m, [X(1, 2, 5, 8)], lambda x: m(x, src_key_padding_mask=B([[False, False, False, True, True], [False, False, False, False, False]])))",
  },
  {
    name: "TransformerEncoder: pre-norm, gelu, float mask not causal",
    ts: () => {
      const m = seeded(2, () => new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, { dim_feedforward: 16, dropout: 0.0, activation: "gelu", norm_first: true }), 2));
      return fb(m, [X(1, 5, 2, 8)], (x) => m.forward(x, R(3, 5, 5)));
    },
    py: "torch.manual_seed(2)\nm = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, activation='gelu', norm_first=True), 2)\nr = fb(m, [X(1, 5, 2, 8)], lambda x: m(x, R(3, 5, 5)))",
  },
  {
    name: "TransformerDecoder: parameters",
    ts: () => seeded(2, () => params(new nn.TransformerDecoder(new nn.TransformerDecoderLayer(8, 2, 16, 0.0), 2, new nn.LayerNorm(8)))),
    py: "torch.manual_seed(2)\nr = params(nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16, 0.0), 2, nn.LayerNorm(8)))",
  },
  {
    name: "TransformerDecoder: str",
    ts: () => String(new nn.TransformerDecoder(new nn.TransformerDecoderLayer(8, 2, 16, 0.0), 2)),
    py: "r = str(nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16, 0.0), 2))",
  },
  {
    name: "TransformerDecoder: bool causal tgt_mask detected, memory mask",
    ts: () => {
      const m = seeded(2, () => new nn.TransformerDecoder(new nn.TransformerDecoderLayer(8, 2, { dim_feedforward: 16, dropout: 0.0, batch_first: true }), 2, new nn.LayerNorm(8)));
      const tgtMask = torch.ones(4, 4, { dtype: torch.bool }).triu(1);
      return fb(m, [X(1, 2, 4, 8), X(2, 2, 6, 8)], (t, mem) => m.forward(t, mem, { tgt_mask: tgtMask, memory_key_padding_mask: bool([[false, false, false, false, false, true], [false, false, false, false, false, false]]) }));
    },
    py: "torch.manual_seed(2)\nm = nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, dropout=0.0, batch_first=True), 2, nn.LayerNorm(8))\ntgt_mask = torch.ones(4, 4, dtype=torch.bool).triu(1)\nr = fb(m, [X(1, 2, 4, 8), X(2, 2, 6, 8)], lambda t, mem: m(t, mem, tgt_mask=tgt_mask, memory_key_padding_mask=B([[False, False, False, False, False, True], [False, False, False, False, False, False]])))",
  },
];

const transformerConfigs: [string, () => InstanceType<typeof nn.Transformer>, string][] = [
  ["post-norm", () => new nn.Transformer({ d_model: 8, nhead: 2, num_encoder_layers: 2, num_decoder_layers: 2, dim_feedforward: 16, dropout: 0.0 }), "nn.Transformer(d_model=8, nhead=2, num_encoder_layers=2, num_decoder_layers=2, dim_feedforward=16, dropout=0.0)"],
  ["pre-norm gelu batch_first", () => new nn.Transformer(8, 4, 1, 2, 12, 0.0, "gelu", null, null, 1e-6, true, true), "nn.Transformer(8, 4, 1, 2, 12, 0.0, 'gelu', None, None, 1e-6, True, True)"],
  ["no bias", () => new nn.Transformer({ d_model: 8, nhead: 2, num_encoder_layers: 1, num_decoder_layers: 1, dim_feedforward: 16, dropout: 0.0, bias: false }), "nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=16, dropout=0.0, bias=False)"],
];

const transformer: Case[] = [
  ...transformerConfigs.flatMap(([name, ts, py]): Case[] => {
    const bf = name.includes("batch_first");
    const [sShape, tShape] = bf ? [[2, 6, 8], [2, 4, 8]] : [[6, 2, 8], [4, 2, 8]];
    return [
      { name: `Transformer ${name}: parameters`, ts: () => seeded(1, () => params(ts())), py: `torch.manual_seed(1)\nr = params(${py})` },
      { name: `Transformer ${name}: state_dict keys`, ts: () => Object.keys(ts().state_dict()), py: `r = list(${py}.state_dict().keys())` },
      { name: `Transformer ${name}: str`, ts: () => String(ts()), py: `r = str(${py})` },
      {
        name: `Transformer ${name}: forward and backward with masks`,
        ts: () => {
          const m = seeded(1, ts);
          return fb(m, [X(2, ...sShape), X(3, ...tShape)], (s, t) =>
            m.forward(s, t, {
              tgt_mask: nn.Transformer.generate_square_subsequent_mask(4),
              src_key_padding_mask: bool([[false, false, false, false, false, true], [false, false, false, false, false, false]]),
              memory_key_padding_mask: bool([[false, false, false, false, false, true], [false, false, false, false, false, false]]),
              tgt_key_padding_mask: bool([[false, false, false, false], [false, false, false, true]]),
            }));
        },
        py: `torch.manual_seed(1)\nm = ${py}\nr = fb(m, [X(2, ${sShape}), X(3, ${tShape})], lambda s, t: m(s, t, tgt_mask=nn.Transformer.generate_square_subsequent_mask(4), src_key_padding_mask=B([[False, False, False, False, False, True], [False, False, False, False, False, False]]), memory_key_padding_mask=B([[False, False, False, False, False, True], [False, False, False, False, False, False]]), tgt_key_padding_mask=B([[False, False, False, False], [False, False, False, True]])))`,
      },
    ];
  }),
  {
    name: "Transformer: positional masks, tgt_is_causal",
    ts: () => {
      const m = seeded(1, transformerConfigs[0][1]);
      return fb(m, [X(2, 6, 2, 8), X(3, 4, 2, 8)], (s, t) => m.forward(s, t, R(4, 6, 6), causal(4), R(5, 4, 6), null, null, null, false, true));
    },
    py: `torch.manual_seed(1)\nm = ${transformerConfigs[0][2]}\nr = fb(m, [X(2, 6, 2, 8), X(3, 4, 2, 8)], lambda s, t: m(s, t, R(4, 6, 6), nn.Transformer.generate_square_subsequent_mask(4), R(5, 4, 6), None, None, None, False, True))`,
  },
  {
    name: "Transformer: dropout in training mode",
    ts: () => {
      const m = seeded(1, () => new nn.Transformer({ d_model: 8, nhead: 2, num_encoder_layers: 2, num_decoder_layers: 1, dim_feedforward: 16 }));
      const [s, t] = [X(2, 6, 2, 8), X(3, 4, 2, 8)];
      torch.manual_seed(11);
      return fb(m, [s, t], (s, t) => m.forward(s, t, { tgt_mask: causal(4) }));
    },
    py: "torch.manual_seed(1)\nm = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=2, num_decoder_layers=1, dim_feedforward=16)\ns, t = X(2, 6, 2, 8), X(3, 4, 2, 8)\ntorch.manual_seed(11)\nr = fb(m, [s, t], lambda s, t: m(s, t, tgt_mask=nn.Transformer.generate_square_subsequent_mask(4)))",
  },
  {
    name: "Transformer: eval mode",
    ts: () => {
      const m = seeded(1, () => new nn.Transformer({ d_model: 8, nhead: 2, num_encoder_layers: 1, num_decoder_layers: 1, dim_feedforward: 16, batch_first: true })).eval();
      return fb(m, [X(2, 2, 6, 8), X(3, 2, 4, 8)], (s, t) => m.forward(s, t, { tgt_mask: causal(4), tgt_is_causal: true }));
    },
    py: "torch.manual_seed(1)\nm = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=16, batch_first=True).eval()\nr = fb(m, [X(2, 2, 6, 8), X(3, 2, 4, 8)], lambda s, t: m(s, t, tgt_mask=nn.Transformer.generate_square_subsequent_mask(4), tgt_is_causal=True))",
  },
  {
    name: "Transformer: unbatched",
    ts: () => {
      const m = seeded(1, () => new nn.Transformer({ d_model: 8, nhead: 2, num_encoder_layers: 1, num_decoder_layers: 1, dim_feedforward: 16, dropout: 0.0 }));
      return fb(m, [X(2, 6, 8), X(3, 4, 8)], (s, t) => m.forward(s, t));
    },
    py: "torch.manual_seed(1)\nm = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=16, dropout=0.0)\nr = fb(m, [X(2, 6, 8), X(3, 4, 8)], lambda s, t: m(s, t))",
  },
  {
    name: "Transformer: custom encoder and decoder",
    ts: () => {
      const m = seeded(1, () => {
        const enc = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 16, 0.0), 1);
        const dec = new nn.TransformerDecoder(new nn.TransformerDecoderLayer(8, 2, 16, 0.0), 1);
        return new nn.Transformer({ d_model: 8, nhead: 2, num_encoder_layers: 1, num_decoder_layers: 1, dim_feedforward: 16, dropout: 0.0, custom_encoder: enc, custom_decoder: dec });
      });
      return [...params(m), ...fb(m, [X(2, 6, 2, 8), X(3, 4, 2, 8)], (s, t) => m.forward(s, t))];
    },
    py: "torch.manual_seed(1)\nenc = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, 0.0), 1)\ndec = nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16, 0.0), 1)\nm = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=16, dropout=0.0, custom_encoder=enc, custom_decoder=dec)\nr = params(m) + fb(m, [X(2, 6, 2, 8), X(3, 4, 2, 8)], lambda s, t: m(s, t))",
  },
  {
    name: "Transformer: default sizes, parameters (every 101st value)",
    ts: () => seeded(1, () => params(new nn.Transformer({ num_encoder_layers: 1, num_decoder_layers: 1 })).map((p) => p.flatten().index("::101"))),
    py: "torch.manual_seed(1)\nr = [p.flatten()[::101] for p in params(nn.Transformer(num_encoder_layers=1, num_decoder_layers=1))]",
  },
  { name: "generate_square_subsequent_mask", ts: () => String(causal(4)), py: "r = str(nn.Transformer.generate_square_subsequent_mask(4))" },
  {
    name: "generate_square_subsequent_mask dtype",
    ts: () => String(nn.Transformer.generate_square_subsequent_mask(3, { dtype: torch.float64 })),
    py: "r = str(nn.Transformer.generate_square_subsequent_mask(3, dtype=torch.float64))",
  },
  {
    name: "generate_square_subsequent_mask positional device",
    ts: () => String(nn.Transformer.generate_square_subsequent_mask(2, "cpu", torch.float16)),
    py: "r = str(nn.Transformer.generate_square_subsequent_mask(2, 'cpu', torch.float16))",
  },
];

const transformerErrors: Case[] = [
  {
    name: "Transformer: batch sizes differ",
    ts: () => new nn.Transformer({ d_model: 8, nhead: 2, num_encoder_layers: 1, num_decoder_layers: 1, dim_feedforward: 16 }).forward(R(1, 5, 2, 8), R(2, 4, 3, 8)),
    py: "r = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=16)(R(1, 5, 2, 8), R(2, 4, 3, 8))",
  },
  {
    name: "Transformer: batch_first batch sizes differ",
    ts: () => new nn.Transformer({ d_model: 8, nhead: 2, num_encoder_layers: 1, num_decoder_layers: 1, dim_feedforward: 16, batch_first: true }).forward(R(1, 2, 5, 8), R(2, 3, 4, 8)),
    py: "r = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=16, batch_first=True)(R(1, 2, 5, 8), R(2, 3, 4, 8))",
  },
  {
    name: "Transformer: feature size is not d_model",
    ts: () => new nn.Transformer({ d_model: 8, nhead: 2, num_encoder_layers: 1, num_decoder_layers: 1, dim_feedforward: 16 }).forward(R(1, 5, 2, 8), R(2, 4, 2, 6)),
    py: "r = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=16)(R(1, 5, 2, 8), R(2, 4, 2, 6))",
  },
  { name: "bad activation name", ts: () => new nn.TransformerEncoderLayer(8, 2, { activation: "tanh" as "relu" }), py: "r = nn.TransformerEncoderLayer(8, 2, activation='tanh')" },
  { name: "decoder: bad activation name", ts: () => new nn.TransformerDecoderLayer(8, 2, { activation: "swish" as "relu" }), py: "r = nn.TransformerDecoderLayer(8, 2, activation='swish')" },
  { name: "d_model not divisible by nhead", ts: () => new nn.TransformerEncoderLayer(10, 4), py: "r = nn.TransformerEncoderLayer(10, 4)" },
  { name: "Transformer: unknown keyword", ts: () => new nn.Transformer({ n_head: 2 } as never), py: "r = nn.Transformer(n_head=2)" },
  {
    name: "encoder layer: wrong src_mask shape",
    ts: () => new nn.TransformerEncoderLayer(8, 2, 16).forward(R(1, 5, 2, 8), R(2, 4, 4)),
    py: "r = nn.TransformerEncoderLayer(8, 2, 16)(R(1, 5, 2, 8), R(2, 4, 4))",
  },
  {
    name: "encoder layer: int src_key_padding_mask",
    ts: () => new nn.TransformerEncoderLayer(8, 2, 16).forward(R(1, 5, 2, 8), { src_key_padding_mask: torch.zeros(2, 5, { dtype: torch.int64 }) }),
    py: "r = nn.TransformerEncoderLayer(8, 2, 16)(R(1, 5, 2, 8), src_key_padding_mask=torch.zeros(2, 5, dtype=torch.int64))",
  },
  {
    name: "encoder: wrong key padding mask shape",
    ts: () => new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 16), 1).forward(R(1, 5, 2, 8), { src_key_padding_mask: torch.zeros(2, 4, { dtype: torch.bool }) }),
    py: "r = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 1)(R(1, 5, 2, 8), src_key_padding_mask=torch.zeros(2, 4, dtype=torch.bool))",
  },
  {
    name: "decoder layer: wrong memory_mask shape",
    ts: () => new nn.TransformerDecoderLayer(8, 2, 16).forward(R(1, 4, 2, 8), R(2, 6, 2, 8), { memory_mask: R(3, 4, 5) }),
    py: "r = nn.TransformerDecoderLayer(8, 2, 16)(R(1, 4, 2, 8), R(2, 6, 2, 8), memory_mask=R(3, 4, 5))",
  },
];

// Python's inference fast paths (eval mode, grad off) are not ported: torchts computes the
// regular path, which agrees with them up to their kernels' rounding (about 3e-7 here), except
// that TransformerEncoder's nested-tensor path returns zeros at padded positions, which
// torchts computes as Python's regular path does (only the unpadded positions are compared).
const fastPaths: Case[] = [
  {
    name: "MultiheadAttention (torch._native_multi_head_attention)",
    ts: () => {
      const m = seeded(0, () => new nn.MultiheadAttention(8, 2, { batch_first: true })).eval();
      const x = R(1, 2, 5, 8);
      return torch.no_grad(() => m.forward(x, x, x, { key_padding_mask: bool([[false, false, false, false, true], [false, false, false, false, false]]) }));
    },
    py: "torch.manual_seed(0)\nm = nn.MultiheadAttention(8, 2, batch_first=True).eval()\nx = R(1, 2, 5, 8)\nwith torch.no_grad():\n    r = list(m(x, x, x, key_padding_mask=B([[False, False, False, False, True], [False, False, False, False, False]])))",
    atol: 1e-5,
  },
  {
    name: "TransformerEncoderLayer (torch._transformer_encoder_layer_fwd)",
    ts: () => {
      const m = seeded(0, () => new nn.TransformerEncoderLayer(8, 2, 16, 0.1, "gelu", 1e-5, true)).eval();
      return torch.no_grad(() => m.forward(R(1, 2, 5, 8), causal(5)));
    },
    py: "torch.manual_seed(0)\nm = nn.TransformerEncoderLayer(8, 2, 16, 0.1, 'gelu', 1e-5, True).eval()\nwith torch.no_grad():\n    r = m(R(1, 2, 5, 8), nn.Transformer.generate_square_subsequent_mask(5))",
    atol: 1e-5,
  },
  {
    name: "TransformerEncoder with a key padding mask (nested tensors): unpadded positions",
    ts: () => {
      const m = seeded(0, () => new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 16, 0.1, "relu", 1e-5, true), 2)).eval();
      const kpm = bool([[false, false, false, true, true], [false, false, false, false, false]]);
      return torch.no_grad(() => m.forward(R(1, 2, 5, 8), { src_key_padding_mask: kpm }).index(kpm.logical_not()));
    },
    py: "torch.manual_seed(0)\nm = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, 0.1, 'relu', 1e-5, True), 2).eval()\nkpm = B([[False, False, False, True, True], [False, False, False, False, False]])\nwith torch.no_grad():\n    r = m(R(1, 2, 5, 8), src_key_padding_mask=kpm)[~kpm]",
    atol: 1e-5,
  },
];

const groups: [string, Case[]][] = [
  ["MultiheadAttention construction", mhaInit],
  ["MultiheadAttention forward and backward", mhaForward],
  ["MultiheadAttention bad input", mhaErrors],
  ["multi_head_attention_forward", functionalForward],
  ["TransformerEncoderLayer and TransformerDecoderLayer construction", [...structure(encLayerConfigs), ...structure(decLayerConfigs)]],
  ["layers forward and backward", layerForward],
  ["TransformerEncoder and TransformerDecoder", stacks],
  ["Transformer", transformer],
  ["Transformer bad input", transformerErrors],
  ["Python's fast paths (not ported): within 1e-5", fastPaths],
];

const allCases = groups.flatMap(([, cases]) => cases);
const expected = pythonResults(allCases, PRELUDE);
let offset = 0;
for (const [group, cases] of groups) {
  const start = offset;
  offset += cases.length;
  describe(group, () => {
    cases.forEach((c, i) => it(c.name, () => expectSame(c, expected[start + i])));
  });
}

const same = (a: T, b: T): boolean => a.eq(b).all().item() === true;

describe("_get_clones (copy.deepcopy)", () => {
  it("clones start with the layer's weights and share nothing", () => {
    torch.manual_seed(0);
    const layer = new nn.TransformerEncoderLayer(8, 2, 16, 0.0);
    const enc = new nn.TransformerEncoder(layer, 2);
    const [a, b] = [...enc.layers] as Layer[];
    expect(a).toBeInstanceOf(nn.TransformerEncoderLayer);
    expect(a).not.toBe(layer);
    expect(a.linear1.weight).not.toBe(b.linear1.weight);
    expect(a.linear1.weight).not.toBe(layer.linear1.weight);
    expect(same(a.linear1.weight, layer.linear1.weight)).toBe(true);
    expect(same(b.self_attn.in_proj_weight!, layer.self_attn.in_proj_weight!)).toBe(true);
    expect(b.linear1.weight.requires_grad).toBe(true);
    expect(b.linear1.weight).toBeInstanceOf(nn.Parameter);
    // attributes other than parameters and modules are copied
    expect(b.norm_first).toBe(false);
    expect(b.activation).toBe(layer.activation);
    expect(b.self_attn.num_heads).toBe(2);
    expect(b.training).toBe(true);
    // registration still works on a clone
    torch.no_grad(() => a.linear1.weight.add_(1));
    expect(same(a.linear1.weight, b.linear1.weight)).toBe(false);
    expect([...a.named_parameters()].map(([n]) => n)).toStrictEqual([...layer.named_parameters()].map(([n]) => n));
    (a as unknown as { extra: M }).extra = new nn.Linear(2, 2);
    expect([...a.named_children()].map(([n]) => n).at(-1)).toBe("extra");
  });

  it("keeps tied parameters tied within a copy", () => {
    const { _get_clones } = nn as unknown as { _get_clones: (m: M, n: number) => Iterable<M> };
    const seq = new nn.Sequential(new nn.Linear(3, 3), new nn.Linear(3, 3));
    (seq[1] as InstanceType<typeof nn.Linear>).weight = (seq[0] as InstanceType<typeof nn.Linear>).weight;
    const [copy] = [..._get_clones(seq, 1)] as InstanceType<typeof nn.Sequential>[];
    const [l0, l1] = [copy[0], copy[1]] as InstanceType<typeof nn.Linear>[];
    expect(l0.weight).toBe(l1.weight);
    expect(l0.weight).not.toBe((seq[0] as InstanceType<typeof nn.Linear>).weight);
    expect([...copy.parameters()].length).toBe(3);
  });
});
