// Activation modules, ported from torch/nn/modules/activation.py (torch 2.11): ReLU, GELU,
// SiLU, Tanh, Sigmoid, Softmax, LogSoftmax, LeakyReLU, ELU, and the rest of the file's
// activations (Threshold, Hardtanh, ReLU6, RReLU, ..., PReLU). (MultiheadAttention is in attention.ts.)
import { callOp } from "../../_dispatch";
import { OPS } from "../../generated/ops";
import type { Tensor } from "../../tensor";
import * as F from "../functional";
import { Module } from "../module";
import { emptyTensor, FactoryOptions, given, initArgs, named, PyArgs, pyFloat, reprArg, type DeviceLike } from "./_utils";
import { AssertionError, ValueError } from "../../errors";
import { warn } from "../../_python";
import type { dtype } from "../../dtype";
import * as nninit from "../init";
import { Parameter } from "../parameter";

export interface InplaceOptions {
  inplace?: boolean;
}

/** `new nn.ReLU(inplace = false)`: max(0, x). */
export class ReLU extends Module {
  inplace: boolean;

  constructor(...args: PyArgs<[], [inplace: boolean], InplaceOptions>) {
    super();
    const [inplace] = initArgs("ReLU", ["inplace"], args, 0);
    this.inplace = given(inplace, false);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.relu(input, { inplace: this.inplace }));
  }

  extra_repr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

/** `new nn.Sigmoid()`: 1 / (1 + exp(-x)). */
export class Sigmoid extends Module {
  constructor(...args: []) {
    super();
    initArgs("Sigmoid", [], args, 0);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => callOp(OPS.sigmoid, null, [input]) as Tensor);
  }
}

/** `new nn.Tanh()`: tanh(x). */
export class Tanh extends Module {
  constructor(...args: []) {
    super();
    initArgs("Tanh", [], args, 0);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => callOp(OPS.tanh, null, [input]) as Tensor);
  }
}

/** `new nn.SiLU(inplace = false)`: x · sigmoid(x). */
export class SiLU extends Module {
  inplace: boolean;

  constructor(...args: PyArgs<[], [inplace: boolean], InplaceOptions>) {
    super();
    const [inplace] = initArgs("SiLU", ["inplace"], args, 0);
    this.inplace = given(inplace, false);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.silu(input, { inplace: this.inplace }));
  }

  extra_repr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

export interface ELUOptions {
  alpha?: number;
  inplace?: boolean;
}

/** `new nn.ELU(alpha = 1.0, inplace = false)`: x for x > 0, alpha · (exp(x) - 1) otherwise. */
export class ELU extends Module {
  alpha: number;
  inplace: boolean;

  constructor(...args: PyArgs<[], [alpha: number, inplace: boolean], ELUOptions>) {
    super();
    const [alpha, inplace] = initArgs("ELU", ["alpha", "inplace"], args, 0);
    this.alpha = given(alpha, 1.0);
    this.inplace = given(inplace, false);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.elu(input, this.alpha, this.inplace));
  }

  extra_repr(): string {
    return `alpha=${pyFloat(this.alpha)}${this.inplace ? ", inplace=True" : ""}`;
  }
}

export interface GELUOptions {
  approximate?: "none" | "tanh";
}

/** `new nn.GELU(approximate = "none")`: x · Φ(x), or its tanh approximation. */
export class GELU extends Module {
  approximate: "none" | "tanh";

  constructor(...args: PyArgs<[], [approximate: "none" | "tanh"], GELUOptions>) {
    super();
    const [approximate] = initArgs("GELU", ["approximate"], args, 0);
    this.approximate = given(approximate, "none");
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.gelu(input, { approximate: this.approximate }));
  }

  extra_repr(): string {
    return `approximate=${reprArg(this.approximate)}`;
  }
}

export interface LeakyReLUOptions {
  negative_slope?: number;
  inplace?: boolean;
}

/** `new nn.LeakyReLU(negative_slope = 0.01, inplace = false)`: max(0, x) + negative_slope · min(0, x). */
export class LeakyReLU extends Module {
  negative_slope: number;
  inplace: boolean;

  constructor(...args: PyArgs<[], [negative_slope: number, inplace: boolean], LeakyReLUOptions>) {
    super();
    const [negative_slope, inplace] = initArgs("LeakyReLU", ["negative_slope", "inplace"], args, 0);
    this.negative_slope = given(negative_slope, 1e-2);
    this.inplace = given(inplace, false);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.leaky_relu(input, this.negative_slope, this.inplace));
  }

  extra_repr(): string {
    return `negative_slope=${pyFloat(this.negative_slope)}${this.inplace ? ", inplace=True" : ""}`;
  }
}

export interface SoftmaxOptions {
  dim?: number | null;
}

/** `new nn.Softmax(dim = null)`: exp(x) / Σ exp(x) along dim. */
export class Softmax extends Module {
  dim: number | null;

  constructor(...args: PyArgs<[], [dim: number | null], SoftmaxOptions>) {
    super();
    const [dim] = initArgs("Softmax", ["dim"], args, 0);
    this.dim = given(dim, null);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.softmax(input, this.dim));
  }

  extra_repr(): string {
    return `dim=${reprArg(this.dim)}`;
  }
}

/** `new nn.LogSoftmax(dim = null)`: log(softmax(x)) along dim. */
export class LogSoftmax extends Module {
  dim: number | null;

  constructor(...args: PyArgs<[], [dim: number | null], SoftmaxOptions>) {
    super();
    const [dim] = initArgs("LogSoftmax", ["dim"], args, 0);
    this.dim = given(dim, null);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.log_softmax(input, this.dim));
  }

  extra_repr(): string {
    return `dim=${reprArg(this.dim)}`;
  }
}

// ---- the other activations of activation.py ----

const inplaceTail = (inplace: boolean): string => (inplace ? ", inplace=True" : "");

export interface ThresholdOptions {
  threshold?: number;
  value?: number;
  inplace?: boolean;
}

/** `new nn.Threshold(threshold, value, inplace = false)`: x if x > threshold, else value. */
export class Threshold extends Module {
  threshold: number;
  value: number;
  inplace: boolean;

  constructor(...args: PyArgs<[threshold: number, value: number], [inplace: boolean], ThresholdOptions>) {
    super();
    const [threshold, value, inplace] = initArgs("Threshold", ["threshold", "value", "inplace"], args, 2);
    this.threshold = threshold as number;
    this.value = value as number;
    this.inplace = given(inplace, false);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.threshold(input, this.threshold, this.value, this.inplace));
  }

  extra_repr(): string {
    return `threshold=${pyFloat(this.threshold)}, value=${pyFloat(this.value)}${inplaceTail(this.inplace)}`;
  }
}

export interface RReLUOptions {
  lower?: number;
  upper?: number;
  inplace?: boolean;
}

/** `new nn.RReLU(lower = 1/8, upper = 1/3, inplace = false)`: a random negative slope in training, their mean in eval. */
export class RReLU extends Module {
  lower: number;
  upper: number;
  inplace: boolean;

  constructor(...args: PyArgs<[], [lower: number, upper: number, inplace: boolean], RReLUOptions>) {
    super();
    const [lower, upper, inplace] = initArgs("RReLU", ["lower", "upper", "inplace"], args, 0);
    this.lower = given(lower, 1.0 / 8);
    this.upper = given(upper, 1.0 / 3);
    this.inplace = given(inplace, false);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.rrelu(input, this.lower, this.upper, this.training, this.inplace));
  }

  extra_repr(): string {
    return `lower=${pyFloat(this.lower)}, upper=${pyFloat(this.upper)}${inplaceTail(this.inplace)}`;
  }
}

export interface HardtanhOptions {
  min_val?: number;
  max_val?: number;
  inplace?: boolean;
  min_value?: number | null;
  max_value?: number | null;
}

/**
 * `new nn.Hardtanh(min_val = -1.0, max_val = 1.0, inplace = false, min_value = null, max_value =
 * null)`: x clamped to [min_val, max_val] (min_value and max_value: their deprecated names).
 */
export class Hardtanh extends Module {
  min_val: number;
  max_val: number;
  inplace: boolean;

  constructor(
    ...args: PyArgs<[], [min_val: number, max_val: number, inplace: boolean, min_value: number | null, max_value: number | null], HardtanhOptions>
  ) {
    super();
    const [min_val, max_val, inplace, min_value, max_value] = initArgs(
      "Hardtanh", ["min_val", "max_val", "inplace", "min_value", "max_value"], args, 0,
    );
    this.min_val = given(min_val, -1.0);
    this.max_val = given(max_val, 1.0);
    if (min_value !== null && min_value !== undefined) {
      warn("keyword argument `min_value` is deprecated and rename to `min_val`", "FutureWarning");
      this.min_val = min_value as number;
    }
    if (max_value !== null && max_value !== undefined) {
      warn("keyword argument `max_value` is deprecated and rename to `max_val`", "FutureWarning");
      this.max_val = max_value as number;
    }
    this.inplace = given(inplace, false);
    if (this.max_val <= this.min_val) {
      throw new AssertionError(`max_val (${pyFloat(this.max_val)}) must be greater than min_val (${pyFloat(this.min_val)})`);
    }
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.hardtanh(input, this.min_val, this.max_val, this.inplace));
  }

  extra_repr(): string {
    return `min_val=${pyFloat(this.min_val)}, max_val=${pyFloat(this.max_val)}${inplaceTail(this.inplace)}`;
  }
}

/** `new nn.ReLU6(inplace = false)`: min(max(0, x), 6). */
export class ReLU6 extends Hardtanh {
  constructor(...args: PyArgs<[], [inplace: boolean], InplaceOptions>) {
    const [inplace] = initArgs("ReLU6", ["inplace"], args, 0);
    super(0.0, 6.0, given(inplace, false));
  }

  extra_repr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

/** A module whose forward is F.fn(input, inplace) and that prints nothing (Hardsigmoid, Hardswish) or its inplace flag. */
abstract class _InplaceActivation extends Module {
  inplace: boolean;
  protected abstract _fn(input: Tensor, inplace: boolean): Tensor;
  protected _repr_inplace = true;

  constructor(name: string, args: unknown[]) {
    super();
    const [inplace] = initArgs(name, ["inplace"], args, 0);
    this.inplace = given(inplace, false) as boolean;
  }

  forward(input: Tensor): Tensor {
    return named(this, () => this._fn(input, this.inplace));
  }

  extra_repr(): string {
    return this._repr_inplace && this.inplace ? "inplace=True" : "";
  }
}

/** `new nn.Hardsigmoid(inplace = false)`: relu6(x + 3) / 6. */
export class Hardsigmoid extends _InplaceActivation {
  constructor(...args: PyArgs<[], [inplace: boolean], InplaceOptions>) {
    super("Hardsigmoid", args);
    this._repr_inplace = false;
  }
  protected _fn(input: Tensor, inplace: boolean): Tensor {
    return F.hardsigmoid(input, inplace);
  }
}

/** `new nn.Hardswish(inplace = false)`: x · relu6(x + 3) / 6. */
export class Hardswish extends _InplaceActivation {
  constructor(...args: PyArgs<[], [inplace: boolean], InplaceOptions>) {
    super("Hardswish", args);
    this._repr_inplace = false;
  }
  protected _fn(input: Tensor, inplace: boolean): Tensor {
    return F.hardswish(input, inplace);
  }
}

/** `new nn.Mish(inplace = false)`: x · tanh(softplus(x)). */
export class Mish extends _InplaceActivation {
  constructor(...args: PyArgs<[], [inplace: boolean], InplaceOptions>) {
    super("Mish", args);
  }
  protected _fn(input: Tensor, inplace: boolean): Tensor {
    return F.mish(input, { inplace });
  }
}

/** `new nn.SELU(inplace = false)`: scale · elu(x, alpha) with the self-normalising constants. */
export class SELU extends _InplaceActivation {
  constructor(...args: PyArgs<[], [inplace: boolean], InplaceOptions>) {
    super("SELU", args);
  }
  protected _fn(input: Tensor, inplace: boolean): Tensor {
    return F.selu(input, inplace);
  }
}

export interface CELUOptions {
  alpha?: number;
  inplace?: boolean;
}

/** `new nn.CELU(alpha = 1.0, inplace = false)`: max(0, x) + min(0, alpha · (exp(x / alpha) - 1)). */
export class CELU extends Module {
  alpha: number;
  inplace: boolean;

  constructor(...args: PyArgs<[], [alpha: number, inplace: boolean], CELUOptions>) {
    super();
    const [alpha, inplace] = initArgs("CELU", ["alpha", "inplace"], args, 0);
    this.alpha = given(alpha, 1.0);
    this.inplace = given(inplace, false);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.celu(input, this.alpha, this.inplace));
  }

  extra_repr(): string {
    return `alpha=${pyFloat(this.alpha)}${inplaceTail(this.inplace)}`;
  }
}

/** `new nn.GLU(dim = -1)`: a ⊗ σ(b), a and b the halves of the input along dim. */
export class GLU extends Module {
  dim: number;

  constructor(...args: PyArgs<[], [dim: number], { dim?: number }>) {
    super();
    const [dim] = initArgs("GLU", ["dim"], args, 0);
    this.dim = given(dim, -1);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.glu(input, this.dim));
  }

  extra_repr(): string {
    return `dim=${this.dim}`;
  }
}

/** Hardshrink and Softshrink: `new nn.Hardshrink(lambd = 0.5)`; prints the lambd. */
abstract class _Shrink extends Module {
  lambd: number;
  protected abstract _fn(input: Tensor, lambd: number): Tensor;

  constructor(name: string, args: unknown[]) {
    super();
    const [lambd] = initArgs(name, ["lambd"], args, 0);
    this.lambd = given(lambd, 0.5) as number;
  }

  forward(input: Tensor): Tensor {
    return named(this, () => this._fn(input, this.lambd));
  }

  extra_repr(): string {
    return pyFloat(this.lambd);
  }
}

/** `new nn.Hardshrink(lambd = 0.5)`: x where |x| > lambd, else 0. */
export class Hardshrink extends _Shrink {
  constructor(...args: PyArgs<[], [lambd: number], { lambd?: number }>) {
    super("Hardshrink", args);
  }
  protected _fn(input: Tensor, lambd: number): Tensor {
    return F.hardshrink(input, lambd);
  }
}

/** `new nn.Softshrink(lambd = 0.5)`: x ∓ lambd where |x| > lambd, else 0. */
export class Softshrink extends _Shrink {
  constructor(...args: PyArgs<[], [lambd: number], { lambd?: number }>) {
    super("Softshrink", args);
  }
  protected _fn(input: Tensor, lambd: number): Tensor {
    return F.softshrink(input, lambd);
  }
}

/** `new nn.LogSigmoid()`: log(1 / (1 + exp(-x))). */
export class LogSigmoid extends Module {
  constructor(...args: []) {
    super();
    initArgs("LogSigmoid", [], args, 0);
  }
  forward(input: Tensor): Tensor {
    return named(this, () => F.logsigmoid(input));
  }
}

/** `new nn.Softsign()`: x / (1 + |x|). */
export class Softsign extends Module {
  constructor(...args: []) {
    super();
    initArgs("Softsign", [], args, 0);
  }
  forward(input: Tensor): Tensor {
    return named(this, () => F.softsign(input));
  }
}

/** `new nn.Tanhshrink()`: x - tanh(x). */
export class Tanhshrink extends Module {
  constructor(...args: []) {
    super();
    initArgs("Tanhshrink", [], args, 0);
  }
  forward(input: Tensor): Tensor {
    return named(this, () => F.tanhshrink(input));
  }
}

export interface SoftplusOptions {
  beta?: number;
  threshold?: number;
}

/** `new nn.Softplus(beta = 1.0, threshold = 20.0)`: log(1 + exp(beta · x)) / beta (linear above threshold). */
export class Softplus extends Module {
  beta: number;
  threshold: number;

  constructor(...args: PyArgs<[], [beta: number, threshold: number], SoftplusOptions>) {
    super();
    const [beta, threshold] = initArgs("Softplus", ["beta", "threshold"], args, 0);
    this.beta = given(beta, 1.0);
    this.threshold = given(threshold, 20.0);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.softplus(input, this.beta, this.threshold));
  }

  extra_repr(): string {
    return `beta=${pyFloat(this.beta)}, threshold=${pyFloat(this.threshold)}`;
  }
}

/** `new nn.Softmin(dim = null)`: softmax(-x) along dim. */
export class Softmin extends Module {
  dim: number | null;

  constructor(...args: PyArgs<[], [dim: number | null], SoftmaxOptions>) {
    super();
    const [dim] = initArgs("Softmin", ["dim"], args, 0);
    this.dim = given(dim, null);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.softmin(input, this.dim));
  }

  extra_repr(): string {
    return `dim=${reprArg(this.dim)}`;
  }
}

/** `new nn.Softmax2d()`: softmax over the channels of (N, C, H, W) or (C, H, W). */
export class Softmax2d extends Module {
  constructor(...args: []) {
    super();
    initArgs("Softmax2d", [], args, 0);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => {
      if (input.dim() !== 3 && input.dim() !== 4) {
        throw new ValueError(`Softmax2d: expected input to be 3D or 4D, got ${input.dim()}D instead`);
      }
      return F.softmax(input, -3);
    });
  }
}

export interface PReLUOptions extends FactoryOptions {
  num_parameters?: number;
  init?: number;
}

/**
 * `new nn.PReLU(num_parameters = 1, init = 0.25, device = null, dtype = null)`: max(0, x) + a ·
 * min(0, x) with a learnt a (one, or one per channel), starting at init.
 */
export class PReLU extends Module {
  num_parameters: number;
  init: number;
  declare weight: Parameter;

  constructor(
    ...args: PyArgs<[], [num_parameters: number, init: number, device: DeviceLike | null, dtype: dtype | null], PReLUOptions>
  ) {
    super();
    const [num_parameters, initValue, device, dtype] = initArgs("PReLU", ["num_parameters", "init", "device", "dtype"], args, 0);
    this.num_parameters = given(num_parameters, 1) as number;
    this.init = given(initValue, 0.25) as number;
    this.weight = new Parameter(emptyTensor([this.num_parameters], { device: device as DeviceLike | null, dtype: dtype as dtype | null }));
    this.reset_parameters();
  }

  reset_parameters(): void {
    nninit.constant_(this.weight, this.init);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.prelu(input, this.weight));
  }

  extra_repr(): string {
    return `num_parameters=${this.num_parameters}`;
  }
}
