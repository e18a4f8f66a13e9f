// nn.Module, as PyTorch's: a subclass assigns submodules, Parameters and buffers to its
// properties and they are registered, in assignment order, under those names.
//
// Registration happens in a Proxy's `defineProperty` trap (Python's __setattr__), which both
// `this.fc = ...` in a constructor and class fields reach: the constructor of Module returns
// a Proxy of the instance, so `this` in every subclass is that Proxy. Values are stored on
// the instance as well, so reads are ordinary property reads.
import { argumentError, AssertionError, AttributeError, KeyError, RuntimeError, TypeError, ValueError } from "../errors";
import { device } from "../device";
import { dtype, float16, float32, float64, bfloat16 } from "../dtype";
import { bindArgs, isOptions } from "../_args";
import { callOp } from "../_dispatch";
import { OPS } from "../generated/ops";
import { no_grad } from "../autograd";
import { Tensor } from "../tensor";
import { is_lazy, Parameter } from "./parameter";
import { given, printsAsStr } from "../_python";
import {
  _global_backward_hooks,
  _global_backward_pre_hooks,
  _global_forward_hooks,
  _global_forward_hooks_always_called,
  _global_forward_hooks_with_kwargs,
  _global_forward_pre_hooks,
  _global_is_full_backward_hook,
  BackwardHook,
  prependTo,
  RemovableHandle,
} from "./_hooks";

type AnyHook = (...args: any[]) => any;

export type StateDict = Record<string, Tensor>;

/** What load_state_dict returns: the keys it could not match (Python's _IncompatibleKeys). */
export interface IncompatibleKeys {
  missing_keys: string[];
  unexpected_keys: string[];
}

/** What Module._attribute returns for a name the module does not have. */
const MISSING = Symbol("missing");

let rawAssign = false;

/** @internal Sets module[name] without registering it (functional_call's swaps: _parameters is set by the caller). */
export function _assignRaw(module: Module, name: string, value: unknown): void {
  rawAssign = true;
  try {
    Reflect.set(module, name, value);
  } finally {
    rawAssign = false;
  }
}

const NEGATIVE_INDEX = /^-[1-9][0-9]*$/;

const handler: ProxyHandler<Module> = {
  defineProperty(target, key, descriptor) {
    if (!rawAssign && typeof key === "string" && "value" in descriptor) target._register(key, descriptor.value);
    return Reflect.defineProperty(target, key, descriptor);
  },
  // m.forward(...) is Python's m(...) where hooks are registered: it runs them (_call_impl).
  get(target, key, receiver) {
    const value = Reflect.get(target, key, receiver);
    // seq[-1] on a container with Python's __getitem__ (Sequential, ModuleList)
    if (value === undefined && typeof key === "string" && NEGATIVE_INDEX.test(key)) {
      const getitem = (target as unknown as { __getitem__?: (i: number) => unknown }).__getitem__;
      if (typeof getitem === "function") return getitem.call(receiver, Number(key));
    }
    if (key === "forward" && typeof value === "function" && target._hasForwardHooks()) {
      return (...args: unknown[]) => target._call_impl(value as AnyHook, receiver as Module, args);
    }
    return value;
  },
};

const HOOK_DICTS = [
  "_forward_pre_hooks",
  "_forward_hooks",
  "_backward_hooks",
  "_backward_pre_hooks",
  "_state_dict_hooks",
  "_state_dict_pre_hooks",
  "_load_state_dict_pre_hooks",
  "_load_state_dict_post_hooks",
] as const;
const HOOK_SETS = ["_forward_pre_hooks_with_kwargs", "_forward_hooks_with_kwargs", "_forward_hooks_always_called"] as const;

function initRegistries(module: Module): void {
  for (const [name, value] of [
    ["_parameters", new Map()],
    ["_buffers", new Map()],
    ["_non_persistent_buffers_set", new Set()],
    ["_modules", new Map()],
  ] as const) {
    Object.defineProperty(module, name, { value, enumerable: false, writable: false });
  }
  for (const name of HOOK_DICTS) Object.defineProperty(module, name, { value: new Map(), enumerable: false, writable: false });
  for (const name of HOOK_SETS) Object.defineProperty(module, name, { value: new Set(), enumerable: false, writable: false });
  Object.defineProperty(module, "_is_full_backward_hook", { value: null, enumerable: false, writable: true });
}

/** The attribute names of a module's state that are its registries and hooks, not its own attributes. */
export const MODULE_INTERNALS: ReadonlySet<string> = new Set([
  "training", "_parameters", "_buffers", "_non_persistent_buffers_set", "_modules", "_is_full_backward_hook", ...HOOK_DICTS, ...HOOK_SETS,
]);

/**
 * @internal A module of class `cls` made without running its constructor, as unpickling's
 * cls.__new__(cls): empty registries, in training mode; _setstate fills it.
 */
export function _newModule<M extends Module>(cls: abstract new (...args: never[]) => M): M {
  const target = Object.create(cls.prototype) as Module;
  initRegistries(target);
  Object.defineProperty(target, "training", { value: true, enumerable: true, writable: true, configurable: true });
  return new Proxy(target, handler) as M;
}

/**
 * @internal Python's Module.__setstate__ (its __dict__.update(state)): the registries from
 * `_parameters`, `_buffers`, `_modules` and `_non_persistent_buffers_set`, every other entry
 * an attribute. Hook dicts must be empty (a pickle cannot carry a torchts function).
 */
export function _setstate(module: Module, state: Map<string, unknown>): void {
  const registries: Record<string, Map<string, unknown>> = { _parameters: module._parameters, _buffers: module._buffers, _modules: module._modules };
  for (const [key, value] of state) {
    if (Object.hasOwn(registries, key)) {
      if (!(value instanceof Map)) throw new TypeError(`Module.__setstate__: ${key} must be a dict, not ${describeValue(value)}`);
      for (const [name, member] of value as Map<string, unknown>) {
        registries[key].set(name, member);
        _assignRaw(module, name, member);
      }
    } else if (key === "_non_persistent_buffers_set") {
      if (value instanceof Set) for (const name of value) module._non_persistent_buffers_set.add(name as string);
    } else if ((HOOK_DICTS as readonly string[]).includes(key) || (HOOK_SETS as readonly string[]).includes(key)) {
      if (value instanceof Map && value.size > 0) throw new TypeError(`Module.__setstate__: ${key} holds hooks, which torchts cannot load`);
    } else if (key === "_is_full_backward_hook") {
      module._is_full_backward_hook = (value as boolean | null) ?? null;
    } else {
      _assignRaw(module, key, value);
    }
  }
}

export abstract class Module {
  /** @internal */ _parameters!: Map<string, Parameter | null>;
  /** @internal */ _buffers!: Map<string, Tensor | null>;
  /** @internal */ _non_persistent_buffers_set!: Set<string>;
  /** @internal */ _modules!: Map<string, Module | null>;
  /** @internal */ _forward_pre_hooks!: Map<number, AnyHook>;
  /** @internal */ _forward_pre_hooks_with_kwargs!: Set<number>;
  /** @internal */ _forward_hooks!: Map<number, AnyHook>;
  /** @internal */ _forward_hooks_with_kwargs!: Set<number>;
  /** @internal */ _forward_hooks_always_called!: Set<number>;
  /** @internal */ _backward_hooks!: Map<number, AnyHook>;
  /** @internal */ _backward_pre_hooks!: Map<number, AnyHook>;
  /** @internal */ _is_full_backward_hook!: boolean | null;
  /** @internal */ _state_dict_hooks!: Map<number, AnyHook>;
  /** @internal */ _state_dict_pre_hooks!: Map<number, AnyHook>;
  /** @internal */ _load_state_dict_pre_hooks!: Map<number, AnyHook>;
  /** @internal */ _load_state_dict_post_hooks!: Map<number, AnyHook>;
  training = true;

  constructor() {
    initRegistries(this);
    return new Proxy(this, handler);
  }

  /** The computation; every module defines it. */
  abstract forward(...args: never[]): unknown;

  // ---- hooks (torch/nn/modules/module.py) ----

  /** @internal Whether calling forward must go through _call_impl. */
  _hasForwardHooks(): boolean {
    return (
      this._forward_pre_hooks.size > 0 ||
      this._forward_hooks.size > 0 ||
      this._backward_hooks.size > 0 ||
      this._backward_pre_hooks.size > 0 ||
      _global_forward_pre_hooks.size > 0 ||
      _global_forward_hooks.size > 0 ||
      _global_backward_hooks.size > 0 ||
      _global_backward_pre_hooks.size > 0
    );
  }

  /** Python's module(...): forward with its hooks (m.forward(...) does the same where hooks are registered). */
  __call__(...args: unknown[]): unknown {
    const forward = Reflect.get(Object.getPrototypeOf(this), "forward", this) as AnyHook;
    const own = Object.getOwnPropertyDescriptor(this, "forward");
    return this._call_impl((own?.value as AnyHook) ?? forward, this, args);
  }

  /** @internal Python's Module._call_impl; keyword arguments are forward's trailing options object. */
  _call_impl(forwardCall: AnyHook, self: Module, callArgs: unknown[]): unknown {
    let args = [...callArgs];
    let kwargs: Record<string, unknown> = {};
    if (args.length > 0 && isOptions(args[args.length - 1])) kwargs = args.pop() as Record<string, unknown>;
    let result: unknown = null;
    const calledAlways = new Set<number>();
    const callForward = () => forwardCall.apply(self, Object.keys(kwargs).length ? [...args, kwargs] : args);
    const inner = (): unknown => {
      let fullBackwardHooks: AnyHook[] = [];
      let backwardPreHooks: AnyHook[] = [];
      if (this._backward_pre_hooks.size || _global_backward_pre_hooks.size) backwardPreHooks = this._get_backward_pre_hooks();
      if (this._backward_hooks.size || _global_backward_hooks.size) fullBackwardHooks = this._get_backward_hooks()[0];
      for (const [id, hook] of [..._global_forward_pre_hooks, ...this._forward_pre_hooks]) {
        if (this._forward_pre_hooks_with_kwargs.has(id)) {
          const r = hook(self, args, kwargs);
          if (r !== null && r !== undefined) {
            if (Array.isArray(r) && r.length === 2) {
              args = Array.isArray(r[0]) ? [...r[0]] : [r[0]];
              kwargs = (r[1] ?? {}) as Record<string, unknown>;
            } else {
              throw new RuntimeError(`forward pre-hook must return None or a tuple of (new_args, new_kwargs), but got ${String(r)}.`);
            }
          }
        } else {
          const r = hook(self, args);
          if (r !== null && r !== undefined) args = Array.isArray(r) ? [...r] : [r];
        }
      }
      let bwHook: BackwardHook | null = null;
      if (fullBackwardHooks.length || backwardPreHooks.length) {
        bwHook = new BackwardHook(self, fullBackwardHooks, backwardPreHooks);
        args = bwHook.setup_input_hook(args);
      }
      result = callForward();
      for (const [id, hook] of [..._global_forward_hooks, ...this._forward_hooks]) {
        if (this._forward_hooks_always_called.has(id) || _global_forward_hooks_always_called.has(id)) calledAlways.add(id);
        const r = this._forward_hooks_with_kwargs.has(id) || _global_forward_hooks_with_kwargs.has(id) ? hook(self, args, kwargs, result) : hook(self, args, result);
        if (r !== null && r !== undefined) result = r;
      }
      if (bwHook) {
        if (!(result instanceof Tensor || Array.isArray(result))) {
          process.emitWarning(
            `For backward hooks to be called, module output should be a Tensor or a tuple of Tensors but received ${describeValue(result)}`,
            "UserWarning",
          );
        }
        result = bwHook.setup_output_hook(result);
      }
      return result;
    };
    try {
      return inner();
    } catch (e) {
      for (const [id, hook] of _global_forward_hooks) {
        if (_global_forward_hooks_always_called.has(id) && !calledAlways.has(id)) {
          try {
            const r = hook(self, args, result);
            if (r !== null && r !== undefined) result = r;
          } catch (err) {
            process.emitWarning(
              `global module forward hook with \`\`always_call=True\`\` raised an exception that was silenced as another error was raised in forward: ${(err as Error).message}`,
              "UserWarning",
            );
          }
        }
      }
      for (const [id, hook] of this._forward_hooks) {
        if (this._forward_hooks_always_called.has(id) && !calledAlways.has(id)) {
          try {
            const r = this._forward_hooks_with_kwargs.has(id) ? hook(self, args, kwargs, result) : hook(self, args, result);
            if (r !== null && r !== undefined) result = r;
          } catch (err) {
            process.emitWarning(
              `module forward hook with \`\`always_call=True\`\` raised an exception that was silenced as another error was raised in forward: ${(err as Error).message}`,
              "UserWarning",
            );
          }
        }
      }
      throw e;
    }
  }

  /** @internal */
  _get_backward_hooks(): [AnyHook[], AnyHook[]] {
    const full: AnyHook[] = [];
    const nonFull: AnyHook[] = [];
    if (_global_is_full_backward_hook.value === true) full.push(..._global_backward_hooks.values());
    if (this._is_full_backward_hook === true) full.push(...this._backward_hooks.values());
    if (_global_is_full_backward_hook.value === false) nonFull.push(..._global_backward_hooks.values());
    if (this._is_full_backward_hook === false) nonFull.push(...this._backward_hooks.values());
    // torchts runs the deprecated (non-full) hooks as full ones: see register_backward_hook.
    return [[...full, ...nonFull], []];
  }

  /** @internal */
  _get_backward_pre_hooks(): AnyHook[] {
    return [..._global_backward_pre_hooks.values(), ...this._backward_pre_hooks.values()];
  }

  /**
   * register_forward_pre_hook(hook, { prepend = false, with_kwargs = false }): hook(module, args)
   * (or hook(module, args, kwargs) with with_kwargs) runs before forward and may return new args.
   */
  register_forward_pre_hook(hook: AnyHook, options: { prepend?: boolean; with_kwargs?: boolean } = {}): RemovableHandle {
    if (typeof hook !== "function") throw argumentError("register_forward_pre_hook", "hook", "a callable", hook);
    const { prepend = false, with_kwargs = false } = options ?? {};
    const handle = new RemovableHandle(this._forward_pre_hooks, { extra_dict: this._forward_pre_hooks_with_kwargs });
    if (prepend) prependTo(this._forward_pre_hooks, handle.id, hook);
    else this._forward_pre_hooks.set(handle.id, hook);
    if (with_kwargs) this._forward_pre_hooks_with_kwargs.add(handle.id);
    return handle;
  }

  /**
   * register_forward_hook(hook, { prepend = false, with_kwargs = false, always_call = false }):
   * hook(module, args, output) (or hook(module, args, kwargs, output)) runs after forward and
   * may return a new output.
   */
  register_forward_hook(hook: AnyHook, options: { prepend?: boolean; with_kwargs?: boolean; always_call?: boolean } = {}): RemovableHandle {
    if (typeof hook !== "function") throw argumentError("register_forward_hook", "hook", "a callable", hook);
    const { prepend = false, with_kwargs = false, always_call = false } = options ?? {};
    const handle = new RemovableHandle(this._forward_hooks, {
      extra_dict: [this._forward_hooks_with_kwargs, this._forward_hooks_always_called],
    });
    if (prepend) prependTo(this._forward_hooks, handle.id, hook);
    else this._forward_hooks.set(handle.id, hook);
    if (with_kwargs) this._forward_hooks_with_kwargs.add(handle.id);
    if (always_call) this._forward_hooks_always_called.add(handle.id);
    return handle;
  }

  /** register_full_backward_pre_hook(hook, { prepend = false }): hook(module, grad_output) may return a new grad_output. */
  register_full_backward_pre_hook(hook: AnyHook, options: { prepend?: boolean } = {}): RemovableHandle {
    const handle = new RemovableHandle(this._backward_pre_hooks);
    if (options?.prepend) prependTo(this._backward_pre_hooks, handle.id, hook);
    else this._backward_pre_hooks.set(handle.id, hook);
    return handle;
  }

  /** register_full_backward_hook(hook, { prepend = false }): hook(module, grad_input, grad_output) may return a new grad_input. */
  register_full_backward_hook(hook: AnyHook, options: { prepend?: boolean } = {}): RemovableHandle {
    if (this._is_full_backward_hook === false) {
      throw new RuntimeError("Cannot use both regular backward hooks and full backward hooks on a single Module. Please use only one of them.");
    }
    this._is_full_backward_hook = true;
    const handle = new RemovableHandle(this._backward_hooks);
    if (options?.prepend) prependTo(this._backward_hooks, handle.id, hook);
    else this._backward_hooks.set(handle.id, hook);
    return handle;
  }

  /**
   * register_backward_hook(hook): deprecated in Python for register_full_backward_hook. torchts
   * has no hooks on grad_fn nodes, so the hook gets the full hook's grad_input and grad_output.
   */
  register_backward_hook(hook: AnyHook): RemovableHandle {
    if (this._is_full_backward_hook === true) {
      throw new RuntimeError("Cannot use both regular backward hooks and full backward hooks on a single Module. Please use only one of them.");
    }
    this._is_full_backward_hook = false;
    const handle = new RemovableHandle(this._backward_hooks);
    this._backward_hooks.set(handle.id, hook);
    return handle;
  }

  /** register_state_dict_pre_hook(hook): hook(module, prefix, keep_vars) before state_dict. */
  register_state_dict_pre_hook(hook: AnyHook): RemovableHandle {
    const handle = new RemovableHandle(this._state_dict_pre_hooks);
    this._state_dict_pre_hooks.set(handle.id, hook);
    return handle;
  }

  /** _register_state_dict_hook(hook): hook(module, state_dict, prefix, local_metadata) after state_dict; may return a new one. */
  _register_state_dict_hook(hook: AnyHook): RemovableHandle {
    const handle = new RemovableHandle(this._state_dict_hooks);
    this._state_dict_hooks.set(handle.id, hook);
    return handle;
  }

  /** register_state_dict_post_hook(hook): as _register_state_dict_hook, but the hook must return None. */
  register_state_dict_post_hook(hook: AnyHook): RemovableHandle {
    const wrapped = Object.assign((...a: unknown[]) => {
      const r = hook(...a);
      if (r !== null && r !== undefined) throw new RuntimeError("state_dict post-hook must return None");
    }, { _from_public_api: true });
    return this._register_state_dict_hook(wrapped);
  }

  /** register_load_state_dict_pre_hook(hook): hook(module, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs). */
  register_load_state_dict_pre_hook(hook: AnyHook): RemovableHandle {
    const handle = new RemovableHandle(this._load_state_dict_pre_hooks);
    this._load_state_dict_pre_hooks.set(handle.id, hook);
    return handle;
  }

  /** register_load_state_dict_post_hook(hook): hook(module, incompatible_keys), which it may change in place. */
  register_load_state_dict_post_hook(hook: AnyHook): RemovableHandle {
    const handle = new RemovableHandle(this._load_state_dict_post_hooks);
    this._load_state_dict_post_hooks.set(handle.id, hook);
    return handle;
  }

  /** @internal Python's __setattr__: files a value under the right registry. */
  _register(name: string, value: unknown): void {
    if (name === "training") return;
    if (value instanceof Parameter) {
      this._removeFromOthers(name, this._parameters);
      this._parameters.set(name, value);
    } else if (value instanceof Module) {
      this._removeFromOthers(name, this._modules);
      this._modules.set(name, value);
    } else if (this._parameters.has(name)) {
      if (value !== null && value !== undefined) {
        throw new TypeError(
          `cannot assign '${describeValue(value)}' as parameter '${name}' (torch.nn.Parameter or None expected)`,
        );
      }
      this._parameters.set(name, null);
    } else if (this._modules.has(name)) {
      if (value !== null && value !== undefined) {
        throw new TypeError(`cannot assign '${describeValue(value)}' as child module '${name}' (torch.nn.Module or None expected)`);
      }
      this._modules.set(name, null);
    } else if (this._buffers.has(name)) {
      if (value !== null && value !== undefined && !(value instanceof Tensor)) {
        throw new TypeError(`cannot assign '${describeValue(value)}' as buffer '${name}' (torch.Tensor or None expected)`);
      }
      this._buffers.set(name, (value as Tensor | null) ?? null);
    }
  }

  /**
   * Takes `name` out of every registry but `keep`. A name re-assigned within its registry keeps
   * its place there, as a Python dict key does: `self.decoder = nn.Linear(...)` replacing a
   * registered decoder, or weight tying, leave the order of parameters() and state_dict().
   */
  private _removeFromOthers(name: string, keep: Map<string, unknown>): void {
    for (const registry of [this._parameters, this._modules, this._buffers] as Map<string, unknown>[]) {
      if (registry !== keep) registry.delete(name);
    }
    this._non_persistent_buffers_set.delete(name);
  }

  private _checkName(kind: string, name: string): void {
    if (typeof name !== "string") throw argumentError(`register_${kind}`, "name", "str", name);
    if (name.includes(".")) throw new KeyError(`${kind} name can't contain ".", got: ${name}`);
    if (name === "") throw new KeyError(`${kind} name can't be empty string ""`);
    // Assigning this["__proto__"] would replace the module's prototype (its forward and all).
    if (name === "__proto__") throw new KeyError(`${kind} name can't be "__proto__" (a JS object's prototype)`);
  }

  register_buffer(name: string, tensor: Tensor | null, persistent = true): void {
    this._checkName("buffer", name);
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new TypeError(`cannot assign '${describeValue(tensor)}' object to buffer '${name}' (torch Tensor or None required)`);
    }
    this._removeFromOthers(name, this._buffers);
    this._buffers.set(name, tensor);
    if (!persistent) this._non_persistent_buffers_set.add(name);
    Reflect.set(this, name, tensor);
  }

  register_parameter(name: string, param: Parameter | null): void {
    this._checkName("parameter", name);
    if (param !== null && !(param instanceof Parameter)) {
      throw new TypeError(`cannot assign '${describeValue(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
    }
    this._removeFromOthers(name, this._parameters);
    this._parameters.set(name, param);
    Reflect.set(this, name, param);
  }

  register_module(name: string, module: Module | null): void {
    this._checkName("module", name);
    if (module !== null && !(module instanceof Module)) throw new TypeError(`${describeValue(module)} is not a Module subclass`);
    this._removeFromOthers(name, this._modules);
    this._modules.set(name, module);
    Reflect.set(this, name, module);
  }

  add_module(name: string, module: Module | null): void {
    this.register_module(name, module);
  }

  // ---- traversal ----

  /** named_modules(memo = null, prefix = "", remove_duplicate = true), each also by keyword. */
  named_modules(options?: NamedModulesOptions): Generator<[string, Module]>;
  named_modules(memo?: Set<Module> | null, prefix?: string, remove_duplicate?: boolean, options?: NamedModulesOptions): Generator<[string, Module]>;
  named_modules(...args: unknown[]): Generator<[string, Module]> {
    const [memo, prefix, remove_duplicate] = bindArgs("named_modules", ["memo", "prefix", "remove_duplicate"], args, 0);
    return this._named_modules((memo as Set<Module> | null) ?? new Set(), given(prefix, ""), given(remove_duplicate, true));
  }

  private *_named_modules(memo: Set<Module>, prefix: string, remove_duplicate: boolean): Generator<[string, Module]> {
    if (remove_duplicate) {
      if (memo.has(this)) return;
      memo.add(this);
    }
    yield [prefix, this];
    for (const [name, module] of this._modules) {
      if (module === null) continue;
      yield* module._named_modules(memo, prefix ? `${prefix}.${name}` : name, remove_duplicate);
    }
  }

  *modules(): Generator<Module> {
    for (const [, m] of this.named_modules()) yield m;
  }

  *named_children(): Generator<[string, Module]> {
    const seen = new Set<Module>();
    for (const [name, module] of this._modules) {
      if (module !== null && !seen.has(module)) {
        seen.add(module);
        yield [name, module];
      }
    }
  }

  *children(): Generator<Module> {
    for (const [, m] of this.named_children()) yield m;
  }

  /** The submodule at a dotted path ("encoder.layers.0"); "" is this module. */
  get_submodule(target: string): Module {
    if (typeof target !== "string") throw argumentError("get_submodule", "target", "str", target);
    if (target === "") return this;
    let mod: Module = this;
    for (const item of target.split(".")) {
      const value = mod._attribute(item);
      if (value === MISSING) throw new AttributeError(`${mod._get_name()} has no attribute \`${item}\``);
      if (!(value instanceof Module)) throw new AttributeError(`\`${item}\` is not an nn.Module`);
      mod = value;
    }
    return mod;
  }

  /** The Parameter at a dotted path ("encoder.weight"). */
  get_parameter(target: string): Parameter {
    const [mod, name] = this._owner("get_parameter", target);
    const value = mod._attribute(name);
    if (value === MISSING) throw new AttributeError(`${mod._get_name()} has no attribute \`${name}\``);
    if (!(value instanceof Parameter)) throw new AttributeError(`\`${name}\` is not an nn.Parameter`);
    return value;
  }

  /** The buffer at a dotted path ("bn.running_mean"). */
  get_buffer(target: string): Tensor {
    const [mod, name] = this._owner("get_buffer", target);
    const value = mod._attribute(name);
    if (value === MISSING) throw new AttributeError(`${mod._get_name()} has no attribute \`${name}\``);
    if (!mod._buffers.has(name)) throw new AttributeError(`\`${name}\` is not a buffer`);
    return value as Tensor;
  }

  /** The module holding the last name of a dotted path, and that name (Python's rpartition(".")). */
  private _owner(fn: string, target: string): [Module, string] {
    if (typeof target !== "string") throw argumentError(fn, "target", "str", target);
    const dot = target.lastIndexOf(".");
    return [this.get_submodule(dot < 0 ? "" : target.slice(0, dot)), target.slice(dot + 1)];
  }

  /**
   * Python's getattr(self, name), or MISSING where hasattr would be false. Submodules,
   * parameters and buffers are properties of the instance too (see _register).
   */
  private _attribute(name: string): unknown {
    const has = name in this && !(name in Object.prototype);
    return has ? (this as unknown as Record<string, unknown>)[name] : MISSING;
  }

  private *_named_members<T>(
    members: (m: Module) => Map<string, T | null>,
    prefix: string,
    recurse: boolean,
    remove_duplicate: boolean,
  ): Generator<[string, T]> {
    const seen = new Set<T>();
    const modules: Iterable<[string, Module]> = recurse ? this._named_modules(new Set(), prefix, remove_duplicate) : [[prefix, this]];
    for (const [modulePrefix, module] of modules) {
      for (const [name, value] of members(module)) {
        if (value === null || value === undefined) continue;
        if (remove_duplicate) {
          if (seen.has(value)) continue;
          seen.add(value);
        }
        yield [modulePrefix ? `${modulePrefix}.${name}` : name, value];
      }
    }
  }

  /** named_parameters(prefix = "", recurse = true, remove_duplicate = true), each also by keyword: shared ones once. */
  named_parameters(options?: NamedMembersOptions): Generator<[string, Parameter]>;
  named_parameters(prefix?: string, recurse?: boolean, remove_duplicate?: boolean, options?: NamedMembersOptions): Generator<[string, Parameter]>;
  named_parameters(...args: unknown[]): Generator<[string, Parameter]> {
    return this._named_members((m) => m._parameters, ...namedMembersArgs("named_parameters", args));
  }

  /** parameters(recurse = true), also by keyword. */
  *parameters(...args: [recurse?: boolean | { recurse?: boolean }]): Generator<Parameter> {
    const [recurse] = bindArgs("parameters", ["recurse"], args, 0);
    for (const [, p] of this._named_members((m) => m._parameters, "", given(recurse, true), true)) yield p;
  }

  /** named_buffers(prefix = "", recurse = true, remove_duplicate = true), each also by keyword. */
  named_buffers(options?: NamedMembersOptions): Generator<[string, Tensor]>;
  named_buffers(prefix?: string, recurse?: boolean, remove_duplicate?: boolean, options?: NamedMembersOptions): Generator<[string, Tensor]>;
  named_buffers(...args: unknown[]): Generator<[string, Tensor]> {
    return this._named_members((m) => m._buffers, ...namedMembersArgs("named_buffers", args));
  }

  /** buffers(recurse = true), also by keyword. */
  *buffers(...args: [recurse?: boolean | { recurse?: boolean }]): Generator<Tensor> {
    const [recurse] = bindArgs("buffers", ["recurse"], args, 0);
    for (const [, b] of this._named_members((m) => m._buffers, "", given(recurse, true), true)) yield b;
  }

  /** Calls fn on every submodule (children first), then on this module; returns this. */
  apply(fn: (module: Module) => void): this {
    if (typeof fn !== "function") throw new TypeError(`'${describeValue(fn)}' object is not callable`);
    for (const module of this.children()) module.apply(fn);
    fn(this);
    return this;
  }

  // ---- modes ----

  train(mode = true): this {
    if (typeof mode !== "boolean") throw new ValueError("training mode is expected to be boolean");
    this.training = mode;
    for (const module of this.children()) module.train(mode);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  requires_grad_(requires_grad = true): this {
    for (const p of this.parameters()) p.requires_grad_(requires_grad);
    return this;
  }

  /** zero_grad(set_to_none = true) */
  zero_grad(set_to_none: boolean | { set_to_none?: boolean } = true): void {
    const toNone = typeof set_to_none === "object" && set_to_none !== null ? set_to_none.set_to_none ?? true : set_to_none;
    for (const p of this.parameters()) {
      const grad = p.grad;
      if (grad === null) continue;
      if (toNone) p.grad = null;
      else {
        if (grad.grad_fn !== null) p.grad = grad.detach();
        else grad.requires_grad_(false);
        p.grad!.zero_();
      }
    }
  }

  // ---- moving and casting ----

  /**
   * Python's _apply: fn(tensor) for every parameter, its gradient and every buffer. A
   * parameter keeps its identity (optimizers hold it): its data is swapped in place.
   */
  _apply(fn: (t: Tensor) => Tensor): this {
    for (const module of this.children()) module._apply(fn);
    no_grad(() => {
      for (const [name, param] of this._parameters) {
        if (param === null) continue;
        const applied = fn(param);
        if (applied !== param) callOp(OPS.set_data, param, [applied]);
        const grad = param.grad;
        if (grad !== null) {
          const gradApplied = fn(grad);
          if (gradApplied !== grad) callOp(OPS.set_data, grad, [gradApplied]);
        }
        void name;
      }
      for (const [name, buffer] of this._buffers) {
        if (buffer !== null) {
          this._buffers.set(name, fn(buffer));
          Reflect.set(this, name, this._buffers.get(name));
        }
      }
    });
    return this;
  }

  /** to(device), to(dtype), to(device, dtype), to(tensor), with { non_blocking }. */
  to(...args: (string | device | dtype | Tensor | { device?: string | device; dtype?: dtype; non_blocking?: boolean })[]): this {
    let target: { device?: string | device; dtype?: dtype; non_blocking?: boolean } = {};
    for (const arg of args) {
      if (arg instanceof dtype) target.dtype = arg;
      else if (arg instanceof Tensor) target = { ...target, device: arg.device, dtype: arg.dtype };
      else if (typeof arg === "string" || arg instanceof device) target.device = arg;
      else if (arg && typeof arg === "object") target = { ...target, ...arg };
      else throw argumentError("to", "device", "a device, a dtype or a Tensor", arg);
    }
    if (target.dtype !== undefined && target.dtype !== null && !(target.dtype instanceof dtype)) throw argumentError("to", "dtype", "torch.dtype", target.dtype);
    if (target.dtype && !target.dtype.is_floating_point && !target.dtype.is_complex) {
      throw new TypeError(`nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=${target.dtype}`);
    }
    const { device: dev, dtype: type, non_blocking = false } = target;
    return this._apply((t) => {
      const castable = type !== undefined && (t.dtype.is_floating_point || t.dtype.is_complex);
      const options: Record<string, unknown> = { non_blocking };
      if (dev !== undefined) options.device = dev;
      if (castable) options.dtype = type;
      return t.to(options);
    });
  }

  cuda(dev?: number | string | device): this {
    return this.to(dev === undefined ? "cuda" : typeof dev === "number" ? `cuda:${dev}` : dev);
  }

  cpu(): this {
    return this.to("cpu");
  }

  private _castFloats(type: dtype): this {
    return this._apply((t) => (t.dtype.is_floating_point ? t.to(type) : t));
  }

  float(): this {
    return this._castFloats(float32);
  }

  double(): this {
    return this._castFloats(float64);
  }

  half(): this {
    return this._castFloats(float16);
  }

  bfloat16(): this {
    return this._castFloats(bfloat16);
  }

  // ---- state dict ----

  /**
   * state_dict({ prefix = "", keep_vars = false }): every parameter and persistent buffer
   * under its dotted name, in registration order (shared ones under each of their names).
   */
  state_dict(options: { prefix?: string; keep_vars?: boolean; destination?: StateDict } = {}): StateDict {
    options ??= {};
    const { prefix = "", keep_vars = false } = options;
    let destination = options.destination ?? {};
    if (!isOptions(destination)) throw new TypeError(`'${describeValue(destination)}' object does not support item assignment`);
    for (const hook of this._state_dict_pre_hooks.values()) hook(this, prefix, keep_vars);
    for (const [name, param] of this._parameters) {
      // an uninitialized (lazy) parameter goes in as it is, as LazyModuleMixin._save_to_state_dict does
      if (param !== null) destination[prefix + name] = keep_vars || is_lazy(param) ? param : param.detach();
    }
    for (const [name, buffer] of this._buffers) {
      if (buffer !== null && !this._non_persistent_buffers_set.has(name)) {
        destination[prefix + name] = keep_vars || is_lazy(buffer) ? buffer : buffer.detach();
      }
    }
    for (const [name, module] of this._modules) {
      if (module !== null) module.state_dict({ prefix: `${prefix}${name}.`, keep_vars, destination });
    }
    for (const hook of this._state_dict_hooks.values()) {
      const r = hook(this, destination, prefix, { version: 1 });
      if (r !== null && r !== undefined) destination = r as StateDict;
    }
    return destination;
  }

  /** load_state_dict(state_dict, strict = true, assign = false), as Python's. */
  load_state_dict(state_dict: StateDict, strict: boolean | { strict?: boolean; assign?: boolean } = true, assign = false): IncompatibleKeys {
    if (typeof strict === "object" && strict !== null) ({ strict = true, assign = false } = strict);
    if (state_dict === null || typeof state_dict !== "object" || Array.isArray(state_dict)) {
      throw new TypeError(`Expected state_dict to be dict-like, got ${describeValue(state_dict)}.`);
    }
    const missing: string[] = [];
    const unexpected: string[] = [];
    const errors: string[] = [];
    const expected = new Set<string>();
    no_grad(() => {
      for (const [prefix, module] of this.named_modules(new Set(), "", false)) {
        const dotted = prefix ? `${prefix}.` : "";
        for (const hook of module._load_state_dict_pre_hooks.values()) {
          hook(module, state_dict, dotted, { version: 1 }, strict, missing, unexpected, errors);
        }
        const locals: [string, Tensor, "param" | "buffer"][] = [];
        for (const [name, p] of module._parameters) if (p !== null) locals.push([name, p, "param"]);
        for (const [name, b] of module._buffers) {
          if (b !== null && !module._non_persistent_buffers_set.has(name)) locals.push([name, b, "buffer"]);
        }
        for (const [name, current, kind] of locals) {
          const key = dotted + name;
          expected.add(key);
          if (!(key in state_dict)) {
            missing.push(key);
            continue;
          }
          const input = state_dict[key];
          if (!(input instanceof Tensor)) {
            errors.push(`While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${describeValue(input)}`);
            continue;
          }
          const [a, b] = [input.shape, current.shape];
          if (!is_lazy(current) && (a.length !== b.length || a.some((s, i) => s !== b[i]))) {
            errors.push(
              `size mismatch for ${key}: copying a param with shape torch.Size([${a.join(", ")}]) from checkpoint, ` +
                `the shape in current model is torch.Size([${b.join(", ")}]).`,
            );
            continue;
          }
          if (assign) {
            if (kind === "param") module.register_parameter(name, input instanceof Parameter ? input : new Parameter(input, current.requires_grad));
            else module.register_buffer(name, input);
          } else {
            current.copy_(input);
          }
        }
      }
    });
    for (const key of Object.keys(state_dict)) if (!expected.has(key)) unexpected.push(key);
    const incompatible: IncompatibleKeys = { missing_keys: missing, unexpected_keys: unexpected };
    for (const [, module] of this.named_modules(new Set(), "", false)) {
      for (const hook of module._load_state_dict_post_hooks.values()) {
        const r = hook(module, incompatible);
        if (r !== null && r !== undefined) {
          throw new AssertionError(
            "Hooks registered with ``register_load_state_dict_post_hook`` are not expected to return new values, if incompatible_keys need to be modified, it should be done inplace.",
          );
        }
      }
    }
    if (strict) {
      if (unexpected.length) errors.unshift(`Unexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(", ")}. `);
      if (missing.length) errors.unshift(`Missing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(", ")}. `);
    }
    if (errors.length) {
      throw new RuntimeError(`Error(s) in loading state_dict for ${this.constructor.name}:\n\t${errors.join("\n\t")}`);
    }
    return { missing_keys: missing, unexpected_keys: unexpected };
  }

  // ---- printing ----

  /** Extra information in the module's printed line (layers override it). */
  extra_repr(): string {
    return "";
  }

  /** The class name that printing shows (containers made by factories override it). */
  _get_name(): string {
    return this.constructor.name;
  }

  /** print(model) in Python. */
  toString(): string {
    const extra = this.extra_repr();
    const lines = extra ? extra.split("\n") : [];
    for (const [name, module] of this._modules) {
      const repr = module === null ? "None" : addIndent(module.toString(), 2);
      lines.push(`(${name}): ${repr}`);
    }
    let main = `${this._get_name()}(`;
    if (lines.length) {
      main += lines.length === 1 && this._modules.size === 0 ? lines[0] : `\n  ${lines.join("\n  ")}\n`;
    }
    return `${main})`;
  }
}
printsAsStr(Module);


/** Python's _addindent: indents every line but the first. */
export function addIndent(s: string, spaces: number): string {
  const lines = s.split("\n");
  if (lines.length === 1) return s;
  return [lines[0], ...lines.slice(1).map((l) => " ".repeat(spaces) + l)].join("\n");
}

function describeValue(value: unknown): string {
  if (value instanceof Tensor) return "torch.FloatTensor";
  if (value === null) return "NoneType";
  if (typeof value === "object") return (value as object).constructor?.name ?? "object";
  return typeof value;
}

export interface NamedModulesOptions {
  memo?: Set<Module> | null;
  prefix?: string;
  remove_duplicate?: boolean;
}

export interface NamedMembersOptions {
  prefix?: string;
  recurse?: boolean;
  remove_duplicate?: boolean;
}

/** (prefix, recurse, remove_duplicate) of named_parameters / named_buffers, positional or by keyword, defaults filled in. */
function namedMembersArgs(fn: string, args: unknown[]): [string, boolean, boolean] {
  const [prefix, recurse, remove_duplicate] = bindArgs(fn, ["prefix", "recurse", "remove_duplicate"], args, 0);
  return [given(prefix, ""), given(recurse, true), given(remove_duplicate, true)];
}
