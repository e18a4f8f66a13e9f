// Python's indexing: x[...] is x.index(...), x[...] = v is x.index_set_([...], v).
//
//   x[0, -1]          x.index(0, -1)
//   x[1:3, ::2]       x.index("1:3", "::2")      or x.index(torch.slice(1, 3), torch.slice(null, null, 2))
//   x[:, None, ...]   x.index(":", null, "...")
//   x[:, [-1], :]     x.index(":", [-1], ":")     a list of integers (or booleans) is an index tensor
//   x[mask], x[idx]   x.index(mask), x.index(idx)
//   x[0, :] = 5       x.index_set_([0, ":"], 5)
import { argumentError, TypeError } from "./errors";
import { tensor } from "./creation";
import { int64 } from "./dtype";
import { Handle, native } from "./native";
import { Tensor } from "./tensor";
import { printsAsStr } from "./_python";

/** A slice of x.index(), made by torch.slice(). */
export class Slice {
  constructor(
    readonly start: number | null = null,
    readonly stop: number | null = null,
    readonly step: number | null = null,
  ) {
    for (const [name, v] of [["start", start], ["stop", stop], ["step", step]] as const) {
      if (v !== null && !Number.isInteger(v)) throw argumentError("slice", name, "int or None", v);
    }
  }

  toString(): string {
    return `slice(${[this.start, this.stop, this.step].map((v) => v ?? "None").join(", ")})`;
  }
}
printsAsStr(Slice);

/**
 * Python's slice(): slice(stop), slice(start, stop), slice(start, stop, step), with null for
 * None; for x.index(torch.slice(1, n)) where the bounds are variables.
 */
export function slice(...args: (number | null)[]): Slice {
  if (args.length === 0 || args.length > 3) throw new TypeError(`slice expected 1 to 3 arguments, got ${args.length}`);
  return args.length === 1 ? new Slice(null, args[0]) : new Slice(args[0], args[1], args[2] ?? null);
}

/** One index of x.index(...). */
export type Index = number | null | boolean | string | Slice | Tensor | number[] | boolean[] | readonly Index[];

const SLICE = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*)?$/;
// Parsed slice strings: a loop indexes with the same few strings again and again.
const parsed = new Map<string, unknown>();

// The packed form of an index list (native/indexing.cc): four numbers per index, [kind, a, b,
// c], read by the addon in one call where an array costs a call per item. Lists of integers,
// slices, None, "..." and booleans are packed; one with a tensor or a list is not.
const KIND = native.indexKinds();
// Making a Float64Array costs more than the array it replaces (~0.5 us), so lists are packed
// into these views of one buffer, one per length: the addon reads them before it returns and
// keeps nothing, and no JS runs in between.
const PACKED_MAX = 8;
const packBuffer = new ArrayBuffer(4 * PACKED_MAX * Float64Array.BYTES_PER_ELEMENT);
const packViews = Array.from({ length: PACKED_MAX + 1 }, (_, n) => new Float64Array(packBuffer, 0, 4 * n));
// A string's packed form, cached as `parsed` caches its array form.
const packedStrings = new Map<string, Float64Array>();

// Python clamps a slice's bounds to sys.maxsize; beyond 2^53, which no size reaches, a double
// no longer holds an integer exactly, so bounds are clamped there (same result, and the addon
// never converts a double past int64's range).
const BOUND_MAX = Number.MAX_SAFE_INTEGER;
function clampBound(bound: number | null): number | null {
  return bound === null ? null : Math.max(-BOUND_MAX, Math.min(BOUND_MAX, bound));
}

/** A packed slice bound: NaN for None. */
function packedBound(bound: number | null): number {
  return bound === null ? NaN : clampBound(bound)!;
}

/** The packed [kind, a, b, c] of a string index ("1:3", "...") at `position`. */
function packString(index: string, position: number): Float64Array {
  let packed = packedStrings.get(index);
  if (packed === undefined) {
    const encoded = encode(index, position); // throws on a malformed string
    if (encoded === "...") packed = Float64Array.of(KIND.ellipsis, 0, 0, 0);
    else packed = Float64Array.of(KIND.slice, ...(encoded as (number | null)[]).map(packedBound));
    if (packedStrings.size < 1000) packedStrings.set(index, packed);
  }
  return packed;
}

/** The indices packed, or null when one of them needs the general form. */
function pack(indices: readonly unknown[]): Float64Array | null {
  if (indices.length === 1 && typeof indices[0] === "string") return packString(indices[0], 0);
  if (indices.length > PACKED_MAX) return null;
  const packed = packViews[indices.length];
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i];
    const at = 4 * i;
    if (typeof index === "number") {
      if (!Number.isSafeInteger(index)) return null;
      packed[at] = KIND.int;
      packed[at + 1] = index;
    } else if (index === null || index === undefined) {
      packed[at] = KIND.none;
    } else if (typeof index === "boolean") {
      packed[at] = KIND.bool;
      packed[at + 1] = index ? 1 : 0;
    } else if (typeof index === "string") {
      packed.set(packString(index, i), at);
    } else if (index instanceof Slice) {
      packed[at] = KIND.slice;
      packed[at + 1] = packedBound(index.start);
      packed[at + 2] = packedBound(index.stop);
      packed[at + 3] = packedBound(index.step);
    } else {
      return null;
    }
  }
  return packed;
}

/** An index as the native layer reads it (see native/indexing.cc). */
function encode(index: unknown, position: number): unknown {
  if (typeof index === "number") {
    if (!Number.isInteger(index)) throw new TypeError(`index ${position}: only integers, slices (':'), ellipsis ('...'), None (null) and integer or boolean tensors are valid indices (got ${index})`);
    return index;
  }
  if (index === null || index === undefined || typeof index === "boolean") return index ?? null;
  if (index instanceof Tensor) return index._h;
  if (index instanceof Slice) return [index.start, index.stop, index.step].map(clampBound);
  if (typeof index === "string") {
    let encoded = parsed.get(index);
    if (encoded === undefined) {
      if (index.trim() === "...") encoded = "...";
      else {
        const m = SLICE.exec(index);
        if (!m) throw new TypeError(`index ${position}: '${index}' is not a slice ('start:stop:step') or '...'`);
        encoded = [m[1], m[2], m[3]].map((bound) => clampBound(bound === undefined ? null : Number(bound)));
      }
      if (parsed.size < 1000) parsed.set(index, encoded);
    }
    return encoded;
  }
  if (Array.isArray(index)) {
    // A list is an index tensor, as in Python (x[[0, 2]]); integers make int64.
    return (index.length === 0 ? tensor([], { dtype: int64 }) : tensor(index as number[]))._h;
  }
  throw new TypeError(`index ${position}: only integers, slices (':'), ellipsis ('...'), None (null) and integer or boolean tensors are valid indices (got ${typeof index})`);
}

function encodeAll(indices: readonly unknown[]): Float64Array | unknown[] {
  return pack(indices) ?? indices.map((index, i) => encode(index, i));
}

declare module "./tensor" {
  interface Tensor {
    /** x[i, j, ...] in Python: see lib/indexing.ts for each form. */
    index(...indices: Index[]): Tensor;
    /** x[i, j, ...] = value in Python; returns x. */
    index_set_(indices: Index[] | Index, value: Tensor | number | boolean): Tensor;
  }
}

Tensor.prototype.index = function (this: Tensor, ...indices: Index[]): Tensor {
  return new Tensor(native.indexGet(this._h, encodeAll(indices)) as Handle);
};

Tensor.prototype.index_set_ = function (this: Tensor, indices: Index[] | Index, value: Tensor | number | boolean): Tensor {
  const list = Array.isArray(indices) ? indices : [indices];
  if (!(value instanceof Tensor) && typeof value !== "number" && typeof value !== "boolean") {
    throw argumentError("index_set_", "value", "Tensor or Number", value);
  }
  native.indexSet(this._h, encodeAll(list), value instanceof Tensor ? value._h : value);
  return this;
};
