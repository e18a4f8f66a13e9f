// torch.distributions.Gamma, ported from torch/distributions/gamma.py (torch 2.11).
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { finfo } from "../finfo";
import { as_tensor } from "../creation";
import { special } from "../special";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { ExponentialFamily } from "./exp_family";
import { broadcast_all } from "./utils";

type T = Tensor;

export class Gamma extends ExponentialFamily {
  concentration!: T;
  rate!: T;
  get arg_constraints(): Record<string, constraints.Constraint> {
    return { concentration: constraints.positive, rate: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.nonnegative;
  }
  override get has_rsample(): boolean {
    return true;
  }
  override get mean(): T {
    return this.concentration.div(this.rate);
  }
  override get mode(): T {
    return this.concentration.sub(1).div(this.rate).clamp({ min: 0 } as never);
  }
  override get variance(): T {
    return this.concentration.div(this.rate.pow(2));
  }

  /** Gamma(concentration, rate, validate_args=None). */
  constructor(concentration: T | number, rate: T | number, options?: { validate_args?: boolean | null });
  constructor(...args: unknown[]) {
    super();
    const [concentration, rate, validate_args] = bindArgs("Gamma.__init__", ["concentration", "rate", "validate_args"], args, 2) as [T | number, T | number, boolean | undefined];
    [this.concentration, this.rate] = broadcast_all(concentration, rate);
    this._init(typeof concentration === "number" && typeof rate === "number" ? [] : this.concentration.shape, [], validate_args);
  }

  override expand(batch_shape: readonly number[], _instance?: Gamma): Gamma {
    const n = this._get_checked_instance(_instance);
    n.concentration = this.concentration.expand([...batch_shape]);
    n.rate = this.rate.expand([...batch_shape]);
    n._init(batch_shape, [], false);
    n._validate_args = this._validate_args;
    return n;
  }
  override rsample(sample_shape: readonly number[] = []): T {
    const shape = this._extended_shape(sample_shape);
    const value = aten._standard_gamma(this.concentration.expand(shape)).div(this.rate.expand(shape));
    value.detach().clamp_({ min: new finfo(value.dtype).tiny } as never); // do not record in autograd graph
    return value;
  }
  override log_prob(value: T | number): T {
    const v = as_tensor(value as T, { dtype: this.rate.dtype, device: this.rate.device } as never);
    if (this._validate_args) this._validate_sample(v);
    return aten
      .xlogy(this.concentration, this.rate)
      .add(aten.xlogy(this.concentration.sub(1), v))
      .sub(this.rate.mul(v))
      .sub(aten.lgamma(this.concentration));
  }
  override entropy(): T {
    return this.concentration
      .sub(aten.log(this.rate))
      .add(aten.lgamma(this.concentration))
      .add(aten.rsub(this.concentration, 1).mul(aten.digamma(this.concentration)));
  }
  override cdf(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    return special.gammainc(this.concentration, this.rate.mul(value));
  }
}
