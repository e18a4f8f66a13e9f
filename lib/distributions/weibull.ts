// torch.distributions.Weibull, ported from torch/distributions/weibull.py (torch 2.11).
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Exponential } from "./exponential";
import { TransformedDistribution, _deferInit } from "./transformed_distribution";
import { AffineTransform, PowerTransform } from "./transforms";
import { broadcast_all, euler_constant } from "./utils";

type T = Tensor;

export class Weibull extends TransformedDistribution {
  scale!: T;
  concentration!: T;
  concentration_reciprocal!: T;
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { scale: constraints.positive, concentration: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.positive;
  }

  /** Weibull(scale, concentration, validate_args=None). */
  constructor(scale: T | number, concentration: T | number, options?: { validate_args?: boolean | null });
  constructor(...args: unknown[]) {
    super(_deferInit);
    const [scale, concentration, validate_args] = bindArgs("Weibull.__init__", ["scale", "concentration", "validate_args"], args, 2) as [T | number, T | number, boolean | undefined];
    [this.scale, this.concentration] = broadcast_all(scale, concentration);
    this.concentration_reciprocal = this.concentration.reciprocal();
    const base_dist = new Exponential(aten.ones_like(this.scale), { validate_args });
    this._setup(base_dist, [new PowerTransform(this.concentration_reciprocal), new AffineTransform(0, this.scale)], validate_args);
  }
  override expand(batch_shape: readonly number[], _instance?: Weibull): Weibull {
    const n = this._get_checked_instance(_instance);
    n.scale = this.scale.expand([...batch_shape]);
    n.concentration = this.concentration.expand([...batch_shape]);
    n.concentration_reciprocal = n.concentration.reciprocal();
    const base_dist = this.base_dist.expand(batch_shape);
    n._setup(base_dist, [new PowerTransform(n.concentration_reciprocal), new AffineTransform(0, n.scale)], false);
    n._validate_args = this._validate_args;
    return n;
  }
  override get mean(): T {
    return this.scale.mul(aten.exp(aten.lgamma(this.concentration_reciprocal.add(1))));
  }
  override get mode(): T {
    return this.scale.mul(this.concentration.sub(1).div(this.concentration).pow(this.concentration.reciprocal()));
  }
  override get variance(): T {
    return this.scale
      .pow(2)
      .mul(aten.exp(aten.lgamma(this.concentration_reciprocal.mul(2).add(1))).sub(aten.exp(aten.lgamma(this.concentration_reciprocal.add(1)).mul(2))));
  }
  override entropy(): T {
    return aten
      .rsub(this.concentration_reciprocal, 1)
      .mul(euler_constant)
      .add(aten.log(this.scale.mul(this.concentration_reciprocal)))
      .add(1);
  }
}
