// torch.optim.RAdam, ported from torch/optim/radam.py: its for-loop implementation
// (_single_tensor_radam), Python's default on CPU, and with foreach=true its multi-tensor one
// (_multi_tensor_radam), which rounds differently.
import { aten } from "../_aten";
import { _foreach_add, _foreach_add_, _foreach_addcmul_, _foreach_div_, _foreach_lerp_, _foreach_mul_, _foreach_neg, _foreach_reciprocal_, _foreach_sqrt } from "./_foreach";
import { Tensor } from "../tensor";
import { pow } from "../_pymath";
import { checkBetas, checkLr, checkNonNeg, initStepAndZeroBuffers, maybeNeg, rdiv, refuseUnsupported, setstateSteps } from "./_common";
import { _get_values, _increment_steps, _get_value, _to_scalar, _use_grad_for_differentiable, closureArg, evalClosure, Optimizer, ParamGroup, ParamsT, parseArgs, REQUIRED } from "./optimizer";

export interface RAdamOptions {
  lr?: number | Tensor;
  betas?: [number, number];
  eps?: number;
  weight_decay?: number;
  decoupled_weight_decay?: boolean;
  foreach?: boolean | null;
  maximize?: boolean;
  capturable?: boolean;
  differentiable?: boolean;
}

const RADAM_ARGS = { params: REQUIRED, lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, decoupled_weight_decay: false, foreach: null, maximize: false, capturable: false, differentiable: false };

/** RAdam: Adam with the variance rectified. */
export class RAdam extends Optimizer {
  /** new RAdam(params, lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weight_decay = 0, decoupled_weight_decay = false, { foreach, maximize, capturable, differentiable }) */
  constructor(params: ParamsT, lr?: number | Tensor | RAdamOptions, ...rest: (number | boolean | number[] | Tensor | RAdamOptions | null | undefined)[]);
  constructor(...args: unknown[]) {
    const a = parseArgs("RAdam.__init__", RADAM_ARGS, args, 6);
    const { lr, eps, weight_decay, decoupled_weight_decay, foreach, maximize, capturable, differentiable } = a;
    checkLr(lr);
    checkNonNeg(eps, "epsilon value");
    const betas = checkBetas(a.betas);
    checkNonNeg(weight_decay, "weight_decay value");
    refuseUnsupported(capturable, differentiable);
    super(a.params, { lr, betas, eps, weight_decay, maximize, foreach, capturable, decoupled_weight_decay, differentiable });
  }

  __setstate__(state: Parameters<Optimizer["__setstate__"]>[0]): void {
    super.__setstate__(state);
    setstateSteps(this, { foreach: null, maximize: false, differentiable: false, decoupled_weight_decay: false, capturable: false });
  }

  _init_group(group: ParamGroup, params_with_grad: Tensor[], grads: Tensor[], exp_avgs: Tensor[], exp_avg_sqs: Tensor[], state_steps: Tensor[]): boolean {
    return initStepAndZeroBuffers(this, group, "RAdam", ["exp_avg", "exp_avg_sq"], params_with_grad, grads, [exp_avgs, exp_avg_sqs], state_steps);
  }

  /** One optimization step: step(), or step(closure). */
  step(...args: [closure?: (() => unknown) | { closure?: () => unknown }]): any {
    const closure = closureArg("step", args);
    return _use_grad_for_differentiable(this, () => {
      const loss = evalClosure(closure);
      for (const group of this.param_groups) {
        const params_with_grad: Tensor[] = [], grads: Tensor[] = [], exp_avgs: Tensor[] = [], exp_avg_sqs: Tensor[] = [], state_steps: Tensor[] = [];
        const [beta1, beta2] = group.betas;
        this._init_group(group, params_with_grad, grads, exp_avgs, exp_avg_sqs, state_steps);
        radam(params_with_grad, grads, exp_avgs, exp_avg_sqs, state_steps, {
          beta1, beta2, lr: group.lr, weight_decay: group.weight_decay, eps: group.eps, maximize: group.maximize, decoupled_weight_decay: group.decoupled_weight_decay,
          foreach: group.foreach,
        });
      }
      return loss;
    });
  }
}

/** Functional RAdam (the for-loop implementation). */
export function radam(
  params: Tensor[], grads: Tensor[], exp_avgs: Tensor[], exp_avg_sqs: Tensor[], state_steps: Tensor[],
  args: { beta1: number; beta2: number; lr: number | Tensor; weight_decay: number; eps: number; maximize: boolean; decoupled_weight_decay: boolean; foreach?: boolean | null },
): void {
  // Python's default on CPU (foreach=None) is the for-loop implementation.
  if (args.foreach) return _multi_tensor_radam(params, grads, exp_avgs, exp_avg_sqs, state_steps, args);
  const { beta1, beta2, weight_decay, eps, maximize, decoupled_weight_decay } = args;
  const lr = _get_value(_to_scalar(args.lr));
  params.forEach((param, i) => {
    let grad = maybeNeg(grads[i], maximize);
    let exp_avg = exp_avgs[i], exp_avg_sq = exp_avg_sqs[i];
    const step_t = state_steps[i];
    if (param.dtype.is_complex) {
      param = aten.view_as_real(param); grad = aten.view_as_real(grad);
      exp_avg = aten.view_as_real(exp_avg); exp_avg_sq = aten.view_as_real(exp_avg_sq);
    }
    step_t.add_(1);
    const step = _get_value(step_t);
    if (weight_decay !== 0) {
      if (decoupled_weight_decay) param.mul_(1 - lr * weight_decay);
      else grad = grad.add(param, { alpha: weight_decay });
    }
    exp_avg.lerp_(grad, 1 - beta1);
    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
    const bias_correction1 = 1 - pow(beta1, step);
    const bias_correction2 = 1 - pow(beta2, step);
    const bias_corrected_exp_avg = exp_avg.div(bias_correction1);
    const rho_inf = 2 / (1 - beta2) - 1;
    const rho_t = rho_inf - (2 * step * pow(beta2, step)) / bias_correction2;
    const _compute_rect = () => pow(((rho_t - 4) * (rho_t - 2) * rho_inf) / ((rho_inf - 4) * (rho_inf - 2) * rho_t), 0.5);
    const _compute_adaptive_lr = () => rdiv(pow(bias_correction2, 0.5), exp_avg_sq.sqrt().add_(eps));
    if (rho_t > 5.0) param.add_(bias_corrected_exp_avg.mul(lr).mul(_compute_adaptive_lr()).mul(_compute_rect()), { alpha: -1.0 });
    else param.add_(bias_corrected_exp_avg.mul(lr), { alpha: -1.0 });
  });
}

function _multi_tensor_radam(
  params: Tensor[], grads: Tensor[], exp_avgs: Tensor[], exp_avg_sqs: Tensor[], state_steps: Tensor[],
  args: { beta1: number; beta2: number; lr: number | Tensor; weight_decay: number; eps: number; maximize: boolean; decoupled_weight_decay: boolean },
): void {
  if (params.length === 0) return;
  const { beta1, beta2, weight_decay, eps, maximize, decoupled_weight_decay } = args;
  const lr = _get_value(_to_scalar(args.lr));
  const grouped_tensors = Optimizer._group_tensors_by_device_and_dtype([params, grads, exp_avgs, exp_avg_sqs, state_steps]);
  for (const [[p_, g_, ea_, es_, s_]] of grouped_tensors.values()) {
    const real = (l: Tensor[]) => l.map((t) => (t.dtype.is_complex ? aten.view_as_real(t) : t));
    const grouped_state_steps = s_ as Tensor[];
    _increment_steps(grouped_state_steps);
    const grouped_params = real(p_ as Tensor[]), grouped_exp_avgs = real(ea_ as Tensor[]), grouped_exp_avg_sqs = real(es_ as Tensor[]);
    let grouped_grads = real(g_ as Tensor[]);
    if (maximize) grouped_grads = _foreach_neg(grouped_grads);
    const rho_inf = 2 / (1 - beta2) - 1;
    const steps = _get_values(grouped_state_steps);
    const rho_t_list = steps.map((s) => rho_inf - (2 * s * pow(beta2, s)) / (1 - pow(beta2, s)));
    if (weight_decay !== 0) {
      if (decoupled_weight_decay) _foreach_mul_(grouped_params, 1 - lr * weight_decay);
      else if (maximize) _foreach_add_(grouped_grads, grouped_params, { alpha: weight_decay });
      else grouped_grads = _foreach_add(grouped_grads, grouped_params, { alpha: weight_decay });
    }
    _foreach_lerp_(grouped_exp_avgs, grouped_grads, 1 - beta1);
    _foreach_mul_(grouped_exp_avg_sqs, beta2);
    _foreach_addcmul_(grouped_exp_avg_sqs, grouped_grads, grouped_grads, 1 - beta2);
    const rect = rho_t_list.map((rho_t) => (rho_t > 5 ? pow(((rho_t - 4) * (rho_t - 2) * rho_inf) / ((rho_inf - 4) * (rho_inf - 2) * rho_t), 0.5) : 0));
    const unrectified = rect.map((r) => (r > 0 ? 0 : 1.0));
    const bias_correction1 = steps.map((s) => 1 - pow(beta1, s));
    const unrect_step_size = unrectified.map((r, i) => ((lr * r) / bias_correction1[i]) * -1);
    const bias_correction2 = steps.map((s, i) => pow(1 - pow(beta2, s), 0.5) * ((lr * rect[i]) / bias_correction1[i]) * -1);
    const buffer = _foreach_sqrt(grouped_exp_avg_sqs);
    _foreach_add_(buffer, eps);
    _foreach_div_(buffer, bias_correction2);
    _foreach_reciprocal_(buffer);
    _foreach_add_(buffer, unrect_step_size);
    _foreach_addcmul_(grouped_params, grouped_exp_avgs, buffer);
  }
}
