// Threads: the addon is context-aware, so worker_threads each load torchts and train at the
// same time (each worker's losses are Python's for its seed, with a tensor hook, no_grad and
// the error classes working per thread); a worker's exit or termination frees its tensors and
// the process lives on; async training loops, alone or interleaved on one thread, compute the
// synchronous loop's losses.
//
// torch.manual_seed is process-global in LibTorch, so the workers draw their initial weights
// and data from their own torch.Generator.
import { describe, expect, it } from "vitest";
import { Worker } from "node:worker_threads";
import torch from "torchts";
import { projectRoot, runNode } from "./helpers/node";
import { pythonJson } from "./helpers/python";

const STEPS = 40;

/**
 * The training run, as JS source shared by the workers and this thread: an MLP whose weights
 * and data come from a Generator seeded `seed`, trained with Adam on MSE, a hook halving the
 * first layer's weight gradient, and a no_grad evaluation after every step.
 */
const TRAIN = `
function makeRun(torch, seed) {
  const g = new torch.Generator().manual_seed(seed);
  const model = new torch.nn.Sequential(new torch.nn.Linear(8, 16), new torch.nn.Tanh(), new torch.nn.Linear(16, 1));
  torch.no_grad(() => {
    for (const p of model.parameters()) p.copy_(torch.randn(p.shape, { generator: g }).mul(0.3));
  });
  const x = torch.randn([64, 8], { generator: g });
  const y = torch.randn([64, 1], { generator: g });
  const first = [...model.parameters()][0];
  first.register_hook((grad) => grad.mul(0.5));
  const opt = new torch.optim.Adam(model.parameters(), { lr: 0.01 });
  const evals = [];
  return {
    evals,
    step() {
      opt.zero_grad();
      const loss = torch.nn.functional.mse_loss(model.forward(x), y);
      loss.backward();
      opt.step();
      evals.push(torch.no_grad(() => model.forward(x).sum().item()));
      return loss.item();
    },
  };
}`;

const PYTHON_TRAIN = `
def run(seed, steps):
    g = torch.Generator().manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn(p.shape, generator=g) * 0.3)
    x = torch.randn(64, 8, generator=g)
    y = torch.randn(64, 1, generator=g)
    next(model.parameters()).register_hook(lambda grad: grad * 0.5)
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    losses, evals = [], []
    for _ in range(steps):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        with torch.no_grad():
            evals.append(model(x).sum().item())
        losses.append(loss.item())
    return {"losses": losses, "evals": evals}
`;

let python: Record<string, { losses: number[]; evals: number[] }> | undefined;
/** Python's run for each seed the tests use (one Python process for all). */
function pythonRun(seed: 1 | 2 | 4 | 5): { losses: number[]; evals: number[] } {
  python ??= pythonJson(`${PYTHON_TRAIN}
torch.set_num_threads(${torch.get_num_threads()})
print(json.dumps({str(s): run(s, ${STEPS}) for s in [1, 2, 4, 5]}))`);
  return python![String(seed)];
}

// eslint-disable-next-line @typescript-eslint/no-implied-eval
const makeRun = new Function("torch", "seed", `${TRAIN}\nreturn makeRun(torch, seed);`) as (
  t: typeof torch,
  seed: number,
) => { evals: number[]; step(): number };

/** A worker running `body` (CommonJS, with `torch`, `parentPort`, `workerData` and makeRun in scope). */
function worker(body: string, workerData: unknown = null): Worker {
  return new Worker(
    `const { parentPort, workerData } = require("node:worker_threads");
const torch = require(${JSON.stringify(projectRoot)});
${TRAIN}
${body}`,
    { eval: true, workerData },
  );
}

function result<T>(w: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    w.once("message", resolve);
    w.once("error", reject);
    w.once("exit", (code) => reject(new Error(`worker exited (${code}) before answering`)));
  });
}

function exited(w: Worker): Promise<number> {
  return new Promise((resolve) => w.once("exit", resolve));
}

const rssMB = () => process.memoryUsage().rss / 2 ** 20;

describe("two workers training at once", () => {
  it("each computes Python's losses for its seed, at the same time, with its own error classes", async () => {
    const seeds = [1, 2] as const;
    type Answer = { losses: number[]; evals: number[]; ownRuntimeError: boolean };
    const progress = new SharedArrayBuffer(8);
    const workers = seeds.map((seed, index) =>
      worker(
        `const run = makeRun(torch, workerData.seed);
// Lockstep: step i waits until the other worker has done i steps, so the two runs are
// interleaved in time by construction (a worker that cannot run beside the other times out).
const progress = new Int32Array(workerData.progress);
const me = workerData.index, other = 1 - me;
const losses = [];
for (let i = 0; i < workerData.steps; i++) {
  const deadline = Date.now() + 30_000;
  while (Atomics.load(progress, other) < i) {
    if (Date.now() > deadline) throw new Error("worker " + me + " waited 30 s for step " + i + " of the other");
    Atomics.wait(progress, other, Atomics.load(progress, other), 100);
  }
  losses.push(run.step());
  Atomics.store(progress, me, i + 1);
  Atomics.notify(progress, me);
}
let ownRuntimeError = false;
try { torch.ones(2).matmul(torch.ones(3)); } catch (e) { ownRuntimeError = e instanceof torch.RuntimeError && /size mismatch|shapes cannot be multiplied|inconsistent/.test(e.message); }
parentPort.postMessage({ losses, evals: run.evals, ownRuntimeError });`,
        { seed, steps: STEPS, index, progress },
      ),
    );
    const exits = workers.map(exited);
    const answers = await Promise.all(workers.map((w) => result<Answer>(w)));
    expect(await Promise.all(exits)).toStrictEqual([0, 0]);
    answers.forEach((a, i) => {
      expect(a.losses).toStrictEqual(pythonRun(seeds[i]).losses);
      expect(a.evals).toStrictEqual(pythonRun(seeds[i]).evals);
      expect(a.ownRuntimeError).toBe(true);
    });
    // The seeds give different runs, and both finished their lockstep.
    expect(answers[0].losses).not.toStrictEqual(answers[1].losses);
    expect(Array.from(new Int32Array(progress))).toStrictEqual([STEPS, STEPS]);
    // This thread is unaffected: same run here, errors of this thread's classes.
    const here = makeRun(torch, 1);
    expect(Array.from({ length: STEPS }, () => here.step())).toStrictEqual(pythonRun(1).losses);
    expect(() => torch.ones(2).matmul(torch.ones(3))).toThrow(torch.RuntimeError);
  }, 120_000);
});

describe("a worker's tensors", () => {
  // 10 x 50 MB of ones (written, so resident), kept alive until the worker ends.
  const ALLOCATE = `
const held = Array.from({ length: 10 }, () => torch.ones(12_500_000));
parentPort.postMessage(held.reduce((n, t) => n + t.numel(), 0));
// Waits for the main thread to measure, then lets the worker end with \`held\` still referenced.
parentPort.once("message", () => parentPort.close());`;

  it("are freed when it exits with them still referenced", async () => {
    const baseline = rssMB();
    const w = worker(ALLOCATE);
    const exit = exited(w);
    expect(await result<number>(w)).toBe(125_000_000);
    const peak = rssMB();
    w.postMessage("end");
    expect(await exit).toBe(0);
    const after = rssMB();
    expect(peak - baseline).toBeGreaterThan(400);
    expect(after - baseline, `baseline ${baseline} MB, peak ${peak} MB, after ${after} MB`).toBeLessThan(100);
  }, 60_000);

  it("are freed when it is terminated while holding them", async () => {
    const baseline = rssMB();
    const w = worker(ALLOCATE);
    await result<number>(w);
    const peak = rssMB();
    await w.terminate();
    const after = rssMB();
    expect(peak - baseline).toBeGreaterThan(400);
    expect(after - baseline, `baseline ${baseline} MB, peak ${peak} MB, after ${after} MB`).toBeLessThan(100);
  }, 60_000);
});

describe("terminating a worker mid-training", () => {
  it("at random moments of a training loop with a JS tensor hook: the process lives on and trains", () => {
    // In a child process, so that a crash shows as its exit status rather than this runner's death.
    const body = `const { parentPort } = require("node:worker_threads");
const torch = require(${JSON.stringify(projectRoot)});
${TRAIN}
const run = makeRun(torch, 3);
parentPort.postMessage("training");
for (;;) run.step();`;
    const program = `
const { Worker } = require("node:worker_threads");
const torch = require(${JSON.stringify(projectRoot)});
${TRAIN}
const body = ${JSON.stringify(body)};
(async () => {
  const codes = [];
  for (let i = 0; i < 5; i++) {
    const w = new Worker(body, { eval: true });
    await new Promise((r) => w.once("message", r));
    await new Promise((r) => setTimeout(r, Math.random() * 200));
    codes.push(await w.terminate());
  }
  const run = makeRun(torch, 1);
  const losses = Array.from({ length: ${STEPS} }, () => run.step());
  console.log(JSON.stringify({ codes, losses }));
})();`;
    const child = runNode(["-e", program]);
    expect(child.signal, child.stderr).toBeNull();
    expect(child.status, child.stderr).toBe(0);
    const { codes, losses } = JSON.parse(child.stdout);
    expect(codes).toStrictEqual([1, 1, 1, 1, 1]);
    expect(losses).toStrictEqual(pythonRun(1).losses);
  }, 120_000);
});

describe("async training loops", () => {
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

  async function asyncLoop(seed: number): Promise<number[]> {
    const run = makeRun(torch, seed);
    const losses: number[] = [];
    for (let i = 0; i < STEPS; i++) {
      losses.push(run.step());
      await tick();
    }
    return losses;
  }

  it("with await between steps, alone and two interleaved on different models, compute the synchronous losses", async () => {
    const sync = makeRun(torch, 4);
    expect(Array.from({ length: STEPS }, () => sync.step())).toStrictEqual(pythonRun(4).losses);
    expect(await asyncLoop(4)).toStrictEqual(pythonRun(4).losses);
    // Interleaved: the two loops' steps alternate on this thread.
    const order: number[] = [];
    const tracked = async (seed: number) => {
      const run = makeRun(torch, seed);
      const losses: number[] = [];
      for (let i = 0; i < STEPS; i++) {
        losses.push(run.step());
        order.push(seed);
        await tick();
      }
      return losses;
    };
    const [a, b] = await Promise.all([tracked(4), tracked(5)]);
    expect(a).toStrictEqual(pythonRun(4).losses);
    expect(b).toStrictEqual(pythonRun(5).losses);
    expect(order.slice(0, 6)).toStrictEqual([4, 5, 4, 5, 4, 5]);
  }, 120_000);
});
