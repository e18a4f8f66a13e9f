// torch.optim.lr_scheduler, ported from torch/optim/lr_scheduler.py: the LRScheduler base (with
// its initial step in the constructor and `initial_lr` in the param groups), StepLR, MultiStepLR,
// ConstantLR, LinearLR, ExponentialLR, LambdaLR, CosineAnnealingLR (the recursive form),
// SequentialLR and OneCycleLR. Learning rates are Python floats computed in the same order, so
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
import { NotImplementedError, pyTypeName, TypeError, ValueError } from "../errors";
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
