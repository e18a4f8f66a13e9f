// torch.nn.functional's activations and softmax family, ported from torch/nn/functional.py
// (torch 2.11); ./functional re-exports them. The functions Python writes in Python bind
// Python's parameters (positional, or by name in one trailing options object), apply its
// defaults and checks and call the ATen op it calls; the ones Python binds straight to ATen
// (F.prelu is torch.prelu, F.softshrink is torch._C._nn.softshrink, the in-place F.relu_ ...)
// are the generated ops.
import { bindArgs } from "../_args";
import { _nn, aten } from "../_aten";
import { given, isNone, warn } from "../_python";
import type { dtype } from "../dtype";
import { contiguous_format } from "../dtype";
import { argumentError, RuntimeError, ValueError } from "../errors";
import type { NnOps, TorchOps } from "../generated/ops";
import { Tensor } from "../tensor";
import { cFunction, tensorFor } from "./_functional_utils";
import type { PyCall } from "./functional";

type T = Tensor;

export interface InplaceOptions {
  input?: T;
  inplace?: boolean;
}
type InplaceCall = PyCall<[input: T], [inplace: boolean], InplaceOptions>;
const INPLACE = ["input", "inplace"] as const;

/** An activation taking (input, inplace=False): the in-place op or the other. */
function inplaceOr(fn: string, args: unknown[], inplace: (x: T) => T, outOfPlace: (x: T) => T): T {
  const [input, isInplace] = bindArgs(fn, INPLACE, args, 1);
  return isInplace ? inplace(input as T) : outOfPlace(input as T);
}

// ---- thresholds and rectifiers ----

export interface ThresholdOptions {
  input?: T;
  threshold?: number;
  value?: number;
  inplace?: boolean;
}
/** F.threshold(input, threshold, value, inplace=False): `value` where input <= threshold (Python's function is `_threshold`). */
export function threshold(...args: PyCall<[input: T, threshold: number, value: number], [inplace: boolean], ThresholdOptions>): T {
  const [input, th, value, inplace] = bindArgs("_threshold", ["input", "threshold", "value", "inplace"], args, 3);
  return inplace ? aten.threshold_(input as T, th as number, value as number) : aten.threshold(input as T, th as number, value as number);
}
/** F.threshold_(input, threshold, value): torch.threshold_. */
export const threshold_ = cFunction<TorchOps["threshold_"]>("threshold_");

/** F.relu(input, inplace=False). */
export function relu(...args: InplaceCall): T {
  return inplaceOr("relu", args, (x) => aten.relu_(x), (x) => aten.relu(x));
}
/** F.relu_(input): torch.relu_. */
export const relu_ = cFunction<TorchOps["relu_"]>("relu_");

export interface GluOptions {
  input?: T;
  dim?: number;
}
/** F.glu(input, dim=-1): a ⊗ σ(b), input split in halves a and b along dim. */
export function glu(...args: PyCall<[input: T], [dim: number], GluOptions>): T {
  const [input, dim] = bindArgs("glu", ["input", "dim"], args, 1);
  if (tensorFor(input, "dim").dim() === 0) throw new RuntimeError("glu does not support scalars because halving size must be even");
  return _nn.glu(input as T, given(dim, -1));
}

export interface HardtanhOptions {
  input?: T;
  min_val?: number;
  max_val?: number;
  inplace?: boolean;
}
/** F.hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False). */
export function hardtanh(...args: PyCall<[input: T], [min_val: number, max_val: number, inplace: boolean], HardtanhOptions>): T {
  const [input, minVal, maxVal, inplace] = bindArgs("hardtanh", ["input", "min_val", "max_val", "inplace"], args, 1);
  const lo = given(minVal, -1.0);
  const hi = given(maxVal, 1.0);
  if (typeof lo !== "number") throw argumentError("hardtanh", "min_val", "float", lo);
  if (typeof hi !== "number") throw argumentError("hardtanh", "max_val", "float", hi);
  if (lo > hi) throw new ValueError("min_val cannot be greater than max_val");
  return inplace ? _nn.hardtanh_(input as T, lo, hi) : _nn.hardtanh(input as T, lo, hi);
}
/** F.hardtanh_(input, min_val=-1., max_val=1.): torch._C._nn.hardtanh_. */
export const hardtanh_ = cFunction<NnOps["hardtanh_"]>("hardtanh_");

/** F.relu6(input, inplace=False). */
export function relu6(...args: InplaceCall): T {
  return inplaceOr("relu6", args, (x) => _nn.relu6_(x), (x) => _nn.relu6(x));
}

export interface EluOptions {
  input?: T;
  alpha?: number;
  inplace?: boolean;
}
/** F.elu(input, alpha=1.0, inplace=False). */
export function elu(...args: PyCall<[input: T], [alpha: number, inplace: boolean], EluOptions>): T {
  const [input, alpha, inplace] = bindArgs("elu", ["input", "alpha", "inplace"], args, 1);
  const a = given(alpha, 1.0) as number;
  return inplace ? _nn.elu_(input as T, a) : _nn.elu(input as T, a);
}
/** F.elu_(input, alpha=1.): torch._C._nn.elu_. */
export const elu_ = cFunction<NnOps["elu_"]>("elu_");

/** F.selu(input, inplace=False). */
export function selu(...args: InplaceCall): T {
  return inplaceOr("selu", args, (x) => aten.selu_(x), (x) => aten.selu(x));
}
/** F.selu_(input): torch.selu_. */
export const selu_ = cFunction<TorchOps["selu_"]>("selu_");

/** F.celu(input, alpha=1.0, inplace=False). */
export function celu(...args: PyCall<[input: T], [alpha: number, inplace: boolean], EluOptions>): T {
  const [input, alpha, inplace] = bindArgs("celu", ["input", "alpha", "inplace"], args, 1);
  const a = given(alpha, 1.0) as number;
  return inplace ? aten.celu_(input as T, a) : aten.celu(input as T, a);
}
/** F.celu_(input, alpha=1.): torch.celu_. */
export const celu_ = cFunction<TorchOps["celu_"]>("celu_");

export interface LeakyReluOptions {
  input?: T;
  negative_slope?: number;
  inplace?: boolean;
}
/** F.leaky_relu(input, negative_slope=0.01, inplace=False). */
export function leaky_relu(...args: PyCall<[input: T], [negative_slope: number, inplace: boolean], LeakyReluOptions>): T {
  const [input, slope, inplace] = bindArgs("leaky_relu", ["input", "negative_slope", "inplace"], args, 1);
  const s = given(slope, 0.01) as number;
  return inplace ? _nn.leaky_relu_(input as T, s) : _nn.leaky_relu(input as T, s);
}
/** F.leaky_relu_(input, negative_slope=0.01): torch._C._nn.leaky_relu_. */
export const leaky_relu_ = cFunction<NnOps["leaky_relu_"]>("leaky_relu_");

/** F.prelu(input, weight): torch.prelu. */
export const prelu = cFunction<TorchOps["prelu"]>("prelu");

export interface RreluOptions {
  input?: T;
  lower?: number;
  upper?: number;
  training?: boolean;
  inplace?: boolean;
}
/** F.rrelu(input, lower=1/8, upper=1/3, training=False, inplace=False): random slopes when training. */
export function rrelu(...args: PyCall<[input: T], [lower: number, upper: number, training: boolean, inplace: boolean], RreluOptions>): T {
  const [input, lower, upper, training, inplace] = bindArgs("rrelu", ["input", "lower", "upper", "training", "inplace"], args, 1);
  const rest = [given(lower, 1.0 / 8), given(upper, 1.0 / 3), given(training, false)] as [number, number, boolean];
  return inplace ? aten.rrelu_(input as T, ...rest) : aten.rrelu(input as T, ...rest);
}
/** F.rrelu_(input, lower=1./8, upper=1./3, training=False): torch.rrelu_. */
export const rrelu_ = cFunction<TorchOps["rrelu_"]>("rrelu_");

// ---- smooth activations ----

/** F.logsigmoid(input): torch._C._nn.log_sigmoid. */
export const logsigmoid = cFunction<NnOps["log_sigmoid"]>("log_sigmoid");

/** F.gelu(input, *, approximate='none'): torch._C._nn.gelu. */
export const gelu = cFunction<NnOps["gelu"]>("gelu");

/** F.hardshrink(input, lambd=0.5): torch.hardshrink. */
export const hardshrink = cFunction<TorchOps["hardshrink"]>("hardshrink");

/** F.tanhshrink(input): input - tanh(input). */
export function tanhshrink(...args: [input: T] | [options: { input?: T }]): T {
  const [input] = bindArgs("tanhshrink", ["input"], args, 1);
  const x = tensorFor(input, "tanh");
  return x.sub(x.tanh());
}

/** F.softsign(input): input / (|input| + 1). */
export function softsign(...args: [input: T] | [options: { input?: T }]): T {
  const [input] = bindArgs("softsign", ["input"], args, 1);
  const x = tensorFor(input, "abs");
  return x.div(x.abs().add(1));
}

/** F.softplus(input, beta=1, threshold=20): torch._C._nn.softplus. */
export const softplus = cFunction<NnOps["softplus"]>("softplus");

/** F.softshrink(input, lambd=0.5): torch._C._nn.softshrink. */
export const softshrink = cFunction<NnOps["softshrink"]>("softshrink");

/** F.tanh(input). */
export function tanh(...args: [input: T] | [options: { input?: T }]): T {
  const [input] = bindArgs("tanh", ["input"], args, 1);
  return tensorFor(input, "tanh").tanh();
}

/** F.sigmoid(input). */
export function sigmoid(...args: [input: T] | [options: { input?: T }]): T {
  const [input] = bindArgs("sigmoid", ["input"], args, 1);
  return tensorFor(input, "sigmoid").sigmoid();
}

/** F.hardsigmoid(input, inplace=False). */
export function hardsigmoid(...args: InplaceCall): T {
  return inplaceOr("hardsigmoid", args, (x) => _nn.hardsigmoid_(x), (x) => _nn.hardsigmoid(x));
}

/** F.silu(input, inplace=False). */
export function silu(...args: InplaceCall): T {
  return inplaceOr("silu", args, (x) => _nn.silu_(x), (x) => _nn.silu(x));
}

/** F.mish(input, inplace=False). */
export function mish(...args: InplaceCall): T {
  return inplaceOr("mish", args, (x) => _nn.mish_(x), (x) => _nn.mish(x));
}

/** F.hardswish(input, inplace=False). */
export function hardswish(...args: InplaceCall): T {
  return inplaceOr("hardswish", args, (x) => _nn.hardswish_(x), (x) => _nn.hardswish(x));
}

// ---- softmax ----

export interface SoftmaxOptions {
  input?: T;
  dim?: number | null;
  _stacklevel?: number;
  dtype?: dtype | null;
}
type SoftmaxCall = PyCall<[input: T], [dim: number | null, _stacklevel: number, dtype: dtype | null], SoftmaxOptions>;
const SOFTMAX = ["input", "dim", "_stacklevel", "dtype"] as const;

/** _get_softmax_dim: the dim Python picks (with a deprecation warning) when none is given. */
function getSoftmaxDim(name: string, ndim: number): number {
  warn(`Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument.`);
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

function softmaxLike(name: "softmin" | "softmax" | "log_softmax", args: unknown[]): T {
  const v = bindArgs(name, SOFTMAX, args, 1);
  const input = v[0];
  let dim = v[1];
  if (isNone(dim)) dim = getSoftmaxDim(name, tensorFor(input, "dim").dim());
  const x = name === "softmin" ? tensorFor(input, "softmax").neg() : tensorFor(input, name);
  // Without a dtype, no options object: the op's fast path takes (dim) alone.
  if (isNone(v[3])) return name === "log_softmax" ? x.log_softmax(dim as number) : x.softmax(dim as number);
  const options = { dtype: v[3] as dtype };
  return name === "log_softmax" ? x.log_softmax(dim as number, options) : x.softmax(dim as number, options);
}

/** F.softmin(input, dim=None, _stacklevel=3, dtype=None): softmax(-input). */
export function softmin(...args: SoftmaxCall): T {
  return softmaxLike("softmin", args);
}

/** F.softmax(input, dim=None, _stacklevel=3, dtype=None). */
export function softmax(...args: SoftmaxCall): T {
  return softmaxLike("softmax", args);
}

/** F.log_softmax(input, dim=None, _stacklevel=3, dtype=None). */
export function log_softmax(...args: SoftmaxCall): T {
  return softmaxLike("log_softmax", args);
}

export interface GumbelSoftmaxOptions {
  logits?: T;
  tau?: number;
  hard?: boolean;
  eps?: number;
  dim?: number;
}
/**
 * F.gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1): a sample of the
 * Gumbel-Softmax distribution, one-hot when hard (with the soft sample's gradient). Draws from
 * the same generator as Python's, in the same order: the same seed gives the same sample.
 */
export function gumbel_softmax(
  ...args: PyCall<[logits: T], [tau: number, hard: boolean, eps: number, dim: number], GumbelSoftmaxOptions>
): T {
  const [input, tau, hard, eps, dimArg] = bindArgs("gumbel_softmax", ["logits", "tau", "hard", "eps", "dim"], args, 1);
  const logits = input as T;
  const dim = given(dimArg, -1) as number;
  if (given(eps, 1e-10) !== 1e-10) warn("`eps` parameter is deprecated and has no effect.");
  // ~Gumbel(0, 1), then ~Gumbel(logits, tau)
  const gumbels = aten.empty_like(logits, { memory_format: contiguous_format }).exponential_().log().neg();
  const ySoft = logits.add(gumbels).div(given(tau, 1) as number).softmax(dim);
  if (!hard) return ySoft; // reparameterization trick
  // Straight through.
  const index = ySoft.max(dim, true)[1];
  const yHard = aten.zeros_like(logits, { memory_format: contiguous_format }).scatter_(dim, index, 1.0);
  return yHard.sub(ySoft.detach()).add(ySoft);
}
