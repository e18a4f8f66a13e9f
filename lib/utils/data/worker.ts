// torch.utils.data.get_worker_info and WorkerInfo, as torch/utils/data/_utils/worker.py: inside
// a DataLoader worker (while it runs worker_init_fn, iterates or indexes its dataset copy) the
// worker's id, the number of workers, its seed and its copy of the dataset; null elsewhere.
import { RuntimeError } from "../../errors";
import { printsAsStr } from "../../_python";

/** What get_worker_info() returns inside a worker; read-only, as Python's. */
export class WorkerInfo<D = unknown> {
  readonly id: number;
  readonly num_workers: number;
  /** base_seed + id: a 64-bit integer, so a bigint (Python's int). */
  readonly seed: bigint;
  readonly dataset: D;

  constructor(fields: { id: number; num_workers: number; seed: bigint; dataset: D }) {
    this.id = fields.id;
    this.num_workers = fields.num_workers;
    this.seed = fields.seed;
    this.dataset = fields.dataset;
    // Python's __setattr__ refuses assignments once built.
    return new Proxy(this, {
      set() {
        throw new RuntimeError("Cannot assign attributes to WorkerInfo objects");
      },
    });
  }

  toString(): string {
    return `WorkerInfo(id=${this.id}, num_workers=${this.num_workers}, seed=${this.seed}, dataset=${String(this.dataset)})`;
  }
}
printsAsStr(WorkerInfo);

let current: WorkerInfo | null = null;

/** torch.utils.data.get_worker_info(): this worker's WorkerInfo, or null outside a worker. */
export function get_worker_info(): WorkerInfo | null {
  return current;
}

/** Runs fn as the given worker (get_worker_info() answers it meanwhile). */
export function asWorker<R>(info: WorkerInfo, fn: () => R): R {
  const outer = current;
  current = info;
  try {
    return fn();
  } finally {
    current = outer;
  }
}

/**
 * Python's ExceptionWrapper.reraise: the worker's error again, of its own class where that can
 * be built from a message, with "Caught X in DataLoader worker process N.\nOriginal Traceback..."
 * (the original error is its `cause`).
 */
export function workerError(err: unknown, workerId: number): Error {
  const e = err instanceof Error ? err : new Error(String(err));
  const name = e.name || e.constructor?.name || "Error";
  const frames = (e.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l)).join("\n");
  const msg =
    `Caught ${name} in DataLoader worker process ${workerId}.\n` +
    `Original Traceback (most recent call last):\n${frames}\n${name}: ${e.message}\n`;
  let out: Error;
  try {
    out = new (e.constructor as new (m: string) => Error)(msg);
    if (!(out instanceof Error) || out.message !== msg) throw out;
  } catch {
    out = new RuntimeError(msg);
  }
  (out as Error & { cause?: unknown }).cause = e;
  return out;
}
