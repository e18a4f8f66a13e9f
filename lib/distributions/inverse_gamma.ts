// torch.distributions.InverseGamma, ported from torch/distributions/inverse_gamma.py (torch 2.11):
// 1 / x for x from Gamma(concentration, rate).
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Gamma } from "./gamma";
import { TransformedDistribution } from "./transformed_distribution";
import { PowerTransform } from "./transforms";

type T = Tensor;

export class InverseGamma extends TransformedDistribution {
  declare base_dist: Gamma;
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { concentration: constraints.positive, rate: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.positive;
  }
  override get has_rsample(): boolean {
    return true;
  }

  /** InverseGamma(concentration, rate, validate_args=None). */
  constructor(concentration: T | number, rate: T | number, options?: { validate_args?: boolean | null });
  constructor(...args: unknown[]) {
    const [concentration, rate, validate_args] = bindArgs("InverseGamma.__init__", ["concentration", "rate", "validate_args"], args, 2) as [T | number, T | number, boolean | undefined];
    const base_dist = new Gamma(concentration, rate, { validate_args });
    const neg_one = base_dist.rate.new_ones([]).neg();
    super(base_dist, new PowerTransform(neg_one), { validate_args });
  }
  override expand(batch_shape: readonly number[], _instance?: InverseGamma): InverseGamma {
    return super.expand(batch_shape, this._get_checked_instance(_instance)) as InverseGamma;
  }
  get concentration(): T {
    return this.base_dist.concentration;
  }
  get rate(): T {
    return this.base_dist.rate;
  }
  override get mean(): T {
    const result = this.rate.div(this.concentration.sub(1));
    return aten.where(this.concentration.gt(1), result, Infinity as never);
  }
  override get mode(): T {
    return this.rate.div(this.concentration.add(1));
  }
  override get variance(): T {
    const result = this.rate.square().div(this.concentration.sub(1).square().mul(this.concentration.sub(2)));
    return aten.where(this.concentration.gt(2), result, Infinity as never);
  }
  override entropy(): T {
    return this.concentration
      .add(this.rate.log())
      .add(this.concentration.lgamma())
      .sub(this.concentration.add(1).mul(this.concentration.digamma()));
  }
}
