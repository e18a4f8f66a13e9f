// torch.distributions.OneHotCategorical, ported from torch/distributions/one_hot_categorical.py
// (torch 2.11): a Categorical whose samples are one-hot vectors.
import { bindArgs } from "../_args";
import { _nn, aten } from "../_aten";
import { Tensor } from "../tensor";
import { Categorical } from "./categorical";
import * as constraints from "./constraints";
import { Distribution } from "./distribution";

type T = Tensor;
type Options = { probs?: T | null; logits?: T | null; validate_args?: boolean | null };

export class OneHotCategorical extends Distribution {
  _categorical!: Categorical;
  get arg_constraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.simplex, logits: constraints.real_vector };
  }
  override get support(): constraints.Constraint {
    return constraints.one_hot;
  }
  override get has_enumerate_support(): boolean {
    return true;
  }

  /** OneHotCategorical(probs=None, logits=None, validate_args=None). */
  constructor(probs?: T | null, logits?: T | null, options?: { validate_args?: boolean | null });
  constructor(probs?: T | null, options?: Options);
  constructor(options?: Options);
  constructor(...args: unknown[]) {
    super();
    const [probs, logits, validate_args] = bindArgs("OneHotCategorical.__init__", ["probs", "logits", "validate_args"], args, 0) as [T | null | undefined, T | null | undefined, boolean | undefined];
    this._categorical = new Categorical(probs ?? null, logits ?? null);
    this._init(this._categorical.batch_shape, this._categorical.param_shape.slice(-1), validate_args);
  }

  override expand(batch_shape: readonly number[], _instance?: OneHotCategorical): OneHotCategorical {
    const n = this._get_checked_instance(_instance);
    n._categorical = this._categorical.expand(batch_shape);
    n._init(batch_shape, this._event_shape, false);
    n._validate_args = this._validate_args;
    return n;
  }
  get _param(): T {
    return this._categorical._param;
  }
  get probs(): T {
    return this._categorical.probs;
  }
  get logits(): T {
    return this._categorical.logits;
  }
  override get mean(): T {
    return this._categorical.probs;
  }
  override get mode(): T {
    const probs = this._categorical.probs;
    const mode = probs.argmax(-1);
    return _nn.one_hot(mode, probs.shape[probs.dim() - 1]).to(probs);
  }
  override get variance(): T {
    return this._categorical.probs.mul(aten.rsub(this._categorical.probs, 1));
  }
  get param_shape(): number[] {
    return this._categorical.param_shape;
  }
  override sample(sample_shape: readonly number[] = []): T {
    const probs = this._categorical.probs;
    const num_events = this._categorical._num_events;
    const indices = this._categorical.sample(sample_shape);
    return _nn.one_hot(indices, num_events).to(probs);
  }
  override log_prob(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    const indices = value.max(-1)[1];
    return this._categorical.log_prob(indices);
  }
  override entropy(): T {
    return this._categorical.entropy();
  }
  override enumerate_support(expand = true): T {
    const n = this._event_shape[0];
    let values = aten.eye(n, { dtype: this._param.dtype, device: this._param.device } as never);
    values = values.view([n, ...this._batch_shape.map(() => 1), n]);
    if (expand) values = values.expand([n, ...this._batch_shape, n]);
    return values;
  }
}

/** OneHotCategorical with a straight-through gradient estimator: rsample's gradient flows to probs. */
export class OneHotCategoricalStraightThrough extends OneHotCategorical {
  override get has_rsample(): boolean {
    return true;
  }
  override rsample(sample_shape: readonly number[] = []): T {
    const samples = this.sample(sample_shape);
    const probs = this._categorical.probs; // cached via lazy_property
    return samples.add(probs.sub(probs.detach()));
  }
}
