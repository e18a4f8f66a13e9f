// torch.distributions.Laplace, ported from torch/distributions/laplace.py (torch 2.11).
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { finfo } from "../finfo";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Distribution } from "./distribution";
import { broadcast_all } from "./utils";

type T = Tensor;

export class Laplace extends Distribution {
  loc!: T;
  scale!: T;
  get arg_constraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.real, scale: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.real;
  }
  override get has_rsample(): boolean {
    return true;
  }
  override get mean(): T {
    return this.loc;
  }
  override get mode(): T {
    return this.loc;
  }
  override get variance(): T {
    return this.scale.pow(2).mul(2);
  }
  override get stddev(): T {
    return this.scale.mul(2 ** 0.5);
  }

  /** Laplace(loc, scale, validate_args=None). */
  constructor(loc: T | number, scale: T | number, options?: { validate_args?: boolean | null });
  constructor(...args: unknown[]) {
    super();
    const [loc, scale, validate_args] = bindArgs("Laplace.__init__", ["loc", "scale", "validate_args"], args, 2) as [T | number, T | number, boolean | undefined];
    [this.loc, this.scale] = broadcast_all(loc, scale);
    this._init(typeof loc === "number" && typeof scale === "number" ? [] : this.loc.shape, [], validate_args);
  }

  override expand(batch_shape: readonly number[], _instance?: Laplace): Laplace {
    const n = this._get_checked_instance(_instance);
    n.loc = this.loc.expand([...batch_shape]);
    n.scale = this.scale.expand([...batch_shape]);
    n._init(batch_shape, [], false);
    n._validate_args = this._validate_args;
    return n;
  }
  override rsample(sample_shape: readonly number[] = []): T {
    const shape = this._extended_shape(sample_shape);
    const fi = new finfo(this.loc.dtype);
    const u = this.loc.new_empty(shape).uniform_(fi.eps - 1, 1);
    return this.loc.sub(this.scale.mul(u.sign()).mul(aten.log1p(u.abs().neg())));
  }
  override log_prob(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    return aten.log(this.scale.mul(2)).neg().sub(aten.abs(value.sub(this.loc)).div(this.scale));
  }
  override cdf(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    const d = value.sub(this.loc);
    return aten.rsub(d.sign().mul(0.5).mul(aten.expm1(d.abs().neg().div(this.scale))), 0.5);
  }
  override icdf(value: T): T {
    const term = value.sub(0.5);
    return this.loc.sub(this.scale.mul(term.sign()).mul(aten.log1p(term.abs().mul(-2))));
  }
  override entropy(): T {
    return aten.log(this.scale.mul(2)).add(1);
  }
}
