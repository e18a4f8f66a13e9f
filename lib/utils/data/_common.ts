// Helpers shared by torch.utils.data: Python's len() and [] on datasets, Python's repr in
// messages (from lib/errors.ts), and one draw of a 64-bit seed exactly as `torch.empty((), dtype=torch.int64).random_()`.
import { callOp } from "../../_dispatch";
import { int64 } from "../../dtype";
import { IndexError, pyRepr, pyTypeName as typeName, TypeError } from "../../errors";
import type { Generator } from "../../generator";
import { OPS } from "../../generated/ops";
import type { Tensor } from "../../tensor";

/** Anything with Python's `__len__`. */
export interface Sized {
  __len__(): number;
}

/** Python's AssertionError (what `assert` raises): one class for all of torchts (lib/errors.ts). */
export { AssertionError } from "../../errors";

/** Python's `len(x)`: `x.__len__()`, or the length of a JS array. */
export function len(x: unknown): number {
  if (Array.isArray(x)) return x.length;
  if (x !== null && typeof x === "object" && typeof (x as Partial<Sized>).__len__ === "function") {
    return (x as Sized).__len__();
  }
  throw new TypeError(`object of type '${typeName(x)}' has no len()`);
}

/** Python's `x[i]`: `x.__getitem__(i)`, or an element of a JS array. */
export function getitem(x: unknown, index: unknown): unknown {
  if (Array.isArray(x)) {
    const i = index as number;
    if (i < -x.length || i >= x.length) throw new IndexError("list index out of range");
    return x[i < 0 ? i + x.length : i];
  }
  const get = (x as { __getitem__?: (i: unknown) => unknown } | null)?.__getitem__;
  if (typeof get !== "function") throw new TypeError(`'${typeName(x)}' object is not subscriptable`);
  return get.call(x, index);
}

/** Python's type name and repr() of a value, for messages (lib/errors.ts). */
export { pyRepr, typeName };

export function isInt(x: unknown): x is number {
  return typeof x === "number" && Number.isInteger(x);
}

/**
 * `int(torch.empty((), dtype=torch.int64).random_(generator=g).item())`, drawn identically:
 * random_() on int64 is `random64() % 2^63`, and randint(-2^63, 0) is
 * `random64() % 2^63 - 2^63` (its range is 2^63 ≥ 2^32, so it draws random64 too).
 * A bigint when beyond 2^53, as seeds are 64-bit.
 */
export function randomSeed(generator: Generator | null | undefined): bigint {
  const t = callOp(OPS.randint, null, [-(2 ** 63), 0, [], { dtype: int64, generator: generator ?? null }]) as Tensor;
  const v = (t.to_typed_array() as BigInt64Array)[0];
  return BigInt(v) + (1n << 63n);
}
