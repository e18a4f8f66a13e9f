// Helpers shared by the model files: _make_divisible, the norm-layer type.
import type { Module } from "../../nn/module";

/** A norm layer factory (Python passes the class, e.g. nn.BatchNorm2d): channels => module. */
export type NormLayer = (num_features: number) => Module;

/** models._utils._make_divisible(v, divisor, min_value = null) */
export function _make_divisible(v: number, divisor: number, min_value: number | null = null): number {
  const min = min_value ?? divisor;
  let new_v = Math.max(min, Math.floor(Math.trunc(v + divisor / 2) / divisor) * divisor);
  if (new_v < 0.9 * v) new_v += divisor;
  return new_v;
}
