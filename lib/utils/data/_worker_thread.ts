// The body of one DataLoader worker thread: Python's _worker_loop (torch/utils/data/_utils/worker.py),
// once per epoch it is given. The thread gets its own CPU generator (made this thread's default,
// so ops and torch.manual_seed use it) and one intra-op thread; each epoch ("init") seeds it with
// base_seed + worker_id, decodes its copy of the dataset, runs worker_init_fn, builds its fetcher,
// then answers each task {idx, index} with (idx, batch | _IterableDatasetStopIteration | the
// wrapped error) on its port, bumping the shared counter the calling thread waits on
// (Atomics.wait). "release" ends the epoch: the thread drops it and waits for the next.
// The whole of torchts first, as a program that imports it would (module order, registries).
import "../../index";
import { workerData, type MessagePort } from "node:worker_threads";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { isAbsolute } from "node:path";
import { default_generator, Generator, manual_seed } from "../../generator";
import { native } from "../../native";
import { createFetcher, type Fetcher, STOP } from "./fetch";
import { asWorker, workerError, WorkerInfo } from "./worker";
import { decode, encode } from "./_thread_codec";

/** What a thread is started with: its port, and its epoch counter (tasks of an older epoch are skipped). */
export interface ThreadData {
  port: MessagePort;
  epoch: SharedArrayBuffer;
}

/** One epoch's worker: Python's _worker_loop arguments. */
export interface WorkerInit {
  counter: SharedArrayBuffer;
  id: number;
  num_workers: number;
  seed: bigint;
  modules: string[];
  dataset: unknown;
  collate_fn: unknown;
  worker_init_fn: unknown;
  iterable: boolean;
  auto_collation: boolean;
  drop_last: boolean;
}

/** A message to the calling thread; `died` is sent from the uncaught-error handler. */
export type FromWorker =
  | { type: "data"; idx: number; data: unknown }
  | { type: "stop"; idx: number }
  | { type: "error"; idx: number; name: string; message: string; cause: { name: string; message: string } | null }
  | { type: "resumed" }
  | { type: "released" }
  | { type: "died"; message: string };

/** A message to the worker thread. */
export type ToWorker =
  | { type: "init"; init: WorkerInit }
  | { type: "task"; idx: number; index: unknown }
  | { type: "resume" }
  | { type: "release" };

const { port, epoch: epochBuffer } = workerData as ThreadData;
const epochCount = new Int32Array(epochBuffer);
/** The counter of the pool this thread serves now. */
let counter: Int32Array | null = null;

function send(msg: FromWorker): void {
  port.postMessage(msg);
  if (counter === null) return;
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
}

/** A wrapped error (workerError's) as a message, with its original's class name and message. */
function errorMessage(e: Error, idx: number): FromWorker {
  const c = (e as { cause?: unknown }).cause;
  const cause = c instanceof Error ? { name: c.name, message: c.message } : null;
  return { type: "error", idx, name: e.name, message: e.message, cause };
}

process.on("uncaughtException", (e) => died(e));

/**
 * A user's TypeScript module (the program runs under tsx): tsx registers its module hooks in the
 * main thread only, and Node 20 does not carry them over to workers, so they are registered here
 * with tsx's own API, found from that module's location.
 */
let tsxRegistered = false;
async function typescriptLoader(modules: string[]): Promise<void> {
  const ts = modules.find((m) => /\.[cm]?tsx?$/.test(m));
  if (ts === undefined || tsxRegistered) return;
  tsxRegistered = true;
  const from = isAbsolute(ts) ? ts : fileURLToPath(ts);
  // require.resolve finds the CommonJS build of the API; its ES module build sits beside it.
  const api = createRequire(from).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs");
  ((await import(pathToFileURL(api).href)) as { register(): void }).register();
}

// Once per thread: torch.set_num_threads(1), as Python's worker, for this thread only
// (native/intraop_threads.cc), and this thread's torch RNG, as a worker process has its own.
native.setThreadIntraOpThreads(1);
const own = new Generator("cpu");
native.setThreadDefaultGenerator(own._h);
(default_generator as { _h: unknown })._h = own._h;
const modules = new Map<string, Record<string, unknown>>();

/** Starts an epoch; returns what handles its tasks. */
async function startEpoch(init: WorkerInit): Promise<(msg: ToWorker) => void> {
  const epoch = Atomics.load(epochCount, 0);
  await typescriptLoader(init.modules);
  for (const m of init.modules) {
    if (!modules.has(m)) modules.set(m, (await import(isAbsolute(m) ? pathToFileURL(m).href : m)) as Record<string, unknown>);
  }
  const dataset = decode(init.dataset, modules);
  const collate = decode(init.collate_fn, modules) as (b: unknown) => unknown;
  const initFn = decode(init.worker_init_fn, modules) as ((id: number) => void) | null;
  manual_seed(init.seed);
  const info = new WorkerInfo({ id: init.id, num_workers: init.num_workers, seed: init.seed, dataset });
  const newFetcher = (): Fetcher => createFetcher(init.iterable, dataset, init.auto_collation, collate, init.drop_last);
  let fetcher: Fetcher | null = null;
  let initError: Error | null = null;
  asWorker(info, () => {
    try {
      initFn?.(init.id);
      fetcher = newFetcher();
    } catch (e) {
      initError = workerError(e, init.id);
    }
  });
  let ended = false;
  return (msg) => {
    if (msg.type === "resume") {
      ended = false;
      if (initError === null) fetcher = asWorker(info, newFetcher);
      send({ type: "resumed" });
      return;
    }
    if (msg.type !== "task" || ended || Atomics.load(epochCount, 0) !== epoch) return;
    if (initError !== null) {
      send(errorMessage(initError, msg.idx));
      initError = null;
      return;
    }
    let out: FromWorker;
    try {
      const data = asWorker(info, () => fetcher!.fetch(msg.index));
      out = { type: "data", idx: msg.idx, data: encode(data, "a batch") };
    } catch (e) {
      if (e === STOP) {
        ended = true;
        out = { type: "stop", idx: msg.idx };
      } else {
        out = errorMessage(workerError(e, init.id), msg.idx);
      }
    }
    send(out);
  };
}

let reportedDeath = false;
function died(e: unknown): void {
  reportedDeath = true;
  send({ type: "died", message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  process.exit(1);
}

// process.exit() called by the dataset's code ends this thread only: the calling thread, which
// waits on the counter, is told (as Python's loader finds a worker process gone).
process.on("exit", (code) => {
  if (!reportedDeath) send({ type: "died", message: `the worker thread called process.exit(${code})` });
});

// Messages are handled in order, one per turn of the event loop (so a timer a task set, or an
// error it threw from one, comes between tasks as it would between messages), and those that
// come while an epoch starts (its imports are asynchronous) wait for it.
let current: ((msg: ToWorker) => void) | null = null;
let starting = false;
const pending: ToWorker[] = [];

function handle(msg: ToWorker): void {
  if (msg.type === "init") {
    counter = new Int32Array(msg.init.counter);
    starting = true;
    startEpoch(msg.init)
      .then((epoch) => {
        current = epoch;
        starting = false;
        drain();
      })
      .catch(died);
  } else if (msg.type === "release") {
    current = null;
    send({ type: "released" });
  } else {
    current?.(msg);
  }
}

let draining = false;
function drain(): void {
  draining = false;
  if (starting || pending.length === 0) return;
  handle(pending.shift()!);
  draining = true;
  setImmediate(drain);
}

port.on("message", (msg: ToWorker) => {
  pending.push(msg);
  if (!draining && !starting) {
    draining = true;
    setImmediate(drain);
  }
});
