// torch.nn._reduction (torch/nn/_reduction.py): a loss's reduction as the enum ATen takes, and
// the deprecated size_average / reduce arguments as the reduction they stand for.
import { given, isNone, warn } from "../_python";
import { pyStr, ValueError } from "../errors";

export type Reduction = "none" | "mean" | "sum";

/** _Reduction.get_enum: 'none' 0, 'mean' 1 ('elementwise_mean' too, deprecated), 'sum' 2. */
export function get_enum(reduction: unknown): number {
  switch (reduction) {
    case "none":
      return 0;
    case "mean":
      return 1;
    case "elementwise_mean":
      warn("reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead.");
      return 1;
    case "sum":
      return 2;
    default:
      throw new ValueError(`${pyStr(reduction)} is not a valid value for reduction`);
  }
}

/** _Reduction.legacy_get_string: the reduction the deprecated size_average and reduce stand for. */
export function legacy_get_string(size_average: unknown, reduce: unknown, emit_warning = true): Reduction {
  if (isNone(size_average)) size_average = true;
  if (isNone(reduce)) reduce = true;
  const ret: Reduction = size_average && reduce ? "mean" : reduce ? "sum" : "none";
  if (emit_warning) warn(`size_average and reduce args will be deprecated, please use reduction='${ret}' instead.`);
  return ret;
}

/** _Reduction.legacy_get_enum. */
export function legacy_get_enum(size_average: unknown, reduce: unknown, emit_warning = true): number {
  return get_enum(legacy_get_string(size_average, reduce, emit_warning));
}

/**
 * The enum of a loss taking (size_average, reduce, reduction): the legacy pair when either is
 * given, else the reduction (Python's `reduction_enum` preamble).
 */
export function reductionEnum(size_average: unknown, reduce: unknown, reduction: unknown): number {
  if (!isNone(size_average) || !isNone(reduce)) return legacy_get_enum(size_average, reduce);
  return get_enum(given(reduction, "mean"));
}

/** The reduction string of a loss taking (size_average, reduce, reduction) (Python's `reduction` preamble). */
export function reductionString(size_average: unknown, reduce: unknown, reduction: unknown): unknown {
  if (!isNone(size_average) || !isNone(reduce)) return legacy_get_string(size_average, reduce);
  return given(reduction, "mean");
}
