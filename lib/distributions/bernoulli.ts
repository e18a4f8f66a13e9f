// torch.distributions.Bernoulli, ported from torch/distributions/bernoulli.py (torch 2.11).
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { no_grad } from "../autograd";
import { ValueError } from "../errors";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { ExponentialFamily } from "./exp_family";
import { broadcast_all, lazy_property, logits_to_probs, probs_to_logits } from "./utils";

type T = Tensor;
type Options = { probs?: T | number | null; logits?: T | number | null; validate_args?: boolean | null };

/** F.binary_cross_entropy_with_logits(input, target, reduction="none"). */
const bce = (input: T, target: T): T => aten.binary_cross_entropy_with_logits(input, target, null, null, 0);

export class Bernoulli extends ExponentialFamily {
  declare probs: T;
  declare logits: T;
  _param!: T;
  get arg_constraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.unit_interval, logits: constraints.real };
  }
  override get support(): constraints.Constraint {
    return constraints.boolean;
  }
  override get has_enumerate_support(): boolean {
    return true;
  }

  /** Bernoulli(probs=None, logits=None, validate_args=None). */
  constructor(probs?: T | number | null, logits?: T | number | null, options?: { validate_args?: boolean | null });
  constructor(probs?: T | number | null, options?: Options);
  constructor(options?: Options);
  constructor(...args: unknown[]) {
    super();
    const [probs, logits, validate_args] = bindArgs("Bernoulli.__init__", ["probs", "logits", "validate_args"], args, 0) as [T | number | null | undefined, T | number | null | undefined, boolean | undefined];
    if ((probs == null) === (logits == null)) throw new ValueError("Either `probs` or `logits` must be specified, but not both.");
    let is_scalar: boolean;
    if (probs != null) {
      is_scalar = typeof probs === "number";
      [this.probs] = broadcast_all(probs);
    } else {
      is_scalar = typeof logits === "number";
      [this.logits] = broadcast_all(logits!);
    }
    this._param = probs != null ? this.probs : this.logits;
    this._init(is_scalar ? [] : this._param.shape, [], validate_args);
  }

  override expand(batch_shape: readonly number[], _instance?: Bernoulli): Bernoulli {
    const n = this._get_checked_instance(_instance);
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
    return this.probs;
  }
  override get mode(): T {
    const mode = this.probs.ge(0.5).to(this.probs);
    mode.index_set_([this.probs.eq(0.5)], NaN);
    return mode;
  }
  override get variance(): T {
    return this.probs.mul(this.probs.neg().add(1));
  }
  get param_shape(): number[] {
    return this._param.shape;
  }
  override sample(sample_shape: readonly number[] = []): T {
    const shape = this._extended_shape(sample_shape);
    return no_grad(() => aten.bernoulli(this.probs.expand(shape)));
  }
  override log_prob(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    const [logits, v] = broadcast_all(this.logits, value);
    return bce(logits, v).neg();
  }
  override entropy(): T {
    return bce(this.logits, this.probs);
  }
  override enumerate_support(expand = true): T {
    let values = aten.arange(2, { dtype: this._param.dtype, device: this._param.device } as never);
    values = values.view([-1, ...this._batch_shape.map(() => 1)]);
    if (expand) values = values.expand([-1, ...this._batch_shape]);
    return values;
  }
}
lazy_property(Bernoulli, "logits", (self: Bernoulli) => probs_to_logits(self.probs, true));
lazy_property(Bernoulli, "probs", (self: Bernoulli) => logits_to_probs(self.logits, true));
