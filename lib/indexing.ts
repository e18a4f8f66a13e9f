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

// An index list goes to the addon packed (native/indexing.cc): four numbers per index, [kind,
// a, b, c], read in one call where an array of items costs a call per item, and the handles of
// its tensor indices apart (null when there are none).
const KIND = native.indexKinds();
// Making a Float64Array costs more than a call saves (~0.5 us), so lists of up to PACKED_MAX
// indices are packed into views of one buffer, one per length: the addon reads them before it
// returns and keeps nothing, and nothing else packs in between.
const PACKED_MAX = 8;
const packBuffer = new ArrayBuffer(4 * PACKED_MAX * Float64Array.BYTES_PER_ELEMENT);
const packViews = Array.from({ length: PACKED_MAX + 1 }, (_, n) => new Float64Array(packBuffer, 0, 4 * n));
// Parsed string indices: a loop indexes with the same few strings again and again.
const parsed = new Map<string, Float64Array>();

/** A packed slice bound: NaN for None (the addon clamps the others to int64's range, as Python clamps to sys.maxsize). */
const bound = (n: number | null | undefined): number => (n === null || n === undefined ? NaN : n);

/** The packed [kind, a, b, c] of a string index ("1:3", "...") at `position`. */
function parseString(index: string, position: number): Float64Array {
  let packed = parsed.get(index);
  if (packed === undefined) {
    if (index.trim() === "...") packed = Float64Array.of(KIND.ellipsis, 0, 0, 0);
    else {
      const m = SLICE.exec(index);
      if (!m) throw new TypeError(`index ${position}: '${index}' is not a slice ('start:stop:step') or '...'`);
      packed = Float64Array.of(KIND.slice, ...[m[1], m[2], m[3]].map((b) => bound(b === undefined ? null : Number(b))));
    }
    if (parsed.size < 1000) parsed.set(index, packed);
  }
  return packed;
}

function invalid(position: number, got: unknown): TypeError {
  return new TypeError(`index ${position}: only integers, slices (':'), ellipsis ('...'), None (null) and integer or boolean tensors are valid indices (got ${got})`);
}

/** The indices as the addon reads them: packed, and the handles of the tensor indices. */
function pack(indices: readonly unknown[]): [Float64Array, Handle[] | null] {
  if (indices.length === 1 && typeof indices[0] === "string") return [parseString(indices[0], 0), null];
  const packed = indices.length <= PACKED_MAX ? packViews[indices.length] : new Float64Array(4 * indices.length);
  let tensors: Handle[] | null = null;
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i];
    const at = 4 * i;
    if (typeof index === "number") {
      if (!Number.isInteger(index)) throw invalid(i, index);
      packed[at] = KIND.int;
      packed[at + 1] = index; // past int64, the addon raises Python's overflow error
    } else if (index === null || index === undefined) {
      packed[at] = KIND.none;
    } else if (typeof index === "boolean") {
      packed[at] = KIND.bool;
      packed[at + 1] = index ? 1 : 0;
    } else if (typeof index === "string") {
      packed.set(parseString(index, i), at);
    } else if (index instanceof Slice) {
      packed[at] = KIND.slice;
      packed[at + 1] = bound(index.start);
      packed[at + 2] = bound(index.stop);
      packed[at + 3] = bound(index.step);
    } else if (index instanceof Tensor || Array.isArray(index)) {
      // A list is an index tensor, as in Python (x[[0, 2]]); integers make int64.
      const t = index instanceof Tensor ? index : index.length === 0 ? tensor([], { dtype: int64 }) : tensor(index as number[]);
      tensors ??= [];
      packed[at] = KIND.tensor;
      packed[at + 1] = tensors.push(t._h) - 1;
    } else {
      throw invalid(i, typeof index);
    }
  }
  return [packed, tensors];
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
  const [packed, tensors] = pack(indices);
  return new Tensor(native.indexGet(this._h, packed, tensors) as Handle);
};

Tensor.prototype.index_set_ = function (this: Tensor, indices: Index[] | Index, value: Tensor | number | boolean): Tensor {
  const list = Array.isArray(indices) ? indices : [indices];
  if (!(value instanceof Tensor) && typeof value !== "number" && typeof value !== "boolean") {
    throw argumentError("index_set_", "value", "Tensor or Number", value);
  }
  const [packed, tensors] = pack(list);
  native.indexSet(this._h, packed, tensors, value instanceof Tensor ? value._h : value);
  return this;
};
