// torch.distributions.Gumbel, ported from torch/distributions/gumbel.py (torch 2.11).
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { finfo } from "../finfo";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { TransformedDistribution, _deferInit } from "./transformed_distribution";
import { AffineTransform, ExpTransform } from "./transforms";
import { Uniform } from "./uniform";
import { broadcast_all, euler_constant } from "./utils";

type T = Tensor;

export class Gumbel extends TransformedDistribution {
  loc!: T;
  scale!: T;
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.real, scale: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.real;
  }

  /** Gumbel(loc, scale, validate_args=None). */
  constructor(loc: T | number, scale: T | number, options?: { validate_args?: boolean | null });
  constructor(...args: unknown[]) {
    super(_deferInit);
    const [loc, scale, validate_args] = bindArgs("Gumbel.__init__", ["loc", "scale", "validate_args"], args, 2) as [T | number, T | number, boolean | undefined];
    [this.loc, this.scale] = broadcast_all(loc, scale);
    const fi = new finfo(this.loc.dtype);
    const base_dist =
      typeof loc === "number" && typeof scale === "number"
        ? new Uniform(fi.tiny, 1 - fi.eps, { validate_args })
        : new Uniform(aten.full_like(this.loc, fi.tiny), aten.full_like(this.loc, 1 - fi.eps), { validate_args });
    const transforms = [new ExpTransform().inv, new AffineTransform(0, aten.ones_like(this.scale).neg()), new ExpTransform().inv, new AffineTransform(loc, this.scale.neg())];
    this._setup(base_dist, transforms, validate_args);
  }
  override expand(batch_shape: readonly number[], _instance?: Gumbel): Gumbel {
    const n = this._get_checked_instance(_instance);
    n.loc = this.loc.expand([...batch_shape]);
    n.scale = this.scale.expand([...batch_shape]);
    return super.expand(batch_shape, n) as Gumbel;
  }
  override log_prob(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    const y = this.loc.sub(value).div(this.scale);
    return y.sub(y.exp()).sub(this.scale.log());
  }
  override get mean(): T {
    return this.loc.add(this.scale.mul(euler_constant));
  }
  override get mode(): T {
    return this.loc;
  }
  override get stddev(): T {
    return this.scale.mul(Math.PI / Math.sqrt(6));
  }
  override get variance(): T {
    return this.stddev.pow(2);
  }
  override entropy(): T {
    return this.scale.log().add(1 + euler_constant);
  }
}
