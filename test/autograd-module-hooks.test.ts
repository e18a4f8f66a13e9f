// nn.Module hooks, nn.utils (parametrize, weight_norm, functional_call, fusion, vectors) and
// torch.autograd (functional, gradcheck, Function's setup_context / mark_dirty /
// once_differentiable, grad modes), each against Python's torch.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { pythonJson } from "./helpers/python";
import { close } from "./helpers/compare";

const { nn } = torch;
type T = InstanceType<typeof torch.Tensor>;
type Ctx = InstanceType<typeof torch.autograd.FunctionCtx>;
const F = torch.autograd.functional;
const list = (t: T | null | undefined) => (t === null || t === undefined ? null : t.tolist());
const lists = (ts: unknown): unknown => (Array.isArray(ts) ? ts.map(lists) : list(ts as T | null));
const near = (actual: unknown, expected: unknown, atol = 1e-5) => close(actual, expected, atol, "");

const PY_LISTS = `
def L(t):
    if t is None: return None
    if isinstance(t, (list, tuple)): return [L(x) for x in t]
    return t.tolist()
`;

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

// Two tensor inputs and a number; backward uses needs_input_grad.
class MulAdd extends torch.autograd.Function {
  static forward(ctx: Ctx, a: T, b: T, k: number): T {
    ctx.save_for_backward(a, b);
    ctx.k = k;
    return a.mul(b).mul(k).add(b);
  }
  static backward(ctx: Ctx, g: T): [T | null, T | null, null] {
    const [a, b] = ctx.saved_tensors as T[];
    const k = ctx.k as number;
    return [ctx.needs_input_grad[0] ? g.mul(b).mul(k) : null, ctx.needs_input_grad[1] ? g.mul(a.mul(k).add(1)) : null, null];
  }
}

class WrongGrad extends torch.autograd.Function {
  static forward(_ctx: Ctx, x: T): T {
    return x.mul(2);
  }
  static backward(_ctx: Ctx, g: T): T {
    return g.mul(3);
  }
}

const PY_FUNCTIONS = `
class LegendrePolynomial3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)
    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)

class MulAdd(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b, k):
        ctx.save_for_backward(a, b)
        ctx.k = k
        return a * b * k + b
    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        return (g * b * ctx.k if ctx.needs_input_grad[0] else None, g * (a * ctx.k + 1) if ctx.needs_input_grad[1] else None, None)

class WrongGrad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2
    @staticmethod
    def backward(ctx, g):
        return g * 3
`;

describe("torch.autograd.gradcheck", () => {
  it("custom Functions pass gradcheck / gradgradcheck as in Python; a wrong backward fails with Python's message", () => {
    const xs = [0.3, -0.7, 1.1, 0.25];
    const py = pythonJson<Record<string, unknown>>(`${PY_FUNCTIONS}
from torch.autograd import gradcheck, gradgradcheck
x = torch.tensor(${JSON.stringify(xs)}, dtype=torch.float64, requires_grad=True)
a = torch.tensor([0.5, -1.5], dtype=torch.float64, requires_grad=True)
b = torch.tensor([2.0, 0.1], dtype=torch.float64, requires_grad=True)
P3 = LegendrePolynomial3.apply
out = {"legendre": gradcheck(P3, (x,)), "legendre2": gradgradcheck(P3, (x,)),
       "muladd": gradcheck(MulAdd.apply, (a, b, 3.0)),
       "muladd_b_only": gradcheck(MulAdd.apply, (a.detach(), b, 3.0)),
       "wrong": gradcheck(WrongGrad.apply, (x,), raise_exception=False)}
try:
    gradcheck(WrongGrad.apply, (x,))
except Exception as e:
    out["error"] = [type(e).__name__, str(e), isinstance(e, RuntimeError)]
print(json.dumps(out))`);
    const { gradcheck, gradgradcheck } = torch.autograd;
    const x = torch.tensor(xs, { dtype: torch.float64, requires_grad: true });
    const a = torch.tensor([0.5, -1.5], { dtype: torch.float64, requires_grad: true });
    const b = torch.tensor([2.0, 0.1], { dtype: torch.float64, requires_grad: true });
    const P3 = LegendrePolynomial3.apply;
    const ours: Record<string, unknown> = {
      legendre: gradcheck(P3, [x]),
      legendre2: gradgradcheck(P3, [x]),
      muladd: gradcheck(MulAdd.apply, [a, b, 3.0]),
      muladd_b_only: gradcheck(MulAdd.apply, [a.detach(), b, 3.0]),
      wrong: gradcheck(WrongGrad.apply, [x], { raise_exception: false }),
    };
    try {
      gradcheck(WrongGrad.apply, [x]);
    } catch (e) {
      ours.error = [(e as Error).name, (e as Error).message, e instanceof torch.RuntimeError];
    }
    expect(ours).toStrictEqual(py);
  });
});

describe("torch.autograd.functional", () => {
  it("jacobian, hessian, vjp, jvp, hvp, vhp give Python's values (single and tuple inputs, create_graph)", () => {
    const py = pythonJson<Record<string, unknown>>(`${PY_LISTS}
from torch.autograd.functional import jacobian, hessian, vjp, jvp, hvp, vhp
x = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64)
y = torch.tensor([[1.0, 2.0], [0.5, -0.3]], dtype=torch.float64)
v3 = torch.tensor([1.0, 0.5, -2.0], dtype=torch.float64)
f = lambda a: a.exp() * a.sin()
g = lambda a, b: (a.sum() * b, (a ** 2).sum() + b.prod())
s = lambda a, b: (a.pow(3).sum() * b.sum()).reshape(())
out = {}
out["jac"] = L(jacobian(f, x))
out["jac_tuple"] = L(jacobian(g, (x, y)))
out["jac_vec"] = L(jacobian(f, x, vectorize=True))
out["hess"] = L(hessian(lambda a: (a.exp() * a.sin()).sum(), x))
out["hess_tuple"] = L(hessian(s, (x, y)))
out["vjp"] = L(vjp(f, x, v3))
out["jvp"] = L(jvp(f, x, v3))
out["hvp"] = L(hvp(lambda a: a.pow(3).sum(), x, v3))
out["vhp"] = L(vhp(lambda a: a.pow(3).sum(), x, v3))
xr = x.clone().requires_grad_()
j = jacobian(f, xr, create_graph=True)
out["cg"] = [j.requires_grad, L(torch.autograd.grad(j.sum(), xr)[0])]
try:
    vjp(f, x)
except Exception as e:
    out["err"] = [type(e).__name__, str(e)]
try:
    jvp(f, x, torch.ones(2, dtype=torch.float64))
except Exception as e:
    out["err2"] = [type(e).__name__, str(e)]
print(json.dumps(out))`);
    const x = torch.tensor([0.5, -1.0, 2.0], { dtype: torch.float64 });
    const y = torch.tensor([[1.0, 2.0], [0.5, -0.3]], { dtype: torch.float64 });
    const v3 = torch.tensor([1.0, 0.5, -2.0], { dtype: torch.float64 });
    const f = (a: T) => a.exp().mul(a.sin());
    const g = (a: T, b: T) => [b.mul(a.sum()), a.pow(2).sum().add(b.prod())];
    const s = (a: T, b: T) => a.pow(3).sum().mul(b.sum()).reshape([]);
    const ours: Record<string, unknown> = {};
    ours.jac = lists(F.jacobian(f, x));
    ours.jac_tuple = lists(F.jacobian(g, [x, y]));
    ours.jac_vec = lists(F.jacobian(f, x, { vectorize: true }));
    ours.hess = lists(F.hessian((a: T) => a.exp().mul(a.sin()).sum(), x));
    ours.hess_tuple = lists(F.hessian(s, [x, y]));
    ours.vjp = lists(F.vjp(f, x, v3));
    ours.jvp = lists(F.jvp(f, x, v3));
    ours.hvp = lists(F.hvp((a: T) => a.pow(3).sum(), x, v3));
    ours.vhp = lists(F.vhp((a: T) => a.pow(3).sum(), x, v3));
    const xr = x.clone().requires_grad_();
    const j = F.jacobian(f, xr, { create_graph: true }) as T;
    ours.cg = [j.requires_grad, list(torch.autograd.grad(j.sum(), xr)[0])];
    for (const [key, fn] of [
      ["err", () => F.vjp(f, x)],
      ["err2", () => F.jvp(f, x, torch.ones(2, { dtype: torch.float64 }))],
    ] as const) {
      try {
        fn();
      } catch (e) {
        ours[key] = [(e as Error).name, (e as Error).message];
      }
    }
    near(ours, py, 1e-12);
  });
});

describe("torch.autograd.Function extras and grad modes", () => {
  it("setup_context, mark_dirty, once_differentiable, const P3 = Fn.apply, set_grad_enabled, detect_anomaly", () => {
    const py = pythonJson<Record<string, unknown>>(`${PY_LISTS}
from torch.autograd.function import once_differentiable
class Sq(torch.autograd.Function):
    @staticmethod
    def forward(x):
        return x * x
    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(inputs[0])
    @staticmethod
    @once_differentiable
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return 2 * x * g
class AddOne_(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        x.add_(1)
        ctx.mark_dirty(x)
        return x
    @staticmethod
    def backward(ctx, g):
        return g
x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
P = Sq.apply
y = P(x)
y.sum().backward()
out = {"sq": [L(y), L(x.grad), y.grad_fn.name()]}
try:
    AddOne_.apply(x)
except Exception as e:
    out["leaf"] = [type(e).__name__, str(e)]
z = x.detach().clone().requires_grad_()
w = z * 1
r = AddOne_.apply(w)
(r * 3).sum().backward()
out["dirty"] = [L(r), L(z.grad)]
torch.set_grad_enabled(False)
out["off"] = (x * 2).requires_grad
torch.set_grad_enabled(True)
with torch.set_grad_enabled(False):
    out["ctx"] = (x * 2).requires_grad
out["after"] = (x * 2).requires_grad
with torch.autograd.detect_anomaly():
    out["anomaly"] = torch.is_anomaly_enabled()
out["anomaly_after"] = torch.is_anomaly_enabled()
torch.autograd.set_detect_anomaly(True)
out["set"] = torch.is_anomaly_enabled()
torch.autograd.set_detect_anomaly(False)
with torch.inference_mode():
    out["inference"] = [torch.is_inference_mode_enabled(), (x * 2).requires_grad]
print(json.dumps(out))`);
    class Sq extends torch.autograd.Function {
      static forward(x: T): T {
        return x.mul(x);
      }
      static setup_context(ctx: Ctx, inputs: unknown[]): void {
        ctx.save_for_backward(inputs[0] as T);
      }
      static backward = torch.autograd.function.once_differentiable((ctx: Ctx, g: T) => {
        const [x] = ctx.saved_tensors as T[];
        return x.mul(2).mul(g);
      });
    }
    class AddOne_ extends torch.autograd.Function {
      static forward(ctx: Ctx, x: T): T {
        x.add_(1);
        ctx.mark_dirty(x);
        return x;
      }
      static backward(_ctx: Ctx, g: T): T {
        return g;
      }
    }
    const x = torch.tensor([1.0, -2.0, 3.0], { dtype: torch.float32, requires_grad: true });
    const P = Sq.apply;
    const y = P(x) as T;
    y.sum().backward();
    const ours: Record<string, unknown> = { sq: [list(y), list(x.grad), y.grad_fn!.name()] };
    try {
      AddOne_.apply(x);
    } catch (e) {
      ours.leaf = [(e as Error).name, (e as Error).message];
    }
    const z = x.detach().clone().requires_grad_();
    const w = z.mul(1);
    const r = AddOne_.apply(w);
    r.mul(3).sum().backward();
    ours.dirty = [list(r), list(z.grad)];
    torch.set_grad_enabled(false);
    ours.off = x.mul(2).requires_grad;
    torch.set_grad_enabled(true);
    ours.ctx = torch.set_grad_enabled(false, () => x.mul(2).requires_grad);
    ours.after = x.mul(2).requires_grad;
    ours.anomaly = torch.autograd.detect_anomaly(() => torch.is_anomaly_enabled());
    ours.anomaly_after = torch.is_anomaly_enabled();
    torch.autograd.set_detect_anomaly(true);
    ours.set = torch.is_anomaly_enabled();
    torch.autograd.set_detect_anomaly(false);
    ours.inference = torch.inference_mode(() => [torch.is_inference_mode_enabled(), x.mul(2).requires_grad]);
    expect(ours).toStrictEqual(py);
  });
});
