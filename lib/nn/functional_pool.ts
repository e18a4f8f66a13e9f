// torch.nn.functional's pooling (max, fractional max, unpooling, average, power-average,
// adaptive), ported from torch/nn/functional.py (torch 2.11); ./functional re-exports them.
// Each function takes Python's parameters in Python's order (positional, or by name in one
// trailing options object), applies Python's defaults and checks, and calls the ATen op Python
// calls. The 1d/2d/3d variants share one implementation, parameterised by the dimension count.
import { bindArgs, isOptions } from "../_args";
import { callOp } from "../_dispatch";
import { given, isNone } from "../_python";
import { aten } from "../_aten";
import { pyTypeName, TypeError, ValueError } from "../errors";
import { OPS } from "../generated/ops";
import { Tensor } from "../tensor";
import { bindC, tensorFor } from "./_functional_utils";
import type { Prefixes, PyCall } from "./functional";
import { pyTuple } from "./modules/_utils";
import { ntuple } from "./modules/utils";

type T = Tensor;
type Dims = 1 | 2 | 3;
/** An int, or one int per spatial dimension (Python's BroadcastingListN[int]). */
type Ints = number | readonly number[];
/** An adaptive pooling's output size: an int, or one per dimension where None keeps the input's. */
type OutputSize = number | readonly (number | null)[];

function op(name: keyof typeof OPS, args: unknown[]): unknown {
  return callOp(OPS[name], null, args);
}

/** Python's boolean_dispatch: the flag by keyword, else at its position, else false. */
function dispatchFlag(args: unknown[], name: string, index: number): boolean {
  const last = args[args.length - 1];
  if (isOptions(last) && name in (last as object)) return Boolean((last as Record<string, unknown>)[name]);
  const positional = isOptions(last) ? args.length - 1 : args.length;
  return index < positional && Boolean(args[index]);
}

/** The calls of a function that boolean_dispatch splits on return_indices, typed by its value. */
type WithIndices<H extends unknown[], P extends unknown[], O> =
  | [...H, ...P, return_indices: true]
  | [...H, ...P, return_indices: true, options: O]
  | [...H, ...Prefixes<P>, options: O & { return_indices: true }];
interface ReturnIndicesDispatch<H extends unknown[], P extends unknown[], O> {
  /** With return_indices true: [output, indices]. */
  (...args: WithIndices<H, P, O>): [T, T];
  (...args: PyCall<H, [...P, return_indices: false], O & { return_indices?: false }>): T;
  (...args: PyCall<H, [...P, return_indices: boolean], O>): T | [T, T];
}

// ---- max pooling ----

export interface MaxPoolOptions {
  input?: T;
  kernel_size?: Ints;
  stride?: Ints | null;
  padding?: Ints;
  dilation?: Ints;
  ceil_mode?: boolean;
  return_indices?: boolean;
}
type MaxPoolHead = [input: T, kernel_size: Ints];
type MaxPoolTail = [stride: Ints | null, padding: Ints, dilation: Ints, ceil_mode: boolean];
type MaxPoolCall = PyCall<MaxPoolHead, [...MaxPoolTail, return_indices: boolean], MaxPoolOptions>;
type MaxPoolFn = ReturnIndicesDispatch<MaxPoolHead, MaxPoolTail, MaxPoolOptions>;
const MAX_POOL = ["input", "kernel_size", "stride", "padding", "dilation", "ceil_mode", "return_indices"] as const;

/** max_pool{n}d_with_indices or _max_pool{n}d, the two functions boolean_dispatch picks from. */
function maxPool(n: Dims, withIndices: boolean, args: unknown[]): T | [T, T] {
  const [input, kernel_size, stride, padding, dilation, ceil_mode] = bindArgs(
    withIndices ? `max_pool${n}d_with_indices` : `_max_pool${n}d`, MAX_POOL, args, 2,
  );
  const opArgs = [
    input, kernel_size, isNone(stride) ? [] : stride, given(padding, 0), given(dilation, 1), given(ceil_mode, false),
  ];
  return op(withIndices ? `max_pool${n}d_with_indices` : `max_pool${n}d`, opArgs) as T | [T, T];
}

const maxPoolDispatch = (n: Dims) => ((...args: unknown[]) => maxPool(n, dispatchFlag(args, "return_indices", 6), args)) as MaxPoolFn;
const maxPoolWithIndices = (n: Dims) => ((...args: unknown[]) => maxPool(n, true, args)) as (...args: MaxPoolCall) => [T, T];

/** F.max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False). */
export const max_pool1d = maxPoolDispatch(1);
/** F.max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False). */
export const max_pool2d = maxPoolDispatch(2);
/** F.max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False). */
export const max_pool3d = maxPoolDispatch(3);
/** F.max_pool1d_with_indices(...): max_pool1d's [output, indices], whatever return_indices says. */
export const max_pool1d_with_indices = maxPoolWithIndices(1);
/** F.max_pool2d_with_indices(...): max_pool2d's [output, indices]. */
export const max_pool2d_with_indices = maxPoolWithIndices(2);
/** F.max_pool3d_with_indices(...): max_pool3d's [output, indices]. */
export const max_pool3d_with_indices = maxPoolWithIndices(3);

// ---- fractional max pooling ----

export interface FractionalMaxPoolOptions {
  input?: T;
  kernel_size?: Ints;
  output_size?: Ints | null;
  output_ratio?: number | readonly number[] | null;
  return_indices?: boolean;
  _random_samples?: T | null;
}
type FractionalHead = [input: T, kernel_size: Ints];
type FractionalTail = [output_size: Ints | null, output_ratio: number | readonly number[] | null];
type FractionalCall = PyCall<FractionalHead, [...FractionalTail, return_indices: boolean, _random_samples: T | null], FractionalMaxPoolOptions>;
type FractionalFn = ReturnIndicesDispatch<FractionalHead, FractionalTail, FractionalMaxPoolOptions>;
const FRACTIONAL = ["input", "kernel_size", "output_size", "output_ratio", "return_indices", "_random_samples"] as const;

/**
 * fractional_max_pool{n}d_with_indices or _fractional_max_pool{n}d: the window positions come
 * from _random_samples, drawn as Python draws them (torch.rand of the input's dtype) when not
 * given, so the same seed gives the same pooling.
 */
function fractionalMaxPool(n: 2 | 3, withIndices: boolean, args: unknown[]): T | [T, T] {
  const fn = withIndices ? `fractional_max_pool${n}d_with_indices` : `_fractional_max_pool${n}d`;
  const [inputArg, kernel_size, outputSizeArg, output_ratio, , randomSamples] = bindArgs(fn, FRACTIONAL, args, 2);
  const input = inputArg as T;
  let output_size = outputSizeArg;
  if (isNone(output_size) && isNone(output_ratio)) {
    throw new ValueError(`fractional_max_pool${n}d requires specifying either an output_size or an output_ratio`);
  }
  if (isNone(output_size)) {
    if (n === 2) {
      if (typeof output_ratio === "number") throw new TypeError(`object of type '${pyTypeName(output_ratio)}' has no len()`);
      if ((output_ratio as readonly number[]).length > 2) {
        throw new ValueError("fractional_max_pool2d requires output_ratio to either be a single Int or tuple of Ints.");
      }
    }
    const ratio = ntuple(output_ratio, n);
    const bad = ratio.find((r) => typeof r !== "number");
    if (bad !== undefined) throw new TypeError(`unsupported operand type(s) for *: 'int' and '${pyTypeName(bad)}'`);
    output_size = ratio.map((r, d) => Math.trunc((tensorFor(input, "size").size(d - n) as number) * r));
  }
  let samples = randomSamples;
  if (isNone(samples)) {
    const batch = tensorFor(input, "dim").dim() === n + 1 ? 1 : (input.size(0) as number);
    samples = aten.rand(batch, input.size(-n - 1) as number, n, { dtype: input.dtype, device: input.device });
  }
  const [out, indices] = op(`fractional_max_pool${n}d`, [input, kernel_size, output_size, samples]) as [T, T];
  return withIndices ? [out, indices] : out;
}

const fractionalDispatch = (n: 2 | 3) => ((...args: unknown[]) => fractionalMaxPool(n, dispatchFlag(args, "return_indices", 4), args)) as FractionalFn;
const fractionalWithIndices = (n: 2 | 3) => ((...args: unknown[]) => fractionalMaxPool(n, true, args)) as (...args: FractionalCall) => [T, T];

/**
 * F.fractional_max_pool2d(input, kernel_size, output_size=None, output_ratio=None,
 * return_indices=False, _random_samples=None).
 */
export const fractional_max_pool2d = fractionalDispatch(2);
/**
 * F.fractional_max_pool3d(input, kernel_size, output_size=None, output_ratio=None,
 * return_indices=False, _random_samples=None).
 */
export const fractional_max_pool3d = fractionalDispatch(3);
/** F.fractional_max_pool2d_with_indices(...): fractional_max_pool2d's [output, indices]. */
export const fractional_max_pool2d_with_indices = fractionalWithIndices(2);
/** F.fractional_max_pool3d_with_indices(...): fractional_max_pool3d's [output, indices]. */
export const fractional_max_pool3d_with_indices = fractionalWithIndices(3);

// ---- max unpooling ----

export interface MaxUnpoolOptions {
  input?: T;
  indices?: T;
  kernel_size?: Ints;
  stride?: Ints | null;
  padding?: Ints;
  output_size?: readonly number[] | null;
}
type MaxUnpoolCall = PyCall<
  [input: T, indices: T, kernel_size: Ints],
  [stride: Ints | null, padding: Ints, output_size: readonly number[] | null],
  MaxUnpoolOptions
>;

/** Python's _unpool_output_size: the size MaxPool's input had, or output_size checked against it. */
function unpoolOutputSize(input: T, kernel: number[], stride: number[], padding: number[], outputSize: unknown): number[] {
  const size = input.shape;
  const k = kernel.length;
  const defaults = kernel.map((_, d) => (size[size.length - k + d] - 1) * stride[d] + kernel[d] - 2 * padding[d]);
  if (isNone(outputSize)) return defaults;
  let out = [...(outputSize as number[])];
  if (out.length === k + 2) out = out.slice(2);
  if (out.length !== k) {
    throw new ValueError(`output_size should be a sequence containing ${k} or ${k + 2} elements, but it has a length of '${out.length}'`);
  }
  out.forEach((s, d) => {
    const [min, max] = [defaults[d] - stride[d], defaults[d] + stride[d]];
    if (!(min < s && s < max)) throw new ValueError(`invalid output_size "${pyTuple(out)}" (dim ${d} must be between ${min} and ${max})`);
  });
  return out;
}

function maxUnpool(n: Dims, args: unknown[]): T {
  const v = bindArgs(() => `max_unpool${n}d`, ["input", "indices", "kernel_size", "stride", "padding", "output_size"], args, 3);
  const [input, indices] = v as [T, T];
  const kernel = ntuple(v[2], n);
  const stride = isNone(v[3]) ? kernel : ntuple(v[3], n);
  const padding = ntuple(given(v[4], 0), n);
  const size = unpoolOutputSize(input, kernel, stride, padding, v[5]);
  if (n === 1) {
    // As a 2-d unpooling over a trailing dimension of 1.
    return (op("max_unpool2d", [input.unsqueeze(-1), indices.unsqueeze(-1), [...size, 1]]) as T).squeeze(-1);
  }
  return op(`max_unpool${n}d`, n === 2 ? [input, indices, size] : [input, indices, size, stride, padding]) as T;
}

/** F.max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None). */
export function max_unpool1d(...args: MaxUnpoolCall): T {
  return maxUnpool(1, args);
}
/** F.max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None). */
export function max_unpool2d(...args: MaxUnpoolCall): T {
  return maxUnpool(2, args);
}
/** F.max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None). */
export function max_unpool3d(...args: MaxUnpoolCall): T {
  return maxUnpool(3, args);
}

// ---- average pooling ----

export interface AvgPool1dOptions {
  input?: T;
  kernel_size?: Ints;
  stride?: Ints | null;
  padding?: Ints;
  ceil_mode?: boolean;
  count_include_pad?: boolean;
}
export interface AvgPoolOptions extends AvgPool1dOptions {
  divisor_override?: number | null;
}
type AvgPoolHead = [input: T, kernel_size: Ints];
type AvgPool1dTail = [stride: Ints | null, padding: Ints, ceil_mode: boolean, count_include_pad: boolean];
const AVG_POOL = ["input", "kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"] as const;

/** torch.avg_pool1d, torch._C._nn.avg_pool2d / avg_pool3d (Python binds F's to them directly). */
function avgPool(n: Dims, args: unknown[]): T {
  const names = n === 1 ? AVG_POOL.slice(0, 6) : AVG_POOL;
  bindC(`avg_pool${n}d`, names, args, 2);
  return op(`avg_pool${n}d`, args) as T;
}

/** F.avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True). */
export function avg_pool1d(...args: PyCall<AvgPoolHead, AvgPool1dTail, AvgPool1dOptions>): T {
  return avgPool(1, args);
}
/** F.avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None). */
export function avg_pool2d(...args: PyCall<AvgPoolHead, [...AvgPool1dTail, divisor_override: number | null], AvgPoolOptions>): T {
  return avgPool(2, args);
}
/** F.avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None). */
export function avg_pool3d(...args: PyCall<AvgPoolHead, [...AvgPool1dTail, divisor_override: number | null], AvgPoolOptions>): T {
  return avgPool(3, args);
}

// ---- power-average pooling ----

export interface LpPoolOptions {
  input?: T;
  norm_type?: number;
  kernel_size?: Ints;
  stride?: Ints | null;
  ceil_mode?: boolean;
}
type LpPoolCall = PyCall<[input: T, norm_type: number, kernel_size: Ints], [stride: Ints | null, ceil_mode: boolean], LpPoolOptions>;

function lpPool(n: Dims, args: unknown[]): T {
  const [input, norm_type, kernel_size, stride, ceil] = bindArgs(() => `lp_pool${n}d`, ["input", "norm_type", "kernel_size", "stride", "ceil_mode"], args, 3);
  const ceil_mode = given(ceil, false);
  const powered = (input as T).pow(norm_type as number);
  const out = isNone(stride)
    ? avgPool(n, [powered, kernel_size, { padding: 0, ceil_mode }])
    : avgPool(n, [powered, kernel_size, stride, 0, ceil_mode]);
  const windowSize = ntuple(kernel_size, n).reduce((a, b) => a * b);
  return (op("sign", [out]) as T).mul(op("relu", [op("abs", [out])]) as T).mul(windowSize).pow(1.0 / (norm_type as number));
}

/** F.lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False). */
export function lp_pool1d(...args: LpPoolCall): T {
  return lpPool(1, args);
}
/** F.lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False). */
export function lp_pool2d(...args: LpPoolCall): T {
  return lpPool(2, args);
}
/** F.lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False). */
export function lp_pool3d(...args: LpPoolCall): T {
  return lpPool(3, args);
}

// ---- adaptive pooling ----

/** Python's _list_with_default: an int as it is, None entries of a list filled from the input's size. */
function listWithDefault(outputSize: unknown, input: unknown, n: Dims): unknown {
  if (!Array.isArray(outputSize) || !(input instanceof Tensor)) return outputSize;
  const defaults = input.shape;
  if (defaults.length <= outputSize.length) throw new ValueError(`Input dimension should be at least ${outputSize.length + 1}`);
  const tail = defaults.slice(defaults.length - outputSize.length);
  return outputSize.map((v, i) => (isNone(v) ? tail[i] : v));
}

export interface AdaptiveAvgPoolOptions {
  input?: T;
  output_size?: OutputSize;
}

function adaptiveAvgPool(n: Dims, args: unknown[]): T {
  const fn = `adaptive_avg_pool${n}d` as const;
  if (n === 1) {
    // Python binds adaptive_avg_pool1d straight to C++.
    bindC(fn, ["input", "output_size"], args, 2);
    return op(fn, args) as T;
  }
  const [input, size] = bindArgs(fn, ["input", "output_size"], args, 2);
  return op(fn, [input, listWithDefault(size, input, n)]) as T;
}

/** F.adaptive_avg_pool1d(input, output_size). */
export function adaptive_avg_pool1d(...args: [input: T, output_size: Ints] | [input: T, options: AdaptiveAvgPoolOptions]): T {
  return adaptiveAvgPool(1, args);
}
/** F.adaptive_avg_pool2d(input, output_size): output_size an int or a pair, None keeping the input's size. */
export function adaptive_avg_pool2d(...args: [input: T, output_size: OutputSize] | [input: T, options: AdaptiveAvgPoolOptions]): T {
  return adaptiveAvgPool(2, args);
}
/** F.adaptive_avg_pool3d(input, output_size): output_size an int or a triple, None keeping the input's size. */
export function adaptive_avg_pool3d(...args: [input: T, output_size: OutputSize] | [input: T, options: AdaptiveAvgPoolOptions]): T {
  return adaptiveAvgPool(3, args);
}

export interface AdaptiveMaxPoolOptions extends AdaptiveAvgPoolOptions {
  return_indices?: boolean;
}
type AdaptiveMaxPoolFn = ReturnIndicesDispatch<[input: T, output_size: OutputSize], [], AdaptiveMaxPoolOptions>;

/** adaptive_max_pool{n}d_with_indices or _adaptive_max_pool{n}d. */
function adaptiveMaxPool(n: Dims, withIndices: boolean, args: unknown[]): T | [T, T] {
  const fn = withIndices ? `adaptive_max_pool${n}d_with_indices` : `_adaptive_max_pool${n}d`;
  const [input, size] = bindArgs(fn, ["input", "output_size", "return_indices"], args, 2);
  const [out, indices] = op(`adaptive_max_pool${n}d`, [input, n === 1 ? size : listWithDefault(size, input, n)]) as [T, T];
  return withIndices ? [out, indices] : out;
}

const adaptiveMaxPoolDispatch = (n: Dims) =>
  ((...args: unknown[]) => adaptiveMaxPool(n, dispatchFlag(args, "return_indices", 2), args)) as AdaptiveMaxPoolFn;
const adaptiveMaxPoolWithIndices = (n: Dims) =>
  ((...args: unknown[]) => adaptiveMaxPool(n, true, args)) as (
    ...args: PyCall<[input: T, output_size: OutputSize], [return_indices: boolean], AdaptiveMaxPoolOptions>
  ) => [T, T];

/** F.adaptive_max_pool1d(input, output_size, return_indices=False). */
export const adaptive_max_pool1d = adaptiveMaxPoolDispatch(1);
/** F.adaptive_max_pool2d(input, output_size, return_indices=False). */
export const adaptive_max_pool2d = adaptiveMaxPoolDispatch(2);
/** F.adaptive_max_pool3d(input, output_size, return_indices=False). */
export const adaptive_max_pool3d = adaptiveMaxPoolDispatch(3);
/** F.adaptive_max_pool1d_with_indices(input, output_size, return_indices=False): [output, indices]. */
export const adaptive_max_pool1d_with_indices = adaptiveMaxPoolWithIndices(1);
/** F.adaptive_max_pool2d_with_indices(input, output_size, return_indices=False): [output, indices]. */
export const adaptive_max_pool2d_with_indices = adaptiveMaxPoolWithIndices(2);
/** F.adaptive_max_pool3d_with_indices(input, output_size, return_indices=False): [output, indices]. */
export const adaptive_max_pool3d_with_indices = adaptiveMaxPoolWithIndices(3);
