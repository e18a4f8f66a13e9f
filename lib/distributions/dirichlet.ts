// torch.distributions.Dirichlet, ported from torch/distributions/dirichlet.py (torch 2.11):
// rsample's gradient is Python's _Dirichlet autograd.Function (torch._dirichlet_grad).
import { bindArgs } from "../_args";
import { _nn, aten } from "../_aten";
import { Function, FunctionCtx } from "../autograd_function";
import { ValueError } from "../errors";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { ExponentialFamily } from "./exp_family";

type T = Tensor;

function _Dirichlet_backward(x: T, concentration: T, grad_output: T): T {
  const total = concentration.sum(-1, true).expand_as(concentration);
  const grad = aten._dirichlet_grad(x, concentration, total);
  return grad.mul(grad_output.sub(x.mul(grad_output).sum(-1, true)));
}

class _Dirichlet extends Function {
  static override forward(ctx: FunctionCtx, concentration: T): T {
    const x = aten._sample_dirichlet(concentration);
    ctx.save_for_backward(x, concentration);
    return x;
  }
  static override backward(ctx: FunctionCtx, grad_output: T | null): T {
    const [x, concentration] = ctx.saved_tensors as T[];
    return _Dirichlet_backward(x, concentration, grad_output!);
  }
}

export class Dirichlet extends ExponentialFamily {
  concentration!: T;
  get arg_constraints(): Record<string, constraints.Constraint> {
    return { concentration: constraints.independent(constraints.positive, 1) };
  }
  override get support(): constraints.Constraint {
    return constraints.simplex;
  }
  override get has_rsample(): boolean {
    return true;
  }

  /** Dirichlet(concentration, validate_args=None). */
  constructor(concentration: T, options?: { validate_args?: boolean | null });
  constructor(...args: unknown[]) {
    super();
    const [concentration, validate_args] = bindArgs("Dirichlet.__init__", ["concentration", "validate_args"], args, 1) as [T, boolean | undefined];
    if (concentration.dim() < 1) throw new ValueError("`concentration` parameter must be at least one-dimensional.");
    this.concentration = concentration;
    this._init(concentration.shape.slice(0, -1), concentration.shape.slice(-1), validate_args);
  }

  override expand(batch_shape: readonly number[], _instance?: Dirichlet): Dirichlet {
    const n = this._get_checked_instance(_instance);
    n.concentration = this.concentration.expand([...batch_shape, ...this._event_shape]);
    n._init(batch_shape, this._event_shape, false);
    n._validate_args = this._validate_args;
    return n;
  }
  override rsample(sample_shape: readonly number[] = []): T {
    const shape = this._extended_shape(sample_shape);
    const concentration = this.concentration.expand(shape);
    return _Dirichlet.apply(concentration);
  }
  override log_prob(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    return aten
      .xlogy(this.concentration.sub(1.0), value)
      .sum(-1)
      .add(aten.lgamma(this.concentration.sum(-1)))
      .sub(aten.lgamma(this.concentration).sum(-1));
  }
  override get mean(): T {
    return this.concentration.div(this.concentration.sum(-1, true));
  }
  override get mode(): T {
    const concentrationm1 = this.concentration.sub(1).clamp({ min: 0.0 } as never);
    const mode = concentrationm1.div(concentrationm1.sum(-1, true));
    const mask = this.concentration.lt(1).all(-1);
    const n = concentrationm1.shape[concentrationm1.dim() - 1];
    mode.index_set_([mask], _nn.one_hot(mode.index(mask).argmax(-1), n).to(mode));
    return mode;
  }
  override get variance(): T {
    const con0 = this.concentration.sum(-1, true);
    return this.concentration.mul(con0.sub(this.concentration)).div(con0.pow(2).mul(con0.add(1)));
  }
  override entropy(): T {
    const k = this.concentration.shape[this.concentration.dim() - 1];
    const a0 = this.concentration.sum(-1);
    return aten
      .lgamma(this.concentration)
      .sum(-1)
      .sub(aten.lgamma(a0))
      .sub(aten.rsub(a0, k).mul(aten.digamma(a0)))
      .sub(this.concentration.sub(1.0).mul(aten.digamma(this.concentration)).sum(-1));
  }
}
