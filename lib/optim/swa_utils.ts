// torch.optim.swa_utils, ported from torch/optim/swa_utils.py: AveragedModel (SWA and EMA
// averages of a model's parameters), update_bn, SWALR, and the average functions.
import { aten } from "../_aten";
import { int64 } from "../dtype";
import { AssertionError, ValueError } from "../errors";
import { Module } from "../nn/module";
import { _BatchNorm } from "../nn/modules/batchnorm";
import { deepcopyModule } from "../nn/modules/transformer";
import { Tensor } from "../tensor";
import { cos, numberRepr } from "../_pymath";
import { _foreach_add_, _foreach_addcdiv_, _foreach_lerp_ } from "./_foreach";
import { LRScheduler } from "./lr_scheduler";
import { Optimizer, parseArgs, REQUIRED, warn } from "./optimizer";

type ParamList = Tensor[];
export type MultiAvgFn = (averaged: ParamList, current: ParamList, num_averaged: Tensor | number) => void;
export type AvgFn = (averaged: Tensor, current: Tensor, num_averaged: Tensor | number) => Tensor;

/** torch.utils._foreach_utils._get_foreach_kernels_supported_devices */
const _get_foreach_kernels_supported_devices = () => ["cuda", "xpu", "mtia", "privateuseone"];

const isFloatOrComplex = (t: Tensor) => t.dtype.is_floating_point || t.dtype.is_complex;

/** The EMA update of a list of parameters: lerp toward the current ones by 1 - decay. */
export function get_ema_multi_avg_fn(decay = 0.999): MultiAvgFn {
  if (decay < 0.0 || decay > 1.0) throw new ValueError(`Invalid decay value ${numberRepr(decay)} provided. Please provide a value in [0,1] range.`);
  return (ema_param_list, current_param_list) => {
    if (isFloatOrComplex(ema_param_list[0])) {
      _foreach_lerp_(ema_param_list, current_param_list, 1 - decay);
    } else {
      ema_param_list.forEach((p_ema, i) => p_ema.copy_(p_ema.mul(decay).add(current_param_list[i].mul(1 - decay))));
    }
  };
}

/** The SWA (running mean) update of a list of parameters. */
export function get_swa_multi_avg_fn(): MultiAvgFn {
  return (averaged_param_list, current_param_list, num_averaged) => {
    if (isFloatOrComplex(averaged_param_list[0])) {
      // 1 / (num_averaged + 1): a Python float for a number, a tensor's value otherwise (cast(float, ...) leaves it a Tensor,
      // and _foreach_lerp_ takes a 0-dim tensor weight as its value)
      const w = num_averaged instanceof Tensor ? (num_averaged.add(1).reciprocal().item() as number) : 1 / (num_averaged + 1);
      _foreach_lerp_(averaged_param_list, current_param_list, w);
    } else {
      const diffs = averaged_param_list.map((a, i) => current_param_list[i].sub(a));
      if (num_averaged instanceof Tensor) {
        _foreach_addcdiv_(averaged_param_list, diffs, averaged_param_list.map(() => num_averaged.add(1)));
      } else {
        _foreach_add_(averaged_param_list, diffs, { alpha: 1.0 / (num_averaged + 1) });
      }
    }
  };
}

/** The EMA update of one parameter: decay * ema + (1 - decay) * current. */
export function get_ema_avg_fn(decay = 0.999): AvgFn {
  if (decay < 0.0 || decay > 1.0) throw new ValueError(`Invalid decay value ${numberRepr(decay)} provided. Please provide a value in [0,1] range.`);
  return (ema_param, current_param) => ema_param.mul(decay).add(current_param.mul(1 - decay));
}

/** The SWA update of one parameter: averaged + (current - averaged) / (num_averaged + 1). */
export function get_swa_avg_fn(): AvgFn {
  return (averaged_param, current_param, num_averaged) =>
    averaged_param.add(current_param.sub(averaged_param).div(num_averaged instanceof Tensor ? num_averaged.add(1) : num_averaged + 1));
}

export interface AveragedModelOptions {
  device?: string | null;
  avg_fn?: AvgFn | null;
  multi_avg_fn?: MultiAvgFn | null;
  use_buffers?: boolean;
}

/** A copy of a model whose parameters are a running average (SWA, or EMA with get_ema_multi_avg_fn) of the model's. */
export class AveragedModel extends Module {
  declare module: Module;
  declare n_averaged: Tensor;
  declare avg_fn: AvgFn | null;
  declare multi_avg_fn: MultiAvgFn | null;
  declare use_buffers: boolean;

  /** new AveragedModel(model, device = null, avg_fn = null, multi_avg_fn = null, use_buffers = false) */
  constructor(model: Module, device?: string | null | AveragedModelOptions, ...rest: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const a = parseArgs("AveragedModel.__init__", { model: REQUIRED, device: null, avg_fn: null, multi_avg_fn: null, use_buffers: false }, args);
    if (a.avg_fn !== null && a.multi_avg_fn !== null) throw new AssertionError("Only one of avg_fn and multi_avg_fn should be provided");
    this.module = deepcopyModule(a.model as Module);
    if (a.device !== null) this.module = this.module.to(a.device) as Module;
    this.register_buffer("n_averaged", aten.zeros([], { dtype: int64, device: a.device }));
    this.avg_fn = a.avg_fn;
    this.multi_avg_fn = a.multi_avg_fn;
    this.use_buffers = a.use_buffers;
  }

  forward(...args: unknown[]): any {
    return (this.module.forward as (...a: unknown[]) => unknown)(...args);
  }

  /** Averages `model`'s parameters (and buffers, with use_buffers) into this one's. */
  update_parameters(model: Module): void {
    const self_param = this.use_buffers ? [...this.module.parameters(), ...this.module.buffers()] : [...this.parameters()];
    const model_param = this.use_buffers ? [...model.parameters(), ...model.buffers()] : [...model.parameters()];
    const self_param_detached: Tensor[] = [];
    const model_param_detached: Tensor[] = [];
    const copy_param = (this.n_averaged.item() as number) === 0;
    const n = Math.min(self_param.length, model_param.length);
    for (let i = 0; i < n; i++) {
      const p_averaged = self_param[i];
      const p_model_ = model_param[i].detach().to(p_averaged.device);
      self_param_detached.push(p_averaged.detach());
      model_param_detached.push(p_model_);
      if (copy_param) p_averaged.detach().copy_(p_model_);
    }
    if ((this.n_averaged.item() as number) > 0) {
      if (this.multi_avg_fn !== null || this.avg_fn === null) {
        const grouped = Optimizer._group_tensors_by_device_and_dtype([self_param_detached, model_param_detached]);
        for (const [[self_params, model_params]] of grouped.values()) {
          const device = (self_params[0] as Tensor).device;
          if (this.multi_avg_fn) {
            this.multi_avg_fn(self_params as Tensor[], model_params as Tensor[], this.n_averaged.to(device));
          } else if (_get_foreach_kernels_supported_devices().includes(device.type)) {
            get_swa_multi_avg_fn()(self_params as Tensor[], model_params as Tensor[], this.n_averaged.to(device));
          } else {
            // CPU: Python's foreach kernels are for accelerators only; one tensor at a time
            const avg_fn = get_swa_avg_fn();
            const n_averaged = this.n_averaged.to(device);
            (self_params as Tensor[]).forEach((p_averaged, i) => p_averaged.copy_(avg_fn(p_averaged, model_params[i] as Tensor, n_averaged)));
          }
        }
      } else {
        self_param_detached.forEach((p_averaged, i) => {
          const n_averaged = this.n_averaged.to(p_averaged.device);
          p_averaged.detach().copy_(this.avg_fn!(p_averaged.detach(), model_param_detached[i], n_averaged));
        });
      }
    }
    if (!this.use_buffers) {
      const mine = [...this.module.buffers()];
      const theirs = [...model.buffers()];
      mine.forEach((b_swa, i) => b_swa.detach().copy_(theirs[i].detach().to(b_swa.device)));
    }
    this.n_averaged.add_(1);
  }
}

/** Recomputes the BatchNorm running statistics of `model` over `loader`'s inputs. */
export function update_bn(loader: Iterable<unknown>, model: Module, device: string | null = null): void {
  const momenta = new Map<_BatchNorm, number | null>();
  for (const module of model.modules()) {
    if (module instanceof _BatchNorm) {
      module.reset_running_stats();
      momenta.set(module, module.momentum);
    }
  }
  if (momenta.size === 0) return;
  const was_training = model.training;
  model.train();
  for (const module of momenta.keys()) module.momentum = null;
  for (let input of loader) {
    if (Array.isArray(input)) input = input[0];
    if (device !== null) input = (input as Tensor).to(device);
    (model.forward as (x: unknown) => unknown)(input);
  }
  for (const [bn_module, momentum] of momenta) bn_module.momentum = momentum;
  model.train(was_training);
}

/** Anneals each group's lr to a fixed swa_lr over anneal_epochs, then holds it. */
export class SWALR extends LRScheduler {
  declare anneal_epochs: number;
  declare _anneal_strategy: "cos" | "linear";
  declare anneal_func: (t: number) => number;

  /** new SWALR(optimizer, swa_lr, anneal_epochs = 10, anneal_strategy = "cos", last_epoch = -1) */
  constructor(optimizer: Optimizer, swa_lr: number | number[] | Record<string, unknown>, ...rest: unknown[]);
  constructor(...args: unknown[]) {
    const a = parseArgs("SWALR.__init__", { optimizer: REQUIRED, swa_lr: REQUIRED, anneal_epochs: 10, anneal_strategy: "cos", last_epoch: -1 }, args);
    super();
    const optimizer = a.optimizer as Optimizer;
    const swa_lrs = Array.isArray(a.swa_lr) ? a.swa_lr : optimizer.param_groups.map(() => a.swa_lr);
    if (swa_lrs.length !== optimizer.param_groups.length) {
      throw new ValueError(
        `swa_lr must have the same length as optimizer.param_groups. swa_lr has ${swa_lrs.length} values, param_groups has ${optimizer.param_groups.length}.`,
      );
    }
    optimizer.param_groups.forEach((group, i) => (group.swa_lr = swa_lrs[i]));
    if (a.anneal_strategy !== "cos" && a.anneal_strategy !== "linear") {
      throw new ValueError(`anneal_strategy must by one of 'cos' or 'linear', instead got ${a.anneal_strategy}`);
    }
    this._set_anneal_func(a.anneal_strategy);
    if (!Number.isInteger(a.anneal_epochs) || a.anneal_epochs < 0) {
      throw new ValueError(`anneal_epochs must be equal or greater than 0, got ${a.anneal_epochs}`);
    }
    this.anneal_epochs = a.anneal_epochs;
    this.__init__(optimizer, a.last_epoch);
  }

  static _linear_anneal(t: number): number {
    return t;
  }

  static _cosine_anneal(t: number): number {
    return (1 - cos(Math.PI * t)) / 2;
  }

  static _get_initial_lr(lr: number, swa_lr: number, alpha: number): number {
    if (alpha === 1) return swa_lr;
    return (lr - alpha * swa_lr) / (1 - alpha);
  }

  get_lr(): number[] {
    if (!this._get_lr_called_within_step) warn("To get the last learning rate computed by the scheduler, please use `get_last_lr()`.");
    let step = this._step_count - 1;
    if (this.anneal_epochs === 0) step = Math.max(1, step);
    const pymax = (a: number, b: number) => (b > a ? b : a);
    const pymin = (a: number, b: number) => (b < a ? b : a);
    const prev_t = pymax(0, pymin(1, (step - 1) / pymax(1, this.anneal_epochs)));
    const prev_alpha = this.anneal_func(prev_t);
    const prev_lrs = this.optimizer.param_groups.map((group) => SWALR._get_initial_lr(group.lr, group.swa_lr, prev_alpha));
    const t = pymax(0, pymin(1, step / pymax(1, this.anneal_epochs)));
    const alpha = this.anneal_func(t);
    return this.optimizer.param_groups.map((group, i) => group.swa_lr * alpha + prev_lrs[i] * (1 - alpha));
  }

  _set_anneal_func(anneal_strategy: "cos" | "linear"): void {
    this._anneal_strategy = anneal_strategy;
    this.anneal_func = anneal_strategy === "cos" ? SWALR._cosine_anneal : SWALR._linear_anneal;
  }

  state_dict(): Record<string, any> {
    const out: Record<string, any> = {};
    for (const [key, value] of Object.entries(this)) if (key !== "optimizer" && key !== "anneal_func") out[key] = value;
    return out;
  }

  load_state_dict(state_dict: Record<string, any>): void {
    Object.assign(this, state_dict);
    this._set_anneal_func(this._anneal_strategy);
  }
}
