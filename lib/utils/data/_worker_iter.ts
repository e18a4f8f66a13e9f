// DataLoader with num_workers > 0: Python's _MultiProcessingDataLoaderIter (index dispatch,
// task bookkeeping, in_order, persistent workers, iterable-dataset exhaustion), the one protocol
// for two kinds of workers (WorkerPool): worker threads (_thread_workers.ts), each with its own
// copy of the dataset and torch RNG, running in parallel; or, when the dataset or a function
// cannot be sent to a thread, simulated workers in the calling thread (InThreadWorkers below)
// with the same per-worker state. Either way batches, their order and every random draw are
// Python's with the same seed and num_workers (PORTING.md, "Workers").
import { default_generator } from "../../generator";
import { RuntimeError } from "../../errors";
import type { Tensor } from "../../tensor";
import { warn } from "../../_python";
import { createFetcher, type Fetcher, STOP } from "./fetch";
import { copyForWorker } from "./_clone";
import { asWorker, workerError, WorkerInfo } from "./worker";
import { AssertionError, randomSeed } from "./_common";
import { ThreadWorkers } from "./_thread_workers";
import { Unsendable } from "./_thread_codec";

/** What the iterator needs from its DataLoader. */
export interface WorkerLoader {
  readonly dataset: unknown;
  readonly num_workers: number;
  readonly prefetch_factor: number | null;
  readonly persistent_workers: boolean;
  readonly in_order: boolean;
  readonly timeout: number;
  readonly worker_init_fn: ((worker_id: number) => void) | null;
  readonly collate_fn: (batch: any) => unknown;
  readonly drop_last: boolean;
  readonly generator: import("../../generator").Generator | null;
  readonly _iterable: boolean;
  readonly _auto_collation: boolean;
  readonly _index_sampler: Iterable<unknown>;
}

/** A task's result: a batch, Python's _IterableDatasetStopIteration, or a wrapped error. */
export type Result = { data: unknown } | { stop: true } | { error: Error };

/** Where the protocol's tasks run: its workers' index queues and their common data queue. */
export interface WorkerPool {
  /** index_queues[worker].put((idx, index)). */
  put(worker: number, idx: number, index: unknown): void;
  /** data_queue.get(timeout): the next result to arrive (timeout in seconds, 0: none). */
  get(timeout: number): { idx: number; worker: number; result: Result };
  /** _ResumeIteration to every worker, and their answers awaited: a new epoch. */
  resume(): void;
  /** The workers stopped (threads ended); nothing more is fetched. */
  shutdown(): void;
  readonly closed: boolean;
}

class Worker {
  rng: Tensor;
  fetcher: Fetcher | null = null;
  initError: Error | null = null;
  /** Python's iteration_end: once set, the worker ignores its tasks until the next epoch. */
  ended = false;
  readonly queue: { idx: number; index: unknown }[] = [];

  constructor(readonly info: WorkerInfo, loader: WorkerLoader) {
    // _worker_loop: torch.manual_seed(base_seed + worker_id), then worker_init_fn, then the fetcher.
    const outer = default_generator.get_state();
    try {
      default_generator.manual_seed(info.seed);
      asWorker(info, () => {
        try {
          loader.worker_init_fn?.(info.id);
          this.fetcher = this.newFetcher(loader);
        } catch (e) {
          this.initError = workerError(e, info.id);
        }
      });
      this.rng = default_generator.get_state();
    } finally {
      default_generator.set_state(outer);
    }
  }

  newFetcher(loader: WorkerLoader): Fetcher {
    return createFetcher(loader._iterable, this.info.dataset, loader._auto_collation, loader.collate_fn, loader.drop_last);
  }

  /** Runs fn with the worker's RNG and worker info in place. */
  run<R>(fn: () => R): R {
    const outer = default_generator.get_state();
    default_generator.set_state(this.rng);
    try {
      return asWorker(this.info, fn);
    } finally {
      this.rng = default_generator.get_state();
      default_generator.set_state(outer);
    }
  }

  /** Runs the worker's next task. */
  runNext(): { idx: number; result: Result } {
    const task = this.queue.shift()!;
    if (this.initError !== null) {
      const error = this.initError;
      this.initError = null;
      return { idx: task.idx, result: { error } };
    }
    return { idx: task.idx, result: this.run(() => this.fetch(task.index)) };
  }

  private fetch(index: unknown): Result {
    try {
      return { data: this.fetcher!.fetch(index) };
    } catch (e) {
      if (e === STOP) {
        this.ended = true;
        this.queue.length = 0;
        return { stop: true };
      }
      return { error: workerError(e, this.info.id) };
    }
  }
}

/** Simulated workers in the calling thread: each task runs when its result is awaited. */
class InThreadWorkers implements WorkerPool {
  private readonly workers: Worker[];

  constructor(private readonly loader: WorkerLoader, baseSeed: bigint) {
    const n = loader.num_workers;
    this.workers = Array.from({ length: n }, (_, id) => {
      const info = new WorkerInfo({ id, num_workers: n, seed: baseSeed + BigInt(id), dataset: copyForWorker(loader.dataset) });
      return new Worker(info, loader);
    });
  }

  put(worker: number, idx: number, index: unknown): void {
    const w = this.workers[worker];
    if (!w.ended) w.queue.push({ idx, index });
  }

  /** The oldest task still queued on a running worker, run now (results arrive in task order). */
  get(timeout: number): { idx: number; worker: number; result: Result } {
    let best = -1;
    for (let w = 0; w < this.workers.length; w++) {
      const q = this.workers[w].queue;
      if (!this.workers[w].ended && q.length > 0 && (best < 0 || q[0].idx < this.workers[best].queue[0].idx)) best = w;
    }
    if (best < 0) throw new RuntimeError("DataLoader worker queues are empty while a batch is awaited (internal error)");
    const start = performance.now();
    const { idx, result } = this.workers[best].runNext();
    if (timeout > 0 && performance.now() - start > timeout * 1000) {
      throw new RuntimeError(`DataLoader timed out after ${timeout} seconds`);
    }
    return { idx, worker: best, result };
  }

  resume(): void {
    // _ResumeIteration goes behind the tasks already queued: each worker runs them first,
    // then starts a new pass over its dataset copy with its RNG where it is.
    for (const w of this.workers) {
      while (w.queue.length > 0 && !w.ended) w.runNext();
      w.queue.length = 0;
      w.ended = false;
      if (w.initError === null) w.fetcher = w.run(() => w.newFetcher(this.loader));
    }
  }

  readonly closed = false;
  shutdown(): void {}
}

let fallbackWarned = false;

/** Worker threads when everything can be sent to them, else workers in the calling thread. */
function startWorkers(loader: WorkerLoader, baseSeed: bigint): WorkerPool {
  try {
    return new ThreadWorkers(loader, baseSeed);
  } catch (e) {
    if (!(e instanceof Unsendable)) throw e;
    if (!fallbackWarned) {
      fallbackWarned = true;
      warn(
        `DataLoader: num_workers > 0 runs the workers in the calling thread (no parallelism), since ${e.message}. ` +
          "See PORTING.md, \"Workers\".",
      );
    }
    return new InThreadWorkers(loader, baseSeed);
  }
}

export const DONE: unique symbol = Symbol("done");

export class MultiWorkerIter {
  private readonly pool: WorkerPool;
  private readonly n: number;
  private samplerIter!: Iterator<unknown>;
  private sendIdx = 0;
  private rcvdIdx = 0;
  private taskInfo = new Map<number, { worker: number; result?: Result }>();
  private status: boolean[] = [];
  private numTasks: number[] = [];
  private cycle = 0;
  private readonly prefetch: number;

  constructor(private readonly loader: WorkerLoader) {
    // _BaseDataLoaderIter.__init__: iter(index_sampler), then the base seed from the loader's
    // generator (or the default one), before any index is drawn.
    this.samplerIter = loader._index_sampler[Symbol.iterator]();
    const baseSeed = randomSeed(loader.generator);
    this.prefetch = loader.prefetch_factor ?? 2;
    if (this.prefetch <= 0) throw new AssertionError("prefetch_factor must be greater than 0 for MultiProcessingDataLoaderIter");
    this.n = loader.num_workers;
    this.pool = startWorkers(loader, baseSeed);
    this.reset(true);
  }

  /** Python's _reset: a new epoch (for persistent workers, the same workers resume). */
  reset(firstIter = false): void {
    this.samplerIter = this.loader._index_sampler[Symbol.iterator]();
    if (!firstIter) this.pool.resume();
    this.sendIdx = 0;
    this.rcvdIdx = 0;
    this.taskInfo = new Map();
    this.status = new Array<boolean>(this.n).fill(true);
    this.numTasks = new Array<number>(this.n).fill(0);
    this.cycle = 0;
    for (let i = 0; i < this.prefetch * this.n; i++) this.tryPutIndex();
  }

  private tryPutIndex(): void {
    const next = this.samplerIter.next();
    if (next.done) return;
    const n = this.n;
    const maxTasks = this.prefetch * n;
    let chosen = -1;
    for (let k = 0; k < n; k++) {
      const w = this.cycle;
      this.cycle = (this.cycle + 1) % n;
      if (!this.status[w]) continue;
      const active = this.status.filter(Boolean).length;
      if (this.loader.in_order || this.numTasks[w] < Math.floor(maxTasks / active)) {
        chosen = w;
        break;
      }
    }
    if (chosen < 0) return;
    this.pool.put(chosen, this.sendIdx, next.value);
    this.taskInfo.set(this.sendIdx, { worker: chosen });
    this.numTasks[chosen] += 1;
    this.sendIdx += 1;
  }

  /** Python's _next_data: the next batch, or DONE. */
  next(): unknown {
    for (;;) {
      while (this.rcvdIdx < this.sendIdx) {
        const info = this.taskInfo.get(this.rcvdIdx);
        if (info) {
          if (info.result !== undefined || this.status[info.worker]) break;
          this.taskInfo.delete(this.rcvdIdx);
        }
        this.rcvdIdx += 1;
      }
      if (this.rcvdIdx >= this.sendIdx) return DONE;
      const ready = this.taskInfo.get(this.rcvdIdx)!;
      if (ready.result !== undefined) {
        this.taskInfo.delete(this.rcvdIdx);
        this.rcvdIdx += 1;
        return this.process(ready.result, ready.worker);
      }
      const { idx, worker, result } = this.pool.get(this.loader.timeout);
      if ("stop" in result) {
        // _IterableDatasetStopIteration: the worker is done for this epoch.
        this.status[worker] = false;
        this.tryPutIndex();
        continue;
      }
      if (idx !== this.rcvdIdx) {
        if (!this.loader.in_order) {
          this.taskInfo.delete(idx);
          return this.process(result, worker);
        }
        this.taskInfo.get(idx)!.result = result;
      } else {
        this.taskInfo.delete(idx);
        this.rcvdIdx += 1;
        return this.process(result, worker);
      }
    }
  }

  /** Python's _shutdown_workers: the workers end (threads terminated). */
  shutdown(): void {
    this.pool.shutdown();
  }

  /** Whether the workers have ended (shut down, timed out, or one died). */
  get closed(): boolean {
    return this.pool.closed;
  }

  private process(result: Result, worker: number): unknown {
    this.numTasks[worker] -= 1;
    this.tryPutIndex();
    if ("error" in result) throw result.error;
    return (result as { data: unknown }).data;
  }
}
