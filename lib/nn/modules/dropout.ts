// nn.Dropout, Dropout1d/2d/3d, AlphaDropout and FeatureAlphaDropout, ported from torch/nn/modules/dropout.py (torch 2.11).
import { ValueError } from "../../errors";
import type { Tensor } from "../../tensor";
import * as F from "../functional";
import { Module } from "../module";
import { given, initArgs, named, PyArgs, pyFloat, reprArg } from "./_utils";

export interface DropoutOptions {
  p?: number;
  inplace?: boolean;
}

/** Python's _DropoutNd: the base of the dropout modules, holding p and inplace. */
export abstract class _DropoutNd extends Module {
  p: number;
  inplace: boolean;

  constructor(...args: PyArgs<[], [p: number, inplace: boolean], DropoutOptions>) {
    super();
    const [p, inplace] = initArgs("_DropoutNd", ["p", "inplace"], args, 0);
    const prob = given(p, 0.5);
    if (prob < 0 || prob > 1) {
      throw new ValueError(`dropout probability has to be between 0 and 1, but got ${pyFloat(prob)}`);
    }
    this.p = prob;
    this.inplace = given(inplace, false);
  }

  extra_repr(): string {
    return `p=${pyFloat(this.p)}, inplace=${reprArg(this.inplace)}`;
  }
}

/**
 * `new nn.Dropout(p = 0.5, inplace = false)`: in training mode zeroes each element with
 * probability p and scales the rest by 1/(1-p); in eval mode returns the input.
 */
export class Dropout extends _DropoutNd {
  forward(input: Tensor): Tensor {
    return named(this, () => F.dropout(input, this.p, this.training, this.inplace));
  }
}

/**
 * `new nn.Dropout1d(p = 0.5, inplace = false)`: in training mode zeroes each channel of (N, C, L)
 * or (C, L) with probability p and scales the rest by 1/(1-p).
 */
export class Dropout1d extends _DropoutNd {
  forward(input: Tensor): Tensor {
    return named(this, () => F.dropout1d(input, this.p, this.training, this.inplace));
  }
}

/** `new nn.Dropout2d(p = 0.5, inplace = false)`: Dropout1d's channel dropout over (N, C, H, W). */
export class Dropout2d extends _DropoutNd {
  forward(input: Tensor): Tensor {
    return named(this, () => F.dropout2d(input, this.p, this.training, this.inplace));
  }
}

/** `new nn.Dropout3d(p = 0.5, inplace = false)`: channel dropout over (N, C, D, H, W) or (C, D, H, W). */
export class Dropout3d extends _DropoutNd {
  forward(input: Tensor): Tensor {
    return named(this, () => F.dropout3d(input, this.p, this.training, this.inplace));
  }
}

/**
 * `new nn.AlphaDropout(p = 0.5, inplace = false)`: dropout for SELU networks, keeping the
 * input's mean and variance (inplace is stored but unused, as in Python).
 */
export class AlphaDropout extends _DropoutNd {
  forward(input: Tensor): Tensor {
    return named(this, () => F.alpha_dropout(input, this.p, this.training));
  }
}

/** `new nn.FeatureAlphaDropout(p = 0.5, inplace = false)`: AlphaDropout of whole channels. */
export class FeatureAlphaDropout extends _DropoutNd {
  forward(input: Tensor): Tensor {
    return named(this, () => F.feature_alpha_dropout(input, this.p, this.training));
  }
}
