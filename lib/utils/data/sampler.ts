// torch.utils.data's samplers: SequentialSampler, RandomSampler, BatchSampler,
// SubsetRandomSampler, WeightedRandomSampler. Each pass
// (`for...of`) is a fresh iteration, as Python's `iter(sampler)`; RandomSampler draws from its
// generator in the same order and amounts as Python, so a seed gives Python's indices.
import { bindArgs } from "../../_args";
import { callOp } from "../../_dispatch";
import { as_tensor } from "../../creation";
import { float64, int64 } from "../../dtype";
import { TypeError, ValueError } from "../../errors";
import { Generator } from "../../generator";
import { OPS } from "../../generated/ops";
import type { Tensor } from "../../tensor";
import { isInt, len, pyRepr, randomSeed } from "./_common";
import { objectStr, printsAsStr } from "../../_python";

/** The base class of samplers: iterable over indices (or batches of indices). */
export abstract class Sampler<T = number> implements Iterable<T> {
  abstract [Symbol.iterator](): Iterator<T>;
  /** Optional, as in Python: samplers that know their length implement `__len__`. */
  __len__?(): number;

  toString(): string {
    return objectStr(this.constructor.name);
  }
}
printsAsStr(Sampler);

/** SequentialSampler(data_source): 0, 1, ..., len(data_source) - 1. */
export class SequentialSampler extends Sampler<number> {
  readonly data_source: unknown;

  constructor(data_source: unknown) {
    super();
    this.data_source = data_source;
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = len(this.data_source);
    for (let i = 0; i < n; i++) yield i;
  }

  __len__(): number {
    return len(this.data_source);
  }
}

/**
 * RandomSampler(data_source, replacement = false, num_samples = None, generator = None).
 * Without a generator each pass first draws a seed from the default generator and seeds a
 * fresh one with it, as Python does; then randperm (or randint in chunks of 32 with
 * replacement) from that generator.
 */
export class RandomSampler extends Sampler<number> {
  readonly data_source: unknown;
  readonly replacement: boolean;
  readonly generator: Generator | null;
  private readonly _num_samples: number | null;

  constructor(
    data_source: unknown,
    replacement?: boolean,
    num_samples?: number | null,
    generator?: Generator | null,
  );
  constructor(
    data_source: unknown,
    options?: { replacement?: boolean; num_samples?: number | null; generator?: Generator | null },
  );
  constructor(...args: unknown[]) {
    super();
    const [data_source, replacement, num_samples, generator] = bindArgs(
      "RandomSampler.__init__",
      ["data_source", "replacement", "num_samples", "generator"],
      args,
      1,
    );
    this.data_source = data_source;
    this.replacement = replacement === undefined ? false : (replacement as boolean);
    this._num_samples = (num_samples as number | null | undefined) ?? null;
    this.generator = (generator as Generator | null | undefined) ?? null;
    if (typeof this.replacement !== "boolean") {
      throw new TypeError(`replacement should be a boolean value, but got replacement=${pyRepr(this.replacement)}`);
    }
    const n = this.num_samples;
    if (!isInt(n) || n <= 0) {
      throw new ValueError(`num_samples should be a positive integer value, but got num_samples=${pyRepr(n)}`);
    }
  }

  /** len(data_source) unless num_samples was given (the dataset size may change). */
  get num_samples(): number {
    return this._num_samples === null ? len(this.data_source) : this._num_samples;
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = len(this.data_source);
    let generator = this.generator;
    if (generator === null) {
      generator = new Generator().manual_seed(randomSeed(null));
    }
    const num = this.num_samples;
    const draw = (args: unknown[]): number[] =>
      (callOp(OPS.randint, null, args) as Tensor).tolist() as number[];
    if (this.replacement) {
      for (let i = 0; i < Math.floor(num / 32); i++) {
        yield* draw([n, [32], { dtype: int64, generator }]);
      }
      yield* draw([n, [num % 32], { dtype: int64, generator }]);
    } else {
      // Python's num_samples // n: ZeroDivisionError for an empty dataset (not an endless loop).
      if (n === 0) throw new ValueError("integer division or modulo by zero (RandomSampler of an empty dataset with num_samples)");
      for (let i = 0; i < Math.floor(num / n); i++) {
        yield* (callOp(OPS.randperm, null, [n, { generator }]) as Tensor).tolist() as number[];
      }
      yield* ((callOp(OPS.randperm, null, [n, { generator }]) as Tensor).tolist() as number[]).slice(0, num % n);
    }
  }

  __len__(): number {
    return this.num_samples;
  }
}

/** BatchSampler(sampler, batch_size, drop_last): yields arrays of batch_size indices. */
export class BatchSampler extends Sampler<number[]> {
  readonly sampler: Iterable<number>;
  readonly batch_size: number;
  readonly drop_last: boolean;

  constructor(sampler: Iterable<number>, batch_size: number, drop_last: boolean);
  constructor(sampler: Iterable<number>, options: { batch_size: number; drop_last: boolean });
  constructor(...args: unknown[]) {
    super();
    const [sampler, batch_size, drop_last] = bindArgs(
      "BatchSampler.__init__",
      ["sampler", "batch_size", "drop_last"],
      args,
      3,
    );
    if (!isInt(batch_size) || batch_size <= 0) {
      throw new ValueError(`batch_size should be a positive integer value, but got batch_size=${pyRepr(batch_size)}`);
    }
    if (typeof drop_last !== "boolean") {
      throw new ValueError(`drop_last should be a boolean value, but got drop_last=${pyRepr(drop_last)}`);
    }
    this.sampler = sampler as Iterable<number>;
    this.batch_size = batch_size;
    this.drop_last = drop_last;
  }

  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    for (const idx of this.sampler) {
      batch.push(idx);
      if (batch.length === this.batch_size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.drop_last) yield batch;
  }

  __len__(): number {
    const n = len(this.sampler);
    return this.drop_last ? Math.floor(n / this.batch_size) : Math.ceil(n / this.batch_size);
  }
}

/** SubsetRandomSampler(indices, generator = None): the given indices in a randperm order. */
export class SubsetRandomSampler extends Sampler<number> {
  readonly indices: number[];
  readonly generator: Generator | null;

  constructor(indices: number[], generator?: Generator | null);
  constructor(indices: number[], options?: { generator?: Generator | null });
  constructor(...args: unknown[]) {
    super();
    const [indices, generator] = bindArgs("SubsetRandomSampler.__init__", ["indices", "generator"], args, 1);
    this.indices = indices as number[];
    this.generator = (generator as Generator | null | undefined) ?? null;
  }

  *[Symbol.iterator](): Iterator<number> {
    const order = (callOp(OPS.randperm, null, [len(this.indices), { generator: this.generator }]) as Tensor).tolist() as number[];
    for (const i of order) yield this.indices[i];
  }

  __len__(): number {
    return len(this.indices);
  }
}

/**
 * WeightedRandomSampler(weights, num_samples, replacement = true, generator = None): one
 * torch.multinomial draw over float64 weights per pass, as Python.
 */
export class WeightedRandomSampler extends Sampler<number> {
  readonly weights: Tensor;
  readonly num_samples: number;
  readonly replacement: boolean;
  readonly generator: Generator | null;

  constructor(weights: number[] | Tensor, num_samples: number, replacement?: boolean, generator?: Generator | null);
  constructor(
    weights: number[] | Tensor,
    num_samples: number,
    options?: { replacement?: boolean; generator?: Generator | null },
  );
  constructor(weights: number[] | Tensor, options: { num_samples: number; replacement?: boolean; generator?: Generator | null });
  constructor(...args: unknown[]) {
    super();
    const [weights, num_samples, replacement = true, generator] = bindArgs(
      "WeightedRandomSampler.__init__",
      ["weights", "num_samples", "replacement", "generator"],
      args,
      2,
    );
    if (!isInt(num_samples) || num_samples <= 0) {
      throw new ValueError(`num_samples should be a positive integer value, but got num_samples=${pyRepr(num_samples)}`);
    }
    if (typeof replacement !== "boolean") {
      throw new ValueError(`replacement should be a boolean value, but got replacement=${pyRepr(replacement)}`);
    }
    const w = as_tensor(weights as never, { dtype: float64 });
    if (w.dim() !== 1) {
      const shape = w.shape.length === 1 ? `(${w.shape[0]},)` : `(${w.shape.join(", ")})`;
      throw new ValueError(`weights should be a 1d sequence but given weights have shape ${shape}`);
    }
    this.weights = w;
    this.num_samples = num_samples;
    this.replacement = replacement;
    this.generator = (generator as Generator | null | undefined) ?? null;
  }

  *[Symbol.iterator](): Iterator<number> {
    const draw = callOp(OPS.multinomial, null, [this.weights, this.num_samples, this.replacement, { generator: this.generator }]) as Tensor;
    yield* draw.tolist() as number[];
  }

  __len__(): number {
    return this.num_samples;
  }
}
