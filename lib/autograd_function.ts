// torch.autograd.Function, ported from torch/autograd/function.py: a custom differentiable
// operation, with a static forward(ctx, ...args) and a static backward(ctx, ...grad_outputs),
// used through Fn.apply(...args). forward runs under no_grad; its tensor outputs get a grad_fn
// named `${Fn.name}Backward` (native/autograd.cc's JsFunctionNode) whose backward calls
// Fn.backward in JS, on the JS thread: CPU tensors only, as tensor hooks.
import { _wireFunction, is_grad_enabled, no_grad } from "./autograd";
import { NotImplementedError, RuntimeError, TypeError } from "./errors";
import { Tensor } from "./tensor";

/**
 * What forward and backward get as `ctx` (Python's FunctionCtx); other attributes may be set
 * freely, but not to the function's outputs: keep those with save_for_backward, whose tensors
 * the graph keeps (a ctx attribute holding an output would keep the graph alive for ever).
 */
export class FunctionCtx {
  [attribute: string]: unknown;
  /** In backward: the tensors given to save_for_backward (Python's tuple, as an array). */
  saved_tensors: (Tensor | null)[] = [];
  /** For each forward argument: whether it is a tensor that requires grad. */
  needs_input_grad: boolean[] = [];
  /** @internal */ _to_save: (Tensor | null)[] = [];
  /** @internal */ _materialize_grads = true;
  /** @internal */ _non_differentiable = new Set<Tensor>();
  /** @internal */ _dirty = new Set<Tensor>();

  save_for_backward(...tensors: (Tensor | null)[]): void {
    this._to_save = tensors;
  }

  /** Outputs that get no gradient (their grad_output in backward is zeros, or null without materializing). */
  mark_non_differentiable(...tensors: Tensor[]): void {
    for (const t of tensors) this._non_differentiable.add(t);
  }

  /** Inputs that forward modified in place (and returns). */
  mark_dirty(...tensors: Tensor[]): void {
    for (const t of tensors) this._dirty.add(t);
  }

  /** false: backward gets null, not zeros, for outputs whose gradient is undefined. */
  set_materialize_grads(value: boolean): void {
    this._materialize_grads = value;
  }
}

type ForwardArgs<F> = F extends (ctx: FunctionCtx, ...args: infer A) => unknown ? A : never;

export class Function {
  static forward(ctx: FunctionCtx, ...args: unknown[]): unknown {
    void ctx;
    void args;
    throw new NotImplementedError("You must implement the forward function for custom autograd.Function.");
  }

  static backward(ctx: FunctionCtx, ...grad_outputs: (Tensor | null)[]): unknown {
    void ctx;
    void grad_outputs;
    throw new NotImplementedError(
      "You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.",
    );
  }

  /**
   * Python's setup_context(ctx, inputs, output): a Function that defines it has a forward
   * without ctx (forward(...args)), and setup_context saves what backward needs.
   */
  static setup_context(ctx: FunctionCtx, inputs: unknown[], output: unknown): void {
    void ctx;
    void inputs;
    void output;
    throw new NotImplementedError("setup_context is not implemented.");
  }

  /**
   * Runs forward(ctx, ...args) and records backward for its outputs: `Exp.apply(x)`. A getter
   * (see below) binds it to the class, so `const P3 = Fn.apply; P3(x)` works as in Python.
   */
  declare static apply: <C extends { forward(...args: never[]): unknown }>(
    this: C,
    ...args: ForwardArgs<C["forward"]> | (C extends { setup_context(...a: never[]): void } ? Parameters<C["forward"]> : never)
  ) => ReturnType<C["forward"]>;

  /** @internal */
  static _apply(cls: typeof Function, args: unknown[]): unknown {
    const ctx = new FunctionCtx();
    const inputs = args as unknown[];
    ctx.needs_input_grad = inputs.map((a) => a instanceof Tensor && a.requires_grad);
    const tensorInputs = inputs.filter((a): a is Tensor => a instanceof Tensor);
    const differentiable = is_grad_enabled() && tensorInputs.some((t) => t.requires_grad);
    const hasSetupContext = cls.setup_context !== Function.setup_context;
    const result = no_grad(() => {
      if (!hasSetupContext) return cls.forward(ctx, ...inputs);
      const output = (cls.forward as (...a: unknown[]) => unknown)(...inputs);
      cls.setup_context(ctx, inputs, output);
      return output;
    });
    for (const t of ctx._dirty) {
      if (t.requires_grad && t.is_leaf && differentiable) {
        throw new RuntimeError("a leaf Variable that requires grad has been used in an in-place operation.");
      }
    }
    ctx._dirty.clear();
    if (!differentiable) return result;

    const single = !Array.isArray(result);
    const returned = single ? [result] : [...(result as unknown[])];
    const outputs = returned.map((o) =>
      // An input returned as it is becomes a view of itself, so that it keeps its own history.
      o instanceof Tensor && tensorInputs.includes(o) ? no_grad(() => o.view_as(o)) : o,
    );
    // mark_non_differentiable names what forward returned (the input itself, before its view).
    // A loop, not a closure: a closure over `outputs` would keep them in the scope that the
    // backward closure below holds on to (V8 shares one context), and the graph alive for ever.
    for (let i = 0; i < returned.length; i++) {
      const o = returned[i];
      if (o instanceof Tensor && ctx._non_differentiable.has(o)) ctx._non_differentiable.add(outputs[i] as Tensor);
    }
    const tensorOutputs = outputs.filter((o): o is Tensor => o instanceof Tensor);
    const name = `${cls.name}Backward`;
    // What backward needs of the call, without holding its tensors (see FunctionCtx).
    const outputIsTensor = outputs.map((o) => o instanceof Tensor);
    const inputIsTensor = inputs.map((a) => a instanceof Tensor);
    const saved = ctx._to_save;
    ctx._to_save = [];
    const wired = tensorOutputs.map((o) => (isDifferentiable(o) && !ctx._non_differentiable.has(o) ? o : null));
    ctx._non_differentiable.clear();
    _wireFunction(name, ctx._materialize_grads, tensorInputs, wired, saved, (grads, savedTensors) => {
      let k = 0;
      const gradOutputs = outputIsTensor.map((isTensor) => (isTensor ? grads[k++] : null));
      ctx.saved_tensors = savedTensors;
      try {
        return inputGrads(name, inputIsTensor, cls.backward(ctx, ...gradOutputs));
      } finally {
        ctx.saved_tensors = [];
      }
    });
    return single ? outputs[0] : outputs;
  }
}

Object.defineProperty(Function, "apply", {
  configurable: true,
  get(this: typeof Function) {
    const cls = this;
    return (...args: unknown[]) => Function._apply(cls, args);
  },
});

/**
 * torch.autograd.function.once_differentiable: wraps a backward so that it runs without
 * recording a graph (its result cannot be differentiated again).
 */
export function once_differentiable<A extends unknown[], R>(fn: (ctx: FunctionCtx, ...args: A) => R): (ctx: FunctionCtx, ...args: A) => R {
  return (ctx: FunctionCtx, ...args: A) => no_grad(() => fn(ctx, ...args));
}

function isDifferentiable(t: Tensor): boolean {
  return t.dtype.is_floating_point || t.dtype.is_complex;
}

/** backward's result, checked as Python's engine does, as the gradients of the tensor inputs. */
function inputGrads(name: string, inputIsTensor: boolean[], result: unknown): (Tensor | null)[] {
  const expected = inputIsTensor.length;
  const grads = Array.isArray(result) ? [...result] : [result];
  // Trailing Nones beyond the inputs are allowed, as in Python.
  while (grads.length > expected && (grads[grads.length - 1] === null || grads[grads.length - 1] === undefined)) grads.pop();
  if (grads.length !== expected) {
    throw new RuntimeError(`function ${name} returned an incorrect number of gradients (expected ${expected}, got ${grads.length})`);
  }
  const out: (Tensor | null)[] = [];
  grads.forEach((g, i) => {
    const given = g === undefined ? null : g;
    if (inputIsTensor[i]) {
      if (given !== null && !(given instanceof Tensor)) {
        throw new TypeError(`function ${name} returned a gradient that is not a Tensor or None at position ${i + 1}`);
      }
      out.push(given as Tensor | null);
    } else if (given !== null) {
      throw new RuntimeError(
        `function ${name} returned a gradient different than None at position ${i + 1}, but the corresponding forward input was not a Variable`,
      );
    }
  });
  return out;
}
