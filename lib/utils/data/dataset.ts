// torch.utils.data's datasets: Dataset, IterableDataset, TensorDataset, Subset, random_split.
// Map-style datasets implement Python's protocol under Python's names: `__getitem__(index)`
// and `__len__()` (JS has no operator overloading, so ported classes keep the dunder names).
import { bindArgs } from "../../_args";
import { callOp } from "../../_dispatch";
import { IndexError, TypeError, ValueError } from "../../errors";
import { default_generator, Generator } from "../../generator";
import { OPS } from "../../generated/ops";
import { Tensor } from "../../tensor";
import { AssertionError, getitem, len, typeName } from "./_common";
import { objectStr, printsAsStr } from "../../_python";

/** A map-style dataset: subclasses implement `__getitem__(index)` and `__len__()`. */
export abstract class Dataset<T = unknown> {
  abstract __getitem__(index: number): T;
  abstract __len__(): number;
  /** Optional batched fetch, as Python's `__getitems__`; the DataLoader uses it when present. */
  __getitems__?(indices: number[]): T[];

  toString(): string {
    return objectStr(this.constructor.name);
  }
}
printsAsStr(Dataset);

/** An iterable-style dataset: subclasses implement `[Symbol.iterator]()`. */
export abstract class IterableDataset<T = unknown> implements Iterable<T> {
  abstract [Symbol.iterator](): Iterator<T>;

  toString(): string {
    return objectStr(this.constructor.name);
  }
}
printsAsStr(IterableDataset);

/** TensorDataset(*tensors): sample i is `[t[i] for t in tensors]`. */
export class TensorDataset extends Dataset<Tensor[]> {
  readonly tensors: Tensor[];

  constructor(...tensors: Tensor[]) {
    super();
    const notTensor: unknown = tensors.find((t) => !(t instanceof Tensor));
    // Python's AttributeError ('bool' object has no attribute 'size'): JS has no such class.
    if (tensors.some((t) => !(t instanceof Tensor))) throw new TypeError(`'${typeName(notTensor)}' object has no attribute 'size'`);
    if (!tensors.every((t) => tensors[0].size(0) === t.size(0))) {
      throw new AssertionError("Size mismatch between tensors");
    }
    this.tensors = tensors;
  }

  __getitem__(index: number): Tensor[] {
    return this.tensors.map((t) => t.index(index));
  }

  __len__(): number {
    if (this.tensors.length === 0) throw new IndexError("tuple index out of range");
    return this.tensors[0].size(0) as number;
  }
}

/** Subset(dataset, indices): the dataset at the given indices. */
export class Subset<T = unknown> extends Dataset<T> {
  readonly dataset: Dataset<T> | T[];
  readonly indices: number[];

  constructor(dataset: Dataset<T> | T[], indices: number[]) {
    super();
    this.dataset = dataset;
    this.indices = indices;
  }

  __getitem__(idx: number): T;
  __getitem__(idx: number[]): T[];
  __getitem__(idx: number | number[]): T | T[] {
    if (Array.isArray(idx)) return idx.map((i) => getitem(this.dataset, getitem(this.indices, i)) as T);
    return getitem(this.dataset, getitem(this.indices, idx)) as T;
  }

  __getitems__(indices: number[]): T[] {
    const inner = (this.dataset as Dataset<T>).__getitems__;
    if (typeof inner === "function") {
      return inner.call(this.dataset, indices.map((i) => getitem(this.indices, i) as number));
    }
    return indices.map((i) => getitem(this.dataset, getitem(this.indices, i)) as T);
  }

  __len__(): number {
    return len(this.indices);
  }
}

function isClose(a: number, b: number): boolean {
  // math.isclose with its defaults: rel_tol=1e-9, abs_tol=0.
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * random_split(dataset, lengths, { generator = default_generator }): lengths as counts or as
 * fractions summing to 1; the split is `randperm(n, generator)` cut in order, as in Python.
 */
export function random_split<T>(
  dataset: Dataset<T> | T[],
  lengths: number[],
  options?: { generator?: Generator | null },
): Subset<T>[];
export function random_split(...args: unknown[]): Subset[] {
  const [dataset, lengthsArg, generatorArg] = bindArgs("random_split", ["dataset", "lengths", "generator"], args, 2);
  const generator = generatorArg === undefined ? default_generator : (generatorArg as Generator | null);
  if (lengthsArg === null || typeof (lengthsArg as Partial<Iterable<number>>)[Symbol.iterator] !== "function") {
    throw new TypeError(`random_split(): lengths must be a sequence of ints or fractions, not '${typeName(lengthsArg)}'`);
  }
  let lengths = [...(lengthsArg as number[])];
  const notNumber: unknown = lengths.find((x) => typeof x !== "number");
  if (lengths.some((x) => typeof x !== "number")) throw new TypeError(`random_split(): lengths must be ints or fractions, not '${typeName(notNumber)}'`);
  const n = len(dataset);
  // Python's sum() of floats adds left to right, as reduce does.
  const total = lengths.reduce((a, b) => a + b, 0);
  if (isClose(total, 1) && total <= 1) {
    const subset: number[] = [];
    lengths.forEach((frac, i) => {
      if (frac < 0 || frac > 1) throw new ValueError(`Fraction at index ${i} is not between 0 and 1`);
      subset.push(Math.floor(n * frac));
    });
    const remainder = n - subset.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) subset[i % subset.length] += 1;
    lengths = subset;
    lengths.forEach((length, i) => {
      if (length === 0) {
        process.emitWarning(`Length of split at index ${i} is 0. This might result in an empty dataset.`, "UserWarning");
      }
    });
  }
  const sum = lengths.reduce((a, b) => a + b, 0);
  if (sum !== n) throw new ValueError("Sum of input lengths does not equal the length of the input dataset!");
  const indices = (callOp(OPS.randperm, null, [sum, { generator }]) as Tensor).tolist() as number[];
  const out: Subset[] = [];
  let offset = 0;
  for (const length of lengths) {
    offset += length;
    out.push(new Subset(dataset as Dataset, indices.slice(offset - length, offset)));
  }
  return out;
}
