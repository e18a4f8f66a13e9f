// torch.distributions.Independent, ported from torch/distributions/independent.py (torch 2.11):
// reinterprets batch dimensions of a distribution as event dimensions.
import { bindArgs } from "../_args";
import { NotImplementedError, ValueError } from "../errors";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Distribution } from "./distribution";
import { _sum_rightmost } from "./utils";

type T = Tensor;

export class Independent<D extends Distribution = Distribution> extends Distribution {
  base_dist!: D;
  reinterpreted_batch_ndims!: number;
  get arg_constraints(): Record<string, constraints.Constraint> {
    return {};
  }

  /** Independent(base_distribution, reinterpreted_batch_ndims, validate_args=None). */
  constructor(base_distribution: D, reinterpreted_batch_ndims: number, options?: { validate_args?: boolean | null });
  constructor(...args: unknown[]) {
    super();
    const [base_distribution, reinterpreted_batch_ndims, validate_args] = bindArgs(
      "Independent.__init__",
      ["base_distribution", "reinterpreted_batch_ndims", "validate_args"],
      args,
      2,
    ) as [D, number, boolean | undefined];
    if (reinterpreted_batch_ndims > base_distribution.batch_shape.length) {
      throw new ValueError(
        "Expected reinterpreted_batch_ndims <= len(base_distribution.batch_shape), " +
          `actual ${reinterpreted_batch_ndims} vs ${base_distribution.batch_shape.length}`,
      );
    }
    const shape = [...base_distribution.batch_shape, ...base_distribution.event_shape];
    const event_dim = reinterpreted_batch_ndims + base_distribution.event_shape.length;
    this.base_dist = base_distribution;
    this.reinterpreted_batch_ndims = reinterpreted_batch_ndims;
    this._init(shape.slice(0, shape.length - event_dim), shape.slice(shape.length - event_dim), validate_args);
  }

  override expand(batch_shape: readonly number[], _instance?: Independent<D>): Independent<D> {
    const n = this._get_checked_instance(_instance);
    n.base_dist = this.base_dist.expand([...batch_shape, ...this._event_shape.slice(0, this.reinterpreted_batch_ndims)]) as D;
    n.reinterpreted_batch_ndims = this.reinterpreted_batch_ndims;
    n._init(batch_shape, this._event_shape, false);
    n._validate_args = this._validate_args;
    return n;
  }
  override get has_rsample(): boolean {
    return this.base_dist.has_rsample;
  }
  override get has_enumerate_support(): boolean {
    if (this.reinterpreted_batch_ndims > 0) return false;
    return this.base_dist.has_enumerate_support;
  }
  override get support(): constraints.Constraint {
    let result = this.base_dist.support!;
    if (this.reinterpreted_batch_ndims) result = constraints.independent(result, this.reinterpreted_batch_ndims);
    return result;
  }
  override get mean(): T {
    return this.base_dist.mean;
  }
  override get mode(): T {
    return this.base_dist.mode;
  }
  override get variance(): T {
    return this.base_dist.variance;
  }
  override sample(sample_shape: readonly number[] = []): T {
    return this.base_dist.sample(sample_shape);
  }
  override rsample(sample_shape: readonly number[] = []): T {
    return this.base_dist.rsample(sample_shape);
  }
  override log_prob(value: T): T {
    return _sum_rightmost(this.base_dist.log_prob(value), this.reinterpreted_batch_ndims);
  }
  override entropy(): T {
    return _sum_rightmost(this.base_dist.entropy(), this.reinterpreted_batch_ndims);
  }
  override enumerate_support(expand = true): T {
    if (this.reinterpreted_batch_ndims > 0) throw new NotImplementedError("Enumeration over cartesian product is not implemented");
    return this.base_dist.enumerate_support(expand);
  }
  override __repr__(): string {
    return `${this.constructor.name}(${this.base_dist.__repr__()}, ${this.reinterpreted_batch_ndims})`;
  }
}
