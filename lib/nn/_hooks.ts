// The hooks of nn.Module (torch/nn/modules/module.py's global hook dicts, and
// torch/utils/hooks.py's RemovableHandle and BackwardHook). Full backward hooks wrap a module's
// tensor inputs and outputs in an identity autograd.Function (Python's BackwardHookFunction)
// whose backward sees grad_output (output side) and grad_input (input side).
import { Function, FunctionCtx } from "../autograd_function";
import { is_grad_enabled } from "../autograd";
import { RuntimeError } from "../errors";
import { Tensor } from "../tensor";
import { callOp } from "../_dispatch";
import { OPS } from "../generated/ops";
import { objectStr, printsAsStr } from "../_python";

/** Python's torch.utils.hooks.RemovableHandle: remove() takes the hook out of its dicts. */
export class RemovableHandle {
  private static next_id = 0;
  readonly id: number;
  /** @internal */ _dicts: Map<number, unknown>[];
  /** @internal */ _extra: (Map<number, unknown> | Set<number>)[];

  constructor(hooks_dict: Map<number, unknown>, options: { extra_dict?: Map<number, unknown> | Set<number> | (Map<number, unknown> | Set<number>)[] | null } = {}) {
    this.id = RemovableHandle.next_id++;
    this._dicts = [hooks_dict];
    const extra = options?.extra_dict ?? [];
    this._extra = Array.isArray(extra) ? extra : [extra];
  }

  remove(): void {
    for (const d of this._dicts) d.delete(this.id);
    for (const d of this._extra) d.delete(this.id);
  }

  [Symbol.dispose](): void {
    this.remove();
  }

  toString(): string {
    return objectStr("torch.utils.hooks.RemovableHandle");
  }
}
printsAsStr(RemovableHandle);

/** Inserts `value` under `key` first (Python's move_to_end(key, last=False)). */
export function prependTo<V>(map: Map<number, V>, key: number, value: V): void {
  const rest = [...map];
  map.clear();
  map.set(key, value);
  for (const [k, v] of rest) map.set(k, v);
}

type AnyFn = (...args: any[]) => any;
export const _global_buffer_registration_hooks = new Map<number, AnyFn>();
export const _global_module_registration_hooks = new Map<number, AnyFn>();
export const _global_parameter_registration_hooks = new Map<number, AnyFn>();
export const _global_backward_pre_hooks = new Map<number, AnyFn>();
export const _global_backward_hooks = new Map<number, AnyFn>();
export const _global_is_full_backward_hook = { value: null as boolean | null };
export const _global_forward_pre_hooks = new Map<number, AnyFn>();
export const _global_forward_hooks = new Map<number, AnyFn>();
export const _global_forward_hooks_always_called = new Set<number>();
export const _global_forward_hooks_with_kwargs = new Set<number>();

/** BackwardHookFunction: identity on its tensors; backward hands the grads to the callback first. */
class BackwardHookFunction extends Function {
  static forward(ctx: FunctionCtx, cb: (grads: (Tensor | null)[]) => (Tensor | null)[], ...args: Tensor[]): Tensor[] {
    ctx.cb = cb;
    ctx.set_materialize_grads(false);
    ctx.mark_non_differentiable(...args.filter((a) => !a.requires_grad));
    return args;
  }
  static backward(ctx: FunctionCtx, ...grads: (Tensor | null)[]): (Tensor | null)[] {
    const cb = ctx.cb as (grads: (Tensor | null)[]) => (Tensor | null)[];
    return [null, ...cb(grads)];
  }
}

type Hook = (module: unknown, ...args: unknown[]) => unknown;

/** Python's torch.utils.hooks.BackwardHook. */
export class BackwardHook {
  grad_outputs: (Tensor | null)[] | null = null;
  n_inputs = 0;
  n_outputs = 0;
  input_tensors_index: number[] | null = null;
  output_tensors_index: number[] | null = null;

  constructor(
    public module: unknown,
    public user_hooks: Hook[],
    public user_pre_hooks: Hook[],
  ) {}

  private packWithNone(indices: number[], values: (Tensor | null)[], size: number): (Tensor | null)[] {
    const res: (Tensor | null)[] = new Array(size).fill(null);
    indices.forEach((idx, i) => (res[idx] = values[i] ?? null));
    return res;
  }

  private unpackNone(indices: number[], values: (Tensor | null)[]): (Tensor | null)[] {
    return indices.map((idx) => values[idx] ?? null);
  }

  private applyOnTensors(cb: (grads: (Tensor | null)[], tensors: Tensor[]) => (Tensor | null)[], args: unknown[]): [unknown[], number[] | null] {
    const tensorsIdx: number[] = [];
    const tensors: Tensor[] = [];
    let requiresGrad = false;
    args.forEach((arg, i) => {
      if (arg instanceof Tensor) {
        tensorsIdx.push(i);
        tensors.push(arg);
        requiresGrad ||= arg.requires_grad;
      }
    });
    if (!(requiresGrad && is_grad_enabled())) return [args, null];
    const newTensors = (BackwardHookFunction.apply as unknown as (...a: unknown[]) => Tensor[])(
      (grads: (Tensor | null)[]) => cb(grads, tensors),
      ...tensors,
    );
    if (newTensors.length === 0) throw new RuntimeError("Cannot set Module backward hook for a Module with no input Tensors.");
    const out = [...args];
    tensorsIdx.forEach((idx, i) => (out[idx] = newTensors[i]));
    return [out, tensorsIdx];
  }

  setup_input_hook(args: unknown[]): unknown[] {
    const cb = (grads: (Tensor | null)[], tensors: Tensor[]): (Tensor | null)[] => {
      // The node's grad_input, as Python's BackwardHookFunction materializes it: zeros for the
      // outputs that got no gradient.
      const gradInput = grads.map((g, i) => g ?? (callOp(OPS.zeros_like, null, [tensors[i]]) as Tensor));
      if (this.grad_outputs === null) return gradInput;
      const idx = this.input_tensors_index!;
      let res = this.packWithNone(idx, gradInput, this.n_inputs);
      for (const hook of this.user_hooks) {
        const out = hook(this.module, res, this.grad_outputs);
        if (out === null || out === undefined) continue;
        const outList = Array.isArray(out) ? out : [out];
        if (outList.length !== res.length) {
          throw new RuntimeError(`Backward hook returned an invalid number of grad_input, got ${outList.length}, but expected ${res.length}`);
        }
        res = outList as (Tensor | null)[];
      }
      this.grad_outputs = null;
      return this.unpackNone(idx, res);
    };
    const [res, inputIdx] = this.applyOnTensors(cb, args);
    this.n_inputs = args.length;
    this.input_tensors_index = inputIdx;
    return res;
  }

  setup_output_hook(result: unknown): unknown {
    const cb = (gradOutput: (Tensor | null)[]): (Tensor | null)[] => {
      this.grad_outputs = this.packWithNone(this.output_tensors_index!, gradOutput, this.n_outputs);
      const expected = this.grad_outputs.length;
      for (const pre of this.user_pre_hooks) {
        const r = pre(this.module, this.grad_outputs);
        if (r === null || r === undefined) continue;
        const rList = (Array.isArray(r) ? r : [r]) as (Tensor | null)[];
        if (rList.length !== expected) {
          throw new RuntimeError(`Backward pre hook returned an invalid number of grad_output, got ${rList.length}, but expected ${expected}`);
        }
        this.grad_outputs = rList;
      }
      const local = this.grad_outputs;
      if (this.input_tensors_index === null) {
        process.emitWarning(
          "Full backward hook is firing when gradients are computed with respect to module outputs since no inputs require gradients. See https://docs.pytorch.org/docs/main/generated/torch.nn.Module.html#torch.nn.Module.register_full_backward_hook for more details.",
          "UserWarning",
        );
        const gradInputs = this.packWithNone([], [], this.n_inputs);
        for (const hook of this.user_hooks) {
          const res = hook(this.module, gradInputs, this.grad_outputs);
          if (res !== null && res !== undefined && !(Array.isArray(res) && res.every((el) => el === null || el === undefined))) {
            throw new RuntimeError("Backward hook for Modules where no input requires gradient should always return None or None for all gradients.");
          }
        }
        this.grad_outputs = null;
      }
      return this.output_tensors_index!.map((i) => local[i]);
    };
    const isTuple = Array.isArray(result);
    const args = isTuple ? (result as unknown[]) : [result];
    const [res, outputIdx] = this.applyOnTensors(cb, args);
    this.n_outputs = args.length;
    this.output_tensors_index = outputIdx;
    return isTuple ? res : res[0];
  }
}

/** nn.modules.module.register_module_forward_pre_hook(hook): a forward pre-hook on every module. */
export function register_module_forward_pre_hook(hook: AnyFn): RemovableHandle {
  const handle = new RemovableHandle(_global_forward_pre_hooks);
  _global_forward_pre_hooks.set(handle.id, hook);
  return handle;
}

/** nn.modules.module.register_module_forward_hook(hook, { with_kwargs = false, always_call = false }). */
export function register_module_forward_hook(hook: AnyFn, options: { with_kwargs?: boolean; always_call?: boolean } = {}): RemovableHandle {
  const handle = new RemovableHandle(_global_forward_hooks, { extra_dict: [_global_forward_hooks_always_called, _global_forward_hooks_with_kwargs] });
  _global_forward_hooks.set(handle.id, hook);
  if (options?.with_kwargs) _global_forward_hooks_with_kwargs.add(handle.id);
  if (options?.always_call) _global_forward_hooks_always_called.add(handle.id);
  return handle;
}

/** nn.modules.module.register_module_backward_hook(hook): deprecated, run as a full backward hook. */
export function register_module_backward_hook(hook: AnyFn): RemovableHandle {
  if (_global_is_full_backward_hook.value === true) {
    throw new RuntimeError("Cannot use both regular backward hooks and full backward hooks as a global Module hook. Please use only one of them.");
  }
  _global_is_full_backward_hook.value = false;
  const handle = new RemovableHandle(_global_backward_hooks);
  _global_backward_hooks.set(handle.id, hook);
  return handle;
}

/** nn.modules.module.register_module_full_backward_pre_hook(hook). */
export function register_module_full_backward_pre_hook(hook: AnyFn): RemovableHandle {
  const handle = new RemovableHandle(_global_backward_pre_hooks);
  _global_backward_pre_hooks.set(handle.id, hook);
  return handle;
}

/** nn.modules.module.register_module_full_backward_hook(hook). */
export function register_module_full_backward_hook(hook: AnyFn): RemovableHandle {
  if (_global_is_full_backward_hook.value === false) {
    throw new RuntimeError("Cannot use both regular backward hooks and full backward hooks as a global Module hook. Please use only one of them.");
  }
  _global_is_full_backward_hook.value = true;
  const handle = new RemovableHandle(_global_backward_hooks);
  _global_backward_hooks.set(handle.id, hook);
  return handle;
}
