// Helpers the single-tensor ports (adamax.ts, nadam.ts, radam.ts, adagrad.ts, adadelta.ts,
// asgd.ts, rprop.ts, ...) share: Python's argument checks and the 0-dim state tensors.
import { aten } from "../_aten";
import { preserve_format } from "../dtype";
import { NotImplementedError, RuntimeError, TypeError, ValueError } from "../errors";
import { Tensor } from "../tensor";
import { _get_scalar_dtype, num, Optimizer, ParamGroup, repr, setdefault, stateOf } from "./optimizer";

/** torch.tensor(value, dtype=_get_scalar_dtype()): a 0-dim state tensor on the CPU. */
export function scalarTensor(value: number): Tensor {
  return aten.full([], value, { dtype: _get_scalar_dtype() });
}

/** The checks of lr every optimizer makes first. */
export function checkLr(lr: unknown): void {
  if (lr instanceof Tensor && lr.numel() !== 1) throw new ValueError("Tensor lr must be 1-element");
  if (!(0.0 <= num(lr, "<="))) throw new ValueError(`Invalid learning rate: ${repr(lr)}`);
}

/** `if not 0.0 <= x: raise ValueError(f"Invalid {what} value: {x}")` */
export function checkNonNeg(x: unknown, what: string): void {
  if (!(0.0 <= num(x, "<="))) throw new ValueError(`Invalid ${what}: ${repr(x)}`);
}

/** Python's checks of betas (indexable, each in [0, 1)); a copy of them (Python's tuple). */
export function checkBetas(betas: unknown): number[] {
  if (!Array.isArray(betas)) throw new TypeError(`'${betas === null || betas === undefined ? "NoneType" : typeof betas}' object is not subscriptable`);
  const b0 = num(betas[0], "<=");
  if (!(0.0 <= b0 && b0 < 1.0)) throw new ValueError(`Invalid beta parameter at index 0: ${repr(betas[0])}`);
  const b1 = num(betas[1], "<=");
  if (!(0.0 <= b1 && b1 < 1.0)) throw new ValueError(`Invalid beta parameter at index 1: ${repr(betas[1])}`);
  return [...betas];
}

/** capturable and differentiable need CUDA graphs and autograd through the step: refused, as the other optimizers do. */
export function refuseUnsupported(capturable: unknown, differentiable: unknown): void {
  if (capturable) throw new NotImplementedError("torchts: capturable=True is not supported (there are no CUDA graphs in torchts)");
  if (differentiable) throw new NotImplementedError("torchts: differentiable=True is not supported (the foreach kernels have no autograd)");
}

/** The __setstate__ of most optimizers: group defaults, and number steps made tensors. */
export function setstateSteps(opt: Optimizer, defaults: Record<string, unknown>, scalarKeys: string[] = ["step"]): void {
  for (const group of opt.param_groups) {
    for (const [k, v] of Object.entries(defaults)) setdefault(group, k, v);
    for (const p of group.params) {
      const p_state = opt.state.get(p);
      if (p_state === undefined || Object.keys(p_state).length === 0) continue;
      for (const key of scalarKeys) {
        if (key in p_state && !(p_state[key] instanceof Tensor)) p_state[key] = scalarTensor(Number(p_state[key]));
      }
    }
  }
}

/** Python's `-grad` when maximizing. */
export function maybeNeg(grad: Tensor, maximize: boolean): Tensor {
  return maximize ? grad.neg() : grad;
}

/** Python's `float / tensor` (Tensor.__rtruediv__: reciprocal, then times the number). */
export function rdiv(x: number, t: Tensor): Tensor {
  return t.reciprocal().mul(x);
}

/**
 * The _init_group of Python's Adadelta, Adamax and RAdam (one loop, written out in each file
 * there): for each parameter with a gradient, its state (a 0-d `step`, then one zero buffer per
 * name in `bufferNames`, made on first use), pushed onto the lists; sparse gradients refused.
 * Returns has_complex.
 */
export function initStepAndZeroBuffers(
  optimizer: Optimizer, group: ParamGroup, className: string, bufferNames: readonly string[],
  params_with_grad: Tensor[], grads: Tensor[], buffers: Tensor[][], state_steps: Tensor[],
): boolean {
  let has_complex = false;
  for (const p of group.params) {
    if (p.grad === null) continue;
    has_complex ||= p.dtype.is_complex;
    params_with_grad.push(p);
    if (p.grad.is_sparse) throw new RuntimeError(`${className} does not support sparse gradients`);
    grads.push(p.grad);
    const state = stateOf(optimizer.state, p);
    if (Object.keys(state).length === 0) {
      state.step = scalarTensor(0.0);
      for (const name of bufferNames) state[name] = aten.zeros_like(p, { memory_format: preserve_format });
    }
    bufferNames.forEach((name, i) => buffers[i].push(state[name]));
    state_steps.push(state.step);
  }
  return has_complex;
}
