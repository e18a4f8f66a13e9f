// torch.distributions.Normal, ported from torch/distributions/normal.py (torch 2.11).
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { no_grad } from "../autograd";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { ExponentialFamily } from "./exp_family";
import { _standard_normal, broadcast_all } from "./utils";

type T = Tensor;

export class Normal extends ExponentialFamily {
  loc!: T;
  scale!: T;
  get arg_constraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.real, scale: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.real;
  }
  override get has_rsample(): boolean {
    return true;
  }
  override get mean(): T {
    return this.loc;
  }
  override get mode(): T {
    return this.loc;
  }
  override get stddev(): T {
    return this.scale;
  }
  override get variance(): T {
    return this.stddev.pow(2);
  }

  /** Normal(loc, scale, validate_args=None). */
  constructor(loc: T | number, scale: T | number, options?: { validate_args?: boolean | null });
  constructor(...args: unknown[]) {
    super();
    const [loc, scale, validate_args] = bindArgs("Normal.__init__", ["loc", "scale", "validate_args"], args, 2) as [T | number, T | number, boolean | undefined];
    [this.loc, this.scale] = broadcast_all(loc, scale);
    const batch_shape = typeof loc === "number" && typeof scale === "number" ? [] : this.loc.shape;
    this._init(batch_shape, [], validate_args);
  }

  override expand(batch_shape: readonly number[], _instance?: Normal): Normal {
    const n = this._get_checked_instance(_instance);
    n.loc = this.loc.expand([...batch_shape]);
    n.scale = this.scale.expand([...batch_shape]);
    n._init(batch_shape, [], false);
    n._validate_args = this._validate_args;
    return n;
  }

  override sample(sample_shape: readonly number[] = []): T {
    const shape = this._extended_shape(sample_shape);
    return no_grad(() => aten.normal(this.loc.expand(shape), this.scale.expand(shape)));
  }
  override rsample(sample_shape: readonly number[] = []): T {
    const shape = this._extended_shape(sample_shape);
    const eps = _standard_normal(shape, this.loc.dtype, this.loc.device);
    return this.loc.add(eps.mul(this.scale));
  }
  override log_prob(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    const variance = this.scale.pow(2);
    const log_scale = this.scale.log();
    return value.sub(this.loc).pow(2).neg().div(variance.mul(2)).sub(log_scale).sub(Math.log(Math.sqrt(2 * Math.PI)));
  }
  override cdf(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    return aten.erf(value.sub(this.loc).mul(this.scale.reciprocal()).div(Math.sqrt(2))).add(1).mul(0.5);
  }
  override icdf(value: T): T {
    return this.loc.add(this.scale.mul(aten.erfinv(value.mul(2).sub(1))).mul(Math.sqrt(2)));
  }
  override entropy(): T {
    return aten.log(this.scale).add(0.5 + 0.5 * Math.log(2 * Math.PI));
  }
}
