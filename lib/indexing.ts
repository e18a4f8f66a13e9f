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

/** Python's slice(start, stop, step): for x.index(torch.slice(1, 3)) where a string won't do. */
export class slice {
  constructor(
    readonly start: number | null = null,
    readonly stop: number | null = null,
    readonly step: number | null = null,
  ) {
    for (const [name, v] of [["start", start], ["stop", stop], ["step", step]] as const) {
      if (v !== null && !Number.isInteger(v)) throw argumentError("slice", name, "int or None", v);
    }
  }
}

/** One index of x.index(...). */
export type Index = number | null | boolean | string | slice | Tensor | number[] | boolean[] | readonly Index[];

const SLICE = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*)?$/;

/** An index as the native layer reads it (see native/indexing.cc). */
function encode(index: unknown, position: number): unknown {
  if (typeof index === "number") {
    if (!Number.isInteger(index)) throw new TypeError(`index ${position}: only integers, slices (':'), ellipsis ('...'), None (null) and integer or boolean tensors are valid indices (got ${index})`);
    return index;
  }
  if (index === null || index === undefined || typeof index === "boolean") return index ?? null;
  if (index instanceof Tensor) return index._h;
  if (index instanceof slice) return [index.start, index.stop, index.step];
  if (typeof index === "string") {
    if (index.trim() === "...") return "...";
    const m = SLICE.exec(index);
    if (!m) throw new TypeError(`index ${position}: '${index}' is not a slice ('start:stop:step') or '...'`);
    return [m[1] === undefined ? null : Number(m[1]), m[2] === undefined ? null : Number(m[2]), m[3] === undefined ? null : Number(m[3])];
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
