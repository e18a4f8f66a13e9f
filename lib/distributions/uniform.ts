// torch.distributions.Uniform, ported from torch/distributions/uniform.py (torch 2.11).
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Distribution } from "./distribution";
import { broadcast_all } from "./utils";

type T = Tensor;

export class Uniform extends Distribution {
  low!: T;
  high!: T;
  override get has_rsample(): boolean {
    return true;
  }
  get arg_constraints(): Record<string, constraints.Constraint> {
    return { low: constraints.less_than(this.high), high: constraints.greater_than(this.low) };
  }
  override get mean(): T {
    return this.high.add(this.low).div(2);
  }
  override get mode(): T {
    return this.high.mul(NaN);
  }
  override get stddev(): T {
    return this.high.sub(this.low).div(12 ** 0.5);
  }
  override get variance(): T {
    return this.high.sub(this.low).pow(2).div(12);
  }

  /** Uniform(low, high, validate_args=None). */
  constructor(low: T | number, high: T | number, options?: { validate_args?: boolean | null });
  constructor(...args: unknown[]) {
    super();
    const [low, high, validate_args] = bindArgs("Uniform.__init__", ["low", "high", "validate_args"], args, 2) as [T | number, T | number, boolean | undefined];
    [this.low, this.high] = broadcast_all(low, high);
    this._init(typeof low === "number" && typeof high === "number" ? [] : this.low.shape, [], validate_args);
  }

  override expand(batch_shape: readonly number[], _instance?: Uniform): Uniform {
    const n = this._get_checked_instance(_instance);
    n.low = this.low.expand([...batch_shape]);
    n.high = this.high.expand([...batch_shape]);
    n._init(batch_shape, [], false);
    n._validate_args = this._validate_args;
    return n;
  }
  override get support(): constraints.Constraint {
    return constraints.interval(this.low, this.high);
  }
  override rsample(sample_shape: readonly number[] = []): T {
    const shape = this._extended_shape(sample_shape);
    const rand = aten.rand(shape, { dtype: this.low.dtype, device: this.low.device } as never);
    return this.low.add(rand.mul(this.high.sub(this.low)));
  }
  override log_prob(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    const lb = this.low.le(value).type_as(this.low);
    const ub = this.high.gt(value).type_as(this.low);
    return aten.log(lb.mul(ub)).sub(aten.log(this.high.sub(this.low)));
  }
  override cdf(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    const result = value.sub(this.low).div(this.high.sub(this.low));
    return result.clamp({ min: 0, max: 1 } as never);
  }
  override icdf(value: T): T {
    return value.mul(this.high.sub(this.low)).add(this.low);
  }
  override entropy(): T {
    return aten.log(this.high.sub(this.low));
  }
}
