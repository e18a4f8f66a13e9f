// JS in backward when the autograd engine runs it on another thread (as it does for CUDA
// tensors): with torch._C._set_backward_on_worker_thread(true) every backward runs off the JS
// thread and each JS call (tensor hook, module backward hook, autograd.Function backward) is
// handed back to the JS thread (native/autograd.cc). Each case runs on the normal path and on
// the worker path, and both must give Python's numbers; torch._C._backward_thread_js_calls()
// proves which path ran. The last case runs on CUDA, where the worker path is taken by itself.
import { readdirSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import torch from "torchts";
import { pythonJsonAsync } from "./helpers/python";
import { close } from "./helpers/compare";

const { nn } = torch;
type T = InstanceType<typeof torch.Tensor>;
type Ctx = InstanceType<typeof torch.autograd.FunctionCtx>;

class LegendrePolynomial3 extends torch.autograd.Function {
  static forward(ctx: Ctx, input: T): T {
    ctx.save_for_backward(input);
    return input.pow(3).mul(5).sub(input.mul(3)).mul(0.5);
  }

  static backward(ctx: Ctx, grad_output: T): T {
    const [input] = ctx.saved_tensors as T[];
    return grad_output.mul(1.5).mul(input.pow(2).mul(5).sub(1));
  }
}

class WrongShape extends torch.autograd.Function {
  static forward(_ctx: Ctx, x: T): T {
    return x.mul(2);
  }

  static backward(_ctx: Ctx, g: T): T {
    return g.narrow(0, 0, 2);
  }
}

const PY = `
import math
class LegendrePolynomial3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)

class WrongShape(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, g):
        return g[:2]

res = {}
x = torch.linspace(-math.pi, math.pi, 2000)
y = torch.sin(x)
a, b, c, d = (torch.full((), v, requires_grad=True) for v in (0.0, -1.0, 0.0, 0.3))
losses = []
for t in range(30):
    loss = (a + b * LegendrePolynomial3.apply(c + d * x) - y).pow(2).sum()
    losses.append(loss.item())
    loss.backward()
    with torch.no_grad():
        for p in (a, b, c, d):
            p -= 5e-6 * p.grad
            p.grad = None
res["legendre"] = {"losses": losses, "params": [p.item() for p in (a, b, c, d)]}

x = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
y = x * 2
y.register_hook(lambda g: g * 3)
x.register_hook(lambda g: g + 1)
(y ** 2).sum().backward()
res["hooks"] = x.grad.tolist()

torch.manual_seed(0)
lin = torch.nn.Linear(3, 2)
log = []
lin.register_full_backward_pre_hook(lambda m, go: (log.append(go[0].tolist()), (go[0] * 0.5,))[1])
lin.register_full_backward_hook(lambda m, gi, go: (log.append(gi[0].tolist()), (gi[0] + 1,))[1])
inp = torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]], requires_grad=True)
lin(inp).pow(2).sum().backward()
res["module"] = {"log": log, "inp": inp.grad.tolist(), "w": lin.weight.grad.tolist(), "b": lin.bias.grad.tolist()}

def bad(g):
    return torch.ones(2)
x = torch.ones(3, requires_grad=True)
x.register_hook(bad)
try:
    (x * 2).sum().backward()
except RuntimeError as e:
    res["bad_hook"] = str(e)
try:
    WrongShape.apply(torch.ones(3, requires_grad=True)).sum().backward()
except RuntimeError as e:
    res["wrong_shape"] = str(e)

x = torch.tensor([0.3, -0.7, 1.2], requires_grad=True)
g, = torch.autograd.grad(LegendrePolynomial3.apply(x).sum(), x, create_graph=True)
gg, = torch.autograd.grad(g.sum(), x)
res["double"] = {"g": g.tolist(), "gg": gg.tolist(), "g_requires_grad": g.requires_grad}

x = torch.tensor([0.5, 1.5, -1.0], requires_grad=True)
w = torch.tensor([2.0, -1.0, 0.5], requires_grad=True)
def hook(g):
    with torch.enable_grad():
        gw, = torch.autograd.grad(LegendrePolynomial3.apply(w * 1.0).sum(), w)
        (w * w).sum().backward()
    return g * gw
y = x * 3
y.register_hook(hook)
LegendrePolynomial3.apply(y).sum().backward()
res["reentrant"] = {"x": x.grad.tolist(), "w": w.grad.tolist()}

x = torch.tensor([0.2, 0.4], requires_grad=True)
y = LegendrePolynomial3.apply(x)
y.register_hook(lambda g: g * 2)
z = y.sum()
grads = []
z.backward(retain_graph=True)
grads.append(x.grad.tolist())
z.backward(retain_graph=True)
grads.append(x.grad.tolist())
z.backward()
grads.append(x.grad.tolist())
try:
    z.backward()
except RuntimeError as e:
    res["retain_error"] = str(e)
res["retain"] = grads
print(json.dumps(res))
`;

type Py = {
  legendre: { losses: number[]; params: number[] };
  hooks: number[];
  module: { log: number[][][]; inp: number[][]; w: number[][]; b: number[] };
  bad_hook: string;
  wrong_shape: string;
  double: { g: number[]; gg: number[]; g_requires_grad: boolean };
  reentrant: { x: number[]; w: number[] };
  retain: number[][];
  retain_error: string;
};

const jsCalls = (): number => torch._C._backward_thread_js_calls();

/** Runs fn with the worker-thread switch set to `on`; returns its result and the JS calls marshalled meanwhile. */
function inMode<R>(on: boolean, fn: () => R): [R, number] {
  const before = torch._C._get_backward_on_worker_thread();
  torch._C._set_backward_on_worker_thread(on);
  const calls = jsCalls();
  try {
    return [fn(), jsCalls() - calls];
  } finally {
    torch._C._set_backward_on_worker_thread(before);
  }
}

/** fn on the normal path and on the worker path: both results, and the worker path's marshalled calls. */
function bothPaths<R>(fn: () => R): { normal: R; worker: R; calls: number } {
  const [normal, normalCalls] = inMode(false, fn);
  expect(normalCalls, "the normal path marshals nothing").toBe(0);
  const [worker, calls] = inMode(true, fn);
  return { normal, worker, calls };
}

function legendreTraining(steps: number) {
  const x = torch.linspace(-Math.PI, Math.PI, 2000);
  const y = torch.sin(x);
  const full = (v: number) => torch.full([], v, { dtype: torch.float32, requires_grad: true });
  const params = [full(0), full(-1), full(0), full(0.3)];
  const [a, b, c, d] = params;
  const losses: number[] = [];
  for (let t = 0; t < steps; t++) {
    const loss = a.add(b.mul(LegendrePolynomial3.apply(c.add(d.mul(x))))).sub(y).pow(2).sum();
    losses.push(loss.item());
    loss.backward();
    torch.no_grad(() => {
      for (const p of params) {
        p.sub_(p.grad!.mul(5e-6));
        p.grad = null;
      }
    });
  }
  return { losses, params: params.map((p) => p.item()) };
}

function tensorHooks(): number[] {
  const x = torch.tensor([1.0, -2.0, 0.5], { requires_grad: true });
  const y = x.mul(2);
  y.register_hook((g) => g.mul(3));
  x.register_hook((g) => g.add(1));
  y.pow(2).sum().backward();
  return x.grad!.tolist() as number[];
}

function moduleHooks() {
  torch.manual_seed(0);
  const lin = new nn.Linear(3, 2);
  const log: unknown[] = [];
  lin.register_full_backward_pre_hook((_m: unknown, go: T[]) => {
    log.push(go[0].tolist());
    return [go[0].mul(0.5)];
  });
  lin.register_full_backward_hook((_m: unknown, gi: (T | null)[]) => {
    log.push(gi[0]!.tolist());
    return [gi[0]!.add(1)];
  });
  const inp = torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]], { requires_grad: true });
  lin.forward(inp).pow(2).sum().backward();
  return { log, inp: inp.grad!.tolist(), w: lin.weight.grad!.tolist(), b: lin.bias!.grad!.tolist() };
}

function doubleBackward() {
  const x = torch.tensor([0.3, -0.7, 1.2], { requires_grad: true });
  const [g] = torch.autograd.grad(LegendrePolynomial3.apply(x).sum(), x, { create_graph: true }) as T[];
  const [gg] = torch.autograd.grad(g.sum(), x) as T[];
  return { g: g.tolist(), gg: gg.tolist(), g_requires_grad: g.requires_grad };
}

function reentrant() {
  const x = torch.tensor([0.5, 1.5, -1.0], { requires_grad: true });
  const w = torch.tensor([2.0, -1.0, 0.5], { requires_grad: true });
  const y = x.mul(3);
  y.register_hook((g) => {
    // Backward runs without grad mode (create_graph is false), in the hook too, as in Python.
    expect(torch.is_grad_enabled()).toBe(false);
    const gw = torch.enable_grad(() => {
      const [inner] = torch.autograd.grad(LegendrePolynomial3.apply(w.mul(1.0)).sum(), w) as T[];
      w.mul(w).sum().backward();
      return inner;
    });
    return g.mul(gw);
  });
  LegendrePolynomial3.apply(y).sum().backward();
  return { x: x.grad!.tolist(), w: w.grad!.tolist() };
}

function retainGraph() {
  const x = torch.tensor([0.2, 0.4], { requires_grad: true });
  const y = LegendrePolynomial3.apply(x);
  y.register_hook((g) => g.mul(2));
  const z = y.sum();
  const grads: unknown[] = [];
  z.backward({ retain_graph: true });
  grads.push(x.grad!.tolist());
  z.backward({ retain_graph: true });
  grads.push(x.grad!.tolist());
  z.backward();
  grads.push(x.grad!.tolist());
  let error = "";
  try {
    z.backward();
  } catch (e) {
    error = (e as Error).message;
  }
  return { grads, error };
}

/** The message of what fn throws (and that it is a torch RuntimeError). */
function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(torch.RuntimeError);
    return (e as Error).message;
  }
  throw new Error("expected a throw");
}

describe("JS in backward run on the autograd engine's threads", () => {
  let py: Py;
  beforeAll(async () => {
    py = await pythonJsonAsync<Py>(PY);
  }, 120_000);

  it("the switch and TORCHTS_BACKWARD_THREAD: the worker path marshals every JS call, the normal path none", () => {
    expect(torch._C._get_backward_on_worker_thread()).toBe(process.env.TORCHTS_BACKWARD_THREAD === "1");
    expect(() => torch._C._set_backward_on_worker_thread(1 as unknown as boolean)).toThrow(torch.TypeError);
  });

  it("the Legendre autograd.Function trains to Python's losses", () => {
    const steps = 30;
    const { normal, worker, calls } = bothPaths(() => legendreTraining(steps));
    expect(worker).toStrictEqual(normal);
    expect(worker).toStrictEqual(py.legendre);
    expect(calls).toBe(steps);
  });

  it("tensor hooks that change gradients", () => {
    const { normal, worker, calls } = bothPaths(tensorHooks);
    expect(worker).toStrictEqual(normal);
    expect(worker).toStrictEqual(py.hooks);
    expect(calls).toBe(2);
  });

  it("module full backward pre-hooks and hooks that change gradients", () => {
    const { normal, worker, calls } = bothPaths(moduleHooks);
    expect(worker).toStrictEqual(normal);
    close(worker, py.module, 1e-6, "module");
    expect(calls).toBeGreaterThan(0);
  });

  it("a hook that throws: the original JS exception comes back, and the next backward works", () => {
    const [, calls] = inMode(true, () => {
      const x = torch.ones(3, { requires_grad: true });
      const error = new Error("from the hook");
      const handle = x.register_hook(() => {
        throw error;
      });
      let caught: unknown;
      try {
        x.mul(2).sum().backward();
      } catch (e) {
        caught = e;
      }
      expect(caught).toBe(error);
      handle.remove();
      const plain = x.register_hook(() => {
        throw "plain";
      });
      expect(() => x.mul(2).sum().backward()).toThrow("plain");
      plain.remove();
      expect(tensorHooks()).toStrictEqual(py.hooks);
    });
    expect(calls).toBe(4); // the two hooks that threw, and tensorHooks' two
  });

  it("C++ errors raised on the engine's thread keep Python's messages", () => {
    const badHook = () => {
      const x = torch.ones(3, { requires_grad: true });
      x.register_hook(function bad() {
        return torch.ones(2);
      });
      return thrown(() => x.mul(2).sum().backward());
    };
    const wrongShape = () => thrown(() => WrongShape.apply(torch.ones(3, { requires_grad: true })).sum().backward());
    for (const [fn, expected] of [
      [badHook, py.bad_hook],
      [wrongShape, py.wrong_shape],
    ] as const) {
      const { normal, worker } = bothPaths(fn);
      expect(worker).toBe(expected);
      expect(normal).toBe(expected);
    }
  });

  it("torch.autograd.grad with create_graph: double backward through a JS Function", () => {
    const { normal, worker, calls } = bothPaths(doubleBackward);
    expect(worker).toStrictEqual(normal);
    expect(worker).toStrictEqual(py.double);
    expect(calls).toBe(1);
  });

  it("a reentrant backward (grad and backward) inside a hook, through a JS Function", () => {
    const { normal, worker, calls } = bothPaths(reentrant);
    expect(worker).toStrictEqual(normal);
    expect(worker).toStrictEqual(py.reentrant);
    expect(calls).toBe(3); // outer Function, hook, inner Function; (w * w).sum().backward() calls no JS
  });

  it("retain_graph: repeated backward accumulates; after the graph is freed, Python's error", () => {
    const { normal, worker, calls } = bothPaths(retainGraph);
    expect(worker).toStrictEqual(normal);
    expect(worker).toStrictEqual({ grads: py.retain, error: py.retain_error });
    expect(calls).toBeGreaterThanOrEqual(6);
  });

  it.skipIf(process.platform !== "linux")("the worker threads are joined: the process's thread count stays flat", () => {
    const threads = () => readdirSync("/proc/self/task").length;
    inMode(true, () => {
      for (let i = 0; i < 5; i++) tensorHooks();
      const before = threads();
      for (let i = 0; i < 100; i++) expect(tensorHooks()).toStrictEqual(py.hooks);
      expect(threads()).toBe(before);
    });
  });

  it.skipIf(!torch.cuda.is_available())("on CUDA, hooks, module hooks and Functions run (marshalled) without the switch", () => {
    const onCuda = (device: string) => {
      const x = torch.tensor([0.3, -0.7, 1.2], { device, requires_grad: true });
      const y = LegendrePolynomial3.apply(x.mul(2));
      y.register_hook((g) => g.mul(3));
      y.sum().backward();
      return x.grad!.cpu().tolist();
    };
    const [cpu] = inMode(false, () => onCuda("cpu"));
    const [cuda, calls] = inMode(false, () => onCuda("cuda"));
    close(cuda, cpu, 1e-6, "cuda");
    expect(calls).toBe(2);
  });
});
