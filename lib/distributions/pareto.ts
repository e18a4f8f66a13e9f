// torch.distributions.Pareto, ported from torch/distributions/pareto.py (torch 2.11).
import { bindArgs } from "../_args";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Exponential } from "./exponential";
import { TransformedDistribution, _deferInit } from "./transformed_distribution";
import { AffineTransform, ExpTransform } from "./transforms";
import { broadcast_all } from "./utils";

type T = Tensor;

export class Pareto extends TransformedDistribution {
  scale!: T;
  alpha!: T;
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { alpha: constraints.positive, scale: constraints.positive };
  }

  /** Pareto(scale, alpha, validate_args=None). */
  constructor(scale: T | number, alpha: T | number, options?: { validate_args?: boolean | null });
  constructor(...args: unknown[]) {
    super(_deferInit);
    const [scale, alpha, validate_args] = bindArgs("Pareto.__init__", ["scale", "alpha", "validate_args"], args, 2) as [T | number, T | number, boolean | undefined];
    [this.scale, this.alpha] = broadcast_all(scale, alpha);
    const base_dist = new Exponential(this.alpha, { validate_args });
    this._setup(base_dist, [new ExpTransform(), new AffineTransform(0, this.scale)], validate_args);
  }
  override expand(batch_shape: readonly number[], _instance?: Pareto): Pareto {
    const n = this._get_checked_instance(_instance);
    n.scale = this.scale.expand([...batch_shape]);
    n.alpha = this.alpha.expand([...batch_shape]);
    return super.expand(batch_shape, n) as Pareto;
  }
  override get mean(): T {
    const a = this.alpha.clamp({ min: 1 } as never);
    return a.mul(this.scale).div(a.sub(1));
  }
  override get mode(): T {
    return this.scale;
  }
  override get variance(): T {
    const a = this.alpha.clamp({ min: 2 } as never);
    return this.scale.pow(2).mul(a).div(a.sub(1).pow(2).mul(a.sub(2)));
  }
  override get support(): constraints.Constraint {
    return constraints.greater_than_eq(this.scale);
  }
  override entropy(): T {
    return this.scale.div(this.alpha).log().add(this.alpha.reciprocal().add(1));
  }
}
