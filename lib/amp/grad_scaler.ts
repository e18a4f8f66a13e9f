// torch.amp.GradScaler, ported from torch/amp/grad_scaler.py (2.11): scales the loss so that
// float16 gradients do not underflow, unscales them before the optimizer steps, skips steps
// whose gradients hold inf or NaN, and adapts the scale (backoff on inf/NaN, growth after
// growth_interval clean steps). The work is ATen's: _amp_foreach_non_finite_check_and_unscale_
// and _amp_update_scale_, which have CPU and CUDA kernels.
import { bindArgs, isOptions } from "../_args";
import { warn } from "../_python";
import { callOp } from "../_dispatch";
import { no_grad } from "../autograd";
import * as cuda from "../cuda";
import { float16, float32, int32 } from "../dtype";
import { AssertionError, RuntimeError, ValueError } from "../errors";
import { OPS } from "../generated/ops";
import type { Optimizer } from "../optim/optimizer";
import { Tensor } from "../tensor";
import { objectStr, printsAsStr } from "../_python";

/** Where an optimizer is in the iteration: scale() -> unscale_() -> step() -> update(). */
export enum OptState {
  READY = 0,
  UNSCALED = 1,
  STEPPED = 2,
}

export interface PerOptimizerState {
  stage: OptState;
  /** found_inf per device (by the device's string, "cuda:0"): > 0 where a gradient was inf/NaN. */
  found_inf_per_device: Map<string, Tensor>;
}

function _refresh_per_optimizer_state(): PerOptimizerState {
  return { stage: OptState.READY, found_inf_per_device: new Map() };
}

/** Lazily copies a tensor to each device asked for, once per device. */
class _MultiDeviceReplicator {
  readonly _per_device_tensors = new Map<string, Tensor>();

  constructor(readonly master: Tensor) {}

  get(device: string): Tensor {
    let retval = this._per_device_tensors.get(device);
    if (retval === undefined) {
      retval = this.master.to({ device, non_blocking: true, copy: true });
      this._per_device_tensors.set(device, retval);
    }
    return retval;
  }
}

/** What GradScaler.state_dict() returns: {} for a disabled scaler. */
export interface GradScalerState {
  scale: number;
  growth_factor: number;
  backoff_factor: number;
  growth_interval: number;
  _growth_tracker: number;
}

export interface GradScalerOptions {
  device?: string;
  init_scale?: number;
  growth_factor?: number;
  backoff_factor?: number;
  growth_interval?: number;
  enabled?: boolean;
}

const GRAD_SCALER_ARGS = ["device", "init_scale", "growth_factor", "backoff_factor", "growth_interval", "enabled"] as const;

/** Outputs to scale: a tensor, or (nested) arrays and iterables of tensors. */
type Outputs = Tensor | Iterable<Outputs>;

/** An optimizer as GradScaler reads it: Python's getattr(optimizer, "grad_scale"/"found_inf"). */
type AmpOptimizer = Optimizer & { _step_supports_amp_scaling?: boolean; grad_scale?: Tensor; found_inf?: Tensor };

/**
 * torch.amp.GradScaler(device="cuda", init_scale=2.0**16, growth_factor=2.0,
 * backoff_factor=0.5, growth_interval=2000, enabled=True).
 */
export class GradScaler {
  _device: string;
  _enabled: boolean;
  _init_scale!: number;
  _scale: Tensor | null = null;
  _growth_factor!: number;
  _backoff_factor!: number;
  _growth_interval!: number;
  _init_growth_tracker!: number;
  _growth_tracker: Tensor | null = null;
  /** Python's defaultdict keyed by id(optimizer). */
  _per_optimizer_states = new Map<Optimizer, PerOptimizerState>();

  constructor(device?: string, options?: Omit<GradScalerOptions, "device">);
  constructor(options: GradScalerOptions);
  constructor(...args: unknown[]) {
    const v = bindArgs("GradScaler.__init__", GRAD_SCALER_ARGS, args, 0);
    const device = (v[0] ?? "cuda") as string;
    const init_scale = (v[1] ?? 2.0 ** 16) as number;
    const growth_factor = (v[2] ?? 2.0) as number;
    const backoff_factor = (v[3] ?? 0.5) as number;
    const growth_interval = (v[4] ?? 2000) as number;
    const enabled = (v[5] ?? true) as boolean;
    this._device = device;
    this._enabled = enabled;
    if (this._device === "cuda") {
      if (enabled && !cuda.is_available()) {
        warn("torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  Disabling.");
        this._enabled = false;
      }
    }
    if (this._enabled) {
      if (growth_factor <= 1.0) throw new AssertionError("The growth factor must be > 1.0.");
      if (backoff_factor >= 1.0) throw new AssertionError("The backoff factor must be < 1.0.");
      this._init_scale = init_scale;
      this._growth_factor = growth_factor;
      this._backoff_factor = backoff_factor;
      this._growth_interval = growth_interval;
      this._init_growth_tracker = 0;
    }
  }

  /** @internal Python's _per_optimizer_states[id(optimizer)], made on first use. */
  _state(optimizer: Optimizer): PerOptimizerState {
    let state = this._per_optimizer_states.get(optimizer);
    if (state === undefined) {
      state = _refresh_per_optimizer_state();
      this._per_optimizer_states.set(optimizer, state);
    }
    return state;
  }

  _check_scale_growth_tracker(funcname: string): [Tensor, Tensor] {
    const fix = "This may indicate your script did not use scaler.scale(loss or outputs) earlier in the iteration.";
    if (this._scale === null) throw new AssertionError(`Attempted ${funcname} but _scale is None.  ` + fix);
    if (this._growth_tracker === null) throw new AssertionError(`Attempted ${funcname} but _growth_tracker is None.  ` + fix);
    return [this._scale, this._growth_tracker];
  }

  _lazy_init_scale_growth_tracker(dev: string): void {
    if (this._growth_tracker !== null) throw new AssertionError("_growth_tracker initialized before _scale");
    this._scale = callOp(OPS.full, null, [[], this._init_scale, { dtype: float32, device: dev }]) as Tensor;
    this._growth_tracker = callOp(OPS.full, null, [[], this._init_growth_tracker, { dtype: int32, device: dev }]) as Tensor;
  }

  /** Multiplies a tensor (or each tensor of nested arrays and iterables) by the scale. */
  scale(outputs: Tensor): Tensor;
  scale(outputs: Tensor[]): Tensor[];
  scale(outputs: Iterable<Outputs>): Iterable<Outputs>;
  scale(outputs: Outputs): Outputs {
    if (!this._enabled) return outputs;
    // Short-circuit for the common case.
    if (outputs instanceof Tensor) {
      if (this._scale === null) this._lazy_init_scale_growth_tracker(String(outputs.device));
      return outputs.mul(this._scale!.to({ device: outputs.device, non_blocking: true }));
    }
    const stash: _MultiDeviceReplicator[] = [];
    const apply_scale = (val: unknown): Outputs => {
      if (val instanceof Tensor) {
        if (stash.length === 0) {
          if (this._scale === null) this._lazy_init_scale_growth_tracker(String(val.device));
          stash.push(new _MultiDeviceReplicator(this._scale!));
        }
        return val.mul(stash[0].get(String(val.device)));
      }
      // Python keeps lists and tuples (both arrays here) and maps other iterables lazily.
      if (Array.isArray(val)) return val.map(apply_scale);
      if (val !== null && typeof val === "object" && typeof (val as Iterable<unknown>)[Symbol.iterator] === "function") {
        return (function* () {
          for (const item of val as Iterable<unknown>) yield apply_scale(item);
        })();
      }
      throw new ValueError("outputs must be a Tensor or an iterable of Tensors");
    };
    return apply_scale(outputs);
  }

  _unscale_grads_(optimizer: Optimizer, inv_scale: Tensor, found_inf: Tensor, allow_fp16: boolean): Map<string, Tensor> {
    const per_device_inv_scale = new _MultiDeviceReplicator(inv_scale);
    const per_device_found_inf = new _MultiDeviceReplicator(found_inf);
    // One _amp_foreach_non_finite_check_and_unscale_ per device and dtype.
    const per_device_and_dtype_grads = new Map<string, Map<string, Tensor[]>>();
    no_grad(() => {
      for (const group of optimizer.param_groups) {
        for (const param of group.params) {
          if (!(param instanceof Tensor)) throw new AssertionError(`expected param to be torch.Tensor, got ${typeof param}`);
          const grad = param.grad;
          if (grad === null || grad === undefined) continue;
          if (!allow_fp16 && grad.dtype === float16) throw new ValueError("Attempting to unscale FP16 gradients.");
          const device = String(grad.device);
          let per_dtype = per_device_and_dtype_grads.get(device);
          if (per_dtype === undefined) per_device_and_dtype_grads.set(device, (per_dtype = new Map()));
          let grads = per_dtype.get(grad.dtype.name);
          if (grads === undefined) per_dtype.set(grad.dtype.name, (grads = []));
          grads.push(grad);
        }
      }
      for (const [device, per_dtype_grads] of per_device_and_dtype_grads) {
        for (const grads of per_dtype_grads.values()) {
          callOp(OPS._amp_foreach_non_finite_check_and_unscale_, null, [
            grads,
            per_device_found_inf.get(device),
            per_device_inv_scale.get(device),
          ]);
        }
      }
    });
    return per_device_found_inf._per_device_tensors;
  }

  /** Divides the optimizer's gradients by the scale (in place), noting any inf/NaN among them. */
  unscale_(optimizer: Optimizer): void {
    if (!this._enabled) return;
    this._check_scale_growth_tracker("unscale_");
    const optimizer_state = this._state(optimizer);
    if (optimizer_state.stage === OptState.UNSCALED) {
      throw new RuntimeError("unscale_() has already been called on this optimizer since the last update().");
    } else if (optimizer_state.stage === OptState.STEPPED) {
      throw new RuntimeError("unscale_() is being called after step().");
    }
    // FP32 division can be imprecise for certain compile options, so the reciprocal is in FP64.
    const scale = this._scale!;
    const inv_scale = scale.double().reciprocal().float();
    const found_inf = callOp(OPS.full, null, [[], 0.0, { dtype: float32, device: scale.device }]) as Tensor;
    optimizer_state.found_inf_per_device = this._unscale_grads_(optimizer, inv_scale, found_inf, false);
    optimizer_state.stage = OptState.UNSCALED;
  }

  _maybe_opt_step(optimizer: Optimizer, optimizer_state: PerOptimizerState, args: unknown[]): unknown {
    let retval: unknown = null;
    let found = 0;
    for (const v of optimizer_state.found_inf_per_device.values()) found += v.item();
    if (!found) retval = (optimizer.step as (...a: unknown[]) => unknown)(...args);
    return retval;
  }

  /**
   * Unscales the gradients (unless unscale_ did already) and runs optimizer.step(...args)
   * unless they hold inf or NaN; returns what optimizer.step returned (null when skipped).
   */
  step(optimizer: Optimizer, ...args: unknown[]): unknown {
    if (!this._enabled) return (optimizer.step as (...a: unknown[]) => unknown)(...args);
    if (args.length > 0 && isOptions(args[args.length - 1]) && "closure" in (args[args.length - 1] as object)) {
      throw new RuntimeError("Closure use is not currently supported if GradScaler is enabled.");
    }
    this._check_scale_growth_tracker("step");
    const optimizer_state = this._state(optimizer);
    if (optimizer_state.stage === OptState.STEPPED) {
      throw new RuntimeError("step() has already been called since the last update().");
    }
    const amp_optimizer = optimizer as AmpOptimizer;
    if (amp_optimizer._step_supports_amp_scaling) {
      // A fused optimizer unscales and skips by itself, given grad_scale and found_inf.
      if (optimizer_state.stage === OptState.READY) this._check_inf_per_device(optimizer);
      const scaler = this._get_scale_async();
      if (scaler === null) throw new AssertionError("_get_scale_async returned None");
      let found_inf: Tensor | number = 0;
      for (const t of optimizer_state.found_inf_per_device.values()) {
        found_inf = t.to({ device: scaler.device, non_blocking: true }).add(found_inf);
      }
      // Take the product of the scales, if the user has already set `optimizer.grad_scale`.
      amp_optimizer.grad_scale =
        optimizer_state.stage === OptState.UNSCALED
          ? amp_optimizer.grad_scale
          : amp_optimizer.grad_scale === undefined
            ? scaler.mul(1)
            : scaler.mul(amp_optimizer.grad_scale);
      amp_optimizer.found_inf = found_inf as Tensor;
      const retval = (optimizer.step as (...a: unknown[]) => unknown)(...args);
      optimizer_state.stage = OptState.STEPPED;
      delete amp_optimizer.grad_scale;
      delete amp_optimizer.found_inf;
      return retval;
    }
    if (optimizer_state.stage === OptState.READY) this.unscale_(optimizer);
    if (optimizer_state.found_inf_per_device.size === 0) throw new AssertionError("No inf checks were recorded for this optimizer.");
    const retval = this._maybe_opt_step(optimizer, optimizer_state, args);
    optimizer_state.stage = OptState.STEPPED;
    return retval;
  }

  /**
   * Updates the scale: backoff_factor times it if any optimizer's step found inf/NaN, else
   * growth_factor times it after growth_interval clean steps; or sets new_scale.
   */
  update(new_scale: number | Tensor | null = null): void {
    if (!this._enabled) return;
    const [_scale, _growth_tracker] = this._check_scale_growth_tracker("update");
    if (new_scale !== null && new_scale !== undefined) {
      if (typeof new_scale === "number") {
        _scale.fill_(new_scale);
      } else {
        const reason =
          "new_scale should be a float or a 1-element torch.cuda.FloatTensor or " +
          "torch.FloatTensor with requires_grad=False.";
        if (!(new_scale instanceof Tensor) || new_scale.device.type !== this._device) throw new AssertionError(reason);
        if (new_scale.numel() !== 1) throw new AssertionError(reason);
        if (new_scale.requires_grad === true) throw new AssertionError(reason);
        _scale.copy_(new_scale);
      }
    } else {
      // The inf/NaN findings of every optimizer, gathered on the scale's device.
      const found_infs: Tensor[] = [];
      for (const state of this._per_optimizer_states.values()) {
        for (const found_inf of state.found_inf_per_device.values()) {
          found_infs.push(found_inf.to({ device: _scale.device, non_blocking: true }));
        }
      }
      if (found_infs.length === 0) throw new AssertionError("No inf checks were recorded prior to update.");
      const found_inf_combined = found_infs[0];
      for (let i = 1; i < found_infs.length; i++) found_inf_combined.add_(found_infs[i]);
      callOp(OPS._amp_update_scale_, null, [
        _scale,
        _growth_tracker,
        found_inf_combined,
        this._growth_factor,
        this._backoff_factor,
        this._growth_interval,
      ]);
    }
    // To prepare for the next iteration, forget what the optimizers reported in this one.
    this._per_optimizer_states = new Map();
  }

  _get_scale_async(): Tensor | null {
    return this._scale;
  }

  /** The current scale as a number (init_scale before the first scale(); 1.0 when disabled). */
  get_scale(): number {
    if (this._enabled) {
      const scale = this._get_scale_async();
      return scale === null ? this._init_scale : scale.item();
    }
    return 1.0;
  }

  get_growth_factor(): number {
    return this._growth_factor;
  }

  set_growth_factor(new_factor: number): void {
    this._growth_factor = new_factor;
  }

  get_backoff_factor(): number {
    return this._backoff_factor;
  }

  set_backoff_factor(new_factor: number): void {
    this._backoff_factor = new_factor;
  }

  get_growth_interval(): number {
    return this._growth_interval;
  }

  set_growth_interval(new_interval: number): void {
    this._growth_interval = new_interval;
  }

  _get_growth_tracker(): number {
    if (this._enabled) {
      return this._growth_tracker === null ? this._init_growth_tracker : this._growth_tracker.item();
    }
    return 0;
  }

  is_enabled(): boolean {
    return this._enabled;
  }

  /** { scale, growth_factor, backoff_factor, growth_interval, _growth_tracker }, or {} when disabled. */
  state_dict(): GradScalerState | Record<string, never> {
    if (this._enabled) {
      return {
        scale: this.get_scale(),
        growth_factor: this._growth_factor,
        backoff_factor: this._backoff_factor,
        growth_interval: this._growth_interval,
        _growth_tracker: this._get_growth_tracker(),
      };
    }
    return {};
  }

  load_state_dict(state_dict: GradScalerState | Record<string, never>): void {
    if (!this._enabled) return;
    if (Object.keys(state_dict).length === 0) {
      throw new RuntimeError(
        "The source state dict is empty, possibly because it was saved from a disabled instance of GradScaler.",
      );
    }
    const s = state_dict as GradScalerState;
    this._init_scale = s.scale;
    if (this._scale !== null) this._scale.fill_(s.scale);
    this._growth_factor = s.growth_factor;
    this._backoff_factor = s.backoff_factor;
    this._growth_interval = s.growth_interval;
    this._init_growth_tracker = s._growth_tracker;
    if (this._growth_tracker !== null) this._growth_tracker.fill_(s._growth_tracker);
  }

  _check_inf_per_device(optimizer: Optimizer): Map<string, Tensor> {
    const [_scale] = this._check_scale_growth_tracker("_check_inf_per_device");
    const dummy_inv_scale = callOp(OPS.full, null, [[], 1.0, { dtype: float32, device: _scale.device }]) as Tensor;
    const found_inf = callOp(OPS.full, null, [[], 0.0, { dtype: float32, device: _scale.device }]) as Tensor;
    this._state(optimizer).found_inf_per_device = this._unscale_grads_(optimizer, dummy_inv_scale, found_inf, true);
    return this._state(optimizer).found_inf_per_device;
  }

  _found_inf_per_device(optimizer: Optimizer): Map<string, Tensor> {
    return this._state(optimizer).found_inf_per_device;
  }

  toString(): string {
    return objectStr("torch.amp.grad_scaler.GradScaler");
  }
}
printsAsStr(GradScaler);
