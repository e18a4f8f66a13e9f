// torch.optim.Optimizer, ported from torch/optim/optimizer.py: parameter groups, per-parameter
// state, zero_grad, state_dict/load_state_dict, and the helpers the optimizers share.
import { bindArgs, isOptions } from "../_args";
import { enable_grad, is_grad_enabled, set_grad_enabled } from "../autograd";
import { callOp } from "../_dispatch";
import { float32, float64, get_default_dtype, dtype as Dtype } from "../dtype";
import { KeyError, NotImplementedError, pyTypeName, RuntimeError, TypeError, ValueError } from "../errors";
import { warn } from "../_python";
import { OPS } from "../generated/ops";
import { native } from "../native";
import { Tensor, trackTensors } from "../tensor";
import { numberRepr } from "../_pymath";
import { printsAsStr } from "../_python";

/** One parameter group: its tensors and its options (lr, weight_decay, ...), which may change between steps. */
export interface ParamGroup {
  params: Tensor[];
  param_names?: string[];
  [option: string]: any;
}

/** What a parameter group may be given as: `params` a Tensor, an iterable of them, or of [name, Tensor] pairs. */
export interface ParamGroupInput {
  params: Tensor | Iterable<Tensor> | Iterable<[string, Tensor]>;
  [option: string]: any;
}

/** An iterable of Tensors, of [name, Tensor] pairs (named_parameters()), or of parameter groups. */
export type ParamsT = Iterable<Tensor> | Iterable<[string, Tensor]> | Iterable<ParamGroupInput>;

/** The state of one parameter: { step, exp_avg, ... } or { momentum_buffer }. */
export type ParamState = Record<string, any>;

export interface StateDict {
  state: Record<number, ParamState>;
  param_groups: Record<string, any>[];
}

export { KeyError, warn };

// ---- helpers of optimizer.py ----

/** Runs a step with grad mode set to `differentiable` (off, unless differentiable=True). */
export function _use_grad_for_differentiable<T>(self: Optimizer, fn: () => T): T {
  const prev = is_grad_enabled();
  // Not tracked by an enclosing torch.scope(): the step makes the optimizer's state, which
  // outlives the scope.
  const scope = trackTensors(null);
  try {
    set_grad_enabled(Boolean(self.defaults.differentiable));
    return fn();
  } finally {
    set_grad_enabled(prev);
    trackTensors(scope);
  }
}

/** x.item() for a Tensor, x otherwise. */
export function _get_value(x: Tensor | number): number {
  return x instanceof Tensor ? x.item() : x;
}

/** The values of many one-element tensors (a list of state["step"]), in two native calls rather than one item() each. */
export function _get_values(xs: Tensor[]): number[] {
  if (xs.length === 1) return [xs[0].item()];
  const stacked = callOp(OPS.stack, null, [xs]) as Tensor;
  return Array.from(stacked.to_typed_array() as Float32Array | Float64Array);
}

/** A hyperparameter as a 0-dim tensor if it is a 1-element tensor of more dims; numbers as they are. */
export function _to_scalar<T extends number | Tensor>(x: T): T {
  return x instanceof Tensor && x.dim() !== 0 ? (x.squeeze() as T) : x;
}

/** The dtype of state["step"]: float32, or float64 when that is the default dtype; float32 for fused. */
export function _get_scalar_dtype(is_fused: boolean | null = null): Dtype {
  if (is_fused) return float32;
  return get_default_dtype() === float64 ? float64 : float32;
}

function fusedSupportedDevices(): string[] {
  return ["mps", "cuda", "xpu", "hpu", "cpu", "mtia", "privateuseone"];
}

export function _device_dtype_check_for_fused(p: Tensor): void {
  const supported = fusedSupportedDevices();
  const type = native.device(p._h).split(":")[0];
  if (!(supported.includes(type) && p.dtype.is_floating_point)) {
    throw new RuntimeError(
      "`fused=True` requires all the params to be floating point Tensors of " +
        `supported devices: [${supported.map((d) => `'${d}'`).join(", ")}] but ${p.dtype} and ${type}`,
    );
  }
}

/** Python's torch.typename: "torch.FloatTensor" for tensors, the type's name otherwise. */
export function typename(value: unknown): string {
  if (value instanceof Tensor) {
    const names: Record<string, string> = {
      float32: "FloatTensor", float64: "DoubleTensor", float16: "HalfTensor", bfloat16: "BFloat16Tensor",
      int64: "LongTensor", int32: "IntTensor", int16: "ShortTensor", int8: "CharTensor", uint8: "ByteTensor",
      bool: "BoolTensor", complex64: "ComplexFloatTensor", complex128: "ComplexDoubleTensor",
    };
    const cuda = native.device(value._h).startsWith("cuda") ? "cuda." : "";
    return `torch.${cuda}${names[value.dtype.name] ?? "Tensor"}`;
  }
  return pyTypeName(value);
}

/** Python's list(iterable), with its TypeError for what is not iterable. */
export function pyList<T>(value: unknown): T[] {
  if (value === null || value === undefined || typeof (value as any)[Symbol.iterator] !== "function" || typeof value === "string") {
    throw new TypeError(`'${pyTypeName(value)}' object is not iterable`);
  }
  return Array.from(value as Iterable<T>);
}

/**
 * Adds one to every step counter of a group (state['step'] tensors). On CPU with a 0-dim
 * tensor 1, whose alpha picks the Tensor overload, as Python's foreach optimizers do.
 */
export function _increment_steps(state_steps: Tensor[]): void {
  if (state_steps[0].device.type === "cpu") {
    const one = callOp(OPS.full, null, [[], 1, { dtype: get_default_dtype() }]) as Tensor; // torch.tensor(1.0)
    callOp(OPS._foreach_add_, null, [state_steps, one, { alpha: 1.0 }]);
  } else {
    callOp(OPS._foreach_add_, null, [state_steps, 1]);
  }
}

/** Python's copy.deepcopy for the plain data of param groups (tensors are copied, functions shared). */
function deepcopy<T>(value: T, memo: Map<unknown, unknown> = new Map()): T {
  // memo: what was copied already, as Python's deepcopy keeps it (shared and self-containing data).
  if (memo.has(value)) return memo.get(value) as T;
  if (value instanceof Tensor) {
    const copy = value.detach().clone();
    if (value.requires_grad) copy.requires_grad_(true);
    memo.set(value, copy);
    return copy as T;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    memo.set(value, out);
    for (const v of value) out.push(deepcopy(v, memo));
    return out as T;
  }
  if (isOptions(value)) {
    const out: Record<string, unknown> = {};
    memo.set(value, out);
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = deepcopy(v, memo);
    return out as T;
  }
  return value;
}

/** The device and dtype of a tensor as one key. */
function deviceDtypeKey(t: Tensor): string {
  return `${native.device(t._h)}|${native.dtype(t._h)}`;
}

/** `optimizer.state[p]` of Python's defaultdict(dict): the state of p, made empty on first use. */
export function stateOf(state: Map<Tensor | number, ParamState>, p: Tensor): ParamState {
  let s = state.get(p);
  if (s === undefined) state.set(p, (s = {}));
  return s;
}

/** Python's dict.setdefault: sets group[key] when the key is absent, and returns group[key]. */
export function setdefault(group: Record<string, any>, key: string, value: unknown): any {
  if (!(key in group)) group[key] = value;
  return group[key];
}

/** The `closure` argument of step(closure) / step({ closure }). */
export function closureArg(fn: string, args: unknown[]): (() => unknown) | null {
  const [closure] = bindArgs(fn, ["closure"], args, 0);
  if (closure === undefined || closure === null) return null;
  if (typeof closure !== "function") throw new TypeError(`'${pyTypeName(closure)}' object is not callable`);
  return closure as () => unknown;
}

/** Evaluates a step's closure with grad mode on, as `with torch.enable_grad(): loss = closure()`. */
export function evalClosure(closure: (() => unknown) | null): unknown {
  return closure === null ? null : enable_grad(closure);
}

/** Python's `lr < 0` etc. for a number or a one-element tensor. */
export function toNumber(x: number | Tensor): number {
  return x instanceof Tensor ? x.item() : x;
}

/** How a hyperparameter appears in a message: `{lr}` of an f-string. */
export function repr(x: unknown): string {
  return x instanceof Tensor ? String(x) : numberRepr(x);
}

// ---- Optimizer ----

/** Base class of all optimizers. */
export class Optimizer {
  /** The default options of a parameter group. */
  defaults: Record<string, any>;
  /** Per-parameter state, keyed by the parameter Tensor (Python's defaultdict(dict)). */
  state: Map<Tensor | number, ParamState>;
  param_groups: ParamGroup[];

  /**
   * params: an iterable of Tensors (or of [name, Tensor] pairs), or of parameter groups
   * `{ params, ...options }`; defaults: the options a group gets when it does not set them.
   */
  constructor(params: ParamsT, defaults: Record<string, any>) {
    this.defaults = defaults;
    if (params instanceof Tensor) {
      throw new TypeError(
        "params argument given to the optimizer should be an iterable of Tensors or dicts, but got " + typename(params),
      );
    }
    this.state = new Map();
    this.param_groups = [];

    let param_groups = pyList<unknown>(params);
    if (param_groups.length === 0) throw new ValueError("optimizer got an empty parameter list");
    if (!isOptions(param_groups[0])) param_groups = [{ params: param_groups }];

    for (const param_group of param_groups) this.add_param_group(param_group as ParamGroupInput);
  }

  /** Replaces state and param_groups (what load_state_dict ends with); subclasses fill in options of older versions. */
  __setstate__(state: { state?: Map<Tensor | number, ParamState>; param_groups?: ParamGroup[]; defaults?: Record<string, any> }): void {
    Object.assign(this, state);
    if (!("differentiable" in this.defaults)) this.defaults.differentiable = false;
  }

  toString(): string {
    let format_string = this.constructor.name + " (";
    this.param_groups.forEach((group, i) => {
      format_string += "\n";
      format_string += `Parameter Group ${i}\n`;
      for (const key of Object.keys(group).sort()) {
        if (key !== "params") format_string += `    ${key}: ${formatValue(group[key])}\n`;
      }
    });
    format_string += ")";
    return format_string;
  }

  /** Groups lists of tensors by the device and dtype of the first list's tensors (torch.utils._foreach_utils). */
  static _group_tensors_by_device_and_dtype(
    tensorlistlist: (Tensor | null)[][],
    with_indices = false,
  ): Map<string, [(Tensor | null)[][], number[]]> {
    const first = tensorlistlist[0] as Tensor[];
    const n = first.length;
    for (const list of tensorlistlist) {
      if (list.length !== n && list.length !== 0) {
        throw new RuntimeError(`Tensor lists must have the same number of tensors, got ${n} and ${list.length}`);
      }
    }
    // Python returns the indices only when asked; returning them always changes nothing.
    void with_indices;
    const keys = first.map(deviceDtypeKey);
    const grouped = new Map<string, [(Tensor | null)[][], number[]]>();
    // Common case: one device and dtype, the lists as they are.
    if (keys.every((k) => k === keys[0])) {
      if (n > 0) grouped.set(keys[0], [tensorlistlist.map((l) => l.slice()), first.map((_, i) => i)]);
      return grouped;
    }
    keys.forEach((key, i) => {
      let entry = grouped.get(key);
      if (entry === undefined) grouped.set(key, (entry = [tensorlistlist.map(() => []), []]));
      tensorlistlist.forEach((list, j) => list.length !== 0 && entry![0][j].push(list[i]));
      entry[1].push(i);
    });
    return grouped;
  }

  /**
   * The state of the optimizer: `{ state: { 0: {...}, ... }, param_groups: [{ ..., params: [0, 1] }] }`,
   * parameters numbered in param_groups order. The tensors are the optimizer's own, not copies.
   */
  state_dict(): StateDict {
    const param_mappings = new Map<Tensor, number>();
    let start_index = 0;

    const pack_group = (group: ParamGroup): Record<string, any> => {
      const packed: Record<string, any> = {};
      for (const [k, v] of Object.entries(group)) if (k !== "params") packed[k] = v;
      group.params.forEach((p, i) => {
        if (!param_mappings.has(p)) param_mappings.set(p, start_index + i);
      });
      packed.params = group.params.map((p) => param_mappings.get(p)!);
      start_index += packed.params.length;
      return packed;
    };

    const param_groups = this.param_groups.map(pack_group);
    const packed_state: Record<number, ParamState> = {};
    for (const [k, v] of this.state) packed_state[k instanceof Tensor ? param_mappings.get(k)! : k] = v;
    return { state: packed_state, param_groups };
  }

  static _process_value_according_to_param_policy(
    param: Tensor,
    value: Tensor,
    param_id: number,
    param_groups: Record<string, any>[],
    key: string | null = null,
  ): Tensor {
    // state["step"] stays where it is (a CPU tensor) unless fused or capturable.
    let fused = false;
    let capturable = false;
    for (const pg of param_groups) {
      if (pg.params.includes(param_id)) {
        fused = pg.fused ?? false;
        capturable = pg.capturable ?? false;
        break;
      }
    }
    if (key === "step") {
      return capturable || fused ? value.to({ dtype: float32, device: param.device }) : value;
    }
    if (param.dtype.is_floating_point) return value.to({ dtype: param.dtype, device: param.device });
    return value.to({ device: param.device });
  }

  /**
   * Loads a state_dict(): the groups' options are copied in, the state is matched to this
   * optimizer's parameters by position and cast to each parameter's dtype and device (a tensor
   * already of that dtype and device is kept, not copied, as in Python).
   */
  load_state_dict(state_dict: StateDict): void {
    state_dict = { ...state_dict };
    const groups = this.param_groups;
    const saved_groups = deepcopy(state_dict.param_groups);

    if (groups.length !== saved_groups.length) {
      throw new ValueError("loaded state dict has a different number of parameter groups");
    }
    if (groups.some((g, i) => g.params.length !== saved_groups[i].params.length)) {
      throw new ValueError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
    }

    const id_map = new Map<number, Tensor>();
    saved_groups.forEach((g, i) => g.params.forEach((id: number, j: number) => id_map.set(id, groups[i].params[j])));

    const _cast = (param: Tensor, value: unknown, param_id: number, param_groups: Record<string, any>[], key: string | null = null): unknown => {
      if (value instanceof Tensor) {
        return Optimizer._process_value_according_to_param_policy(param, value, param_id, param_groups, key);
      } else if (isOptions(value)) {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = _cast(param, v, param_id, param_groups, k);
        return out;
      } else if (Array.isArray(value)) {
        return value.map((v) => _cast(param, v, param_id, param_groups));
      }
      return value;
    };

    const state = new Map<Tensor | number, ParamState>();
    for (const [key, v] of Object.entries(state_dict.state)) {
      const k = Number(key);
      const param = id_map.get(k);
      if (param !== undefined) state.set(param, _cast(param, v, k, state_dict.param_groups) as ParamState);
      else state.set(k, v);
    }

    const update_group = (group: ParamGroup, new_group: Record<string, any>): ParamGroup => {
      new_group.params = group.params;
      if ("param_names" in group && !("param_names" in new_group)) new_group.param_names = group.param_names;
      return new_group as ParamGroup;
    };
    const param_groups = groups.map((g, i) => update_group(g, saved_groups[i]));
    this.__setstate__({ state, param_groups });
  }

  /**
   * Resets the gradients of all optimized tensors: `zero_grad()` sets them to null,
   * `zero_grad(false)` or `zero_grad({ set_to_none: false })` fills them with zeros.
   */
  zero_grad(...args: [set_to_none?: boolean | { set_to_none?: boolean }]): void {
    const [set_to_none_] = bindArgs("zero_grad", ["set_to_none"], args, 0);
    const set_to_none = set_to_none_ === undefined ? true : Boolean(set_to_none_);
    const foreach = Boolean(this.defaults.foreach || this.defaults.fused);
    const per_device_and_dtype_grads = foreach ? new Map<string, Tensor[]>() : null;
    for (const group of this.param_groups) {
      for (const p of group.params) {
        const grad = p.grad;
        if (grad === null) continue;
        if (set_to_none) {
          p.grad = null;
        } else {
          if (grad.grad_fn !== null) grad.detach_();
          else grad.requires_grad_(false);
          if (!foreach) {
            grad.zero_();
          } else {
            const key = deviceDtypeKey(grad);
            if (!per_device_and_dtype_grads!.has(key)) per_device_and_dtype_grads!.set(key, []);
            per_device_and_dtype_grads!.get(key)!.push(grad);
          }
        }
      }
    }
    if (per_device_and_dtype_grads !== null) {
      for (const grads of per_device_and_dtype_grads.values()) callOp(OPS._foreach_zero_, null, [grads]);
    }
  }

  /** Performs one optimization step; `closure` re-evaluates the model and returns the loss. */
  step(...args: [closure?: (() => unknown) | { closure?: () => unknown }]): unknown {
    void args;
    throw new NotImplementedError();
  }

  /** Adds a parameter group (`{ params, ...options }`); options it does not set come from defaults. */
  add_param_group(param_group: ParamGroupInput): void {
    if (!isOptions(param_group)) {
      throw new TypeError(`param_group must be a dict, but got <class '${pyTypeName(param_group)}'>`);
    }
    if (!("params" in param_group)) throw new KeyError("params");
    const params = param_group.params;
    let list: unknown[];
    if (params instanceof Tensor) {
      list = [params];
    } else if (params instanceof Set) {
      throw new TypeError(
        "optimizer parameters need to be organized in ordered collections, but " +
          "the ordering of tensors in sets will change between runs. Please use a list instead.",
      );
    } else {
      list = pyList(params);
    }

    const extracted_param_tensors: unknown[] = [];
    const extracted_param_names: string[] = [];
    for (const param of list) {
      // named_parameters() pairs: [name, tensor]
      if (Array.isArray(param)) {
        extracted_param_names.push(param[0]);
        extracted_param_tensors.push(param[1]);
      } else {
        extracted_param_tensors.push(param);
      }
    }
    const group = param_group as unknown as ParamGroup;
    group.params = extracted_param_tensors as Tensor[];
    if (extracted_param_names.length !== 0) {
      if (extracted_param_names.length === extracted_param_tensors.length) {
        group.param_names = extracted_param_names;
      } else {
        throw new ValueError("all optimizer params should be with/without names. Some param names are missing");
      }
    }

    for (const param of group.params as unknown[]) {
      if (!(param instanceof Tensor)) {
        throw new TypeError("optimizer can only optimize Tensors, but one of the params is " + typename(param));
      }
      if (!this.defaults.differentiable && !(param.is_leaf || param.retains_grad)) {
        throw new ValueError("can't optimize a non-leaf Tensor");
      }
    }

    for (const [name, value] of Object.entries(this.defaults)) {
      // Python's defaults are tuples, which no one can change in place: copy arrays.
      if (!(name in group)) group[name] = Array.isArray(value) ? [...value] : value;
    }
    // No hyperparameter is a symbol or a bigint: refused here rather than as JS's own TypeError mid-step.
    for (const [name, value] of Object.entries(group)) {
      if (typeof value === "symbol" || typeof value === "bigint") {
        throw new TypeError(`optimizer option '${name}' must be a number, a bool or a Tensor, not ${typeof value}`);
      }
      // A string where a number belongs (lr, eps, dampening, ...) would make NaN in JS's
      // arithmetic, where Python's raises a TypeError mid-step: refused here, by name.
      if (typeof this.defaults[name] === "number" && !(typeof value === "number" || typeof value === "boolean" || value instanceof Tensor)) {
        throw new TypeError(`optimizer option '${name}' must be a number or a Tensor, not ${pyTypeName(value)}`);
      }
    }

    if (new Set(group.params).size !== group.params.length) {
      warn(
        "optimizer contains a parameter group with duplicate parameters; " +
          "in future, this will cause an error; " +
          "see github.com/pytorch/pytorch/issues/40967 for more information",
      );
    }

    const param_set = new Set<Tensor>();
    for (const other of this.param_groups) {
      for (const p of other.params) param_set.add(p);
      if ("param_names" in group !== "param_names" in other) {
        const current_group_txt = "param_names" in group ? "with names" : "without names";
        throw new ValueError(
          "all optimizer param groups should be with/without names. " +
            `cannot add param group ${current_group_txt} to the optimizer`,
        );
      }
    }
    if (group.params.some((p) => param_set.has(p))) {
      throw new ValueError("some parameters appear in more than one parameter group");
    }
    this.param_groups.push(group);
  }
}
printsAsStr(Optimizer);


/** A group option as Python's repr prints it in Optimizer.__repr__. */
function formatValue(value: unknown): string {
  if (Array.isArray(value)) {
    const items = value.map(formatValue);
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
  }
  if (typeof value === "string") return value;
  return repr(value);
}

// ---- arguments ----

/** Marks a parameter without a default in parseArgs. */
export const REQUIRED = Symbol("required");

/**
 * Binds a constructor's arguments as Python binds them: positional in `spec`'s order (the first
 * `positional` of them; the rest are keyword-only), keywords from one trailing options object,
 * defaults from `spec`. Errors are Python's TypeErrors.
 */
export function parseArgs(
  fn: string,
  spec: Record<string, unknown>,
  args: unknown[],
  positional: number = Object.keys(spec).length,
): Record<string, any> {
  const names = Object.keys(spec);
  const required = names.filter((n) => spec[n] === REQUIRED).length;
  const values = bindArgs(fn, names, args, required, positional);
  const out: Record<string, any> = {};
  names.forEach((name, i) => {
    const value = values[i];
    // No option is a symbol or a bigint, and none that defaults to a number is a string: refused
    // here rather than as JS's own TypeError, or a NaN, in arithmetic.
    if (typeof value === "symbol" || typeof value === "bigint") {
      throw new TypeError(`${fn}(): argument '${name}' must not be a ${typeof value}`);
    }
    if (typeof spec[name] === "number" && typeof value === "string") {
      throw new TypeError(`${fn}(): argument '${name}' must be a number, not str`);
    }
    out[name] = value === undefined ? spec[name] : value;
  });
  return out;
}

/**
 * A hyperparameter as a number for Python's comparisons (`lr < 0.0`, `not 0.0 <= eps`): a
 * number, or the value of a one-element tensor; anything else raises Python's TypeError.
 */
export function num(x: unknown, op: "<" | "<=" = "<"): number {
  if (typeof x === "number") return x;
  if (x instanceof Tensor) return x.item();
  throw new TypeError(`'${op}' not supported between instances of '${op === "<" ? pyTypeName(x) : "float"}' and '${op === "<" ? "float" : pyTypeName(x)}'`);
}
