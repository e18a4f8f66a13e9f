// torch.utils.data.DataLoader. With num_workers = 0 every batch is fetched and collated on the
// calling thread when the loop asks for it, exactly as Python's _SingleProcessDataLoaderIter;
// with num_workers > 0, Python's multi-worker protocol runs with worker threads (_worker_iter.ts).
// See PORTING.md, "Workers".
import { bindArgs } from "../../_args";
import { TypeError, ValueError } from "../../errors";
import type { Generator } from "../../generator";
import { type Collated, default_collate, default_convert } from "./collate";
import { Dataset, IterableDataset } from "./dataset";
import { BatchSampler, RandomSampler, Sampler, SequentialSampler } from "./sampler";
import { AssertionError, len, pyRepr, randomSeed, typeName } from "./_common";
import { createFetcher, STOP } from "./fetch";
import { DONE, MultiWorkerIter } from "./_worker_iter";
import { objectStr, printsAsStr, warn } from "../../_python";
import * as accelerator from "../../accelerator";
import { Tensor } from "../../tensor";

export interface DataLoaderOptions<T = unknown, B = Collated<T>> {
  batch_size?: number | null;
  shuffle?: boolean | null;
  sampler?: Iterable<unknown> | null;
  batch_sampler?: Iterable<number[]> | null;
  num_workers?: number;
  collate_fn?: ((batch: T[]) => B) | null;
  pin_memory?: boolean;
  drop_last?: boolean;
  timeout?: number;
  worker_init_fn?: ((worker_id: number) => void) | null;
  multiprocessing_context?: unknown;
  generator?: Generator | null;
  prefetch_factor?: number | null;
  persistent_workers?: boolean;
  pin_memory_device?: string;
  in_order?: boolean;
}

const MAX_WORKERS = 65536;

const NAMES = [
  "dataset", "batch_size", "shuffle", "sampler", "batch_sampler", "num_workers", "collate_fn", "pin_memory",
  "drop_last", "timeout", "worker_init_fn", "multiprocessing_context", "generator",
  // keyword-only in Python:
  "prefetch_factor", "persistent_workers", "pin_memory_device", "in_order",
] as const;

/** An endless sampler of nulls, Python's _InfiniteConstantSampler (for iterable datasets). */
class InfiniteConstantSampler extends Sampler<null> {
  *[Symbol.iterator](): Iterator<null> {
    for (;;) yield null;
  }
}

/**
 * DataLoader(dataset, { batch_size = 1, shuffle = false, sampler, batch_sampler,
 * num_workers = 0, collate_fn, drop_last = false, generator, ... }).
 * `for (const batch of loader)`; `loader.length` is Python's `len(loader)`. Batches are typed
 * `B`: collate_fn's result, else default_collate's for samples `T` (with `batch_size: null`,
 * give it: `new DataLoader<T, T>(...)`).
 */
export class DataLoader<T = unknown, B = Collated<T>> implements Iterable<B> {
  readonly dataset: Dataset<T> | IterableDataset<T> | T[];
  readonly batch_size: number | null;
  readonly drop_last: boolean;
  readonly sampler: Iterable<unknown>;
  readonly batch_sampler: Iterable<number[]> | null;
  readonly num_workers: number;
  readonly collate_fn: (batch: any) => B;
  readonly generator: Generator | null;
  readonly timeout: number;
  readonly prefetch_factor: number | null;
  readonly pin_memory: boolean;
  readonly pin_memory_device: string;
  readonly persistent_workers: boolean;
  readonly worker_init_fn: ((worker_id: number) => void) | null;
  readonly multiprocessing_context: unknown;
  readonly in_order: boolean;
  /** @internal */
  readonly _iterable: boolean;
  /** The iterator kept across epochs with persistent_workers, as Python's loader._iterator. */
  private _iterator: MultiWorkerIter | null = null;

  constructor(dataset: Dataset<T> | IterableDataset<T> | T[], options?: DataLoaderOptions<T, B>);
  constructor(dataset: Dataset<T> | IterableDataset<T> | T[], batch_size?: number | null, shuffle?: boolean | null, ...rest: unknown[]);
  constructor(...args: unknown[]) {
    const v = bindArgs("DataLoader.__init__", NAMES, args, 1, 13);
    const [dataset, batchSizeArg, shuffleArg, samplerArg, batchSamplerArg, numWorkersArg, collateArg, pinArg,
      dropLastArg, timeoutArg, workerInitArg, mpContext, generatorArg, prefetchArg, persistentArg, , inOrderArg] = v;
    const num_workers = (numWorkersArg as number | undefined) ?? 0;
    const timeout = (timeoutArg as number | undefined) ?? 0;
    let prefetch_factor = (prefetchArg as number | null | undefined) ?? null;
    if (typeof num_workers !== "number") throw new TypeError(`DataLoader: num_workers must be an int, not '${typeName(num_workers)}'`);
    if (typeof timeout !== "number") throw new TypeError(`DataLoader: timeout must be a number, not '${typeName(timeout)}'`);
    // Python fails on a float at iter(loader) (range(num_workers)); torchts says so at once.
    if (!Number.isInteger(num_workers)) throw new TypeError(`'float' object cannot be interpreted as an integer (num_workers=${num_workers})`);
    // Python would try to start that many processes and fail; torchts keeps per-worker state in arrays.
    if (num_workers > MAX_WORKERS) {
      throw new ValueError(`DataLoader: num_workers=${num_workers} is more workers than torchts can create (at most ${MAX_WORKERS})`);
    }
    if (num_workers < 0) {
      throw new ValueError("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.");
    }
    if (timeout < 0) throw new ValueError("timeout option should be non-negative");
    if (num_workers === 0 && prefetch_factor !== null) {
      throw new ValueError(
        "prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 to enable multiprocessing, otherwise set prefetch_factor to None.",
      );
    }
    if (prefetch_factor !== null && prefetch_factor < 0) throw new ValueError("prefetch_factor option should be non-negative");
    if (persistentArg && num_workers === 0) throw new ValueError("persistent_workers option needs num_workers > 0");
    if (mpContext !== undefined && mpContext !== null) {
      if (num_workers === 0) {
        throw new ValueError(
          `multiprocessing_context can only be used with multi-process loading (num_workers > 0), but got num_workers=${num_workers}`,
        );
      }
      if (typeof mpContext === "string" && !START_METHODS.includes(mpContext)) {
        throw new ValueError(
          `multiprocessing_context option should specify a valid start method in ${pyRepr(START_METHODS)}, but got multiprocessing_context=${pyRepr(mpContext)}`,
        );
      }
    }
    if (workerInitArg !== null && workerInitArg !== undefined && typeof workerInitArg !== "function") {
      throw new TypeError(`DataLoader: worker_init_fn must be callable, not '${typeName(workerInitArg)}'`);
    }

    if (num_workers > 0 && prefetch_factor === null) prefetch_factor = 2;

    this.dataset = dataset as Dataset<T>;
    this.num_workers = num_workers;
    this.persistent_workers = Boolean(persistentArg ?? false);
    this.worker_init_fn = (workerInitArg ?? null) as ((worker_id: number) => void) | null;
    this.multiprocessing_context = mpContext ?? null;
    this.in_order = (inOrderArg as boolean | undefined) ?? true;
    this.timeout = timeout;
    this.prefetch_factor = prefetch_factor;
    // As Python: kept as given; iter(loader) warns when there is no accelerator to pin for.
    this.pin_memory = Boolean(pinArg ?? false);
    this.pin_memory_device = (v[15] ?? "") as string;
    this._iterable = dataset instanceof IterableDataset;

    let batch_size = batchSizeArg === undefined ? 1 : (batchSizeArg as number | null);
    let shuffle = shuffleArg as boolean | null | undefined;
    let sampler = (samplerArg ?? null) as Iterable<unknown> | null;
    let batch_sampler = (batchSamplerArg ?? null) as Iterable<number[]> | null;
    let drop_last = (dropLastArg as boolean | undefined) ?? false;
    const generator = (generatorArg ?? null) as Generator | null;
    for (const [name, s] of [["sampler", sampler], ["batch_sampler", batch_sampler]] as const) {
      if (s !== null && typeof (s as Partial<Iterable<unknown>>)[Symbol.iterator] !== "function") {
        throw new TypeError(`DataLoader: ${name} must be iterable, not '${typeName(s)}'`);
      }
    }

    if (this._iterable) {
      if (shuffle !== false && shuffle !== null && shuffle !== undefined) {
        throw new ValueError(
          `DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=${pyRepr(shuffle)}`,
        );
      }
      if (sampler !== null) {
        throw new ValueError(
          `DataLoader with IterableDataset: expected unspecified sampler option, but got sampler=${String(sampler)}`,
        );
      } else if (batch_sampler !== null) {
        throw new ValueError(
          `DataLoader with IterableDataset: expected unspecified batch_sampler option, but got batch_sampler=${String(batch_sampler)}`,
        );
      }
    } else {
      shuffle = Boolean(shuffle);
    }

    if (sampler !== null && shuffle) throw new ValueError("sampler option is mutually exclusive with shuffle");

    if (batch_sampler !== null) {
      if (batch_size !== 1 || shuffle || sampler !== null || drop_last) {
        throw new ValueError("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last");
      }
      batch_size = null;
      drop_last = false;
    } else if (batch_size === null) {
      if (drop_last) {
        throw new ValueError("batch_size=None option disables auto-batching and is mutually exclusive with drop_last");
      }
    }

    if (sampler === null) {
      if (this._iterable) sampler = new InfiniteConstantSampler();
      else if (shuffle) sampler = new RandomSampler(dataset, { generator });
      else sampler = new SequentialSampler(dataset);
    }
    if (batch_size !== null && batch_sampler === null) {
      batch_sampler = new BatchSampler(sampler as Iterable<number>, batch_size, drop_last);
    }

    this.batch_size = batch_size;
    this.drop_last = drop_last;
    this.sampler = sampler;
    this.batch_sampler = batch_sampler;
    this.generator = generator;
    if (collateArg !== null && collateArg !== undefined && typeof collateArg !== "function") {
      throw new TypeError(`DataLoader: collate_fn must be callable, not '${typeName(collateArg)}'`);
    }
    this.collate_fn = ((collateArg as ((b: unknown) => B) | null | undefined) ??
      (batch_sampler !== null ? default_collate : default_convert)) as (b: unknown) => B;
  }

  /** @internal Python's _auto_collation: batches are built from batch_sampler's lists. */
  get _auto_collation(): boolean {
    return this.batch_sampler !== null;
  }

  /** @internal The sampler that yields what one fetch reads: batch_sampler when batching, else sampler. */
  get _index_sampler(): Iterable<unknown> {
    return this.batch_sampler ?? this.sampler;
  }

  /** Python's len(loader): the number of batches (from len(dataset) for iterable datasets). */
  get length(): number {
    return this.__len__();
  }

  __len__(): number {
    if (this._iterable) {
      let length = len(this.dataset);
      if (this.batch_size !== null) {
        length = this.drop_last ? Math.floor(length / this.batch_size) : Math.ceil(length / this.batch_size);
      }
      return length;
    }
    return len(this._index_sampler);
  }

  [Symbol.iterator](): Iterator<B> {
    // Python's _BaseDataLoaderIter.__init__: pin_memory's warnings, then batches pinned only
    // where an accelerator is available.
    let pin = false;
    if (this.pin_memory) {
      if (this.pin_memory_device) {
        warn(
          "pin_memory_device is deprecated, the current accelerator will be used as the device," +
            `ignore pin_memory_device='${this.pin_memory_device}'.`,
        );
      }
      if (!accelerator.is_available()) {
        warn("'pin_memory' argument is set as true but no accelerator is found, then device pinned memory won't be used.");
      } else {
        pin = true;
      }
    }
    const workers: { it: MultiWorkerIter | null } = { it: null };
    const batches = this._iter(workers);
    // An iterator left unfinished and dropped: its (non-persistent) workers end when it is collected.
    if (this.num_workers > 0 && !this.persistent_workers) unfinished.register(batches, workers);
    if (!pin) return batches;
    return (function* () {
      for (const batch of batches) yield pinMemory(batch) as B;
    })();
  }

  private *_iter(workers: { it: MultiWorkerIter | null }): Generator_<B> {
    if (this.num_workers > 0) {
      let it: MultiWorkerIter;
      if (this.persistent_workers) {
        if (this._iterator === null) this._iterator = new MultiWorkerIter(this);
        else this._iterator.reset();
        it = this._iterator;
      } else {
        it = workers.it = new MultiWorkerIter(this);
      }
      // Python's _shutdown_workers: when the iteration ends, is left (break) or fails, the
      // workers end, unless persistent (those end with the loader, or the process).
      let done = false;
      try {
        for (;;) {
          const batch = it.next();
          if (batch === DONE) {
            done = true;
            return;
          }
          yield batch as B;
        }
      } finally {
        if (!this.persistent_workers) it.shutdown();
        else if (!done && it.closed) this._iterator = null;
      }
    }
    // Python's _BaseDataLoaderIter draws a base seed (for workers) from the loader's generator
    // on every iter(loader), before the sampler draws; drawn here too so streams stay Python's.
    const samplerIter = this._index_sampler[Symbol.iterator]();
    randomSeed(this.generator);
    if (this.timeout !== 0) throw new AssertionError("_SingleProcessDataLoaderIter requires timeout == 0");
    const fetcher = createFetcher(this._iterable, this.dataset, this._auto_collation, this.collate_fn, this.drop_last);
    for (;;) {
      const next = samplerIter.next();
      if (next.done) return;
      let batch: unknown;
      try {
        batch = fetcher.fetch(next.value);
      } catch (e) {
        if (e === STOP) return;
        throw e;
      }
      yield batch as B;
    }
  }

  toString(): string {
    return objectStr("torch.utils.data.dataloader.DataLoader");
  }
}
printsAsStr(DataLoader);

type Generator_<T> = globalThis.Generator<T, void, unknown>;

const unfinished = new FinalizationRegistry<{ it: MultiWorkerIter | null }>((workers) => workers.it?.shutdown());

const START_METHODS = ["fork", "spawn", "forkserver"];

/** torch.utils.data._utils.pin_memory.pin_memory: tensors pinned, containers rebuilt. */
function pinMemory(data: unknown): unknown {
  if (data instanceof Tensor) return data.pin_memory();
  if (typeof data === "string" || data === null || typeof data !== "object") return data;
  if (Array.isArray(data)) return data.map(pinMemory);
  if (data instanceof Map) return new Map([...data].map(([k, v]) => [k, pinMemory(v)]));
  if (Object.getPrototypeOf(data) === Object.prototype) {
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, pinMemory(v)]));
  }
  const pin = (data as { pin_memory?: () => unknown }).pin_memory;
  return typeof pin === "function" ? pin.call(data) : data;
}
