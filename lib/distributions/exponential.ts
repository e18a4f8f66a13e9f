// torch.distributions.Exponential, ported from torch/distributions/exponential.py (torch 2.11).
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { ExponentialFamily } from "./exp_family";
import { broadcast_all } from "./utils";

type T = Tensor;

export class Exponential extends ExponentialFamily {
  rate!: T;
  get arg_constraints(): Record<string, constraints.Constraint> {
    return { rate: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.nonnegative;
  }
  override get has_rsample(): boolean {
    return true;
  }
  override get mean(): T {
    return this.rate.reciprocal();
  }
  override get mode(): T {
    return aten.zeros_like(this.rate);
  }
  override get stddev(): T {
    return this.rate.reciprocal();
  }
  override get variance(): T {
    return this.rate.pow(-2);
  }

  /** Exponential(rate, validate_args=None). */
  constructor(rate: T | number, options?: { validate_args?: boolean | null });
  constructor(...args: unknown[]) {
    super();
    const [rate, validate_args] = bindArgs("Exponential.__init__", ["rate", "validate_args"], args, 1) as [T | number, boolean | undefined];
    [this.rate] = broadcast_all(rate);
    this._init(typeof rate === "number" ? [] : this.rate.shape, [], validate_args);
  }

  override expand(batch_shape: readonly number[], _instance?: Exponential): Exponential {
    const n = this._get_checked_instance(_instance);
    n.rate = this.rate.expand([...batch_shape]);
    n._init(batch_shape, [], false);
    n._validate_args = this._validate_args;
    return n;
  }
  override rsample(sample_shape: readonly number[] = []): T {
    const shape = this._extended_shape(sample_shape);
    return this.rate.new_empty(shape).exponential_().div(this.rate);
  }
  override log_prob(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    return this.rate.log().sub(this.rate.mul(value));
  }
  override cdf(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    return aten.rsub(aten.exp(this.rate.neg().mul(value)), 1);
  }
  override icdf(value: T): T {
    return aten.log1p(value.neg()).neg().div(this.rate);
  }
  override entropy(): T {
    return aten.rsub(aten.log(this.rate), 1.0);
  }
}
