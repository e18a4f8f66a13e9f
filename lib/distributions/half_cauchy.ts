// torch.distributions.HalfCauchy, ported from torch/distributions/half_cauchy.py (torch 2.11).
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { as_tensor } from "../creation";
import { Tensor } from "../tensor";
import { Cauchy } from "./cauchy";
import * as constraints from "./constraints";
import { TransformedDistribution } from "./transformed_distribution";
import { AbsTransform } from "./transforms";

type T = Tensor;

export class HalfCauchy extends TransformedDistribution {
  declare base_dist: Cauchy;
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { scale: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.nonnegative;
  }
  override get has_rsample(): boolean {
    return true;
  }

  /** HalfCauchy(scale, validate_args=None). */
  constructor(scale: T | number, options?: { validate_args?: boolean | null });
  constructor(...args: unknown[]) {
    const [scale, validate_args] = bindArgs("HalfCauchy.__init__", ["scale", "validate_args"], args, 1) as [T | number, boolean | undefined];
    super(new Cauchy(0, scale, { validate_args: false }), new AbsTransform(), { validate_args });
  }
  override expand(batch_shape: readonly number[], _instance?: HalfCauchy): HalfCauchy {
    return super.expand(batch_shape, this._get_checked_instance(_instance)) as HalfCauchy;
  }
  get scale(): T {
    return this.base_dist.scale;
  }
  override get mean(): T {
    return aten.full(this._extended_shape(), Infinity, { dtype: this.scale.dtype, device: this.scale.device } as never);
  }
  override get mode(): T {
    return aten.zeros_like(this.scale);
  }
  override get variance(): T {
    return this.base_dist.variance;
  }
  override log_prob(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    value = as_tensor(value, { dtype: this.base_dist.scale.dtype, device: this.base_dist.scale.device } as never);
    const log_prob = this.base_dist.log_prob(value).add(Math.log(2));
    return aten.where(value.ge(0), log_prob, -Infinity as never);
  }
  override cdf(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    return this.base_dist.cdf(value).mul(2).sub(1);
  }
  override icdf(prob: T): T {
    return this.base_dist.icdf(prob.add(1).div(2));
  }
  override entropy(): T {
    return this.base_dist.entropy().sub(Math.log(2));
  }
}
