// The lazy modules, ported from torch/nn/modules/lazy.py and the Lazy* classes of linear.py,
// conv.py, batchnorm.py and instancenorm.py (torch 2.11): LazyLinear, LazyConv{1,2,3}d,
// LazyConvTranspose{1,2,3}d, LazyBatchNorm{1,2,3}d and LazyInstanceNorm{1,2,3}d. Their
// parameters (and running statistics) are UninitializedParameter/UninitializedBuffer until the
// first forward, which infers the input size, materializes them, initializes them as the
// non-lazy class does (so the same seed gives the same values as Python) and turns the module
// into that class (Python's cls_to_become): a LazyLinear prints as Linear afterwards.
import { callOp } from "../../_dispatch";
import { warn } from "../../_python";
import { no_grad } from "../../autograd";
import type { RemovableHandle } from "../_hooks";
import { int64, type dtype } from "../../dtype";
import { AssertionError, RuntimeError, ValueError } from "../../errors";
import { OPS } from "../../generated/ops";
import { Tensor } from "../../tensor";
import type { ConvPadding, IntOrTuple } from "../functional_conv";
import { Module } from "../module";
import { is_lazy, Parameter, UNINITIALIZED } from "../parameter";
import { BatchNorm1d, BatchNorm2d, BatchNorm3d, InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, NormArgs } from "./batchnorm";
import { Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d, type PaddingMode } from "./conv";
import { Linear } from "./linear";
import { emptyTensor, FactoryOptions, given, initArgs, named, PyArgs, type DeviceLike } from "./_utils";

/** A parameter whose shape is not known yet: an empty tensor until materialize(shape). */
export class UninitializedParameter extends Parameter {
  /** @internal */ _factory: FactoryOptions;

  constructor(requires_grad = true, device: DeviceLike | null = null, dtype: dtype | null = null) {
    super(emptyTensor([0], { device, dtype }), requires_grad);
    this._factory = { device, dtype };
  }

  /**
   * materialize(shape, device = null, dtype = null): in place, as Python's, this tensor becomes
   * a torch.empty(shape) Parameter (its cls_to_become), keeping its identity and requires_grad.
   */
  materialize(shape: number[], device: DeviceLike | null = null, dtype: dtype | null = null): void {
    materializeInPlace(this, shape, { device: device ?? this._factory.device, dtype: dtype ?? this._factory.dtype }, Parameter);
  }
}

/** A buffer whose shape is not known yet: an empty tensor until materialize(shape). */
export class UninitializedBuffer extends Tensor {
  /** @internal */ _factory: FactoryOptions;

  constructor(requires_grad = false, device: DeviceLike | null = null, dtype: dtype | null = null) {
    super((callOp(OPS.detach, emptyTensor([0], { device, dtype }), []) as Tensor)._h);
    if (requires_grad) this.requires_grad_(true);
    this._factory = { device, dtype };
  }

  /** materialize(shape, device = null, dtype = null): in place, this becomes a torch.empty(shape) Tensor. */
  materialize(shape: number[], device: DeviceLike | null = null, dtype: dtype | null = null): void {
    materializeInPlace(this, shape, { device: device ?? this._factory.device, dtype: dtype ?? this._factory.dtype }, Tensor);
  }
}
for (const cls of [UninitializedParameter, UninitializedBuffer]) Object.defineProperty(cls.prototype, UNINITIALIZED, { value: true });

/** UninitializedTensorMixin.materialize: self.data = torch.empty(shape); self.__class__ = cls_to_become. */
function materializeInPlace(t: Tensor, shape: number[], factory: FactoryOptions, become: { prototype: Tensor }): void {
  no_grad(() => {
    t.data = emptyTensor(shape, factory);
  });
  delete (t as { _factory?: unknown })._factory;
  Object.setPrototypeOf(t, become.prototype);
}

interface Lazy extends Module {
  initialize_parameters(...args: unknown[]): void;
  has_uninitialized_params(): boolean;
}

/** LazyModuleMixin.has_uninitialized_params. */
function hasUninitialized(m: Module): boolean {
  for (const p of m._parameters.values()) if (is_lazy(p)) return true;
  for (const b of m._buffers.values()) if (is_lazy(b)) return true;
  return false;
}

/** The hooks LazyModuleMixin.__init__ registers (Python's _load_hook and _initialize_hook attributes). */
const lazyHooks = new WeakMap<Module, { load: RemovableHandle; initialize: RemovableHandle; become: { prototype: Module } }>();

/**
 * LazyModuleMixin.__init__, run by each lazy class's constructor: its warning, then the
 * load_state_dict pre-hook that materializes from loaded shapes and the forward pre-hook that
 * infers the shapes from the first input (registered before any of the user's, as in Python).
 * `become` is cls_to_become.
 */
function lazyInit(m: Module, become: { prototype: Module }): void {
  warn("Lazy modules are a new feature under heavy development so changes to the API or functionality can happen at any moment.");
  const load = m.register_load_state_dict_pre_hook(lazyLoadHook);
  const initialize = m.register_forward_pre_hook(inferParameters, { with_kwargs: true });
  lazyHooks.set(m, { load, initialize, become });
}

/**
 * LazyModuleMixin._lazy_load_hook: a lazy parameter or buffer whose key the state_dict has
 * with a materialized tensor takes that tensor's shape, so the copy that follows fills it.
 */
function lazyLoadHook(m: Module, state_dict: Record<string, unknown>, prefix: string): void {
  for (const [name, param] of [...m._parameters, ...m._buffers]) {
    const key = prefix + name;
    if (key in state_dict && param !== null && is_lazy(param)) {
      const input = state_dict[key];
      if (input instanceof Tensor && !is_lazy(input)) (param as UninitializedParameter).materialize(input.shape);
    }
  }
}

/**
 * LazyModuleMixin._infer_parameters, the forward pre-hook: initialize_parameters from the
 * input, then the hooks go and the module becomes cls_to_become (a LazyLinear prints as Linear).
 */
function inferParameters(module: Module, args: unknown[], kwargs: Record<string, unknown> | null): void {
  const m = module as Lazy;
  // an error names the module in front of its message, as torchts's forwards do
  named(m, () => {
    m.initialize_parameters(...args, ...(kwargs && Object.keys(kwargs).length ? [kwargs] : []));
    if (m.has_uninitialized_params()) throw new RuntimeError(`module ${m._get_name()} has not been fully initialized`);
  });
  const hooks = lazyHooks.get(m);
  if (!hooks) return;
  hooks.initialize.remove();
  hooks.load.remove();
  lazyHooks.delete(m);
  Object.setPrototypeOf(m, hooks.become.prototype);
}

/** Materializes the named parameter or buffer of m (an Uninitialized* placeholder) to shape. */
function materialize(m: Module, name: string, shape: number[]): void {
  const value = (m as unknown as Record<string, unknown>)[name];
  if (value instanceof UninitializedParameter || value instanceof UninitializedBuffer) value.materialize(shape);
}

// ---- LazyLinear ----

export interface LazyLinearOptions extends FactoryOptions {
  out_features?: number;
  bias?: boolean;
}

/**
 * `new nn.LazyLinear(out_features, bias = true, device = null, dtype = null)`: a Linear whose
 * in_features is the last dimension of its first input.
 */
export class LazyLinear extends Linear {
  constructor(...args: PyArgs<[out_features: number], [bias: boolean, device: DeviceLike | null, dtype: dtype | null], LazyLinearOptions>) {
    const [out_features, bias, device, dtype] = initArgs("LazyLinear", ["out_features", "bias", "device", "dtype"], args, 1);
    super(0, 0, false);
    lazyInit(this, Linear);
    const factory = [true, (device ?? null) as DeviceLike | null, (dtype ?? null) as dtype | null] as const;
    this.weight = new UninitializedParameter(...factory);
    this.out_features = out_features as number;
    if (given(bias, true)) this.bias = new UninitializedParameter(...factory);
  }

  reset_parameters(): void {
    if (!hasUninitialized(this) && this.in_features !== 0) super.reset_parameters();
  }

  has_uninitialized_params(): boolean {
    return hasUninitialized(this);
  }

  initialize_parameters(input: Tensor): void {
    if (hasUninitialized(this)) {
      this.in_features = input.shape[input.dim() - 1];
      materialize(this, "weight", [this.out_features, this.in_features]);
      if (this.bias !== null) materialize(this, "bias", [this.out_features]);
      this.reset_parameters();
    }
    // loaded by load_state_dict, in_features is still 0: the input's must match the weight's
    if (this.in_features === 0) {
      const inferred = input.shape[input.dim() - 1];
      const fromWeight = this.weight.shape[this.weight.dim() - 1];
      if (inferred !== fromWeight) {
        throw new AssertionError(`The in_features inferred from input: ${inferred} is not equal to in_features from self.weight: ${fromWeight}`);
      }
      this.in_features = inferred;
    }
  }

}

// ---- LazyConv{n}d and LazyConvTranspose{n}d ----

type AnyConv = Conv1d | ConvTranspose1d;

/** LazyConvMixin._get_in_channels: the channel dimension of a batched or unbatched input. */
function inChannels(m: AnyConv, n: number, input: Tensor): number {
  const no_batch = n + 1;
  if (input.dim() !== no_batch && input.dim() !== no_batch + 1) {
    throw new RuntimeError(
      `Expected ${no_batch}D (unbatched) or ${no_batch + 1}D (batched) input to ${m._get_name()}, but got input of size: ${input.shape.toString()}`,
    );
  }
  return input.dim() === no_batch + 1 ? input.shape[1] : input.shape[0];
}

/** LazyConvMixin.initialize_parameters. */
function convInitialize(m: AnyConv, n: number, input: Tensor): void {
  if (!hasUninitialized(m)) return;
  m.in_channels = inChannels(m, n, input);
  if (m.in_channels % m.groups !== 0) throw new ValueError("in_channels must be divisible by groups");
  const shape = m.transposed
    ? [m.in_channels, Math.floor(m.out_channels / m.groups), ...m.kernel_size]
    : [m.out_channels, Math.floor(m.in_channels / m.groups), ...m.kernel_size];
  materialize(m, "weight", shape);
  if (m.bias !== null) materialize(m, "bias", [m.out_channels]);
  m.reset_parameters();
}

/** The placeholders LazyConv{n}d's __init__ puts in place of Conv's parameters. */
function convPlaceholders(m: AnyConv, out_channels: number, bias: unknown, device: unknown, dtype: unknown): void {
  const factory = [true, (device ?? null) as DeviceLike | null, (dtype ?? null) as dtype | null] as const;
  m.weight = new UninitializedParameter(...factory);
  m.out_channels = out_channels;
  if (given(bias, true)) m.bias = new UninitializedParameter(...factory);
}

export interface LazyConvOptions extends FactoryOptions {
  out_channels?: number;
  kernel_size?: IntOrTuple;
  stride?: IntOrTuple;
  padding?: ConvPadding;
  dilation?: IntOrTuple;
  groups?: number;
  bias?: boolean;
  padding_mode?: PaddingMode;
}
type LazyConvArgs = PyArgs<
  [out_channels: number, kernel_size: IntOrTuple],
  [
    stride: IntOrTuple, padding: ConvPadding, dilation: IntOrTuple, groups: number, bias: boolean, padding_mode: PaddingMode,
    device: DeviceLike | null, dtype: dtype | null,
  ],
  LazyConvOptions
>;
const LAZY_CONV = ["out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "bias", "padding_mode", "device", "dtype"] as const;

/** Binds LazyConv{n}d.__init__ and returns Conv{n}d's arguments (in_channels 0, no bias yet) with the placeholders' inputs. */
function lazyConvArgs(name: string, args: unknown[]): [unknown[], number, unknown, unknown, unknown] {
  const v = initArgs(name, LAZY_CONV, args, 2);
  const conv = [0, 0, v[1], given(v[2], 1), given(v[3], 0), given(v[4], 1), given(v[5], 1), false, given(v[7], "zeros"), { device: v[8] ?? null, dtype: v[9] ?? null }];
  return [conv, v[0] as number, v[6], v[8], v[9]];
}

function lazyConvReset(m: AnyConv, reset: () => void): void {
  if (!hasUninitialized(m) && m.in_channels !== 0) reset();
}

/** `new nn.LazyConv1d(out_channels, kernel_size, stride = 1, padding = 0, dilation = 1, groups = 1, bias = true, padding_mode = "zeros", device = null, dtype = null)`. */
export class LazyConv1d extends Conv1d {
  constructor(...args: LazyConvArgs) {
    const [conv, out, bias, device, dtype] = lazyConvArgs("LazyConv1d", args);
    super(...(conv as ConstructorParameters<typeof Conv1d>));
    lazyInit(this, Conv1d);
    convPlaceholders(this, out, bias, device, dtype);
  }
  reset_parameters(): void { lazyConvReset(this, () => super.reset_parameters()); }
  has_uninitialized_params(): boolean { return hasUninitialized(this); }
  initialize_parameters(input: Tensor): void { convInitialize(this, 1, input); }
}

/** `new nn.LazyConv2d(out_channels, kernel_size, ...)`: the arguments of nn.LazyConv1d. */
export class LazyConv2d extends Conv2d {
  constructor(...args: LazyConvArgs) {
    const [conv, out, bias, device, dtype] = lazyConvArgs("LazyConv2d", args);
    super(...(conv as ConstructorParameters<typeof Conv2d>));
    lazyInit(this, Conv2d);
    convPlaceholders(this, out, bias, device, dtype);
  }
  reset_parameters(): void { lazyConvReset(this, () => super.reset_parameters()); }
  has_uninitialized_params(): boolean { return hasUninitialized(this); }
  initialize_parameters(input: Tensor): void { convInitialize(this, 2, input); }
}

/** `new nn.LazyConv3d(out_channels, kernel_size, ...)`: the arguments of nn.LazyConv1d. */
export class LazyConv3d extends Conv3d {
  constructor(...args: LazyConvArgs) {
    const [conv, out, bias, device, dtype] = lazyConvArgs("LazyConv3d", args);
    super(...(conv as ConstructorParameters<typeof Conv3d>));
    lazyInit(this, Conv3d);
    convPlaceholders(this, out, bias, device, dtype);
  }
  reset_parameters(): void { lazyConvReset(this, () => super.reset_parameters()); }
  has_uninitialized_params(): boolean { return hasUninitialized(this); }
  initialize_parameters(input: Tensor): void { convInitialize(this, 3, input); }
}

export interface LazyConvTransposeOptions extends FactoryOptions {
  out_channels?: number;
  kernel_size?: IntOrTuple;
  stride?: IntOrTuple;
  padding?: IntOrTuple;
  output_padding?: IntOrTuple;
  groups?: number;
  bias?: boolean;
  dilation?: IntOrTuple;
  padding_mode?: PaddingMode;
}
type LazyConvTransposeArgs = PyArgs<
  [out_channels: number, kernel_size: IntOrTuple],
  [
    stride: IntOrTuple, padding: IntOrTuple, output_padding: IntOrTuple, groups: number, bias: boolean, dilation: IntOrTuple,
    padding_mode: PaddingMode, device: DeviceLike | null, dtype: dtype | null,
  ],
  LazyConvTransposeOptions
>;
const LAZY_CONV_TRANSPOSE = [
  "out_channels", "kernel_size", "stride", "padding", "output_padding", "groups", "bias", "dilation", "padding_mode", "device", "dtype",
] as const;

function lazyConvTransposeArgs(name: string, args: unknown[]): [unknown[], number, unknown, unknown, unknown] {
  const v = initArgs(name, LAZY_CONV_TRANSPOSE, args, 2);
  const conv = [
    0, 0, v[1], given(v[2], 1), given(v[3], 0), given(v[4], 0), given(v[5], 1), false, given(v[7], 1), given(v[8], "zeros"),
    { device: v[9] ?? null, dtype: v[10] ?? null },
  ];
  return [conv, v[0] as number, v[6], v[9], v[10]];
}

/**
 * `new nn.LazyConvTranspose1d(out_channels, kernel_size, stride = 1, padding = 0, output_padding
 * = 0, groups = 1, bias = true, dilation = 1, padding_mode = "zeros", device = null, dtype = null)`.
 */
export class LazyConvTranspose1d extends ConvTranspose1d {
  constructor(...args: LazyConvTransposeArgs) {
    const [conv, out, bias, device, dtype] = lazyConvTransposeArgs("LazyConvTranspose1d", args);
    super(...(conv as ConstructorParameters<typeof ConvTranspose1d>));
    lazyInit(this, ConvTranspose1d);
    convPlaceholders(this, out, bias, device, dtype);
  }
  reset_parameters(): void { lazyConvReset(this, () => super.reset_parameters()); }
  has_uninitialized_params(): boolean { return hasUninitialized(this); }
  initialize_parameters(input: Tensor): void { convInitialize(this, 1, input); }
}

/** `new nn.LazyConvTranspose2d(out_channels, kernel_size, ...)`: the arguments of nn.LazyConvTranspose1d. */
export class LazyConvTranspose2d extends ConvTranspose2d {
  constructor(...args: LazyConvTransposeArgs) {
    const [conv, out, bias, device, dtype] = lazyConvTransposeArgs("LazyConvTranspose2d", args);
    super(...(conv as ConstructorParameters<typeof ConvTranspose2d>));
    lazyInit(this, ConvTranspose2d);
    convPlaceholders(this, out, bias, device, dtype);
  }
  reset_parameters(): void { lazyConvReset(this, () => super.reset_parameters()); }
  has_uninitialized_params(): boolean { return hasUninitialized(this); }
  initialize_parameters(input: Tensor): void { convInitialize(this, 2, input); }
}

/** `new nn.LazyConvTranspose3d(out_channels, kernel_size, ...)`: the arguments of nn.LazyConvTranspose1d. */
export class LazyConvTranspose3d extends ConvTranspose3d {
  constructor(...args: LazyConvTransposeArgs) {
    const [conv, out, bias, device, dtype] = lazyConvTransposeArgs("LazyConvTranspose3d", args);
    super(...(conv as ConstructorParameters<typeof ConvTranspose3d>));
    lazyInit(this, ConvTranspose3d);
    convPlaceholders(this, out, bias, device, dtype);
  }
  reset_parameters(): void { lazyConvReset(this, () => super.reset_parameters()); }
  has_uninitialized_params(): boolean { return hasUninitialized(this); }
  initialize_parameters(input: Tensor): void { convInitialize(this, 3, input); }
}

// ---- LazyBatchNorm{n}d and LazyInstanceNorm{n}d ----

export interface LazyNormOptions extends FactoryOptions {
  eps?: number;
  momentum?: number | null;
  affine?: boolean;
  track_running_stats?: boolean;
}
type LazyNormArgs = PyArgs<
  [],
  [eps: number, momentum: number | null, affine: boolean, track_running_stats: boolean, device: DeviceLike | null, dtype: dtype | null],
  LazyNormOptions
>;
type AnyNorm = BatchNorm1d | InstanceNorm1d;

/** Binds _LazyNormBase.__init__: _NormBase's arguments (0 features, no affine, no stats) and what replaces them. */
function lazyNormArgs(args: unknown[], affine: true, track: true): [NormArgs, boolean, boolean, DeviceLike | null, dtype | null] {
  const v = initArgs("_LazyNormBase", ["eps", "momentum", "affine", "track_running_stats", "device", "dtype"], args, 0);
  const device = (v[4] ?? null) as DeviceLike | null;
  const dt = (v[5] ?? null) as dtype | null;
  const base = [0, given(v[0], 1e-5), given(v[1], 0.1), false, false, { device, dtype: dt }] as unknown as NormArgs;
  return [base, given(v[2], affine) as boolean, given(v[3], track) as boolean, device, dt];
}

function normPlaceholders(m: AnyNorm, affine: boolean, track: boolean, device: DeviceLike | null, dt: dtype | null): void {
  m.affine = affine;
  m.track_running_stats = track;
  if (affine) {
    m.weight = new UninitializedParameter(true, device, dt);
    m.bias = new UninitializedParameter(true, device, dt);
  }
  if (track) {
    m.running_mean = new UninitializedBuffer(false, device, dt);
    m.running_var = new UninitializedBuffer(false, device, dt);
    m.num_batches_tracked = callOp(OPS.zeros, null, [[], { dtype: int64, device }]) as Tensor;
  }
}

/** _LazyNormBase.initialize_parameters: num_features is input.shape[1]. */
function normInitialize(m: AnyNorm, input: Tensor): void {
  if (!hasUninitialized(m)) return;
  m.num_features = input.shape[1];
  if (m.affine) {
    if (!(m.weight instanceof UninitializedParameter)) throw new AssertionError("self.weight must be an UninitializedParameter");
    if (!(m.bias instanceof UninitializedParameter)) throw new AssertionError("self.bias must be an UninitializedParameter");
    materialize(m, "weight", [m.num_features]);
    materialize(m, "bias", [m.num_features]);
  }
  if (m.track_running_stats) {
    materialize(m, "running_mean", [m.num_features]);
    materialize(m, "running_var", [m.num_features]);
  }
  m.reset_parameters();
}

function lazyNormReset(m: AnyNorm, reset: () => void): void {
  if (!hasUninitialized(m) && m.num_features !== 0) reset();
}

/** `new nn.LazyBatchNorm1d(eps = 1e-5, momentum = 0.1, affine = true, track_running_stats = true, device = null, dtype = null)`. */
export class LazyBatchNorm1d extends BatchNorm1d {
  constructor(...args: LazyNormArgs) {
    const [base, affine, track, device, dt] = lazyNormArgs(args, true, true);
    super(...base);
    lazyInit(this, BatchNorm1d);
    normPlaceholders(this, affine, track, device, dt);
  }
  reset_parameters(): void { lazyNormReset(this, () => super.reset_parameters()); }
  has_uninitialized_params(): boolean { return hasUninitialized(this); }
  initialize_parameters(input: Tensor): void { normInitialize(this, input); }
}

/** `new nn.LazyBatchNorm2d(...)`: the arguments of nn.LazyBatchNorm1d. */
export class LazyBatchNorm2d extends BatchNorm2d {
  constructor(...args: LazyNormArgs) {
    const [base, affine, track, device, dt] = lazyNormArgs(args, true, true);
    super(...base);
    lazyInit(this, BatchNorm2d);
    normPlaceholders(this, affine, track, device, dt);
  }
  reset_parameters(): void { lazyNormReset(this, () => super.reset_parameters()); }
  has_uninitialized_params(): boolean { return hasUninitialized(this); }
  initialize_parameters(input: Tensor): void { normInitialize(this, input); }
}

/** `new nn.LazyBatchNorm3d(...)`: the arguments of nn.LazyBatchNorm1d. */
export class LazyBatchNorm3d extends BatchNorm3d {
  constructor(...args: LazyNormArgs) {
    const [base, affine, track, device, dt] = lazyNormArgs(args, true, true);
    super(...base);
    lazyInit(this, BatchNorm3d);
    normPlaceholders(this, affine, track, device, dt);
  }
  reset_parameters(): void { lazyNormReset(this, () => super.reset_parameters()); }
  has_uninitialized_params(): boolean { return hasUninitialized(this); }
  initialize_parameters(input: Tensor): void { normInitialize(this, input); }
}

/**
 * `new nn.LazyInstanceNorm1d(eps = 1e-5, momentum = 0.1, affine = true, track_running_stats =
 * true, device = null, dtype = null)`: _LazyNormBase's defaults, as in Python (InstanceNorm1d's
 * are false).
 */
export class LazyInstanceNorm1d extends InstanceNorm1d {
  constructor(...args: LazyNormArgs) {
    const [base, affine, track, device, dt] = lazyNormArgs(args, true, true);
    super(...base);
    lazyInit(this, InstanceNorm1d);
    normPlaceholders(this, affine, track, device, dt);
  }
  reset_parameters(): void { lazyNormReset(this, () => super.reset_parameters()); }
  has_uninitialized_params(): boolean { return hasUninitialized(this); }
  initialize_parameters(input: Tensor): void { normInitialize(this, input); }
}

/** `new nn.LazyInstanceNorm2d(...)`: the arguments of nn.LazyInstanceNorm1d. */
export class LazyInstanceNorm2d extends InstanceNorm2d {
  constructor(...args: LazyNormArgs) {
    const [base, affine, track, device, dt] = lazyNormArgs(args, true, true);
    super(...base);
    lazyInit(this, InstanceNorm2d);
    normPlaceholders(this, affine, track, device, dt);
  }
  reset_parameters(): void { lazyNormReset(this, () => super.reset_parameters()); }
  has_uninitialized_params(): boolean { return hasUninitialized(this); }
  initialize_parameters(input: Tensor): void { normInitialize(this, input); }
}

/** `new nn.LazyInstanceNorm3d(...)`: the arguments of nn.LazyInstanceNorm1d. */
export class LazyInstanceNorm3d extends InstanceNorm3d {
  constructor(...args: LazyNormArgs) {
    const [base, affine, track, device, dt] = lazyNormArgs(args, true, true);
    super(...base);
    lazyInit(this, InstanceNorm3d);
    normPlaceholders(this, affine, track, device, dt);
  }
  reset_parameters(): void { lazyNormReset(this, () => super.reset_parameters()); }
  has_uninitialized_params(): boolean { return hasUninitialized(this); }
  initialize_parameters(input: Tensor): void { normInitialize(this, input); }
}
