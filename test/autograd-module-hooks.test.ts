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
/** Deep equality with numbers within atol, through arrays and plain objects. */
function near(actual: unknown, expected: unknown, atol = 1e-5, path = ""): void {
  if (expected !== null && typeof expected === "object" && !Array.isArray(expected)) {
    expect(Object.keys(actual as object).sort(), path).toStrictEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) near((actual as Record<string, unknown>)[k], v, atol, `${path}.${k}`);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => near((actual as unknown[])[i], e, atol, `${path}[${i}]`));
  } else {
    close(actual, expected, atol, path);
  }
}

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

// A module with two tensor inputs (one not requiring grad), a number and a keyword argument.
class Two extends nn.Module {
  lin: InstanceType<typeof nn.Linear>;
  constructor() {
    super();
    this.lin = new nn.Linear(3, 2);
  }
  forward(a: T, b: T, k: number, opts: { scale?: number } = {}): [T, T] {
    const h = this.lin.forward(a.mul(k).add(b));
    return [h.mul(opts.scale ?? 1), h.sum(-1)];
  }
}

const PY_TWO = `
import torch.nn as nn
class Two(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(3, 2)
    def forward(self, a, b, k, scale=1):
        h = self.lin(a * k + b)
        return h * scale, h.sum(-1)
`;

describe("nn.Module hooks", () => {
  it("forward pre/post hooks (prepend, with_kwargs, always_call), full backward (pre) hooks see Python's grad_input / grad_output, handles remove them", () => {
    const py = pythonJson<Record<string, unknown>>(`${PY_LISTS}${PY_TWO}
torch.manual_seed(0)
m = Two()
log = []
a = torch.tensor([[1.0, 2.0, -1.0], [0.5, 0.0, 3.0]], requires_grad=True)
b = torch.tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])
h1 = m.register_forward_pre_hook(lambda mod, args: log.append(["pre", len(args)]))
h2 = m.register_forward_pre_hook(lambda mod, args, kwargs: (log.append(["pre_kw", sorted(kwargs)]), (args, {"scale": 2}))[1], with_kwargs=True, prepend=True)
h3 = m.register_forward_hook(lambda mod, args, out: log.append(["post", L(out)]))
h4 = m.register_forward_hook(lambda mod, args, kwargs, out: (log.append(["post_kw", kwargs]), (out[0] + 1, out[1]))[1], with_kwargs=True)
h5 = m.register_full_backward_pre_hook(lambda mod, go: log.append(["bpre", L(go)]))
h6 = m.register_full_backward_hook(lambda mod, gi, go: (log.append(["bwd", L(gi), L(go)]), (gi[0] * 2, None, None))[1])
lin_log = []
m.lin.register_full_backward_hook(lambda mod, gi, go: lin_log.append([L(gi), L(go)]))
out = m(a, b, 2.0, scale=5)
(out[0].sum() + (out[1] * 3).sum()).backward()
res = {"log": list(log), "lin": lin_log, "out": L(out), "agrad": L(a.grad)}
for h in (h1, h2, h3, h4, h5, h6): h.remove()
log.clear()
a.grad = None
out2 = m(a, b, 2.0)
out2[0].sum().backward()
res["after_remove"] = [log, L(out2), L(a.grad)]
class Boom(nn.Module):
    def forward(self, x):
        raise ValueError("boom")
bm = Boom()
seen = []
bm.register_forward_hook(lambda mod, args, out: seen.append(["always", out]), always_call=True)
bm.register_forward_hook(lambda mod, args, out: seen.append(["normal"]))
try:
    bm(torch.ones(1))
except ValueError as e:
    seen.append(str(e))
res["always"] = seen
from torch.nn.modules.module import register_module_forward_hook, register_module_full_backward_hook
glog = []
g1 = register_module_forward_hook(lambda mod, args, out: glog.append(type(mod).__name__))
g2 = register_module_full_backward_hook(lambda mod, gi, go: glog.append(["gb", type(mod).__name__, L(gi)]))
x = torch.tensor([[1.0, 2.0, 3.0]], requires_grad=True)
seq = nn.Sequential(m.lin, nn.ReLU())
seq(x).sum().backward()
g1.remove(); g2.remove()
seq(x)
res["global"] = glog
print(json.dumps(res))`);
    torch.manual_seed(0);
    const m = new Two();
    const log: unknown[] = [];
    const a = torch.tensor([[1.0, 2.0, -1.0], [0.5, 0.0, 3.0]], { requires_grad: true });
    const b = torch.tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]);
    const handles = [
      m.register_forward_pre_hook((_m: unknown, args: unknown[]) => void log.push(["pre", args.length])),
      m.register_forward_pre_hook(
        (_m: unknown, args: unknown[], kwargs: Record<string, unknown>) => {
          log.push(["pre_kw", Object.keys(kwargs).sort()]);
          return [args, { scale: 2 }];
        },
        { with_kwargs: true, prepend: true },
      ),
      m.register_forward_hook((_m: unknown, _args: unknown, out: T[]) => void log.push(["post", lists(out)])),
      m.register_forward_hook(
        (_m: unknown, _args: unknown, kwargs: unknown, out: T[]) => {
          log.push(["post_kw", kwargs]);
          return [out[0].add(1), out[1]];
        },
        { with_kwargs: true },
      ),
      m.register_full_backward_pre_hook((_m: unknown, go: T[]) => void log.push(["bpre", lists(go)])),
      m.register_full_backward_hook((_m: unknown, gi: (T | null)[], go: T[]) => {
        log.push(["bwd", lists(gi), lists(go)]);
        return [gi[0]!.mul(2), null, null];
      }),
    ];
    const linLog: unknown[] = [];
    m.lin.register_full_backward_hook((_m: unknown, gi: T[], go: T[]) => void linLog.push([lists(gi), lists(go)]));
    const out = m.forward(a, b, 2.0, { scale: 5 });
    out[0].sum().add(out[1].mul(3).sum()).backward();
    const ours: Record<string, unknown> = { log: [...log], lin: linLog, out: lists(out), agrad: list(a.grad) };
    for (const h of handles) h.remove();
    log.length = 0;
    a.grad = null;
    const out2 = m.forward(a, b, 2.0);
    out2[0].sum().backward();
    ours.after_remove = [log, lists(out2), list(a.grad)];

    class Boom extends nn.Module {
      forward(_x: T): T {
        throw new torch.ValueError("boom");
      }
    }
    const bm = new Boom();
    const seen: unknown[] = [];
    bm.register_forward_hook((_m: unknown, _args: unknown, o: unknown) => void seen.push(["always", o]), { always_call: true });
    bm.register_forward_hook(() => void seen.push(["normal"]));
    try {
      bm.forward(torch.ones(1));
    } catch (e) {
      seen.push((e as Error).message);
    }
    ours.always = seen;

    const glog: unknown[] = [];
    const mm = nn.modules.module;
    const g1 = mm.register_module_forward_hook((mod: InstanceType<typeof nn.Module>) => void glog.push(mod._get_name()));
    const g2 = mm.register_module_full_backward_hook((mod: InstanceType<typeof nn.Module>, gi: T[]) => void glog.push(["gb", mod._get_name(), lists(gi)]));
    const x = torch.tensor([[1.0, 2.0, 3.0]], { dtype: torch.float32, requires_grad: true });
    const seq = new nn.Sequential(m.lin, new nn.ReLU());
    try {
      seq.__call__(x).sum().backward();
    } finally {
      g1.remove();
      g2.remove();
    }
    seq.forward(x);
    ours.global = glog;
    near(ours, py, 1e-6);
  });

  it("state_dict and load_state_dict hooks run as in Python", () => {
    const py = pythonJson<Record<string, unknown>>(`
import torch.nn as nn
m = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 1))
calls = []
m[0].register_state_dict_pre_hook(lambda mod, prefix, keep_vars: calls.append(["pre", prefix, keep_vars]))
def post(mod, sd, prefix, meta):
    calls.append(["post", prefix, sorted(sd), meta.get("version")])
m[0]._register_state_dict_hook(post)
def renamed(mod, sd, prefix, meta):
    return {k + "_x": v for k, v in sd.items()}
m._register_state_dict_hook(renamed)
keys = sorted(m.state_dict())
def lpre(mod, sd, prefix, meta, strict, missing, unexpected, errors):
    calls.append(["lpre", prefix, strict])
m[1].register_load_state_dict_pre_hook(lpre)
def lpost(mod, incompatible):
    calls.append(["lpost", sorted(incompatible.missing_keys), sorted(incompatible.unexpected_keys)])
    incompatible.missing_keys.clear()
m.register_load_state_dict_post_hook(lpost)
sd = {"0.weight": torch.zeros(2, 2), "0.bias": torch.zeros(2), "1.weight": torch.zeros(1, 2)}
r = m.load_state_dict(sd)
print(json.dumps({"keys": keys, "calls": calls, "missing": r.missing_keys, "unexpected": r.unexpected_keys}))`);
    const m = new nn.Sequential(new nn.Linear(2, 2), new nn.Linear(2, 1));
    const calls: unknown[] = [];
    const [m0, m1] = [...m] as InstanceType<typeof nn.Linear>[];
    m0.register_state_dict_pre_hook((_mod: unknown, prefix: string, keep_vars: boolean) => void calls.push(["pre", prefix, keep_vars]));
    m0._register_state_dict_hook((_mod: unknown, sd: Record<string, T>, prefix: string, meta: { version: number }) =>
      void calls.push(["post", prefix, Object.keys(sd).sort(), meta.version]),
    );
    m._register_state_dict_hook((_mod: unknown, sd: Record<string, T>) => Object.fromEntries(Object.entries(sd).map(([k, v]) => [`${k}_x`, v])));
    const keys = Object.keys(m.state_dict()).sort();
    m1.register_load_state_dict_pre_hook((_mod: unknown, _sd: unknown, prefix: string, _meta: unknown, strict: boolean) => void calls.push(["lpre", prefix, strict]));
    m.register_load_state_dict_post_hook((_mod: unknown, inc: { missing_keys: string[]; unexpected_keys: string[] }) => {
      calls.push(["lpost", [...inc.missing_keys].sort(), [...inc.unexpected_keys].sort()]);
      inc.missing_keys.length = 0;
    });
    const r = m.load_state_dict({ "0.weight": torch.zeros(2, 2), "0.bias": torch.zeros(2), "1.weight": torch.zeros(1, 2) });
    expect({ keys, calls, missing: r.missing_keys, unexpected: r.unexpected_keys }).toStrictEqual(py);
  });
});

describe("nn.utils: parametrize, weight_norm, functional_call, fusion, vectors", () => {
  it("parametrizations.weight_norm gives Python's parameters, weights and gradients; remove_parametrizations leaves the weight", () => {
    const py = pythonJson<Record<string, unknown>>(`${PY_LISTS}
import torch.nn as nn
from torch.nn.utils import parametrize, parametrizations
torch.manual_seed(0)
m = nn.Linear(4, 3)
parametrizations.weight_norm(m)
x = torch.randn(2, 4)
y = m(x)
(y ** 2).sum().backward()
out = {"names": [n for n, _ in m.named_parameters()], "repr": str(m), "weight": L(m.weight), "y": L(y),
       "g_grad": L(m.parametrizations.weight.original0.grad), "v_grad": L(m.parametrizations.weight.original1.grad),
       "is": [parametrize.is_parametrized(m), parametrize.is_parametrized(m, "weight"), parametrize.is_parametrized(m, "bias")]}
with parametrize.cached():
    out["cached"] = m.weight is m.weight
out["uncached"] = m.weight is m.weight
m.weight = torch.ones(3, 4)
out["set"] = [L(m.parametrizations.weight.original0), L(m.weight)]
parametrize.remove_parametrizations(m, "weight")
out["removed"] = [[n for n, _ in m.named_parameters()], str(m), L(m.weight), type(m.weight).__name__]
class Sym(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).transpose(-1, -2)
s = nn.Linear(3, 3)
parametrize.register_parametrization(s, "weight", Sym())
out["sym"] = [torch.equal(s.weight, s.weight.T), str(s)]
try:
    parametrize.register_parametrization(s, "nope", Sym())
except Exception as e:
    out["err"] = type(e).__name__
torch.manual_seed(1)
sn = nn.Linear(5, 4)
parametrizations.spectral_norm(sn)
out["spectral"] = [L(sn.weight), L(torch.linalg.matrix_norm(sn.weight, 2))]
torch.manual_seed(2)
old = nn.Linear(3, 2)
torch.nn.utils.weight_norm(old)
xo = torch.randn(1, 3)
old(xo).sum().backward()
out["old"] = [[n for n, _ in old.named_parameters()], L(old.weight_g.grad), L(old.weight_v.grad)]
torch.nn.utils.remove_weight_norm(old)
out["old_removed"] = [n for n, _ in old.named_parameters()]
print(json.dumps(out))`);
    const { parametrize, parametrizations } = nn.utils;
    torch.manual_seed(0);
    const m = new nn.Linear(4, 3) as InstanceType<typeof nn.Linear> & { parametrizations: any };
    parametrizations.weight_norm(m);
    const x = torch.randn(2, 4);
    const y = m.forward(x);
    y.pow(2).sum().backward();
    const ours: Record<string, unknown> = {
      names: [...m.named_parameters()].map(([n]) => n),
      repr: String(m),
      weight: list(m.weight),
      y: list(y),
      g_grad: list(m.parametrizations.weight.original0.grad),
      v_grad: list(m.parametrizations.weight.original1.grad),
      is: [parametrize.is_parametrized(m), parametrize.is_parametrized(m, "weight"), parametrize.is_parametrized(m, "bias")],
    };
    ours.cached = parametrize.cached(() => m.weight === m.weight);
    ours.uncached = m.weight === m.weight;
    m.weight = torch.ones(3, 4) as never;
    ours.set = [list(m.parametrizations.weight.original0), list(m.weight)];
    parametrize.remove_parametrizations(m, "weight");
    ours.removed = [[...m.named_parameters()].map(([n]) => n), String(m), list(m.weight), m.weight.constructor.name];
    class Sym extends nn.Module {
      forward(X: T): T {
        return X.triu().add(X.triu(1).transpose(-1, -2));
      }
    }
    const s = new nn.Linear(3, 3);
    parametrize.register_parametrization(s, "weight", new Sym());
    ours.sym = [torch.equal(s.weight, s.weight.T), String(s)];
    try {
      parametrize.register_parametrization(s, "nope", new Sym());
    } catch (e) {
      ours.err = (e as Error).name;
    }
    torch.manual_seed(1);
    const sn = new nn.Linear(5, 4);
    parametrizations.spectral_norm(sn);
    ours.spectral = [list(sn.weight), list(torch.linalg.matrix_norm(sn.weight, 2))];
    torch.manual_seed(2);
    const old = new nn.Linear(3, 2) as InstanceType<typeof nn.Linear> & Record<string, T>;
    nn.utils.weight_norm(old);
    const xo = torch.randn(1, 3);
    old.forward(xo).sum().backward();
    ours.old = [[...old.named_parameters()].map(([n]) => n), list(old.weight_g.grad), list(old.weight_v.grad)];
    nn.utils.remove_weight_norm(old);
    ours.old_removed = [...old.named_parameters()].map(([n]) => n);
    near(ours, py, 1e-6);
  });

  it("parametrizations.orthogonal (matrix_exp, cayley, householder; tall, wide and square) gives Python's weights and gradients", () => {
    const cases: [number, number, string | null, boolean][] = [
      [4, 4, null, true],
      [5, 3, null, true],
      [3, 5, "cayley", true],
      [4, 4, "householder", true],
      [6, 3, "householder", false],
    ];
    const py = pythonJson<unknown[]>(`${PY_LISTS}
import torch.nn as nn
from torch.nn.utils.parametrizations import orthogonal
res = []
for i, (fi, fo, mp, triv) in enumerate(${JSON.stringify(cases).replace(/null/g, "None").replace(/true/g, "True").replace(/false/g, "False")}):
    torch.manual_seed(10 + i)
    m = nn.Linear(fi, fo)
    orthogonal(m, orthogonal_map=mp, use_trivialization=triv)
    w = m.weight
    x = torch.randn(2, fi)
    (m(x) ** 2).sum().backward()
    grads = [L(p.grad) for n, p in m.named_parameters()]
    res.append([L(w), [n for n, _ in m.named_parameters()], grads])
print(json.dumps(res))`);
    const ours = cases.map(([fi, fo, mp, triv], i) => {
      torch.manual_seed(10 + i);
      const m = new nn.Linear(fi, fo);
      nn.utils.parametrizations.orthogonal(m, { orthogonal_map: mp as never, use_trivialization: triv });
      const w = m.weight;
      const x = torch.randn(2, fi);
      m.forward(x).pow(2).sum().backward();
      return [list(w), [...m.named_parameters()].map(([n]) => n), [...m.named_parameters()].map(([, p]) => list(p.grad))];
    });
    near(ours, py, 1e-5);
  });

  it("the deprecated hook-based spectral_norm / remove_spectral_norm give Python's weights, buffers and gradients", () => {
    const py = pythonJson<Record<string, unknown>>(`${PY_LISTS}
import torch.nn as nn
torch.manual_seed(3)
m = nn.Linear(4, 3)
nn.utils.spectral_norm(m)
x = torch.randn(2, 4)
y1 = m(x)
y2 = m(x)
(y2 ** 2).sum().backward()
out = {"names": [n for n, _ in m.named_parameters()], "buffers": [n for n, _ in m.named_buffers()],
       "y": [L(y1), L(y2)], "u": L(m.weight_u), "grad": L(m.weight_orig.grad)}
m.eval()
out["eval"] = L(m(x))
nn.utils.remove_spectral_norm(m)
out["removed"] = [[n for n, _ in m.named_parameters()], [n for n, _ in m.named_buffers()], L(m.weight)]
c = nn.ConvTranspose2d(2, 3, 2)
nn.utils.spectral_norm(c)
out["convT"] = list(c.weight_v.shape)
print(json.dumps(out))`);
    torch.manual_seed(3);
    const m = new nn.Linear(4, 3) as InstanceType<typeof nn.Linear> & Record<string, T>;
    nn.utils.spectral_norm(m);
    const x = torch.randn(2, 4);
    const y1 = m.forward(x);
    const y2 = m.forward(x);
    y2.pow(2).sum().backward();
    const ours: Record<string, unknown> = {
      names: [...m.named_parameters()].map(([n]) => n),
      buffers: [...m.named_buffers()].map(([n]) => n),
      y: [list(y1), list(y2)],
      u: list(m.weight_u),
      grad: list(m.weight_orig.grad),
    };
    m.eval();
    ours.eval = list(m.forward(x));
    nn.utils.remove_spectral_norm(m);
    ours.removed = [[...m.named_parameters()].map(([n]) => n), [...m.named_buffers()].map(([n]) => n), list(m.weight)];
    const c = new nn.ConvTranspose2d(2, 3, 2) as InstanceType<typeof nn.ConvTranspose2d> & Record<string, T>;
    nn.utils.spectral_norm(c);
    ours.convT = c.weight_v.shape;
    near(ours, py, 1e-6);
  });

  it("functional_call, parameters_to_vector / vector_to_parameters, fuse_conv_bn_eval, fuse_linear_bn_eval, clip_grad_value_", () => {
    const py = pythonJson<Record<string, unknown>>(`${PY_LISTS}
import torch.nn as nn
from torch.func import functional_call
from torch.nn.utils import parameters_to_vector, vector_to_parameters, fuse_conv_bn_eval, fuse_linear_bn_eval, clip_grad_value_
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
x = torch.randn(5, 3)
params = {k: v.detach() * 2 for k, v in net.named_parameters()}
out = {"fc": L(functional_call(net, params, (x,))), "fc_partial": L(functional_call(net, {"0.bias": torch.zeros(4)}, x)),
       "orig": L(net(x)), "names": [n for n, _ in net.named_parameters()]}
try:
    functional_call(net, {"0.bias": torch.zeros(4)}, x, strict=True)
except Exception as e:
    out["strict"] = [type(e).__name__, str(e)]
vec = parameters_to_vector(net.parameters())
out["vec"] = [list(vec.shape), L(vec[:5])]
vector_to_parameters(torch.arange(vec.numel(), dtype=torch.float32), net.parameters())
out["v2p"] = L(net[2].bias)
conv = nn.Conv2d(2, 3, 3)
bn = nn.BatchNorm2d(3)
bn.running_mean.uniform_(); bn.running_var.uniform_(0.5, 2.0); bn.weight.data.uniform_(); bn.bias.data.uniform_()
conv.eval(); bn.eval()
xi = torch.randn(1, 2, 5, 5)
fused = fuse_conv_bn_eval(conv, bn)
out["conv"] = [torch.allclose(fused(xi), bn(conv(xi)), atol=1e-5), L(fused.weight.flatten()[:6]), L(fused.bias)]
lin = nn.Linear(3, 4); bn1 = nn.BatchNorm1d(4)
bn1.running_mean.uniform_(); bn1.running_var.uniform_(0.5, 2.0)
lin.eval(); bn1.eval()
fl = fuse_linear_bn_eval(lin, bn1)
out["linear"] = [torch.allclose(fl(x), bn1(lin(x)), atol=1e-5), L(fl.bias)]
try:
    fuse_linear_bn_eval(lin.train(), bn1)
except AssertionError as e:
    out["train"] = str(e)
net(x).sum().backward()
clip_grad_value_(net.parameters(), 0.1)
out["clip"] = L(net[0].weight.grad)
print(json.dumps(out))`);
    torch.manual_seed(0);
    const net = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 2));
    const x = torch.randn(5, 3);
    const params = Object.fromEntries([...net.named_parameters()].map(([k, v]) => [k, v.detach().mul(2)]));
    const fc = torch.func.functional_call;
    const ours: Record<string, unknown> = {
      fc: list(fc(net, params, [x]) as T),
      fc_partial: list(fc(net, { "0.bias": torch.zeros(4) }, x) as T),
      orig: list(net.forward(x)),
      names: [...net.named_parameters()].map(([n]) => n),
    };
    try {
      fc(net, { "0.bias": torch.zeros(4) }, x, null, { strict: true });
    } catch (e) {
      ours.strict = [(e as Error).name, (e as Error).message];
    }
    const vec = nn.utils.parameters_to_vector(net.parameters());
    ours.vec = [vec.shape, list(vec.narrow(0, 0, 5))];
    nn.utils.vector_to_parameters(torch.arange(vec.numel(), { dtype: torch.float32 }), net.parameters());
    const layers = [...net] as any[];
    ours.v2p = list(layers[2].bias);
    const conv = new nn.Conv2d(2, 3, 3);
    const bn = new nn.BatchNorm2d(3) as any;
    bn.running_mean.uniform_();
    bn.running_var.uniform_(0.5, 2.0);
    bn.weight.data.uniform_();
    bn.bias.data.uniform_();
    conv.eval();
    bn.eval();
    const xi = torch.randn(1, 2, 5, 5);
    const fused = nn.utils.fuse_conv_bn_eval(conv, bn) as any;
    ours.conv = [torch.allclose(fused.forward(xi), bn.forward(conv.forward(xi)), { atol: 1e-5 }), list(fused.weight.flatten().narrow(0, 0, 6)), list(fused.bias)];
    const lin = new nn.Linear(3, 4);
    const bn1 = new nn.BatchNorm1d(4) as any;
    bn1.running_mean.uniform_();
    bn1.running_var.uniform_(0.5, 2.0);
    lin.eval();
    bn1.eval();
    const fl = nn.utils.fuse_linear_bn_eval(lin, bn1) as any;
    ours.linear = [torch.allclose(fl.forward(x), bn1.forward(lin.forward(x)), { atol: 1e-5 }), list(fl.bias)];
    try {
      nn.utils.fuse_linear_bn_eval(lin.train(), bn1);
    } catch (e) {
      ours.train = (e as Error).message;
    }
    net.forward(x).sum().backward();
    nn.utils.clip_grad_value_(net.parameters(), 0.1);
    ours.clip = list(layers[0].weight.grad);
    near(ours, py, 1e-5);
  });
});
