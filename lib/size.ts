// torch.Size: what x.shape and x.size() return. An Array of numbers (a subclass), so
// `const [B, T] = x.shape`, indexing and every Array method work as on a number[]; it prints
// as Python's `torch.Size([3, 784])` (console.log, util.inspect, String, template strings).
// `torch.Size([2, 3])` (with or without `new`) makes one, with Python's checks.
import { describe, pyTypeName, TypeError } from "./errors";
import { registerLegacyType } from "./legacy_types";
import { Handle, native } from "./native";

export class Size extends Array<number> {
  // (No Symbol.species of its own: defining one invalidates V8's array species protector,
  // which slows every Array method of the process and x.shape 8-fold. So map, filter and
  // slice make Sizes, as Python's shape[1:] is one.)

  /** The number of elements a tensor of this size holds (1 for torch.Size([])). */
  numel(): number {
    let n = 1;
    for (let i = 0; i < this.length; i++) n *= this[i];
    return n;
  }

  /** Python's str(torch.Size([3, 784])): `torch.Size([3, 784])`. */
  toString(): string {
    return `torch.Size([${this.join(", ")}])`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

// x.shape is on every op's hot path. The native side writes the sizes into this buffer (one
// call, no JS array made in C++) and JS builds the Size: measured 2.5x faster than the
// napi-built plain array that x.shape returned before (see PORTING.md, torch.Size).
const shapeBuffer = new Float64Array(64);
native.setShapeBuffer(shapeBuffer);

/** @internal The sizes of a tensor as a torch.Size. */
export function sizeOf(h: Handle): Size {
  const n = native.shapeInto(h);
  const s = new Size(n);
  for (let i = 0; i < n; i++) s[i] = shapeBuffer[i];
  return s;
}

/** @internal One size of a tensor, dim already in range (no Size is made). */
export function sizeAt(h: Handle, dim: number): number {
  native.shapeInto(h);
  return shapeBuffer[dim];
}

/** torch.Size(iterable): Python's checks, each element an int (a bool, bigint or one-element integer tensor counts). */
function makeSize(sizes?: unknown): Size {
  if (sizes === undefined) return new Size(0);
  if (sizes === null || typeof (sizes as Iterable<unknown>)[Symbol.iterator] !== "function" || typeof sizes === "string") {
    if (typeof sizes === "string") {
      // Python iterates a str: its first character is an item of type 'str'.
      if (sizes.length > 0) throw new TypeError(`torch.Size() takes an iterable of 'int' (item 0 is 'str')`);
      return new Size(0);
    }
    throw new TypeError(`'${pyTypeName(sizes)}' object is not iterable`);
  }
  const items = Array.from(sizes as Iterable<unknown>);
  const out = new Size(items.length);
  items.forEach((item, i) => {
    let value: unknown = item;
    if (typeof item === "boolean") value = item ? 1 : 0;
    else if (typeof item === "bigint") value = Number(item);
    else if (isIndexTensor(item)) value = (item as { item(): number }).item();
    if (typeof value !== "number" || !Number.isInteger(value)) {
      const type = typeof item === "object" && item !== null && !Array.isArray(item) ? describe(item) : pyTypeName(item);
      throw new TypeError(`torch.Size() takes an iterable of 'int' (item ${i} is '${type}')`);
    }
    out[i] = value;
  });
  return out;
}

// A tensor Python would take as an index (__index__): one element, integral dtype.
function isIndexTensor(value: unknown): boolean {
  if (typeof value !== "object" || value === null || !("_h" in value) || !("dtype" in value)) return false;
  const t = value as unknown as { numel(): number; dtype: { is_floating_point: boolean; is_complex: boolean } };
  return t.numel() === 1 && !t.dtype.is_floating_point && !t.dtype.is_complex;
}

/** torch.Size as users see it: callable (`torch.Size([2, 3])`), constructible, and the class of `instanceof`. */
export type SizeConstructor = typeof Size & {
  (sizes?: Iterable<number | boolean | bigint>): Size;
  new (sizes?: Iterable<number | boolean | bigint>): Size;
};

export const SizeCtor = new Proxy(Size, {
  apply(_target, _this, args: unknown[]) {
    return makeSize(args[0]);
  },
  construct(_target, args: unknown[], newTarget) {
    const size = makeSize(args[0]);
    // A subclass (class S extends torch.Size) gets its own prototype.
    if (newTarget !== SizeCtor) Object.setPrototypeOf(size, (newTarget as { prototype: object }).prototype);
    return size;
  },
}) as SizeConstructor;
// x.type(torch.Size) names it as Python does ("invalid type: 'torch.Size'").
registerLegacyType(SizeCtor, "torch.Size");
