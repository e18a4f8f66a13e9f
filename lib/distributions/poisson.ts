// torch.distributions.Poisson, ported from torch/distributions/poisson.py (torch 2.11).
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { no_grad } from "../autograd";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { ExponentialFamily } from "./exp_family";
import { broadcast_all } from "./utils";

type T = Tensor;

export class Poisson extends ExponentialFamily {
  rate!: T;
  get arg_constraints(): Record<string, constraints.Constraint> {
    return { rate: constraints.nonnegative };
  }
  override get support(): constraints.Constraint {
    return constraints.nonnegative_integer;
  }
  override get mean(): T {
    return this.rate;
  }
  override get mode(): T {
    return this.rate.floor();
  }
  override get variance(): T {
    return this.rate;
  }

  /** Poisson(rate, validate_args=None). */
  constructor(rate: T | number, options?: { validate_args?: boolean | null });
  constructor(...args: unknown[]) {
    super();
    const [rate, validate_args] = bindArgs("Poisson.__init__", ["rate", "validate_args"], args, 1) as [T | number, boolean | undefined];
    [this.rate] = broadcast_all(rate);
    this._init(typeof rate === "number" ? [] : this.rate.shape, [], validate_args);
  }

  override expand(batch_shape: readonly number[], _instance?: Poisson): Poisson {
    const n = this._get_checked_instance(_instance);
    n.rate = this.rate.expand([...batch_shape]);
    n._init(batch_shape, [], false);
    n._validate_args = this._validate_args;
    return n;
  }
  override sample(sample_shape: readonly number[] = []): T {
    const shape = this._extended_shape(sample_shape);
    return no_grad(() => aten.poisson(this.rate.expand(shape)));
  }
  override log_prob(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    const [rate, v] = broadcast_all(this.rate, value);
    return v.xlogy(rate).sub(rate).sub(v.add(1).lgamma());
  }
}
