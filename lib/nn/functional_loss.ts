// torch.nn.functional's loss functions, ported from torch/nn/functional.py (torch 2.11);
// ./functional re-exports them. Each binds Python's parameters in Python's order (positional,
// or by name in one trailing options object), applies Python's defaults, checks, warnings and
// legacy size_average / reduce handling (./_reduction), and calls the ATen op Python calls, so
// values and gradients are Python's.
import { bindArgs } from "../_args";
import { _nn, _VF, aten } from "../_aten";
import { given, isNone, warn } from "../_python";
import { no_grad } from "../autograd";
import { pyStr, pyTypeName, RuntimeError, TypeError, ValueError } from "../errors";
import { Tensor } from "../tensor";
import { broadcastShape, sameShape, sizeStr, tensorFor } from "./_functional_utils";
import { get_enum, legacy_get_enum, type Reduction, reductionEnum, reductionString } from "./_reduction";
import { logsigmoid } from "./functional_activation";
import type { PyCall } from "./functional";

type T = Tensor;
export type { Reduction };

/** The shape of a tensor Python calls .size() on (an AttributeError for anything else). */
const sizeOf = (value: unknown): number[] => tensorFor(value, "size").shape;

/** The warning of the losses that broadcast a target of another size than the input. */
function warnTargetSize(input: unknown, target: unknown): void {
  const [t, i] = [sizeOf(target), sizeOf(input)];
  if (!sameShape(t, i)) {
    warn(
      `Using a target size (${sizeStr(t)}) that is different to the input size (${sizeStr(i)}). ` +
        "This will likely lead to incorrect results due to broadcasting. " +
        "Please ensure they have the same size.",
    );
  }
}

/** torch.broadcast_tensors(input, target). */
function broadcastPair(input: unknown, target: unknown): [T, T] {
  return _VF.broadcast_tensors([input as T, target as T]) as [T, T];
}

/** A weighted elementwise loss reduced as Python's l1_loss / mse_loss / huber_loss do. */
function reduceWeighted(weighted: T, reduction: unknown, mean: () => T): T {
  if (reduction === "none") return weighted;
  if (reduction === "sum") return aten.sum(weighted);
  if (reduction === "mean") return mean();
  throw new ValueError(`Invalid reduction mode: ${pyStr(reduction)}. Expected one of 'none', 'mean', 'sum'.`);
}

/** `weight.size() != input.size()` raises as Python's weighted losses do. */
function checkWeightSize(weight: unknown, input: unknown): void {
  if (!sameShape(sizeOf(weight), sizeOf(input))) throw new ValueError("Weights and input must have the same size.");
}

/** A loss's reduction applied by hand (Python's `if reduction == 'mean': loss.mean() ...`). */
function reduceBy(loss: T, reduction: unknown): T {
  return reduction === "mean" ? loss.mean() : reduction === "sum" ? loss.sum() : loss;
}

/** Python's `if margin <= 0: raise ValueError(...)` of the triplet losses. */
function checkMargin(margin: unknown): void {
  if (typeof margin !== "number" && typeof margin !== "boolean") {
    throw new TypeError(`'<=' not supported between instances of '${pyTypeName(margin)}' and 'int'`);
  }
  if ((margin as number) <= 0) throw new ValueError(`margin must be greater than 0, got ${pyStr(margin)}`);
}

/** The (size_average, reduce, reduction) options most losses take. */
export interface LegacyReductionOptions {
  size_average?: boolean | null;
  reduce?: boolean | null;
  reduction?: Reduction;
}
type Legacy = [size_average: boolean | null, reduce: boolean | null, reduction: Reduction];

// ---- classification ----

export interface CtcLossOptions {
  log_probs?: T;
  targets?: T;
  input_lengths?: T | number[];
  target_lengths?: T | number[];
  blank?: number;
  reduction?: Reduction;
  zero_infinity?: boolean;
}
/** F.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction='mean', zero_infinity=False). */
export function ctc_loss(
  ...args: PyCall<
    [log_probs: T, targets: T, input_lengths: T | number[], target_lengths: T | number[]],
    [blank: number, reduction: Reduction, zero_infinity: boolean],
    CtcLossOptions
  >
): T {
  const v = bindArgs("ctc_loss", ["log_probs", "targets", "input_lengths", "target_lengths", "blank", "reduction", "zero_infinity"], args, 4);
  const rest = [given(v[4], 0), get_enum(given(v[5], "mean")), given(v[6], false)];
  return (aten.ctc_loss as (...a: unknown[]) => T)(v[0], v[1], v[2], v[3], ...rest);
}

export interface NllLossOptions extends LegacyReductionOptions {
  input?: T;
  target?: T;
  weight?: T | null;
  ignore_index?: number;
}
/** F.nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'). */
export function nll_loss(
  ...args: PyCall<
    [input: T, target: T],
    [weight: T | null, size_average: boolean | null, ignore_index: number, reduce: boolean | null, reduction: Reduction],
    NllLossOptions
  >
): T {
  const v = bindArgs("nll_loss", ["input", "target", "weight", "size_average", "ignore_index", "reduce", "reduction"], args, 2);
  const reduction = reductionString(v[3], v[5], v[6]);
  return _nn.nll_loss_nd(v[0] as T, v[1] as T, (v[2] ?? null) as T | null, get_enum(reduction), given(v[4], -100));
}

export interface PoissonNllLossOptions extends LegacyReductionOptions {
  input?: T;
  target?: T;
  log_input?: boolean;
  full?: boolean;
  eps?: number;
}
/** F.poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None, reduction='mean'). */
export function poisson_nll_loss(
  ...args: PyCall<
    [input: T, target: T],
    [log_input: boolean, full: boolean, size_average: boolean | null, eps: number, reduce: boolean | null, reduction: Reduction],
    PoissonNllLossOptions
  >
): T {
  const v = bindArgs("poisson_nll_loss", ["input", "target", "log_input", "full", "size_average", "eps", "reduce", "reduction"], args, 2);
  const reduction = reductionString(v[4], v[6], v[7]);
  if (reduction !== "none" && reduction !== "mean" && reduction !== "sum") {
    throw new ValueError(`${pyStr(reduction)} is not a valid value for reduction`);
  }
  return aten.poisson_nll_loss(v[0] as T, v[1] as T, given(v[2], true), given(v[3], false), given(v[5], 1e-8), get_enum(reduction));
}

export interface GaussianNllLossOptions {
  input?: T;
  target?: T;
  var?: T | number;
  full?: boolean;
  eps?: number;
  reduction?: Reduction;
}
/**
 * F.gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction='mean'): var a
 * tensor (of input's size, or input's without its last dimension, or with one dimension of 1)
 * or a number.
 */
export function gaussian_nll_loss(
  ...args: PyCall<[input: T, target: T, var_: T | number], [full: boolean, eps: number, reduction: Reduction], GaussianNllLossOptions>
): T {
  const v = bindArgs("gaussian_nll_loss", ["input", "target", "var", "full", "eps", "reduction"], args, 3);
  const input = v[0] as T;
  const target = v[1] as T;
  let variance: T;
  if (typeof v[2] === "number") {
    if (v[2] < 0) throw new ValueError("var has negative entry/entries");
    variance = aten.ones_like(tensorFor(input, "size")).mul(v[2]);
  } else {
    variance = tensorFor(v[2], "__lt__");
    if (variance.lt(0).any().item()) throw new ValueError("var has negative entry/entries");
  }
  const inputSize = sizeOf(input);
  if (!sameShape(variance.shape, inputSize)) {
    if (sameShape(inputSize.slice(0, -1), variance.shape)) {
      variance = variance.unsqueeze(-1);
    } else if (inputSize.length === variance.dim()) {
      // Heteroscedastic case: exactly one dimension where var has size 1.
      const differing = inputSize.reduce((sum, x, i) => sum + (x !== variance.shape[i] ? variance.shape[i] : 0), 0);
      if (differing !== 1) throw new ValueError("var is of incorrect size");
    } else {
      throw new ValueError("var is of incorrect size");
    }
  }
  const reduction = given(v[5], "mean" as unknown);
  if (reduction !== "none" && reduction !== "mean" && reduction !== "sum") throw new ValueError(`${pyStr(reduction)} is not valid`);
  // Entries of var are clamped for stability, without affecting its gradient.
  variance = variance.clone();
  no_grad(() => variance.clamp_({ min: given(v[4], 1e-6) }));
  const loss = variance.log().add(input.sub(target).pow(2).div(variance)).mul(0.5);
  if (given(v[3], false)) loss.add_(0.5 * Math.log(2 * Math.PI));
  return reduceBy(loss, reduction);
}

export interface KlDivOptions {
  input?: T;
  target?: T;
  size_average?: boolean | null;
  reduce?: boolean | null;
  reduction?: Reduction | "batchmean";
  log_target?: boolean;
}
/** F.kl_div(input, target, size_average=None, reduce=None, reduction='mean', log_target=False). */
export function kl_div(
  ...args: PyCall<
    [input: T, target: T],
    [size_average: boolean | null, reduce: boolean | null, reduction: Reduction | "batchmean", log_target: boolean],
    KlDivOptions
  >
): T {
  const v = bindArgs("kl_div", ["input", "target", "size_average", "reduce", "reduction", "log_target"], args, 2);
  const reduction = given(v[4], "mean" as unknown);
  let reductionEnumValue: number;
  if (!isNone(v[2]) || !isNone(v[3])) {
    reductionEnumValue = legacy_get_enum(v[2], v[3]);
  } else {
    if (reduction === "mean") {
      warn(
        "reduction: 'mean' divides the total loss by both the batch size and the support size." +
          "'batchmean' divides only by the batch size, and aligns with the KL div math definition." +
          "'mean' will be changed to behave the same as 'batchmean' in the next major release.",
      );
    }
    reductionEnumValue = get_enum(reduction === "batchmean" ? "sum" : reduction);
  }
  const input = v[0] as T;
  const reduced = aten.kl_div(input, v[1] as T, reductionEnumValue, { log_target: given(v[5], false) });
  return reduction === "batchmean" && input.dim() !== 0 ? reduced.div(input.size(0)) : reduced;
}

export interface CrossEntropyOptions extends NllLossOptions {
  label_smoothing?: number;
}
/**
 * F.cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100,
 * reduce=None, reduction='mean', label_smoothing=0.0).
 */
export function cross_entropy(
  ...args: PyCall<
    [input: T, target: T],
    [weight: T | null, size_average: boolean | null, ignore_index: number, reduce: boolean | null, reduction: Reduction, label_smoothing: number],
    CrossEntropyOptions
  >
): T {
  const names = ["input", "target", "weight", "size_average", "ignore_index", "reduce", "reduction", "label_smoothing"];
  const v = bindArgs("cross_entropy", names, args, 2);
  const reduction = reductionString(v[3], v[5], v[6]);
  return _nn.cross_entropy_loss(v[0] as T, v[1] as T, (v[2] ?? null) as T | null, get_enum(reduction), given(v[4], -100), given(v[7], 0.0));
}

export interface BinaryCrossEntropyOptions extends LegacyReductionOptions {
  input?: T;
  target?: T;
  weight?: T | null;
}
/** F.binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction='mean'). */
export function binary_cross_entropy(
  ...args: PyCall<[input: T, target: T], [weight: T | null, ...Legacy], BinaryCrossEntropyOptions>
): T {
  const v = bindArgs("binary_cross_entropy", ["input", "target", "weight", "size_average", "reduce", "reduction"], args, 2);
  const reduction = reductionEnum(v[3], v[4], v[5]);
  const [targetSize, inputSize] = [sizeOf(v[1]), sizeOf(v[0])];
  if (!sameShape(targetSize, inputSize)) {
    throw new ValueError(
      `Using a target size (${sizeStr(targetSize)}) that is different to the input size (${sizeStr(inputSize)}) is deprecated. ` +
        "Please ensure they have the same size.",
    );
  }
  let weight = (v[2] ?? null) as T | null;
  if (weight !== null) weight = weight.expand(broadcastShape(targetSize, sizeOf(weight)));
  return _nn.binary_cross_entropy(v[0] as T, v[1] as T, weight, reduction);
}

export interface BceWithLogitsOptions extends BinaryCrossEntropyOptions {
  pos_weight?: T | null;
}
/**
 * F.binary_cross_entropy_with_logits(input, target, weight=None, size_average=None,
 * reduce=None, reduction='mean', pos_weight=None).
 */
export function binary_cross_entropy_with_logits(
  ...args: PyCall<[input: T, target: T], [weight: T | null, ...Legacy, pos_weight: T | null], BceWithLogitsOptions>
): T {
  const names = ["input", "target", "weight", "size_average", "reduce", "reduction", "pos_weight"];
  const v = bindArgs("binary_cross_entropy_with_logits", names, args, 2);
  const reduction = reductionEnum(v[3], v[4], v[5]);
  const [targetSize, inputSize] = [sizeOf(v[1]), sizeOf(v[0])];
  if (!sameShape(targetSize, inputSize)) {
    throw new ValueError(`Target size (${sizeStr(targetSize)}) must be the same as input size (${sizeStr(inputSize)})`);
  }
  return aten.binary_cross_entropy_with_logits(v[0] as T, v[1] as T, (v[2] ?? null) as T | null, (v[6] ?? null) as T | null, reduction);
}

// ---- regression ----

export interface SmoothL1LossOptions extends LegacyReductionOptions {
  input?: T;
  target?: T;
  beta?: number;
}
/** F.smooth_l1_loss(input, target, size_average=None, reduce=None, reduction='mean', beta=1.0). */
export function smooth_l1_loss(...args: PyCall<[input: T, target: T], [...Legacy, beta: number], SmoothL1LossOptions>): T {
  const v = bindArgs("smooth_l1_loss", ["input", "target", "size_average", "reduce", "reduction", "beta"], args, 2);
  warnTargetSize(v[0], v[1]);
  const reduction = reductionString(v[2], v[3], v[4]);
  const [input, target] = broadcastPair(v[0], v[1]);
  const beta = given(v[5], 1.0) as number;
  if (beta === 0.0) return _nn.l1_loss(input, target, get_enum(reduction));
  return _nn.smooth_l1_loss(input, target, get_enum(reduction), beta as number);
}

export interface HuberLossOptions {
  input?: T;
  target?: T;
  reduction?: Reduction;
  delta?: number;
  weight?: T | null;
}
/** F.huber_loss(input, target, reduction='mean', delta=1.0, weight=None). */
export function huber_loss(
  ...args: PyCall<[input: T, target: T], [reduction: Reduction, delta: number, weight: T | null], HuberLossOptions>
): T {
  const v = bindArgs("huber_loss", ["input", "target", "reduction", "delta", "weight"], args, 2);
  warnTargetSize(v[0], v[1]);
  const [input, target] = broadcastPair(v[0], v[1]);
  const reduction = given(v[2], "mean" as unknown);
  const delta = given(v[3], 1.0) as number;
  if (isNone(v[4])) return _nn.huber_loss(input, target, get_enum(reduction), delta);
  checkWeightSize(v[4], v[0]);
  const weighted = _nn.huber_loss(input, target, get_enum("none"), delta).mul(v[4] as T);
  return reduceWeighted(weighted, reduction, () => weighted.mean());
}

export interface L1LossOptions extends LegacyReductionOptions {
  input?: T;
  target?: T;
  weight?: T | null;
}
/** F.l1_loss(input, target, size_average=None, reduce=None, reduction='mean', weight=None). */
export function l1_loss(...args: PyCall<[input: T, target: T], [...Legacy, weight: T | null], L1LossOptions>): T {
  const v = bindArgs("l1_loss", ["input", "target", "size_average", "reduce", "reduction", "weight"], args, 2);
  warnTargetSize(v[0], v[1]);
  const reduction = reductionString(v[2], v[3], v[4]);
  const [input, target] = broadcastPair(v[0], v[1]);
  if (isNone(v[5])) return _nn.l1_loss(input, target, get_enum(reduction));
  const weight = v[5] as T;
  checkWeightSize(weight, v[0]);
  const weighted = aten.abs(input.sub(target)).mul(weight);
  return reduceWeighted(weighted, reduction, () => aten.sum(weighted).div(aten.sum(weight)));
}

export interface MseLossOptions extends L1LossOptions {}
/** F.mse_loss(input, target, size_average=None, reduce=None, reduction='mean', weight=None). */
export function mse_loss(...args: PyCall<[input: T, target: T], [...Legacy, weight: T | null], MseLossOptions>): T {
  const v = bindArgs("mse_loss", ["input", "target", "size_average", "reduce", "reduction", "weight"], args, 2);
  warnTargetSize(v[0], v[1]);
  const reduction = reductionString(v[2], v[3], v[4]);
  const [input, target] = broadcastPair(v[0], v[1]);
  if (isNone(v[5])) return _nn.mse_loss(input, target, get_enum(reduction));
  const weight = v[5] as T;
  checkWeightSize(weight, v[0]);
  const weighted = aten.pow(input.sub(target), 2).mul(weight);
  return reduceWeighted(weighted, reduction, () => aten.sum(weighted).div(aten.sum(weight)));
}

// ---- margins and embeddings ----

export interface MarginRankingLossOptions extends LegacyReductionOptions {
  input1?: T;
  input2?: T;
  target?: T;
  margin?: number;
}
/** F.margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction='mean'). */
export function margin_ranking_loss(
  ...args: PyCall<[input1: T, input2: T, target: T], [margin: number, ...Legacy], MarginRankingLossOptions>
): T {
  const v = bindArgs("margin_ranking_loss", ["input1", "input2", "target", "margin", "size_average", "reduce", "reduction"], args, 3);
  const reduction = reductionEnum(v[4], v[5], v[6]);
  const [x1, x2, y] = [tensorFor(v[0], "dim"), tensorFor(v[1], "dim"), tensorFor(v[2], "dim")];
  if (x1.dim() !== x2.dim() || x1.dim() !== y.dim()) {
    throw new RuntimeError(
      "margin_ranking_loss : All input tensors should have same dimension but got sizes: " +
        `input1: ${sizeStr(x1)}, input2: ${sizeStr(x2)}, target: ${sizeStr(y)} `,
    );
  }
  return aten.margin_ranking_loss(x1, x2, y, given(v[3], 0) as number, reduction);
}

export interface HingeEmbeddingLossOptions extends LegacyReductionOptions {
  input?: T;
  target?: T;
  margin?: number;
}
/** F.hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None, reduction='mean'). */
export function hinge_embedding_loss(...args: PyCall<[input: T, target: T], [margin: number, ...Legacy], HingeEmbeddingLossOptions>): T {
  const v = bindArgs("hinge_embedding_loss", ["input", "target", "margin", "size_average", "reduce", "reduction"], args, 2);
  const reduction = reductionEnum(v[3], v[4], v[5]);
  return aten.hinge_embedding_loss(v[0] as T, v[1] as T, given(v[2], 1.0) as number, reduction);
}

export interface MarginLossOptions extends LegacyReductionOptions {
  input?: T;
  target?: T;
}
/** F.multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction='mean'). */
export function multilabel_margin_loss(...args: PyCall<[input: T, target: T], Legacy, MarginLossOptions>): T {
  const v = bindArgs("multilabel_margin_loss", ["input", "target", "size_average", "reduce", "reduction"], args, 2);
  return _nn.multilabel_margin_loss(v[0] as T, v[1] as T, reductionEnum(v[2], v[3], v[4]));
}

/** F.soft_margin_loss(input, target, size_average=None, reduce=None, reduction='mean'). */
export function soft_margin_loss(...args: PyCall<[input: T, target: T], Legacy, MarginLossOptions>): T {
  const v = bindArgs("soft_margin_loss", ["input", "target", "size_average", "reduce", "reduction"], args, 2);
  return _nn.soft_margin_loss(v[0] as T, v[1] as T, reductionEnum(v[2], v[3], v[4]));
}

export interface MultilabelSoftMarginLossOptions extends MarginLossOptions {
  weight?: T | null;
}
/** F.multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction='mean'). */
export function multilabel_soft_margin_loss(
  ...args: PyCall<[input: T, target: T], [weight: T | null, ...Legacy], MultilabelSoftMarginLossOptions>
): T {
  const v = bindArgs("multilabel_soft_margin_loss", ["input", "target", "weight", "size_average", "reduce", "reduction"], args, 2);
  const reduction = reductionString(v[3], v[4], v[5]);
  const input = tensorFor(v[0], "__neg__");
  const target = tensorFor(v[1], "__mul__");
  let loss = target.mul(logsigmoid(input)).add(aten.rsub(target, 1).mul(logsigmoid(input.neg()))).neg();
  if (!isNone(v[2])) loss = loss.mul(v[2] as T);
  const classDim = input.dim() - 1;
  loss = loss.sum(classDim).div(input.size(classDim));
  if (reduction === "none" || reduction === "mean" || reduction === "sum") return reduceBy(loss, reduction);
  throw new ValueError(`${pyStr(reduction)} is not valid`);
}

export interface CosineEmbeddingLossOptions extends LegacyReductionOptions {
  input1?: T;
  input2?: T;
  target?: T;
  margin?: number;
}
/** F.cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction='mean'). */
export function cosine_embedding_loss(
  ...args: PyCall<[input1: T, input2: T, target: T], [margin: number, ...Legacy], CosineEmbeddingLossOptions>
): T {
  const v = bindArgs("cosine_embedding_loss", ["input1", "input2", "target", "margin", "size_average", "reduce", "reduction"], args, 3);
  const reduction = reductionEnum(v[4], v[5], v[6]);
  return aten.cosine_embedding_loss(v[0] as T, v[1] as T, v[2] as T, given(v[3], 0) as number, reduction);
}

export interface MultiMarginLossOptions extends MarginLossOptions {
  p?: number;
  margin?: number;
  weight?: T | null;
}
/** F.multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None, reduce=None, reduction='mean'). */
export function multi_margin_loss(
  ...args: PyCall<[input: T, target: T], [p: number, margin: number, weight: T | null, ...Legacy], MultiMarginLossOptions>
): T {
  const names = ["input", "target", "p", "margin", "weight", "size_average", "reduce", "reduction"];
  const v = bindArgs("multi_margin_loss", names, args, 2);
  const reduction = reductionEnum(v[5], v[6], v[7]);
  const p = given(v[2], 1);
  if (p !== 1 && p !== 2) throw new ValueError("only p == 1 and p == 2 supported");
  const weight = (v[4] ?? null) as T | null;
  if (weight !== null && tensorFor(weight, "dim").dim() !== 1) throw new ValueError("weight must be one-dimensional");
  return _nn.multi_margin_loss(v[0] as T, v[1] as T, p as number, given(v[3], 1.0) as number, weight, reduction);
}

export interface TripletMarginLossOptions extends LegacyReductionOptions {
  anchor?: T;
  positive?: T;
  negative?: T;
  margin?: number;
  p?: number;
  eps?: number;
  swap?: boolean;
}
/**
 * F.triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False,
 * size_average=None, reduce=None, reduction='mean').
 */
export function triplet_margin_loss(
  ...args: PyCall<
    [anchor: T, positive: T, negative: T],
    [margin: number, p: number, eps: number, swap: boolean, ...Legacy],
    TripletMarginLossOptions
  >
): T {
  const names = ["anchor", "positive", "negative", "margin", "p", "eps", "swap", "size_average", "reduce", "reduction"];
  const v = bindArgs("triplet_margin_loss", names, args, 3);
  const reduction = reductionEnum(v[7], v[8], v[9]);
  const margin = given(v[3], 1.0) as number;
  checkMargin(margin);
  return aten.triplet_margin_loss(v[0] as T, v[1] as T, v[2] as T, margin, given(v[4], 2), given(v[5], 1e-6), given(v[6], false), reduction);
}

export interface TripletMarginWithDistanceLossOptions {
  anchor?: T;
  positive?: T;
  negative?: T;
  distance_function?: ((x1: T, x2: T) => T) | null;
  margin?: number;
  swap?: boolean;
  reduction?: Reduction;
}
/**
 * F.triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None,
 * margin=1.0, swap=False, reduction='mean'): distance_function a JS function of two tensors
 * (torch.pairwise_distance when None).
 */
export function triplet_margin_with_distance_loss(
  ...args: [anchor: T, positive: T, negative: T] | [anchor: T, positive: T, negative: T, options: TripletMarginWithDistanceLossOptions]
): T {
  const names = ["anchor", "positive", "negative", "distance_function", "margin", "swap", "reduction"];
  const v = bindArgs("triplet_margin_with_distance_loss", names, args, 3, 3);
  const reduction = given(v[6], "mean" as unknown);
  if (reduction !== "mean" && reduction !== "sum" && reduction !== "none") {
    throw new ValueError(`${pyStr(reduction)} is not a valid value for reduction`);
  }
  const margin = given(v[4], 1.0) as number;
  checkMargin(margin);
  const [anchor, positive, negative] = [tensorFor(v[0], "ndim"), tensorFor(v[1], "ndim"), tensorFor(v[2], "ndim")];
  const [a, p, n] = [anchor.dim(), positive.dim(), negative.dim()];
  if (!(a === p && p === n)) {
    throw new RuntimeError(
      "The anchor, positive, and negative tensors are expected to have the same number of dimensions, " +
        `but got: anchor ${a}D, positive ${p}D, and negative ${n}D inputs`,
    );
  }
  const distance = (v[3] ?? ((x1: T, x2: T) => aten.pairwise_distance(x1, x2))) as (x1: T, x2: T) => T;
  const distPos = distance(anchor, positive);
  let distNeg = distance(anchor, negative);
  if (given(v[5], false)) distNeg = aten.minimum(distNeg, distance(positive, negative));
  const loss = aten.clamp_min(distPos.add(margin).sub(distNeg), 0);
  return reduction === "sum" ? aten.sum(loss) : reduction === "mean" ? aten.mean(loss) : loss;
}
