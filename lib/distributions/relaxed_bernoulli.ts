// torch.distributions.RelaxedBernoulli and LogitRelaxedBernoulli, ported from
// torch/distributions/relaxed_bernoulli.py (torch 2.11).
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { ValueError } from "../errors";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Distribution } from "./distribution";
import { TransformedDistribution } from "./transformed_distribution";
import { SigmoidTransform } from "./transforms";
import { broadcast_all, clamp_probs, lazy_property, logits_to_probs, probs_to_logits } from "./utils";

type T = Tensor;
type Options = { probs?: T | number | null; logits?: T | number | null; validate_args?: boolean | null };
const NAMES = ["temperature", "probs", "logits", "validate_args"];

export class LogitRelaxedBernoulli extends Distribution {
  temperature!: T;
  declare probs: T;
  declare logits: T;
  _param!: T;
  get arg_constraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.unit_interval, logits: constraints.real };
  }
  override get support(): constraints.Constraint {
    return constraints.real;
  }

  /** LogitRelaxedBernoulli(temperature, probs=None, logits=None, validate_args=None). */
  constructor(temperature: T, probs?: T | number | null, logits?: T | number | null, options?: { validate_args?: boolean | null });
  constructor(temperature: T, probs: T | number | null, options?: Options);
  constructor(temperature: T, options?: Options);
  constructor(...args: unknown[]) {
    super();
    const [temperature, probs, logits, validate_args] = bindArgs("LogitRelaxedBernoulli.__init__", NAMES, args, 1) as [
      T,
      T | number | null | undefined,
      T | number | null | undefined,
      boolean | undefined,
    ];
    this.temperature = temperature;
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
  override expand(batch_shape: readonly number[], _instance?: LogitRelaxedBernoulli): LogitRelaxedBernoulli {
    const n = this._get_checked_instance(_instance);
    n.temperature = this.temperature;
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
  get param_shape(): number[] {
    return this._param.shape;
  }
  override rsample(sample_shape: readonly number[] = []): T {
    const shape = this._extended_shape(sample_shape);
    const probs = clamp_probs(this.probs.expand(shape));
    const uniforms = clamp_probs(aten.rand(shape, { dtype: probs.dtype, device: probs.device } as never));
    return uniforms.log().sub(uniforms.neg().log1p()).add(probs.log()).sub(probs.neg().log1p()).div(this.temperature);
  }
  override log_prob(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    const [logits, v] = broadcast_all(this.logits, value);
    const diff = logits.sub(v.mul(this.temperature));
    return this.temperature.log().add(diff).sub(diff.exp().log1p().mul(2));
  }
}
lazy_property(LogitRelaxedBernoulli, "logits", (self: LogitRelaxedBernoulli) => probs_to_logits(self.probs, true));
lazy_property(LogitRelaxedBernoulli, "probs", (self: LogitRelaxedBernoulli) => logits_to_probs(self.logits, true));

export class RelaxedBernoulli extends TransformedDistribution {
  declare base_dist: LogitRelaxedBernoulli;
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.unit_interval, logits: constraints.real };
  }
  override get support(): constraints.Constraint {
    return constraints.unit_interval;
  }
  override get has_rsample(): boolean {
    return true;
  }

  /** RelaxedBernoulli(temperature, probs=None, logits=None, validate_args=None). */
  constructor(temperature: T, probs?: T | number | null, logits?: T | number | null, options?: { validate_args?: boolean | null });
  constructor(temperature: T, probs: T | number | null, options?: Options);
  constructor(temperature: T, options?: Options);
  constructor(...args: unknown[]) {
    const [temperature, probs, logits, validate_args] = bindArgs("RelaxedBernoulli.__init__", NAMES, args, 1) as [
      T,
      T | number | null | undefined,
      T | number | null | undefined,
      boolean | undefined,
    ];
    super(new LogitRelaxedBernoulli(temperature, probs ?? null, logits ?? null), new SigmoidTransform(), { validate_args });
  }
  override expand(batch_shape: readonly number[], _instance?: RelaxedBernoulli): RelaxedBernoulli {
    return super.expand(batch_shape, this._get_checked_instance(_instance)) as RelaxedBernoulli;
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
