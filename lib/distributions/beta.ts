// torch.distributions.Beta, ported from torch/distributions/beta.py (torch 2.11): a Dirichlet
// over (concentration1, concentration0).
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { tensor } from "../creation";
import { get_default_dtype } from "../dtype";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Dirichlet } from "./dirichlet";
import { ExponentialFamily } from "./exp_family";
import { broadcast_all } from "./utils";

type T = Tensor;

export class Beta extends ExponentialFamily {
  _dirichlet!: Dirichlet;
  get arg_constraints(): Record<string, constraints.Constraint> {
    return { concentration1: constraints.positive, concentration0: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.unit_interval;
  }
  override get has_rsample(): boolean {
    return true;
  }

  /** Beta(concentration1, concentration0, validate_args=None). */
  constructor(concentration1: T | number, concentration0: T | number, options?: { validate_args?: boolean | null });
  constructor(...args: unknown[]) {
    super();
    let [concentration1, concentration0, validate_args] = bindArgs("Beta.__init__", ["concentration1", "concentration0", "validate_args"], args, 2) as [T | number, T | number, boolean | undefined];
    let both: T;
    if (typeof concentration1 === "number" && typeof concentration0 === "number") {
      both = tensor([concentration1, concentration0], { dtype: get_default_dtype() } as never);
    } else {
      [concentration1, concentration0] = broadcast_all(concentration1, concentration0);
      both = aten.stack([concentration1, concentration0], -1);
    }
    this._dirichlet = new Dirichlet(both, { validate_args });
    this._init(this._dirichlet._batch_shape, [], validate_args);
  }

  override expand(batch_shape: readonly number[], _instance?: Beta): Beta {
    const n = this._get_checked_instance(_instance);
    n._dirichlet = this._dirichlet.expand(batch_shape);
    n._init(batch_shape, [], false);
    n._validate_args = this._validate_args;
    return n;
  }
  override get mean(): T {
    return this.concentration1.div(this.concentration1.add(this.concentration0));
  }
  override get mode(): T {
    return this._dirichlet.mode.index("...", 0);
  }
  override get variance(): T {
    const total = this.concentration1.add(this.concentration0);
    return this.concentration1.mul(this.concentration0).div(total.pow(2).mul(total.add(1)));
  }
  override rsample(sample_shape: readonly number[] = []): T {
    return this._dirichlet.rsample(sample_shape).select(-1, 0);
  }
  override log_prob(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    const heads_tails = aten.stack([value, aten.rsub(value, 1.0)], -1);
    return this._dirichlet.log_prob(heads_tails);
  }
  override entropy(): T {
    return this._dirichlet.entropy();
  }
  get concentration1(): T {
    return this._dirichlet.concentration.index("...", 0);
  }
  get concentration0(): T {
    return this._dirichlet.concentration.index("...", 1);
  }
}
