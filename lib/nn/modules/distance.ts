// nn.PairwiseDistance and nn.CosineSimilarity, ported from torch/nn/modules/distance.py (torch 2.11).
import type { Tensor } from "../../tensor";
import * as F from "../functional";
import { Module } from "../module";
import { given, initArgs, named, PyArgs } from "./_utils";

export interface PairwiseDistanceOptions {
  p?: number;
  eps?: number;
  keepdim?: boolean;
}

/** `new nn.PairwiseDistance(p = 2.0, eps = 1e-6, keepdim = false)`: ‖x1 - x2 + eps‖_p over the last dimension. */
export class PairwiseDistance extends Module {
  norm: number;
  eps: number;
  keepdim: boolean;

  constructor(...args: PyArgs<[], [p: number, eps: number, keepdim: boolean], PairwiseDistanceOptions>) {
    super();
    const [p, eps, keepdim] = initArgs("PairwiseDistance", ["p", "eps", "keepdim"], args, 0);
    this.norm = given(p, 2.0);
    this.eps = given(eps, 1e-6);
    this.keepdim = given(keepdim, false);
  }

  forward(x1: Tensor, x2: Tensor): Tensor {
    return named(this, () => F.pairwise_distance(x1, x2, this.norm, this.eps, this.keepdim));
  }
}

export interface CosineSimilarityOptions {
  dim?: number;
  eps?: number;
}

/** `new nn.CosineSimilarity(dim = 1, eps = 1e-8)`: x1 · x2 / max(‖x1‖ ‖x2‖, eps) along dim. */
export class CosineSimilarity extends Module {
  dim: number;
  eps: number;

  constructor(...args: PyArgs<[], [dim: number, eps: number], CosineSimilarityOptions>) {
    super();
    const [dim, eps] = initArgs("CosineSimilarity", ["dim", "eps"], args, 0);
    this.dim = given(dim, 1);
    this.eps = given(eps, 1e-8);
  }

  forward(x1: Tensor, x2: Tensor): Tensor {
    return named(this, () => F.cosine_similarity(x1, x2, this.dim, this.eps));
  }
}
