// torch.nn.functional, ported from torch/nn/functional.py (torch 2.11): each function takes
// Python's parameters in Python's order (positional or by name in one trailing options object;
// keyword-only ones only by name), applies Python's defaults and checks, and calls the ATen op
// Python calls. The functions Python binds straight to C++ (linear, gelu, softplus,
// logsigmoid, one_hot, scaled_dot_product_attention) bind their arguments the same way and
// leave the checking of their types to the generated op, as Python leaves it to C++.
import { bindArgs } from "../_args";
import { callOp } from "../_dispatch";
import { is_grad_enabled } from "../autograd";
import type { dtype } from "../dtype";
import { argumentError, AssertionError, pyStr, RuntimeError, TypeError, ValueError } from "../errors";
import { norm } from "../functional";
import { OPS } from "../generated/ops";
import { Tensor } from "../tensor";
import { given, isNone, warn } from "../_python";

// ---- helpers ----

/** Python's AssertionError (raised by `raise AssertionError(...)` in functional.py): the one of lib/errors.ts. */
export { AssertionError };

/** Every prefix of a parameter list: [] | [a] | [a, b] | ... */
export type Prefixes<P extends unknown[]> = P extends [infer H, ...infer T] ? [] | [H, ...Prefixes<T>] : [];
/**
 * A Python-style call: the required parameters R, then any prefix of the optional ones P,
 * then optionally one options object O naming the rest.
 */
export type PyCall<R extends unknown[], P extends unknown[], O> = [...R, ...Prefixes<P>] | [...R, ...Prefixes<P>, O];

type T = Tensor;
type Reduction = "none" | "mean" | "sum";

function op(name: keyof typeof OPS, args: unknown[]): Tensor {
  return callOp(OPS[name], null, args) as Tensor;
}

/** torch.Size as Python prints it: torch.Size([2, 3]). */
function sizeStr(t: unknown): string {
  return `torch.Size([${(t instanceof Tensor ? t.shape : []).join(", ")}])`;
}

function sameSize(a: unknown, b: unknown): boolean {
  if (!(a instanceof Tensor) || !(b instanceof Tensor)) return false;
  const x = a.shape;
  const y = b.shape;
  return x.length === y.length && x.every((s, i) => s === y[i]);
}

/** _Reduction.get_enum: 'none' 0, 'mean' 1, 'sum' 2. */
function getEnum(reduction: unknown): number {
  switch (reduction) {
    case "none":
      return 0;
    case "mean":
      return 1;
    case "elementwise_mean":
      warn("reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead.");
      return 1;
    case "sum":
      return 2;
    default:
      throw new ValueError(`${pyStr(reduction)} is not a valid value for reduction`);
  }
}

/** _Reduction.legacy_get_string: the reduction the deprecated size_average and reduce stand for. */
function legacyGetString(sizeAverage: unknown, reduce: unknown, emitWarning = true): Reduction {
  if (sizeAverage === null || sizeAverage === undefined) sizeAverage = true;
  if (reduce === null || reduce === undefined) reduce = true;
  const ret: Reduction = sizeAverage && reduce ? "mean" : reduce ? "sum" : "none";
  if (emitWarning) warn(`size_average and reduce args will be deprecated, please use reduction='${ret}' instead.`);
  return ret;
}

/**
 * The in-place form of an op the table has only out of place: compute, then copy into
 * `input` (from a clone when autograd records, so that the op's saved input is not
 * overwritten). Values and gradients are those of Python's in-place op.
 */
function inplaceVia(input: unknown, compute: (x: unknown) => Tensor): Tensor {
  let source = input;
  if (input instanceof Tensor && input.requires_grad && is_grad_enabled()) {
    source = callOp(OPS.clone, null, [input]);
  }
  const result = compute(source);
  return callOp(OPS.copy_, null, [input, result]) as Tensor;
}

/** Broadcasts two tensors' shapes as torch.broadcast_tensors does (with its error). */
function broadcastShape(a: number[], b: number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    const da = i - n + a.length;
    const db = i - n + b.length;
    const sa = da >= 0 ? a[da] : 1;
    const sb = db >= 0 ? b[db] : 1;
    if (sa !== sb && sa !== 1 && sb !== 1) {
      throw new RuntimeError(
        `The size of tensor a (${sa}) must match the size of tensor b (${sb}) at non-singleton dimension ${i}`,
      );
    }
    out[i] = sa === 1 ? sb : sa;
  }
  return out;
}

/**
 * bindArgs for the functions Python binds straight to C++: its argument parser words a missing
 * argument differently (`linear() missing 1 required positional arguments: "weight"`).
 */
function bindC(fn: string, names: readonly string[], args: unknown[], required: number, positional = names.length): unknown[] {
  try {
    return bindArgs(fn, names, args, required, positional);
  } catch (error) {
    if (!(error instanceof TypeError) || !error.message.startsWith(`${fn}() missing `)) throw error;
    const values = bindArgs(fn, names, args, 0, positional);
    const missing = names.slice(0, required).filter((_, i) => values[i] === undefined);
    // (sic: Python's C parser says "arguments" for one and "argument" for several.)
    const noun = missing.length === 1 ? "arguments" : "argument";
    throw new TypeError(`${fn}() missing ${missing.length} required positional ${noun}: ${missing.map((n) => `"${n}"`).join(", ")}`);
  }
}

/** normalized_shape: torch.layer_norm and torch.rms_norm take a list, not one int (Python's check). */
function shapeList(fn: string, value: unknown): unknown {
  if (typeof value === "number") {
    throw new TypeError(`${fn}(): argument 'normalized_shape' (position 2) must be tuple of ints, not ${Number.isInteger(value) ? "int" : "float"}`);
  }
  return value;
}

// ---- linear and embedding ----

export interface LinearOptions {
  input?: T;
  weight?: T;
  bias?: T | null;
}
/** F.linear(input, weight, bias=None): y = x Wᵀ + b. */
export function linear(...args: PyCall<[input: T, weight: T], [bias: T | null], LinearOptions>): Tensor {
  const [input, weight, bias] = bindC("linear", ["input", "weight", "bias"], args, 2);
  return op("linear", [input, weight, bias ?? null]);
}

export interface EmbeddingOptions {
  input?: T;
  weight?: T;
  padding_idx?: number | null;
  max_norm?: number | null;
  norm_type?: number;
  scale_grad_by_freq?: boolean;
  sparse?: boolean;
}
const EMBEDDING = ["input", "weight", "padding_idx", "max_norm", "norm_type", "scale_grad_by_freq", "sparse"] as const;
/** F.embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False). */
export function embedding(
  ...args: PyCall<
    [input: T, weight: T],
    [padding_idx: number | null, max_norm: number | null, norm_type: number, scale_grad_by_freq: boolean, sparse: boolean],
    EmbeddingOptions
  >
): Tensor {
  const v = bindArgs("embedding", EMBEDDING, args, 2);
  let input = v[0];
  const weight = v[1];
  let paddingIdx = v[2];
  const maxNorm = v[3];
  const normType = given(v[4], 2.0);
  if (!isNone(paddingIdx) && weight instanceof Tensor && typeof paddingIdx === "number") {
    const rows = weight.size(0) as number;
    if (paddingIdx > 0) {
      if (paddingIdx >= rows) throw new AssertionError("Padding_idx must be within num_embeddings");
    } else if (paddingIdx < 0) {
      if (paddingIdx < -rows) throw new AssertionError("Padding_idx must be within num_embeddings");
      paddingIdx = rows + paddingIdx;
    }
  } else if (isNone(paddingIdx)) {
    paddingIdx = -1;
  }
  if (!isNone(maxNorm)) {
    // Note [embedding_renorm contiguous]: embedding_renorm_ makes input contiguous anyway.
    input = callOp(OPS.contiguous, null, [input]);
    // _no_grad_embedding_renorm_: renormalises the rows of weight in place, out of autograd.
    const detached = weight instanceof Tensor ? callOp(OPS.detach, null, [weight]) : weight;
    callOp(OPS.embedding_renorm_, null, [detached, input, maxNorm, normType]);
  }
  return op("embedding", [weight, input, paddingIdx, given(v[5], false), given(v[6], false)]);
}

// ---- losses ----

export interface CrossEntropyOptions {
  input?: T;
  target?: T;
  weight?: T | null;
  size_average?: boolean | null;
  ignore_index?: number;
  reduce?: boolean | null;
  reduction?: Reduction;
  label_smoothing?: number;
}
const CROSS_ENTROPY = [
  "input", "target", "weight", "size_average", "ignore_index", "reduce", "reduction", "label_smoothing",
] as const;
/**
 * F.cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100,
 * reduce=None, reduction='mean', label_smoothing=0.0).
 */
export function cross_entropy(
  ...args: PyCall<
    [input: T, target: T],
    [weight: T | null, size_average: boolean | null, ignore_index: number, reduce: boolean | null, reduction: Reduction, label_smoothing: number],
    CrossEntropyOptions
  >
): Tensor {
  const v = bindArgs("cross_entropy", CROSS_ENTROPY, args, 2);
  let reduction = given(v[6], "mean" as unknown);
  if (!isNone(v[3]) || !isNone(v[5])) reduction = legacyGetString(v[3], v[5]);
  return op("cross_entropy_loss", [v[0], v[1], v[2] ?? null, getEnum(reduction), given(v[4], -100), given(v[7], 0.0)]);
}

export interface NllLossOptions {
  input?: T;
  target?: T;
  weight?: T | null;
  size_average?: boolean | null;
  ignore_index?: number;
  reduce?: boolean | null;
  reduction?: Reduction;
}
const NLL_LOSS = ["input", "target", "weight", "size_average", "ignore_index", "reduce", "reduction"] as const;
/** F.nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'). */
export function nll_loss(
  ...args: PyCall<
    [input: T, target: T],
    [weight: T | null, size_average: boolean | null, ignore_index: number, reduce: boolean | null, reduction: Reduction],
    NllLossOptions
  >
): Tensor {
  const v = bindArgs("nll_loss", NLL_LOSS, args, 2);
  let reduction = given(v[6], "mean" as unknown);
  if (!isNone(v[3]) || !isNone(v[5])) reduction = legacyGetString(v[3], v[5]);
  return op("nll_loss_nd", [v[0], v[1], v[2] ?? null, getEnum(reduction), given(v[4], -100)]);
}

export interface MseLossOptions {
  input?: T;
  target?: T;
  size_average?: boolean | null;
  reduce?: boolean | null;
  reduction?: Reduction;
  weight?: T | null;
}
const MSE_LOSS = ["input", "target", "size_average", "reduce", "reduction", "weight"] as const;
/** F.mse_loss(input, target, size_average=None, reduce=None, reduction='mean', weight=None). */
export function mse_loss(
  ...args: PyCall<
    [input: T, target: T],
    [size_average: boolean | null, reduce: boolean | null, reduction: Reduction, weight: T | null],
    MseLossOptions
  >
): Tensor {
  const v = bindArgs("mse_loss", MSE_LOSS, args, 2);
  const [input, target] = v;
  const weight = v[5] ?? null;
  let reduction = given(v[4], "mean" as unknown);
  if (!sameSize(target, input)) {
    warn(
      `Using a target size (${sizeStr(target)}) that is different to the input size (${sizeStr(input)}). ` +
        "This will likely lead to incorrect results due to broadcasting. " +
        "Please ensure they have the same size.",
    );
  }
  if (!isNone(v[2]) || !isNone(v[3])) reduction = legacyGetString(v[2], v[3]);
  let expandedInput = input;
  let expandedTarget = target;
  if (input instanceof Tensor && target instanceof Tensor) {
    // torch.broadcast_tensors(input, target)
    const shape = broadcastShape(input.shape, target.shape);
    expandedInput = callOp(OPS.expand, null, [input, shape]);
    expandedTarget = callOp(OPS.expand, null, [target, shape]);
  }
  if (weight !== null) {
    if (!sameSize(weight, input)) throw new ValueError("Weights and input must have the same size.");
    // Weighted MSE, computed as Python computes it.
    const squaredErrors = op("pow", [op("sub", [expandedInput, expandedTarget]), 2]);
    const weighted = op("mul", [squaredErrors, weight]);
    if (reduction === "none") return weighted;
    if (reduction === "sum") return op("sum", [weighted]);
    if (reduction === "mean") return op("div", [op("sum", [weighted]), op("sum", [weight])]);
    throw new ValueError(`Invalid reduction mode: ${pyStr(reduction)}. Expected one of 'none', 'mean', 'sum'.`);
  }
  return op("mse_loss", [expandedInput, expandedTarget, getEnum(reduction)]);
}

export interface BceWithLogitsOptions {
  input?: T;
  target?: T;
  weight?: T | null;
  size_average?: boolean | null;
  reduce?: boolean | null;
  reduction?: Reduction;
  pos_weight?: T | null;
}
const BCE_WITH_LOGITS = ["input", "target", "weight", "size_average", "reduce", "reduction", "pos_weight"] as const;
/**
 * F.binary_cross_entropy_with_logits(input, target, weight=None, size_average=None,
 * reduce=None, reduction='mean', pos_weight=None).
 */
export function binary_cross_entropy_with_logits(
  ...args: PyCall<
    [input: T, target: T],
    [weight: T | null, size_average: boolean | null, reduce: boolean | null, reduction: Reduction, pos_weight: T | null],
    BceWithLogitsOptions
  >
): Tensor {
  const v = bindArgs("binary_cross_entropy_with_logits", BCE_WITH_LOGITS, args, 2);
  const [input, target] = v;
  const reductionEnum =
    !isNone(v[3]) || !isNone(v[4]) ? getEnum(legacyGetString(v[3], v[4])) : getEnum(given(v[5], "mean"));
  if (!sameSize(target, input)) {
    throw new ValueError(`Target size (${sizeStr(target)}) must be the same as input size (${sizeStr(input)})`);
  }
  return op("binary_cross_entropy_with_logits", [input, target, v[2] ?? null, v[6] ?? null, reductionEnum]);
}

// ---- softmax ----

export interface SoftmaxOptions {
  input?: T;
  dim?: number | null;
  _stacklevel?: number;
  dtype?: dtype | null;
}
const SOFTMAX = ["input", "dim", "_stacklevel", "dtype"] as const;

/** _get_softmax_dim: the dim Python picks (with a deprecation warning) when none is given. */
function getSoftmaxDim(name: string, ndim: number): number {
  warn(`Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument.`);
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

function softmaxLike(name: "softmax" | "log_softmax", args: unknown[]): Tensor {
  const v = bindArgs(name, SOFTMAX, args, 1);
  const input = v[0];
  let dim = v[1];
  if (isNone(dim)) dim = getSoftmaxDim(name, input instanceof Tensor ? input.dim() : 0);
  const dtype = v[3];
  return isNone(dtype) ? op(name, [input, dim]) : op(name, [input, dim, { dtype }]);
}

/** F.softmax(input, dim=None, _stacklevel=3, dtype=None). */
export function softmax(
  ...args: PyCall<[input: T], [dim: number | null, _stacklevel: number, dtype: dtype | null], SoftmaxOptions>
): Tensor {
  return softmaxLike("softmax", args);
}

/** F.log_softmax(input, dim=None, _stacklevel=3, dtype=None). */
export function log_softmax(
  ...args: PyCall<[input: T], [dim: number | null, _stacklevel: number, dtype: dtype | null], SoftmaxOptions>
): Tensor {
  return softmaxLike("log_softmax", args);
}

// ---- activations ----

export interface InplaceOptions {
  input?: T;
  inplace?: boolean;
}
const INPLACE = ["input", "inplace"] as const;

/** F.relu(input, inplace=False). */
export function relu(...args: PyCall<[input: T], [inplace: boolean], InplaceOptions>): Tensor {
  const [input, inplace] = bindArgs("relu", INPLACE, args, 1);
  return inplace ? op("relu_", [input]) : op("relu", [input]);
}

export interface GeluOptions {
  input?: T;
  approximate?: "none" | "tanh";
}
/** F.gelu(input, *, approximate='none'): approximate is keyword-only, as in Python. */
export function gelu(...args: [input: T] | [input: T, options: GeluOptions] | [options: GeluOptions]): Tensor {
  const [input, approximate] = bindC("gelu", ["input", "approximate"], args, 1, 1);
  return op("gelu", [input, { approximate: given(approximate, "none") }]);
}

/** F.silu(input, inplace=False). */
export function silu(...args: PyCall<[input: T], [inplace: boolean], InplaceOptions>): Tensor {
  const [input, inplace] = bindArgs("silu", INPLACE, args, 1);
  return inplace ? op("silu_", [input]) : op("silu", [input]);
}

/** F.mish(input, inplace=False). */
export function mish(...args: PyCall<[input: T], [inplace: boolean], InplaceOptions>): Tensor {
  const [input, inplace] = bindArgs("mish", INPLACE, args, 1);
  return inplace ? inplaceVia(input, (x) => op("mish", [x])) : op("mish", [input]);
}

/** F.tanh(input). */
export function tanh(...args: [input: T] | [options: { input?: T }]): Tensor {
  const [input] = bindArgs("tanh", ["input"], args, 1);
  return op("tanh", [input]);
}

/** F.sigmoid(input). */
export function sigmoid(...args: [input: T] | [options: { input?: T }]): Tensor {
  const [input] = bindArgs("sigmoid", ["input"], args, 1);
  return op("sigmoid", [input]);
}

export interface LeakyReluOptions {
  input?: T;
  negative_slope?: number;
  inplace?: boolean;
}
/** F.leaky_relu(input, negative_slope=0.01, inplace=False). */
export function leaky_relu(
  ...args: PyCall<[input: T], [negative_slope: number, inplace: boolean], LeakyReluOptions>
): Tensor {
  const [input, slope, inplace] = bindArgs("leaky_relu", ["input", "negative_slope", "inplace"], args, 1);
  const compute = (x: unknown) => op("leaky_relu", [x, given(slope, 0.01)]);
  return inplace ? inplaceVia(input, compute) : compute(input);
}

export interface EluOptions {
  input?: T;
  alpha?: number;
  inplace?: boolean;
}
/** F.elu(input, alpha=1.0, inplace=False). */
export function elu(...args: PyCall<[input: T], [alpha: number, inplace: boolean], EluOptions>): Tensor {
  const [input, alpha, inplace] = bindArgs("elu", ["input", "alpha", "inplace"], args, 1);
  const compute = (x: unknown) => op("elu", [x, given(alpha, 1.0)]);
  return inplace ? inplaceVia(input, compute) : compute(input);
}

export interface HardtanhOptions {
  input?: T;
  min_val?: number;
  max_val?: number;
  inplace?: boolean;
}
/** F.hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False). */
export function hardtanh(
  ...args: PyCall<[input: T], [min_val: number, max_val: number, inplace: boolean], HardtanhOptions>
): Tensor {
  const [input, minVal, maxVal, inplace] = bindArgs("hardtanh", ["input", "min_val", "max_val", "inplace"], args, 1);
  const lo = given(minVal, -1.0);
  const hi = given(maxVal, 1.0);
  if (typeof lo !== "number") throw argumentError("hardtanh", "min_val", "float", lo);
  if (typeof hi !== "number") throw argumentError("hardtanh", "max_val", "float", hi);
  if ((lo as number) > (hi as number)) throw new ValueError("min_val cannot be greater than max_val");
  const compute = (x: unknown) => op("hardtanh", [x, lo, hi]);
  return inplace ? inplaceVia(input, compute) : compute(input);
}

export interface SoftplusOptions {
  input?: T;
  beta?: number;
  threshold?: number;
}
/** F.softplus(input, beta=1, threshold=20). */
export function softplus(...args: PyCall<[input: T], [beta: number, threshold: number], SoftplusOptions>): Tensor {
  const [input, beta, threshold] = bindC("softplus", ["input", "beta", "threshold"], args, 1);
  return op("softplus", [input, given(beta, 1), given(threshold, 20)]);
}

/** F.logsigmoid(input) (torch._C._nn.log_sigmoid). */
export function logsigmoid(...args: [input: T] | [options: { input?: T }]): Tensor {
  const [input] = bindC("log_sigmoid", ["input"], args, 1);
  return op("log_sigmoid", [input]);
}

// ---- dropout and normalisation ----

export interface DropoutOptions {
  input?: T;
  p?: number;
  training?: boolean;
  inplace?: boolean;
}
/** F.dropout(input, p=0.5, training=True, inplace=False). */
export function dropout(
  ...args: PyCall<[input: T], [p: number, training: boolean, inplace: boolean], DropoutOptions>
): Tensor {
  const v = bindArgs("dropout", ["input", "p", "training", "inplace"], args, 1);
  const p = given(v[1], 0.5);
  if (typeof p === "number" && (p < 0.0 || p > 1.0)) {
    throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
  }
  const training = given(v[2], true);
  return v[3] ? op("dropout_", [v[0], p, training]) : op("dropout", [v[0], p, training]);
}

export interface LayerNormOptions {
  input?: T;
  normalized_shape?: number[];
  weight?: T | null;
  bias?: T | null;
  eps?: number;
}
/** F.layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5). */
export function layer_norm(
  ...args: PyCall<[input: T, normalized_shape: number[]], [weight: T | null, bias: T | null, eps: number], LayerNormOptions>
): Tensor {
  const v = bindArgs("layer_norm", ["input", "normalized_shape", "weight", "bias", "eps"], args, 2);
  // torch.backends.cudnn.enabled is True by default.
  return op("layer_norm", [v[0], shapeList("layer_norm", v[1]), v[2] ?? null, v[3] ?? null, given(v[4], 1e-5), true]);
}

export interface RmsNormOptions {
  input?: T;
  normalized_shape?: number[];
  weight?: T | null;
  eps?: number | null;
}
/** F.rms_norm(input, normalized_shape, weight=None, eps=None). */
export function rms_norm(
  ...args: PyCall<[input: T, normalized_shape: number[]], [weight: T | null, eps: number | null], RmsNormOptions>
): Tensor {
  const v = bindArgs("rms_norm", ["input", "normalized_shape", "weight", "eps"], args, 2);
  return op("rms_norm", [v[0], shapeList("rms_norm", v[1]), v[2] ?? null, v[3] ?? null]);
}

export interface NormalizeOptions {
  input?: T;
  p?: number;
  dim?: number;
  eps?: number;
  out?: T | null;
}
/** F.normalize(input, p=2.0, dim=1, eps=1e-12, out=None); `out` is not supported (TypeError). */
export function normalize(
  ...args: PyCall<[input: T], [p: number, dim: number, eps: number, out: null], NormalizeOptions>
): Tensor {
  const v = bindArgs("normalize", ["input", "p", "dim", "eps", "out"], args, 1);
  if (!isNone(v[4])) throw new TypeError("normalize(): the 'out' argument is not supported by torchts");
  const input = v[0] as Tensor;
  // input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input); clamp(min) is clamp_min.
  const n = norm(input, given(v[1], 2.0), given(v[2], 1), true);
  const denom = callOp(OPS.expand_as, null, [op("clamp", [n, given(v[3], 1e-12)]), input]);
  return op("div", [input, denom]);
}

// ---- attention, padding, one-hot ----

export interface ScaledDotProductAttentionOptions {
  query?: T;
  key?: T;
  value?: T;
  attn_mask?: T | null;
  dropout_p?: number;
  is_causal?: boolean;
  scale?: number | null;
  enable_gqa?: boolean;
}
const SDPA = ["query", "key", "value", "attn_mask", "dropout_p", "is_causal", "scale", "enable_gqa"] as const;
/**
 * F.scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0,
 * is_causal=False, *, scale=None, enable_gqa=False).
 */
export function scaled_dot_product_attention(
  ...args: PyCall<[query: T, key: T, value: T], [attn_mask: T | null, dropout_p: number, is_causal: boolean], ScaledDotProductAttentionOptions>
): Tensor {
  const v = bindC("scaled_dot_product_attention", SDPA, args, 3, 6);
  // LibTorch divides the query's heads by the key's and value's: with no key or value heads it
  // dies of SIGFPE (Python's process too). Refused here instead.
  if (v[7] === true) {
    for (const [name, t] of [["key", v[1]], ["value", v[2]]] as const) {
      if (t instanceof Tensor && t.dim() >= 3 && t.size(-3) === 0) {
        throw new RuntimeError(`scaled_dot_product_attention(): enable_gqa=True needs at least one ${name} head, but ${name}.size(-3) is 0`);
      }
    }
  }
  return op("scaled_dot_product_attention", [
    v[0], v[1], v[2], v[3] ?? null, given(v[4], 0.0), given(v[5], false),
    { scale: v[6] ?? null, enable_gqa: given(v[7], false) },
  ]);
}

export interface PadOptions {
  input?: T;
  pad?: number[];
  mode?: "constant" | "reflect" | "replicate" | "circular";
  value?: number | null;
}
/** F.pad(input, pad, mode='constant', value=None). */
export function pad(
  ...args: PyCall<[input: T, pad: number[]], [mode: PadOptions["mode"], value: number | null], PadOptions>
): Tensor {
  const v = bindArgs("pad", ["input", "pad", "mode", "value"], args, 2);
  return op("pad", [v[0], v[1], given(v[2], "constant"), v[3] ?? null]);
}

export interface OneHotOptions {
  input?: T;
  num_classes?: number;
}
/** F.one_hot(tensor, num_classes=-1) (its keyword name is `input`, as in Python's binding). */
export function one_hot(...args: PyCall<[tensor: T], [num_classes: number], OneHotOptions>): Tensor {
  const [input, numClasses] = bindC("one_hot", ["input", "num_classes"], args, 1);
  return op("one_hot", [input, given(numClasses, -1)]);
}
export * from "./functional_conv";
export * from "./functional_pool_norm";
