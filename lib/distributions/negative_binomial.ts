// torch.distributions.NegativeBinomial, ported from torch/distributions/negative_binomial.py (torch 2.11).
import { bindArgs } from "../_args";
import { _nn, aten } from "../_aten";
import { no_grad } from "../autograd";
import { ValueError } from "../errors";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Distribution } from "./distribution";
import { Gamma } from "./gamma";
import { broadcast_all, lazy_property, logits_to_probs, probs_to_logits } from "./utils";

type T = Tensor;
type Options = { probs?: T | number | null; logits?: T | number | null; validate_args?: boolean | null };

export class NegativeBinomial extends Distribution {
  total_count!: T;
  declare probs: T;
  declare logits: T;
  declare _gamma: Gamma;
  _param!: T;
  get arg_constraints(): Record<string, constraints.Constraint> {
    return { total_count: constraints.greater_than_eq(0), probs: new constraints._HalfOpenInterval(0, 1, true), logits: constraints.real };
  }
  override get support(): constraints.Constraint {
    return constraints.nonnegative_integer;
  }

  /** NegativeBinomial(total_count, probs=None, logits=None, validate_args=None). */
  constructor(total_count: T | number, probs?: T | number | null, logits?: T | number | null, options?: { validate_args?: boolean | null });
  constructor(total_count: T | number, probs: T | number | null, options?: Options);
  constructor(total_count: T | number, options?: Options);
  constructor(...args: unknown[]) {
    super();
    const [total_count, probs, logits, validate_args] = bindArgs("NegativeBinomial.__init__", ["total_count", "probs", "logits", "validate_args"], args, 1) as [
      T | number,
      T | number | null | undefined,
      T | number | null | undefined,
      boolean | undefined,
    ];
    if ((probs == null) === (logits == null)) throw new ValueError("Either `probs` or `logits` must be specified, but not both.");
    if (probs != null) {
      [this.total_count, this.probs] = broadcast_all(total_count, probs);
      this.total_count = this.total_count.type_as(this.probs);
    } else {
      [this.total_count, this.logits] = broadcast_all(total_count, logits!);
      this.total_count = this.total_count.type_as(this.logits);
    }
    this._param = probs != null ? this.probs : this.logits;
    this._init(this._param.shape, [], validate_args);
  }
  override expand(batch_shape: readonly number[], _instance?: NegativeBinomial): NegativeBinomial {
    const n = this._get_checked_instance(_instance);
    n.total_count = this.total_count.expand([...batch_shape]);
    if (Object.prototype.hasOwnProperty.call(this, "probs")) {
      n.probs = this.probs.expand([...batch_shape]);
      n._param = n.probs;
    }
    if (Object.prototype.hasOwnProperty.call(this, "logits")) {
      n.logits = this.logits.expand([...batch_shape]);
      n._param = n.logits;
    }
    n._init(batch_shape, [], false);
    n._validate_args = this._validate_args;
    return n;
  }
  override get mean(): T {
    return this.total_count.mul(aten.exp(this.logits));
  }
  override get mode(): T {
    return this.total_count.sub(1).mul(this.logits.exp()).floor().clamp({ min: 0.0 } as never);
  }
  override get variance(): T {
    return this.mean.div(aten.sigmoid(this.logits.neg()));
  }
  get param_shape(): number[] {
    return this._param.shape;
  }
  override sample(sample_shape: readonly number[] = []): T {
    return no_grad(() => {
      const rate = this._gamma.sample(sample_shape);
      return aten.poisson(rate);
    });
  }
  override log_prob(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    const log_unnormalized_prob = this.total_count.mul(_nn.log_sigmoid(this.logits.neg())).add(value.mul(_nn.log_sigmoid(this.logits)));
    let log_normalization = aten
      .lgamma(this.total_count.add(value))
      .neg()
      .add(aten.lgamma(value.add(1.0)))
      .add(aten.lgamma(this.total_count));
    log_normalization = log_normalization.masked_fill(this.total_count.add(value).eq(0.0), 0.0);
    return log_unnormalized_prob.sub(log_normalization);
  }
}
lazy_property(NegativeBinomial, "logits", (self: NegativeBinomial) => probs_to_logits(self.probs, true));
lazy_property(NegativeBinomial, "probs", (self: NegativeBinomial) => logits_to_probs(self.logits, true));
lazy_property(NegativeBinomial, "_gamma", (self: NegativeBinomial) => new Gamma(self.total_count, aten.exp(self.logits.neg()), { validate_args: false }));
