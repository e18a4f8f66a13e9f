// torch.optim.Adam, ported from torch/optim/adam.py. A step runs the multi-tensor
// implementation (_multi_tensor_adam, non-capturable: bias corrections computed as Python
// floats from state["step"]), or the fused kernel with fused=True. Python on CPU defaults to
// its for-loop implementation, whose per-tensor kernels are the ones the foreach ops run on
// CPU: the numbers are the same.
import { callOp } from "../_dispatch";
import { NotImplementedError, RuntimeError, TypeError, ValueError } from "../errors";
import { preserve_format } from "../dtype";
import { OPS } from "../generated/ops";
import { Tensor } from "../tensor";
import {
  _foreach_add,
  _foreach_add_,
  _foreach_addcdiv_,
  _foreach_addcmul_,
  _foreach_div_,
  _foreach_lerp_,
  _foreach_maximum_,
  _foreach_mul_,
  _foreach_neg,
  _foreach_sqrt,
  _free,
  _fused_adam_,
  _fused_adamw_,
  _foreach_sub_,
} from "./_foreach";
import { pow } from "../_pymath";
import {
  _increment_steps,
  _device_dtype_check_for_fused,
  _get_scalar_dtype,
  _get_values,
  _use_grad_for_differentiable,
  closureArg,
  evalClosure,
  num,
  Optimizer,
  ParamGroup,
  ParamsT,
  parseArgs,
  repr,
  REQUIRED,
  setdefault,
  stateOf,
} from "./optimizer";

export interface AdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weight_decay?: number;
  amsgrad?: boolean;
  foreach?: boolean | null;
  maximize?: boolean;
  capturable?: boolean;
  differentiable?: boolean;
  fused?: boolean | null;
  decoupled_weight_decay?: boolean;
}

const ADAM_ARGS = {
  params: REQUIRED,
  lr: 1e-3,
  betas: [0.9, 0.999],
  eps: 1e-8,
  weight_decay: 0,
  amsgrad: false,
  foreach: null,
  maximize: false,
  capturable: false,
  differentiable: false,
  fused: null,
  decoupled_weight_decay: false,
};

/** Adam (and, with decoupled_weight_decay, AdamW). */
export class Adam extends Optimizer {
  declare _step_supports_amp_scaling: boolean;

  /**
   * new Adam(params, lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weight_decay = 0, amsgrad = false,
   * { foreach = null, maximize = false, capturable = false, differentiable = false, fused = null,
   * decoupled_weight_decay = false })
   */
  constructor(params: ParamsT, lr?: number | AdamOptions, ...rest: (number | boolean | number[] | AdamOptions | undefined)[]);
  constructor(...args: unknown[]) {
    const a = parseArgs(new.target === Adam ? "Adam.__init__" : `${new.target.name}.__init__`, ADAM_ARGS, args, 6);
    const { lr, eps, weight_decay, amsgrad, foreach, maximize, capturable, differentiable, fused, decoupled_weight_decay } = a;
    let betas = a.betas as unknown[];
    // Python indexes betas: anything else is its "object is not subscriptable" TypeError.
    if (!Array.isArray(betas)) throw new TypeError(`'${betas === null || betas === undefined ? "NoneType" : typeof betas}' object is not subscriptable`);
    // torchts runs the foreach implementation, which takes no Tensor lr or betas without capturable.
    if (lr instanceof Tensor) throw new ValueError("lr as a Tensor is not supported for capturable=False and foreach=True");
    if (!(0.0 <= num(lr, "<="))) throw new ValueError(`Invalid learning rate: ${repr(lr)}`);
    if (!(0.0 <= num(eps, "<="))) throw new ValueError(`Invalid epsilon value: ${repr(eps)}`);
    const beta0 = num(betas[0], "<=");
    if (!(0.0 <= beta0 && beta0 < 1.0)) throw new ValueError(`Invalid beta parameter at index 0: ${repr(betas[0])}`);
    const beta1 = num(betas[1], "<=");
    if (!(0.0 <= beta1 && beta1 < 1.0)) throw new ValueError(`Invalid beta parameter at index 1: ${repr(betas[1])}`);
    if (!(0.0 <= num(weight_decay, "<="))) throw new ValueError(`Invalid weight_decay value: ${repr(weight_decay)}`);
    if (betas[0] instanceof Tensor || betas[1] instanceof Tensor) {
      if (!(betas[0] instanceof Tensor && betas[1] instanceof Tensor)) throw new ValueError("betas must be either both floats or both Tensors");
      throw new ValueError("betas[0] as a Tensor is not supported for capturable=False and foreach=True");
    }
    if (capturable) throw new NotImplementedError("torchts: capturable=True is not supported (there are no CUDA graphs in torchts)");
    if (differentiable) throw new NotImplementedError("torchts: differentiable=True is not supported (the foreach kernels have no autograd)");
    betas = [...betas];

    const defaults = {
      lr,
      betas,
      eps,
      weight_decay,
      amsgrad,
      maximize,
      foreach,
      capturable,
      differentiable,
      fused,
      decoupled_weight_decay,
    };
    super(a.params, defaults);

    if (fused) {
      if (differentiable) throw new RuntimeError("`fused` does not support `differentiable`");
      this._step_supports_amp_scaling = true;
      if (foreach) throw new RuntimeError("`fused` and `foreach` cannot be `True` together.");
    }
  }

  __setstate__(state: Parameters<Optimizer["__setstate__"]>[0]): void {
    super.__setstate__(state);
    for (const group of this.param_groups) {
      setdefault(group, "amsgrad", false);
      setdefault(group, "maximize", false);
      setdefault(group, "foreach", null);
      setdefault(group, "capturable", false);
      setdefault(group, "differentiable", false);
      setdefault(group, "decoupled_weight_decay", false);
      const fused = setdefault(group, "fused", null);
      for (const p of group.params) {
        const p_state = this.state.get(p);
        if (p_state !== undefined && Object.keys(p_state).length !== 0 && !(p_state.step instanceof Tensor)) {
          const step_val = Number(p_state.step);
          p_state.step =
            group.capturable || group.fused
              ? callOp(OPS.full, null, [[], step_val, { dtype: _get_scalar_dtype(fused), device: p.device }])
              : callOp(OPS.full, null, [[], step_val, { dtype: _get_scalar_dtype() }]);
        }
      }
    }
  }

  _init_group(
    group: ParamGroup,
    params_with_grad: Tensor[],
    grads: Tensor[],
    exp_avgs: Tensor[],
    exp_avg_sqs: Tensor[],
    max_exp_avg_sqs: Tensor[],
    state_steps: Tensor[],
  ): boolean {
    let has_complex = false;
    for (const p of group.params) {
      const grad = p.grad;
      if (grad === null) continue;
      has_complex ||= p.dtype.is_complex;
      params_with_grad.push(p);
      grads.push(grad);

      const state = stateOf(this.state, p);
      // Lazy state initialization
      if (Object.keys(state).length === 0) {
        if (group.fused) _device_dtype_check_for_fused(p);
        // note(crcrpar): [special device hosting for step]
        // Deliberately host `step` on CPU if both capturable and fused are off.
        state.step =
          group.capturable || group.fused
            ? callOp(OPS.zeros, null, [[], { dtype: _get_scalar_dtype(group.fused), device: p.device }])
            : callOp(OPS.zeros, null, [[], { dtype: _get_scalar_dtype() }]);
        // Exponential moving average of gradient values
        state.exp_avg = callOp(OPS.zeros_like, null, [p, { memory_format: preserve_format }]);
        // Exponential moving average of squared gradient values
        state.exp_avg_sq = callOp(OPS.zeros_like, null, [p, { memory_format: preserve_format }]);
        if (group.amsgrad) {
          // Maintains max of all exp. moving avg. of sq. grad. values
          state.max_exp_avg_sq = callOp(OPS.zeros_like, null, [p, { memory_format: preserve_format }]);
        }
      }

      exp_avgs.push(state.exp_avg);
      exp_avg_sqs.push(state.exp_avg_sq);
      if (group.amsgrad) max_exp_avg_sqs.push(state.max_exp_avg_sq);
      state_steps.push(state.step);
    }
    return has_complex;
  }

  /** One optimization step: step(), or step(closure) where closure re-evaluates the loss and returns it. */
  step(...args: [closure?: (() => unknown) | { closure?: () => unknown }]): any {
    const closure = closureArg("step", args);
    return _use_grad_for_differentiable(this, () => {
      const loss = evalClosure(closure);

      for (const group of this.param_groups) {
        const params_with_grad: Tensor[] = [];
        const grads: Tensor[] = [];
        const exp_avgs: Tensor[] = [];
        const exp_avg_sqs: Tensor[] = [];
        const max_exp_avg_sqs: Tensor[] = [];
        const state_steps: Tensor[] = [];
        const [beta1, beta2] = group.betas as [number, number];

        const has_complex = this._init_group(group, params_with_grad, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, state_steps);

        adam(params_with_grad, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, state_steps, {
          amsgrad: group.amsgrad,
          has_complex,
          beta1,
          beta2,
          lr: group.lr,
          weight_decay: group.weight_decay,
          eps: group.eps,
          maximize: group.maximize,
          foreach: group.foreach,
          capturable: group.capturable,
          differentiable: group.differentiable,
          fused: group.fused,
          decoupled_weight_decay: group.decoupled_weight_decay,
          // Set by torch.amp.GradScaler.step for the fused kernel (Python's getattr(self, "grad_scale", None)).
          grad_scale: (this as { grad_scale?: Tensor }).grad_scale ?? null,
          found_inf: (this as { found_inf?: Tensor }).found_inf ?? null,
        });
      }
      return loss;
    });
  }
}

interface AdamArgs {
  amsgrad: boolean;
  has_complex: boolean;
  beta1: number;
  beta2: number;
  lr: number;
  weight_decay: number;
  eps: number;
  maximize: boolean;
  foreach?: boolean | null;
  capturable?: boolean;
  differentiable?: boolean;
  fused?: boolean | null;
  decoupled_weight_decay: boolean;
  grad_scale?: Tensor | null;
  found_inf?: Tensor | null;
}

/**
 * Functional Adam. As Python: the fused kernel if fused; the multi-tensor implementation if
 * foreach, or by default when every tensor is on a device with foreach kernels (CUDA); else the
 * for-loop one (the CPU's default: each parameter's update runs while its tensors are in cache,
 * 3.4 ms against 4.3 for the multi-tensor one on examples/gpt's AdamW step, in Python).
 */
export function adam(
  params: Tensor[],
  grads: Tensor[],
  exp_avgs: Tensor[],
  exp_avg_sqs: Tensor[],
  max_exp_avg_sqs: Tensor[],
  state_steps: Tensor[],
  args: AdamArgs,
): void {
  if (!state_steps.every((t) => t instanceof Tensor)) {
    throw new RuntimeError("API has changed, `state_steps` argument must contain a list of singleton tensors");
  }
  if (!args.fused) {
    // What neither the for-loop nor the multi-tensor implementation here takes.
    if (typeof args.lr !== "number") throw new RuntimeError("lr as a Tensor is not supported for capturable=False and foreach=True");
    if (args.has_complex) throw new NotImplementedError("torchts: Adam on complex parameters is not supported yet");
  }
  const foreach = args.foreach ?? params.every((p) => p.device.type === "cuda");
  const func = args.fused ? _fused_adam : foreach ? _multi_tensor_adam : _single_tensor_adam;
  func(params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, state_steps, args);
}

/** Python's _single_tensor_adam, without capturable or differentiable (refused at construction). */
function _single_tensor_adam(
  params: Tensor[],
  grads: Tensor[],
  exp_avgs: Tensor[],
  exp_avg_sqs: Tensor[],
  max_exp_avg_sqs: Tensor[],
  state_steps: Tensor[],
  args: AdamArgs,
): void {
  const { amsgrad, beta1, beta2, lr, weight_decay, eps, maximize, decoupled_weight_decay } = args;
  for (let i = 0; i < params.length; i++) {
    const param = params[i];
    // The intermediates made here are freed at once (Python frees them at their last reference).
    const made: Tensor[] = [];
    const own = (t: Tensor): Tensor => (made.push(t), t);
    let grad = maximize ? own(grads[i].neg()) : grads[i];
    const exp_avg = exp_avgs[i];
    const exp_avg_sq = exp_avg_sqs[i];
    const step_t = state_steps[i];
    // update step
    step_t.add_(1);
    if (weight_decay !== 0) {
      if (decoupled_weight_decay) {
        // Perform stepweight decay
        param.mul_(1 - lr * weight_decay);
      } else {
        grad = own(grad.add(param, { alpha: weight_decay }));
      }
    }
    // Decay the first and second moment running average coefficient
    exp_avg.lerp_(grad, 1 - beta1);
    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
    const step = step_t.item();
    const bias_correction1 = 1 - pow(beta1, step);
    const bias_correction2 = 1 - pow(beta2, step);
    const step_size = lr / bias_correction1;
    const bias_correction2_sqrt = pow(bias_correction2, 0.5);
    let second = exp_avg_sq;
    if (amsgrad) {
      // Maintains the maximum of all 2nd moment running avg. till now
      callOp(OPS.maximum, null, [max_exp_avg_sqs[i], exp_avg_sq, { out: max_exp_avg_sqs[i] }]);
      second = max_exp_avg_sqs[i];
    }
    // (sqrt / bias_correction2_sqrt).add_(eps): the quotient is a new tensor, divided in place here
    const denom = own(second.sqrt()).div_(bias_correction2_sqrt).add_(eps);
    param.addcdiv_(exp_avg, denom, { value: -step_size });
    for (const t of made) t.dispose();
  }
}

function _multi_tensor_adam(
  params: Tensor[],
  grads: Tensor[],
  exp_avgs: Tensor[],
  exp_avg_sqs: Tensor[],
  max_exp_avg_sqs: Tensor[],
  state_steps: Tensor[],
  args: AdamArgs,
): void {
  const { amsgrad, beta1, beta2, lr, weight_decay, eps, maximize, decoupled_weight_decay } = args;
  if (params.length === 0) return;

  const grouped_tensors = Optimizer._group_tensors_by_device_and_dtype([
    params,
    grads,
    exp_avgs,
    exp_avg_sqs,
    max_exp_avg_sqs,
    state_steps,
  ]);

  for (const [[device_params_, device_grads_, device_exp_avgs_, device_exp_avg_sqs_, device_max_exp_avg_sqs_, device_state_steps_]] of grouped_tensors.values()) {
    const device_params = device_params_ as Tensor[];
    let device_grads = device_grads_ as Tensor[];
    let intermediate_grads: Tensor[] | null = null; // ours to free, unlike the parameters' grads
    const device_exp_avgs = device_exp_avgs_ as Tensor[];
    const device_exp_avg_sqs = device_exp_avg_sqs_ as Tensor[];
    const device_state_steps = device_state_steps_ as Tensor[];

    if (maximize) device_grads = intermediate_grads = _foreach_neg(device_grads);

    // Update steps
    _increment_steps(device_state_steps);

    if (weight_decay !== 0) {
      if (decoupled_weight_decay) {
        // Perform stepweight decay
        _foreach_mul_(device_params, 1 - lr * weight_decay);
      } else {
        // Reuse the intermediate memory (device_grads) already allocated for maximize
        if (maximize) _foreach_add_(device_grads, device_params, { alpha: weight_decay });
        else device_grads = intermediate_grads = _foreach_add(device_grads, device_params, { alpha: weight_decay });
      }
    }

    // Decay the first and second moment running average coefficient
    _foreach_lerp_(device_exp_avgs, device_grads, 1 - beta1);
    _foreach_mul_(device_exp_avg_sqs, beta2);
    _foreach_addcmul_(device_exp_avg_sqs, device_grads, device_grads, 1 - beta2);
    // Delete the local intermediate(s) since they won't be used anymore to save on peak memory
    _free(intermediate_grads);

    // The non-capturable path: Python floats from each step's value. Steps usually agree, so
    // each distinct value is computed once (pow goes through C's pow, see _pymath.ts).
    const corrections = new Map<number, [number, number]>();
    const steps = _get_values(device_state_steps);
    for (const step of steps) {
      if (corrections.has(step)) continue;
      const bias_correction1 = 1 - pow(beta1, step);
      const bias_correction2 = 1 - pow(beta2, step);
      corrections.set(step, [(lr / bias_correction1) * -1, pow(bias_correction2, 0.5)]);
    }
    const step_size = steps.map((s) => corrections.get(s)![0]);
    const bias_correction2_sqrt = steps.map((s) => corrections.get(s)![1]);

    let exp_avg_sq_sqrt: Tensor[];
    if (amsgrad) {
      const device_max_exp_avg_sqs = device_max_exp_avg_sqs_ as Tensor[];
      // Maintains the maximum of all 2nd moment running avg. till now
      _foreach_maximum_(device_max_exp_avg_sqs, device_exp_avg_sqs);
      // Use the max. for normalizing running avg. of gradient
      exp_avg_sq_sqrt = _foreach_sqrt(device_max_exp_avg_sqs);
    } else {
      exp_avg_sq_sqrt = _foreach_sqrt(device_exp_avg_sqs);
    }

    _foreach_div_(exp_avg_sq_sqrt, bias_correction2_sqrt);
    _foreach_add_(exp_avg_sq_sqrt, eps);
    _foreach_addcdiv_(device_params, device_exp_avgs, exp_avg_sq_sqrt, step_size);
    _free(exp_avg_sq_sqrt);
  }
}

function _fused_adam(
  params: Tensor[],
  grads: Tensor[],
  exp_avgs: Tensor[],
  exp_avg_sqs: Tensor[],
  max_exp_avg_sqs: Tensor[],
  state_steps: Tensor[],
  args: AdamArgs,
): void {
  const { amsgrad, beta1, beta2, lr, weight_decay, eps, maximize, decoupled_weight_decay } = args;
  if (params.length === 0) return;
  const grad_scale = args.grad_scale ?? null;
  const found_inf = args.found_inf ?? null;
  // grad_scale and found_inf (from GradScaler), copied once to each device.
  const grad_scale_dict = new Map<string, Tensor>(grad_scale !== null ? [[String(grad_scale.device), grad_scale]] : []);
  const found_inf_dict = new Map<string, Tensor>(found_inf !== null ? [[String(found_inf.device), found_inf]] : []);
  const on = (dict: Map<string, Tensor>, t: Tensor, device: string): Tensor => {
    if (!dict.has(device)) dict.set(device, t.to(device, { non_blocking: true }));
    return dict.get(device)!;
  };
  const grouped_tensors = Optimizer._group_tensors_by_device_and_dtype([
    params,
    grads,
    exp_avgs,
    exp_avg_sqs,
    max_exp_avg_sqs,
    state_steps,
  ]);
  for (const [[device_params, device_grads, device_exp_avgs, device_exp_avg_sqs, device_max_exp_avg_sqs, device_state_steps]] of grouped_tensors.values()) {
    const device = String((device_params as Tensor[])[0].device);
    const device_grad_scale = grad_scale === null ? null : on(grad_scale_dict, grad_scale, device);
    const device_found_inf = found_inf === null ? null : on(found_inf_dict, found_inf, device);
    _foreach_add_(device_state_steps as Tensor[], 1);
    const func = decoupled_weight_decay ? _fused_adamw_ : _fused_adam_;
    func(
      device_params as Tensor[],
      device_grads as Tensor[],
      device_exp_avgs as Tensor[],
      device_exp_avg_sqs as Tensor[],
      device_max_exp_avg_sqs as Tensor[],
      device_state_steps as Tensor[],
      { amsgrad, lr, beta1, beta2, weight_decay, eps, maximize, grad_scale: device_grad_scale, found_inf: device_found_inf },
    );
    // A skipped step (inf/NaN gradients) does not count.
    if (device_found_inf !== null) {
      _foreach_sub_(device_state_steps as Tensor[], (device_state_steps as Tensor[]).map(() => device_found_inf));
    }
  }
}
