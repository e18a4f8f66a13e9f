// torch.optim.NAdam, ported from torch/optim/nadam.py: its for-loop implementation
// (_single_tensor_nadam), Python's default on CPU, and with foreach=true its multi-tensor one
// (_multi_tensor_nadam), which rounds differently.
import { aten } from "../_aten";
import { preserve_format } from "../dtype";
import { _foreach_add, _foreach_add_, _foreach_addcdiv_, _foreach_addcmul_, _foreach_div_, _foreach_lerp_, _foreach_mul_, _foreach_neg, _foreach_sqrt } from "./_foreach";
import { RuntimeError } from "../errors";
import { Tensor } from "../tensor";
import { pow } from "../_pymath";
import { checkBetas, checkLr, checkNonNeg, maybeNeg, refuseUnsupported, scalarTensor, setstateSteps } from "./_common";
import { _get_values, _increment_steps, _get_value, _to_scalar, _use_grad_for_differentiable, closureArg, evalClosure, Optimizer, ParamGroup, ParamsT, parseArgs, REQUIRED, stateOf } from "./optimizer";

export interface NAdamOptions {
  lr?: number | Tensor;
  betas?: [number, number];
  eps?: number;
  weight_decay?: number;
  momentum_decay?: number;
  decoupled_weight_decay?: boolean;
  foreach?: boolean | null;
  maximize?: boolean;
  capturable?: boolean;
  differentiable?: boolean;
}

const NADAM_ARGS = { params: REQUIRED, lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, momentum_decay: 4e-3, decoupled_weight_decay: false, foreach: null, maximize: false, capturable: false, differentiable: false };

/** NAdam: Adam with Nesterov momentum (NAdamW with decoupled_weight_decay). */
export class NAdam extends Optimizer {
  /** new NAdam(params, lr = 2e-3, betas = [0.9, 0.999], eps = 1e-8, weight_decay = 0, momentum_decay = 4e-3, decoupled_weight_decay = false, { foreach, maximize, capturable, differentiable }) */
  constructor(params: ParamsT, lr?: number | Tensor | NAdamOptions, ...rest: (number | boolean | number[] | Tensor | NAdamOptions | null | undefined)[]);
  constructor(...args: unknown[]) {
    const a = parseArgs("NAdam.__init__", NADAM_ARGS, args, 7);
    const { lr, eps, weight_decay, momentum_decay, decoupled_weight_decay, foreach, maximize, capturable, differentiable } = a;
    checkLr(lr);
    checkNonNeg(eps, "epsilon value");
    const betas = checkBetas(a.betas);
    checkNonNeg(weight_decay, "weight_decay value");
    checkNonNeg(momentum_decay, "momentum_decay value");
    refuseUnsupported(capturable, differentiable);
    super(a.params, { lr, betas, eps, weight_decay, momentum_decay, decoupled_weight_decay, maximize, foreach, capturable, differentiable });
  }

  __setstate__(state: Parameters<Optimizer["__setstate__"]>[0]): void {
    super.__setstate__(state);
    setstateSteps(this, { maximize: false, foreach: null, capturable: false, differentiable: false, decoupled_weight_decay: false }, ["step", "mu_product"]);
  }

  _init_group(group: ParamGroup, params_with_grad: Tensor[], grads: Tensor[], exp_avgs: Tensor[], exp_avg_sqs: Tensor[], mu_products: Tensor[], state_steps: Tensor[]): boolean {
    let has_complex = false;
    for (const p of group.params) {
      if (p.grad === null) continue;
      has_complex ||= p.dtype.is_complex;
      params_with_grad.push(p);
      if (p.grad.is_sparse) throw new RuntimeError("NAdam does not support sparse gradients");
      grads.push(p.grad);
      const state = stateOf(this.state, p);
      if (Object.keys(state).length === 0) {
        state.step = scalarTensor(0.0);
        state.mu_product = scalarTensor(1.0);
        state.exp_avg = aten.zeros_like(p, { memory_format: preserve_format });
        state.exp_avg_sq = aten.zeros_like(p, { memory_format: preserve_format });
      }
      exp_avgs.push(state.exp_avg);
      exp_avg_sqs.push(state.exp_avg_sq);
      mu_products.push(state.mu_product);
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
        const params_with_grad: Tensor[] = [], grads: Tensor[] = [], exp_avgs: Tensor[] = [], exp_avg_sqs: Tensor[] = [], mu_products: Tensor[] = [], state_steps: Tensor[] = [];
        const [beta1, beta2] = group.betas;
        this._init_group(group, params_with_grad, grads, exp_avgs, exp_avg_sqs, mu_products, state_steps);
        nadam(params_with_grad, grads, exp_avgs, exp_avg_sqs, mu_products, state_steps, {
          beta1, beta2, lr: group.lr, weight_decay: group.weight_decay, momentum_decay: group.momentum_decay, eps: group.eps,
          maximize: group.maximize, decoupled_weight_decay: group.decoupled_weight_decay, foreach: group.foreach,
        });
      }
      return loss;
    });
  }
}

/** Functional NAdam (the for-loop implementation). */
export function nadam(
  params: Tensor[], grads: Tensor[], exp_avgs: Tensor[], exp_avg_sqs: Tensor[], mu_products: Tensor[], state_steps: Tensor[],
  args: { beta1: number; beta2: number; lr: number | Tensor; weight_decay: number; momentum_decay: number; eps: number; maximize: boolean; decoupled_weight_decay: boolean; foreach?: boolean | null },
): void {
  // Python's default on CPU (foreach=None) is the for-loop implementation.
  if (args.foreach) return _multi_tensor_nadam(params, grads, exp_avgs, exp_avg_sqs, mu_products, state_steps, args);
  const { beta1, beta2, weight_decay, momentum_decay, eps, maximize, decoupled_weight_decay } = args;
  const lr = _get_value(_to_scalar(args.lr));
  params.forEach((param, i) => {
    let grad = maybeNeg(grads[i], maximize);
    let exp_avg = exp_avgs[i], exp_avg_sq = exp_avg_sqs[i];
    const mu_product = mu_products[i], step_t = state_steps[i];
    if (param.dtype.is_complex) {
      param = aten.view_as_real(param); grad = aten.view_as_real(grad);
      exp_avg = aten.view_as_real(exp_avg); exp_avg_sq = aten.view_as_real(exp_avg_sq);
    }
    step_t.add_(1);
    const step = _get_value(step_t);
    const bias_correction2 = 1 - pow(beta2, step);
    if (weight_decay !== 0) {
      if (decoupled_weight_decay) param.mul_(1 - lr * weight_decay);
      else grad = grad.add(param, { alpha: weight_decay });
    }
    const mu = beta1 * (1.0 - 0.5 * pow(0.96, step * momentum_decay));
    const mu_next = beta1 * (1.0 - 0.5 * pow(0.96, (step + 1) * momentum_decay));
    mu_product.mul_(mu);
    exp_avg.lerp_(grad, 1 - beta1);
    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
    const denom = exp_avg_sq.div(bias_correction2).sqrt();
    const mu_product_next = _get_value(mu_product) * mu_next;
    denom.add_(eps);
    param.addcdiv_(grad, denom, { value: (-lr * (1.0 - mu)) / (1.0 - _get_value(mu_product)) });
    param.addcdiv_(exp_avg, denom, { value: (-lr * mu_next) / (1.0 - mu_product_next) });
  });
}

function _multi_tensor_nadam(
  params: Tensor[], grads: Tensor[], exp_avgs: Tensor[], exp_avg_sqs: Tensor[], mu_products: Tensor[], state_steps: Tensor[],
  args: { beta1: number; beta2: number; lr: number | Tensor; weight_decay: number; momentum_decay: number; eps: number; maximize: boolean; decoupled_weight_decay: boolean },
): void {
  if (params.length === 0) return;
  const { beta1, beta2, weight_decay, momentum_decay, eps, maximize, decoupled_weight_decay } = args;
  const lr = _get_value(_to_scalar(args.lr));
  const grouped_tensors = Optimizer._group_tensors_by_device_and_dtype([params, grads, exp_avgs, exp_avg_sqs, mu_products, state_steps]);
  for (const [[p_, g_, ea_, es_, mp_, s_]] of grouped_tensors.values()) {
    const real = (l: Tensor[]) => l.map((t) => (t.dtype.is_complex ? aten.view_as_real(t) : t));
    const grouped_params = real(p_ as Tensor[]), grouped_exp_avgs = real(ea_ as Tensor[]), grouped_exp_avg_sqs = real(es_ as Tensor[]);
    let grouped_grads = real(g_ as Tensor[]);
    const grouped_mu_products = mp_ as Tensor[], grouped_state_steps = s_ as Tensor[];
    if (maximize) grouped_grads = _foreach_neg(grouped_grads);
    _increment_steps(grouped_state_steps);
    if (weight_decay !== 0) {
      if (decoupled_weight_decay) _foreach_mul_(grouped_params, 1 - lr * weight_decay);
      else if (maximize) _foreach_add_(grouped_grads, grouped_params, { alpha: weight_decay });
      else grouped_grads = _foreach_add(grouped_grads, grouped_params, { alpha: weight_decay });
    }
    _foreach_lerp_(grouped_exp_avgs, grouped_grads, 1 - beta1);
    _foreach_mul_(grouped_exp_avg_sqs, beta2);
    _foreach_addcmul_(grouped_exp_avg_sqs, grouped_grads, grouped_grads, 1 - beta2);
    const exp_avg_sq_sqrt = _foreach_sqrt(grouped_exp_avg_sqs);
    const steps = _get_values(grouped_state_steps);
    const bias_correction_sqrt = steps.map((s) => pow(1 - pow(beta2, s), 0.5));
    const mus = steps.map((s) => beta1 * (1.0 - 0.5 * pow(0.96, s * momentum_decay)));
    const mu_nexts = steps.map((s) => beta1 * (1.0 - 0.5 * pow(0.96, (s + 1) * momentum_decay)));
    _foreach_mul_(grouped_mu_products, mus);
    _foreach_div_(exp_avg_sq_sqrt, bias_correction_sqrt);
    _foreach_add_(exp_avg_sq_sqrt, eps);
    const mps = _get_values(grouped_mu_products);
    const step_size_grads = mus.map((mu, i) => ((lr * (1.0 - mu)) / (1.0 - mps[i])) * -1);
    const step_size_expavg = mu_nexts.map((mu_next, i) => ((lr * mu_next) / (1.0 - mps[i] * mu_next)) * -1);
    _foreach_addcdiv_(grouped_params, grouped_grads, exp_avg_sq_sqrt, step_size_grads);
    _foreach_addcdiv_(grouped_params, grouped_exp_avgs, exp_avg_sq_sqrt, step_size_expavg);
  }
}
