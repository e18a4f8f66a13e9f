// torch.optim.ASGD, ported from torch/optim/asgd.py: its for-loop implementation
// (_single_tensor_asgd), Python's default on CPU, and with foreach=true its multi-tensor one
// (_multi_tensor_asgd), which rounds differently.
import { aten } from "../_aten";
import { get_default_dtype, preserve_format } from "../dtype";
import { _foreach_add, _foreach_add_, _foreach_addcmul_, _foreach_neg, _foreach_sub } from "./_foreach";
import { RuntimeError } from "../errors";
import { Tensor } from "../tensor";
import { pow } from "../_pymath";
import { checkLr, checkNonNeg, maybeNeg, refuseUnsupported, scalarTensor, setstateSteps } from "./_common";
import { _increment_steps, _get_value, _to_scalar, _use_grad_for_differentiable, closureArg, evalClosure, Optimizer, ParamGroup, ParamsT, parseArgs, REQUIRED, stateOf } from "./optimizer";

export interface ASGDOptions {
  lr?: number | Tensor;
  lambd?: number;
  alpha?: number;
  t0?: number;
  weight_decay?: number;
  foreach?: boolean | null;
  maximize?: boolean;
  differentiable?: boolean;
  capturable?: boolean;
}

const ASGD_ARGS = { params: REQUIRED, lr: 1e-2, lambd: 1e-4, alpha: 0.75, t0: 1e6, weight_decay: 0, foreach: null, maximize: false, differentiable: false, capturable: false };

/** Averaged Stochastic Gradient Descent. */
export class ASGD extends Optimizer {
  /** new ASGD(params, lr = 1e-2, lambd = 1e-4, alpha = 0.75, t0 = 1e6, weight_decay = 0, foreach = null, maximize = false, differentiable = false, capturable = false) */
  constructor(params: ParamsT, lr?: number | Tensor | ASGDOptions, ...rest: (number | boolean | Tensor | ASGDOptions | null | undefined)[]);
  constructor(...args: unknown[]) {
    const a = parseArgs("ASGD.__init__", ASGD_ARGS, args);
    const { lr, lambd, alpha, t0, weight_decay, foreach, maximize, differentiable, capturable } = a;
    checkLr(lr);
    checkNonNeg(weight_decay, "weight_decay value");
    refuseUnsupported(capturable, differentiable);
    super(a.params, { lr, lambd, alpha, t0, weight_decay, foreach, maximize, differentiable, capturable });
  }

  __setstate__(state: Parameters<Optimizer["__setstate__"]>[0]): void {
    super.__setstate__(state);
    setstateSteps(this, { foreach: null, maximize: false, differentiable: false, capturable: false }, ["step", "eta", "mu"]);
  }

  _init_group(group: ParamGroup, params_with_grad: Tensor[], grads: Tensor[], mus: Tensor[], axs: Tensor[], etas: Tensor[], state_steps: Tensor[]): boolean {
    let has_complex = false;
    for (const p of group.params) {
      if (p.grad === null) continue;
      has_complex ||= p.dtype.is_complex;
      params_with_grad.push(p);
      if (p.grad.is_sparse) throw new RuntimeError("ASGD does not support sparse gradients");
      grads.push(p.grad);
      const state = stateOf(this.state, p);
      if (Object.keys(state).length === 0) {
        state.step = scalarTensor(0.0);
        state.eta = scalarTensor(_get_value(_to_scalar(group.lr)));
        state.mu = scalarTensor(1.0);
        state.ax = aten.zeros_like(p, { memory_format: preserve_format });
      }
      mus.push(state.mu);
      axs.push(state.ax);
      etas.push(state.eta);
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
        const params_with_grad: Tensor[] = [], grads: Tensor[] = [], mus: Tensor[] = [], axs: Tensor[] = [], etas: Tensor[] = [], state_steps: Tensor[] = [];
        this._init_group(group, params_with_grad, grads, mus, axs, etas, state_steps);
        asgd(params_with_grad, grads, axs, mus, etas, state_steps, {
          lambd: group.lambd, lr: group.lr, t0: group.t0, alpha: group.alpha, weight_decay: group.weight_decay, maximize: group.maximize,
          foreach: group.foreach,
        });
      }
      return loss;
    });
  }
}

/** Functional ASGD (the for-loop implementation). */
export function asgd(
  params: Tensor[], grads: Tensor[], axs: Tensor[], mus: Tensor[], etas: Tensor[], state_steps: Tensor[],
  args: { lambd: number; lr: number | Tensor; t0: number; alpha: number; weight_decay: number; maximize: boolean; foreach?: boolean | null },
): void {
  // Python's default on CPU (foreach=None) is the for-loop implementation.
  if (args.foreach) return _multi_tensor_asgd(params, grads, axs, mus, etas, state_steps, args);
  const { lambd, t0, alpha, weight_decay, maximize } = args;
  const lr = _get_value(_to_scalar(args.lr));
  params.forEach((param, i) => {
    let grad = maybeNeg(grads[i], maximize);
    const mu = mus[i], eta = etas[i], step_t = state_steps[i];
    let ax = axs[i];
    if (param.dtype.is_complex) {
      grad = aten.view_as_real(grad); param = aten.view_as_real(param); ax = aten.view_as_real(ax);
    }
    step_t.add_(1);
    if (weight_decay !== 0) grad = grad.add(param, { alpha: weight_decay });
    const eta_value = _get_value(eta);
    param.mul_(1 - lambd * eta_value);
    param.add_(grad, { alpha: -eta_value });
    if (mu.item() !== 1) ax.add_(param.sub(ax).mul_(mu));
    else ax.copy_(param);
    const step = _get_value(step_t);
    eta.fill_(lr / pow(1 + lambd * lr * step, alpha));
    mu.fill_(1 / Math.max(1, step - t0));
  });
}

function _multi_tensor_asgd(
  params: Tensor[], grads: Tensor[], axs: Tensor[], mus: Tensor[], etas: Tensor[], state_steps: Tensor[],
  args: { lambd: number; lr: number | Tensor; t0: number; alpha: number; weight_decay: number; maximize: boolean },
): void {
  if (params.length === 0) return;
  const { lambd, t0, alpha, weight_decay, maximize } = args;
  const lr = _get_value(_to_scalar(args.lr));
  const grouped_tensors = Optimizer._group_tensors_by_device_and_dtype([params, grads, axs, mus, etas, state_steps]);
  for (const [[p_, g_, a_, m_, e_, s_]] of grouped_tensors.values()) {
    let grouped_params = p_ as Tensor[], grouped_grads = g_ as Tensor[], grouped_axs = a_ as Tensor[];
    const grouped_mus = m_ as Tensor[], grouped_etas = e_ as Tensor[], grouped_state_steps = s_ as Tensor[];
    if (grouped_params.some((p) => p.dtype.is_complex)) {
      const real = (l: Tensor[]) => l.map((t) => (t.dtype.is_complex ? aten.view_as_real(t) : t));
      grouped_params = real(grouped_params); grouped_grads = real(grouped_grads); grouped_axs = real(grouped_axs);
    }
    if (maximize) grouped_grads = _foreach_neg(grouped_grads);
    _increment_steps(grouped_state_steps);
    let intermediate: Tensor[];
    if (weight_decay !== 0) {
      if (maximize) {
        _foreach_add_(grouped_grads, grouped_params, { alpha: weight_decay });
        intermediate = grouped_grads;
      } else {
        intermediate = _foreach_add(grouped_grads, grouped_params, { alpha: weight_decay });
      }
      _foreach_add_(intermediate, grouped_params, { alpha: lambd });
    } else {
      intermediate = _foreach_add(grouped_grads, grouped_params, { alpha: lambd });
    }
    _foreach_addcmul_(grouped_params, intermediate, grouped_etas, -1);
    intermediate = _foreach_sub(grouped_params, grouped_axs);
    _foreach_addcmul_(grouped_axs, intermediate, grouped_mus);
    // new_etas: lr / ((1 + lambd * lr * step) ** alpha) with step the 0-dim tensor, as Python's
    // tensor arithmetic does it (float / tensor is reciprocal() * float)
    grouped_state_steps.forEach((step, i) => {
      const new_eta = step.mul(lambd * lr).add(1).pow(alpha).reciprocal().mul(lr);
      grouped_etas[i].copy_(new_eta);
      const v = _get_value(step) - t0;
      grouped_mus[i].copy_(aten.full([], 1 / (v > 1 ? v : 1), { dtype: get_default_dtype() }));
    });
  }
}
