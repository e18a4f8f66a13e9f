// torch.optim.Adafactor, ported from torch/optim/_adafactor.py: its for-loop implementation
// (_single_tensor_adafactor), Python's default on CPU, and with foreach=true its multi-tensor
// one (_multi_tensor_adafactor), which rounds differently. torch.norm
// of Python is torch.linalg.vector_norm here, as torch/functional.py's norm calls it.
import { aten } from "../_aten";
import { preserve_format } from "../dtype";
import { _foreach_add_, _foreach_clamp_min_, _foreach_div_, _foreach_lerp_, _foreach_mul, _foreach_mul_, _foreach_neg, _foreach_rsqrt_ } from "./_foreach";
import { finfo } from "../finfo";
import { RuntimeError, TypeError, ValueError } from "../errors";
import { Tensor } from "../tensor";
import { pow } from "../_pymath";
import { maybeNeg, scalarTensor, setstateSteps } from "./_common";
import { _increment_steps, _to_scalar, _get_value, _use_grad_for_differentiable, closureArg, evalClosure, num, Optimizer, ParamGroup, ParamsT, parseArgs, repr, REQUIRED, stateOf } from "./optimizer";

export interface AdafactorOptions {
  lr?: number | Tensor;
  beta2_decay?: number;
  eps?: [number | null, number];
  d?: number;
  weight_decay?: number;
  foreach?: boolean | null;
  maximize?: boolean;
}

const ADAFACTOR_ARGS = { params: REQUIRED, lr: 1e-2, beta2_decay: -0.8, eps: [null, 1e-3], d: 1.0, weight_decay: 0.0, foreach: null, maximize: false };

/** Adafactor: factored second moments (rows and columns) for matrices. */
export class Adafactor extends Optimizer {
  /** new Adafactor(params, lr = 1e-2, beta2_decay = -0.8, eps = [null, 1e-3], d = 1.0, weight_decay = 0.0, { foreach, maximize }) */
  constructor(params: ParamsT, lr?: number | Tensor | AdafactorOptions, ...rest: (number | (number | null)[] | Tensor | AdafactorOptions | undefined)[]);
  constructor(...args: unknown[]) {
    const a = parseArgs("Adafactor.__init__", ADAFACTOR_ARGS, args, 6);
    const { lr, beta2_decay, d, weight_decay, foreach, maximize } = a;
    if (lr instanceof Tensor && lr.numel() !== 1) throw new ValueError("Tensor lr must be 1-element");
    if (!(0.0 <= num(lr, "<="))) throw new ValueError(`Learning rate should be >= 0 but is: ${repr(lr)}`);
    if (!(0.0 >= num(beta2_decay))) throw new ValueError(`beta2_decay should be <= 0 but is: ${repr(beta2_decay)}`);
    if (!Array.isArray(a.eps)) throw new TypeError(`'${a.eps === null ? "NoneType" : typeof a.eps}' object is not subscriptable`);
    const eps = [...a.eps];
    if (eps[0] !== null && !(0.0 <= num(eps[0], "<="))) throw new ValueError(`epsilon1 should be >= 0 but is: ${repr(eps[0])}`);
    if (!(0.0 <= num(eps[1], "<="))) throw new ValueError(`epsilon2 should be >= 0 but is: ${repr(eps[1])}`);
    if (!(1.0 <= num(d, "<="))) throw new ValueError(`Clipping threshold d should be >= 1 but is: ${repr(d)}`);
    if (!(0.0 <= num(weight_decay, "<="))) throw new ValueError(`weight_decay should be >= 0 but is: ${repr(weight_decay)}`);
    super(a.params, { lr, beta2_decay, eps, d, weight_decay, foreach, maximize });
  }

  __setstate__(state: Parameters<Optimizer["__setstate__"]>[0]): void {
    super.__setstate__(state);
    setstateSteps(this, { foreach: null });
  }

  _init_group(group: ParamGroup, params_with_grad: Tensor[], grads: Tensor[], row_vars: (Tensor | null)[], col_vars: (Tensor | null)[], variances: (Tensor | null)[], state_steps: Tensor[]): boolean {
    for (const p of group.params) {
      if (p.grad === null) continue;
      if (p.dtype.is_complex) throw new RuntimeError("Adafactor does not support complex parameters");
      if (p.grad.is_sparse) throw new RuntimeError("Adafactor does not support sparse gradients");
      params_with_grad.push(p);
      grads.push(p.grad);
      const state = stateOf(this.state, p);
      if (Object.keys(state).length === 0) {
        state.step = scalarTensor(0.0);
        if (p.grad.dim() > 1) {
          const row_shape = [...p.grad.shape];
          row_shape[row_shape.length - 1] = 1;
          state.row_var = p.grad.new_zeros(row_shape);
          const col_shape = [...p.grad.shape];
          col_shape[col_shape.length - 2] = 1;
          state.col_var = p.grad.new_zeros(col_shape);
        } else {
          state.variance = aten.zeros_like(p.grad, { memory_format: preserve_format });
        }
      }
      row_vars.push(state.row_var ?? null);
      col_vars.push(state.col_var ?? null);
      variances.push(state.variance ?? null);
      state_steps.push(state.step);
    }
    return false;
  }

  /** One optimization step: step(), or step(closure). */
  step(...args: [closure?: (() => unknown) | { closure?: () => unknown }]): any {
    const closure = closureArg("step", args);
    return _use_grad_for_differentiable(this, () => {
      const loss = evalClosure(closure);
      for (const group of this.param_groups) {
        const params_with_grad: Tensor[] = [], grads: Tensor[] = [], row_vars: (Tensor | null)[] = [], col_vars: (Tensor | null)[] = [], variances: (Tensor | null)[] = [], state_steps: Tensor[] = [];
        const [eps1, eps2] = group.eps;
        this._init_group(group, params_with_grad, grads, row_vars, col_vars, variances, state_steps);
        adafactor(params_with_grad, grads, row_vars, col_vars, variances, state_steps, {
          d: group.d, lr: group.lr, beta2_decay: group.beta2_decay, weight_decay: group.weight_decay, eps1, eps2, maximize: group.maximize, foreach: group.foreach,
        });
      }
      return loss;
    });
  }
}

const norm = (x: Tensor, dim: number | null = null, keepdim = false): Tensor => aten.linalg_vector_norm(x, 2, dim, keepdim);

/** Functional Adafactor (the for-loop implementation). */
export function adafactor(
  params: Tensor[], grads: Tensor[], row_vars: (Tensor | null)[], col_vars: (Tensor | null)[], variances: (Tensor | null)[], state_steps: Tensor[],
  args: { d: number; lr: number | Tensor; beta2_decay: number; weight_decay: number; eps1: number | null; eps2: number; maximize: boolean; foreach?: boolean | null },
): void {
  // Python's default on CPU (foreach=None) is the for-loop implementation.
  if (args.foreach) return _multi_tensor_adafactor(params, grads, row_vars, col_vars, variances, state_steps, args);
  const { d, beta2_decay, weight_decay, eps2, maximize } = args;
  let eps1 = args.eps1;
  const lr = _get_value(_to_scalar(args.lr));
  params.forEach((param, i) => {
    const grad = maybeNeg(grads[i], maximize);
    const step_t = state_steps[i], row_var = row_vars[i], col_var = col_vars[i], variance = variances[i];
    if (eps1 === null) eps1 = new finfo(param.dtype).eps;
    step_t.add_(1);
    const step_float = step_t.item() as number;
    const one_minus_beta2_t = pow(step_float, beta2_decay);
    const r = 1 / pow(step_float, 0.5);
    const rho_t = r < lr ? r : lr; // Python's min(lr, r)
    const y = (norm(param).item() as number) / pow(param.numel(), 0.5);
    const alpha = (y > eps2 ? y : eps2) * rho_t; // Python's max(eps2, y)
    if (weight_decay !== 0) param.mul_(1 - lr * weight_decay);
    let var_estimate: Tensor;
    if (grad.dim() > 1) {
      const row_mean = norm(grad, -1, true).square_().div_(grad.size(-1));
      row_var!.lerp_(row_mean, one_minus_beta2_t);
      const col_mean = norm(grad, -2, true).square_().div_(grad.size(-2));
      col_var!.lerp_(col_mean, one_minus_beta2_t);
      var_estimate = row_var!.matmul(col_var!);
      var_estimate.div_(row_var!.mean(-2, true).clamp_({ min: eps1 }));
    } else {
      const grad_squared = grad.mul(grad);
      variance!.lerp_(grad_squared, one_minus_beta2_t);
      var_estimate = variance!.clone();
    }
    const update = var_estimate.clamp_({ min: eps1 * eps1 }).rsqrt_();
    update.mul_(grad);
    const z = (norm(update).item() as number) / (pow(update.numel(), 0.5) * d);
    const denom = z > 1.0 ? z : 1.0; // Python's max(1.0, z)
    param.add_(update, { alpha: -alpha / denom });
  });
}

function _multi_tensor_adafactor(
  params: Tensor[], grads: Tensor[], row_vars: (Tensor | null)[], col_vars: (Tensor | null)[], variances: (Tensor | null)[], state_steps: Tensor[],
  args: { d: number; lr: number | Tensor; beta2_decay: number; weight_decay: number; eps1: number | null; eps2: number; maximize: boolean },
): void {
  if (params.length === 0) return;
  const { d, beta2_decay, weight_decay, eps2, maximize } = args;
  let eps1 = args.eps1;
  const lr = _get_value(_to_scalar(args.lr));
  // _group_tensors_by_device_dtype_and_is_multidim: groups in order of first appearance
  const groups = new Map<string, number[]>();
  params.forEach((p, i) => {
    const key = `${p.device}|${p.dtype.name}|${grads[i].dim() > 1}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(i);
  });
  for (const indices of groups.values()) {
    const device_params = indices.map((i) => params[i]);
    let device_grads = indices.map((i) => grads[i]);
    const device_state_steps = indices.map((i) => state_steps[i]);
    const is_multidim = device_grads[0].dim() > 1;
    if (eps1 === null) eps1 = new finfo(device_params[0].dtype).eps;
    if (maximize) device_grads = _foreach_neg(device_grads);
    _increment_steps(device_state_steps);
    const one_minus_beta2_ts: number[] = [];
    const rho_ts: number[] = [];
    for (const s of device_state_steps) {
      const v = s.item() as number;
      one_minus_beta2_ts.push(pow(v, beta2_decay));
      const r = 1 / pow(v, 0.5);
      rho_ts.push(r < lr ? r : lr);
    }
    let alphas = device_params.map((p, i) => {
      const y = (norm(p).item() as number) / pow(p.numel(), 0.5);
      return (y > eps2 ? y : eps2) * rho_ts[i];
    });
    if (weight_decay !== 0) _foreach_mul_(device_params, 1 - lr * weight_decay);
    let var_estimates: Tensor[];
    if (is_multidim) {
      const device_row_vars = indices.map((i) => row_vars[i]!);
      const device_col_vars = indices.map((i) => col_vars[i]!);
      const row_means = device_grads.map((grad) => norm(grad, -1, true));
      _foreach_mul_(row_means, row_means);
      _foreach_div_(row_means, device_grads.map((grad) => grad.size(-1)));
      _foreach_lerp_(device_row_vars, row_means, one_minus_beta2_ts);
      const col_means = device_grads.map((grad) => norm(grad, -2, true));
      _foreach_mul_(col_means, col_means);
      _foreach_div_(col_means, device_grads.map((grad) => grad.size(-2)));
      _foreach_lerp_(device_col_vars, col_means, one_minus_beta2_ts);
      var_estimates = device_row_vars.map((row_var, i) => row_var.matmul(device_col_vars[i]));
      const row_var_means = device_row_vars.map((row_var) => row_var.mean(-2, true));
      _foreach_clamp_min_(row_var_means, eps1);
      _foreach_div_(var_estimates, row_var_means);
    } else {
      const device_variances = indices.map((i) => variances[i]!);
      const grads_squared = _foreach_mul(device_grads, device_grads);
      _foreach_lerp_(device_variances, grads_squared, one_minus_beta2_ts);
      var_estimates = device_variances.map((v) => v.clone());
    }
    _foreach_clamp_min_(var_estimates, eps1 * eps1);
    _foreach_rsqrt_(var_estimates);
    _foreach_mul_(var_estimates, device_grads);
    const updates = var_estimates;
    alphas = alphas.map((a, i) => {
      const z = (norm(updates[i]).item() as number) / (pow(updates[i].numel(), 0.5) * d);
      return -a / (z > 1.0 ? z : 1.0);
    });
    _foreach_mul_(updates, alphas);
    _foreach_add_(device_params, updates);
  }
}
