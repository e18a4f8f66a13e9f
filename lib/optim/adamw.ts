// torch.optim.AdamW, ported from torch/optim/adamw.py: Adam with decoupled weight decay
// (default 1e-2), which decays the parameters rather than adding to the gradient.
import { Adam } from "./adam";
import { Optimizer, ParamsT, parseArgs, REQUIRED } from "./optimizer";

export interface AdamWOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weight_decay?: number;
  amsgrad?: boolean;
  maximize?: boolean;
  foreach?: boolean | null;
  capturable?: boolean;
  differentiable?: boolean;
  fused?: boolean | null;
}

const ADAMW_ARGS = {
  params: REQUIRED,
  lr: 1e-3,
  betas: [0.9, 0.999],
  eps: 1e-8,
  weight_decay: 1e-2,
  amsgrad: false,
  maximize: false,
  foreach: null,
  capturable: false,
  differentiable: false,
  fused: null,
};

/** AdamW: Adam whose weight decay does not accumulate in the moments. */
export class AdamW extends Adam {
  /**
   * new AdamW(params, lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weight_decay = 1e-2,
   * amsgrad = false, { maximize = false, foreach = null, capturable = false,
   * differentiable = false, fused = null })
   */
  constructor(params: ParamsT, lr?: number | AdamWOptions, ...rest: (number | boolean | number[] | AdamWOptions | undefined)[]);
  constructor(...args: unknown[]) {
    const a = parseArgs("AdamW.__init__", ADAMW_ARGS, args, 6);
    super(a.params, a.lr, a.betas, a.eps, a.weight_decay, a.amsgrad, {
      foreach: a.foreach,
      maximize: a.maximize,
      capturable: a.capturable,
      differentiable: a.differentiable,
      fused: a.fused,
      decoupled_weight_decay: true,
    });
  }

  // Loading any state into AdamW keeps decoupled_weight_decay true.
  __setstate__(state: Parameters<Optimizer["__setstate__"]>[0]): void {
    super.__setstate__(state);
    for (const group of this.param_groups) group.decoupled_weight_decay = true;
  }
}
