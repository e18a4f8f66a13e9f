// torch.optim.RMSprop, ported from torch/optim/rmsprop.py. A step runs the multi-tensor
// implementation (_multi_tensor_rmsprop); Python on CPU defaults to its for-loop
// implementation, whose per-tensor kernels are the ones the foreach ops run on CPU.
import { callOp } from "../_dispatch";
import { preserve_format } from "../dtype";
import { NotImplementedError, RuntimeError, ValueError } from "../errors";
import { OPS } from "../generated/ops";
import { Tensor } from "../tensor";
import {
  _foreach_add,
  _foreach_add_,
  _foreach_addcdiv_,
  _foreach_addcmul,
  _foreach_addcmul_,
  _foreach_lerp_,
  _foreach_mul_,
  _foreach_neg,
  _foreach_sqrt,
  _foreach_sqrt_,
  _free,
} from "./_foreach";
import {
  _increment_steps,
  _get_scalar_dtype,
  _get_value,
  _to_scalar,
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

export interface RMSpropOptions {
  lr?: number | Tensor;
  alpha?: number;
  eps?: number;
  weight_decay?: number;
  momentum?: number;
  centered?: boolean;
  capturable?: boolean;
  foreach?: boolean | null;
  maximize?: boolean;
  differentiable?: boolean;
}

const RMSPROP_ARGS = {
  params: REQUIRED,
  lr: 1e-2,
  alpha: 0.99,
  eps: 1e-8,
  weight_decay: 0,
  momentum: 0,
  centered: false,
  capturable: false,
  foreach: null,
  maximize: false,
  differentiable: false,
};

/** RMSprop, optionally centered and with momentum. */
export class RMSprop extends Optimizer {
  /**
   * new RMSprop(params, lr = 1e-2, alpha = 0.99, eps = 1e-8, weight_decay = 0, momentum = 0,
   * centered = false, capturable = false, foreach = null, maximize = false, differentiable = false)
   */
  constructor(params: ParamsT, lr?: number | Tensor | RMSpropOptions, ...rest: (number | boolean | Tensor | RMSpropOptions | null | undefined)[]);
  constructor(...args: unknown[]) {
    const a = parseArgs("RMSprop.__init__", RMSPROP_ARGS, args);
    const { lr, alpha, eps, weight_decay, momentum, centered, capturable, foreach, maximize, differentiable } = a;
    if (lr instanceof Tensor && lr.numel() !== 1) throw new ValueError("Tensor lr must be 1-element");
    if (!(0.0 <= num(lr, "<="))) throw new ValueError(`Invalid learning rate: ${repr(lr)}`);
    if (!(0.0 <= num(eps, "<="))) throw new ValueError(`Invalid epsilon value: ${repr(eps)}`);
    if (!(0.0 <= num(momentum, "<="))) throw new ValueError(`Invalid momentum value: ${repr(momentum)}`);
    if (!(0.0 <= num(weight_decay, "<="))) throw new ValueError(`Invalid weight_decay value: ${repr(weight_decay)}`);
    if (!(0.0 <= num(alpha, "<="))) throw new ValueError(`Invalid alpha value: ${repr(alpha)}`);
    if (capturable) throw new NotImplementedError("torchts: capturable=True is not supported (there are no CUDA graphs in torchts)");
    if (differentiable) throw new NotImplementedError("torchts: differentiable=True is not supported (the foreach kernels have no autograd)");

    const defaults = { lr, momentum, alpha, eps, centered, weight_decay, capturable, foreach, maximize, differentiable };
    super(a.params, defaults);
  }

  __setstate__(state: Parameters<Optimizer["__setstate__"]>[0]): void {
    super.__setstate__(state);
    for (const group of this.param_groups) {
      setdefault(group, "momentum", 0);
      setdefault(group, "centered", false);
      setdefault(group, "foreach", null);
      setdefault(group, "maximize", false);
      setdefault(group, "differentiable", false);
      setdefault(group, "capturable", false);
      for (const p of group.params) {
        const p_state = this.state.get(p);
        if (p_state !== undefined && Object.keys(p_state).length !== 0 && !(p_state.step instanceof Tensor)) {
          const step_val = Number(p_state.step);
          p_state.step = group.capturable
            ? callOp(OPS.full, null, [[], step_val, { dtype: _get_scalar_dtype(), device: p.device }])
            : callOp(OPS.full, null, [[], step_val, { dtype: _get_scalar_dtype() }]);
        }
      }
    }
  }

  _init_group(
    group: ParamGroup,
    params_with_grad: Tensor[],
    grads: Tensor[],
    square_avgs: Tensor[],
    momentum_buffer_list: Tensor[],
    grad_avgs: Tensor[],
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
      // State initialization
      if (Object.keys(state).length === 0) {
        state.step = group.capturable
          ? callOp(OPS.zeros, null, [[], { dtype: _get_scalar_dtype(), device: p.device }])
          : callOp(OPS.zeros, null, [[], { dtype: _get_scalar_dtype() }]);
        state.square_avg = callOp(OPS.zeros_like, null, [p, { memory_format: preserve_format }]);
        if (group.momentum > 0) state.momentum_buffer = callOp(OPS.zeros_like, null, [p, { memory_format: preserve_format }]);
        if (group.centered) state.grad_avg = callOp(OPS.zeros_like, null, [p, { memory_format: preserve_format }]);
      }
      square_avgs.push(state.square_avg);
      state_steps.push(state.step);

      if (group.momentum > 0) momentum_buffer_list.push(state.momentum_buffer);
      if (group.centered) grad_avgs.push(state.grad_avg);
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
        const square_avgs: Tensor[] = [];
        const grad_avgs: Tensor[] = [];
        const momentum_buffer_list: Tensor[] = [];
        const state_steps: Tensor[] = [];

        const has_complex = this._init_group(group, params_with_grad, grads, square_avgs, momentum_buffer_list, grad_avgs, state_steps);

        rmsprop(params_with_grad, grads, square_avgs, grad_avgs, momentum_buffer_list, state_steps, {
          lr: group.lr,
          alpha: group.alpha,
          eps: group.eps,
          weight_decay: group.weight_decay,
          momentum: group.momentum,
          centered: group.centered,
          foreach: group.foreach,
          maximize: group.maximize,
          differentiable: group.differentiable,
          capturable: group.capturable,
          has_complex,
        });
      }
      return loss;
    });
  }
}

interface RMSpropArgs {
  lr: number | Tensor;
  alpha: number;
  eps: number;
  weight_decay: number;
  momentum: number;
  centered: boolean;
  foreach?: boolean | null;
  maximize: boolean;
  differentiable?: boolean;
  capturable?: boolean;
  has_complex: boolean;
}

/** Functional RMSprop: torchts always runs the multi-tensor implementation (same numbers on CPU). */
export function rmsprop(
  params: Tensor[],
  grads: Tensor[],
  square_avgs: Tensor[],
  grad_avgs: Tensor[],
  momentum_buffer_list: Tensor[],
  state_steps: Tensor[],
  args: RMSpropArgs,
): void {
  if (!state_steps.every((t) => t instanceof Tensor)) {
    throw new RuntimeError("API has changed, `state_steps` argument must contain a list of singleton tensors");
  }
  _multi_tensor_rmsprop(params, grads, square_avgs, grad_avgs, momentum_buffer_list, state_steps, args);
}

function _multi_tensor_rmsprop(
  params: Tensor[],
  grads: Tensor[],
  square_avgs: Tensor[],
  grad_avgs: Tensor[],
  momentum_buffer_list: Tensor[],
  state_steps: Tensor[],
  args: RMSpropArgs,
): void {
  const { alpha, eps, weight_decay, momentum, centered, maximize, has_complex } = args;
  if (params.length === 0) return;
  if (has_complex) throw new NotImplementedError("torchts: RMSprop on complex parameters is not supported yet");

  const lr = _get_value(_to_scalar(args.lr));

  const grouped_tensors = Optimizer._group_tensors_by_device_and_dtype([
    params,
    grads,
    square_avgs,
    grad_avgs,
    momentum_buffer_list,
    state_steps,
  ]);
  for (const [[grouped_params_, grouped_grads_, grouped_square_avgs_, grouped_grad_avgs_, grouped_momentum_buffer_list_, grouped_state_steps_]] of grouped_tensors.values()) {
    const grouped_params = grouped_params_ as Tensor[];
    let grouped_grads = grouped_grads_ as Tensor[];
    let intermediate_grads: Tensor[] | null = null; // ours to free, unlike the parameters' grads
    const grouped_square_avgs = grouped_square_avgs_ as Tensor[];
    const grouped_state_steps = grouped_state_steps_ as Tensor[];

    if (maximize) grouped_grads = intermediate_grads = _foreach_neg(grouped_grads);

    // Update steps
    _increment_steps(grouped_state_steps);

    if (weight_decay !== 0) {
      // Reuse the intermediate memory (grouped_grads) already allocated for maximize
      if (maximize) _foreach_add_(grouped_grads, grouped_params, { alpha: weight_decay });
      else grouped_grads = intermediate_grads = _foreach_add(grouped_grads, grouped_params, { alpha: weight_decay });
    }

    _foreach_mul_(grouped_square_avgs, alpha);
    _foreach_addcmul_(grouped_square_avgs, grouped_grads, grouped_grads, 1 - alpha);

    let avg: Tensor[];
    if (centered) {
      const grouped_grad_avgs = grouped_grad_avgs_ as Tensor[];
      _foreach_lerp_(grouped_grad_avgs, grouped_grads, 1 - alpha);
      avg = _foreach_addcmul(grouped_square_avgs, grouped_grad_avgs, grouped_grad_avgs, -1);
      _foreach_sqrt_(avg);
      _foreach_add_(avg, eps);
    } else {
      avg = _foreach_sqrt(grouped_square_avgs);
      _foreach_add_(avg, eps);
    }

    if (momentum > 0) {
      const grouped_momentum_buffer_list = grouped_momentum_buffer_list_ as Tensor[];
      _foreach_mul_(grouped_momentum_buffer_list, momentum);
      _foreach_addcdiv_(grouped_momentum_buffer_list, grouped_grads, avg);
      _foreach_add_(grouped_params, grouped_momentum_buffer_list, { alpha: -lr });
    } else {
      _foreach_addcdiv_(grouped_params, grouped_grads, avg, -lr);
    }
    _free(intermediate_grads, avg);
  }
}
