// torch.distributions.FisherSnedecor, ported from torch/distributions/fishersnedecor.py (torch 2.11).
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { contiguous_format } from "../dtype";
import { finfo } from "../finfo";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Distribution } from "./distribution";
import { Gamma } from "./gamma";
import { broadcast_all } from "./utils";

type T = Tensor;

export class FisherSnedecor extends Distribution {
  df1!: T;
  df2!: T;
  _gamma1!: Gamma;
  _gamma2!: Gamma;
  get arg_constraints(): Record<string, constraints.Constraint> {
    return { df1: constraints.positive, df2: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.positive;
  }
  override get has_rsample(): boolean {
    return true;
  }

  /** FisherSnedecor(df1, df2, validate_args=None). */
  constructor(df1: T | number, df2: T | number, options?: { validate_args?: boolean | null });
  constructor(...args: unknown[]) {
    super();
    const [df1, df2, validate_args] = bindArgs("FisherSnedecor.__init__", ["df1", "df2", "validate_args"], args, 2) as [T | number, T | number, boolean | undefined];
    [this.df1, this.df2] = broadcast_all(df1, df2);
    this._gamma1 = new Gamma(this.df1.mul(0.5), this.df1);
    this._gamma2 = new Gamma(this.df2.mul(0.5), this.df2);
    this._init(typeof df1 === "number" && typeof df2 === "number" ? [] : this.df1.shape, [], validate_args);
  }
  override expand(batch_shape: readonly number[], _instance?: FisherSnedecor): FisherSnedecor {
    const n = this._get_checked_instance(_instance);
    n.df1 = this.df1.expand([...batch_shape]);
    n.df2 = this.df2.expand([...batch_shape]);
    n._gamma1 = this._gamma1.expand(batch_shape);
    n._gamma2 = this._gamma2.expand(batch_shape);
    n._init(batch_shape, [], false);
    n._validate_args = this._validate_args;
    return n;
  }
  override get mean(): T {
    const df2 = this.df2.clone({ memory_format: contiguous_format } as never);
    df2.index_set_([df2.le(2)], NaN);
    return df2.div(df2.sub(2));
  }
  override get mode(): T {
    const mode = this.df1.sub(2).div(this.df1).mul(this.df2).div(this.df2.add(2));
    mode.index_set_([this.df1.le(2)], NaN);
    return mode;
  }
  override get variance(): T {
    const df2 = this.df2.clone({ memory_format: contiguous_format } as never);
    df2.index_set_([df2.le(4)], NaN);
    return df2
      .pow(2)
      .mul(2)
      .mul(this.df1.add(df2).sub(2))
      .div(this.df1.mul(df2.sub(2).pow(2)).mul(df2.sub(4)));
  }
  override rsample(sample_shape: readonly number[] = []): T {
    const shape = this._extended_shape(sample_shape);
    const X1 = this._gamma1.rsample(sample_shape).view(shape);
    const X2 = this._gamma2.rsample(sample_shape).view(shape);
    const tiny = new finfo(X2.dtype).tiny;
    X2.clamp_({ min: tiny } as never);
    const Y = X1.div(X2);
    Y.clamp_({ min: tiny } as never);
    return Y;
  }
  override log_prob(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    const ct1 = this.df1.mul(0.5);
    const ct2 = this.df2.mul(0.5);
    const ct3 = this.df1.div(this.df2);
    const t1 = ct1.add(ct2).lgamma().sub(ct1.lgamma()).sub(ct2.lgamma());
    const t2 = ct1.mul(ct3.log()).add(ct1.sub(1).mul(aten.log(value)));
    const t3 = ct1.add(ct2).mul(aten.log1p(ct3.mul(value)));
    return t1.add(t2).sub(t3);
  }
}
