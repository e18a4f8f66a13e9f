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

/** An index as the native layer reads it (see native/indexing.cc). */
function encode(index: unknown, position: number): unknown {
  if (typeof index === "number") {
    if (!Number.isInteger(index)) throw new TypeError(`index ${position}: only integers, slices (':'), ellipsis ('...'), None (null) and integer or boolean tensors are valid indices (got ${index})`);
    return index;
  }
  if (index === null || index === undefined || typeof index === "boolean") return index ?? null;
  if (index instanceof Tensor) return index._h;
  if (index instanceof Slice) return [index.start, index.stop, index.step];
  if (typeof index === "string") {
    let encoded = parsed.get(index);
    if (encoded === undefined) {
      if (index.trim() === "...") encoded = "...";
      else {
        const m = SLICE.exec(index);
        if (!m) throw new TypeError(`index ${position}: '${index}' is not a slice ('start:stop:step') or '...'`);
        encoded = [m[1] === undefined ? null : Number(m[1]), m[2] === undefined ? null : Number(m[2]), m[3] === undefined ? null : Number(m[3])];
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

function encodeAll(indices: readonly unknown[]): unknown[] {
  return indices.map((index, i) => encode(index, i));
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
