// Memory: a training loop with no manual frees runs at flat memory and trains as Python's
// does; dispose(), using and torch.scope() free at once; a failed allocation is an exception.
import { describe, expect, it } from "vitest";
import torch from "torchts";
// @ts-expect-error: a plain ES module shared with bench/memory.mjs
import { makeLoop, PYTHON_LOOP } from "../bench/training-loop.mjs";
import { pythonJson, pythonJsonAsync, yieldToEventLoop } from "./helpers/python";

describe("a training loop with no manual frees", () => {
  it("keeps RSS within 10% after warm-up over 1,000 steps, and computes Python's losses", async () => {
    const expected = pythonJsonAsync<number[]>(`${PYTHON_LOOP}
torch.set_num_threads(${torch.get_num_threads()})
step = make_loop()
out = []
for i in range(1, 1001):
    loss = step()
    if i % 100 == 0:
        out.append(loss.item())
print(json.dumps(out))`);
    const step = makeLoop();
    const losses: number[] = [];
    let warm = 0;
    for (let i = 1; i <= 1000; i++) {
      const loss = step();
      if (i % 100 === 0) losses.push(loss.item() as number);
      if (i === 200) warm = process.memoryUsage().rss;
      await yieldToEventLoop();
    }
    const end = process.memoryUsage().rss;
    expect(end / warm).toBeLessThan(1.1);

    expect(losses).toStrictEqual(await expected);
  });
});

describe("dead graphs are collected in time", () => {
  // Dead results are freed within a few ops, graphs and all: by the paced collections (every
  // 16 MB of tensors made, lib/_gc.ts), or with pacing off by V8, which is told of the tensors
  // as external memory (both pass: restored from the reverted graph-pacing change).
  it("frees the graphs of forwards that no backward follows", () => {
    const w = torch.randn(256, 256, { requires_grad: true });
    const x = torch.randn(1024, 256); // each result below is 1 MB
    torch.cpu.reset_peak_memory_stats();
    const before = torch.cpu.memory_allocated();
    let total = 0;
    for (let i = 0; i < 400; i++) total += x.matmul(w).relu().sum().item() as number;
    const peak = torch.cpu.max_memory_allocated() - before;
    // 400 iterations make 800 MB of graph tensors
    expect(peak).toBeLessThan(200 * 2 ** 20);
    expect(Number.isFinite(total)).toBe(true);
  });

  it("frees a training loop's forward results after each backward", () => {
    const w = torch.randn(256, 256, { requires_grad: true });
    const x = torch.randn(1024, 256);
    torch.cpu.reset_peak_memory_stats();
    const before = torch.cpu.memory_allocated();
    for (let i = 0; i < 400; i++) {
      x.matmul(w).relu().matmul(w).sum().backward();
      w.grad = null;
    }
    expect(torch.cpu.max_memory_allocated() - before).toBeLessThan(200 * 2 ** 20);
  });
});

describe("freeing at once", () => {
  it("torch.scope frees what was made inside but what it returns", () => {
    let inner: InstanceType<typeof torch.Tensor> | undefined;
    const [kept, other] = torch.scope(() => {
      inner = torch.ones(3).mul(2);
      return [inner.add(1), { t: inner.sub(1) }];
    });
    expect(() => inner!.sum()).toThrow("this tensor has been disposed");
    expect(kept.tolist()).toStrictEqual([3, 3, 3]);
    expect(other.t.tolist()).toStrictEqual([1, 1, 1]);
  });

  it("nested scopes hand what the inner one returns to the outer one", () => {
    let fromInner: InstanceType<typeof torch.Tensor> | undefined;
    torch.scope(() => {
      fromInner = torch.scope(() => torch.ones(2));
      expect(fromInner.sum().item()).toBe(2);
      return null;
    });
    expect(() => fromInner!.sum()).toThrow("this tensor has been disposed");
  });

  it("a scope frees its tensors when its function throws, and rejects async functions", () => {
    let made: InstanceType<typeof torch.Tensor> | undefined;
    expect(() =>
      torch.scope(() => {
        made = torch.ones(2);
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(() => made!.sum()).toThrow("this tensor has been disposed");
    expect(() => torch.scope(async () => torch.ones(1))).toThrow(torch.TypeError);
  });

  it("autograd keeps what it needs when a scope frees the intermediates", () => {
    const w = torch.ones(3, { requires_grad: true });
    const loss = torch.scope(() => w.mul(2).exp().sum());
    loss.backward();
    expect(w.grad!.tolist()).toStrictEqual(torch.ones(3).mul(2).exp().mul(2).tolist());
  });
});

describe("allocation failures", () => {
  it("a tensor too large for memory raises Python's RuntimeError, and the process goes on", () => {
    const [type, message] = pythonJson<[string, string]>(`
try:
    torch.empty(10**13)
except Exception as e:
    print(json.dumps([type(e).__name__, str(e)]))`);
    let caught: unknown;
    try {
      torch.empty(10 ** 13);
    } catch (error) {
      caught = error;
    }
    expect((caught as Error).name).toBe(type);
    expect((caught as Error).message).toBe(message);
    expect(torch.ones(2).sum().item()).toBe(2);
  });
});

describe("scopes and optimizers", () => {
  it("an optimizer's first step inside a scope keeps the state it makes", () => {
    const w = new torch.nn.Parameter(torch.ones(3));
    const opt = new torch.optim.Adam([w], { lr: 0.1 });
    for (let i = 0; i < 3; i++) {
      torch.scope(() => {
        w.mul(w).sum().backward();
        opt.step();
        opt.zero_grad();
      });
    }
    expect(w.tolist()).toStrictEqual(w.tolist().map(() => (w.tolist() as number[])[0]));
    expect((w.tolist() as number[])[0]).toBeLessThan(1);
  });
});
