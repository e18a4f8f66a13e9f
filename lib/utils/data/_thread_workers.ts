// DataLoader workers on worker threads (node:worker_threads), one per worker, each running
// _worker_thread.ts on its own copy of the dataset. The calling thread stays synchronous: it
// sends tasks on each worker's port, and waits for results with Atomics.wait on a shared counter
// the workers bump after each message, taking them with receiveMessageOnPort. Constructing it
// throws Unsendable (before any thread starts) when the dataset, collate_fn or worker_init_fn
// cannot be sent; the protocol then falls back to workers in the calling thread.
// A pool that ends with its epoch hands its threads to the next one (Python starts new worker
// processes each epoch, but a thread that imports torchts costs ~0.6 s to start): the next pool
// sends them a fresh copy of its dataset and seeds, as new workers would get.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { join } from "node:path";
import * as errors from "../../errors";
import { RuntimeError } from "../../errors";
import { decode, dropEncoded, encode, modulesOf } from "./_thread_codec";
import type { FromWorker, ThreadData, ToWorker, WorkerInit } from "./_worker_thread";
import type { Result, WorkerLoader, WorkerPool } from "./_worker_iter";

/**
 * Worker threads started in this process, worker slots they have filled, and idle threads ended
 * (tests check the path taken).
 */
export const threadStats = { started: 0, assigned: 0, expired: 0 };

/** A worker thread, its port, and its epoch counter (bumped when it is released: tasks of an older epoch are skipped). */
interface PooledThread {
  thread: Worker;
  port: MessagePort;
  epoch: Int32Array;
}

/** Threads of pools that ended with their epoch, waiting for the next pool. */
const idle: PooledThread[] = [];

// An idle thread keeps its heap and torchts's state (about 65 MB each, measured): one that no
// pool has taken back for TORCHTS_WORKER_IDLE_S seconds (default 60) ends, as Python's workers
// end with their epoch. The timer does not keep the process alive, and a synchronous training
// loop takes the threads back before it can fire.
const idleSince = new WeakMap<PooledThread, number>();
let expiryTimer: NodeJS.Timeout | null = null;

function idleSeconds(): number {
  const s = Number(process.env.TORCHTS_WORKER_IDLE_S ?? 60);
  return Number.isFinite(s) && s >= 0 ? s : 60;
}

function makeIdle(threads: PooledThread[]): void {
  const now = performance.now();
  for (const t of threads) idleSince.set(t, now);
  idle.push(...threads);
  scheduleExpiry();
}

/** (Re)sets the timer for the thread idle the longest. */
function scheduleExpiry(): void {
  if (expiryTimer !== null) clearTimeout(expiryTimer);
  expiryTimer = null;
  if (idle.length === 0) return;
  const oldest = Math.min(...idle.map((t) => idleSince.get(t) ?? 0));
  expiryTimer = setTimeout(expireIdle, Math.max(0, oldest + idleSeconds() * 1000 - performance.now()));
  expiryTimer.unref();
}

function expireIdle(): void {
  expiryTimer = null;
  const limit = performance.now() - idleSeconds() * 1000;
  for (let i = idle.length - 1; i >= 0; i--) {
    if ((idleSince.get(idle[i]) ?? 0) > limit) continue;
    void idle[i].thread.terminate();
    idle.splice(i, 1);
    threadStats.expired += 1;
  }
  scheduleExpiry();
}

function startThread(): PooledThread {
  const { port1, port2 } = new MessageChannel();
  const epoch = new Int32Array(new SharedArrayBuffer(4));
  const data: ThreadData = { port: port2, epoch: epoch.buffer as SharedArrayBuffer };
  const thread = new Worker(join(__dirname, "_worker_thread.js"), { workerData: data, transferList: [port2] });
  thread.unref();
  // Errors are reported on the port by the worker itself; this only keeps Node from treating the
  // event as unhandled.
  thread.on("error", () => {});
  threadStats.started += 1;
  return { thread, port: port1, epoch };
}

/** How long a released thread may take to finish the task it is running before it is terminated instead. */
const RELEASE_WAIT_S = 10;

// Live pools, ended at process exit (a worker thread would otherwise keep running its task).
const live = new Set<ThreadWorkers>();
let exitHookSet = false;

/** The wait between liveness checks while no timeout is set (Python's MP_STATUS_CHECK_INTERVAL). */
const CHECK_INTERVAL_MS = 5000;

export class ThreadWorkers implements WorkerPool {
  private readonly threads: PooledThread[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly counter = new Int32Array(new SharedArrayBuffer(4));
  /** The port read first by the next receive (round-robin, so no worker starves). */
  private nextPort = 0;
  closed = false;

  constructor(loader: WorkerLoader, baseSeed: bigint) {
    const n = loader.num_workers;
    // Everything is encoded before a thread starts, so an Unsendable leaves nothing behind; the
    // dataset once per worker, as each worker adopts its own references to the tensors.
    const fns = {
      collate_fn: encode(loader.collate_fn, "collate_fn"),
      worker_init_fn: encode(loader.worker_init_fn, "worker_init_fn"),
    };
    const datasets: unknown[] = [];
    const memo = new Map<unknown, unknown>();
    try {
      for (let id = 0; id < n; id++, memo.clear()) datasets.push(encode(loader.dataset, "the dataset", memo));
    } catch (e) {
      // The tensors handed off before the unsendable object was met are taken back.
      dropEncoded([...datasets, ...memo.values()]);
      throw e;
    }
    const modules = [...modulesOf([fns, datasets[0]])];
    for (let id = 0; id < n; id++) {
      const init: WorkerInit = {
        counter: this.counter.buffer as SharedArrayBuffer,
        id,
        num_workers: n,
        seed: baseSeed + BigInt(id),
        modules,
        dataset: datasets[id],
        ...fns,
        iterable: loader._iterable,
        auto_collation: loader._auto_collation,
        drop_last: loader.drop_last,
      };
      const t = idle.pop() ?? startThread();
      t.port.postMessage({ type: "init", init } satisfies ToWorker);
      this.threads.push(t);
      this.ports.push(t.port);
      threadStats.assigned += 1;
    }
    live.add(this);
    if (!exitHookSet) {
      exitHookSet = true;
      process.on("exit", () => {
        live.forEach((p) => p.terminate());
        for (const t of idle.splice(0)) void t.thread.terminate();
      });
    }
  }

  put(worker: number, idx: number, index: unknown): void {
    this.ports[worker].postMessage({ type: "task", idx, index } satisfies ToWorker);
  }

  /** The next message from any worker, waiting up to `timeout` seconds (0: for ever); null when none came. */
  private poll(timeout: number): { worker: number; msg: FromWorker } | null {
    const deadline = timeout > 0 ? performance.now() + timeout * 1000 : Infinity;
    for (;;) {
      const seen = Atomics.load(this.counter, 0);
      for (let k = 0; k < this.ports.length; k++) {
        const w = (this.nextPort + k) % this.ports.length;
        const got = receiveMessageOnPort(this.ports[w]);
        if (got !== undefined) {
          this.nextPort = (w + 1) % this.ports.length;
          return { worker: w, msg: got.message as FromWorker };
        }
      }
      const left = deadline - performance.now();
      if (left <= 0) return null;
      Atomics.wait(this.counter, 0, seen, Math.min(left, CHECK_INTERVAL_MS));
    }
  }

  /** The next message, or Python's errors for a worker that died and for the timeout (the pool ends). */
  private receive(timeout: number): { worker: number; msg: FromWorker } {
    const got = this.poll(timeout);
    if (got === null) {
      this.terminate();
      throw new RuntimeError(`DataLoader timed out after ${timeout} seconds`);
    }
    if (got.msg.type === "died") {
      this.terminate();
      throw new RuntimeError(`DataLoader worker (worker id ${got.worker}) exited unexpectedly: ${got.msg.message}`);
    }
    return got;
  }

  get(timeout: number): { idx: number; worker: number; result: Result } {
    for (;;) {
      const { worker, msg } = this.receive(timeout);
      switch (msg.type) {
        case "data":
          return { idx: msg.idx, worker, result: { data: decode(msg.data) } };
        case "stop":
          return { idx: msg.idx, worker, result: { stop: true } };
        case "error": {
          const error = rebuildError(msg.name, msg.message);
          if (msg.cause !== null) (error as Error & { cause?: unknown }).cause = rebuildError(msg.cause.name, msg.cause.message);
          return { idx: msg.idx, worker, result: { error } };
        }
      }
    }
  }

  resume(): void {
    for (const port of this.ports) port.postMessage({ type: "resume" } satisfies ToWorker);
    let resumed = 0;
    while (resumed < this.ports.length) {
      const { msg } = this.receive(0);
      if (msg.type === "resumed") resumed += 1;
      else if (msg.type === "data") dropEncoded(msg.data);
    }
  }

  /** The epoch is over: each thread drops its dataset and waits, idle, for the next pool. */
  shutdown(): void {
    if (this.closed) return;
    for (const t of this.threads) {
      Atomics.add(t.epoch, 0, 1);
      t.port.postMessage({ type: "release" } satisfies ToWorker);
    }
    let released = 0;
    while (released < this.threads.length) {
      const got = this.poll(RELEASE_WAIT_S);
      if (got === null || got.msg.type === "died") return this.terminate();
      if (got.msg.type === "released") released += 1;
      else if (got.msg.type === "data") dropEncoded(got.msg.data);
    }
    this.close();
    makeIdle(this.threads);
  }

  /** The threads end (a timeout, a worker that died, process exit). */
  terminate(): void {
    if (this.closed) return;
    for (const t of this.threads) void t.thread.terminate();
    // Batches that arrived and will not be taken: their tensors are released.
    for (const port of this.ports) {
      for (let got = receiveMessageOnPort(port); got !== undefined; got = receiveMessageOnPort(port)) {
        const msg = got.message as FromWorker;
        if (msg.type === "data") dropEncoded(msg.data);
      }
      port.close();
    }
    this.close();
  }

  private close(): void {
    this.closed = true;
    live.delete(this);
  }
}

/** The worker's error again, of its class where torchts or JS has one by that name (ExceptionWrapper.reraise). */
function rebuildError(name: string, message: string): Error {
  const cls = (errors as Record<string, unknown>)[name] ?? (globalThis as Record<string, unknown>)[name];
  if (typeof cls === "function" && (cls === Error || cls.prototype instanceof Error)) {
    try {
      const e = new (cls as new (m: string) => Error)(message);
      if (e.message === message) return e;
    } catch {
      // a constructor that wants other arguments: RuntimeError below
    }
  }
  return new RuntimeError(message);
}
