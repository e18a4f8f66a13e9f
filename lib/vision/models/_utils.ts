// Helpers shared by the model files: keyword checks, _make_divisible, the norm-layer type.
import type { Module } from "../../nn/module";
import { TypeError } from "../../errors";

/** A norm layer factory (Python passes the class, e.g. nn.BatchNorm2d): channels => module. */
export type NormLayer = (num_features: number) => Module;

/** Python's "got an unexpected keyword argument" for an options object. */
export function checkKwargs(fn: string, options: object, allowed: string[]): Record<string, unknown> {
  if (typeof options !== "object" || options === null) throw new TypeError(`${fn}(): options must be an object`);
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new TypeError(`${fn}() got an unexpected keyword argument '${key}'`);
  }
  return options as Record<string, unknown>;
}

/** models._utils._make_divisible(v, divisor, min_value = null) */
export function _make_divisible(v: number, divisor: number, min_value: number | null = null): number {
  const min = min_value ?? divisor;
  let new_v = Math.max(min, Math.floor(Math.trunc(v + divisor / 2) / divisor) * divisor);
  if (new_v < 0.9 * v) new_v += divisor;
  return new_v;
}
