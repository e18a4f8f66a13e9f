// torch.nn.functional's normalisation (batch, instance, layer, RMS, group, local response) and
// dropout, ported from torch/nn/functional.py (torch 2.11); ./functional re-exports them. Each
// function takes Python's parameters in Python's order (positional, or by name in one trailing
// options object), applies Python's defaults and checks, and calls the ATen op Python calls.
import { bindArgs } from "../_args";
import { _nn, aten } from "../_aten";
import { callOp } from "../_dispatch";
import { given, warn } from "../_python";
import { cudnn } from "../backends";
import { pyStr, pyTypeName, RuntimeError, TypeError, ValueError } from "../errors";
import { OPS } from "../generated/ops";
import { Tensor } from "../tensor";
import { tensorFor } from "./_functional_utils";
import type { PyCall } from "./functional";
import { avg_pool2d, avg_pool3d } from "./functional_pool";
import { pyFloat } from "./modules/_utils";

type T = Tensor;
type Dims = 1 | 2 | 3;

function op(name: keyof typeof OPS, args: unknown[]): unknown {
  return callOp(OPS[name], null, args);
}

const sizeStr = (input: unknown) => `torch.Size([${(input as T).shape.join(", ")}])`;

// ---- normalisation ----

/** Python's _verify_batch_size: training needs more than one value per channel. */
function verifyBatchSize(size: number[], shown: string): void {
  if (size[0] * size.slice(2).reduce((a, b) => a * b, 1) === 1) {
    throw new ValueError(`Expected more than 1 value per channel when training, got input size ${shown}`);
  }
}

export interface BatchNormOptions {
  input?: T;
  running_mean?: T | null;
  running_var?: T | null;
  weight?: T | null;
  bias?: T | null;
  training?: boolean;
  momentum?: number;
  eps?: number;
}
const BATCH_NORM = ["input", "running_mean", "running_var", "weight", "bias", "training", "momentum", "eps"] as const;
/** F.batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5). */
export function batch_norm(
  ...args: PyCall<
    [input: T, running_mean: T | null, running_var: T | null],
    [weight: T | null, bias: T | null, training: boolean, momentum: number, eps: number],
    BatchNormOptions
  >
): T {
  const v = bindArgs("batch_norm", BATCH_NORM, args, 3);
  const [input, running_mean, running_var, weight, bias] = v;
  const training = given(v[5], false);
  const eps = given(v[7], 1e-5);
  if (training && input instanceof Tensor) verifyBatchSize(input.shape, sizeStr(input));
  if (eps <= 0.0) throw new ValueError(`batch_norm eps must be positive, but got ${pyFloat(eps)}`);
  return op("batch_norm", [
    input, weight ?? null, bias ?? null, running_mean ?? null, running_var ?? null, training, given(v[6], 0.1), eps, cudnn.enabled,
  ]) as T;
}

export interface InstanceNormOptions {
  input?: T;
  running_mean?: T | null;
  running_var?: T | null;
  weight?: T | null;
  bias?: T | null;
  use_input_stats?: boolean;
  momentum?: number;
  eps?: number;
}
const INSTANCE_NORM = ["input", "running_mean", "running_var", "weight", "bias", "use_input_stats", "momentum", "eps"] as const;
/**
 * F.instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None,
 * use_input_stats=True, momentum=0.1, eps=1e-5).
 */
export function instance_norm(
  ...args: PyCall<
    [input: T],
    [running_mean: T | null, running_var: T | null, weight: T | null, bias: T | null, use_input_stats: boolean, momentum: number, eps: number],
    InstanceNormOptions
  >
): T {
  const v = bindArgs("instance_norm", INSTANCE_NORM, args, 1);
  const [input, running_mean, running_var, weight, bias] = v;
  const use_input_stats = given(v[5], true);
  // Python's _verify_spatial_size.
  if (use_input_stats && input instanceof Tensor && input.shape.slice(2).reduce((a, b) => a * b, 1) === 1) {
    throw new ValueError(`Expected more than 1 spatial element when training, got input size ${sizeStr(input)}`);
  }
  return op("instance_norm", [
    input, weight ?? null, bias ?? null, running_mean ?? null, running_var ?? null, use_input_stats, given(v[6], 0.1), given(v[7], 1e-5), cudnn.enabled,
  ]) as T;
}

export interface LayerNormOptions {
  input?: T;
  normalized_shape?: number[];
  weight?: T | null;
  bias?: T | null;
  eps?: number;
}
/** normalized_shape: torch.layer_norm and torch.rms_norm take a list, not one int (Python's check). */
function shapeList(fn: string, value: unknown): number[] {
  if (typeof value === "number") {
    throw new TypeError(`${fn}(): argument 'normalized_shape' (position 2) must be tuple of ints, not ${Number.isInteger(value) ? "int" : "float"}`);
  }
  return value as number[];
}
/** F.layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5). */
export function layer_norm(
  ...args: PyCall<[input: T, normalized_shape: number[]], [weight: T | null, bias: T | null, eps: number], LayerNormOptions>
): T {
  const v = bindArgs("layer_norm", ["input", "normalized_shape", "weight", "bias", "eps"], args, 2);
  const [weight, bias] = [(v[2] ?? null) as T | null, (v[3] ?? null) as T | null];
  return aten.layer_norm(v[0] as T, shapeList("layer_norm", v[1]), weight, bias, given(v[4], 1e-5), cudnn.enabled);
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
): T {
  const v = bindArgs("rms_norm", ["input", "normalized_shape", "weight", "eps"], args, 2);
  return aten.rms_norm(v[0] as T, shapeList("rms_norm", v[1]), (v[2] ?? null) as T | null, (v[3] ?? null) as number | null);
}

export interface GroupNormOptions {
  input?: T;
  num_groups?: number;
  weight?: T | null;
  bias?: T | null;
  eps?: number;
}
/** F.group_norm(input, num_groups, weight=None, bias=None, eps=1e-5). */
export function group_norm(
  ...args: PyCall<[input: T, num_groups: number], [weight: T | null, bias: T | null, eps: number], GroupNormOptions>
): T {
  const v = bindArgs("group_norm", ["input", "num_groups", "weight", "bias", "eps"], args, 2);
  const [input, num_groups] = v as [T, number];
  if (input instanceof Tensor && typeof num_groups === "number") {
    if (input.dim() < 2) throw new RuntimeError(`Expected at least 2 dimensions for input tensor but received ${input.dim()}`);
    const [N, C, ...spatial] = input.shape;
    const size = [Math.floor((N * C) / num_groups), num_groups, ...spatial];
    verifyBatchSize(size, pyStr(size));
  }
  return op("group_norm", [input, num_groups, v[2] ?? null, v[3] ?? null, given(v[4], 1e-5), cudnn.enabled]) as T;
}

export interface LocalResponseNormOptions {
  input?: T;
  size?: number;
  alpha?: number;
  beta?: number;
  k?: number;
}
/**
 * F.local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0): each value divided by
 * (k + alpha * the mean square over `size` neighbouring channels) ** beta.
 */
export function local_response_norm(
  ...args: PyCall<[input: T, size: number], [alpha: number, beta: number, k: number], LocalResponseNormOptions>
): T {
  const v = bindArgs("local_response_norm", ["input", "size", "alpha", "beta", "k"], args, 2);
  const input = tensorFor(v[0], "dim");
  const size = v[1] as number;
  if (typeof size !== "number") throw new TypeError(`unsupported operand type(s) for //: '${pyTypeName(size)}' and 'int'`);
  const dim = input.dim();
  if (dim < 3) {
    throw new ValueError(`Expected 3D or higher dimensionality                          input (got ${dim} dimensions)`);
  }
  if (input.numel() === 0) return input;
  let div = input.mul(input);
  // F.pad is torch._C._nn.pad here (constant padding).
  const before = Math.floor(size / 2);
  const after = Math.floor((size - 1) / 2);
  if (dim === 3) {
    div = _nn.pad(div.unsqueeze(1), [0, 0, before, after]);
    div = avg_pool2d(div, [size, 1], { stride: 1 }).squeeze(1);
  } else {
    const sizes = input.shape;
    div = div.view(sizes[0], 1, sizes[1], sizes[2], -1);
    div = _nn.pad(div, [0, 0, 0, 0, before, after]);
    div = avg_pool3d(div, [size, 1, 1], { stride: 1 }).squeeze(1);
    div = div.view(sizes);
  }
  div = div.mul(given(v[2], 0.0001)).add(given(v[4], 1.0)).pow(given(v[3], 0.75));
  return input.div(div);
}

// ---- dropout ----

export interface FeatureDropoutOptions {
  input?: T;
  p?: number;
  training?: boolean;
  inplace?: boolean;
}
type FeatureDropoutCall = PyCall<[input: T], [p: number, training: boolean, inplace: boolean], FeatureDropoutOptions>;

/** Binds (input, p=0.5, training, inplace=False) and checks p as Python does. */
function dropoutArgs(fn: string, args: unknown[], training: boolean): [T, number, boolean, boolean] {
  const v = bindArgs(fn, ["input", "p", "training", "inplace"], args, 1);
  const p = given(v[1], 0.5);
  if (typeof p === "number" && (p < 0.0 || p > 1.0)) {
    throw new ValueError(`dropout probability has to be between 0 and 1, but got ${pyFloat(p)}`);
  }
  return [v[0] as T, p, given(v[2], training), Boolean(v[3])];
}

/** F.dropout(input, p=0.5, training=True, inplace=False). */
export function dropout(...args: FeatureDropoutCall): T {
  const [input, p, training, inplace] = dropoutArgs("dropout", args, true);
  return inplace ? aten.dropout_(input, p, training) : aten.dropout(input, p, training);
}

/** dropout1d / 2d / 3d: one mask value per channel (feature_dropout), over n spatial dimensions. */
function channelDropout(n: Dims, args: unknown[]): T {
  const fn = `dropout${n}d`;
  const [input, p, training, inplace] = dropoutArgs(fn, args, true);
  const dim = input.dim();
  if (n === 1 && dim !== 2 && dim !== 3) {
    throw new RuntimeError(
      `dropout1d: Expected 2D or 3D input, but received a ${dim}D input. ` +
        "Note that dropout1d exists to provide channel-wise dropout on inputs with 1 " +
        "spatial dimension, a channel dimension, and an optional batch dimension " +
        "(i.e. 2D or 3D inputs).",
    );
  }
  if (n > 1 && dim !== n + 1 && dim !== n + 2) {
    warn(
      `${fn}: Received a ${dim}-D input to ${fn}, which is deprecated ` +
        "and will result in an error in a future release. To retain the behavior " +
        `and silence this warning, please use dropout instead. Note that ${fn} ` +
        `exists to provide channel-wise dropout on inputs with ${n} spatial dimensions, ` +
        `a channel dimension, and an optional batch dimension (i.e. ${n + 1}D or ${n + 2}D inputs).`,
    );
  }
  if (n === 2 && dim === 3) {
    warn(
      "dropout2d: Received a 3D input to dropout2d and assuming that channel-wise " +
        "1D dropout behavior is desired - input is interpreted as shape (N, C, L), where C " +
        "is the channel dim. This behavior will change in a future release to interpret the " +
        "input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D " +
        "channel-wise dropout behavior, please switch to using dropout1d instead.",
    );
  }
  // dropout2d keeps treating a 3-d input as batched (N, C, L), as Python does for now.
  const unbatched = n !== 2 && dim !== n + 2;
  const x = !unbatched ? input : inplace ? input.unsqueeze_(0) : input.unsqueeze(0);
  const result = op(inplace ? "feature_dropout_" : "feature_dropout", [x, p, training]) as T;
  return !unbatched ? result : inplace ? result.squeeze_(0) : result.squeeze(0);
}

/** F.dropout1d(input, p=0.5, training=True, inplace=False): zeroes whole channels of (N, C, L) or (C, L). */
export function dropout1d(...args: FeatureDropoutCall): T {
  return channelDropout(1, args);
}
/** F.dropout2d(input, p=0.5, training=True, inplace=False): zeroes whole channels of (N, C, H, W). */
export function dropout2d(...args: FeatureDropoutCall): T {
  return channelDropout(2, args);
}
/** F.dropout3d(input, p=0.5, training=True, inplace=False): zeroes whole channels of (N, C, D, H, W) or (C, D, H, W). */
export function dropout3d(...args: FeatureDropoutCall): T {
  return channelDropout(3, args);
}

/** F.alpha_dropout(input, p=0.5, training=False, inplace=False): dropout that keeps SELU's mean and variance. */
export function alpha_dropout(...args: FeatureDropoutCall): T {
  const [input, p, training, inplace] = dropoutArgs("alpha_dropout", args, false);
  return op(inplace ? "alpha_dropout_" : "alpha_dropout", [input, p, training]) as T;
}

/** F.feature_alpha_dropout(input, p=0.5, training=False, inplace=False): alpha dropout of whole channels. */
export function feature_alpha_dropout(...args: FeatureDropoutCall): T {
  const [input, p, training, inplace] = dropoutArgs("feature_alpha_dropout", args, false);
  return op(inplace ? "feature_alpha_dropout_" : "feature_alpha_dropout", [input, p, training]) as T;
}
