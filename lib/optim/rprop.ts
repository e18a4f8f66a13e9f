// torch.optim.Rprop, ported from torch/optim/rprop.py: its for-loop implementation
// (_single_tensor_rprop), Python's default on CPU; foreach=true runs it too (Python's
// _multi_tensor_rprop gives the same numbers on CPU, tested).
import { aten } from "../_aten";
import { preserve_format } from "../dtype";
import { RuntimeError, ValueError } from "../errors";
import { Tensor } from "../tensor";
import { checkLr, maybeNeg, refuseUnsupported, scalarTensor, setstateSteps } from "./_common";
import { _to_scalar, _use_grad_for_differentiable, closureArg, evalClosure, num, Optimizer, ParamGroup, ParamsT, parseArgs, repr, REQUIRED, stateOf } from "./optimizer";
import { TypeError } from "../errors";

export interface RpropOptions {
  lr?: number | Tensor;
  etas?: [number, number];
  step_sizes?: [number, number];
  capturable?: boolean;
  foreach?: boolean | null;
  maximize?: boolean;
  differentiable?: boolean;
}

const RPROP_ARGS = { params: REQUIRED, lr: 1e-2, etas: [0.5, 1.2], step_sizes: [1e-6, 50], capturable: false, foreach: null, maximize: false, differentiable: false };

/** The resilient backpropagation algorithm. */
export class Rprop extends Optimizer {
  /** new Rprop(params, lr = 1e-2, etas = [0.5, 1.2], step_sizes = [1e-6, 50], { capturable, foreach, maximize, differentiable }) */
  constructor(params: ParamsT, lr?: number | Tensor | RpropOptions, ...rest: (number | number[] | Tensor | RpropOptions | null | undefined)[]);
  constructor(...args: unknown[]) {
    const a = parseArgs("Rprop.__init__", RPROP_ARGS, args, 4);
    const { lr, capturable, foreach, maximize, differentiable } = a;
    checkLr(lr);
    if (!Array.isArray(a.etas)) throw new TypeError(`'${a.etas === null ? "NoneType" : typeof a.etas}' object is not subscriptable`);
    const etas = [...a.etas];
    const e0 = num(etas[0]), e1 = num(etas[1]);
    if (!(0.0 < e0 && e0 < 1.0 && 1.0 < e1)) throw new ValueError(`Invalid eta values: ${repr(etas[0])}, ${repr(etas[1])}`);
    refuseUnsupported(capturable, differentiable);
    super(a.params, { lr, etas, step_sizes: [...a.step_sizes], foreach, maximize, differentiable, capturable });
  }

  __setstate__(state: Parameters<Optimizer["__setstate__"]>[0]): void {
    super.__setstate__(state);
    setstateSteps(this, { foreach: null, maximize: false, differentiable: false, capturable: false });
  }

  _init_group(group: ParamGroup, params: Tensor[], grads: Tensor[], prevs: Tensor[], step_sizes: Tensor[], state_steps: Tensor[]): boolean {
    let has_complex = false;
    for (const p of group.params) {
      if (p.grad === null) continue;
      has_complex ||= p.dtype.is_complex;
      params.push(p);
      const grad = p.grad;
      if (grad.is_sparse) throw new RuntimeError("Rprop does not support sparse gradients");
      grads.push(grad);
      const state = stateOf(this.state, p);
      if (Object.keys(state).length === 0) {
        state.step = scalarTensor(0.0);
        state.prev = aten.zeros_like(p, { memory_format: preserve_format });
        state.step_size = aten.full_like(grad, _to_scalar(group.lr));
      }
      prevs.push(state.prev);
      step_sizes.push(state.step_size);
      state_steps.push(state.step);
    }
    return has_complex;
  }

  /** One optimization step: step(), or step(closure). */
  step(...args: [closure?: (() => unknown) | { closure?: () => unknown }]): any {
    const closure = closureArg("step", args);
    return _use_grad_for_differentiable(this, () => {
      const loss = evalClosure(closure);
      for (const group of this.param_groups) {
        const params: Tensor[] = [], grads: Tensor[] = [], prevs: Tensor[] = [], step_sizes: Tensor[] = [], state_steps: Tensor[] = [];
        const [etaminus, etaplus] = group.etas;
        const [step_size_min, step_size_max] = group.step_sizes;
        this._init_group(group, params, grads, prevs, step_sizes, state_steps);
        rprop(params, grads, prevs, step_sizes, state_steps, { step_size_min, step_size_max, etaminus, etaplus, maximize: group.maximize });
      }
      return loss;
    });
  }
}

/** Functional Rprop (the for-loop implementation). */
export function rprop(
  params: Tensor[], grads: Tensor[], prevs: Tensor[], step_sizes: Tensor[], state_steps: Tensor[],
  args: { step_size_min: number; step_size_max: number; etaminus: number; etaplus: number; maximize: boolean },
): void {
  const { step_size_min, step_size_max, etaminus, etaplus, maximize } = args;
  params.forEach((param, i) => {
    let grad = maybeNeg(grads[i], maximize);
    let prev = prevs[i], step_size = step_sizes[i];
    state_steps[i].add_(1);
    if (param.dtype.is_complex) {
      grad = aten.view_as_real(grad); prev = aten.view_as_real(prev); param = aten.view_as_real(param); step_size = aten.view_as_real(step_size);
    }
    const sign = grad.mul(prev).sign();
    // sign[sign.gt(0)] = etaplus, ...: index_put_ with a boolean mask and a number
    sign.masked_fill_(sign.gt(0), etaplus);
    sign.masked_fill_(sign.lt(0), etaminus);
    sign.masked_fill_(sign.eq(0), 1);
    step_size.mul_(sign).clamp_(step_size_min, step_size_max);
    grad = grad.clone({ memory_format: preserve_format });
    grad.masked_fill_(sign.eq(etaminus), 0);
    param.addcmul_(grad.sign(), step_size, { value: -1 });
    prev.copy_(grad);
  });
}
