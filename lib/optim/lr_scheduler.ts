// torch.optim.lr_scheduler, ported from torch/optim/lr_scheduler.py: the LRScheduler base (with
// its initial step in the constructor and `initial_lr` in the param groups), StepLR, MultiStepLR,
// ConstantLR, LinearLR, ExponentialLR, LambdaLR, CosineAnnealingLR (the recursive form),
// SequentialLR, OneCycleLR, MultiplicativeLR, PolynomialLR, ChainedScheduler, ReduceLROnPlateau,
// CyclicLR and CosineAnnealingWarmRestarts. Learning rates are Python floats computed in the same order, so
// they are the same doubles; math.cos is the one function JS cannot reproduce to the bit (see
// _pymath.ts).
//
// JS runs no code on `this` before super(), and Python's subclasses set their attributes before
// `super().__init__(optimizer, last_epoch)` runs the initial step. So a subclass calls `super()`
// with no arguments, sets its attributes, then calls `this.__init__(optimizer, last_epoch)`:
//
//   class MyLR extends LRScheduler {
//     constructor(optimizer, factor, last_epoch = -1) {
//       super();
//       this.factor = factor;
//       this.__init__(optimizer, last_epoch);
//     }
//     get_lr() { return this.base_lrs.map((lr) => lr * this.factor ** this.last_epoch); }
//   }
import { NotImplementedError, pyTypeName, RuntimeError, TypeError, ValueError } from "../errors";
import { Tensor } from "../tensor";
import { cos, floordiv, mod, numberRepr, pow } from "../_pymath";
import { _to_scalar, KeyError, Optimizer, parseArgs, REQUIRED, warn } from "./optimizer";
import { objectStr, printsAsStr } from "../_python";

type LR = number | Tensor;

const EPOCH_DEPRECATION_WARNING =
  "The epoch parameter in `scheduler.step()` was not necessary and is being " +
  "deprecated where possible. Please use `scheduler.step()` to step the " +
  "scheduler. During the deprecation, if epoch is different from None, the " +
  "closed form is used instead of the new chainable form, where available. " +
  "Please open an issue if you are unable to replicate your use case: " +
  "https://github.com/pytorch/pytorch/issues/new/choose.";

/** Returns correctly formatted lr/momentum for each param group: one value for all, or one per group. */
function _format_param(name: string, optimizer: Optimizer, param: unknown): unknown[] {
  const _copy = (p: unknown) => (p instanceof Tensor ? p.clone() : p);
  let params: unknown[];
  if (Array.isArray(param)) {
    if (param.length !== optimizer.param_groups.length) {
      throw new ValueError(
        `${name} must have the same length as optimizer.param_groups. ` +
          `${name} has ${param.length} values, param_groups has ${optimizer.param_groups.length}.`,
      );
    }
    params = param;
  } else {
    params = optimizer.param_groups.map(() => param);
  }
  return params.map(_copy);
}

/** group[key] of every param group (tensors cloned, so they never alias the groups'). */
function _param_groups_val_list(optimizer: Optimizer, key: string): any[] {
  return optimizer.param_groups.map((group) => {
    if (!(key in group)) throw new KeyError(key);
    return group[key] instanceof Tensor ? group[key].clone() : group[key];
  });
}

/** Sets param_group[key] to val (in place when it is a tensor). */
function _update_param_group_val(param_group: Record<string, any>, key: string, val: LR): void {
  if (!(key in param_group)) throw new KeyError(key);
  if (param_group[key] instanceof Tensor) param_group[key].fill_(_to_scalar(val) as number);
  else param_group[key] = val;
}

function _warn_get_lr_called_within_step(lr_scheduler: LRScheduler): void {
  if (!lr_scheduler._get_lr_called_within_step) {
    warn("To get the last learning rate computed by the scheduler, please use `get_last_lr()`.");
  }
}

/** Base class of the learning rate schedulers: subclasses define get_lr(). */
export class LRScheduler {
  declare optimizer: Optimizer;
  declare base_lrs: LR[];
  declare last_epoch: number;
  declare _step_count: number;
  declare _last_lr: LR[];
  declare _get_lr_called_within_step: boolean;
  declare _is_initial: boolean;

  /** new LRScheduler(optimizer, last_epoch = -1); with no arguments, a subclass calls __init__ itself (see above). */
  constructor(optimizer?: Optimizer, last_epoch: number = -1) {
    if (optimizer !== undefined) this.__init__(optimizer, last_epoch);
  }

  /** Python's LRScheduler.__init__: base_lrs from `initial_lr`, then the initial step. */
  __init__(optimizer: Optimizer, last_epoch: number = -1): void {
    // Attach optimizer
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${pyTypeName(optimizer)} is not an Optimizer`);
    this.optimizer = optimizer;

    // JS has no operator overloading: the schedules' arithmetic (`group["lr"] * gamma`) needs numbers.
    if (optimizer.param_groups.some((group) => group.lr instanceof Tensor)) {
      throw new TypeError("torchts: lr schedulers take number learning rates; a Tensor lr is not supported yet");
    }

    // Initialize epoch and base learning rates
    if (last_epoch === -1) {
      for (const group of optimizer.param_groups) {
        let initial_lr = group.lr;
        if (initial_lr instanceof Tensor) initial_lr = initial_lr.clone();
        if (!("initial_lr" in group)) group.initial_lr = initial_lr;
      }
    } else {
      optimizer.param_groups.forEach((group, i) => {
        if (!("initial_lr" in group)) {
          throw new KeyError(
            `param 'initial_lr' is not specified in param_groups[${i}] when resuming scheduler with last_epoch >= 0.\n` +
              "This typically happens when:\n" +
              "1. You're trying to resume training from a checkpoint but haven't properly loaded the optimizer state\n" +
              "2. You're using last_epoch >= 0 for a fresh training run (not recommended)",
          );
        }
      });
    }
    this.base_lrs = _param_groups_val_list(optimizer, "initial_lr");
    this.last_epoch = last_epoch;

    // Following https://github.com/pytorch/pytorch/issues/20124, notice when lr_scheduler.step()
    // runs before optimizer.step(): the optimizer's step marks the optimizer.
    const opt = optimizer as Optimizer & { _opt_called?: boolean };
    const step_fn = opt.step as ((...args: unknown[]) => unknown) & { _wrapped_by_lr_sched?: boolean };
    if (!step_fn._wrapped_by_lr_sched) {
      const wrapper = function (this: unknown, ...args: unknown[]) {
        opt._opt_called = true;
        return step_fn.apply(opt, args);
      } as typeof step_fn;
      wrapper._wrapped_by_lr_sched = true;
      opt.step = wrapper as Optimizer["step"];
    }
    this._initial_step();
  }

  /** Initializes step counts and performs a step. */
  _initial_step(): void {
    this._step_count = 0;
    this._is_initial = true;
    try {
      this.step();
    } finally {
      this._is_initial = false;
    }
  }

  /** Every attribute but the optimizer (the values themselves, not copies). */
  state_dict(): Record<string, any> {
    const out: Record<string, any> = {};
    for (const [key, value] of Object.entries(this)) if (key !== "optimizer") out[key] = value;
    return out;
  }

  load_state_dict(state_dict: Record<string, any>): void {
    Object.assign(this, state_dict);
  }

  /** The learning rates the last step set, one per param group. */
  get_last_lr(): LR[] {
    return this._last_lr;
  }

  /** The next learning rate of each param group (what step() sets); defined by subclasses. */
  get_lr(): LR[] {
    throw new NotImplementedError();
  }

  /** Steps the scheduler (after optimizer.step()). `epoch` is deprecated, as in Python. */
  step(epoch: number | null = null): void {
    // Raise a warning if old pattern is detected
    // https://github.com/pytorch/pytorch/issues/20124
    if (this._step_count === 1) {
      const opt = this.optimizer as Optimizer & { _opt_called?: boolean };
      if (!(opt.step as { _wrapped_by_lr_sched?: boolean })._wrapped_by_lr_sched) {
        warn(
          "Seems like `optimizer.step()` has been overridden after learning rate scheduler " +
            "initialization. Please, make sure to call `optimizer.step()` before " +
            "`lr_scheduler.step()`. See more details at " +
            "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate",
        );
      } else if (!opt._opt_called) {
        // Just check if there were two first lr_scheduler.step() calls before optimizer.step()
        warn(
          "Detected call of `lr_scheduler.step()` before `optimizer.step()`. " +
            "In PyTorch 1.1.0 and later, you should call them in the opposite order: " +
            "`optimizer.step()` before `lr_scheduler.step()`.  Failure to do this " +
            "will result in PyTorch skipping the first value of the learning rate schedule. " +
            "See more details at " +
            "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate",
        );
      }
    }
    this._step_count += 1;
    if (epoch !== null && epoch !== undefined) warn(EPOCH_DEPRECATION_WARNING);
    this._update_lr(epoch);
  }

  _update_lr(epoch: number | null = null): void {
    let values: LR[];
    this._get_lr_called_within_step = true;
    try {
      if (epoch === null || epoch === undefined) {
        this.last_epoch += 1;
        values = this.get_lr();
      } else {
        this.last_epoch = epoch;
        const closed = (this as { _get_closed_form_lr?: () => LR[] })._get_closed_form_lr;
        values = typeof closed === "function" ? closed.call(this) : this.get_lr();
      }
    } finally {
      this._get_lr_called_within_step = false;
    }
    if (values.length !== this.optimizer.param_groups.length) {
      throw new ValueError(`zip() argument 2 is ${values.length < this.optimizer.param_groups.length ? "shorter" : "longer"} than argument 1`);
    }
    this.optimizer.param_groups.forEach((param_group, i) => _update_param_group_val(param_group, "lr", values[i]));
    this._last_lr = _param_groups_val_list(this.optimizer, "lr");
  }

  toString(): string {
    return objectStr(`torch.optim.lr_scheduler.${this.constructor.name}`);
  }
}
printsAsStr(LRScheduler);

// Class-level defaults, as Python's class attributes (instances get their own when set).
LRScheduler.prototype._get_lr_called_within_step = false;
LRScheduler.prototype._is_initial = false;

/** Sets each group's lr to its initial lr times lr_lambda(epoch) (one function, or one per group). */
export class LambdaLR extends LRScheduler {
  declare lr_lambdas: ((epoch: number) => number)[];

  /** new LambdaLR(optimizer, lr_lambda, last_epoch = -1) */
  constructor(optimizer: Optimizer, lr_lambda: ((epoch: number) => number) | ((epoch: number) => number)[] | Record<string, unknown>, last_epoch?: number | Record<string, unknown>);
  constructor(...args: unknown[]) {
    const a = parseArgs("LambdaLR.__init__", { optimizer: REQUIRED, lr_lambda: REQUIRED, last_epoch: -1 }, args);
    super();
    this.optimizer = a.optimizer;
    if (!Array.isArray(a.lr_lambda)) {
      this.lr_lambdas = a.optimizer.param_groups.map(() => a.lr_lambda);
    } else {
      if (a.lr_lambda.length !== a.optimizer.param_groups.length) {
        throw new ValueError(`Expected ${a.optimizer.param_groups.length} lr_lambdas, but got ${a.lr_lambda.length}`);
      }
      this.lr_lambdas = [...a.lr_lambda];
    }
    // Python calls each one at once (in __init__'s first step): a non-callable is its TypeError.
    const notCallable = this.lr_lambdas.findIndex((f) => typeof f !== "function");
    if (notCallable >= 0) throw new TypeError(`'${pyTypeName(this.lr_lambdas[notCallable])}' object is not callable`);
    this.__init__(a.optimizer, a.last_epoch);
  }

  /** As the base's, with lr_lambdas as nulls: functions are not saved (JS has no callable objects). */
  state_dict(): Record<string, any> {
    const state_dict: Record<string, any> = {};
    for (const [key, value] of Object.entries(this)) if (key !== "optimizer" && key !== "lr_lambdas") state_dict[key] = value;
    state_dict.lr_lambdas = this.lr_lambdas.map(() => null);
    return state_dict;
  }

  load_state_dict(state_dict: Record<string, any>): void {
    const { lr_lambdas, ...rest } = state_dict;
    Object.assign(this, rest);
    (lr_lambdas as (Record<string, unknown> | null)[]).forEach((fn, idx) => {
      if (fn !== null) Object.assign(this.lr_lambdas[idx], fn);
    });
  }

  get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    return this.base_lrs.map((base_lr, i) => (base_lr as number) * this.lr_lambdas[i](this.last_epoch));
  }
}

/** Multiplies each group's lr by gamma every step_size epochs. */
export class StepLR extends LRScheduler {
  declare step_size: number;
  declare gamma: number;

  /** new StepLR(optimizer, step_size, gamma = 0.1, last_epoch = -1) */
  constructor(optimizer: Optimizer, step_size: number | Record<string, unknown>, ...rest: (number | Record<string, unknown>)[]);
  constructor(...args: unknown[]) {
    const a = parseArgs("StepLR.__init__", { optimizer: REQUIRED, step_size: REQUIRED, gamma: 0.1, last_epoch: -1 }, args);
    super();
    this.step_size = a.step_size;
    this.gamma = a.gamma;
    this.__init__(a.optimizer, a.last_epoch);
  }

  get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    if (this.last_epoch === 0 || mod(this.last_epoch, this.step_size) !== 0) {
      return _param_groups_val_list(this.optimizer, "lr");
    }
    return this.optimizer.param_groups.map((group) => group.lr * this.gamma);
  }

  _get_closed_form_lr(): LR[] {
    return this.base_lrs.map((base_lr) => (base_lr as number) * pow(this.gamma, floordiv(this.last_epoch, this.step_size)));
  }
}

/** Multiplies each group's lr by gamma at each milestone (once per time it is listed). */
export class MultiStepLR extends LRScheduler {
  /** Python's Counter of the milestones: epoch -> count. */
  declare milestones: Record<number, number>;
  declare gamma: number;

  /** new MultiStepLR(optimizer, milestones, gamma = 0.1, last_epoch = -1) */
  constructor(optimizer: Optimizer, milestones: Iterable<number> | Record<string, unknown>, ...rest: (number | Record<string, unknown>)[]);
  constructor(...args: unknown[]) {
    const a = parseArgs("MultiStepLR.__init__", { optimizer: REQUIRED, milestones: REQUIRED, gamma: 0.1, last_epoch: -1 }, args);
    super();
    const counter: Record<number, number> = {};
    if (a.milestones === null || typeof (a.milestones as Partial<Iterable<number>>)[Symbol.iterator] !== "function") {
      throw new TypeError(`'${pyTypeName(a.milestones)}' object is not iterable`);
    }
    for (const m of a.milestones as Iterable<number>) counter[m] = (counter[m] ?? 0) + 1;
    this.milestones = counter;
    this.gamma = a.gamma;
    this.__init__(a.optimizer, a.last_epoch);
  }

  get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    if (!(this.last_epoch in this.milestones)) return _param_groups_val_list(this.optimizer, "lr");
    return this.optimizer.param_groups.map((group) => group.lr * pow(this.gamma, this.milestones[this.last_epoch]));
  }

  _get_closed_form_lr(): LR[] {
    const milestones = Object.entries(this.milestones).flatMap(([m, n]) => new Array<number>(n).fill(Number(m)));
    milestones.sort((x, y) => x - y);
    const passed = milestones.filter((m) => m <= this.last_epoch).length; // bisect_right
    return this.base_lrs.map((base_lr) => (base_lr as number) * pow(this.gamma, passed));
  }
}

/** Multiplies each group's lr by a constant factor until total_iters epochs. */
export class ConstantLR extends LRScheduler {
  declare factor: number;
  declare total_iters: number;

  /** new ConstantLR(optimizer, factor = 1/3, total_iters = 5, last_epoch = -1) */
  constructor(optimizer: Optimizer, ...rest: (number | Record<string, unknown>)[]);
  constructor(...args: unknown[]) {
    const a = parseArgs("ConstantLR.__init__", { optimizer: REQUIRED, factor: 1.0 / 3, total_iters: 5, last_epoch: -1 }, args);
    if (a.factor > 1.0 || a.factor < 0) throw new ValueError("Constant multiplicative factor expected to be between 0 and 1.");
    super();
    this.factor = a.factor;
    this.total_iters = a.total_iters;
    this.__init__(a.optimizer, a.last_epoch);
  }

  get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    if (this.last_epoch === 0) return this.optimizer.param_groups.map((group) => group.lr * this.factor);
    if (this.last_epoch !== this.total_iters) return _param_groups_val_list(this.optimizer, "lr");
    return this.optimizer.param_groups.map((group) => group.lr * (1.0 / this.factor));
  }

  _get_closed_form_lr(): LR[] {
    return this.base_lrs.map(
      (base_lr) => (base_lr as number) * (this.factor + Number(this.last_epoch >= this.total_iters) * (1 - this.factor)),
    );
  }
}

/** Scales each group's lr by a factor going linearly from start_factor to end_factor over total_iters epochs. */
export class LinearLR extends LRScheduler {
  declare start_factor: number;
  declare end_factor: number;
  declare total_iters: number;

  /** new LinearLR(optimizer, start_factor = 1/3, end_factor = 1.0, total_iters = 5, last_epoch = -1) */
  constructor(optimizer: Optimizer, ...rest: (number | Record<string, unknown>)[]);
  constructor(...args: unknown[]) {
    const a = parseArgs(
      "LinearLR.__init__",
      { optimizer: REQUIRED, start_factor: 1.0 / 3, end_factor: 1.0, total_iters: 5, last_epoch: -1 },
      args,
    );
    if (a.start_factor > 1.0 || a.start_factor <= 0) {
      throw new ValueError("Starting multiplicative factor expected to be greater than 0 and less or equal to 1.");
    }
    if (a.end_factor > 1.0 || a.end_factor < 0) {
      throw new ValueError("Ending multiplicative factor expected to be between 0 and 1.");
    }
    super();
    this.start_factor = a.start_factor;
    this.end_factor = a.end_factor;
    this.total_iters = a.total_iters;
    this.__init__(a.optimizer, a.last_epoch);
  }

  get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    if (this.last_epoch === 0) return this.optimizer.param_groups.map((group) => group.lr * this.start_factor);
    if (this._is_initial || this.last_epoch > this.total_iters) return _param_groups_val_list(this.optimizer, "lr");
    return this.optimizer.param_groups.map(
      (group) =>
        group.lr *
        (1.0 +
          (this.end_factor - this.start_factor) /
            (this.total_iters * this.start_factor + (this.last_epoch - 1) * (this.end_factor - this.start_factor))),
    );
  }

  _get_closed_form_lr(): LR[] {
    return this.base_lrs.map(
      (base_lr) =>
        (base_lr as number) *
        (this.start_factor +
          ((this.end_factor - this.start_factor) * Math.min(this.total_iters, this.last_epoch)) / this.total_iters),
    );
  }
}

/** Multiplies each group's lr by gamma every epoch. */
export class ExponentialLR extends LRScheduler {
  declare gamma: number;

  /** new ExponentialLR(optimizer, gamma, last_epoch = -1) */
  constructor(optimizer: Optimizer, gamma: number | Record<string, unknown>, last_epoch?: number | Record<string, unknown>);
  constructor(...args: unknown[]) {
    const a = parseArgs("ExponentialLR.__init__", { optimizer: REQUIRED, gamma: REQUIRED, last_epoch: -1 }, args);
    super();
    this.gamma = a.gamma;
    this.__init__(a.optimizer, a.last_epoch);
  }

  get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    // when loading from a checkpoint, the initial step must not move the lr one more step
    if (this._is_initial) return _param_groups_val_list(this.optimizer, "lr");
    return this.optimizer.param_groups.map((group) => group.lr * this.gamma);
  }

  _get_closed_form_lr(): LR[] {
    return this.base_lrs.map((base_lr) => (base_lr as number) * pow(this.gamma, this.last_epoch));
  }
}

/** Runs schedulers one after another, switching at the milestones. */
export class SequentialLR extends LRScheduler {
  declare _schedulers: LRScheduler[];
  declare _milestones: number[];

  /** new SequentialLR(optimizer, schedulers, milestones, last_epoch = -1) */
  constructor(optimizer: Optimizer, schedulers: LRScheduler[] | Record<string, unknown>, milestones?: number[] | Record<string, unknown>, last_epoch?: number | Record<string, unknown>);
  constructor(...args: unknown[]) {
    const a = parseArgs("SequentialLR.__init__", { optimizer: REQUIRED, schedulers: REQUIRED, milestones: REQUIRED, last_epoch: -1 }, args);
    const { optimizer, schedulers, milestones } = a as { optimizer: Optimizer; schedulers: LRScheduler[]; milestones: number[] };
    super();
    const name = this.constructor.name;
    if (!Array.isArray(schedulers)) throw new TypeError(`${name}: schedulers must be a list of schedulers, not ${pyTypeName(schedulers)}`);
    if (schedulers.length < 1) {
      throw new ValueError(`${name} expects at least one scheduler, but got no scheduler.`);
    }
    schedulers.forEach((scheduler, scheduler_idx) => {
      if (!(scheduler instanceof Object) || !("optimizer" in scheduler)) {
        throw new TypeError(`${name} at index ${scheduler_idx} should have \`optimizer\` as its attribute.`);
      }
      if (optimizer !== scheduler.optimizer) {
        throw new ValueError(
          `${name} expects all schedulers to belong to the same optimizer, but ` +
            `got scheduler ${scheduler.constructor.name} at index ${scheduler_idx} has ${scheduler.optimizer}, ` +
            `which is different from ${optimizer.constructor.name}.`,
        );
      }
    });
    if (milestones.length !== schedulers.length - 1) {
      throw new ValueError(
        "Sequential Schedulers expects number of schedulers provided to be one more " +
          `than the number of milestone points, but got number of schedulers ${schedulers.length} and the ` +
          `number of milestones to be equal to ${milestones.length}`,
      );
    }
    this._schedulers = schedulers;
    this._milestones = milestones;
    this.last_epoch = a.last_epoch + 1;
    this.optimizer = optimizer;

    // Reset learning rates back to initial values
    for (const group of this.optimizer.param_groups) _update_param_group_val(group, "lr", group.initial_lr);

    // "Undo" the step performed by other schedulers
    this.recursive_undo();

    // Perform the initial step for only the first scheduler
    this._schedulers[0]._initial_step();

    this._last_lr = schedulers[0].get_last_lr();
  }

  /** Recursively undoes the steps the schedulers took when they were made. */
  recursive_undo(sched: LRScheduler | null = null): void {
    const scheds = sched === null ? this : sched;
    if ("_schedulers" in scheds) {
      for (const s of (scheds as SequentialLR)._schedulers) this.recursive_undo(s);
    } else if ("last_epoch" in scheds) {
      scheds.last_epoch -= 1;
    }
  }

  step(): void {
    this.last_epoch += 1;
    let idx = 0; // bisect_right(self._milestones, self.last_epoch)
    while (idx < this._milestones.length && this._milestones[idx] <= this.last_epoch) idx++;
    const scheduler = this._schedulers[idx];
    if (idx > 0 && this._milestones[idx - 1] === this.last_epoch) scheduler._update_lr(0);
    else scheduler.step();
    this._last_lr = scheduler.get_last_lr();
  }

  /** As the base's, with each scheduler's state_dict under `_schedulers`. */
  state_dict(): Record<string, any> {
    const state_dict: Record<string, any> = {};
    for (const [key, value] of Object.entries(this)) if (key !== "optimizer" && key !== "_schedulers") state_dict[key] = value;
    state_dict._schedulers = this._schedulers.map((s) => s.state_dict());
    return state_dict;
  }

  load_state_dict(state_dict: Record<string, any>): void {
    const { _schedulers, ...rest } = state_dict;
    Object.assign(this, rest);
    (_schedulers as Record<string, any>[]).forEach((s, idx) => this._schedulers[idx].load_state_dict(s));
  }
}

/** Cosine annealing from each group's initial lr to eta_min over T_max epochs (Python's recursive form). */
export class CosineAnnealingLR extends LRScheduler {
  declare T_max: number;
  declare eta_min: number;

  /** new CosineAnnealingLR(optimizer, T_max, eta_min = 0.0, last_epoch = -1) */
  constructor(optimizer: Optimizer, T_max: number | Record<string, unknown>, ...rest: (number | Record<string, unknown>)[]);
  constructor(...args: unknown[]) {
    const a = parseArgs("CosineAnnealingLR.__init__", { optimizer: REQUIRED, T_max: REQUIRED, eta_min: 0.0, last_epoch: -1 }, args);
    super();
    this.T_max = a.T_max;
    this.eta_min = a.eta_min;
    this.__init__(a.optimizer, a.last_epoch);
  }

  get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    const { eta_min, T_max, last_epoch } = this;
    if (this._is_initial) {
      return _param_groups_val_list(this.optimizer, "lr");
    } else if (this._step_count === 1 && last_epoch > 0) {
      return this.base_lrs.map(
        (base_lr) => eta_min + (((base_lr as number) - eta_min) * (1 + cos((last_epoch * Math.PI) / T_max))) / 2,
      );
    } else if (mod(last_epoch - 1 - T_max, 2 * T_max) === 0) {
      return this.optimizer.param_groups.map(
        (group, i) => group.lr + (((this.base_lrs[i] as number) - eta_min) * (1 - cos(Math.PI / T_max))) / 2,
      );
    }
    return this.optimizer.param_groups.map(
      (group) =>
        ((1 + cos((Math.PI * last_epoch) / T_max)) / (1 + cos((Math.PI * (last_epoch - 1)) / T_max))) * (group.lr - eta_min) +
        eta_min,
    );
  }

  _get_closed_form_lr(): LR[] {
    return this.base_lrs.map(
      (base_lr) => this.eta_min + (((base_lr as number) - this.eta_min) * (1 + cos((Math.PI * this.last_epoch) / this.T_max))) / 2,
    );
  }
}

interface SchedulePhase {
  end_step: number;
  start_lr: string;
  end_lr: string;
  start_momentum: string;
  end_momentum: string;
}

export interface OneCycleLROptions {
  total_steps?: number | null;
  epochs?: number | null;
  steps_per_epoch?: number | null;
  pct_start?: number;
  anneal_strategy?: "cos" | "linear";
  cycle_momentum?: boolean;
  base_momentum?: number | number[];
  max_momentum?: number | number[];
  div_factor?: number;
  final_div_factor?: number;
  three_phase?: boolean;
  last_epoch?: number;
}

const ONE_CYCLE_ARGS = {
  optimizer: REQUIRED,
  max_lr: REQUIRED,
  total_steps: null,
  epochs: null,
  steps_per_epoch: null,
  pct_start: 0.3,
  anneal_strategy: "cos",
  cycle_momentum: true,
  base_momentum: 0.85,
  max_momentum: 0.95,
  div_factor: 25.0,
  final_div_factor: 1e4,
  three_phase: false,
  last_epoch: -1,
};

/** The 1cycle policy: lr up from max_lr/div_factor to max_lr, then down to far below; momentum inversely. */
export class OneCycleLR extends LRScheduler {
  declare total_steps: number;
  declare _schedule_phases: SchedulePhase[];
  declare _anneal_func_type: "cos" | "linear";
  declare cycle_momentum: boolean;
  declare use_beta1: boolean;

  /**
   * new OneCycleLR(optimizer, max_lr, total_steps = null, epochs = null, steps_per_epoch = null,
   * pct_start = 0.3, anneal_strategy = "cos", cycle_momentum = true, base_momentum = 0.85,
   * max_momentum = 0.95, div_factor = 25, final_div_factor = 1e4, three_phase = false, last_epoch = -1),
   * usually as OneCycleLR(optimizer, max_lr, { total_steps }) or ({ epochs, steps_per_epoch }).
   */
  constructor(optimizer: Optimizer, max_lr: number | number[] | Record<string, unknown>, ...rest: unknown[]);
  constructor(...args: unknown[]) {
    const a = parseArgs("OneCycleLR.__init__", ONE_CYCLE_ARGS, args);
    super();
    const { optimizer, max_lr, total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy, cycle_momentum } = a;
    const { base_momentum, max_momentum, div_factor, final_div_factor, three_phase, last_epoch } = a;

    // Validate optimizer
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${pyTypeName(optimizer)} is not an Optimizer`);
    this.optimizer = optimizer;

    // Validate total_steps
    if (total_steps !== null) {
      if (total_steps <= 0 || !Number.isInteger(total_steps)) {
        throw new ValueError(`Expected positive integer total_steps, but got ${numberRepr(total_steps)}`);
      }
      this.total_steps = total_steps;
    } else if (epochs !== null && steps_per_epoch !== null) {
      if (!Number.isInteger(epochs) || epochs <= 0) throw new ValueError(`Expected positive integer epochs, but got ${numberRepr(epochs)}`);
      if (!Number.isInteger(steps_per_epoch) || steps_per_epoch <= 0) {
        throw new ValueError(`Expected positive integer steps_per_epoch, but got ${numberRepr(steps_per_epoch)}`);
      }
      this.total_steps = epochs * steps_per_epoch;
    } else {
      throw new ValueError("You must define either total_steps OR (epochs AND steps_per_epoch)");
    }

    if (three_phase) {
      this._schedule_phases = [
        {
          end_step: pct_start * this.total_steps - 1,
          start_lr: "initial_lr",
          end_lr: "max_lr",
          start_momentum: "max_momentum",
          end_momentum: "base_momentum",
        },
        {
          end_step: 2 * pct_start * this.total_steps - 2,
          start_lr: "max_lr",
          end_lr: "initial_lr",
          start_momentum: "base_momentum",
          end_momentum: "max_momentum",
        },
        {
          end_step: this.total_steps - 1,
          start_lr: "initial_lr",
          end_lr: "min_lr",
          start_momentum: "max_momentum",
          end_momentum: "max_momentum",
        },
      ];
    } else {
      this._schedule_phases = [
        {
          end_step: pct_start * this.total_steps - 1,
          start_lr: "initial_lr",
          end_lr: "max_lr",
          start_momentum: "max_momentum",
          end_momentum: "base_momentum",
        },
        {
          end_step: this.total_steps - 1,
          start_lr: "max_lr",
          end_lr: "min_lr",
          start_momentum: "base_momentum",
          end_momentum: "max_momentum",
        },
      ];
    }

    // Validate pct_start (JS cannot tell Python's int 1 from float 1.0: the range is checked)
    if (typeof pct_start !== "number" || pct_start < 0 || pct_start > 1) {
      throw new ValueError(`Expected float between 0 and 1 pct_start, but got ${numberRepr(pct_start)}`);
    }

    // Validate anneal_strategy
    if (anneal_strategy !== "cos" && anneal_strategy !== "linear") {
      throw new ValueError(`anneal_strategy must be one of 'cos' or 'linear', instead got ${anneal_strategy}`);
    }
    this._anneal_func_type = anneal_strategy;

    // Initialize learning rate variables
    const max_lrs = _format_param("max_lr", this.optimizer, max_lr) as number[];
    if (last_epoch === -1) {
      this.optimizer.param_groups.forEach((group, idx) => {
        group.initial_lr = max_lrs[idx] / div_factor;
        group.max_lr = max_lrs[idx];
        group.min_lr = group.initial_lr / final_div_factor;
      });
    }

    // Initialize momentum variables
    this.cycle_momentum = cycle_momentum;
    if (this.cycle_momentum) {
      if (!("momentum" in this.optimizer.defaults) && !("betas" in this.optimizer.defaults)) {
        throw new ValueError("optimizer must support momentum or beta1 with `cycle_momentum` option enabled");
      }
      this.use_beta1 = "betas" in this.optimizer.defaults;
      const max_momentums = _format_param("max_momentum", optimizer, max_momentum);
      const base_momentums = _format_param("base_momentum", optimizer, base_momentum);
      if (last_epoch === -1) {
        optimizer.param_groups.forEach((group, i) => {
          const m_momentum = max_momentums[i];
          if (this.use_beta1) group.betas = [m_momentum, ...group.betas.slice(1)];
          else group.momentum = m_momentum;
          group.max_momentum = m_momentum;
          group.base_momentum = base_momentums[i];
        });
      }
    }
    this.__init__(optimizer, last_epoch);
  }

  _anneal_func(start: number, end: number, pct: number): number {
    if (this._anneal_func_type === "cos") return OneCycleLR._annealing_cos(start, end, pct);
    if (this._anneal_func_type === "linear") return OneCycleLR._annealing_linear(start, end, pct);
    throw new ValueError(`Unknown _anneal_func_type: ${this._anneal_func_type}`);
  }

  /** Cosine anneal from `start` to `end` as pct goes from 0.0 to 1.0. */
  static _annealing_cos(start: number, end: number, pct: number): number {
    const cos_out = cos(Math.PI * pct) + 1;
    return end + ((start - end) / 2.0) * cos_out;
  }

  /** Linearly anneal from `start` to `end` as pct goes from 0.0 to 1.0. */
  static _annealing_linear(start: number, end: number, pct: number): number {
    return (end - start) * pct + start;
  }

  /** The lrs of this step; also sets each group's momentum (or beta1) when cycle_momentum. */
  get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    const lrs: number[] = [];
    const step_num = this.last_epoch;
    if (step_num > this.total_steps) {
      throw new ValueError(`Tried to step ${step_num} times. The specified number of total steps is ${this.total_steps}`);
    }

    for (const group of this.optimizer.param_groups) {
      let start_step = 0.0;
      let computed_lr = 0;
      let computed_momentum = 0;
      for (let i = 0; i < this._schedule_phases.length; i++) {
        const phase = this._schedule_phases[i];
        const end_step = phase.end_step;
        if (step_num <= end_step || i === this._schedule_phases.length - 1) {
          const pct = (step_num - start_step) / (end_step - start_step);
          computed_lr = this._anneal_func(group[phase.start_lr], group[phase.end_lr], pct);
          if (this.cycle_momentum) {
            computed_momentum = this._anneal_func(group[phase.start_momentum], group[phase.end_momentum], pct);
          }
          break;
        }
        start_step = phase.end_step;
      }

      lrs.push(computed_lr);
      if (this.cycle_momentum) {
        if (this.use_beta1) group.betas = [computed_momentum, ...group.betas.slice(1)];
        else group.momentum = computed_momentum;
      }
    }
    return lrs;
  }
}

// ---- MultiplicativeLR, PolynomialLR, ChainedScheduler, ReduceLROnPlateau, CyclicLR,
// CosineAnnealingWarmRestarts ----

/** Multiplies each group's lr by lr_lambda(epoch) every step (one function, or one per group). */
export class MultiplicativeLR extends LRScheduler {
  declare lr_lambdas: ((epoch: number) => number)[];

  /** new MultiplicativeLR(optimizer, lr_lambda, last_epoch = -1) */
  constructor(optimizer: Optimizer, lr_lambda: ((epoch: number) => number) | ((epoch: number) => number)[] | Record<string, unknown>, last_epoch?: number | Record<string, unknown>);
  constructor(...args: unknown[]) {
    const a = parseArgs("MultiplicativeLR.__init__", { optimizer: REQUIRED, lr_lambda: REQUIRED, last_epoch: -1 }, args);
    super();
    this.optimizer = a.optimizer;
    if (!Array.isArray(a.lr_lambda)) {
      this.lr_lambdas = a.optimizer.param_groups.map(() => a.lr_lambda);
    } else {
      if (a.lr_lambda.length !== a.optimizer.param_groups.length) {
        throw new ValueError(`Expected ${a.optimizer.param_groups.length} lr_lambdas, but got ${a.lr_lambda.length}`);
      }
      this.lr_lambdas = [...a.lr_lambda];
    }
    for (const fn of this.lr_lambdas) {
      if (typeof fn !== "function") throw new TypeError(`lr_lambda should be a function, but got ${pyTypeName(fn)}`);
    }
    this.__init__(a.optimizer, a.last_epoch);
  }

  /** As the base's, with lr_lambdas as nulls (functions are not saved). */
  state_dict(): Record<string, any> {
    const state_dict: Record<string, any> = {};
    for (const [key, value] of Object.entries(this)) if (key !== "optimizer" && key !== "lr_lambdas") state_dict[key] = value;
    state_dict.lr_lambdas = this.lr_lambdas.map(() => null);
    return state_dict;
  }

  load_state_dict(state_dict: Record<string, any>): void {
    const { lr_lambdas, ...rest } = state_dict;
    Object.assign(this, rest);
    (lr_lambdas as (Record<string, unknown> | null)[]).forEach((fn, idx) => {
      if (fn !== null) Object.assign(this.lr_lambdas[idx], fn);
    });
  }

  get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    if (!this._is_initial) return this.optimizer.param_groups.map((group, i) => group.lr * this.lr_lambdas[i](this.last_epoch));
    return _param_groups_val_list(this.optimizer, "lr");
  }
}

/** Decays each group's lr by a polynomial of the epoch over total_iters epochs. */
export class PolynomialLR extends LRScheduler {
  declare total_iters: number;
  declare power: number;

  /** new PolynomialLR(optimizer, total_iters = 5, power = 1.0, last_epoch = -1) */
  constructor(optimizer: Optimizer, ...rest: (number | Record<string, unknown>)[]);
  constructor(...args: unknown[]) {
    const a = parseArgs("PolynomialLR.__init__", { optimizer: REQUIRED, total_iters: 5, power: 1.0, last_epoch: -1 }, args);
    super();
    this.total_iters = a.total_iters;
    this.power = a.power;
    this.__init__(a.optimizer, a.last_epoch);
  }

  get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    if (this._is_initial || this.last_epoch > this.total_iters) return _param_groups_val_list(this.optimizer, "lr");
    const decay_factor = pow((1.0 - this.last_epoch / this.total_iters) / (1.0 - (this.last_epoch - 1) / this.total_iters), this.power);
    return this.optimizer.param_groups.map((group) => group.lr * decay_factor);
  }

  _get_closed_form_lr(): LR[] {
    return this.base_lrs.map((base_lr) => (base_lr as number) * pow(1.0 - Math.min(this.total_iters, this.last_epoch) / this.total_iters, this.power));
  }
}

/** Steps several schedulers of one optimizer together, each step. */
export class ChainedScheduler extends LRScheduler {
  declare _schedulers: LRScheduler[];

  /** new ChainedScheduler(schedulers, optimizer = null) */
  constructor(schedulers: LRScheduler[] | Record<string, unknown>, optimizer?: Optimizer | null | Record<string, unknown>);
  constructor(...args: unknown[]) {
    const a = parseArgs("ChainedScheduler.__init__", { schedulers: REQUIRED, optimizer: null }, args);
    super();
    const schedulers = a.schedulers as LRScheduler[];
    const name = this.constructor.name;
    if (schedulers.length < 1) throw new ValueError(`${name} expects at least one scheduler to be chained, but got no scheduler.`);
    const optimizer: Optimizer = a.optimizer || schedulers[0].optimizer;
    schedulers.forEach((scheduler, scheduler_idx) => {
      if (!(scheduler instanceof Object) || !("optimizer" in scheduler)) {
        throw new TypeError(`${name} at index ${scheduler_idx} should have \`optimizer\` as its attribute.`);
      }
      if (scheduler instanceof ReduceLROnPlateau) {
        throw new ValueError(
          `${name} does not support \`ReduceLROnPlateau\` scheduler as it ` +
            "requires additional kwargs to be specified when calling `step`, " +
            `but got one at index ${scheduler_idx} in the given schedulers sequence.`,
        );
      }
      if (optimizer !== scheduler.optimizer) {
        throw new ValueError(
          `${name} expects all schedulers to belong to the same optimizer, but ` +
            `got scheduler ${scheduler.constructor.name} at index ${scheduler_idx} has ${scheduler.optimizer}, ` +
            `which is different from ${optimizer.constructor.name}.`,
        );
      }
    });
    this._schedulers = schedulers;
    this.optimizer = optimizer;
    this._last_lr = _param_groups_val_list(this._schedulers[this._schedulers.length - 1].optimizer, "lr");
  }

  step(): void {
    for (const scheduler of this._schedulers) scheduler.step();
    this._last_lr = _param_groups_val_list(this._schedulers[this._schedulers.length - 1].optimizer, "lr");
  }

  state_dict(): Record<string, any> {
    const state_dict: Record<string, any> = {};
    for (const [key, value] of Object.entries(this)) if (key !== "optimizer" && key !== "_schedulers") state_dict[key] = value;
    state_dict._schedulers = this._schedulers.map((s) => s.state_dict());
    return state_dict;
  }

  load_state_dict(state_dict: Record<string, any>): void {
    const { _schedulers, ...rest } = state_dict;
    Object.assign(this, rest);
    (_schedulers as Record<string, any>[]).forEach((s, idx) => this._schedulers[idx].load_state_dict(s));
  }
}

export interface ReduceLROnPlateauOptions {
  mode?: "min" | "max";
  factor?: number;
  patience?: number;
  threshold?: number;
  threshold_mode?: "rel" | "abs";
  cooldown?: number;
  min_lr?: number | number[];
  eps?: number;
}

/** Reduces the lr by factor when a metric has stopped improving for patience epochs: step(metrics). */
export class ReduceLROnPlateau extends LRScheduler {
  declare factor: number;
  declare default_min_lr: number | null;
  declare min_lrs: number[];
  declare patience: number;
  declare cooldown: number;
  declare eps: number;
  declare best: number;
  declare cooldown_counter: number;
  declare num_bad_epochs: number;
  declare mode: "min" | "max";
  declare mode_worse: number;
  declare threshold: number;
  declare threshold_mode: "rel" | "abs";

  /** new ReduceLROnPlateau(optimizer, mode = "min", factor = 0.1, patience = 10, threshold = 1e-4, threshold_mode = "rel", cooldown = 0, min_lr = 0, eps = 1e-8) */
  constructor(optimizer: Optimizer, mode?: "min" | "max" | ReduceLROnPlateauOptions, ...rest: (number | number[] | string | ReduceLROnPlateauOptions)[]);
  constructor(...args: unknown[]) {
    const a = parseArgs(
      "ReduceLROnPlateau.__init__",
      { optimizer: REQUIRED, mode: "min", factor: 0.1, patience: 10, threshold: 1e-4, threshold_mode: "rel", cooldown: 0, min_lr: 0, eps: 1e-8 },
      args,
    );
    super();
    if (a.factor >= 1.0) throw new ValueError("Factor should be < 1.0.");
    this.factor = a.factor;
    if (!(a.optimizer instanceof Optimizer)) throw new TypeError(`${pyTypeName(a.optimizer)} is not an Optimizer`);
    this.optimizer = a.optimizer;
    const n = a.optimizer.param_groups.length;
    if (Array.isArray(a.min_lr)) {
      if (a.min_lr.length !== n) throw new ValueError(`expected ${n} min_lrs, got ${a.min_lr.length}`);
      this.default_min_lr = null;
      this.min_lrs = [...a.min_lr];
    } else {
      this.default_min_lr = a.min_lr;
      this.min_lrs = new Array(n).fill(a.min_lr);
    }
    this.patience = a.patience;
    this.cooldown = a.cooldown;
    this.eps = a.eps;
    this.last_epoch = 0;
    this._last_lr = _param_groups_val_list(this.optimizer, "lr");
    this._init_is_better(a.mode, a.threshold, a.threshold_mode);
    this._reset();
  }

  _reset(): void {
    this.best = this.mode_worse;
    this.cooldown_counter = 0;
    this.num_bad_epochs = 0;
  }

  /** step(metrics, epoch = null): after each validation, with the metric to watch. */
  step(metrics?: number | Tensor | null, epoch: number | null = null): void {
    const current = metrics instanceof Tensor ? (metrics.item() as number) : Number(metrics);
    if (epoch === null || epoch === undefined) epoch = this.last_epoch + 1;
    else warn(EPOCH_DEPRECATION_WARNING);
    this.last_epoch = epoch;
    if (this._is_better(current, this.best)) {
      this.best = current;
      this.num_bad_epochs = 0;
    } else {
      this.num_bad_epochs += 1;
    }
    if (this.in_cooldown) {
      this.cooldown_counter -= 1;
      this.num_bad_epochs = 0;
    }
    if (this.num_bad_epochs > this.patience) {
      this._reduce_lr(epoch);
      this.cooldown_counter = this.cooldown;
      this.num_bad_epochs = 0;
    }
    this._last_lr = _param_groups_val_list(this.optimizer, "lr");
  }

  _reduce_lr(epoch: number): void {
    void epoch;
    if (this.optimizer.param_groups.length !== this.min_lrs.length) {
      if (this.default_min_lr === null) {
        throw new RuntimeError(
          "The number of param groups in the `optimizer` " +
            `(${this.optimizer.param_groups.length}) differs ` +
            "from when `ReduceLROnPlateau` was initialized " +
            `(${this.min_lrs.length}), usually due to a new ` +
            "param group being added to the optimizer. Please " +
            "modify the `min_lrs` field to match the length " +
            "of the `optimizer` param groups.",
        );
      }
      this.min_lrs = new Array(this.optimizer.param_groups.length).fill(this.default_min_lr);
    }
    this.optimizer.param_groups.forEach((param_group, i) => {
      const old_lr = param_group.lr instanceof Tensor ? (param_group.lr.item() as number) : Number(param_group.lr);
      const x = old_lr * this.factor;
      const new_lr = this.min_lrs[i] > x ? this.min_lrs[i] : x; // Python's max(x, min_lr)
      if (old_lr - new_lr > this.eps) _update_param_group_val(param_group, "lr", new_lr);
    });
  }

  get in_cooldown(): boolean {
    return this.cooldown_counter > 0;
  }

  _is_better(a: number, best: number): boolean {
    if (this.mode === "min" && this.threshold_mode === "rel") return a < best * (1.0 - this.threshold);
    if (this.mode === "min" && this.threshold_mode === "abs") return a < best - this.threshold;
    if (this.mode === "max" && this.threshold_mode === "rel") return a > best * (this.threshold + 1.0);
    return a > best + this.threshold;
  }

  _init_is_better(mode: string, threshold: number, threshold_mode: string): void {
    if (mode !== "min" && mode !== "max") throw new ValueError("mode " + mode + " is unknown!");
    if (threshold_mode !== "rel" && threshold_mode !== "abs") throw new ValueError("threshold mode " + threshold_mode + " is unknown!");
    this.mode_worse = mode === "min" ? Infinity : -Infinity;
    this.mode = mode;
    this.threshold = threshold;
    this.threshold_mode = threshold_mode;
  }

  load_state_dict(state_dict: Record<string, any>): void {
    Object.assign(this, state_dict);
    this._init_is_better(this.mode, this.threshold, this.threshold_mode);
  }
}

export interface CyclicLROptions {
  step_size_up?: number;
  step_size_down?: number | null;
  mode?: "triangular" | "triangular2" | "exp_range";
  gamma?: number;
  scale_fn?: ((x: number) => number) | null;
  scale_mode?: "cycle" | "iterations";
  cycle_momentum?: boolean;
  base_momentum?: number | number[];
  max_momentum?: number | number[];
  last_epoch?: number;
}

/** Cycles the lr (and momentum) between two bounds (the cyclical learning rate policy). */
export class CyclicLR extends LRScheduler {
  declare max_lrs: number[];
  declare total_size: number;
  declare step_ratio: number;
  declare mode: string;
  declare gamma: number;
  declare _scale_fn_ref: (x: number) => number;
  declare _scale_fn_custom: ((x: number) => number) | null;
  declare scale_mode: string;
  declare cycle_momentum: boolean;
  declare use_beta1: boolean;
  declare base_momentums: number[];
  declare max_momentums: number[];

  /** new CyclicLR(optimizer, base_lr, max_lr, step_size_up = 2000, step_size_down = null, mode = "triangular", gamma = 1.0, scale_fn = null, scale_mode = "cycle", cycle_momentum = true, base_momentum = 0.8, max_momentum = 0.9, last_epoch = -1) */
  constructor(optimizer: Optimizer, base_lr: number | number[] | Record<string, unknown>, max_lr?: number | number[] | Record<string, unknown>, ...rest: unknown[]);
  constructor(...args: unknown[]) {
    const a = parseArgs(
      "CyclicLR.__init__",
      {
        optimizer: REQUIRED, base_lr: REQUIRED, max_lr: REQUIRED, step_size_up: 2000, step_size_down: null, mode: "triangular", gamma: 1.0,
        scale_fn: null, scale_mode: "cycle", cycle_momentum: true, base_momentum: 0.8, max_momentum: 0.9, last_epoch: -1,
      },
      args,
    );
    super();
    const optimizer = a.optimizer as Optimizer;
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${pyTypeName(optimizer)} is not an Optimizer`);
    this.optimizer = optimizer;
    const base_lrs = _format_param("base_lr", optimizer, a.base_lr) as number[];
    if (a.last_epoch === -1) optimizer.param_groups.forEach((group, i) => _update_param_group_val(group, "lr", base_lrs[i]));
    this.max_lrs = _format_param("max_lr", optimizer, a.max_lr) as number[];
    const step_size_up = Number(a.step_size_up);
    const step_size_down = a.step_size_down !== null ? Number(a.step_size_down) : step_size_up;
    this.total_size = step_size_up + step_size_down;
    this.step_ratio = step_size_up / this.total_size;
    if (!["triangular", "triangular2", "exp_range"].includes(a.mode) && a.scale_fn === null) throw new ValueError("mode is invalid and scale_fn is None");
    this.mode = a.mode;
    this.gamma = a.gamma;
    this._scale_fn_custom = a.scale_fn;
    this.scale_mode = a.scale_mode;
    this._init_scale_fn();
    this.cycle_momentum = a.cycle_momentum;
    if (this.cycle_momentum) {
      if (!("momentum" in optimizer.defaults) && !("betas" in optimizer.defaults)) {
        throw new ValueError("optimizer must support momentum or beta1 with `cycle_momentum` option enabled");
      }
      this.use_beta1 = "betas" in this.optimizer.defaults;
      this.base_momentums = _format_param("base_momentum", optimizer, a.base_momentum) as number[];
      this.max_momentums = _format_param("max_momentum", optimizer, a.max_momentum) as number[];
      if (a.last_epoch === -1) {
        optimizer.param_groups.forEach((group, i) => {
          const m_momentum = this.max_momentums[i];
          if (this.use_beta1) group.betas = [m_momentum, ...group.betas.slice(1)];
          else group.momentum = m_momentum;
          group.max_momentum = m_momentum;
          group.base_momentum = this.base_momentums[i];
        });
      }
    }
    this.__init__(optimizer, a.last_epoch);
    this.base_lrs = base_lrs;
  }

  _init_scale_fn(): void {
    if (this._scale_fn_custom !== null && this._scale_fn_custom !== undefined) return;
    if (this.mode === "triangular") {
      this._scale_fn_ref = CyclicLR._triangular_scale_fn;
      this.scale_mode = "cycle";
    } else if (this.mode === "triangular2") {
      this._scale_fn_ref = CyclicLR._triangular2_scale_fn;
      this.scale_mode = "cycle";
    } else if (this.mode === "exp_range") {
      const gamma = this.gamma;
      this._scale_fn_ref = (x) => CyclicLR._exp_range_scale_fn(gamma, x);
      this.scale_mode = "iterations";
    }
  }

  scale_fn(x: number): number {
    if (this._scale_fn_custom !== null && this._scale_fn_custom !== undefined) return this._scale_fn_custom(x);
    return this._scale_fn_ref(x);
  }

  static _triangular_scale_fn(x: number): number {
    void x;
    return 1.0;
  }

  static _triangular2_scale_fn(x: number): number {
    return 1 / pow(2.0, x - 1);
  }

  static _exp_range_scale_fn(gamma: number, x: number): number {
    return pow(gamma, x);
  }

  get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    const cycle = Math.floor(1 + this.last_epoch / this.total_size);
    const x = 1.0 + this.last_epoch / this.total_size - cycle;
    const scale_factor = x <= this.step_ratio ? x / this.step_ratio : (x - 1) / (this.step_ratio - 1);
    const lrs: number[] = [];
    this.base_lrs.forEach((base_lr, i) => {
      const base_height = (this.max_lrs[i] - (base_lr as number)) * scale_factor;
      const s = this.scale_mode === "cycle" ? this.scale_fn(cycle) : this.scale_fn(this.last_epoch);
      lrs.push((base_lr as number) + base_height * s);
    });
    if (this.cycle_momentum) {
      const momentums = this.base_momentums.map((base_momentum, i) => {
        const max_momentum = this.max_momentums[i];
        const base_height = (max_momentum - base_momentum) * scale_factor;
        const s = this.scale_mode === "cycle" ? this.scale_fn(cycle) : this.scale_fn(this.last_epoch);
        return max_momentum - base_height * s;
      });
      this.optimizer.param_groups.forEach((param_group, i) => {
        if (this.use_beta1) param_group.betas = [momentums[i], ...param_group.betas.slice(1)];
        else param_group.momentum = momentums[i];
      });
    }
    return lrs;
  }

  state_dict(): Record<string, any> {
    const state = super.state_dict();
    delete state._scale_fn_ref;
    delete state._scale_fn_custom;
    state._scale_fn_custom = null;
    return state;
  }

  load_state_dict(state_dict: Record<string, any>): void {
    const { _scale_fn_custom: fn, ...rest } = state_dict;
    super.load_state_dict(rest);
    if (fn !== null && fn !== undefined && this._scale_fn_custom) Object.assign(this._scale_fn_custom, fn);
    this._init_scale_fn();
  }
}

/** Cosine annealing with warm restarts (SGDR): restarts every T_i epochs, T_i growing by T_mult. */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  declare T_0: number;
  declare T_i: number;
  declare T_mult: number;
  declare eta_min: number;
  declare T_cur: number;

  /** new CosineAnnealingWarmRestarts(optimizer, T_0, T_mult = 1, eta_min = 0.0, last_epoch = -1) */
  constructor(optimizer: Optimizer, T_0: number | Record<string, unknown>, ...rest: (number | Record<string, unknown>)[]);
  constructor(...args: unknown[]) {
    const a = parseArgs("CosineAnnealingWarmRestarts.__init__", { optimizer: REQUIRED, T_0: REQUIRED, T_mult: 1, eta_min: 0.0, last_epoch: -1 }, args);
    super();
    const { T_0, T_mult, eta_min } = a;
    if (!Number.isInteger(T_0) || T_0 <= 0) throw new ValueError(`Expected positive integer T_0, but got ${numberRepr(T_0)}`);
    if (!Number.isInteger(T_mult) || T_mult < 1) throw new ValueError(`Expected integer T_mult >= 1, but got ${numberRepr(T_mult)}`);
    if (typeof eta_min !== "number") throw new ValueError(`Expected float or int eta_min, but got ${eta_min} of type <class '${pyTypeName(eta_min)}'>`);
    this.T_0 = T_0;
    this.T_i = T_0;
    this.T_mult = T_mult;
    this.eta_min = eta_min;
    this.T_cur = a.last_epoch;
    this.__init__(a.optimizer, a.last_epoch);
  }

  get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    return this.base_lrs.map((base_lr) => this.eta_min + (((base_lr as number) - this.eta_min) * (1 + cos((Math.PI * this.T_cur) / this.T_i))) / 2);
  }

  /** step(epoch = null): epoch may be fractional (epoch + i / iters within an epoch). */
  step(epoch: number | null = null): void {
    if ((epoch === null || epoch === undefined) && this.last_epoch < 0) epoch = 0;
    if (epoch === null || epoch === undefined) {
      epoch = this.last_epoch + 1;
      this.T_cur = this.T_cur + 1;
      if (this.T_cur >= this.T_i) {
        this.T_cur = mod(this.T_cur, this.T_i);
        this.T_i = this.T_i * this.T_mult;
      }
    } else {
      if (epoch < 0) throw new ValueError(`Expected non-negative epoch, but got ${numberRepr(epoch)}`);
      if (epoch >= this.T_0) {
        if (this.T_mult === 1) {
          this.T_cur = mod(epoch, this.T_0);
        } else {
          const n = Math.trunc(Math.log((epoch / this.T_0) * (this.T_mult - 1) + 1) / Math.log(this.T_mult));
          this.T_cur = epoch - (this.T_0 * (pow(this.T_mult, n) - 1)) / (this.T_mult - 1);
          this.T_i = this.T_0 * pow(this.T_mult, n);
        }
      } else {
        this.T_i = this.T_0;
        this.T_cur = epoch;
      }
    }
    this.last_epoch = Math.floor(epoch);
    this._get_lr_called_within_step = true;
    let values: LR[];
    try {
      values = this.get_lr();
    } finally {
      this._get_lr_called_within_step = false;
    }
    this.optimizer.param_groups.forEach((param_group, i) => _update_param_group_val(param_group, "lr", values[i]));
    this._last_lr = _param_groups_val_list(this.optimizer, "lr");
  }
}
