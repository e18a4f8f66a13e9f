// torch.distributions.StudentT, ported from torch/distributions/studentT.py (torch 2.11).
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { contiguous_format } from "../dtype";
import { Tensor } from "../tensor";
import { Chi2 } from "./chi2";
import * as constraints from "./constraints";
import { Distribution } from "./distribution";
import { _standard_normal, broadcast_all } from "./utils";

type T = Tensor;
/** Python's math.lgamma(0.5). */
const LGAMMA_HALF = 0.5723649429247004;

export class StudentT extends Distribution {
  df!: T;
  loc!: T;
  scale!: T;
  _chi2!: Chi2;
  get arg_constraints(): Record<string, constraints.Constraint> {
    return { df: constraints.positive, loc: constraints.real, scale: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.real;
  }
  override get has_rsample(): boolean {
    return true;
  }
  override get mean(): T {
    const m = this.loc.clone({ memory_format: contiguous_format } as never);
    m.index_set_([this.df.le(1)], NaN);
    return m;
  }
  override get mode(): T {
    return this.loc;
  }
  override get variance(): T {
    const m = this.df.clone({ memory_format: contiguous_format } as never);
    const big = this.df.gt(2);
    m.index_set_([big], this.scale.index(big).pow(2).mul(this.df.index(big)).div(this.df.index(big).sub(2)));
    m.index_set_([this.df.le(2).logical_and(this.df.gt(1))], Infinity);
    m.index_set_([this.df.le(1)], NaN);
    return m;
  }

  /** StudentT(df, loc=0.0, scale=1.0, validate_args=None). */
  constructor(df: T | number, loc?: T | number, scale?: T | number, options?: { validate_args?: boolean | null });
  constructor(df: T | number, options?: { loc?: T | number; scale?: T | number; validate_args?: boolean | null });
  constructor(...args: unknown[]) {
    super();
    const [df, loc, scale, validate_args] = bindArgs("StudentT.__init__", ["df", "loc", "scale", "validate_args"], args, 1) as [
      T | number,
      T | number | undefined,
      T | number | undefined,
      boolean | undefined,
    ];
    [this.df, this.loc, this.scale] = broadcast_all(df, loc ?? 0.0, scale ?? 1.0);
    this._chi2 = new Chi2(this.df);
    this._init(this.df.shape, [], validate_args);
  }
  override expand(batch_shape: readonly number[], _instance?: StudentT): StudentT {
    const n = this._get_checked_instance(_instance);
    n.df = this.df.expand([...batch_shape]);
    n.loc = this.loc.expand([...batch_shape]);
    n.scale = this.scale.expand([...batch_shape]);
    n._chi2 = this._chi2.expand(batch_shape);
    n._init(batch_shape, [], false);
    n._validate_args = this._validate_args;
    return n;
  }
  override rsample(sample_shape: readonly number[] = []): T {
    const shape = this._extended_shape(sample_shape);
    const X = _standard_normal(shape, this.df.dtype, this.df.device);
    const Z = this._chi2.rsample(sample_shape);
    const Y = X.mul(aten.rsqrt(Z.div(this.df)));
    return this.loc.add(this.scale.mul(Y));
  }
  override log_prob(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    const y = value.sub(this.loc).div(this.scale);
    const Z = this.scale
      .log()
      .add(this.df.log().mul(0.5))
      .add(0.5 * Math.log(Math.PI))
      .add(aten.lgamma(this.df.mul(0.5)))
      .sub(aten.lgamma(this.df.add(1.0).mul(0.5)));
    return this.df.add(1.0).mul(-0.5).mul(aten.log1p(y.pow(2.0).div(this.df))).sub(Z);
  }
  override entropy(): T {
    const lbeta = aten.lgamma(this.df.mul(0.5)).add(LGAMMA_HALF).sub(aten.lgamma(this.df.add(1).mul(0.5)));
    return this.scale
      .log()
      .add(this.df.add(1).mul(0.5).mul(aten.digamma(this.df.add(1).mul(0.5)).sub(aten.digamma(this.df.mul(0.5)))))
      .add(this.df.log().mul(0.5))
      .add(lbeta);
  }
}
