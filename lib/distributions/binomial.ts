// torch.distributions.Binomial, ported from torch/distributions/binomial.py (torch 2.11).
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { no_grad } from "../autograd";
import { NotImplementedError, ValueError } from "../errors";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Distribution } from "./distribution";
import { broadcast_all, lazy_property, logits_to_probs, probs_to_logits } from "./utils";

type T = Tensor;
type Options = { total_count?: T | number; probs?: T | number | null; logits?: T | number | null; validate_args?: boolean | null };

const _clamp_by_zero = (x: T): T => x.clamp({ min: 0 } as never).add(x).sub(x.clamp({ max: 0 } as never)).div(2);

export class Binomial extends Distribution {
  total_count!: T;
  declare probs: T;
  declare logits: T;
  _param!: T;
  get arg_constraints(): Record<string, constraints.Constraint> {
    return { total_count: constraints.nonnegative_integer, probs: constraints.unit_interval, logits: constraints.real };
  }
  override get has_enumerate_support(): boolean {
    return true;
  }

  /** Binomial(total_count=1, probs=None, logits=None, validate_args=None). */
  constructor(total_count?: T | number, probs?: T | number | null, logits?: T | number | null, options?: { validate_args?: boolean | null });
  constructor(total_count: T | number, probs: T | number | null, options?: Options);
  constructor(total_count: T | number, options?: Options);
  constructor(options?: Options);
  constructor(...args: unknown[]) {
    super();
    const [tc, probs, logits, validate_args] = bindArgs("Binomial.__init__", ["total_count", "probs", "logits", "validate_args"], args, 0) as [
      T | number | undefined,
      T | number | null | undefined,
      T | number | null | undefined,
      boolean | undefined,
    ];
    const total_count = tc ?? 1;
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

  override expand(batch_shape: readonly number[], _instance?: Binomial): Binomial {
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
  override get support(): constraints.Constraint {
    return constraints.integer_interval(0, this.total_count);
  }
  override get mean(): T {
    return this.total_count.mul(this.probs);
  }
  override get mode(): T {
    return this.total_count.add(1).mul(this.probs).floor().clamp({ max: this.total_count } as never);
  }
  override get variance(): T {
    return this.total_count.mul(this.probs).mul(aten.rsub(this.probs, 1));
  }
  get param_shape(): number[] {
    return this._param.shape;
  }
  override sample(sample_shape: readonly number[] = []): T {
    const shape = this._extended_shape(sample_shape);
    return no_grad(() => aten.binomial(this.total_count.expand(shape), this.probs.expand(shape)));
  }
  override log_prob(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    const log_factorial_n = aten.lgamma(this.total_count.add(1));
    const log_factorial_k = aten.lgamma(value.add(1));
    const log_factorial_nmk = aten.lgamma(this.total_count.sub(value).add(1));
    const normalize_term = this.total_count
      .mul(_clamp_by_zero(this.logits))
      .add(this.total_count.mul(aten.log1p(aten.exp(aten.abs(this.logits).neg()))))
      .sub(log_factorial_n);
    return value.mul(this.logits).sub(log_factorial_k).sub(log_factorial_nmk).sub(normalize_term);
  }
  private _homogeneous(what: string): number {
    const total_count = Math.trunc(this.total_count.max().item() as number);
    if (!((this.total_count.min().item() as number) === total_count)) {
      throw new NotImplementedError(`Inhomogeneous total count not supported by \`${what}\`.`);
    }
    return total_count;
  }
  override entropy(): T {
    this._homogeneous("entropy");
    const log_prob = this.log_prob(this.enumerate_support(false));
    return aten.exp(log_prob).mul(log_prob).sum(0).neg();
  }
  override enumerate_support(expand = true): T {
    const total_count = this._homogeneous("enumerate_support");
    let values = aten.arange(1 + total_count, { dtype: this._param.dtype, device: this._param.device } as never);
    values = values.view([-1, ...this._batch_shape.map(() => 1)]);
    if (expand) values = values.expand([-1, ...this._batch_shape]);
    return values;
  }
}
lazy_property(Binomial, "logits", (self: Binomial) => probs_to_logits(self.probs, true));
lazy_property(Binomial, "probs", (self: Binomial) => logits_to_probs(self.logits, true));
