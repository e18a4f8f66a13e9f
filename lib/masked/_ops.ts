// torch.masked (torch/masked/_ops.py): reductions and normalizations that ignore the input's
// elements where `mask` is False. As in Python, masked-out elements are replaced by the
// operation's identity (0 for sum, -inf for amax, ...) and the plain op runs on the result.
// Strided tensors only (torchts has no sparse layouts, nor MaskedTensor).
import { bindArgs } from "../_args";
import { callOp } from "../_dispatch";
import {
  bool as boolDtype,
  complex128,
  complex32,
  complex64,
  dtype,
  float16,
  float32,
  float64,
  int16,
  int32,
  int64,
  int8,
  uint8,
} from "../dtype";
import { AssertionError, IndexError, NotImplementedError, pyStr, RuntimeError, ValueError } from "../errors";
import { OPS } from "../generated/ops";
import { Tensor } from "../tensor";

type T = Tensor;
type Dims = number | number[] | null;

const op = (name: keyof typeof OPS, args: unknown[]): T => callOp(OPS[name], null, args) as T;
const scalar = (value: number, dt: dtype, like: T): T => op("full", [[], value, { dtype: dt, device: like.device }]);

const SMALL_INTS = new Set<dtype>([uint8, boolDtype, int8, int16, int32]);
const INT_MIN: Map<dtype, number> = new Map([
  [uint8, 0],
  [int8, -128],
  [int16, -32768],
  [int32, -2147483648],
  [int64, -9223372036854775808],
]);

/** Python's bool(x) for the keepdim flags. */
const truthy = (x: unknown): boolean => Boolean(x) && !(Array.isArray(x) && x.length === 0);

/** _reduction_identity: the value masked-out elements take for op_name (null: none). */
export function _reduction_identity(opName: string, input: T, ...args: unknown[]): T | null {
  const dt = input.dtype;
  const name = opName.split(".").pop()!;
  const isFloat = dt.is_floating_point;
  const signedOrByte = (dt.is_signed && !dt.is_complex) || dt === uint8;
  const intLimit = (max: boolean): T => {
    if (dt === uint8) return scalar(max ? 255 : 0, dt, input);
    const min = scalar(INT_MIN.get(dt)!, dt, input);
    return max ? min.bitwise_not() : min; // ~min is max in two's complement (int64's max is no JS number)
  };
  if (name === "sum" || name === "cumsum") return scalar(0, dt, input);
  if (name === "prod" || name === "cumprod") return scalar(1, dt, input);
  if (name === "amax" || name === "argmax" || name === "logaddexp") {
    if (isFloat) return scalar(-Infinity, dt, input);
    if (signedOrByte) return intLimit(false);
  } else if (name === "logsumexp") {
    if (isFloat) return scalar(-Infinity, dt, input);
    if (dt.is_complex) return scalar(-Infinity, dt, input);
    if (signedOrByte) return intLimit(false);
  } else if (name === "amin" || name === "argmin") {
    if (isFloat) return scalar(Infinity, dt, input);
    if (signedOrByte) return intLimit(true);
  } else if (name === "mean") {
    return null;
  } else if (name === "norm") {
    const ord = args.length > 0 ? args[0] : 2;
    if (ord === -Infinity) {
      if (!isFloat) throw new AssertionError(`input must be floating point, got ${pyStr(dt)}`);
      return scalar(Infinity, dt, input);
    }
    return scalar(0, dt, input);
  } else if (name === "median") {
    return scalar(NaN, isFloat ? dt : float32, input);
  } else if (name === "var" || name === "std") {
    return null;
  }
  throw new NotImplementedError(`identity of ${name} on ${pyStr(dt)} input`);
}

/** _canonical_dim: the dims to reduce, wrapped and sorted (all of them for None or ()). */
export function _canonical_dim(dim: Dims | undefined, ndim: number): number[] {
  if (dim === null || dim === undefined || (Array.isArray(dim) && dim.length === 0)) return Array.from({ length: ndim }, (_, i) => i);
  const n = Math.max(ndim, 1);
  const dims: number[] = [];
  for (const d of typeof dim === "number" ? [dim] : dim) {
    if (dims.includes(d)) throw new RuntimeError(`dim=${d} appears multiple times in the list of dims`);
    if (d >= n || d < -n) throw new IndexError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${d})`);
    dims.push(((d % n) + n) % n);
  }
  return dims.sort((a, b) => a - b);
}

/** _input_mask: the mask broadcast to the input's shape, as bool. */
export function _input_mask(input: T, mask: T | null | undefined): T {
  if (mask === null || mask === undefined) throw new ValueError("_input_mask requires explicit mask");
  let m = mask;
  if (m.shape.join() !== input.shape.join() || m.dim() !== input.dim()) {
    if (m.dim() > input.dim()) {
      throw new IndexError("_input_mask expected broadcastable mask (got mask dimensionality higher than of the input)");
    }
    m = m.clone().broadcast_to(input.shape).to(boolDtype);
  }
  return m.to(boolDtype);
}

/** _combine_input_and_mask: the input with its masked-out elements set to op's identity. */
function combine(opName: string, input: T, mask: T | null | undefined, ...args: unknown[]): T {
  if (mask === null || mask === undefined) return input;
  const canonical = _input_mask(input, mask);
  const fill = _reduction_identity(opName, input, ...args);
  return op("where", [canonical, input, fill]);
}

/** _any over several dims. */
function anyOver(input: T, dims: number[], keepdim: boolean): T {
  let r = input;
  for (const d of [...dims].reverse()) r = r.any({ dim: d, keepdim });
  return r;
}

export interface ReductionOptions {
  keepdim?: boolean | null;
  dtype?: dtype | null;
  mask?: T | null;
}

/** Binds (input, <positional>, { keyword-only }) as Python's signature `def f(input, ..., *, ...)`. */
function bind(fn: string, positional: string[], keywords: string[], args: unknown[], required = 1): Record<string, unknown> {
  const names = ["input", ...positional, ...keywords];
  const values = bindArgs(fn, names, args, required, 1 + positional.length);
  return Object.fromEntries(names.map((n, i) => [n, values[i]]));
}

const REDUCE_KW = ["keepdim", "dtype", "mask"];

function sumLikeDtype(input: T, dt: unknown): dtype {
  if (dt !== null && dt !== undefined) return dt as dtype;
  return SMALL_INTS.has(input.dtype) ? int64 : input.dtype;
}

/** torch.masked.sum(input, dim=None, *, keepdim=False, dtype=None, mask=None). */
export function sum(...args: [input: T, ...rest: (Dims | ReductionOptions)[]]): T {
  const a = bind("sum", ["dim"], REDUCE_KW, args);
  const input = a.input as T;
  const dt = sumLikeDtype(input, a.dtype);
  const dims = _canonical_dim(a.dim as Dims, input.ndim);
  const maskInput = combine("sum", input, a.mask as T | null);
  return op("sum", [maskInput, dims, truthy(a.keepdim), { dtype: dt }]);
}

/** torch.masked.prod(input, dim=None, *, keepdim=False, dtype=None, mask=None). */
export function prod(...args: [input: T, ...rest: (Dims | ReductionOptions)[]]): T {
  const a = bind("prod", ["dim"], REDUCE_KW, args);
  const input = a.input as T;
  const dt = sumLikeDtype(input, a.dtype);
  const dims = _canonical_dim(a.dim as Dims, input.ndim);
  let result = combine("prod", input, a.mask as T | null).to(dt);
  for (const d of [...dims].reverse()) result = result.prod(d, truthy(a.keepdim));
  return result;
}

function cumulative(name: "cumsum" | "cumprod", args: unknown[]): T {
  const a = bind(name, ["dim"], ["dtype", "mask"], args, 2);
  const input = a.input as T;
  const dt = (a.dtype ?? input.dtype) as dtype;
  const dim = _canonical_dim(a.dim as number, input.ndim)[0];
  const maskInput = combine(name === "cumsum" ? "sum" : "prod", input, a.mask as T | null);
  return op(name, [maskInput, dim, { dtype: dt }]).to(dt);
}

export interface CumulativeOptions {
  dtype?: dtype | null;
  mask?: T | null;
}
/** torch.masked.cumsum(input, dim, *, dtype=None, mask=None). */
export function cumsum(...args: [input: T, dim: number, options?: CumulativeOptions] | [input: T, options: CumulativeOptions & { dim: number }]): T {
  return cumulative("cumsum", args);
}
/** torch.masked.cumprod(input, dim, *, dtype=None, mask=None). */
export function cumprod(...args: [input: T, dim: number, options?: CumulativeOptions] | [input: T, options: CumulativeOptions & { dim: number }]): T {
  return cumulative("cumprod", args);
}

function minmax(name: "amax" | "amin", args: unknown[]): T {
  const a = bind(name, ["dim"], REDUCE_KW, args);
  const input = a.input as T;
  const dt = (a.dtype ?? input.dtype) as dtype;
  const maskInput = combine(name, input, a.mask as T | null);
  const dims = _canonical_dim(a.dim as Dims, maskInput.ndim);
  return op(name, [maskInput, dims, truthy(a.keepdim)]).to(dt);
}
/** torch.masked.amax(input, dim=None, *, keepdim=False, dtype=None, mask=None). */
export function amax(...args: [input: T, ...rest: (Dims | ReductionOptions)[]]): T {
  return minmax("amax", args);
}
/** torch.masked.amin(input, dim=None, *, keepdim=False, dtype=None, mask=None). */
export function amin(...args: [input: T, ...rest: (Dims | ReductionOptions)[]]): T {
  return minmax("amin", args);
}

function argminmax(name: "argmax" | "argmin", args: unknown[]): T {
  const a = bind(name, ["dim"], REDUCE_KW, args);
  const input = a.input as T;
  const dt = (a.dtype ?? input.dtype) as dtype;
  const maskInput = combine(name, input, a.mask as T | null);
  return op(name, [maskInput, a.dim ?? null, truthy(a.keepdim)]).to(dt);
}
/** torch.masked.argmax(input, dim=None, *, keepdim=False, dtype=None, mask=None) (the indices in dtype, the input's by default). */
export function argmax(...args: [input: T, ...rest: (number | null | ReductionOptions)[]]): T {
  return argminmax("argmax", args);
}
/** torch.masked.argmin(input, dim=None, *, keepdim=False, dtype=None, mask=None). */
export function argmin(...args: [input: T, ...rest: (number | null | ReductionOptions)[]]): T {
  return argminmax("argmin", args);
}

/** torch.masked.mean(input, dim=None, *, keepdim=False, dtype=None, mask=None). */
export function mean(...args: [input: T, ...rest: (Dims | ReductionOptions)[]]): T {
  const a = bind("mean", ["dim"], REDUCE_KW, args);
  const input = a.input as T;
  let source = "Optional";
  let dt = a.dtype as dtype | null | undefined;
  if (dt === null || dt === undefined) {
    dt = input.dtype;
    source = "Input";
  }
  if (!(dt.is_floating_point || dt.is_complex)) {
    throw new ValueError(
      `mean(): Could not infer output dtype. ${source} dtype must be either a floating point or complex dtype. Got: ${pyStr(dt)}`,
    );
  }
  const keepdim = (a.keepdim ?? false) as boolean;
  let count: T, total: T;
  if (a.mask === null || a.mask === undefined) {
    count = sum(op("ones", [input.shape, { dtype: int64, device: input.device }]), a.dim as Dims, { keepdim });
    total = sum(input, a.dim as Dims, { keepdim, dtype: dt });
  } else {
    const inmask = _input_mask(input, a.mask as T);
    count = inmask.sum({ dim: (a.dim ?? null) as Dims, keepdim: truthy(keepdim) });
    total = sum(input, a.dim as Dims, { keepdim, dtype: dt, mask: inmask });
  }
  return total.div(count);
}

/** torch.masked.median(input, dim=-1, *, keepdim=False, dtype=None, mask=None): NaN-ignoring median of the unmasked elements. */
export function median(...args: [input: T, ...rest: (number | ReductionOptions)[]]): T {
  const a = bind("median", ["dim"], REDUCE_KW, args);
  let input = a.input as T;
  const dt = (a.dtype ?? input.dtype) as dtype;
  const dim = _canonical_dim((a.dim ?? -1) as number, input.ndim)[0];
  const isFloat = input.dtype.is_floating_point;
  if (!isFloat) input = input.to(float32);
  const maskInput = combine("median", input, a.mask as T | null);
  const output = (op("nanmedian", [maskInput, dim, a.keepdim ?? false]) as unknown as T[])[0];
  if (isFloat) return output;
  if (!output.isnan().any().item()) return output.to(dt);
  throw new ValueError("masked median expects no fully masked out rows if dtype is not floating point");
}

/** torch.masked.logsumexp(input, dim=None, *, keepdim=False, dtype=None, mask=None). */
export function logsumexp(...args: [input: T, ...rest: (Dims | ReductionOptions)[]]): T {
  const a = bind("logsumexp", ["dim"], REDUCE_KW, args);
  const input = a.input as T;
  const dt = (a.dtype ?? input.dtype) as dtype;
  const dims = _canonical_dim(a.dim as Dims, input.ndim);
  const maskInput = combine("logsumexp", input, a.mask as T | null);
  return op("logsumexp", [maskInput, dims, { keepdim: a.keepdim ?? false }]).to(dt);
}

export interface LogaddexpOptions {
  dtype?: dtype | null;
  input_mask?: T | null;
  other_mask?: T | null;
}
/** torch.masked.logaddexp(input, other, *, dtype=None, input_mask=None, other_mask=None). */
export function logaddexp(...args: [input: T, other: T, options?: LogaddexpOptions]): T {
  const a = bind("logaddexp", ["other"], ["dtype", "input_mask", "other_mask"], args, 2);
  const input = a.input as T;
  const dt = (a.dtype ?? input.dtype) as dtype;
  const maskInput = combine("logaddexp", input, a.input_mask as T | null);
  const maskOther = combine("logaddexp", a.other as T, a.other_mask as T | null);
  return op("logaddexp", [maskInput, maskOther]).to(dt);
}

/** torch.masked.norm(input, ord=2.0, dim=None, *, keepdim=False, dtype=None, mask=None): linalg.vector_norm of the unmasked elements. */
export function norm(...args: [input: T, ...rest: (number | Dims | ReductionOptions)[]]): T {
  const a = bind("norm", ["ord", "dim"], REDUCE_KW, args);
  const input = a.input as T;
  const ord = a.ord === undefined ? 2.0 : a.ord;
  const dt = (a.dtype ?? input.dtype) as dtype;
  const maskInput = combine("norm", input, a.mask as T | null, ord);
  const dims = _canonical_dim(a.dim as Dims, input.ndim);
  return op("linalg_vector_norm", [maskInput, ord, dims, truthy(a.keepdim), { dtype: dt }]);
}

const REAL: Map<dtype, dtype> = new Map([
  [complex32, float16],
  [complex64, float32],
  [complex128, float64],
]);

function stdVar(fn: "var" | "std", args: unknown[]): T {
  const a = bind(fn, ["dim", "unbiased"], ["correction", ...REDUCE_KW], args);
  const input = a.input as T;
  const unbiased = a.unbiased ?? null;
  const correctionOpt = a.correction ?? null;
  if (unbiased !== null && correctionOpt !== null) throw new AssertionError("Only one of unbiased and correction may be given");
  let correction = 1.0;
  if (unbiased !== null) correction = unbiased ? 1.0 : 0.0;
  if (correctionOpt !== null) correction = correctionOpt as number;
  let dt = a.dtype as dtype | null | undefined;
  if (dt === null || dt === undefined) {
    dt = input.dtype;
    if (!(dt.is_floating_point || dt.is_complex)) dt = float32;
  }
  const computeDtype = dt.is_floating_point || dt.is_complex ? dt : float32;
  const keepdim = (a.keepdim ?? false) as boolean;
  const dim = a.dim as Dims;
  let count: T, sampleTotal: T, inmask: T | null = null;
  if (a.mask === null || a.mask === undefined) {
    count = sum(op("ones", [input.shape, { dtype: int64, device: input.device }]), dim, { keepdim: true });
    sampleTotal = sum(input, dim, { keepdim: true, dtype: dt });
  } else {
    inmask = _input_mask(input, a.mask as T);
    count = inmask.sum({ dim: dim ?? null, keepdim: true });
    sampleTotal = sum(input, dim, { keepdim: true, dtype: dt, mask: inmask });
  }
  const sampleMean = op("divide", [sampleTotal, count]);
  const x = op("subtract", [input, sampleMean]);
  const total = sum(x.mul(x.conj()), dim, { keepdim, dtype: computeDtype, mask: inmask });
  if (!truthy(keepdim)) count = count.reshape(total.shape);
  if (correction !== 0) {
    const realDtype = computeDtype.is_complex ? REAL.get(computeDtype)! : computeDtype;
    count = count.to(realDtype);
    count = op("subtract", [count, correction]);
    count = op("maximum", [count, op("full", [[], 0, { dtype: count.dtype, device: count.device }])]);
  }
  let output = op("divide", [total, count]).to(dt);
  if (fn === "std") output = op("sqrt", [output]);
  return output;
}

export interface VarOptions extends ReductionOptions {
  correction?: number | null;
}
/** torch.masked.var(input, dim=None, unbiased=None, *, correction=None, keepdim=False, dtype=None, mask=None). */
export function var_(...args: [input: T, ...rest: (Dims | boolean | VarOptions)[]]): T {
  return stdVar("var", args);
}
/** torch.masked.std(input, dim=None, unbiased=None, *, correction=None, keepdim=False, dtype=None, mask=None). */
export function std(...args: [input: T, ...rest: (Dims | boolean | VarOptions)[]]): T {
  return stdVar("std", args);
}

export interface NormalizationOptions {
  dtype?: dtype | null;
  mask?: T | null;
}

function softmaxLike(name: "softmax" | "log_softmax" | "softmin", args: unknown[]): T {
  const a = bind(name, ["dim"], ["dtype", "mask"], args, 2);
  const input = a.input as T;
  const dt = (a.dtype ?? input.dtype) as dtype;
  const dim = _canonical_dim(a.dim as number, input.ndim)[0];
  const maskInput = combine(name === "softmin" ? "amin" : "amax", input, a.mask as T | null);
  // F.softmin(x, dim, dtype=dtype) is (-x).softmax(dim, dtype=dtype).
  if (name === "softmin") return op("softmax", [maskInput.neg(), dim, { dtype: dt }]);
  return op(name, [maskInput, dim, { dtype: dt }]);
}
type SoftmaxArgs = [input: T, dim: number, options?: NormalizationOptions] | [input: T, options: NormalizationOptions & { dim: number }];
/** torch.masked.softmax(input, dim, *, dtype=None, mask=None). */
export function softmax(...args: SoftmaxArgs): T {
  return softmaxLike("softmax", args);
}
/** torch.masked.log_softmax(input, dim, *, dtype=None, mask=None). */
export function log_softmax(...args: SoftmaxArgs): T {
  return softmaxLike("log_softmax", args);
}
/** torch.masked.softmin(input, dim, *, dtype=None, mask=None). */
export function softmin(...args: SoftmaxArgs): T {
  return softmaxLike("softmin", args);
}

/** torch.masked.normalize(input, ord, dim, *, eps=1e-12, dtype=None, mask=None): x / max(norm(x, ord), eps) over the unmasked elements. */
export function normalize(...args: [input: T, ord: number, dim: number, options?: NormalizationOptions & { eps?: number }]): T {
  const a = bind("normalize", ["ord", "dim"], ["eps", "dtype", "mask"], args, 3);
  const input = a.input as T;
  const dt = (a.dtype ?? input.dtype) as dtype;
  const eps = (a.eps ?? 1e-12) as number;
  const maskInput = combine("sum", input, a.mask as T | null);
  const nrm = norm(input, a.ord as number, a.dim as number, { keepdim: true, dtype: dt, mask: a.mask as T | null });
  const denom = op("maximum", [nrm, op("full", [[], eps, { dtype: nrm.dtype, device: nrm.device }])]);
  return op("divide", [maskInput, denom]);
}

/** _any, exported for the mask helpers' users. */
export { anyOver as _any };
