// torch.distributions.Chi2, ported from torch/distributions/chi2.py (torch 2.11): Gamma(df / 2, 1 / 2).
import { bindArgs } from "../_args";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Gamma } from "./gamma";

type T = Tensor;

export class Chi2 extends Gamma {
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { df: constraints.positive };
  }
  /** Chi2(df, validate_args=None). */
  constructor(df: T | number, options?: { validate_args?: boolean | null });
  constructor(...args: unknown[]) {
    const [df, validate_args] = bindArgs("Chi2.__init__", ["df", "validate_args"], args, 1) as [T | number, boolean | undefined];
    super(typeof df === "number" ? 0.5 * df : df.mul(0.5), 0.5, { validate_args });
  }
  override expand(batch_shape: readonly number[], _instance?: Chi2): Chi2 {
    return super.expand(batch_shape, this._get_checked_instance(_instance)) as Chi2;
  }
  get df(): T {
    return this.concentration.mul(2);
  }
}
