// nn.LayerNorm, nn.GroupNorm, nn.RMSNorm, nn.LocalResponseNorm and nn.CrossMapLRN2d, ported from torch/nn/modules/normalization.py (torch 2.11).
import type { dtype } from "../../dtype";
import { callOp } from "../../_dispatch";
import { OPS } from "../../generated/ops";
import { Function, type FunctionCtx } from "../../autograd_function";
import { argumentError, ValueError } from "../../errors";
import type { Tensor } from "../../tensor";
import * as F from "../functional";
import * as init from "../init";
import { Module } from "../module";
import { Parameter } from "../parameter";
import { emptyTensor, FactoryOptions, given, initArgs, named, PyArgs, pyFloat, reprArg, pyTuple, type DeviceLike } from "./_utils";

/** Python's _shape_t: an int or a sequence of ints. */
export type ShapeLike = number | readonly number[];

function toShape(normalized_shape: ShapeLike): number[] {
  if (typeof normalized_shape === "number") return [normalized_shape];
  if (!Array.isArray(normalized_shape) || !normalized_shape.every(Number.isInteger)) {
    throw argumentError("normalized_shape", "normalized_shape", "int or a sequence of ints", normalized_shape);
  }
  return [...normalized_shape];
}

export interface LayerNormOptions extends FactoryOptions {
  normalized_shape?: ShapeLike;
  eps?: number;
  elementwise_affine?: boolean;
  bias?: boolean;
}

const LAYER_NORM = ["normalized_shape", "eps", "elementwise_affine", "bias", "device", "dtype"] as const;

/**
 * Layer normalisation over the last dimensions:
 * `new nn.LayerNorm(normalized_shape, eps = 1e-5, elementwise_affine = true, bias = true,
 * device = null, dtype = null)`; weight starts at ones and bias at zeros.
 */
export class LayerNorm extends Module {
  normalized_shape: number[];
  eps: number;
  elementwise_affine: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;

  constructor(
    ...args: PyArgs<
      [normalized_shape: ShapeLike],
      [eps: number, elementwise_affine: boolean, bias: boolean, device: DeviceLike | null, dtype: dtype | null],
      LayerNormOptions
    >
  ) {
    super();
    const v = initArgs("LayerNorm", LAYER_NORM, args, 1);
    const factory = { device: v[4] as DeviceLike | null | undefined, dtype: v[5] as dtype | null | undefined };
    this.normalized_shape = toShape(v[0] as ShapeLike);
    this.eps = given(v[1], 1e-5);
    this.elementwise_affine = given(v[2], true);
    if (this.elementwise_affine) {
      this.weight = new Parameter(emptyTensor(this.normalized_shape, factory));
      if (given(v[3], true)) {
        this.bias = new Parameter(emptyTensor(this.normalized_shape, factory));
      } else {
        this.register_parameter("bias", null);
      }
    } else {
      this.register_parameter("weight", null);
      this.register_parameter("bias", null);
    }
    this.reset_parameters();
  }

  reset_parameters(): void {
    if (this.elementwise_affine) {
      init.ones_(this.weight!);
      if (this.bias !== null) init.zeros_(this.bias);
    }
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.layer_norm(input, this.normalized_shape, this.weight, this.bias, this.eps));
  }

  extra_repr(): string {
    return `${pyTuple(this.normalized_shape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${reprArg(this.elementwise_affine)}`;
  }
}

export interface GroupNormOptions extends FactoryOptions {
  num_groups?: number;
  num_channels?: number;
  eps?: number;
  affine?: boolean;
}

const GROUP_NORM = ["num_groups", "num_channels", "eps", "affine", "device", "dtype"] as const;

/**
 * Group normalisation: the channels of (N, C, *) in num_groups groups, each normalised over
 * its channels and the spatial dimensions: `new nn.GroupNorm(num_groups, num_channels, eps =
 * 1e-5, affine = true, device = null, dtype = null)`; weight starts at ones and bias at zeros.
 */
export class GroupNorm extends Module {
  num_groups: number;
  num_channels: number;
  eps: number;
  affine: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;

  constructor(
    ...args: PyArgs<
      [num_groups: number, num_channels: number],
      [eps: number, affine: boolean, device: DeviceLike | null, dtype: dtype | null],
      GroupNormOptions
    >
  ) {
    super();
    const v = initArgs("GroupNorm", GROUP_NORM, args, 2);
    const [num_groups, num_channels] = v as [number, number];
    const factory = { device: v[4] as DeviceLike | null | undefined, dtype: v[5] as dtype | null | undefined };
    if (num_channels % num_groups !== 0) {
      throw new ValueError(`num_channels (${num_channels}) must be divisible by num_groups (${num_groups})`);
    }
    this.num_groups = num_groups;
    this.num_channels = num_channels;
    this.eps = given(v[2], 1e-5);
    this.affine = given(v[3], true);
    if (this.affine) {
      this.weight = new Parameter(emptyTensor([num_channels], factory));
      this.bias = new Parameter(emptyTensor([num_channels], factory));
    } else {
      this.register_parameter("weight", null);
      this.register_parameter("bias", null);
    }
    this.reset_parameters();
  }

  reset_parameters(): void {
    if (this.affine) {
      init.ones_(this.weight!);
      init.zeros_(this.bias!);
    }
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.group_norm(input, this.num_groups, this.weight, this.bias, this.eps));
  }

  extra_repr(): string {
    return `${reprArg(this.num_groups)}, ${reprArg(this.num_channels)}, eps=${pyFloat(this.eps)}, affine=${reprArg(this.affine)}`;
  }
}

export interface RMSNormOptions extends FactoryOptions {
  normalized_shape?: ShapeLike;
  eps?: number | null;
  elementwise_affine?: boolean;
}

const RMS_NORM = ["normalized_shape", "eps", "elementwise_affine", "device", "dtype"] as const;

/**
 * Root-mean-square normalisation over the last dimensions:
 * `new nn.RMSNorm(normalized_shape, eps = null, elementwise_affine = true, device = null,
 * dtype = null)` (eps null: the dtype's machine epsilon); weight starts at ones.
 */
export class RMSNorm extends Module {
  normalized_shape: number[];
  eps: number | null;
  elementwise_affine: boolean;
  declare weight: Parameter | null;

  constructor(
    ...args: PyArgs<
      [normalized_shape: ShapeLike],
      [eps: number | null, elementwise_affine: boolean, device: DeviceLike | null, dtype: dtype | null],
      RMSNormOptions
    >
  ) {
    super();
    const v = initArgs("RMSNorm", RMS_NORM, args, 1);
    const factory = { device: v[3] as DeviceLike | null | undefined, dtype: v[4] as dtype | null | undefined };
    this.normalized_shape = toShape(v[0] as ShapeLike);
    this.eps = given(v[1], null);
    this.elementwise_affine = given(v[2], true);
    if (this.elementwise_affine) {
      this.weight = new Parameter(emptyTensor(this.normalized_shape, factory));
    } else {
      this.register_parameter("weight", null);
    }
    this.reset_parameters();
  }

  reset_parameters(): void {
    if (this.elementwise_affine) init.ones_(this.weight!);
  }

  forward(x: Tensor): Tensor {
    return named(this, () => F.rms_norm(x, this.normalized_shape, this.weight, this.eps));
  }

  extra_repr(): string {
    const eps = this.eps === null ? "None" : pyFloat(this.eps);
    return `${pyTuple(this.normalized_shape)}, eps=${eps}, elementwise_affine=${reprArg(this.elementwise_affine)}`;
  }
}

export interface LocalResponseNormOptions {
  size?: number;
  alpha?: number;
  beta?: number;
  k?: number;
}

/** `new nn.LocalResponseNorm(size, alpha = 1e-4, beta = 0.75, k = 1.0)`: normalisation over neighbouring channels. */
export class LocalResponseNorm extends Module {
  size: number;
  alpha: number;
  beta: number;
  k: number;

  constructor(...args: PyArgs<[size: number], [alpha: number, beta: number, k: number], LocalResponseNormOptions>) {
    super();
    const v = initArgs("LocalResponseNorm", ["size", "alpha", "beta", "k"], args, 1);
    this.size = v[0] as number;
    this.alpha = given(v[1], 1e-4) as number;
    this.beta = given(v[2], 0.75) as number;
    this.k = given(v[3], 1.0) as number;
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.local_response_norm(input, this.size, this.alpha, this.beta, this.k));
  }

  extra_repr(): string {
    return `${this.size}, alpha=${pyFloat(this.alpha)}, beta=${pyFloat(this.beta)}, k=${pyFloat(this.k)}`;
  }
}

/**
 * `new nn.CrossMapLRN2d(size, alpha = 1e-4, beta = 0.75, k = 1)`: the legacy (Lua Torch)
 * cross-channel LRN of a 4-D input, computed as Python's _cross_map_lrn2d, an autograd.Function
 * with its own backward (its running window included; the sums in another order). k prints
 * as an int, its default in Python.
 */
export class CrossMapLRN2d extends Module {
  size: number;
  alpha: number;
  beta: number;
  k: number;

  constructor(...args: PyArgs<[size: number], [alpha: number, beta: number, k: number], LocalResponseNormOptions>) {
    super();
    const v = initArgs("CrossMapLRN2d", ["size", "alpha", "beta", "k"], args, 1);
    this.size = v[0] as number;
    this.alpha = given(v[1], 1e-4) as number;
    this.beta = given(v[2], 0.75) as number;
    this.k = given(v[3], 1) as number;
  }

  forward(input: Tensor): Tensor {
    return named(this, () => _cross_map_lrn2d.apply(input, this.size, this.alpha, this.beta, this.k));
  }

  extra_repr(): string {
    const num = (x: number) => (Number.isInteger(x) && x !== this.alpha && x !== this.beta ? String(x) : pyFloat(x));
    return `${this.size}, alpha=${pyFloat(this.alpha)}, beta=${pyFloat(this.beta)}, k=${num(this.k)}`;
  }
}

type LrnCtx = FunctionCtx & { size: number; alpha: number; beta: number; k: number; scale: Tensor };

/** torch.nn._functions.CrossMapLRN2d, the Function behind nn.CrossMapLRN2d. */
class _cross_map_lrn2d extends Function {
  static forward(ctx: FunctionCtx, input: Tensor, size: number, alpha: number, beta: number, k: number): Tensor {
    const c = ctx as LrnCtx;
    Object.assign(c, { size, alpha, beta, k });
    if (input.dim() !== 4) throw new ValueError(`CrossMapLRN2d: Expected input to be 4D, got ${input.dim()}D instead.`);
    const channels = input.size(1) as number;
    const square = input.pow(2);
    const pre_pad = Math.trunc((size - 1) / 2 + 1);
    const pre_pad_crop = Math.min(pre_pad, channels);
    let current = square.select(1, 0).mul(0);
    for (let ch = 0; ch < pre_pad_crop; ch++) current = current.add(square.select(1, ch));
    const scales = [current];
    for (let ch = 1; ch < channels; ch++) {
      if (ch < channels - pre_pad + 1) current = current.add(square.select(1, ch + pre_pad - 1));
      if (ch > pre_pad) current = current.sub(square.select(1, ch - pre_pad));
      scales.push(current);
    }
    c.scale = (callOp(OPS.stack, null, [scales, 1]) as Tensor).mul(alpha / size).add(k);
    const output = c.scale.pow(-beta).mul(input);
    ctx.save_for_backward(input, output);
    return output;
  }

  static backward(ctx: FunctionCtx, grad_output: Tensor): (Tensor | null)[] {
    const c = ctx as LrnCtx;
    const [input, output] = ctx.saved_tensors as Tensor[];
    const channels = input.size(1) as number;
    const cache_ratio_value = (2 * c.alpha * c.beta) / c.size;
    const inversePrePad = Math.trunc(c.size - (c.size - 1) / 2);
    const ratio = grad_output.mul(output).div(c.scale);
    const [n, , h, w] = input.shape;
    const zeros = (m: number) => callOp(OPS.zeros, null, [[n, m, h, w], { dtype: input.dtype, device: input.device }]) as Tensor;
    const padded = callOp(OPS.cat, null, [[zeros(inversePrePad), ratio, zeros(c.size - 1 - inversePrePad)], 1]) as Tensor;
    const accum = [];
    for (let ch = 0; ch < channels; ch++) accum.push(padded.narrow(1, ch, c.size).sum(1));
    const grad_input = c.scale.pow(-c.beta).mul(grad_output).sub(input.mul(callOp(OPS.stack, null, [accum, 1]) as Tensor).mul(cache_ratio_value));
    return [grad_input, null, null, null, null];
  }
}
