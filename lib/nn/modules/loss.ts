// Loss modules, ported from torch/nn/modules/loss.py (torch 2.11): CrossEntropyLoss, NLLLoss,
// MSELoss, BCEWithLogitsLoss, and their bases _Loss and _WeightedLoss.
import type { Tensor } from "../../tensor";
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

  abstract forward(input: Tensor, target: Tensor): Tensor;
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
