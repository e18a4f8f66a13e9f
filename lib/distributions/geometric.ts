// torch.distributions.Geometric, ported from torch/distributions/geometric.py (torch 2.11).
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { no_grad } from "../autograd";
import { contiguous_format } from "../dtype";
import { ValueError } from "../errors";
import { finfo } from "../finfo";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Distribution } from "./distribution";
import { broadcast_all, formatTensor, lazy_property, logits_to_probs, probs_to_logits, pyTuple } from "./utils";

type T = Tensor;
type Options = { probs?: T | number | null; logits?: T | number | null; validate_args?: boolean | null };

export class Geometric extends Distribution {
  declare probs: T;
  declare logits: T;
  get arg_constraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.unit_interval, logits: constraints.real };
  }
  override get support(): constraints.Constraint {
    return constraints.nonnegative_integer;
  }

  /** Geometric(probs=None, logits=None, validate_args=None). */
  constructor(probs?: T | number | null, logits?: T | number | null, options?: { validate_args?: boolean | null });
  constructor(probs?: T | number | null, options?: Options);
  constructor(options?: Options);
  constructor(...args: unknown[]) {
    super();
    const [probs, logits, validate_args] = bindArgs("Geometric.__init__", ["probs", "logits", "validate_args"], args, 0) as [T | number | null | undefined, T | number | null | undefined, boolean | undefined];
    if ((probs == null) === (logits == null)) throw new ValueError("Either `probs` or `logits` must be specified, but not both.");
    if (probs != null) [this.probs] = broadcast_all(probs);
    else [this.logits] = broadcast_all(logits!);
    const probs_or_logits = probs != null ? probs : logits!;
    this._init(typeof probs_or_logits === "number" ? [] : probs_or_logits.shape, [], validate_args);
    if (this._validate_args && probs != null) {
      const value = this.probs;
      const valid = value.gt(0);
      if (!valid.all().item()) {
        const invalid_value = value.detach().index(valid.logical_not());
        throw new ValueError(
          "Expected parameter probs " +
            `(${value.constructor.name} of shape ${pyTuple(value.shape)}) ` +
            `of distribution ${this.__repr__()} ` +
            `to be positive but found invalid values:\n${formatTensor(invalid_value)}`,
        );
      }
    }
  }
  override expand(batch_shape: readonly number[], _instance?: Geometric): Geometric {
    const n = this._get_checked_instance(_instance);
    if (Object.prototype.hasOwnProperty.call(this, "probs")) n.probs = this.probs.expand([...batch_shape]);
    if (Object.prototype.hasOwnProperty.call(this, "logits")) n.logits = this.logits.expand([...batch_shape]);
    n._init(batch_shape, [], false);
    n._validate_args = this._validate_args;
    return n;
  }
  override get mean(): T {
    return aten.reciprocal(this.probs).sub(1.0);
  }
  override get mode(): T {
    return aten.zeros_like(this.probs);
  }
  override get variance(): T {
    return aten.reciprocal(this.probs).sub(1.0).div(this.probs);
  }
  override sample(sample_shape: readonly number[] = []): T {
    const shape = this._extended_shape(sample_shape);
    const tiny = new finfo(this.probs.dtype).tiny;
    return no_grad(() => {
      const u = this.probs.new_empty(shape).uniform_(tiny, 1);
      return u.log().div(this.probs.neg().log1p()).floor();
    });
  }
  override log_prob(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    let probs: T;
    [value, probs] = broadcast_all(value, this.probs);
    probs = probs.clone({ memory_format: contiguous_format } as never);
    probs.index_set_([probs.eq(1).logical_and(value.eq(0))], 0);
    return value.mul(probs.neg().log1p()).add(this.probs.log());
  }
  override entropy(): T {
    return aten.binary_cross_entropy_with_logits(this.logits, this.probs, null, null, 0).div(this.probs);
  }
}
lazy_property(Geometric, "logits", (self: Geometric) => probs_to_logits(self.probs, true));
lazy_property(Geometric, "probs", (self: Geometric) => logits_to_probs(self.logits, true));
