// torch.optim.Adagrad, ported from torch/optim/adagrad.py: its for-loop implementation
// (_single_tensor_adagrad), Python's default on CPU; foreach=true runs it too (Python's
// _multi_tensor_adagrad gives the same numbers on CPU, tested). The state is
// made in the constructor, as in Python. fused=true is refused (torchts has no _fused_adagrad_).
import { aten } from "../_aten";
import { preserve_format } from "../dtype";
import { NotImplementedError, RuntimeError } from "../errors";
import { Tensor } from "../tensor";
import { checkLr, checkNonNeg, maybeNeg, refuseUnsupported, scalarTensor, setstateSteps } from "./_common";
import { _get_value, _to_scalar, _use_grad_for_differentiable, closureArg, evalClosure, num, Optimizer, ParamGroup, ParamsT, parseArgs, repr, REQUIRED, stateOf } from "./optimizer";
import { ValueError } from "../errors";

export interface AdagradOptions {
  lr?: number | Tensor;
  lr_decay?: number;
  weight_decay?: number;
  initial_accumulator_value?: number;
  eps?: number;
  foreach?: boolean | null;
  maximize?: boolean;
  differentiable?: boolean;
  fused?: boolean | null;
}

const ADAGRAD_ARGS = { params: REQUIRED, lr: 1e-2, lr_decay: 0, weight_decay: 0, initial_accumulator_value: 0, eps: 1e-10, foreach: null, maximize: false, differentiable: false, fused: null };

/** Adagrad. */
export class Adagrad extends Optimizer {
  /** new Adagrad(params, lr = 1e-2, lr_decay = 0, weight_decay = 0, initial_accumulator_value = 0, eps = 1e-10, foreach = null, { maximize, differentiable, fused }) */
  constructor(params: ParamsT, lr?: number | Tensor | AdagradOptions, ...rest: (number | boolean | Tensor | AdagradOptions | null | undefined)[]);
  constructor(...args: unknown[]) {
    const a = parseArgs("Adagrad.__init__", ADAGRAD_ARGS, args, 7);
    const { lr, lr_decay, weight_decay, initial_accumulator_value, eps, foreach, maximize, differentiable, fused } = a;
    checkLr(lr);
    checkNonNeg(lr_decay, "lr_decay value");
    checkNonNeg(weight_decay, "weight_decay value");
    if (!(0.0 <= num(initial_accumulator_value, "<="))) throw new ValueError(`Invalid initial_accumulator_value value: ${repr(initial_accumulator_value)}`);
    checkNonNeg(eps, "epsilon value");
    refuseUnsupported(false, differentiable);
    super(a.params, { lr, lr_decay, eps, weight_decay, initial_accumulator_value, foreach, maximize, differentiable, fused });
    if (fused) {
      if (differentiable) throw new RuntimeError("`fused` does not support `differentiable`");
      if (foreach) throw new RuntimeError("`fused` and `foreach` cannot be `True` together.");
      throw new NotImplementedError("torchts: Adagrad(fused=True) is not supported yet");
    }
    for (const group of this.param_groups) {
      for (const p of group.params) {
        const state = stateOf(this.state, p);
        state.step = scalarTensor(0.0);
        if (p.dtype.is_complex) throw new NotImplementedError("torchts: Adagrad on complex parameters is not supported yet");
        state.sum = aten.full_like(p, initial_accumulator_value, { memory_format: preserve_format });
      }
    }
  }

  __setstate__(state: Parameters<Optimizer["__setstate__"]>[0]): void {
    super.__setstate__(state);
    setstateSteps(this, { foreach: null, maximize: false, differentiable: false, fused: null });
  }

  /** Python's share_memory: torchts tensors live in one process; nothing to do. */
  share_memory(): void {}

  _init_group(group: ParamGroup, params_with_grad: Tensor[], grads: Tensor[], state_sums: Tensor[], state_steps: Tensor[]): [boolean, boolean] {
    let has_complex = false;
    for (const p of group.params) {
      if (p.grad === null) continue;
      has_complex ||= p.dtype.is_complex;
      params_with_grad.push(p);
      grads.push(p.grad);
      const state = stateOf(this.state, p);
      state_sums.push(state.sum);
      state_steps.push(state.step);
    }
    return [false, has_complex];
  }

  /** One optimization step: step(), or step(closure). */
  step(...args: [closure?: (() => unknown) | { closure?: () => unknown }]): any {
    const closure = closureArg("step", args);
    return _use_grad_for_differentiable(this, () => {
      const loss = evalClosure(closure);
      for (const group of this.param_groups) {
        const params_with_grad: Tensor[] = [], grads: Tensor[] = [], state_sums: Tensor[] = [], state_steps: Tensor[] = [];
        this._init_group(group, params_with_grad, grads, state_sums, state_steps);
        adagrad(params_with_grad, grads, state_sums, state_steps, { lr: group.lr, weight_decay: group.weight_decay, lr_decay: group.lr_decay, eps: group.eps, maximize: group.maximize });
      }
      return loss;
    });
  }
}

/** Functional Adagrad (the for-loop implementation, dense gradients). */
export function adagrad(
  params: Tensor[], grads: Tensor[], state_sums: Tensor[], state_steps: Tensor[],
  args: { lr: number | Tensor; weight_decay: number; lr_decay: number; eps: number; maximize: boolean },
): void {
  const { weight_decay, lr_decay, eps, maximize } = args;
  const lr = _get_value(_to_scalar(args.lr));
  params.forEach((param, i) => {
    const state_sum = state_sums[i], step_t = state_steps[i];
    step_t.add_(1);
    const step = _get_value(step_t);
    let grad = maybeNeg(grads[i], maximize);
    if (weight_decay !== 0) grad = grad.add(param, { alpha: weight_decay });
    const clr = lr / (1 + (step - 1) * lr_decay);
    state_sum.addcmul_(grad, grad, { value: 1 });
    const std = state_sum.sqrt().add_(eps);
    param.addcdiv_(grad, std, { value: -clr });
  });
}
