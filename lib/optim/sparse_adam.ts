// torch.optim.SparseAdam, ported from torch/optim/sparse_adam.py. It takes sparse gradients
// only; torchts has no sparse layouts (Tensor.is_sparse is always false, lib/_tensor_attrs.ts),
// so a step with gradients raises Python's error for dense gradients, as Python does.
import { RuntimeError, TypeError, ValueError } from "../errors";
import { Tensor } from "../tensor";
import { checkBetas } from "./_common";
import { _use_grad_for_differentiable, closureArg, evalClosure, num, Optimizer, ParamsT, parseArgs, repr, REQUIRED } from "./optimizer";

export interface SparseAdamOptions {
  lr?: number | Tensor;
  betas?: [number, number];
  eps?: number;
  maximize?: boolean;
}

const SPARSE_ADAM_ARGS = { params: REQUIRED, lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, maximize: false };

/** Adam for sparse gradients (nn.Embedding(sparse=True)); dense gradients raise, as in Python. */
export class SparseAdam extends Optimizer {
  /** new SparseAdam(params, lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, maximize = false) */
  constructor(params: ParamsT, lr?: number | Tensor | SparseAdamOptions, ...rest: (number | boolean | number[] | SparseAdamOptions | undefined)[]);
  constructor(...args: unknown[]) {
    const a = parseArgs("SparseAdam.__init__", SPARSE_ADAM_ARGS, args);
    const { lr, eps, maximize } = a;
    if (lr instanceof Tensor && lr.numel() !== 1) throw new ValueError("Tensor lr must be 1-element");
    if (!(0.0 < num(lr))) throw new ValueError(`Invalid learning rate: ${repr(lr)}`);
    if (!(0.0 < num(eps))) throw new ValueError(`Invalid epsilon value: ${repr(eps)}`);
    const betas = checkBetas(a.betas);
    super(a.params, { lr, betas, eps, maximize });
    const complex_params: number[][] = [];
    this.param_groups.forEach((param_group, index) => {
      param_group.params.forEach((d_param, d_index) => {
        if (d_param.dtype.is_complex) complex_params.push([index, d_index]);
      });
    });
    if (complex_params.length !== 0) {
      throw new ValueError(`Complex params at indices [${complex_params.map((x) => `[${x.join(", ")}]`).join(", ")}]: SparseAdam does not support complex parameters`);
    }
  }

  /** One optimization step: step(), or step(closure). */
  step(...args: [closure?: (() => unknown) | { closure?: () => unknown }]): any {
    const closure = closureArg("step", args);
    return _use_grad_for_differentiable(this, () => {
      const loss = evalClosure(closure);
      for (const group of this.param_groups) {
        for (const p of group.params) {
          if (p.grad === null) continue;
          if (!p.grad.is_sparse) throw new RuntimeError("SparseAdam does not support dense gradients, please consider Adam instead");
          throw new TypeError("torchts: sparse gradients are not supported");
        }
      }
      return loss;
    });
  }
}
