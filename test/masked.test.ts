// torch.masked (torch/masked/_ops.py) against Python torch 2.11: reductions and
// normalizations over the unmasked elements, defaults, dtypes, gradients and errors.
import { describe, it } from "vitest";
import torch from "torchts";
import { Case, describeAgainstPython } from "./helpers/compare";

type T = InstanceType<typeof torch.Tensor>;

const R = (seed: number, ...shape: number[]): T => (torch.manual_seed(seed), torch.randn(...shape));
/** A fixed mask, from a seed: the same bits in both languages. */
const MASK = (seed: number, ...shape: number[]): T => R(seed, ...shape).gt(0);
const PRELUDE = [
  "def R(s, *shape):\n    torch.manual_seed(s)\n    return torch.randn(*shape)",
  "def MASK(s, *shape):\n    return R(s, *shape).gt(0)",
].join("\n");

const m = torch.masked;

/** The gradient of sum(f(x)) for x = R(1, 3, 4) with requires_grad. */
const grad = (f: (x: T) => T): T => {
  const x = R(1, 3, 4).requires_grad_();
  f(x).sum().backward();
  return x.grad!;
};
const pyGrad = (expr: string) => `x = R(1, 3, 4).requires_grad_(); (${expr}).sum().backward(); r = x.grad`;

const reductions: Case[] = [
  { name: "sum all", ts: () => m.sum(R(1, 3, 4), null, { mask: MASK(2, 3, 4) }), py: "r = torch.masked.sum(R(1, 3, 4), None, mask=MASK(2, 3, 4))" },
  { name: "sum dim keepdim", ts: () => m.sum(R(1, 3, 4), 1, { keepdim: true, mask: MASK(2, 3, 4) }), py: "r = torch.masked.sum(R(1, 3, 4), 1, keepdim=True, mask=MASK(2, 3, 4))" },
  { name: "sum broadcast mask", ts: () => m.sum(R(1, 3, 4), [0, 1], { mask: MASK(2, 4) }), py: "r = torch.masked.sum(R(1, 3, 4), (0, 1), mask=MASK(2, 4))" },
  { name: "sum int promotes to int64", ts: () => m.sum(torch.arange(6, { dtype: torch.int32 }).reshape(2, 3), 0, { mask: MASK(2, 2, 3) }), py: "r = torch.masked.sum(torch.arange(6, dtype=torch.int32).reshape(2, 3), 0, mask=MASK(2, 2, 3))" },
  { name: "sum no mask", ts: () => m.sum(R(1, 3, 4), -1), py: "r = torch.masked.sum(R(1, 3, 4), -1)" },
  { name: "sum repeated dim", ts: () => m.sum(R(1, 3, 4), [1, -1]), py: "r = torch.masked.sum(R(1, 3, 4), (1, -1))" },
  { name: "sum dim out of range", ts: () => m.sum(R(1, 3, 4), 2), py: "r = torch.masked.sum(R(1, 3, 4), 2)" },
  { name: "sum mask of higher dim", ts: () => m.sum(R(1, 4), 0, { mask: MASK(2, 3, 4) }), py: "r = torch.masked.sum(R(1, 4), 0, mask=MASK(2, 3, 4))" },
  { name: "sum keyword-only keepdim", ts: () => (m.sum as (...a: unknown[]) => T)(R(1, 3, 4), 1, true), py: "r = torch.masked.sum(R(1, 3, 4), 1, True)" },
  { name: "prod", ts: () => m.prod(R(1, 3, 4), 1, { mask: MASK(2, 3, 4) }), py: "r = torch.masked.prod(R(1, 3, 4), 1, mask=MASK(2, 3, 4))" },
  { name: "prod all int", ts: () => m.prod(torch.arange(1, 7).reshape(2, 3), null, { mask: MASK(2, 2, 3) }), py: "r = torch.masked.prod(torch.arange(1, 7).reshape(2, 3), None, mask=MASK(2, 2, 3))" },
  { name: "amax", ts: () => m.amax(R(1, 3, 4), 1, { mask: MASK(2, 3, 4) }), py: "r = torch.masked.amax(R(1, 3, 4), 1, mask=MASK(2, 3, 4))" },
  { name: "amin int", ts: () => m.amin(torch.arange(12).reshape(3, 4), 0, { mask: MASK(2, 3, 4) }).double(), py: "r = torch.masked.amin(torch.arange(12).reshape(3, 4), 0, mask=MASK(2, 3, 4)).double()" },
  { name: "amax int8 identity", ts: () => m.amax(torch.zeros(2, 2, { dtype: torch.int8 }), 0, { mask: torch.tensor([[false, true], [false, false]]) }), py: "r = torch.masked.amax(torch.zeros(2, 2, dtype=torch.int8), 0, mask=torch.tensor([[False, True], [False, False]]))" },
  // int64's max (the identity of amin) prints beyond JS's integers: compared as doubles.
  { name: "amin int64 identity", ts: () => m.amin(torch.zeros(2, 2, { dtype: torch.int64 }), 0, { mask: torch.tensor([[false, true], [false, false]]) }).double(), py: "r = torch.masked.amin(torch.zeros(2, 2, dtype=torch.int64), 0, mask=torch.tensor([[False, True], [False, False]])).double()" },
  { name: "amax bool has no identity", ts: () => m.amax(torch.ones(2, { dtype: torch.bool }), 0, { mask: MASK(2, 2) }), py: "r = torch.masked.amax(torch.ones(2, dtype=torch.bool), 0, mask=MASK(2, 2))" },
  { name: "argmax", ts: () => m.argmax(R(1, 3, 4), 1, { mask: MASK(2, 3, 4) }), py: "r = torch.masked.argmax(R(1, 3, 4), 1, mask=MASK(2, 3, 4))" },
  { name: "argmin dtype", ts: () => m.argmin(R(1, 3, 4), 0, { keepdim: true, dtype: torch.int64, mask: MASK(2, 3, 4) }), py: "r = torch.masked.argmin(R(1, 3, 4), 0, keepdim=True, dtype=torch.int64, mask=MASK(2, 3, 4))" },
  { name: "mean", ts: () => m.mean(R(1, 3, 4), 1, { mask: MASK(2, 3, 4) }), py: "r = torch.masked.mean(R(1, 3, 4), 1, mask=MASK(2, 3, 4))" },
  { name: "mean all no mask", ts: () => m.mean(R(1, 3, 4)), py: "r = torch.masked.mean(R(1, 3, 4))" },
  { name: "mean int input", ts: () => m.mean(torch.arange(4)), py: "r = torch.masked.mean(torch.arange(4))" },
  { name: "mean int input float dtype", ts: () => m.mean(torch.arange(4), 0, { dtype: torch.float64, mask: MASK(2, 4) }), py: "r = torch.masked.mean(torch.arange(4), 0, dtype=torch.float64, mask=MASK(2, 4))" },
  { name: "mean int dtype", ts: () => m.mean(R(1, 4), 0, { dtype: torch.int32 }), py: "r = torch.masked.mean(R(1, 4), 0, dtype=torch.int32)" },
  { name: "median", ts: () => m.median(R(1, 3, 4), 1, { mask: MASK(2, 3, 4) }), py: "r = torch.masked.median(R(1, 3, 4), 1, mask=MASK(2, 3, 4))" },
  { name: "median default dim", ts: () => m.median(R(1, 3, 4), { mask: MASK(2, 3, 4) }), py: "r = torch.masked.median(R(1, 3, 4), mask=MASK(2, 3, 4))" },
  { name: "median int fully masked row", ts: () => m.median(torch.arange(6).reshape(2, 3), 1, { mask: torch.tensor([[true, false, true], [false, false, false]]) }), py: "r = torch.masked.median(torch.arange(6).reshape(2, 3), 1, mask=torch.tensor([[True, False, True], [False, False, False]]))" },
  { name: "median int", ts: () => m.median(torch.arange(6).reshape(2, 3), 1, { mask: torch.tensor([[true, false, true], [false, true, false]]) }), py: "r = torch.masked.median(torch.arange(6).reshape(2, 3), 1, mask=torch.tensor([[True, False, True], [False, True, False]]))" },
  { name: "logsumexp", ts: () => m.logsumexp(R(1, 3, 4), 1, { mask: MASK(2, 3, 4) }), py: "r = torch.masked.logsumexp(R(1, 3, 4), 1, mask=MASK(2, 3, 4))" },
  { name: "logaddexp", ts: () => m.logaddexp(R(1, 3, 4), R(3, 3, 4), { input_mask: MASK(2, 3, 4), other_mask: MASK(4, 3, 4) }), py: "r = torch.masked.logaddexp(R(1, 3, 4), R(3, 3, 4), input_mask=MASK(2, 3, 4), other_mask=MASK(4, 3, 4))" },
  { name: "norm", ts: () => m.norm(R(1, 3, 4), 2, 1, { mask: MASK(2, 3, 4) }), py: "r = torch.masked.norm(R(1, 3, 4), 2.0, 1, mask=MASK(2, 3, 4))" },
  { name: "norm -inf", ts: () => m.norm(R(1, 3, 4), -Infinity, null, { mask: MASK(2, 3, 4) }), py: "r = torch.masked.norm(R(1, 3, 4), float('-inf'), None, mask=MASK(2, 3, 4))" },
  { name: "norm default ord keepdim", ts: () => m.norm(R(1, 3, 4), { dim: 0, keepdim: true, mask: MASK(2, 3, 4) }), py: "r = torch.masked.norm(R(1, 3, 4), dim=0, keepdim=True, mask=MASK(2, 3, 4))" },
  { name: "var", ts: () => m.var(R(1, 3, 4), 1, { mask: MASK(2, 3, 4) }), py: "r = torch.masked.var(R(1, 3, 4), 1, mask=MASK(2, 3, 4))" },
  { name: "var unbiased false keepdim", ts: () => m.var(R(1, 3, 4), 0, false, { keepdim: true, mask: MASK(2, 3, 4) }), py: "r = torch.masked.var(R(1, 3, 4), 0, False, keepdim=True, mask=MASK(2, 3, 4))" },
  { name: "var correction 2 no mask", ts: () => m.var(R(1, 3, 4), 1, { correction: 2 }), py: "r = torch.masked.var(R(1, 3, 4), 1, correction=2)" },
  { name: "var int input", ts: () => m.var(torch.arange(6).reshape(2, 3), 1), py: "r = torch.masked.var(torch.arange(6).reshape(2, 3), 1)" },
  { name: "var unbiased and correction", ts: () => m.var(R(1, 3, 4), 1, true, { correction: 1 }), py: "r = torch.masked.var(R(1, 3, 4), 1, True, correction=1)" },
  { name: "std", ts: () => m.std(R(1, 3, 4), [0, 1], { mask: MASK(2, 3, 4) }), py: "r = torch.masked.std(R(1, 3, 4), (0, 1), mask=MASK(2, 3, 4))" },
  { name: "std complex", ts: () => torch.view_as_real(m.std(torch.complex(R(1, 3, 4), R(3, 3, 4)), 1, { mask: MASK(2, 3, 4) })), py: "r = torch.view_as_real(torch.masked.std(torch.complex(R(1, 3, 4), R(3, 3, 4)), 1, mask=MASK(2, 3, 4)))" },
];

const normalizations: Case[] = [
  { name: "cumsum", ts: () => m.cumsum(R(1, 3, 4), 1, { mask: MASK(2, 3, 4) }), py: "r = torch.masked.cumsum(R(1, 3, 4), 1, mask=MASK(2, 3, 4))" },
  { name: "cumprod dtype", ts: () => m.cumprod(R(1, 3, 4), -1, { dtype: torch.float64, mask: MASK(2, 3, 4) }), py: "r = torch.masked.cumprod(R(1, 3, 4), -1, dtype=torch.float64, mask=MASK(2, 3, 4))" },
  { name: "cumsum missing dim", ts: () => (m.cumsum as (...a: unknown[]) => T)(R(1, 3)), py: "r = torch.masked.cumsum(R(1, 3))" },
  { name: "softmax", ts: () => m.softmax(R(1, 3, 4), 1, { mask: MASK(2, 3, 4) }), py: "r = torch.masked.softmax(R(1, 3, 4), 1, mask=MASK(2, 3, 4))" },
  { name: "log_softmax", ts: () => m.log_softmax(R(1, 3, 4), 0, { mask: MASK(2, 3, 4) }), py: "r = torch.masked.log_softmax(R(1, 3, 4), 0, mask=MASK(2, 3, 4))" },
  { name: "softmin dtype", ts: () => m.softmin(R(1, 3, 4), 1, { dtype: torch.float64, mask: MASK(2, 3, 4) }), py: "r = torch.masked.softmin(R(1, 3, 4), 1, dtype=torch.float64, mask=MASK(2, 3, 4))" },
  { name: "normalize", ts: () => m.normalize(R(1, 3, 4), 2, 1, { mask: MASK(2, 3, 4) }), py: "r = torch.masked.normalize(R(1, 3, 4), 2.0, 1, mask=MASK(2, 3, 4))" },
  { name: "normalize eps no mask", ts: () => m.normalize(R(1, 3, 4), 1, 0, { eps: 0.5 }), py: "r = torch.masked.normalize(R(1, 3, 4), 1.0, 0, eps=0.5)" },
  { name: "normalize missing dim", ts: () => (m.normalize as (...a: unknown[]) => T)(R(1, 3), 2), py: "r = torch.masked.normalize(R(1, 3), 2.0)" },
];

const gradients: Case[] = [
  { name: "sum grad", ts: () => grad((x) => m.sum(x, 1, { mask: MASK(2, 3, 4) })), py: pyGrad("torch.masked.sum(x, 1, mask=MASK(2, 3, 4))") },
  { name: "softmax grad", ts: () => grad((x) => m.softmax(x, 1, { mask: MASK(2, 3, 4) }).mul(R(5, 3, 4))), py: pyGrad("torch.masked.softmax(x, 1, mask=MASK(2, 3, 4)).mul(R(5, 3, 4))") },
  { name: "std grad", ts: () => grad((x) => m.std(x, 1, { mask: MASK(2, 3, 4) })), py: pyGrad("torch.masked.std(x, 1, mask=MASK(2, 3, 4))") },
];

const families: [string, Case[]][] = [
  ["reductions", reductions],
  ["normalizations", normalizations],
  ["gradients", gradients],
];

/**
 * Fully masked-out slices give NaN or ±inf, which the JSON between the languages cannot
 * carry: both sides map them to finite markers (NaN -7, inf 1e30, -inf -1e30).
 */
const finite = (v: unknown): unknown => {
  if (v instanceof torch.Tensor && v.dtype.is_floating_point) return torch.nan_to_num(v, { nan: -7.5, posinf: 1e30, neginf: -1e30 });
  return Array.isArray(v) ? v.map(finite) : v;
};
const FINITE = [
  "def finite(v):",
  "    if isinstance(v, torch.Tensor) and v.dtype.is_floating_point:",
  "        return torch.nan_to_num(v, nan=-7.5, posinf=1e30, neginf=-1e30)",
  "    return [finite(x) for x in v] if isinstance(v, (list, tuple)) else v",
].join("\n");
for (const [, cases] of families) {
  for (const c of cases) {
    const ts = c.ts;
    c.ts = () => finite(ts());
    c.py = `${c.py}\nr = finite(r)`;
  }
}

describeAgainstPython(families, `${PRELUDE}\n${FINITE}`, (family) => `torch.masked ${family} against Python torch 2.11`);
