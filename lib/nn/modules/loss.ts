// Loss modules, ported from torch/nn/modules/loss.py (torch 2.11): every loss of the file
// (CrossEntropyLoss, NLLLoss, MSELoss, BCEWithLogitsLoss, L1Loss, ..., CTCLoss) and their
// bases _Loss and _WeightedLoss.
import { bindArgs } from "../../_args";
import { ValueError } from "../../errors";
import type { Tensor } from "../../tensor";
import { PairwiseDistance } from "./distance";
import { pyFloat } from "./_utils";
import * as F from "../functional";
import { Module } from "../module";
import { given, initArgs, named, PyArgs } from "./_utils";

export type Reduction = "none" | "mean" | "sum";

/** torch.nn._reduction.legacy_get_string: the reduction the deprecated size_average and reduce mean. */
function legacy_get_string(size_average: unknown, reduce: unknown, emit_warning = true): Reduction {
  if (size_average === null || size_average === undefined) size_average = true;
  if (reduce === null || reduce === undefined) reduce = true;
  const ret: Reduction = size_average && reduce ? "mean" : reduce ? "sum" : "none";
  if (emit_warning) {
    process.emitWarning(`size_average and reduce args will be deprecated, please use reduction='${ret}' instead.`, "UserWarning");
  }
  return ret;
}

export interface LossOptions {
  size_average?: boolean | null;
  reduce?: boolean | null;
  reduction?: Reduction;
}

/** Python's _Loss: holds the reduction ('mean' unless the deprecated size_average/reduce say otherwise). */
export abstract class _Loss extends Module {
  reduction: Reduction;

  constructor(...args: PyArgs<[], [size_average: boolean | null, reduce: boolean | null, reduction: Reduction], LossOptions>) {
    super();
    const [size_average, reduce, reduction] = initArgs("_Loss", ["size_average", "reduce", "reduction"], args, 0);
    this.reduction = _Loss._reduction(size_average, reduce, reduction);
  }

  /** @internal */
  static _reduction(size_average: unknown, reduce: unknown, reduction: unknown): Reduction {
    if ((size_average !== null && size_average !== undefined) || (reduce !== null && reduce !== undefined)) {
      return legacy_get_string(size_average, reduce);
    }
    return given(reduction, "mean");
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  abstract forward(input: Tensor, target: Tensor, ...rest: any[]): Tensor;
}

/** Python's _WeightedLoss: a _Loss with a per-class `weight`, registered as a buffer (null if none). */
export abstract class _WeightedLoss extends _Loss {
  declare weight: Tensor | null;

  /** @internal Python's _WeightedLoss.__init__(weight, size_average, reduce, reduction). */
  protected _init_weighted(weight: Tensor | null | undefined): void {
    this.register_buffer("weight", given(weight, null));
  }
}

export interface NLLLossOptions extends LossOptions {
  weight?: Tensor | null;
  ignore_index?: number;
}

const NLL_LOSS = ["weight", "size_average", "ignore_index", "reduce", "reduction"] as const;

/**
 * The negative log likelihood loss of log-probabilities:
 * `new nn.NLLLoss(weight = null, size_average = null, ignore_index = -100, reduce = null, reduction = "mean")`.
 */
export class NLLLoss extends _WeightedLoss {
  ignore_index: number;

  constructor(
    ...args: PyArgs<
      [],
      [weight: Tensor | null, size_average: boolean | null, ignore_index: number, reduce: boolean | null, reduction: Reduction],
      NLLLossOptions
    >
  ) {
    const v = initArgs("NLLLoss", NLL_LOSS, args, 0);
    super({ reduction: _Loss._reduction(v[1], v[3], v[4]) });
    this._init_weighted(v[0] as Tensor | null | undefined);
    this.ignore_index = given(v[2], -100);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return named(this, () =>
      F.nll_loss(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction }),
    );
  }
}

export interface CrossEntropyLossOptions extends NLLLossOptions {
  label_smoothing?: number;
}

const CROSS_ENTROPY_LOSS = ["weight", "size_average", "ignore_index", "reduce", "reduction", "label_smoothing"] as const;

/**
 * The cross entropy between logits and class indices or class probabilities:
 * `new nn.CrossEntropyLoss(weight = null, size_average = null, ignore_index = -100, reduce = null,
 * reduction = "mean", label_smoothing = 0.0)`.
 */
export class CrossEntropyLoss extends _WeightedLoss {
  ignore_index: number;
  label_smoothing: number;

  constructor(
    ...args: PyArgs<
      [],
      [
        weight: Tensor | null, size_average: boolean | null, ignore_index: number, reduce: boolean | null, reduction: Reduction,
        label_smoothing: number,
      ],
      CrossEntropyLossOptions
    >
  ) {
    const v = initArgs("CrossEntropyLoss", CROSS_ENTROPY_LOSS, args, 0);
    super({ reduction: _Loss._reduction(v[1], v[3], v[4]) });
    this._init_weighted(v[0] as Tensor | null | undefined);
    this.ignore_index = given(v[2], -100);
    this.label_smoothing = given(v[5], 0.0);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return named(this, () =>
      F.cross_entropy(input, target, {
        weight: this.weight,
        ignore_index: this.ignore_index,
        reduction: this.reduction,
        label_smoothing: this.label_smoothing,
      }),
    );
  }
}

/**
 * The mean squared error: `new nn.MSELoss(size_average = null, reduce = null, reduction = "mean")`.
 */
export class MSELoss extends _Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return named(this, () => F.mse_loss(input, target, { reduction: this.reduction }));
  }
}

export interface BCEWithLogitsLossOptions extends LossOptions {
  weight?: Tensor | null;
  pos_weight?: Tensor | null;
}

const BCE_WITH_LOGITS_LOSS = ["weight", "size_average", "reduce", "reduction", "pos_weight"] as const;

/**
 * Binary cross entropy of logits, with a sigmoid built in:
 * `new nn.BCEWithLogitsLoss(weight = null, size_average = null, reduce = null, reduction = "mean",
 * pos_weight = null)`; weight and pos_weight are buffers (null if not given), as in Python.
 */
export class BCEWithLogitsLoss extends _Loss {
  declare weight: Tensor | null;
  declare pos_weight: Tensor | null;

  constructor(
    ...args: PyArgs<
      [],
      [weight: Tensor | null, size_average: boolean | null, reduce: boolean | null, reduction: Reduction, pos_weight: Tensor | null],
      BCEWithLogitsLossOptions
    >
  ) {
    const v = initArgs("BCEWithLogitsLoss", BCE_WITH_LOGITS_LOSS, args, 0);
    super({ reduction: _Loss._reduction(v[1], v[2], v[3]) });
    this.register_buffer("weight", given(v[0] as Tensor | null | undefined, null));
    this.register_buffer("pos_weight", given(v[4] as Tensor | null | undefined, null));
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return named(this, () =>
      F.binary_cross_entropy_with_logits(input, target, this.weight, { pos_weight: this.pos_weight, reduction: this.reduction }),
    );
  }
}

/** Binds a legacy loss's `__init__(extra..., size_average, reduce, reduction, tail...)` arguments. */
function lossArgs(qualname: string, names: readonly string[], args: unknown[]): { v: unknown[]; reduction: Reduction } {
  const v = initArgs(qualname, names, args, 0);
  const at = (n: string) => v[names.indexOf(n)];
  return { v, reduction: _Loss._reduction(at("size_average"), at("reduce"), at("reduction")) };
}

const LEGACY = ["size_average", "reduce", "reduction"] as const;

/** The mean absolute error: `new nn.L1Loss(size_average = null, reduce = null, reduction = "mean")`. */
export class L1Loss extends _Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return named(this, () => F.l1_loss(input, target, { reduction: this.reduction }));
  }
}

/** NLLLoss under its old name for 2-d inputs: the arguments of nn.NLLLoss. */
export class NLLLoss2d extends NLLLoss {}

export interface PoissonNLLLossOptions extends LossOptions {
  log_input?: boolean;
  full?: boolean;
  eps?: number;
}

/**
 * Negative log likelihood of a Poisson target: `new nn.PoissonNLLLoss(log_input = true, full =
 * false, size_average = null, eps = 1e-8, reduce = null, reduction = "mean")`.
 */
export class PoissonNLLLoss extends _Loss {
  log_input: boolean;
  full: boolean;
  eps: number;

  constructor(
    ...args: PyArgs<
      [],
      [log_input: boolean, full: boolean, size_average: boolean | null, eps: number, reduce: boolean | null, reduction: Reduction],
      PoissonNLLLossOptions
    >
  ) {
    const { v, reduction } = lossArgs("PoissonNLLLoss", ["log_input", "full", "size_average", "eps", "reduce", "reduction"], args);
    super({ reduction });
    this.log_input = given(v[0], true) as boolean;
    this.full = given(v[1], false) as boolean;
    this.eps = given(v[3], 1e-8) as number;
  }

  forward(log_input: Tensor, target: Tensor): Tensor {
    return named(this, () =>
      F.poisson_nll_loss(log_input, target, { log_input: this.log_input, full: this.full, eps: this.eps, reduction: this.reduction }),
    );
  }
}

export interface GaussianNLLLossOptions {
  full?: boolean;
  eps?: number;
  reduction?: Reduction;
}

/** Negative log likelihood of a Gaussian target: `new nn.GaussianNLLLoss({ full = false, eps = 1e-6, reduction = "mean" })` (keyword-only). */
export class GaussianNLLLoss extends _Loss {
  full: boolean;
  eps: number;

  constructor(...args: [] | [options: GaussianNLLLossOptions]) {
    const v = bindArgs("GaussianNLLLoss.__init__", ["self", "full", "eps", "reduction"], [null, ...args], 1, 1).slice(1);
    super({ reduction: given(v[2], "mean") as Reduction });
    this.full = given(v[0], false) as boolean;
    this.eps = given(v[1], 1e-6) as number;
  }

  forward(input: Tensor, target: Tensor, variance: Tensor | number): Tensor {
    return named(this, () => F.gaussian_nll_loss(input, target, variance, { full: this.full, eps: this.eps, reduction: this.reduction }));
  }
}

export interface KLDivLossOptions extends LossOptions {
  log_target?: boolean;
}

/** The Kullback-Leibler divergence: `new nn.KLDivLoss(size_average = null, reduce = null, reduction = "mean", log_target = false)`. */
export class KLDivLoss extends _Loss {
  log_target: boolean;

  constructor(
    ...args: PyArgs<[], [size_average: boolean | null, reduce: boolean | null, reduction: Reduction, log_target: boolean], KLDivLossOptions>
  ) {
    const { v, reduction } = lossArgs("KLDivLoss", [...LEGACY, "log_target"], args);
    super({ reduction });
    this.log_target = given(v[3], false) as boolean;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return named(this, () => F.kl_div(input, target, { reduction: this.reduction, log_target: this.log_target }));
  }
}

export interface WeightedLossOptions extends LossOptions {
  weight?: Tensor | null;
}
type WeightedArgs = PyArgs<[], [weight: Tensor | null, size_average: boolean | null, reduce: boolean | null, reduction: Reduction], WeightedLossOptions>;

/** The binary cross entropy of probabilities: `new nn.BCELoss(weight = null, size_average = null, reduce = null, reduction = "mean")`. */
export class BCELoss extends _WeightedLoss {
  constructor(...args: WeightedArgs) {
    const { v, reduction } = lossArgs("BCELoss", ["weight", ...LEGACY], args);
    super({ reduction });
    this._init_weighted(v[0] as Tensor | null | undefined);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return named(this, () => F.binary_cross_entropy(input, target, { weight: this.weight, reduction: this.reduction }));
  }
}

/** `new nn.MultiLabelSoftMarginLoss(weight = null, size_average = null, reduce = null, reduction = "mean")`. */
export class MultiLabelSoftMarginLoss extends _WeightedLoss {
  constructor(...args: WeightedArgs) {
    const { v, reduction } = lossArgs("MultiLabelSoftMarginLoss", ["weight", ...LEGACY], args);
    super({ reduction });
    this._init_weighted(v[0] as Tensor | null | undefined);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return named(this, () => F.multilabel_soft_margin_loss(input, target, { weight: this.weight, reduction: this.reduction }));
  }
}

export interface MarginLossOptions extends LossOptions {
  margin?: number;
}
type MarginArgs = PyArgs<[], [margin: number, size_average: boolean | null, reduce: boolean | null, reduction: Reduction], MarginLossOptions>;

/** `new nn.HingeEmbeddingLoss(margin = 1.0, size_average = null, reduce = null, reduction = "mean")`. */
export class HingeEmbeddingLoss extends _Loss {
  margin: number;

  constructor(...args: MarginArgs) {
    const { v, reduction } = lossArgs("HingeEmbeddingLoss", ["margin", ...LEGACY], args);
    super({ reduction });
    this.margin = given(v[0], 1.0) as number;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return named(this, () => F.hinge_embedding_loss(input, target, { margin: this.margin, reduction: this.reduction }));
  }
}

/** `new nn.CosineEmbeddingLoss(margin = 0.0, size_average = null, reduce = null, reduction = "mean")`; forward(input1, input2, target). */
export class CosineEmbeddingLoss extends _Loss {
  margin: number;

  constructor(...args: MarginArgs) {
    const { v, reduction } = lossArgs("CosineEmbeddingLoss", ["margin", ...LEGACY], args);
    super({ reduction });
    this.margin = given(v[0], 0.0) as number;
  }

  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return named(this, () => F.cosine_embedding_loss(input1, input2, target, { margin: this.margin, reduction: this.reduction }));
  }
}

/** `new nn.MarginRankingLoss(margin = 0.0, size_average = null, reduce = null, reduction = "mean")`; forward(input1, input2, target). */
export class MarginRankingLoss extends _Loss {
  margin: number;

  constructor(...args: MarginArgs) {
    const { v, reduction } = lossArgs("MarginRankingLoss", ["margin", ...LEGACY], args);
    super({ reduction });
    this.margin = given(v[0], 0.0) as number;
  }

  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return named(this, () => F.margin_ranking_loss(input1, input2, target, { margin: this.margin, reduction: this.reduction }));
  }
}

/** `new nn.MultiLabelMarginLoss(size_average = null, reduce = null, reduction = "mean")`. */
export class MultiLabelMarginLoss extends _Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return named(this, () => F.multilabel_margin_loss(input, target, { reduction: this.reduction }));
  }
}

/** `new nn.SoftMarginLoss(size_average = null, reduce = null, reduction = "mean")`. */
export class SoftMarginLoss extends _Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return named(this, () => F.soft_margin_loss(input, target, { reduction: this.reduction }));
  }
}

export interface SmoothL1LossOptions extends LossOptions {
  beta?: number;
}

/** `new nn.SmoothL1Loss(size_average = null, reduce = null, reduction = "mean", beta = 1.0)`. */
export class SmoothL1Loss extends _Loss {
  beta: number;

  constructor(...args: PyArgs<[], [size_average: boolean | null, reduce: boolean | null, reduction: Reduction, beta: number], SmoothL1LossOptions>) {
    const { v, reduction } = lossArgs("SmoothL1Loss", [...LEGACY, "beta"], args);
    super({ reduction });
    this.beta = given(v[3], 1.0) as number;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return named(this, () => F.smooth_l1_loss(input, target, { reduction: this.reduction, beta: this.beta }));
  }
}

export interface HuberLossOptions {
  reduction?: Reduction;
  delta?: number;
}

/** `new nn.HuberLoss(reduction = "mean", delta = 1.0)`. */
export class HuberLoss extends _Loss {
  delta: number;

  constructor(...args: PyArgs<[], [reduction: Reduction, delta: number], HuberLossOptions>) {
    const [reduction, delta] = initArgs("HuberLoss", ["reduction", "delta"], args, 0);
    super({ reduction: given(reduction, "mean") as Reduction });
    this.delta = given(delta, 1.0) as number;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return named(this, () => F.huber_loss(input, target, { reduction: this.reduction, delta: this.delta }));
  }
}

export interface MultiMarginLossOptions extends WeightedLossOptions {
  p?: number;
  margin?: number;
}

/** `new nn.MultiMarginLoss(p = 1, margin = 1.0, weight = null, size_average = null, reduce = null, reduction = "mean")`. */
export class MultiMarginLoss extends _WeightedLoss {
  p: number;
  margin: number;

  constructor(
    ...args: PyArgs<
      [],
      [p: number, margin: number, weight: Tensor | null, size_average: boolean | null, reduce: boolean | null, reduction: Reduction],
      MultiMarginLossOptions
    >
  ) {
    const { v, reduction } = lossArgs("MultiMarginLoss", ["p", "margin", "weight", ...LEGACY], args);
    super({ reduction });
    const weight = given(v[2], null) as Tensor | null;
    this._init_weighted(weight);
    const p = given(v[0], 1) as number;
    if (p !== 1 && p !== 2) throw new ValueError("only p == 1 and p == 2 supported");
    if (weight !== null && weight.dim() !== 1) {
      throw new ValueError(`MultiMarginLoss: expected weight to be None or 1D tensor, got ${weight.dim()}D instead`);
    }
    this.p = p;
    this.margin = given(v[1], 1.0) as number;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return named(this, () =>
      F.multi_margin_loss(input, target, { p: this.p, margin: this.margin, weight: this.weight, reduction: this.reduction }),
    );
  }
}

export interface TripletMarginLossOptions extends LossOptions {
  margin?: number;
  p?: number;
  eps?: number;
  swap?: boolean;
}

/**
 * `new nn.TripletMarginLoss(margin = 1.0, p = 2.0, eps = 1e-6, swap = false, size_average = null,
 * reduce = null, reduction = "mean")`; forward(anchor, positive, negative).
 */
export class TripletMarginLoss extends _Loss {
  margin: number;
  p: number;
  eps: number;
  swap: boolean;

  constructor(
    ...args: PyArgs<
      [],
      [margin: number, p: number, eps: number, swap: boolean, size_average: boolean | null, reduce: boolean | null, reduction: Reduction],
      TripletMarginLossOptions
    >
  ) {
    const { v, reduction } = lossArgs("TripletMarginLoss", ["margin", "p", "eps", "swap", ...LEGACY], args);
    super({ reduction });
    const margin = given(v[0], 1.0) as number;
    if (margin <= 0) throw new ValueError(`TripletMarginLoss: expected margin to be greater than 0, got ${pyFloat(margin)} instead`);
    this.margin = margin;
    this.p = given(v[1], 2.0) as number;
    this.eps = given(v[2], 1e-6) as number;
    this.swap = given(v[3], false) as boolean;
  }

  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return named(this, () =>
      F.triplet_margin_loss(anchor, positive, negative, {
        margin: this.margin, p: this.p, eps: this.eps, swap: this.swap, reduction: this.reduction,
      }),
    );
  }
}

export interface TripletMarginWithDistanceLossOptions {
  distance_function?: ((a: Tensor, b: Tensor) => Tensor) | Module | null;
  margin?: number;
  swap?: boolean;
  reduction?: Reduction;
}

/**
 * `new nn.TripletMarginWithDistanceLoss({ distance_function = null, margin = 1.0, swap = false,
 * reduction = "mean" })` (keyword-only); distance_function null: a PairwiseDistance module.
 */
export class TripletMarginWithDistanceLoss extends _Loss {
  declare distance_function: ((a: Tensor, b: Tensor) => Tensor) | Module;
  margin: number;
  swap: boolean;

  constructor(...args: [] | [options: TripletMarginWithDistanceLossOptions]) {
    const v = bindArgs(
      "TripletMarginWithDistanceLoss.__init__", ["self", "distance_function", "margin", "swap", "reduction"], [null, ...args], 1, 1,
    ).slice(1);
    super({ reduction: given(v[3], "mean") as Reduction });
    const margin = given(v[1], 1.0) as number;
    if (margin <= 0) {
      throw new ValueError(`TripletMarginWithDistanceLoss: expected margin to be greater than 0, got ${pyFloat(margin)} instead`);
    }
    this.distance_function = (v[0] ?? new PairwiseDistance()) as Module;
    this.margin = margin;
    this.swap = given(v[2], false) as boolean;
  }

  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    const fn = this.distance_function;
    const distance_function = fn instanceof Module ? (a: Tensor, b: Tensor) => (fn as PairwiseDistance).forward(a, b) : fn;
    return named(this, () =>
      F.triplet_margin_with_distance_loss(anchor, positive, negative, {
        distance_function, margin: this.margin, swap: this.swap, reduction: this.reduction,
      }),
    );
  }
}

export interface CTCLossOptions {
  blank?: number;
  reduction?: Reduction;
  zero_infinity?: boolean;
}

/**
 * The connectionist temporal classification loss: `new nn.CTCLoss(blank = 0, reduction = "mean",
 * zero_infinity = false)`; forward(log_probs, targets, input_lengths, target_lengths).
 */
export class CTCLoss extends _Loss {
  blank: number;
  zero_infinity: boolean;

  constructor(...args: PyArgs<[], [blank: number, reduction: Reduction, zero_infinity: boolean], CTCLossOptions>) {
    const [blank, reduction, zero_infinity] = initArgs("CTCLoss", ["blank", "reduction", "zero_infinity"], args, 0);
    super({ reduction: given(reduction, "mean") as Reduction });
    this.blank = given(blank, 0) as number;
    this.zero_infinity = given(zero_infinity, false) as boolean;
  }

  forward(log_probs: Tensor, targets: Tensor, input_lengths: Tensor | number[], target_lengths: Tensor | number[]): Tensor {
    return named(this, () => F.ctc_loss(log_probs, targets, input_lengths, target_lengths, this.blank, this.reduction, this.zero_infinity));
  }
}
