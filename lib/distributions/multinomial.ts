// torch.distributions.Multinomial, ported from torch/distributions/multinomial.py (torch 2.11).
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { contiguous_format } from "../dtype";
import { tensor } from "../creation";
import { NotImplementedError } from "../errors";
import { Tensor } from "../tensor";
import { Binomial } from "./binomial";
import { Categorical } from "./categorical";
import * as constraints from "./constraints";
import { Distribution } from "./distribution";
import { broadcast_all } from "./utils";

type T = Tensor;
type Options = { total_count?: number; probs?: T | null; logits?: T | null; validate_args?: boolean | null };

export class Multinomial extends Distribution {
  total_count!: number;
  _categorical!: Categorical;
  _binomial!: Binomial;
  get arg_constraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.simplex, logits: constraints.real_vector };
  }
  override get mean(): T {
    return this.probs.mul(this.total_count);
  }
  override get variance(): T {
    return this.probs.mul(this.total_count).mul(aten.rsub(this.probs, 1));
  }

  /** Multinomial(total_count=1, probs=None, logits=None, validate_args=None). */
  constructor(total_count?: number, probs?: T | null, logits?: T | null, options?: { validate_args?: boolean | null });
  constructor(total_count: number, probs: T | null, options?: Options);
  constructor(total_count: number, options?: Options);
  constructor(options?: Options);
  constructor(...args: unknown[]) {
    super();
    const [tc, probs, logits, validate_args] = bindArgs("Multinomial.__init__", ["total_count", "probs", "logits", "validate_args"], args, 0) as [
      number | undefined,
      T | null | undefined,
      T | null | undefined,
      boolean | undefined,
    ];
    const total_count = tc ?? 1;
    if (typeof total_count !== "number" || !Number.isInteger(total_count)) throw new NotImplementedError("inhomogeneous total_count is not supported");
    this.total_count = total_count;
    this._categorical = new Categorical({ probs, logits });
    this._binomial = new Binomial(total_count, { probs: this.probs });
    this._init(this._categorical.batch_shape, this._categorical.param_shape.slice(-1), validate_args);
  }
  override expand(batch_shape: readonly number[], _instance?: Multinomial): Multinomial {
    const n = this._get_checked_instance(_instance);
    n.total_count = this.total_count;
    n._categorical = this._categorical.expand(batch_shape);
    n._init(batch_shape, this._event_shape, false);
    n._validate_args = this._validate_args;
    return n;
  }
  override get support(): constraints.Constraint {
    return constraints.multinomial(this.total_count);
  }
  get logits(): T {
    return this._categorical.logits;
  }
  get probs(): T {
    return this._categorical.probs;
  }
  get param_shape(): number[] {
    return this._categorical.param_shape;
  }
  override sample(sample_shape: readonly number[] = []): T {
    let samples = this._categorical.sample([this.total_count, ...sample_shape]);
    const shifted_idx = [...Array(samples.dim()).keys()];
    shifted_idx.push(shifted_idx.shift()!);
    samples = samples.permute(shifted_idx);
    const counts = samples.new_zeros(this._extended_shape(sample_shape));
    counts.scatter_add_(-1, samples, aten.ones_like(samples));
    return counts.type_as(this.probs);
  }
  override entropy(): T {
    const n = tensor(this.total_count);
    const cat_entropy = this._categorical.entropy();
    const term1 = n.mul(cat_entropy).sub(aten.lgamma(n.add(1)));
    const support = this._binomial.enumerate_support(false).index("1:");
    const binomial_probs = aten.exp(this._binomial.log_prob(support));
    const weights = aten.lgamma(support.add(1));
    const term2 = binomial_probs.mul(weights).sum([0, -1]);
    return term1.add(term2);
  }
  override log_prob(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    let logits: T;
    [logits, value] = broadcast_all(this.logits, value);
    logits = logits.clone({ memory_format: contiguous_format } as never);
    const log_factorial_n = aten.lgamma(value.sum(-1).add(1));
    const log_factorial_xs = aten.lgamma(value.add(1)).sum(-1);
    logits.index_set_([value.eq(0).logical_and(logits.eq(-Infinity))], 0);
    const log_powers = logits.mul(value).sum(-1);
    return log_factorial_n.sub(log_factorial_xs).add(log_powers);
  }
}
