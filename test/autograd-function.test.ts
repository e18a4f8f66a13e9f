// torch.autograd.Function against Python's: "Learning PyTorch with Examples"'s custom
// LegendrePolynomial3 trains to Python's losses; gradients, ctx, materialized gradients,
// inputs returned as outputs, and the errors of a wrong backward.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { pythonJson } from "./helpers/python";

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

const PY_LEGENDRE = `
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
`;

describe("torch.autograd.Function", () => {
  it("the tutorial's LegendrePolynomial3 model trains to Python's loss at every step", () => {
    const steps = 300;
    const py = pythonJson<{ losses: number[]; params: number[] }>(`${PY_LEGENDRE}
x = torch.linspace(-math.pi, math.pi, 2000)
y = torch.sin(x)
a = torch.full((), 0.0, requires_grad=True)
b = torch.full((), -1.0, requires_grad=True)
c = torch.full((), 0.0, requires_grad=True)
d = torch.full((), 0.3, requires_grad=True)
losses = []
for t in range(${steps}):
    P3 = LegendrePolynomial3.apply
    y_pred = a + b * P3(c + d * x)
    loss = (y_pred - y).pow(2).sum()
    losses.append(loss.item())
    loss.backward()
    with torch.no_grad():
        for p in (a, b, c, d):
            p -= 5e-6 * p.grad
            p.grad = None
print(json.dumps({"losses": losses, "params": [a.item(), b.item(), c.item(), d.item()]}))`);

    const x = torch.linspace(-Math.PI, Math.PI, 2000);
    const y = torch.sin(x);
    const full = (v: number) => torch.full([], v, { dtype: torch.float32, requires_grad: true });
    const [a, b, c, d] = [full(0), full(-1), full(0), full(0.3)];
    const losses: number[] = [];
    for (let t = 0; t < steps; t++) {
      const y_pred = a.add(b.mul(LegendrePolynomial3.apply(c.add(d.mul(x)))));
      const loss = y_pred.sub(y).pow(2).sum();
      losses.push(loss.item());
      loss.backward();
      torch.no_grad(() => {
        for (const p of [a, b, c, d]) {
          p.sub_(p.grad!.mul(5e-6));
          p.grad = null;
        }
      });
    }
    expect(losses).toStrictEqual(py.losses);
    expect([a, b, c, d].map((p) => p.item())).toStrictEqual(py.params);
  });

  it("grad_fn, needs_input_grad, non-tensor arguments, several outputs, materialized gradients", () => {
    const py = pythonJson<Record<string, unknown>>(`
class Scale(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, k, b):
        ctx.k = k
        ctx.record = list(ctx.needs_input_grad)
        return a * k, a + b
    @staticmethod
    def backward(ctx, g1, g2):
        ctx.seen = [g1.tolist(), g2.tolist()]
        return g1 * ctx.k + g2, None, g2 * 2

class Lazy(Scale):
    @staticmethod
    def forward(ctx, a, k, b):
        ctx.set_materialize_grads(False)
        return Scale.forward(ctx, a, k, b)
    @staticmethod
    def backward(ctx, g1, g2):
        ctx.seen = [g1.tolist(), g2 is None]
        return g1 * ctx.k, None, None

a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([3.0, 4.0])
u, v = Scale.apply(a, 3, b)
u.sum().backward()
fn = u.grad_fn
out = {"name": type(fn).__name__, "str": str(u), "needs": fn.record if hasattr(fn, "record") else None,
       "grad": a.grad.tolist(), "seen": fn.seen if hasattr(fn, "seen") else None}
a.grad = None
u2, v2 = Lazy.apply(a, 2, b)
(u2 * 2).sum().backward()
out["lazy_grad"] = a.grad.tolist()
print(json.dumps(out))`);
    let needs: boolean[] = [];
    let seen: unknown[] = [];
    class Scale extends torch.autograd.Function {
      static forward(ctx: Ctx, a: T, k: number, b: T): [T, T] {
        ctx.k = k;
        needs = [...ctx.needs_input_grad];
        return [a.mul(k), a.add(b)];
      }
      static backward(ctx: Ctx, g1: T, g2: T) {
        seen = [g1.tolist(), g2.tolist()];
        return [g1.mul(ctx.k as number).add(g2), null, g2.mul(2)];
      }
    }
    class Lazy extends torch.autograd.Function {
      static forward(ctx: Ctx, a: T, k: number, b: T): [T, T] {
        ctx.set_materialize_grads(false);
        ctx.k = k;
        return [a.mul(k), a.add(b)];
      }
      static backward(ctx: Ctx, g1: T, g2: T | null) {
        seen = [g1.tolist(), g2 === null];
        return [g1.mul(ctx.k as number), null, null];
      }
    }
    const a = torch.tensor([1, 2], { dtype: torch.float32, requires_grad: true });
    const b = torch.tensor([3, 4], { dtype: torch.float32 });
    const [u] = Scale.apply(a, 3, b);
    u.sum().backward();
    expect(u.grad_fn!.name()).toBe(py.name);
    expect(String(u)).toBe(py.str);
    expect(needs).toStrictEqual([true, false, false]);
    expect(a.grad!.tolist()).toStrictEqual(py.grad);
    // the unused output's gradient arrives as zeros (Python's default)
    expect(seen).toStrictEqual([
      [1, 1],
      [0, 0],
    ]);
    a.grad = null;
    const [u2] = Lazy.apply(a, 2, b);
    u2.mul(2).sum().backward();
    expect(seen).toStrictEqual([[2, 2], true]);
    expect(a.grad!.tolist()).toStrictEqual(py.lazy_grad);
  });

  it("without grad (no input requires it, or under no_grad) forward runs alone and records nothing", () => {
    const x = torch.tensor([1.5], { dtype: torch.float32 });
    expect(LegendrePolynomial3.apply(x).grad_fn).toBeNull();
    const w = torch.tensor([1.5], { dtype: torch.float32, requires_grad: true });
    expect(torch.no_grad(() => LegendrePolynomial3.apply(w)).requires_grad).toBe(false);
  });

  it("an input returned as it is becomes a view with the function's grad_fn; the input keeps its own", () => {
    class Same extends torch.autograd.Function {
      static forward(_ctx: Ctx, a: T): T {
        return a;
      }
      static backward(_ctx: Ctx, g: T): T {
        return g.mul(3);
      }
    }
    const a = torch.ones([2], { requires_grad: true });
    const out = Same.apply(a);
    expect(out).not.toBe(a);
    expect(a.grad_fn).toBeNull();
    expect(out.grad_fn!.name()).toBe("SameBackward");
    out.sum().backward();
    expect(a.grad!.tolist()).toStrictEqual([3, 3]);
  });

  it("a wrong backward raises Python's errors; a JS exception in backward comes out unchanged", () => {
    const py = pythonJson<string[]>(`
class Count(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, k):
        return a * k
    @staticmethod
    def backward(ctx, g):
        return g
class NotTensor(Count):
    @staticmethod
    def backward(ctx, g):
        return g, g
class Shape(Count):
    @staticmethod
    def backward(ctx, g):
        return torch.ones(3), None
out = []
for F in (Count, NotTensor, Shape):
    a = torch.ones(2, requires_grad=True)
    try: F.apply(a, 2.0).sum().backward()
    except RuntimeError as e: out.append(str(e))
print(json.dumps(out))`);
    const make = (name: string, backward: (g: T) => unknown) =>
      ({
        [name]: class extends torch.autograd.Function {
          static forward(_ctx: Ctx, a: T, k: number): T {
            return a.mul(k);
          }
          static backward(_ctx: Ctx, g: T) {
            return backward(g);
          }
        },
      })[name];
    const fns = [make("Count", (g) => g), make("NotTensor", (g) => [g, g]), make("Shape", () => [torch.ones(3), null])];
    const messages = fns.map((F) => {
      const a = torch.ones([2], { requires_grad: true });
      try {
        F.apply(a, 2).sum().backward();
      } catch (error) {
        expect(error).toBeInstanceOf(torch.RuntimeError);
        return (error as Error).message;
      }
      return "no error";
    });
    expect(messages).toStrictEqual(py);

    const thrown = new Error("from backward");
    const Throws = make("Throws", () => {
      throw thrown;
    });
    const a = torch.ones([2], { requires_grad: true });
    expect(() => Throws.apply(a, 2).sum().backward()).toThrow(thrown);
    // and the next backward works
    LegendrePolynomial3.apply(a).sum().backward();
    expect(a.grad!.tolist()).toStrictEqual([6, 6]);
  });
});

describe("torch.autograd.Function and memory", () => {
  it("graphs whose functions save their outputs are freed: no manual frees, flat memory (the CPU allocator's count)", async () => {
    class Exp extends torch.autograd.Function {
      static forward(ctx: Ctx, i: T): T {
        const result = i.exp();
        ctx.save_for_backward(result);
        return result;
      }
      static backward(ctx: Ctx, grad_output: T): T {
        const [result] = ctx.saved_tensors as T[];
        return grad_output.mul(result);
      }
    }
    const x = torch.randn([250_000], { requires_grad: true }); // 1 MB a result
    const run = (steps: number) => {
      for (let i = 0; i < steps; i++) {
        const y = Exp.apply(x);
        if (i % 2) y.sum().backward(); // half with a backward, half dropped without
      }
    };
    run(200);
    const before = torch.cpu.memory_allocated();
    run(1000);
    // 1,000 steps of 1 MB outputs held for ever would be 1,000 MB.
    expect(torch.cpu.memory_allocated() - before).toBeLessThan(100 * 2 ** 20);
  });

  it("a saved tensor is gone after backward, as in Python: a second backward says so", () => {
    const py = pythonJson<string>(`${PY_LEGENDRE}
a = torch.ones(2, requires_grad=True)
y = LegendrePolynomial3.apply(a).sum()
y.backward()
try: y.backward()
except RuntimeError as e: print(json.dumps(str(e)))`);
    const a = torch.ones([2], { requires_grad: true });
    const y = LegendrePolynomial3.apply(a).sum();
    y.backward();
    expect(() => y.backward()).toThrow(py);
  });
});
