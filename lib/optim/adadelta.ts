// torch.optim.Adadelta, ported from torch/optim/adadelta.py: its for-loop implementation
// (_single_tensor_adadelta), Python's default on CPU; foreach=true runs it too (Python's
// _multi_tensor_adadelta gives the same numbers on CPU, tested).
import { aten } from "../_aten";
import { ValueError } from "../errors";
import { Tensor } from "../tensor";
import { checkLr, checkNonNeg, initStepAndZeroBuffers, maybeNeg, refuseUnsupported, setstateSteps } from "./_common";
import { _get_value, _to_scalar, _use_grad_for_differentiable, closureArg, evalClosure, num, Optimizer, ParamGroup, ParamsT, parseArgs, repr, REQUIRED } from "./optimizer";

export interface AdadeltaOptions {
  lr?: number | Tensor;
  rho?: number;
  eps?: number;
  weight_decay?: number;
  foreach?: boolean | null;
  capturable?: boolean;
  maximize?: boolean;
  differentiable?: boolean;
}

const ADADELTA_ARGS = { params: REQUIRED, lr: 1.0, rho: 0.9, eps: 1e-6, weight_decay: 0, foreach: null, capturable: false, maximize: false, differentiable: false };

/** Adadelta. */
export class Adadelta extends Optimizer {
  /** new Adadelta(params, lr = 1.0, rho = 0.9, eps = 1e-6, weight_decay = 0, foreach = null, { capturable, maximize, differentiable }) */
  constructor(params: ParamsT, lr?: number | Tensor | AdadeltaOptions, ...rest: (number | boolean | Tensor | AdadeltaOptions | null | undefined)[]);
  constructor(...args: unknown[]) {
    const a = parseArgs("Adadelta.__init__", ADADELTA_ARGS, args, 6);
    const { lr, rho, eps, weight_decay, foreach, capturable, maximize, differentiable } = a;
    checkLr(lr);
    const r = num(rho, "<=");
    if (!(0.0 <= r && r <= 1.0)) throw new ValueError(`Invalid rho value: ${repr(rho)}`);
    checkNonNeg(eps, "epsilon value");
    checkNonNeg(weight_decay, "weight_decay value");
    refuseUnsupported(capturable, differentiable);
    super(a.params, { lr, rho, eps, weight_decay, maximize, capturable, foreach, differentiable });
  }

  __setstate__(state: Parameters<Optimizer["__setstate__"]>[0]): void {
    super.__setstate__(state);
    setstateSteps(this, { foreach: null, maximize: false, differentiable: false, capturable: false });
  }

  _init_group(group: ParamGroup, params_with_grad: Tensor[], grads: Tensor[], square_avgs: Tensor[], acc_deltas: Tensor[], state_steps: Tensor[]): boolean {
    return initStepAndZeroBuffers(this, group, "Adadelta", ["square_avg", "acc_delta"], params_with_grad, grads, [square_avgs, acc_deltas], state_steps);
  }

  /** One optimization step: step(), or step(closure). */
  step(...args: [closure?: (() => unknown) | { closure?: () => unknown }]): any {
    const closure = closureArg("step", args);
    return _use_grad_for_differentiable(this, () => {
      const loss = evalClosure(closure);
      for (const group of this.param_groups) {
        const params_with_grad: Tensor[] = [], grads: Tensor[] = [], square_avgs: Tensor[] = [], acc_deltas: Tensor[] = [], state_steps: Tensor[] = [];
        this._init_group(group, params_with_grad, grads, square_avgs, acc_deltas, state_steps);
        adadelta(params_with_grad, grads, square_avgs, acc_deltas, state_steps, { lr: group.lr, rho: group.rho, eps: group.eps, weight_decay: group.weight_decay, maximize: group.maximize });
      }
      return loss;
    });
  }
}

/** Functional Adadelta (the for-loop implementation). */
export function adadelta(
  params: Tensor[], grads: Tensor[], square_avgs: Tensor[], acc_deltas: Tensor[], state_steps: Tensor[],
  args: { lr: number | Tensor; rho: number; eps: number; weight_decay: number; maximize: boolean },
): void {
  const { rho, eps, weight_decay, maximize } = args;
  const lr = _get_value(_to_scalar(args.lr));
  params.forEach((param, i) => {
    let square_avg = square_avgs[i], acc_delta = acc_deltas[i];
    state_steps[i].add_(1);
    let grad = maybeNeg(grads[i], maximize);
    if (weight_decay !== 0) grad = grad.add(param, { alpha: weight_decay });
    const complex = param.dtype.is_complex;
    if (complex) {
      square_avg = aten.view_as_real(square_avg); acc_delta = aten.view_as_real(acc_delta); grad = aten.view_as_real(grad);
    }
    square_avg.mul_(rho).addcmul_(grad, grad, { value: 1 - rho });
    const std = square_avg.add(eps).sqrt_();
    let delta = acc_delta.add(eps).sqrt_();
    delta.div_(std).mul_(grad);
    acc_delta.mul_(rho).addcmul_(delta, delta, { value: 1 - rho });
    if (complex) delta = aten.view_as_complex(delta);
    param.add_(delta, { alpha: -lr });
  });
}
