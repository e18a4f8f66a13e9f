// torch.distributions.Cauchy, ported from torch/distributions/cauchy.py (torch 2.11).
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Distribution } from "./distribution";
import { broadcast_all } from "./utils";

type T = Tensor;

export class Cauchy extends Distribution {
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

  /** Cauchy(loc, scale, validate_args=None). */
  constructor(loc: T | number, scale: T | number, options?: { validate_args?: boolean | null });
  constructor(...args: unknown[]) {
    super();
    const [loc, scale, validate_args] = bindArgs("Cauchy.__init__", ["loc", "scale", "validate_args"], args, 2) as [T | number, T | number, boolean | undefined];
    [this.loc, this.scale] = broadcast_all(loc, scale);
    this._init(typeof loc === "number" && typeof scale === "number" ? [] : this.loc.shape, [], validate_args);
  }
  override expand(batch_shape: readonly number[], _instance?: Cauchy): Cauchy {
    const n = this._get_checked_instance(_instance);
    n.loc = this.loc.expand([...batch_shape]);
    n.scale = this.scale.expand([...batch_shape]);
    n._init(batch_shape, [], false);
    n._validate_args = this._validate_args;
    return n;
  }
  override get mean(): T {
    return aten.full(this._extended_shape(), NaN, { dtype: this.loc.dtype, device: this.loc.device } as never);
  }
  override get mode(): T {
    return this.loc;
  }
  override get variance(): T {
    return aten.full(this._extended_shape(), Infinity, { dtype: this.loc.dtype, device: this.loc.device } as never);
  }
  override rsample(sample_shape: readonly number[] = []): T {
    const shape = this._extended_shape(sample_shape);
    const eps = this.loc.new_empty(shape).cauchy_();
    return this.loc.add(eps.mul(this.scale));
  }
  override log_prob(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    return this.scale.log().neg().add(-Math.log(Math.PI)).sub(value.sub(this.loc).div(this.scale).pow(2).log1p());
  }
  override cdf(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    return aten.atan(value.sub(this.loc).div(this.scale)).div(Math.PI).add(0.5);
  }
  override icdf(value: T): T {
    return aten.tan(value.sub(0.5).mul(Math.PI)).mul(this.scale).add(this.loc);
  }
  override entropy(): T {
    return this.scale.log().add(Math.log(4 * Math.PI));
  }
}
