// torch.optim.Muon, ported from torch/optim/_muon.py: momentum, then the update orthogonalized
// by Newton-Schulz iterations in bfloat16, for 2-D parameters only.
import { aten } from "../_aten";
import { preserve_format } from "../dtype";
import { RuntimeError, ValueError } from "../errors";
import { Tensor } from "../tensor";
import { _to_scalar, _get_value, _use_grad_for_differentiable, closureArg, evalClosure, num, Optimizer, ParamGroup, ParamsT, parseArgs, repr, REQUIRED, stateOf } from "./optimizer";

const EPS = 1e-7;
const DEFAULT_A = 3.4445;
const DEFAULT_B = -4.775;
const DEFAULT_C = 2.0315;
const DEFAULT_NS_STEPS = 5;

export interface MuonOptions {
  lr?: number;
  weight_decay?: number;
  momentum?: number;
  nesterov?: boolean;
  ns_coefficients?: [number, number, number];
  eps?: number;
  ns_steps?: number;
  adjust_lr_fn?: "original" | "match_rms_adamw" | null;
}

const MUON_ARGS = {
  params: REQUIRED, lr: 1e-3, weight_decay: 0.1, momentum: 0.95, nesterov: true,
  ns_coefficients: [DEFAULT_A, DEFAULT_B, DEFAULT_C], eps: EPS, ns_steps: DEFAULT_NS_STEPS, adjust_lr_fn: null,
};

function _zeropower_via_newtonschulz(grad: Tensor, ns_coefficients: number[], ns_steps: number, eps: number): Tensor {
  if (ns_steps >= 100) throw new ValueError("Number of steps must be less than 100 for computational efficiency");
  if (grad.shape.length !== 2) throw new ValueError("Input tensor gradient must be a 2D matrix");
  if (ns_coefficients.length !== 3) throw new ValueError("Coefficients must be a tuple of exactly 3 values");
  const [a, b, c] = ns_coefficients;
  let ortho_grad = grad.bfloat16();
  const tall = grad.size(0) > grad.size(1);
  if (tall) ortho_grad = ortho_grad.T;
  ortho_grad.div_(aten.linalg_vector_norm(ortho_grad, 2).clamp({ min: eps }));
  for (let i = 0; i < ns_steps; i++) {
    const gram_matrix = ortho_grad.matmul(ortho_grad.T);
    const gram_update = aten.addmm(gram_matrix, gram_matrix, gram_matrix, { beta: b, alpha: c });
    ortho_grad = aten.addmm(ortho_grad, gram_update, ortho_grad, { beta: a });
  }
  if (tall) ortho_grad = ortho_grad.T;
  return ortho_grad;
}

function _adjust_lr(lr: number, adjust_lr_fn: string | null, param_shape: number[]): number {
  const [A, B] = param_shape;
  let adjusted_ratio: number;
  if (adjust_lr_fn === null || adjust_lr_fn === "original") adjusted_ratio = Math.sqrt(A / B > 1 ? A / B : 1);
  else if (adjust_lr_fn === "match_rms_adamw") adjusted_ratio = 0.2 * Math.sqrt(B > A ? B : A);
  else adjusted_ratio = 1.0;
  return lr * adjusted_ratio;
}

/** Muon: MomentUm Orthogonalized by Newton-schulz, for 2-D parameters. */
export class Muon extends Optimizer {
  /** new Muon(params, lr = 1e-3, weight_decay = 0.1, momentum = 0.95, nesterov = true, ns_coefficients = [3.4445, -4.775, 2.0315], eps = 1e-7, ns_steps = 5, adjust_lr_fn = null) */
  constructor(params: ParamsT, lr?: number | MuonOptions, ...rest: (number | boolean | number[] | string | MuonOptions | null | undefined)[]);
  constructor(...args: unknown[]) {
    const a = parseArgs("Muon.__init__", MUON_ARGS, args);
    const { lr, weight_decay, momentum, nesterov, eps, ns_steps, adjust_lr_fn } = a;
    if (lr instanceof Tensor && lr.numel() !== 1) throw new ValueError("Tensor lr must be 1-element");
    if (!(0.0 <= num(lr, "<="))) throw new ValueError(`Learning rate should be >= 0 but is: ${repr(lr)}`);
    if (!(0.0 <= num(momentum, "<="))) throw new ValueError(`momentum should be >= 0 but is: ${repr(momentum)}`);
    if (!(0.0 <= num(weight_decay, "<="))) throw new ValueError(`weight decay should be >= 0 but is: ${repr(weight_decay)}`);
    if (adjust_lr_fn !== null && !["original", "match_rms_adamw"].includes(adjust_lr_fn)) {
      throw new ValueError(`Adjust learning rate function ${adjust_lr_fn} is not supported`);
    }
    super(a.params, { lr, weight_decay, momentum, nesterov, ns_coefficients: [...a.ns_coefficients], eps, ns_steps, adjust_lr_fn });
    for (const group of this.param_groups) {
      for (const p of group.params) {
        if (p.dim() !== 2) throw new ValueError(`Muon only supports 2D parameters whereas we found a parameter with size: torch.Size([${p.shape.join(", ")}])`);
      }
    }
  }

  _init_group(group: ParamGroup, params_with_grad: Tensor[], grads: Tensor[], muon_momentum_bufs: Tensor[]): boolean {
    for (const p of group.params) {
      if (p.grad === null) continue;
      if (p.dtype.is_complex) throw new RuntimeError("Muon does not support complex parameters");
      if (p.grad.is_sparse) throw new RuntimeError("Muon does not support sparse gradients");
      params_with_grad.push(p);
      grads.push(p.grad);
      const state = stateOf(this.state, p);
      if (!("momentum_buffer" in state)) state.momentum_buffer = aten.zeros_like(p.grad, { memory_format: preserve_format });
      muon_momentum_bufs.push(state.momentum_buffer);
    }
    return false;
  }

  /** One optimization step: step(), or step(closure). */
  step(...args: [closure?: (() => unknown) | { closure?: () => unknown }]): any {
    const closure = closureArg("step", args);
    return _use_grad_for_differentiable(this, () => {
      const loss = evalClosure(closure);
      for (const group of this.param_groups) {
        const params_with_grad: Tensor[] = [], grads: Tensor[] = [], bufs: Tensor[] = [];
        const has_complex = this._init_group(group, params_with_grad, grads, bufs);
        muon(params_with_grad, grads, bufs, {
          lr: group.lr, weight_decay: group.weight_decay, momentum: group.momentum, nesterov: group.nesterov,
          ns_coefficients: group.ns_coefficients, eps: group.eps, ns_steps: group.ns_steps, adjust_lr_fn: group.adjust_lr_fn, has_complex,
        });
      }
      return loss;
    });
  }
}

/** Functional Muon (the for-loop implementation; Python has no other). */
export function muon(
  params: Tensor[], grads: Tensor[], muon_momentum_bufs: Tensor[],
  args: { foreach?: boolean | null; lr: number | Tensor; weight_decay: number; momentum: number; nesterov: boolean; ns_coefficients: number[]; ns_steps: number; eps: number; adjust_lr_fn: string | null; has_complex: boolean },
): void {
  if (args.foreach) throw new RuntimeError("Foreach is not supported for Muon yet");
  const { weight_decay, momentum, nesterov, ns_coefficients, ns_steps, eps, adjust_lr_fn, has_complex } = args;
  const lr = _get_value(_to_scalar(args.lr));
  if (has_complex) throw new ValueError("Complex parameters are not supported");
  params.forEach((param, i) => {
    const grad = grads[i];
    if (grad.dim() !== 2) throw new ValueError("Param gradient must be a 2D matrix");
    const buf = muon_momentum_bufs[i];
    buf.lerp_(grad, 1 - momentum);
    let update = nesterov ? grad.lerp(buf, momentum) : buf;
    update = _zeropower_via_newtonschulz(update, ns_coefficients, ns_steps, eps);
    const adjusted_lr = _adjust_lr(lr, adjust_lr_fn, param.shape);
    param.mul_(1 - lr * weight_decay);
    param.add_(update, { alpha: -adjusted_lr });
  });
}
