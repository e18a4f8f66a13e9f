// torch.distributions.LogNormal, ported from torch/distributions/log_normal.py (torch 2.11):
// exp of a Normal.
import { bindArgs } from "../_args";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Normal } from "./normal";
import { TransformedDistribution } from "./transformed_distribution";
import { ExpTransform } from "./transforms";

type T = Tensor;

export class LogNormal extends TransformedDistribution {
  declare base_dist: Normal;
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.real, scale: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.positive;
  }
  override get has_rsample(): boolean {
    return true;
  }

  /** LogNormal(loc, scale, validate_args=None). */
  constructor(loc: T | number, scale: T | number, options?: { validate_args?: boolean | null });
  constructor(...args: unknown[]) {
    const [loc, scale, validate_args] = bindArgs("LogNormal.__init__", ["loc", "scale", "validate_args"], args, 2) as [T | number, T | number, boolean | undefined];
    const base_dist = new Normal(loc, scale, { validate_args });
    super(base_dist, new ExpTransform(), { validate_args });
  }
  override expand(batch_shape: readonly number[], _instance?: LogNormal): LogNormal {
    return super.expand(batch_shape, this._get_checked_instance(_instance)) as LogNormal;
  }
  get loc(): T {
    return this.base_dist.loc;
  }
  get scale(): T {
    return this.base_dist.scale;
  }
  override get mean(): T {
    return this.loc.add(this.scale.pow(2).div(2)).exp();
  }
  override get mode(): T {
    return this.loc.sub(this.scale.square()).exp();
  }
  override get variance(): T {
    const scale_sq = this.scale.pow(2);
    return scale_sq.expm1().mul(this.loc.mul(2).add(scale_sq).exp());
  }
  override entropy(): T {
    return this.base_dist.entropy().add(this.loc);
  }
}
