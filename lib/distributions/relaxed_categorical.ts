// torch.distributions.RelaxedOneHotCategorical (Gumbel-softmax) and ExpRelaxedCategorical, ported
// from torch/distributions/relaxed_categorical.py (torch 2.11).
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { Tensor } from "../tensor";
import { Categorical } from "./categorical";
import * as constraints from "./constraints";
import { Distribution } from "./distribution";
import { TransformedDistribution } from "./transformed_distribution";
import { ExpTransform } from "./transforms";
import { broadcast_all, clamp_probs } from "./utils";

type T = Tensor;
type Options = { probs?: T | null; logits?: T | null; validate_args?: boolean | null };
const NAMES = ["temperature", "probs", "logits", "validate_args"];

export class ExpRelaxedCategorical extends Distribution {
  temperature!: T;
  _categorical!: Categorical;
  get arg_constraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.simplex, logits: constraints.real_vector };
  }
  override get support(): constraints.Constraint {
    return constraints.real_vector;
  }
  override get has_rsample(): boolean {
    return true;
  }

  /** ExpRelaxedCategorical(temperature, probs=None, logits=None, validate_args=None). */
  constructor(temperature: T, probs?: T | null, logits?: T | null, options?: { validate_args?: boolean | null });
  constructor(temperature: T, probs: T | null, options?: Options);
  constructor(temperature: T, options?: Options);
  constructor(...args: unknown[]) {
    super();
    const [temperature, probs, logits, validate_args] = bindArgs("ExpRelaxedCategorical.__init__", NAMES, args, 1) as [T, T | null | undefined, T | null | undefined, boolean | undefined];
    this._categorical = new Categorical(probs ?? null, logits ?? null);
    this.temperature = temperature;
    this._init(this._categorical.batch_shape, this._categorical.param_shape.slice(-1), validate_args);
  }
  override expand(batch_shape: readonly number[], _instance?: ExpRelaxedCategorical): ExpRelaxedCategorical {
    const n = this._get_checked_instance(_instance);
    n.temperature = this.temperature;
    n._categorical = this._categorical.expand(batch_shape);
    n._init(batch_shape, this._event_shape, false);
    n._validate_args = this._validate_args;
    return n;
  }
  get param_shape(): number[] {
    return this._categorical.param_shape;
  }
  get logits(): T {
    return this._categorical.logits;
  }
  get probs(): T {
    return this._categorical.probs;
  }
  override rsample(sample_shape: readonly number[] = []): T {
    const shape = this._extended_shape(sample_shape);
    const uniforms = clamp_probs(aten.rand(shape, { dtype: this.logits.dtype, device: this.logits.device } as never));
    const gumbels = uniforms.log().neg().log().neg();
    const scores = this.logits.add(gumbels).div(this.temperature);
    return scores.sub(scores.logsumexp(-1, true));
  }
  override log_prob(value: T): T {
    const K = this._categorical._num_events;
    if (this._validate_args) this._validate_sample(value);
    const [logits, v] = broadcast_all(this.logits, value);
    const log_scale = aten.full_like(this.temperature, K).lgamma().sub(this.temperature.log().mul(-(K - 1)));
    let score = logits.sub(v.mul(this.temperature));
    score = score.sub(score.logsumexp(-1, true)).sum(-1);
    return score.add(log_scale);
  }
}

export class RelaxedOneHotCategorical extends TransformedDistribution {
  declare base_dist: ExpRelaxedCategorical;
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.simplex, logits: constraints.real_vector };
  }
  override get support(): constraints.Constraint {
    return constraints.simplex;
  }
  override get has_rsample(): boolean {
    return true;
  }

  /** RelaxedOneHotCategorical(temperature, probs=None, logits=None, validate_args=None). */
  constructor(temperature: T, probs?: T | null, logits?: T | null, options?: { validate_args?: boolean | null });
  constructor(temperature: T, probs: T | null, options?: Options);
  constructor(temperature: T, options?: Options);
  constructor(...args: unknown[]) {
    const [temperature, probs, logits, validate_args] = bindArgs("RelaxedOneHotCategorical.__init__", NAMES, args, 1) as [T, T | null | undefined, T | null | undefined, boolean | undefined];
    super(new ExpRelaxedCategorical(temperature, probs ?? null, logits ?? null, { validate_args }), new ExpTransform(), { validate_args });
  }
  override expand(batch_shape: readonly number[], _instance?: RelaxedOneHotCategorical): RelaxedOneHotCategorical {
    return super.expand(batch_shape, this._get_checked_instance(_instance)) as RelaxedOneHotCategorical;
  }
  get temperature(): T {
    return this.base_dist.temperature;
  }
  get logits(): T {
    return this.base_dist.logits;
  }
  get probs(): T {
    return this.base_dist.probs;
  }
}
