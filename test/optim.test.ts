// torch.optim, torch.optim.lr_scheduler and torch.nn.utils.clip_grad against Python torch 2.11:
// the same parameters (manual_seed + randn), the same loss, the same number of steps, compared
// after every step. Optimizer parameters and state are compared exactly (bit for bit), against
// Python's default (the for-loop implementation on CPU) and foreach=True (and fused=True where
// Python has it); learning rates exactly, except the cosine schedules (see COS_RTOL).
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { Case, expectSame, pythonResults } from "./helpers/compare";
import { pythonJson } from "./helpers/python";

type T = InstanceType<typeof torch.Tensor>;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// The cosine schedules call math.cos, which is glibc's in Python; torchts's cos is correctly
// rounded and glibc's is not always (lib/optim/_pymath.ts), so they may differ in the last bit.
const COS_RTOL = 1e-14;

/** Tensors as { tensor, shape, values }, tuples as lists, dict keys as strings: what JSON carries of a state_dict. */
function enc(v: unknown): Json {
  if (v instanceof torch.Tensor) return { tensor: v.dtype.name, shape: v.shape, values: v.tolist() as Json };
  if (Array.isArray(v)) return v.map(enc);
  if (v !== null && typeof v === "object") {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v)) out[k] = enc(x);
    return out;
  }
  return v as Json;
}

const PY_ENC = `
def enc(v):
    if isinstance(v, torch.Tensor):
        return {"tensor": str(v.dtype)[6:], "shape": list(v.shape), "values": v.tolist()}
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    if isinstance(v, dict):
        return {str(k): enc(x) for k, x in v.items()}
    return v
`;

// Small Python references for several tests below, computed in one Python process.
const PY_MISC = `
torch.manual_seed(0)
W = torch.randn(5, 4).requires_grad_(); b = torch.randn(4).requires_grad_()
torch.manual_seed(1)
x = torch.randn(8, 5); y = torch.randn(8, 4)
opt = torch.optim.SGD([W, b], lr=0.1, momentum=0.9)
clip_sgd = []
for _ in range(20):
    opt.zero_grad()
    ((x @ W + b - y) ** 2).mean().backward()
    n = torch.nn.utils.clip_grad_norm_([W, b], 0.5)
    opt.step()
    clip_sgd.append([n.item(), W.tolist(), b.tolist()])

torch.manual_seed(0)
a = torch.randn(3, requires_grad=True); b = torch.randn(2, dtype=torch.float64, requires_grad=True)
opt = torch.optim.Adam([a, b], lr=0.1, foreach=True)
for i in range(5):
    a.grad = a.detach() * 2 + i; b.grad = b.detach() * 3 - i
    opt.step()
mixed = [a.tolist(), b.tolist()]

torch.manual_seed(0)
p = torch.randn(3, requires_grad=True)
printed = repr(torch.optim.AdamW([p], lr=0.001, amsgrad=True))

torch.manual_seed(0)
w = torch.randn(4, requires_grad=True)
opt = torch.optim.SGD([w], lr=torch.tensor(0.1), momentum=0.9)
for i in range(5):
    w.grad = w.detach() * 2 - i
    opt.step()
tensor_lr = w.tolist()

torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(5, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))
x = torch.randn(16, 5); y = torch.randn(16, 3)
opt = torch.optim.AdamW(model.parameters(), lr=0.01)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.05, total_steps=15)
losses = []
for _ in range(15):
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(model(x), y)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    sched.step()
    losses.append(loss.item())
module = {"losses": losses, "params": [p.tolist() for p in model.parameters()]}
print(json.dumps({"clip_sgd": clip_sgd, "mixed": mixed, "repr": printed, "tensor_lr": tensor_lr, "module": module}))
`;
interface Misc {
  clip_sgd: Json[];
  mixed: Json;
  repr: string;
  tensor_lr: Json;
  module: Json;
}
let miscResult: Misc | undefined;
const misc = (): Misc => (miscResult ??= pythonJson<Misc>(PY_MISC));

// ---- optimizers: trajectories of 20 steps ----

interface OptCase {
  name: string;
  opt: "SGD" | "Adam" | "AdamW" | "RMSprop";
  kwargs: Record<string, Json>;
  dtype?: "float32" | "float64";
  /** Parameter groups by index into [W, b], with their own options. */
  groups?: Record<string, Json>[];
  /** Before step k: options to set in param_groups[i]. */
  changes?: Record<number, Record<number, Record<string, Json>>>;
  /** Also run with fused=True (Python has fused SGD, Adam and AdamW on CPU). */
  fused?: boolean;
}

const STEPS = 20;

const optCases: OptCase[] = [
  { name: "SGD plain", opt: "SGD", kwargs: { lr: 0.1 } },
  { name: "SGD momentum", opt: "SGD", kwargs: { lr: 0.05, momentum: 0.9 }, fused: true },
  { name: "SGD momentum nesterov weight_decay", opt: "SGD", kwargs: { lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 0.01 }, fused: true },
  { name: "SGD dampening", opt: "SGD", kwargs: { lr: 0.05, momentum: 0.9, dampening: 0.5 } },
  { name: "SGD maximize weight_decay", opt: "SGD", kwargs: { lr: 0.01, momentum: 0.5, weight_decay: 0.1, maximize: true } },
  { name: "SGD nesterov float64", opt: "SGD", kwargs: { lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 0.01 }, dtype: "float64" },
  { name: "Adam default", opt: "Adam", kwargs: { lr: 0.01 }, fused: true },
  { name: "Adam amsgrad", opt: "Adam", kwargs: { lr: 0.01, amsgrad: true }, fused: true },
  { name: "Adam weight_decay", opt: "Adam", kwargs: { lr: 0.01, weight_decay: 0.1 } },
  { name: "Adam betas eps maximize weight_decay", opt: "Adam", kwargs: { lr: 0.02, betas: [0.8, 0.99], eps: 1e-6, maximize: true, weight_decay: 0.05 } },
  { name: "Adam amsgrad float64", opt: "Adam", kwargs: { lr: 0.01, amsgrad: true, weight_decay: 0.01 }, dtype: "float64" },
  { name: "AdamW default", opt: "AdamW", kwargs: { lr: 0.01 }, fused: true },
  { name: "AdamW amsgrad", opt: "AdamW", kwargs: { lr: 0.01, amsgrad: true, weight_decay: 0.05 }, fused: true },
  { name: "AdamW amsgrad float64", opt: "AdamW", kwargs: { lr: 0.01, amsgrad: true }, dtype: "float64" },
  { name: "RMSprop default", opt: "RMSprop", kwargs: { lr: 0.01 } },
  { name: "RMSprop centered momentum", opt: "RMSprop", kwargs: { lr: 0.01, centered: true, momentum: 0.9 } },
  { name: "RMSprop alpha weight_decay maximize", opt: "RMSprop", kwargs: { lr: 0.01, alpha: 0.9, weight_decay: 0.1, maximize: true, momentum: 0.5 } },
  { name: "RMSprop centered float64", opt: "RMSprop", kwargs: { lr: 0.01, centered: true, eps: 1e-6 }, dtype: "float64" },
  {
    name: "Adam two param groups",
    opt: "Adam",
    kwargs: { lr: 0.01 },
    groups: [{ params: [0] }, { params: [1], lr: 0.05, weight_decay: 0.1, amsgrad: true }],
  },
  {
    name: "SGD two param groups, lr and momentum changed between steps",
    opt: "SGD",
    kwargs: { lr: 0.05, momentum: 0.9 },
    groups: [{ params: [0] }, { params: [1], lr: 0.1 }],
    changes: { 5: { 0: { lr: 0.02 } }, 10: { 1: { momentum: 0.5, lr: 0.2 } }, 15: { 0: { weight_decay: 0.1 } } },
  },
  {
    name: "AdamW lr and betas changed between steps",
    opt: "AdamW",
    kwargs: { lr: 0.01 },
    changes: { 7: { 0: { lr: 0.003, betas: [0.85, 0.995] } }, 12: { 0: { weight_decay: 0.2 } } },
  },
  {
    name: "RMSprop lr changed between steps",
    opt: "RMSprop",
    kwargs: { lr: 0.01, momentum: 0.9 },
    changes: { 4: { 0: { lr: 0.001 } } },
  },
];

const PY_OPT_RUNNER = `
import sys
${PY_ENC}
def problem(dtype):
    torch.manual_seed(0)
    W = torch.randn(5, 4, dtype=dtype).requires_grad_()
    b = torch.randn(4, dtype=dtype).requires_grad_()
    torch.manual_seed(1)
    x = torch.randn(8, 5, dtype=dtype)
    y = torch.randn(8, 4, dtype=dtype)
    return [W, b], x, y

def run(case, variant):
    params, x, y = problem(getattr(torch, case.get("dtype") or "float32"))
    W, b = params
    kwargs = dict(case["kwargs"])
    if variant != "default":
        kwargs[variant] = True
    if case.get("groups"):
        arg = [dict(g, params=[params[i] for i in g["params"]]) for g in case["groups"]]
    else:
        arg = params
    opt = getattr(torch.optim, case["opt"])(arg, **kwargs)
    traj = []
    for k in range(${STEPS}):
        for gi, change in (case.get("changes") or {}).get(str(k), {}).items():
            opt.param_groups[int(gi)].update(change)
        opt.zero_grad()
        loss = ((x @ W + b - y) ** 2).mean()
        loss.backward()
        opt.step()
        traj.append([p.tolist() for p in params])
    return {"traj": traj, "state_dict": enc(opt.state_dict())}

cases = json.load(sys.stdin)
out = []
for case in cases:
    variants = ["default", "foreach"] + (["fused"] if case.get("fused") else [])
    out.append({v: run(case, v) for v in variants})
print(json.dumps(out))
`;

function problem(dtype: typeof torch.float32): [T[], T, T] {
  torch.manual_seed(0);
  const W = torch.randn(5, 4, { dtype }).requires_grad_();
  const b = torch.randn(4, { dtype }).requires_grad_();
  torch.manual_seed(1);
  const x = torch.randn(8, 5, { dtype });
  const y = torch.randn(8, 4, { dtype });
  return [[W, b], x, y];
}

function runOpt(c: OptCase, variant: string): { traj: Json[]; state_dict: Json; opt: InstanceType<typeof torch.optim.Optimizer>; params: T[] } {
  const [params, x, y] = problem(c.dtype === "float64" ? torch.float64 : torch.float32);
  const [W, b] = params;
  const kwargs: Record<string, unknown> = { ...c.kwargs };
  if (variant !== "default") kwargs[variant] = true;
  const arg = c.groups ? c.groups.map((g) => ({ ...g, params: (g.params as number[]).map((i) => params[i]) })) : params;
  const Opt = torch.optim[c.opt] as unknown as new (...a: unknown[]) => InstanceType<typeof torch.optim.Optimizer>;
  const opt = new Opt(arg, kwargs);
  const traj: Json[] = [];
  for (let k = 0; k < STEPS; k++) {
    for (const [gi, change] of Object.entries(c.changes?.[k] ?? {})) Object.assign(opt.param_groups[Number(gi)], change);
    opt.zero_grad();
    const loss = x.matmul(W).add(b).sub(y).pow(2).mean();
    loss.backward();
    opt.step();
    traj.push(params.map((p) => p.tolist() as Json));
  }
  return { traj, state_dict: enc(opt.state_dict()), opt, params };
}

describe("optimizers against Python, every step exactly", () => {
  const expected = pythonJson<Record<string, { traj: Json[]; state_dict: Json }>[]>(PY_OPT_RUNNER, JSON.stringify(optCases));
  optCases.forEach((c, i) => {
    for (const variant of Object.keys(expected[i])) {
      it(`${c.name} (Python ${variant === "default" ? "default: for-loop" : `${variant}=True`})`, () => {
        const got = runOpt(c, variant);
        for (let k = 0; k < STEPS; k++) expect(got.traj[k], `step ${k + 1}`).toStrictEqual(expected[i][variant].traj[k]);
        expect(got.state_dict).toStrictEqual(expected[i][variant].state_dict);
      });
    }
  });
});

// ---- state_dict round trip, zero_grad ----

const PY_ROUND_TRIP = `
${PY_ENC}
def problem():
    torch.manual_seed(0)
    W = torch.randn(5, 4).requires_grad_()
    b = torch.randn(4).requires_grad_()
    torch.manual_seed(1)
    return [W, b], torch.randn(8, 5), torch.randn(8, 4)

def steps(opt, params, x, y, n):
    out = []
    for _ in range(n):
        opt.zero_grad()
        ((x @ params[0] + params[1] - y) ** 2).mean().backward()
        opt.step()
        out.append([p.tolist() for p in params])
    return out

result = {}
for name, make in [("Adam", lambda ps: torch.optim.Adam(ps, lr=0.01, amsgrad=True)),
                   ("SGD", lambda ps: torch.optim.SGD([{"params": [ps[0]]}, {"params": [ps[1]], "lr": 0.1}], lr=0.05, momentum=0.9, nesterov=True)),
                   ("RMSprop", lambda ps: torch.optim.RMSprop(ps, lr=0.01, centered=True, momentum=0.9))]:
    params, x, y = problem()
    opt = make(params)
    steps(opt, params, x, y, 10)
    sd = opt.state_dict()
    # a checkpoint: copies of the state, as torch.save/torch.load would give
    saved = {"state": {k: {n: (t.clone() if isinstance(t, torch.Tensor) else t) for n, t in s.items()} for k, s in sd["state"].items()},
             "param_groups": [dict(g) for g in sd["param_groups"]]}
    params2 = [p.detach().clone().requires_grad_() for p in params]
    opt2 = make(params2)
    opt2.load_state_dict(saved)
    loaded = enc(opt2.state_dict())
    result[name] = {"loaded": loaded, "continued": steps(opt2, params2, x, y, 10)}
print(json.dumps(result))
`;

describe("state_dict and load_state_dict", () => {
  const expected = pythonJson<Record<string, { loaded: Json; continued: Json[] }>>(PY_ROUND_TRIP);
  const makers: Record<string, (ps: T[]) => InstanceType<typeof torch.optim.Optimizer>> = {
    Adam: (ps) => new torch.optim.Adam(ps, { lr: 0.01, amsgrad: true }),
    SGD: (ps) => new torch.optim.SGD([{ params: [ps[0]] }, { params: [ps[1]], lr: 0.1 }], { lr: 0.05, momentum: 0.9, nesterov: true }),
    RMSprop: (ps) => new torch.optim.RMSprop(ps, { lr: 0.01, centered: true, momentum: 0.9 }),
  };
  const steps = (opt: InstanceType<typeof torch.optim.Optimizer>, params: T[], x: T, y: T, n: number): Json[] => {
    const out: Json[] = [];
    for (let i = 0; i < n; i++) {
      opt.zero_grad();
      x.matmul(params[0]).add(params[1]).sub(y).pow(2).mean().backward();
      opt.step();
      out.push(params.map((p) => p.tolist() as Json));
    }
    return out;
  };

  for (const name of Object.keys(makers)) {
    it(`${name}: a loaded checkpoint continues as in Python`, () => {
      const [params, x, y] = problem(torch.float32);
      const opt = makers[name](params);
      steps(opt, params, x, y, 10);
      const sd = opt.state_dict();
      const saved = {
        state: Object.fromEntries(
          Object.entries(sd.state).map(([k, s]) => [k, Object.fromEntries(Object.entries(s).map(([n, t]) => [n, t instanceof torch.Tensor ? t.clone() : t]))]),
        ),
        param_groups: sd.param_groups.map((g) => ({ ...g })),
      };
      const params2 = params.map((p) => p.detach().clone().requires_grad_());
      const opt2 = makers[name](params2);
      opt2.load_state_dict(saved);
      expect(enc(opt2.state_dict())).toStrictEqual(expected[name].loaded);
      expect(steps(opt2, params2, x, y, 10)).toStrictEqual(expected[name].continued);
    });
  }

  it("state tensors of the right dtype and device are shared on load, not copied (as in Python)", () => {
    const [params] = problem(torch.float32);
    params.forEach((p) => (p.grad = torch.ones_like(p)));
    const opt = new torch.optim.Adam(params);
    opt.step();
    const other = params.map((p) => p.detach().clone().requires_grad_());
    const opt2 = new torch.optim.Adam(other);
    opt2.load_state_dict(opt.state_dict());
    opt.state.get(params[0])!.exp_avg.add_(1);
    expect(opt2.state.get(other[0])!.exp_avg.tolist()).toStrictEqual(opt.state.get(params[0])!.exp_avg.tolist());
    // float64 parameters get float64 copies; step stays float32
    const wide = params.map((p) => p.detach().double().requires_grad_());
    const opt3 = new torch.optim.Adam(wide);
    opt3.load_state_dict(opt.state_dict());
    expect(opt3.state.get(wide[0])!.exp_avg.dtype).toBe(torch.float64);
    expect(opt3.state.get(wide[0])!.step.dtype).toBe(torch.float32);
  });

  it("load_state_dict restores group options (lr changed after saving is overwritten)", () => {
    const [params] = problem(torch.float32);
    const opt = new torch.optim.SGD(params, 0.1, 0.9);
    const sd = opt.state_dict();
    opt.param_groups[0].lr = 0.5;
    opt.load_state_dict(sd);
    expect(opt.param_groups[0].lr).toBe(0.1);
    expect(opt.param_groups[0].params).toStrictEqual(params);
  });
});

describe("zero_grad", () => {
  const withGrads = (): [InstanceType<typeof torch.optim.SGD>, T[]] => {
    const [params, x, y] = problem(torch.float32);
    const opt = new torch.optim.SGD(params, 0.1);
    x.matmul(params[0]).add(params[1]).sub(y).pow(2).mean().backward();
    return [opt, params];
  };

  it("zero_grad() sets grads to null", () => {
    const [opt, params] = withGrads();
    opt.zero_grad();
    expect(params.map((p) => p.grad)).toStrictEqual([null, null]);
  });

  it("zero_grad(false) and zero_grad({ set_to_none: false }) fill them with zeros", () => {
    for (const call of [(o: InstanceType<typeof torch.optim.SGD>) => o.zero_grad(false), (o: InstanceType<typeof torch.optim.SGD>) => o.zero_grad({ set_to_none: false })]) {
      const [opt, params] = withGrads();
      const before = params[0].grad!;
      call(opt);
      expect(params[0].grad!.tolist()).toStrictEqual(torch.zeros(5, 4).tolist());
      expect(before.tolist()).toStrictEqual(torch.zeros(5, 4).tolist()); // the same tensor, zeroed in place
      expect(params[1].grad!.tolist()).toStrictEqual([0, 0, 0, 0]);
    }
  });

  it("a parameter without a gradient is skipped by step", () => {
    const [params] = problem(torch.float32);
    const before = params[1].tolist();
    params[0].grad = torch.ones(5, 4);
    const opt = new torch.optim.Adam(params, 0.1);
    opt.step();
    expect(params[1].tolist()).toStrictEqual(before);
    expect(opt.state.has(params[1])).toBe(false);
    expect(Object.keys(opt.state_dict().state)).toStrictEqual(["0"]);
  });

  it("step(closure) returns the closure's loss, computed with grad enabled", () => {
    const [params, x, y] = problem(torch.float32);
    const opt = new torch.optim.SGD(params, 0.1);
    const loss = torch.no_grad(() =>
      opt.step(() => {
        opt.zero_grad();
        const l = x.matmul(params[0]).add(params[1]).sub(y).pow(2).mean();
        l.backward();
        return l;
      }),
    );
    expect(loss).toBeInstanceOf(torch.Tensor);
    expect(params[0].grad).not.toBeNull();
  });
});

// ---- schedulers ----

interface SchedSpec {
  type: string;
  kwargs?: Record<string, Json>;
  schedulers?: SchedSpec[];
  lambdas?: string | string[];
}

interface SchedCase {
  name: string;
  opt: "SGD" | "Adam";
  opt_kwargs: Record<string, Json>;
  lr2?: number;
  sched: SchedSpec;
  steps: number;
  /** Tolerance relative to the value; exact when absent. */
  rtol?: number;
}

const LAMBDAS: Record<string, (e: number) => number> = {
  inv: (e) => 1.0 / (e + 1),
  saw: (e) => 0.5 * ((e % 5) + 1),
};
const PY_LAMBDAS = `LAMBDAS = {"inv": lambda e: 1.0 / (e + 1), "saw": lambda e: 0.5 * (e % 5 + 1)}`;

const schedCases: SchedCase[] = [
  { name: "StepLR", opt: "SGD", opt_kwargs: { lr: 0.1, momentum: 0.9 }, sched: { type: "StepLR", kwargs: { step_size: 7, gamma: 0.5 } }, steps: 30 },
  { name: "MultiStepLR", opt: "SGD", opt_kwargs: { lr: 0.1 }, sched: { type: "MultiStepLR", kwargs: { milestones: [5, 12, 12, 20], gamma: 0.3 } }, steps: 30 },
  { name: "ConstantLR", opt: "SGD", opt_kwargs: { lr: 0.1 }, sched: { type: "ConstantLR", kwargs: { factor: 0.25, total_iters: 4 } }, steps: 10 },
  { name: "LinearLR", opt: "SGD", opt_kwargs: { lr: 0.1 }, lr2: 0.03, sched: { type: "LinearLR", kwargs: { start_factor: 0.1, end_factor: 1.0, total_iters: 10 } }, steps: 30 },
  { name: "LinearLR decay", opt: "Adam", opt_kwargs: { lr: 0.01 }, sched: { type: "LinearLR", kwargs: { start_factor: 1.0, end_factor: 0.05, total_iters: 17 } }, steps: 30 },
  { name: "ExponentialLR", opt: "SGD", opt_kwargs: { lr: 0.1 }, sched: { type: "ExponentialLR", kwargs: { gamma: 0.9 } }, steps: 30 },
  { name: "LambdaLR one function", opt: "SGD", opt_kwargs: { lr: 0.1 }, lr2: 0.2, sched: { type: "LambdaLR", lambdas: "inv" }, steps: 30 },
  { name: "LambdaLR a function per group", opt: "SGD", opt_kwargs: { lr: 0.1 }, lr2: 0.2, sched: { type: "LambdaLR", lambdas: ["inv", "saw"] }, steps: 30 },
  { name: "CosineAnnealingLR past T_max", opt: "SGD", opt_kwargs: { lr: 0.1, momentum: 0.9 }, lr2: 0.05, sched: { type: "CosineAnnealingLR", kwargs: { T_max: 10, eta_min: 0.001 } }, steps: 30, rtol: COS_RTOL },
  { name: "CosineAnnealingLR T_max 7", opt: "Adam", opt_kwargs: { lr: 0.003 }, sched: { type: "CosineAnnealingLR", kwargs: { T_max: 7 } }, steps: 30, rtol: COS_RTOL },
  {
    name: "SequentialLR warmup then cosine",
    opt: "SGD",
    opt_kwargs: { lr: 0.1, momentum: 0.9 },
    sched: {
      type: "SequentialLR",
      kwargs: { milestones: [5] },
      schedulers: [{ type: "LinearLR", kwargs: { start_factor: 0.1, total_iters: 5 } }, { type: "CosineAnnealingLR", kwargs: { T_max: 25 } }],
    },
    steps: 30,
    rtol: COS_RTOL,
  },
  {
    name: "SequentialLR of three",
    opt: "SGD",
    opt_kwargs: { lr: 0.1 },
    lr2: 0.4,
    sched: {
      type: "SequentialLR",
      kwargs: { milestones: [3, 10] },
      schedulers: [
        { type: "ConstantLR", kwargs: { factor: 0.5, total_iters: 3 } },
        { type: "ExponentialLR", kwargs: { gamma: 0.8 } },
        { type: "StepLR", kwargs: { step_size: 4, gamma: 0.5 } },
      ],
    },
    steps: 30,
  },
  {
    name: "OneCycleLR cos, SGD momentum cycling",
    opt: "SGD",
    opt_kwargs: { lr: 0.1, momentum: 0.9 },
    sched: { type: "OneCycleLR", kwargs: { max_lr: 0.1, total_steps: 30 } },
    steps: 30,
    rtol: COS_RTOL,
  },
  {
    name: "OneCycleLR linear three-phase, Adam betas cycling, two groups, epochs*steps_per_epoch",
    opt: "Adam",
    opt_kwargs: { lr: 0.01 },
    lr2: 0.02,
    sched: { type: "OneCycleLR", kwargs: { max_lr: [0.01, 0.05], epochs: 3, steps_per_epoch: 10, anneal_strategy: "linear", three_phase: true } },
    steps: 30,
  },
  {
    name: "OneCycleLR cos, Adam betas, custom factors and momenta",
    opt: "Adam",
    opt_kwargs: { lr: 0.01, betas: [0.9, 0.99] },
    sched: { type: "OneCycleLR", kwargs: { max_lr: 0.02, total_steps: 30, pct_start: 0.25, div_factor: 10, final_div_factor: 100, base_momentum: 0.8, max_momentum: 0.9 } },
    steps: 30,
    rtol: COS_RTOL,
  },
  {
    name: "OneCycleLR without momentum cycling",
    opt: "SGD",
    opt_kwargs: { lr: 0.1, momentum: 0.9 },
    sched: { type: "OneCycleLR", kwargs: { max_lr: 0.3, total_steps: 20, cycle_momentum: false } },
    steps: 20,
    rtol: COS_RTOL,
  },
];

const RECORDED = ["lr", "momentum", "betas", "initial_lr", "max_lr", "min_lr", "max_momentum", "base_momentum"];

const PY_SCHED_RUNNER = `
import sys
${PY_ENC}
${PY_LAMBDAS}
def build(spec, opt):
    cls = getattr(torch.optim.lr_scheduler, spec["type"])
    kwargs = dict(spec.get("kwargs") or {})
    if spec["type"] == "SequentialLR":
        return cls(opt, [build(s, opt) for s in spec["schedulers"]], **kwargs)
    if spec["type"] == "LambdaLR":
        l = spec["lambdas"]
        return cls(opt, [LAMBDAS[n] for n in l] if isinstance(l, list) else LAMBDAS[l])
    return cls(opt, **kwargs)

def record(opt, sched):
    return {"last_lr": sched.get_last_lr(),
            "groups": [{k: enc(g[k]) for k in ${JSON.stringify(RECORDED)} if k in g} for g in opt.param_groups]}

cases = json.load(sys.stdin)
out = []
for case in cases:
    torch.manual_seed(0)
    p = torch.randn(3, requires_grad=True)
    q = torch.randn(2, requires_grad=True)
    groups = [{"params": [p]}] + ([{"params": [q], "lr": case["lr2"]}] if "lr2" in case else [])
    opt = getattr(torch.optim, case["opt"])(groups, **case["opt_kwargs"])
    sched = build(case["sched"], opt)
    rec = [record(opt, sched)]
    for _ in range(case["steps"]):
        opt.step()
        sched.step()
        rec.append(record(opt, sched))
    sd = sched.state_dict()
    out.append({"rec": rec, "state_dict": enc(sd), "opt_groups": enc(opt.state_dict()["param_groups"])})
print(json.dumps(out))
`;

type Sched = InstanceType<typeof torch.optim.lr_scheduler.LRScheduler>;
type Opt = InstanceType<typeof torch.optim.Optimizer>;

function build(spec: SchedSpec, opt: Opt): Sched {
  const S = (torch.optim.lr_scheduler as unknown as Record<string, new (...a: unknown[]) => Sched>)[spec.type];
  if (spec.type === "SequentialLR") return new S(opt, spec.schedulers!.map((s) => build(s, opt)), spec.kwargs ?? {});
  if (spec.type === "LambdaLR") {
    const l = spec.lambdas!;
    return new S(opt, Array.isArray(l) ? l.map((n) => LAMBDAS[n]) : LAMBDAS[l]);
  }
  return new S(opt, spec.kwargs ?? {});
}

function record(opt: Opt, sched: Sched): Json {
  return {
    last_lr: sched.get_last_lr() as Json,
    groups: opt.param_groups.map((g) => Object.fromEntries(RECORDED.filter((k) => k in g).map((k) => [k, enc(g[k])]))),
  };
}

function runSched(c: SchedCase): { rec: Json[]; state_dict: Json; opt_groups: Json } {
  torch.manual_seed(0);
  const p = torch.randn(3, { requires_grad: true });
  const q = torch.randn(2, { requires_grad: true });
  const groups: Record<string, unknown>[] = [{ params: [p] }, ...(c.lr2 !== undefined ? [{ params: [q], lr: c.lr2 }] : [])];
  const Opt = torch.optim[c.opt] as unknown as new (...a: unknown[]) => Opt;
  const opt = new Opt(groups, c.opt_kwargs);
  const sched = build(c.sched, opt);
  const rec = [record(opt, sched)];
  for (let i = 0; i < c.steps; i++) {
    opt.step();
    sched.step();
    rec.push(record(opt, sched));
  }
  return { rec, state_dict: enc(sched.state_dict()), opt_groups: enc(opt.state_dict().param_groups) };
}

/** Equal, numbers within rtol of each other (relative to the expected value). */
function expectClose(actual: Json, expected: Json, rtol: number, path: string): void {
  if (typeof expected === "number" && typeof actual === "number") {
    if (actual !== expected) expect(Math.abs(actual - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(rtol * Math.abs(expected));
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as Json[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => expectClose((actual as Json[])[i], e, rtol, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === "object") {
    expect(Object.keys(actual as object).sort(), `${path} keys`).toStrictEqual(Object.keys(expected).sort());
    for (const k of Object.keys(expected)) expectClose((actual as Record<string, Json>)[k], expected[k], rtol, `${path}.${k}`);
  } else {
    expect(actual, path).toStrictEqual(expected);
  }
}

/** How many numbers differ at all (reported, to see how often the cosine differs from glibc's). */
function countDiffs(actual: Json, expected: Json): [number, number] {
  if (typeof expected === "number") return [actual === expected ? 0 : 1, 1];
  if (Array.isArray(expected)) return expected.map((e, i) => countDiffs((actual as Json[])[i], e)).reduce((a, b) => [a[0] + b[0], a[1] + b[1]], [0, 0]);
  if (expected !== null && typeof expected === "object") {
    return Object.keys(expected).map((k) => countDiffs((actual as Record<string, Json>)[k], expected[k])).reduce((a, b) => [a[0] + b[0], a[1] + b[1]], [0, 0]);
  }
  return [0, 0];
}

describe("lr schedulers against Python, every step", () => {
  const expected = pythonJson<{ rec: Json[]; state_dict: Json; opt_groups: Json }[]>(PY_SCHED_RUNNER, JSON.stringify(schedCases));
  schedCases.forEach((c, i) => {
    it(`${c.name} (${c.rtol ? `rtol ${c.rtol}` : "exact"})`, () => {
      const got = runSched(c);
      expectClose(got.rec, expected[i].rec, c.rtol ?? 0, "steps");
      expectClose(got.state_dict, expected[i].state_dict, c.rtol ?? 0, "state_dict");
      expectClose(got.opt_groups, expected[i].opt_groups, c.rtol ?? 0, "param_groups");
      if (c.rtol) {
        const [diff, total] = countDiffs(got.rec, expected[i].rec);
        console.log(`${c.name}: ${diff} of ${total} recorded numbers differ from Python's in the last bits`);
      }
    });
  });

  it("a scheduler's state_dict loads into a new scheduler, which continues identically", () => {
    const make = () => {
      torch.manual_seed(0);
      const opt = new torch.optim.SGD([torch.randn(3, { requires_grad: true })], 0.1);
      return [opt, new torch.optim.lr_scheduler.StepLR(opt, 3, 0.5)] as const;
    };
    const [opt, sched] = make();
    for (let i = 0; i < 5; i++) (opt.step(), sched.step());
    const [opt2, sched2] = make();
    sched2.load_state_dict(sched.state_dict());
    opt2.load_state_dict(opt.state_dict());
    for (let i = 0; i < 5; i++) {
      opt.step(), sched.step(), opt2.step(), sched2.step();
      expect(sched2.get_last_lr()).toStrictEqual(sched.get_last_lr());
      expect(opt2.param_groups[0].lr).toBe(opt.param_groups[0].lr);
    }
  });

  it("resuming with last_epoch needs initial_lr in the groups (KeyError otherwise)", () => {
    const opt = new torch.optim.SGD([torch.randn(3, { requires_grad: true })], 0.1);
    expect(() => new torch.optim.lr_scheduler.StepLR(opt, { step_size: 3, last_epoch: 4 })).toThrow(/param 'initial_lr' is not specified in param_groups\[0\]/);
    opt.param_groups[0].initial_lr = 0.1;
    const sched = new torch.optim.lr_scheduler.StepLR(opt, { step_size: 3, last_epoch: 4 });
    expect(sched.last_epoch).toBe(5);
  });

  it("a subclass in the documented form (super(), attributes, __init__)", () => {
    class HalvingLR extends torch.optim.lr_scheduler.LRScheduler {
      declare every: number;
      constructor(optimizer: Opt, every: number) {
        super();
        this.every = every;
        this.__init__(optimizer);
      }
      get_lr(): number[] {
        return this.base_lrs.map((lr) => (lr as number) / 2 ** Math.floor(this.last_epoch / this.every));
      }
    }
    const opt = new torch.optim.SGD([torch.randn(3, { requires_grad: true })], 0.8);
    const sched = new HalvingLR(opt, 2);
    const lrs = [sched.get_last_lr()[0]];
    for (let i = 0; i < 4; i++) (opt.step(), sched.step(), lrs.push(sched.get_last_lr()[0] as number));
    expect(lrs).toStrictEqual([0.8, 0.8, 0.4, 0.4, 0.2]);
  });
});

// ---- clip_grad ----

const CLIP_PRELUDE = `
def grads(dtype=torch.float32, scale=1.0):
    torch.manual_seed(3)
    ps = [torch.randn(4, 3, dtype=dtype, requires_grad=True), torch.randn(5, dtype=dtype, requires_grad=True), torch.randn(2, 2, dtype=dtype, requires_grad=True)]
    torch.manual_seed(4)
    for p in ps:
        p.grad = torch.randn(p.shape, dtype=dtype) * scale
    return ps
`;

function grads(dtype = torch.float32, scale = 1.0): T[] {
  torch.manual_seed(3);
  const ps = [torch.randn(4, 3, { dtype, requires_grad: true }), torch.randn(5, { dtype, requires_grad: true }), torch.randn(2, 2, { dtype, requires_grad: true })];
  torch.manual_seed(4);
  for (const p of ps) p.grad = torch.randn(p.shape, { dtype }).mul(scale);
  return ps;
}

const { clip_grad_norm_, clip_grad_value_, get_total_norm, clip_grads_with_norm_ } = torch.nn.utils;
const clipNorm = (ps: T[], ...args: unknown[]) => {
  const n = (clip_grad_norm_ as (...a: unknown[]) => T)(ps, ...args);
  return [n, ...ps.map((p) => p.grad!)];
};

const clipCases: Case[] = [
  { name: "norm 2, clipping", ts: () => clipNorm(grads(), 1.0), py: "ps = grads(); r = [torch.nn.utils.clip_grad_norm_(ps, 1.0)] + [p.grad for p in ps]" },
  { name: "norm 2, no clipping needed", ts: () => clipNorm(grads(), 100), py: "ps = grads(); r = [torch.nn.utils.clip_grad_norm_(ps, 100)] + [p.grad for p in ps]" },
  { name: "norm 1", ts: () => clipNorm(grads(), 2.5, 1), py: "ps = grads(); r = [torch.nn.utils.clip_grad_norm_(ps, 2.5, 1)] + [p.grad for p in ps]" },
  { name: "norm inf", ts: () => clipNorm(grads(), 0.5, Infinity), py: "ps = grads(); r = [torch.nn.utils.clip_grad_norm_(ps, 0.5, float('inf'))] + [p.grad for p in ps]" },
  { name: "norm 'inf' as a string, keywords", ts: () => clipNorm(grads(), { max_norm: 0.5, norm_type: "inf" }), py: "ps = grads(); r = [torch.nn.utils.clip_grad_norm_(ps, max_norm=0.5, norm_type='inf')] + [p.grad for p in ps]" },
  { name: "norm 3", ts: () => clipNorm(grads(), 0.7, { norm_type: 3 }), py: "ps = grads(); r = [torch.nn.utils.clip_grad_norm_(ps, 0.7, norm_type=3)] + [p.grad for p in ps]" },
  { name: "foreach false", ts: () => clipNorm(grads(), 1.0, { foreach: false }), py: "ps = grads(); r = [torch.nn.utils.clip_grad_norm_(ps, 1.0, foreach=False)] + [p.grad for p in ps]" },
  { name: "foreach true", ts: () => clipNorm(grads(), 1.0, 2, false, true), py: "ps = grads(); r = [torch.nn.utils.clip_grad_norm_(ps, 1.0, 2, False, True)] + [p.grad for p in ps]" },
  { name: "float64", ts: () => clipNorm(grads(torch.float64), 0.3), py: "ps = grads(torch.float64); r = [torch.nn.utils.clip_grad_norm_(ps, 0.3)] + [p.grad for p in ps]" },
  { name: "a single tensor", ts: () => { const ps = grads(); return [clip_grad_norm_(ps[0], 0.5), ps[0].grad]; }, py: "ps = grads(); r = [torch.nn.utils.clip_grad_norm_(ps[0], 0.5), ps[0].grad]" },
  { name: "a parameter without grad", ts: () => { const ps = grads(); ps[1].grad = null; return clipNorm(ps, 0.5).filter((t) => t !== null); }, py: "ps = grads(); ps[1].grad = None; r = [torch.nn.utils.clip_grad_norm_(ps, 0.5)] + [p.grad for p in ps if p.grad is not None]" },
  { name: "no grads at all", ts: () => { const ps = grads(); ps.forEach((p) => (p.grad = null)); return clip_grad_norm_(ps, 1.0); }, py: "ps = grads(); [setattr(p, 'grad', None) for p in ps]; r = torch.nn.utils.clip_grad_norm_(ps, 1.0)" },
  { name: "nonfinite total norm, error_if_nonfinite", ts: () => { const ps = grads(); ps[0].grad!.index_set_([0, 0], Infinity); return clip_grad_norm_(ps, 1.0, { error_if_nonfinite: true }); }, py: "ps = grads(); ps[0].grad[0, 0] = float('inf'); r = torch.nn.utils.clip_grad_norm_(ps, 1.0, error_if_nonfinite=True)" },
  { name: "nonfinite total norm, order 1", ts: () => { const ps = grads(); ps[0].grad!.index_set_([0, 0], NaN); return clip_grad_norm_(ps, 1.0, 1, true); }, py: "ps = grads(); ps[0].grad[0, 0] = float('nan'); r = torch.nn.utils.clip_grad_norm_(ps, 1.0, 1, True)" },
  { name: "get_total_norm", ts: () => get_total_norm(grads().map((p) => p.grad!), 1.5), py: "r = torch.nn.utils.get_total_norm([p.grad for p in grads()], 1.5)" },
  { name: "clip_grads_with_norm_", ts: () => { const ps = grads(); clip_grads_with_norm_(ps, 1.0, torch.tensor(3.5, { dtype: torch.float32 })); return ps.map((p) => p.grad!); }, py: "ps = grads(); torch.nn.utils.clip_grads_with_norm_(ps, 1.0, torch.tensor(3.5)); r = [p.grad for p in ps]" },
  { name: "clip_grad_value_", ts: () => { const ps = grads(); clip_grad_value_(ps, 0.5); return ps.map((p) => p.grad!); }, py: "ps = grads(); torch.nn.utils.clip_grad_value_(ps, 0.5); r = [p.grad for p in ps]" },
  { name: "clip_grad_value_ foreach false", ts: () => { const ps = grads(); clip_grad_value_(ps, { clip_value: 0.2, foreach: false }); return ps.map((p) => p.grad!); }, py: "ps = grads(); torch.nn.utils.clip_grad_value_(ps, clip_value=0.2, foreach=False); r = [p.grad for p in ps]" },
  { name: "clip_grad_value_ of a single tensor", ts: () => { const ps = grads(); clip_grad_value_(ps[2], 1); return ps[2].grad!; }, py: "ps = grads(); torch.nn.utils.clip_grad_value_(ps[2], 1); r = ps[2].grad" },
];

describe("clip_grad against Python (exact)", () => {
  const expected = pythonResults(clipCases, CLIP_PRELUDE);
  clipCases.forEach((c, i) => it(c.name, () => expectSame(c, expected[i])));

  it("clips grads then feeds an optimizer as in Python (20 steps of SGD with clipping)", () => {
    const py = misc().clip_sgd;
    const [params, x, y] = problem(torch.float32);
    const opt = new torch.optim.SGD(params, { lr: 0.1, momentum: 0.9 });
    const out: Json[] = [];
    for (let i = 0; i < 20; i++) {
      opt.zero_grad();
      x.matmul(params[0]).add(params[1]).sub(y).pow(2).mean().backward();
      const n = clip_grad_norm_(params, 0.5);
      opt.step();
      out.push([n.item() as number, params[0].tolist() as Json, params[1].tolist() as Json]);
    }
    expect(out).toStrictEqual(py);
  });
});

// ---- bad input: Python's class and message ----

const BAD_PRELUDE = `
torch.manual_seed(0)
p = torch.randn(3, requires_grad=True)
q = torch.randn(2, requires_grad=True)
`;
const p = () => (torch.manual_seed(0), torch.randn(3, { requires_grad: true }));
const pq = (): [T, T] => {
  torch.manual_seed(0);
  return [torch.randn(3, { requires_grad: true }), torch.randn(2, { requires_grad: true })];
};
const sgd = (...args: unknown[]) => new (torch.optim.SGD as unknown as new (...a: unknown[]) => Opt)(...args);
const adam = (...args: unknown[]) => new (torch.optim.Adam as unknown as new (...a: unknown[]) => Opt)(...args);
const rmsprop = (...args: unknown[]) => new (torch.optim.RMSprop as unknown as new (...a: unknown[]) => Opt)(...args);
const LS = torch.optim.lr_scheduler as unknown as Record<string, new (...a: unknown[]) => Sched>;

const badCases: Case[] = [
  { name: "empty parameter list", ts: () => sgd([]), py: "r = torch.optim.SGD([])" },
  { name: "a tensor instead of a list", ts: () => sgd(p()), py: "r = torch.optim.SGD(p)" },
  { name: "a parameter in two groups", ts: () => { const t = p(); return sgd([{ params: [t] }, { params: [t], lr: 0.1 }]); }, py: "r = torch.optim.SGD([{'params': [p]}, {'params': [p], 'lr': 0.1}])" },
  { name: "add_param_group with a parameter already there", ts: () => { const [a, b] = pq(); const o = sgd([a, b]); o.add_param_group({ params: b }); }, py: "o = torch.optim.SGD([p, q]); r = o.add_param_group({'params': q})" },
  { name: "add_param_group of a list", ts: () => { const [a, b] = pq(); sgd([a]).add_param_group([b] as never); }, py: "r = torch.optim.SGD([p]).add_param_group([q])" },
  { name: "a set of parameters in a group", ts: () => { const [a, b] = pq(); return sgd([{ params: new Set([a, b]) }]); }, py: "r = torch.optim.SGD([{'params': {p, q}}])" },
  { name: "a number among the params", ts: () => sgd([1.5]), py: "r = torch.optim.SGD([1.5])" },
  { name: "a non-leaf tensor", ts: () => sgd([p().mul(2)]), py: "r = torch.optim.SGD([p * 2])" },
  { name: "SGD negative lr", ts: () => sgd([p()], -0.1), py: "r = torch.optim.SGD([p], -0.1)" },
  { name: "SGD negative momentum", ts: () => sgd([p()], { momentum: -0.5 }), py: "r = torch.optim.SGD([p], momentum=-0.5)" },
  { name: "SGD negative weight_decay", ts: () => sgd([p()], 0.1, 0.9, 0, -0.01), py: "r = torch.optim.SGD([p], 0.1, 0.9, 0, -0.01)" },
  { name: "SGD nesterov without momentum", ts: () => sgd([p()], { lr: 0.1, nesterov: true }), py: "r = torch.optim.SGD([p], lr=0.1, nesterov=True)" },
  { name: "SGD nesterov with dampening", ts: () => sgd([p()], { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }), py: "r = torch.optim.SGD([p], lr=0.1, momentum=0.9, dampening=0.1, nesterov=True)" },
  { name: "SGD unknown keyword", ts: () => sgd([p()], { lr: 0.1, momentom: 0.9 }), py: "r = torch.optim.SGD([p], lr=0.1, momentom=0.9)" },
  { name: "SGD fused and foreach", ts: () => sgd([p()], { fused: true, foreach: true }), py: "r = torch.optim.SGD([p], fused=True, foreach=True)" },
  { name: "Adam negative lr", ts: () => adam([p()], -0.001), py: "r = torch.optim.Adam([p], -0.001)" },
  { name: "Adam negative eps", ts: () => adam([p()], { eps: -1e-8 }), py: "r = torch.optim.Adam([p], eps=-1e-8)" },
  { name: "Adam beta1 out of range", ts: () => adam([p()], { betas: [1.5, 0.999] }), py: "r = torch.optim.Adam([p], betas=(1.5, 0.999))" },
  { name: "Adam beta2 out of range", ts: () => adam([p()], 0.001, [0.9, -0.1]), py: "r = torch.optim.Adam([p], 0.001, (0.9, -0.1))" },
  { name: "Adam negative weight_decay", ts: () => adam([p()], { weight_decay: -0.5 }), py: "r = torch.optim.Adam([p], weight_decay=-0.5)" },
  { name: "Adam fused and foreach", ts: () => adam([p()], { fused: true, foreach: true }), py: "r = torch.optim.Adam([p], fused=True, foreach=True)" },
  { name: "Adam fused on integer parameters", ts: () => { const o = adam([torch.tensor([1, 2])], { fused: true }); o.param_groups[0].params[0].grad = torch.tensor([1, 1]); o.step(); }, py: "o = torch.optim.Adam([torch.tensor([1, 2])], fused=True); o.param_groups[0]['params'][0].grad = torch.tensor([1, 1]); r = o.step()" },
  { name: "AdamW negative lr", ts: () => new torch.optim.AdamW([p()], { lr: -1.5 }), py: "r = torch.optim.AdamW([p], lr=-1.5)" },
  { name: "RMSprop negative alpha", ts: () => rmsprop([p()], { alpha: -0.5 }), py: "r = torch.optim.RMSprop([p], alpha=-0.5)" },
  { name: "RMSprop negative momentum", ts: () => rmsprop([p()], 0.01, 0.99, 1e-8, 0, -0.1), py: "r = torch.optim.RMSprop([p], 0.01, 0.99, 1e-8, 0, -0.1)" },
  { name: "RMSprop negative eps", ts: () => rmsprop([p()], { eps: -0.001 }), py: "r = torch.optim.RMSprop([p], eps=-0.001)" },
  { name: "load_state_dict with another number of groups", ts: () => { const [a, b] = pq(); const o = sgd([a, b], 0.1); o.load_state_dict(sgd([{ params: [a] }, { params: [b] }], 0.1).state_dict()); }, py: "o = torch.optim.SGD([p, q], 0.1); r = o.load_state_dict(torch.optim.SGD([{'params': [p]}, {'params': [q]}], 0.1).state_dict())" },
  { name: "load_state_dict with a group of another size", ts: () => { const [a, b] = pq(); const o = sgd([a, b], 0.1); o.load_state_dict(sgd([a], 0.1).state_dict()); }, py: "o = torch.optim.SGD([p, q], 0.1); r = o.load_state_dict(torch.optim.SGD([p], 0.1).state_dict())" },
  { name: "scheduler of a non-optimizer", ts: () => new LS.StepLR(5, 3), py: "r = torch.optim.lr_scheduler.StepLR(5, 3)" },
  { name: "LinearLR start_factor 0", ts: () => new LS.LinearLR(sgd([p()], 0.1), { start_factor: 0 }), py: "r = torch.optim.lr_scheduler.LinearLR(torch.optim.SGD([p], 0.1), start_factor=0)" },
  { name: "LinearLR end_factor above 1", ts: () => new LS.LinearLR(sgd([p()], 0.1), 0.5, 1.5), py: "r = torch.optim.lr_scheduler.LinearLR(torch.optim.SGD([p], 0.1), 0.5, 1.5)" },
  { name: "LambdaLR with too many functions", ts: () => new LS.LambdaLR(sgd([p()], 0.1), [() => 1, () => 1]), py: "r = torch.optim.lr_scheduler.LambdaLR(torch.optim.SGD([p], 0.1), [lambda e: 1, lambda e: 1])" },
  { name: "OneCycleLR without total steps", ts: () => new LS.OneCycleLR(sgd([p()], 0.1), 0.1), py: "r = torch.optim.lr_scheduler.OneCycleLR(torch.optim.SGD([p], 0.1), 0.1)" },
  { name: "OneCycleLR negative total_steps", ts: () => new LS.OneCycleLR(sgd([p()], 0.1), 0.1, -3), py: "r = torch.optim.lr_scheduler.OneCycleLR(torch.optim.SGD([p], 0.1), 0.1, -3)" },
  { name: "OneCycleLR bad anneal_strategy", ts: () => new LS.OneCycleLR(sgd([p()], 0.1), 0.1, { total_steps: 10, anneal_strategy: "exp" }), py: "r = torch.optim.lr_scheduler.OneCycleLR(torch.optim.SGD([p], 0.1), 0.1, total_steps=10, anneal_strategy='exp')" },
  { name: "OneCycleLR max_lr list of the wrong length", ts: () => new LS.OneCycleLR(sgd([p()], 0.1), [0.1, 0.2], 10), py: "r = torch.optim.lr_scheduler.OneCycleLR(torch.optim.SGD([p], 0.1), [0.1, 0.2], 10)" },
  { name: "OneCycleLR stepped past total_steps", ts: () => { const o = sgd([p()], 0.1, 0.9); const s = new LS.OneCycleLR(o, 0.1, 5); for (let i = 0; i < 6; i++) (o.step(), s.step()); }, py: "o = torch.optim.SGD([p], 0.1, 0.9); s = torch.optim.lr_scheduler.OneCycleLR(o, 0.1, 5)\nfor _ in range(6):\n    o.step(); s.step()\nr = None" },
  { name: "SequentialLR milestones of the wrong length", ts: () => { const o = sgd([p()], 0.1); return new LS.SequentialLR(o, [new LS.ExponentialLR(o, 0.9), new LS.ExponentialLR(o, 0.8)], [2, 4]); }, py: "o = torch.optim.SGD([p], 0.1); r = torch.optim.lr_scheduler.SequentialLR(o, [torch.optim.lr_scheduler.ExponentialLR(o, 0.9), torch.optim.lr_scheduler.ExponentialLR(o, 0.8)], [2, 4])" },
  { name: "SequentialLR of no scheduler", ts: () => new LS.SequentialLR(sgd([p()], 0.1), [], []), py: "r = torch.optim.lr_scheduler.SequentialLR(torch.optim.SGD([p], 0.1), [], [])" },
  { name: "ConstantLR factor above 1", ts: () => new LS.ConstantLR(sgd([p()], 0.1), 1.5), py: "r = torch.optim.lr_scheduler.ConstantLR(torch.optim.SGD([p], 0.1), 1.5)" },
];

describe("bad input raises Python's exception class and message", () => {
  const expected = pythonResults(badCases, BAD_PRELUDE);
  badCases.forEach((c, i) =>
    it(c.name, () => {
      expect(expected[i].kind, `Python raised for ${c.name}`).toBe("error");
      expectSame(c, expected[i]);
    }),
  );
});

describe("torchts-specific behavior", () => {
  it("a string where a number belongs raises TypeError naming the option (Python's TypeError comes mid-step)", () => {
    const py = pythonJson<string[]>(`
p = torch.nn.Parameter(torch.ones(2)); p.grad = torch.ones(2)
out = []
for make in [lambda: torch.optim.SGD([p], lr=0.1, momentum=0.9, dampening="s"), lambda: torch.optim.SGD([{"params": [p], "momentum": "x"}], lr=0.1)]:
    try:
        o = make(); o.step(); o.step(); out.append("ok")
    except Exception as e:
        out.append(type(e).__name__)
print(json.dumps(out))`);
    expect(py).toStrictEqual(["TypeError", "TypeError"]);
    const param = new torch.nn.Parameter(torch.ones(2));
    expect(() => sgd([param], { lr: 0.1, momentum: 0.9, dampening: "s" as never })).toThrow(
      new torch.TypeError("SGD.__init__(): argument 'dampening' must be a number, not str"),
    );
    expect(() => sgd([{ params: [param], momentum: "x" }], { lr: 0.1 })).toThrow(
      new torch.TypeError("optimizer option 'momentum' must be a number or a Tensor, not str"),
    );
  });

  it("trains an nn.Module (Sequential of Linear, Tanh) with AdamW, OneCycleLR and clipping, as Python", () => {
    const { nn } = torch;
    torch.manual_seed(0);
    const model = new nn.Sequential(new nn.Linear(5, 8), new nn.Tanh(), new nn.Linear(8, 3));
    const x = torch.randn(16, 5);
    const y = torch.randn(16, 3);
    const opt = new torch.optim.AdamW(model.parameters(), { lr: 0.01 });
    const sched = new torch.optim.lr_scheduler.OneCycleLR(opt, { max_lr: 0.05, total_steps: 15 });
    const losses: number[] = [];
    for (let i = 0; i < 15; i++) {
      opt.zero_grad();
      const loss = nn.functional.mse_loss(model.forward(x) as T, y);
      loss.backward();
      clip_grad_norm_(model.parameters(), 1.0);
      opt.step();
      sched.step();
      losses.push(loss.item() as number);
    }
    expect({ losses, params: [...model.parameters()].map((q) => q.tolist() as Json) }).toStrictEqual(misc().module);
  });

  it("SGD with a Tensor lr, as in Python", () => {
    torch.manual_seed(0);
    const w = torch.randn(4, { requires_grad: true });
    const opt = new torch.optim.SGD([w], { lr: torch.tensor(0.1), momentum: 0.9 });
    for (let i = 0; i < 5; i++) {
      w.grad = w.detach().mul(2).sub(i);
      opt.step();
    }
    expect(w.tolist()).toStrictEqual(misc().tensor_lr);
    expect(() => new torch.optim.lr_scheduler.StepLR(opt, 2)).toThrow(/a Tensor lr is not supported yet/);
  });

  it("nn.Parameter (a Tensor subclass) is optimized like any tensor", () => {
    torch.manual_seed(0);
    const w = new torch.nn.Parameter(torch.randn(3));
    w.grad = torch.ones(3);
    const before = w.tolist() as number[];
    const opt = new torch.optim.SGD([w], 0.5);
    opt.step();
    expect(w.tolist()).toStrictEqual(torch.tensor(before, { dtype: torch.float32 }).sub(0.5).tolist());
  });

  it("zero_grad(false) with foreach=true zeroes the grads with one _foreach_zero_ per device and dtype", () => {
    const [params, x, y] = problem(torch.float32);
    const opt = new torch.optim.Adam(params, { foreach: true });
    x.matmul(params[0]).add(params[1]).sub(y).pow(2).mean().backward();
    opt.zero_grad(false);
    expect(params.map((q) => q.grad!.abs().sum().item())).toStrictEqual([0, 0]);
  });

  it("one step is a handful of native calls whatever the number of parameters (foreach)", () => {
    // Not a timing test: the same code path serves 3 or 300 parameters.
    torch.manual_seed(0);
    const params = Array.from({ length: 300 }, () => torch.randn(4, { requires_grad: true }));
    for (const q of params) q.grad = torch.ones(4);
    const opt = new torch.optim.Adam(params, 0.1);
    opt.step();
    opt.step();
    expect(opt.state.get(params[299])!.step.item()).toBe(2);
  });

  it("mixed dtypes are grouped by device and dtype, as Python groups them", () => {
    const py = misc().mixed;
    torch.manual_seed(0);
    const a = torch.randn(3, { requires_grad: true });
    const b = torch.randn(2, { dtype: torch.float64, requires_grad: true });
    const opt = new torch.optim.Adam([a, b], { lr: 0.1 });
    for (let i = 0; i < 5; i++) {
      a.grad = a.detach().mul(2).add(i);
      b.grad = b.detach().mul(3).sub(i);
      opt.step();
    }
    expect([a.tolist(), b.tolist()]).toStrictEqual(py);
  });

  it("named parameters ([name, tensor] pairs) record param_names, as Python does", () => {
    const [a, b] = pq();
    const opt = new torch.optim.SGD([["w", a], ["b", b]] as never, 0.1);
    expect(opt.param_groups[0].param_names).toStrictEqual(["w", "b"]);
    expect(opt.state_dict().param_groups[0].param_names).toStrictEqual(["w", "b"]);
  });

  it("accepts any iterable of parameters (a generator)", () => {
    const [a, b] = pq();
    function* gen() {
      yield a;
      yield b;
    }
    const opt = new torch.optim.SGD(gen(), 0.1);
    expect(opt.param_groups[0].params).toStrictEqual([a, b]);
  });

  it("prints as Python's repr", () => {
    const py = misc().repr;
    expect(String(new torch.optim.AdamW([p()], { lr: 0.001, amsgrad: true }))).toBe(py);
  });
});

// ---- CUDA (runs where torch.cuda.is_available(); scripts/gpu-check runs it on a GPU machine) ----

const hasCuda = torch.cuda.is_available();

const PY_CUDA = `
def run(name, kwargs, dtype):
    torch.manual_seed(0)
    W = torch.randn(5, 4, dtype=dtype, device="cuda").requires_grad_()
    b = torch.randn(4, dtype=dtype, device="cuda").requires_grad_()
    opt = getattr(torch.optim, name)([W, b], **kwargs)
    out = []
    for k in range(10):
        opt.zero_grad()
        ((W - 0.5) ** 2 * (k + 1)).sum().add(((b + 0.25) ** 2).sum()).backward()
        n = torch.nn.utils.clip_grad_norm_([W, b], 5.0)
        opt.step()
        out.append([n.item(), W.tolist(), b.tolist()])
    return out
cases = [("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}), ("Adam", {"lr": 0.01, "amsgrad": True}),
         ("AdamW", {"lr": 0.01, "fused": True}), ("RMSprop", {"lr": 0.01, "centered": True, "momentum": 0.5}),
         ("Adam", {"lr": 0.01, "fused": True, "weight_decay": 0.1})]
print(json.dumps([run(n, k, torch.float32) for n, k in cases] + [run("Adam", {"lr": 0.01}, torch.float64)]))
`;

describe.skipIf(!hasCuda)("optimizers on CUDA against Python on the same GPU (exact)", () => {
  const cases: [string, Record<string, unknown>, typeof torch.float32][] = [
    ["SGD", { lr: 0.05, momentum: 0.9, nesterov: true }, torch.float32],
    ["Adam", { lr: 0.01, amsgrad: true }, torch.float32],
    ["AdamW", { lr: 0.01, fused: true }, torch.float32],
    ["RMSprop", { lr: 0.01, centered: true, momentum: 0.5 }, torch.float32],
    ["Adam", { lr: 0.01, fused: true, weight_decay: 0.1 }, torch.float32],
    ["Adam", { lr: 0.01 }, torch.float64],
  ];
  let expected: Json[][] | undefined;
  cases.forEach(([name, kwargs, dtype], i) => {
    it(`${name} ${JSON.stringify(kwargs)} ${dtype.name}`, () => {
      expected ??= pythonJson<Json[][]>(PY_CUDA);
      torch.manual_seed(0);
      const W = torch.randn(5, 4, { dtype, device: "cuda" }).requires_grad_();
      const b = torch.randn(4, { dtype, device: "cuda" }).requires_grad_();
      const opt = new (torch.optim as unknown as Record<string, new (...a: unknown[]) => Opt>)[name]([W, b], kwargs);
      const out: Json[] = [];
      for (let k = 0; k < 10; k++) {
        opt.zero_grad();
        W.sub(0.5).pow(2).mul(k + 1).sum().add(b.add(0.25).pow(2).sum()).backward();
        const n = clip_grad_norm_([W, b], 5.0);
        opt.step();
        out.push([n.item() as number, W.tolist() as Json, b.tolist() as Json]);
      }
      expect(out).toStrictEqual(expected[i]);
    });
  });
});
