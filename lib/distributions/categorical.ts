// torch.distributions.Categorical, ported from torch/distributions/categorical.py (torch 2.11).
import { bindArgs } from "../_args";
import { _VF, aten } from "../_aten";
import { int64 } from "../dtype";
import { ValueError } from "../errors";
import { finfo } from "../finfo";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Distribution } from "./distribution";
import { lazy_property, logits_to_probs, probs_to_logits } from "./utils";

type T = Tensor;
type Options = { probs?: T | null; logits?: T | null; validate_args?: boolean | null };

export class Categorical extends Distribution {
  declare probs: T;
  declare logits: T;
  _param!: T;
  _num_events!: number;
  get arg_constraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.simplex, logits: constraints.real_vector };
  }
  override get has_enumerate_support(): boolean {
    return true;
  }

  /** Categorical(probs=None, logits=None, validate_args=None). */
  constructor(probs?: T | null, logits?: T | null, options?: { validate_args?: boolean | null });
  constructor(probs?: T | null, options?: Options);
  constructor(options?: Options);
  constructor(...args: unknown[]) {
    super();
    const [probs, logits, validate_args] = bindArgs("Categorical.__init__", ["probs", "logits", "validate_args"], args, 0) as [T | null | undefined, T | null | undefined, boolean | undefined];
    if ((probs == null) === (logits == null)) throw new ValueError("Either `probs` or `logits` must be specified, but not both.");
    if (probs != null) {
      if (probs.dim() < 1) throw new ValueError("`probs` parameter must be at least one-dimensional.");
      this.probs = probs.div(probs.sum(-1, { keepdim: true } as never));
    } else {
      if (logits!.dim() < 1) throw new ValueError("`logits` parameter must be at least one-dimensional.");
      this.logits = logits!.sub(logits!.logsumexp(-1, { keepdim: true } as never));
    }
    this._param = probs != null ? this.probs : this.logits;
    this._num_events = this._param.shape[this._param.dim() - 1];
    const batch_shape = this._param.dim() > 1 ? this._param.shape.slice(0, -1) : [];
    this._init(batch_shape, [], validate_args);
  }

  override expand(batch_shape: readonly number[], _instance?: Categorical): Categorical {
    const n = this._get_checked_instance(_instance);
    const param_shape = [...batch_shape, this._num_events];
    if (Object.prototype.hasOwnProperty.call(this, "probs")) {
      n.probs = this.probs.expand(param_shape);
      n._param = n.probs;
    }
    if (Object.prototype.hasOwnProperty.call(this, "logits")) {
      n.logits = this.logits.expand(param_shape);
      n._param = n.logits;
    }
    n._num_events = this._num_events;
    n._init(batch_shape, [], false);
    n._validate_args = this._validate_args;
    return n;
  }

  override get support(): constraints.Constraint {
    return constraints.integer_interval(0, this._num_events - 1);
  }
  get param_shape(): number[] {
    return this._param.shape;
  }
  override get mean(): T {
    return aten.full(this._extended_shape(), NaN, { dtype: this.probs.dtype, device: this.probs.device } as never);
  }
  override get mode(): T {
    return this.probs.argmax(-1);
  }
  override get variance(): T {
    return aten.full(this._extended_shape(), NaN, { dtype: this.probs.dtype, device: this.probs.device } as never);
  }
  override sample(sample_shape: readonly number[] = []): T {
    const probs_2d = this.probs.reshape([-1, this._num_events]);
    const numel = sample_shape.reduce((a, b) => a * b, 1);
    const samples_2d = aten.multinomial(probs_2d, numel, true).T;
    return samples_2d.reshape(this._extended_shape(sample_shape));
  }
  override log_prob(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    let v = value.long().unsqueeze(-1);
    let log_pmf: T;
    [v, log_pmf] = _VF.broadcast_tensors([v, this.logits]) as T[];
    v = v.index("...", ":1");
    return log_pmf.gather(-1, v).squeeze(-1);
  }
  override entropy(): T {
    const min_real = new finfo(this.logits.dtype).min;
    const logits = aten.clamp(this.logits, { min: min_real } as never);
    const p_log_p = logits.mul(this.probs);
    return p_log_p.sum(-1).neg();
  }
  override enumerate_support(expand = true): T {
    const num_events = this._num_events;
    let values = aten.arange(num_events, { dtype: int64, device: this._param.device } as never);
    values = values.view([-1, ...this._batch_shape.map(() => 1)]);
    if (expand) values = values.expand([-1, ...this._batch_shape]);
    return values;
  }
}
lazy_property(Categorical, "logits", (self: Categorical) => probs_to_logits(self.probs));
lazy_property(Categorical, "probs", (self: Categorical) => logits_to_probs(self.logits));
