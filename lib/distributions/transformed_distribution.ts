// torch.distributions.TransformedDistribution, ported from
// torch/distributions/transformed_distribution.py (torch 2.11): a base distribution pushed
// through a list of transforms.
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { no_grad } from "../autograd";
import { AssertionError, ValueError } from "../errors";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Distribution, sizeStr } from "./distribution";
import { Independent } from "./independent";
import { ComposeTransform, Transform } from "./transforms";
import { _sum_rightmost } from "./utils";

type T = Tensor;

/**
 * Given as the only constructor argument, defers Python's __init__: a subclass that sets its
 * own parameters first (Gumbel, Pareto, Weibull: JS allows nothing before super()) calls
 * this._setup(base_distribution, transforms, validate_args) itself.
 */
export const _deferInit: unique symbol = Symbol("TransformedDistribution._deferInit");

export class TransformedDistribution extends Distribution {
  base_dist!: Distribution;
  transforms!: Transform[];
  get arg_constraints(): Record<string, constraints.Constraint> {
    return {};
  }

  /** TransformedDistribution(base_distribution, transforms, validate_args=None). */
  constructor(base_distribution: Distribution, transforms: Transform | Transform[], options?: { validate_args?: boolean | null });
  /** @internal */ constructor(defer: typeof _deferInit);
  constructor(...args: unknown[]) {
    super();
    if (args.length === 1 && args[0] === _deferInit) return;
    const [base, transforms, validate_args] = bindArgs("TransformedDistribution.__init__", ["base_distribution", "transforms", "validate_args"], args, 2) as [
      Distribution,
      Transform | Transform[],
      boolean | undefined,
    ];
    this._setup(base, transforms, validate_args);
  }

  /** The body of Python's __init__ (LogNormal calls it after making its base). */
  protected _setup(base_distribution: Distribution, transforms: Transform | Transform[], validate_args?: boolean | null): void {
    if (transforms instanceof Transform) {
      this.transforms = [transforms];
    } else if (Array.isArray(transforms)) {
      if (!transforms.every((t) => t instanceof Transform)) throw new ValueError("transforms must be a Transform or a list of Transforms");
      this.transforms = transforms;
    } else {
      throw new ValueError(`transforms must be a Transform or list, but was ${String(transforms)}`);
    }
    const base_shape = [...base_distribution.batch_shape, ...base_distribution.event_shape];
    const base_event_dim = base_distribution.event_shape.length;
    const transform = new ComposeTransform(this.transforms);
    if (base_shape.length < transform.domain.event_dim) {
      throw new ValueError(`base_distribution needs to have shape with size at least ${transform.domain.event_dim}, but got ${sizeStr(base_shape)}.`);
    }
    const forward_shape = transform.forward_shape(base_shape);
    const expanded_base_shape = transform.inverse_shape(forward_shape);
    if (base_shape.length !== expanded_base_shape.length || base_shape.some((s, i) => s !== expanded_base_shape[i])) {
      base_distribution = base_distribution.expand(expanded_base_shape.slice(0, expanded_base_shape.length - base_event_dim));
    }
    const reinterpreted_batch_ndims = transform.domain.event_dim - base_event_dim;
    if (reinterpreted_batch_ndims > 0) base_distribution = new Independent(base_distribution, reinterpreted_batch_ndims);
    this.base_dist = base_distribution;
    const transform_change_in_event_dim = transform.codomain.event_dim - transform.domain.event_dim;
    const event_dim = Math.max(transform.codomain.event_dim, base_event_dim + transform_change_in_event_dim);
    if (forward_shape.length < event_dim) throw new AssertionError(`forward_shape length ${forward_shape.length} must be >= event_dim ${event_dim}`);
    const cut = forward_shape.length - event_dim;
    this._init(forward_shape.slice(0, cut), forward_shape.slice(cut), validate_args);
  }

  override expand(batch_shape: readonly number[], _instance?: TransformedDistribution): TransformedDistribution {
    const n = this._get_checked_instance(_instance);
    let shape = [...batch_shape, ...this._event_shape];
    for (const t of [...this.transforms].reverse()) shape = t.inverse_shape(shape);
    n.base_dist = this.base_dist.expand(shape.slice(0, shape.length - this.base_dist.event_shape.length));
    n.transforms = this.transforms;
    n._init(batch_shape, this._event_shape, false);
    n._validate_args = this._validate_args;
    return n;
  }
  override get support(): constraints.Constraint {
    if (this.transforms.length === 0) return this.base_dist.support!;
    let support = this.transforms[this.transforms.length - 1].codomain;
    if (this._event_shape.length > support.event_dim) support = constraints.independent(support, this._event_shape.length - support.event_dim);
    return support;
  }
  override get has_rsample(): boolean {
    return this.base_dist.has_rsample;
  }
  override sample(sample_shape: readonly number[] = []): T {
    return no_grad(() => {
      let x = this.base_dist.sample(sample_shape);
      for (const transform of this.transforms) x = transform.__call__(x);
      return x;
    });
  }
  override rsample(sample_shape: readonly number[] = []): T {
    let x = this.base_dist.rsample(sample_shape);
    for (const transform of this.transforms) x = transform.__call__(x);
    return x;
  }
  override log_prob(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    let event_dim = this._event_shape.length;
    let log_prob: T | number = 0.0;
    let y = value;
    for (const transform of [...this.transforms].reverse()) {
      const x = transform.inv.__call__(y);
      event_dim += transform.domain.event_dim - transform.codomain.event_dim;
      const term = _sum_rightmost(transform.log_abs_det_jacobian(x, y), event_dim - transform.domain.event_dim);
      log_prob = typeof log_prob === "number" ? aten.rsub(term, log_prob) : log_prob.sub(term);
      y = x;
    }
    const base = _sum_rightmost(this.base_dist.log_prob(y), event_dim - this.base_dist.event_shape.length);
    return typeof log_prob === "number" ? base.add(log_prob) : log_prob.add(base);
  }
  _monotonize_cdf(value: T): T {
    let sign: number | T = 1;
    for (const transform of this.transforms) {
      const s = transform.sign;
      sign = typeof sign === "number" && typeof s === "number" ? sign * s : s instanceof Tensor ? s.mul(sign as T) : (sign as T).mul(s);
    }
    if (typeof sign === "number" && sign === 1) return value;
    return (typeof sign === "number" ? value.sub(0.5).mul(sign) : sign.mul(value.sub(0.5))).add(0.5);
  }
  override cdf(value: T): T {
    for (const transform of [...this.transforms].reverse()) value = transform.inv.__call__(value);
    if (this._validate_args) this.base_dist._validate_sample(value);
    value = this.base_dist.cdf(value);
    return this._monotonize_cdf(value);
  }
  override icdf(value: T): T {
    value = this._monotonize_cdf(value);
    value = this.base_dist.icdf(value);
    for (const transform of this.transforms) value = transform.__call__(value);
    return value;
  }
}
