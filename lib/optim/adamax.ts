// torch.optim.Adamax, ported from torch/optim/adamax.py: its for-loop implementation
// (_single_tensor_adamax), Python's default on CPU; foreach=true runs it too (Python's
// _multi_tensor_adamax gives the same numbers on CPU, tested).
import { aten } from "../_aten";
import { Tensor } from "../tensor";
import { pow } from "../_pymath";
import { checkBetas, checkLr, checkNonNeg, initStepAndZeroBuffers, maybeNeg, refuseUnsupported, setstateSteps } from "./_common";
import { _get_value, _to_scalar, _use_grad_for_differentiable, closureArg, evalClosure, Optimizer, ParamGroup, ParamsT, parseArgs, REQUIRED } from "./optimizer";

export interface AdamaxOptions {
  lr?: number | Tensor;
  betas?: [number, number];
  eps?: number;
  weight_decay?: number;
  foreach?: boolean | null;
  maximize?: boolean;
  differentiable?: boolean;
  capturable?: boolean;
}

const ADAMAX_ARGS = { params: REQUIRED, lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, foreach: null, maximize: false, differentiable: false, capturable: false };

/** Adamax: Adam with the infinity norm. */
export class Adamax extends Optimizer {
  /** new Adamax(params, lr = 2e-3, betas = [0.9, 0.999], eps = 1e-8, weight_decay = 0, foreach = null, { maximize = false, differentiable = false, capturable = false }) */
  constructor(params: ParamsT, lr?: number | Tensor | AdamaxOptions, ...rest: (number | boolean | number[] | Tensor | AdamaxOptions | null | undefined)[]);
  constructor(...args: unknown[]) {
    const a = parseArgs("Adamax.__init__", ADAMAX_ARGS, args, 6);
    const { lr, eps, weight_decay, foreach, maximize, differentiable, capturable } = a;
    checkLr(lr);
    checkNonNeg(eps, "epsilon value");
    const betas = checkBetas(a.betas);
    checkNonNeg(weight_decay, "weight_decay value");
    refuseUnsupported(capturable, differentiable);
    super(a.params, { lr, betas, eps, weight_decay, foreach, maximize, differentiable, capturable });
  }

  __setstate__(state: Parameters<Optimizer["__setstate__"]>[0]): void {
    super.__setstate__(state);
    setstateSteps(this, { foreach: null, maximize: false, differentiable: false, capturable: false });
  }

  _init_group(group: ParamGroup, params_with_grad: Tensor[], grads: Tensor[], exp_avgs: Tensor[], exp_infs: Tensor[], state_steps: Tensor[]): boolean {
    return initStepAndZeroBuffers(this, group, "Adamax", ["exp_avg", "exp_inf"], params_with_grad, grads, [exp_avgs, exp_infs], state_steps);
  }

  /** One optimization step: step(), or step(closure). */
  step(...args: [closure?: (() => unknown) | { closure?: () => unknown }]): any {
    const closure = closureArg("step", args);
    return _use_grad_for_differentiable(this, () => {
      const loss = evalClosure(closure);
      for (const group of this.param_groups) {
        const params_with_grad: Tensor[] = [], grads: Tensor[] = [], exp_avgs: Tensor[] = [], exp_infs: Tensor[] = [], state_steps: Tensor[] = [];
        const [beta1, beta2] = group.betas;
        this._init_group(group, params_with_grad, grads, exp_avgs, exp_infs, state_steps);
        adamax(params_with_grad, grads, exp_avgs, exp_infs, state_steps, { eps: group.eps, beta1, beta2, lr: group.lr, weight_decay: group.weight_decay, maximize: group.maximize });
      }
      return loss;
    });
  }
}

/** Functional Adamax (the for-loop implementation). */
export function adamax(
  params: Tensor[], grads: Tensor[], exp_avgs: Tensor[], exp_infs: Tensor[], state_steps: Tensor[],
  args: { eps: number; beta1: number; beta2: number; lr: number | Tensor; weight_decay: number; maximize: boolean },
): void {
  const { eps, beta1, beta2, weight_decay, maximize } = args;
  const lr = _get_value(_to_scalar(args.lr));
  params.forEach((param, i) => {
    let grad = maybeNeg(grads[i], maximize);
    let exp_avg = exp_avgs[i], exp_inf = exp_infs[i];
    const step_t = state_steps[i];
    step_t.add_(1);
    if (weight_decay !== 0) grad = grad.add(param, { alpha: weight_decay });
    if (param.dtype.is_complex) {
      param = aten.view_as_real(param); grad = aten.view_as_real(grad);
      exp_avg = aten.view_as_real(exp_avg); exp_inf = aten.view_as_real(exp_inf);
    }
    exp_avg.lerp_(grad, 1 - beta1);
    aten.maximum(exp_inf.mul_(beta2), grad.abs().add_(eps), { out: exp_inf });
    const bias_correction = 1 - pow(beta1, _get_value(step_t));
    const clr = lr / bias_correction;
    param.addcdiv_(exp_avg, exp_inf, { value: -clr });
  });
}
