// Datasets built from other datasets, as torch/utils/data/dataset.py: ConcatDataset (map-style
// datasets end to end), ChainDataset (iterable datasets one after another), StackDataset
// (datasets side by side: sample i is a tuple, or a record, of each dataset's sample i).
import { ValueError } from "../../errors";
import { Dataset, IterableDataset } from "./dataset";
import { AssertionError, getitem, len } from "./_common";

type MapStyle<T> = Dataset<T> | T[];

/** ConcatDataset(datasets): one dataset of all samples of each dataset in turn. */
export class ConcatDataset<T = unknown> extends Dataset<T> {
  readonly datasets: MapStyle<T>[];
  readonly cumulative_sizes: number[];

  constructor(datasets: Iterable<MapStyle<T>>) {
    super();
    this.datasets = [...datasets];
    if (this.datasets.length === 0) throw new AssertionError("datasets should not be an empty iterable");
    for (const d of this.datasets) {
      if (d instanceof IterableDataset) throw new AssertionError("ConcatDataset does not support IterableDataset");
    }
    this.cumulative_sizes = ConcatDataset.cumsum(this.datasets);
  }

  static cumsum(sequence: Iterable<unknown>): number[] {
    const r: number[] = [];
    let s = 0;
    for (const e of sequence) {
      const l = len(e);
      r.push(l + s);
      s += l;
    }
    return r;
  }

  __len__(): number {
    return this.cumulative_sizes[this.cumulative_sizes.length - 1];
  }

  __getitem__(idx: number): T {
    if (idx < 0) {
      if (-idx > this.__len__()) throw new ValueError("absolute value of index should not exceed dataset length");
      idx = this.__len__() + idx;
    }
    // bisect.bisect_right(cumulative_sizes, idx)
    let d = 0;
    while (d < this.cumulative_sizes.length && this.cumulative_sizes[d] <= idx) d++;
    const sample = d === 0 ? idx : idx - this.cumulative_sizes[d - 1];
    // Past the end: Python's IndexError from the list of datasets.
    return getitem(getitem(this.datasets, d), sample) as T;
  }
}

/** ChainDataset(datasets): iterates each IterableDataset in turn. */
export class ChainDataset<T = unknown> extends IterableDataset<T> {
  readonly datasets: Iterable<IterableDataset<T>>;

  constructor(datasets: Iterable<IterableDataset<T>>) {
    super();
    this.datasets = datasets;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (const d of this.datasets) {
      if (!(d instanceof IterableDataset)) throw new AssertionError("ChainDataset only supports IterableDataset");
      yield* d;
    }
  }

  __len__(): number {
    let total = 0;
    for (const d of this.datasets) {
      if (!(d instanceof IterableDataset)) throw new AssertionError("ChainDataset only supports IterableDataset");
      total += len(d);
    }
    return total;
  }
}

/**
 * StackDataset(...datasets) → samples `[d0[i], d1[i], ...]`; StackDataset({ a: d0, b: d1 }) →
 * samples `{ a: d0[i], b: d1[i] }` (Python's keyword form, as one record).
 */
export class StackDataset<T = unknown> extends Dataset<T> {
  readonly datasets: MapStyle<unknown>[] | Record<string, MapStyle<unknown>>;
  private readonly _length: number;

  constructor(datasets: { [K in keyof T]: MapStyle<T[K]> });
  constructor(...datasets: MapStyle<unknown>[]);
  constructor(...args: unknown[]) {
    super();
    const isRecord = args.length === 1 && args[0] !== null && typeof args[0] === "object" &&
      Object.getPrototypeOf(args[0]) === Object.prototype;
    const list = isRecord ? Object.values(args[0] as object) : args;
    if (list.length === 0) throw new ValueError("At least one dataset should be passed");
    this._length = len(list[0]);
    if (list.some((d) => len(d) !== this._length)) throw new ValueError("Size mismatch between datasets");
    this.datasets = (isRecord ? args[0] : args) as StackDataset["datasets"];
  }

  __getitem__(index: number): T {
    if (Array.isArray(this.datasets)) return this.datasets.map((d) => getitem(d, index)) as T;
    return Object.fromEntries(Object.entries(this.datasets).map(([k, d]) => [k, getitem(d, index)])) as T;
  }

  __getitems__(indices: number[]): T[] {
    const fetch = (d: MapStyle<unknown>): unknown[] => {
      const getitems = (d as Dataset).__getitems__;
      if (typeof getitems !== "function") return indices.map((i) => getitem(d, i));
      const items = getitems.call(d, indices);
      if (items.length !== indices.length) {
        throw new ValueError(`Nested dataset's output size mismatch. Expected ${indices.length}, got ${items.length}`);
      }
      return items;
    };
    if (Array.isArray(this.datasets)) {
      const columns = this.datasets.map(fetch);
      return indices.map((_, j) => columns.map((c) => c[j])) as T[];
    }
    const columns = Object.entries(this.datasets).map(([k, d]) => [k, fetch(d)] as const);
    return indices.map((_, j) => Object.fromEntries(columns.map(([k, c]) => [k, c[j]]))) as T[];
  }

  __len__(): number {
    return this._length;
  }
}

// Python's `a + b` on datasets: Dataset.__add__ → ConcatDataset, IterableDataset.__add__ →
// ChainDataset (defined here, beside the classes they build).
declare module "./dataset" {
  interface Dataset<T = unknown> {
    /** Python's `self + other`: ConcatDataset([self, other]). */
    __add__(other: Dataset<T> | T[]): ConcatDataset<T>;
  }
  interface IterableDataset<T = unknown> {
    /** Python's `self + other`: ChainDataset([self, other]). */
    __add__(other: IterableDataset<T>): ChainDataset<T>;
  }
}
Dataset.prototype.__add__ = function <T>(this: Dataset<T>, other: Dataset<T> | T[]) {
  return new ConcatDataset<T>([this, other]);
};
IterableDataset.prototype.__add__ = function <T>(this: IterableDataset<T>, other: IterableDataset<T>) {
  return new ChainDataset<T>([this, other]);
};
