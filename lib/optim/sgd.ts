// torch.optim.SGD, ported from torch/optim/sgd.py. A step runs the multi-tensor implementation
// (_multi_tensor_sgd: a few _foreach_* calls over all parameters of a device and dtype), or the
// fused kernel with fused=True. Python on CPU defaults to its for-loop implementation; on CPU
// the foreach kernels run the same per-tensor kernels, so the numbers are the same.
import { callOp } from "../_dispatch";
import { RuntimeError, ValueError } from "../errors";
import { OPS } from "../generated/ops";
import { Tensor } from "../tensor";
import { _foreach_add, _foreach_add_, _foreach_mul_, _foreach_neg, _free, _fused_sgd_ } from "./_foreach";
import {
  _device_dtype_check_for_fused,
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

export interface SGDOptions {
  lr?: number | Tensor;
  momentum?: number;
  dampening?: number;
  weight_decay?: number | Tensor;
  nesterov?: boolean;
  maximize?: boolean;
  foreach?: boolean | null;
  differentiable?: boolean;
  fused?: boolean | null;
}

const SGD_ARGS = {
  params: REQUIRED,
  lr: 1e-3,
  momentum: 0,
  dampening: 0,
  weight_decay: 0,
  nesterov: false,
  maximize: false,
  foreach: null,
  differentiable: false,
  fused: null,
};

/** Stochastic gradient descent, optionally with momentum (Nesterov's too). */
export class SGD extends Optimizer {
  declare _step_supports_amp_scaling: boolean;
  declare _need_device_dtype_check_for_fused: boolean;

  /**
   * new SGD(params, lr = 1e-3, momentum = 0, dampening = 0, weight_decay = 0, nesterov = false,
   * { maximize = false, foreach = null, differentiable = false, fused = null })
   */
  constructor(params: ParamsT, lr?: number | Tensor | SGDOptions, ...rest: (number | boolean | Tensor | SGDOptions | undefined)[]);
  constructor(...args: unknown[]) {
    const a = parseArgs("SGD.__init__", SGD_ARGS, args, 6);
    const { lr, momentum, dampening, weight_decay, nesterov, maximize, foreach, differentiable, fused } = a;
    if (lr instanceof Tensor && lr.numel() !== 1) throw new ValueError("Tensor lr must be 1-element");
    if (num(lr) < 0.0) throw new ValueError(`Invalid learning rate: ${repr(lr)}`);
    if (num(momentum) < 0.0) throw new ValueError(`Invalid momentum value: ${repr(momentum)}`);
    if (num(weight_decay) < 0.0) throw new ValueError(`Invalid weight_decay value: ${repr(weight_decay)}`);
    if (differentiable) throw new RuntimeError("torchts: SGD with differentiable=True is not supported (the foreach kernels have no autograd)");

    const defaults = { lr, momentum, dampening, weight_decay, nesterov, maximize, foreach, differentiable, fused };
    if (nesterov && (momentum <= 0 || dampening !== 0)) {
      throw new ValueError("Nesterov momentum requires a momentum and zero dampening");
    }
    super(a.params, defaults);

    if (fused) {
      this._step_supports_amp_scaling = true;
      this._need_device_dtype_check_for_fused = true;
      if (differentiable) throw new RuntimeError("`fused` does not support `differentiable`");
      if (foreach) throw new RuntimeError("`fused` and `foreach` cannot be `True` together.");
    }
  }

  __setstate__(state: Parameters<Optimizer["__setstate__"]>[0]): void {
    super.__setstate__(state);
    for (const group of this.param_groups) {
      setdefault(group, "nesterov", false);
      setdefault(group, "maximize", false);
      setdefault(group, "foreach", null);
      setdefault(group, "differentiable", false);
      setdefault(group, "fused", false);
    }
  }

  _init_group(group: ParamGroup, params: Tensor[], grads: Tensor[], momentum_buffer_list: (Tensor | null)[]): boolean {
    for (const p of group.params) {
      const grad = p.grad;
      if (grad === null) continue;
      if (group.fused && this._need_device_dtype_check_for_fused !== false) {
        _device_dtype_check_for_fused(p);
        this._need_device_dtype_check_for_fused = false;
      }
      params.push(p);
      grads.push(grad);
      if (group.momentum !== 0) {
        const state = stateOf(this.state, p);
        momentum_buffer_list.push(state.momentum_buffer ?? null);
      }
    }
    return false; // has_sparse_grad: torchts has no sparse gradients
  }

  /** One optimization step: step(), or step(closure) where closure re-evaluates the loss and returns it. */
  step(...args: [closure?: (() => unknown) | { closure?: () => unknown }]): any {
    const closure = closureArg("step", args);
    return _use_grad_for_differentiable(this, () => {
      const loss = evalClosure(closure);

      for (const group of this.param_groups) {
        const params: Tensor[] = [];
        const grads: Tensor[] = [];
        const momentum_buffer_list: (Tensor | null)[] = [];

        const has_sparse_grad = this._init_group(group, params, grads, momentum_buffer_list);

        sgd(params, grads, momentum_buffer_list, {
          weight_decay: group.weight_decay,
          momentum: group.momentum,
          lr: group.lr,
          dampening: group.dampening,
          nesterov: group.nesterov,
          maximize: group.maximize,
          has_sparse_grad,
          foreach: group.foreach,
          fused: group.fused,
          // Set by torch.amp.GradScaler.step for the fused kernel (Python's getattr(self, "grad_scale", None)).
          grad_scale: (this as { grad_scale?: Tensor }).grad_scale ?? null,
          found_inf: (this as { found_inf?: Tensor }).found_inf ?? null,
        });

        if (group.momentum !== 0) {
          // update momentum_buffers in state
          params.forEach((p, i) => (stateOf(this.state, p).momentum_buffer = momentum_buffer_list[i]));
        }
      }
      return loss;
    });
  }
}

interface SGDArgs {
  weight_decay: number | Tensor;
  momentum: number;
  lr: number | Tensor;
  dampening: number;
  nesterov: boolean;
  maximize: boolean;
  has_sparse_grad: boolean;
  foreach?: boolean | null;
  fused?: boolean | null;
  grad_scale?: Tensor | null;
  found_inf?: Tensor | null;
}

/**
 * Functional SGD. Python picks the for-loop implementation unless foreach or fused; torchts
 * always runs the multi-tensor one (same numbers on CPU), or the fused kernel.
 */
export function sgd(params: Tensor[], d_p_list: Tensor[], momentum_buffer_list: (Tensor | null)[], args: SGDArgs): void {
  const func = args.fused ? _fused_sgd : _multi_tensor_sgd;
  func(params, d_p_list, momentum_buffer_list, args);
}

function _multi_tensor_sgd(params: Tensor[], grads: Tensor[], momentum_buffer_list: (Tensor | null)[], args: SGDArgs): void {
  const { momentum, dampening, nesterov, maximize } = args;
  if (params.length === 0) return;

  const lr = _get_value(_to_scalar(args.lr));
  const weight_decay = _get_value(args.weight_decay);

  const grouped_tensors = Optimizer._group_tensors_by_device_and_dtype([params, grads, momentum_buffer_list], true);
  for (const [[device_params_, device_grads_, device_momentum_buffer_list], indices] of grouped_tensors.values()) {
    const device_params = device_params_ as Tensor[];
    let device_grads = device_grads_ as Tensor[];
    let intermediate_grads: Tensor[] | null = null; // ours to free, unlike the parameters' grads

    if (maximize) device_grads = intermediate_grads = _foreach_neg(device_grads);

    if (weight_decay !== 0) {
      // Reuse the intermediate memory (device_grads) already allocated for maximize
      if (maximize) _foreach_add_(device_grads, device_params, { alpha: weight_decay });
      else device_grads = intermediate_grads = _foreach_add(device_grads, device_params, { alpha: weight_decay });
    }

    if (momentum !== 0) {
      let bufs: Tensor[] = [];

      let all_states_with_momentum_buffer = true;
      for (const buf of device_momentum_buffer_list) {
        if (buf === null) {
          all_states_with_momentum_buffer = false;
          break;
        }
        bufs.push(buf);
      }

      if (all_states_with_momentum_buffer) {
        _foreach_mul_(bufs, momentum);
        _foreach_add_(bufs, device_grads, { alpha: 1 - dampening });
      } else {
        bufs = [];
        for (let i = 0; i < device_momentum_buffer_list.length; i++) {
          let buf = device_momentum_buffer_list[i];
          if (buf === null) {
            buf = device_momentum_buffer_list[i] = momentum_buffer_list[indices[i]] = device_grads[i].detach().clone();
          } else {
            buf.mul_(momentum).add_(device_grads[i], { alpha: 1 - dampening });
          }
          bufs.push(buf);
        }
      }

      if (nesterov) _foreach_add_(device_grads, bufs, { alpha: momentum });
      else device_grads = bufs;
    }

    _foreach_add_(device_params, device_grads, { alpha: -lr });
    // Not the momentum buffers that device_grads may now be: the first step clones them.
    _free(intermediate_grads);
  }
}

function _fused_sgd(params: Tensor[], grads: Tensor[], momentum_buffer_list: (Tensor | null)[], args: SGDArgs): void {
  const { momentum, dampening, nesterov, maximize, has_sparse_grad } = args;
  if (params.length === 0) return;
  if (has_sparse_grad) throw new RuntimeError("`_fused_sgd` does not support sparse gradients");
  const grad_scale = args.grad_scale ?? null;
  const found_inf = args.found_inf ?? null;
  // grad_scale and found_inf (from GradScaler), copied once to each device.
  const grad_scale_dict = new Map<string, Tensor>(grad_scale !== null ? [[String(grad_scale.device), grad_scale]] : []);
  const found_inf_dict = new Map<string, Tensor>(found_inf !== null ? [[String(found_inf.device), found_inf]] : []);
  const on = (dict: Map<string, Tensor>, t: Tensor, device: string): Tensor => {
    if (!dict.has(device)) dict.set(device, t.to(device));
    return dict.get(device)!;
  };

  const no_momentum_buffer = momentum === 0;
  const is_first_step = !momentum_buffer_list.some((t) => t !== null) && !no_momentum_buffer;
  if (is_first_step) {
    grads.forEach((g, i) => (momentum_buffer_list[i] = callOp(OPS.empty_like, null, [g]) as Tensor));
  }
  const grouped_tensors = Optimizer._group_tensors_by_device_and_dtype([params, grads, momentum_buffer_list], false);
  for (const [[device_params, device_grads, device_momentum_buffer_list]] of grouped_tensors.values()) {
    const device = String((device_params as Tensor[])[0].device);
    _fused_sgd_(device_params as Tensor[], device_grads as Tensor[], no_momentum_buffer ? [] : (device_momentum_buffer_list as Tensor[]), {
      weight_decay: _get_value(args.weight_decay),
      momentum,
      lr: _get_value(args.lr),
      dampening,
      nesterov,
      maximize,
      is_first_step,
      grad_scale: grad_scale === null ? null : on(grad_scale_dict, grad_scale, device),
      found_inf: found_inf === null ? null : on(found_inf_dict, found_inf, device),
    });
  }
}
