// torch.optim.lr_scheduler's MultiplicativeLR, PolynomialLR, ChainedScheduler, ReduceLROnPlateau,
// CyclicLR and CosineAnnealingWarmRestarts against Python torch 2.11: the lrs (and momentums)
// of every step and the final state_dict, exactly (rtol 1e-14 where math.cos is involved: see
// test/optim.test.ts's COS_RTOL).
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { pythonJson } from "./helpers/python";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Sched = InstanceType<typeof torch.optim.lr_scheduler.LRScheduler>;
type Opt = InstanceType<typeof torch.optim.Optimizer>;

interface Spec {
  type: string;
  kwargs?: Record<string, Json>;
  args?: Json[];
  lambdas?: string | string[];
  schedulers?: Spec[];
}
interface Case {
  name: string;
  opt: "SGD" | "Adam";
  opt_kwargs: Record<string, Json>;
  lr2?: number;
  sched: Spec;
  steps: number;
  /** The metrics ReduceLROnPlateau.step(metric) gets, one per step. */
  metrics?: number[];
  /** step(epoch) with these epochs (CosineAnnealingWarmRestarts). */
  epochs?: number[];
  rtol?: number;
}

const COS_RTOL = 1e-14;

const LAMBDAS: Record<string, (e: number) => number> = { half: () => 0.5, decay: (e) => 0.95, sq: (e) => 1 / (e + 1) };
const PY_LAMBDAS = `LAMBDAS = {"half": lambda e: 0.5, "decay": lambda e: 0.95, "sq": lambda e: 1 / (e + 1)}`;

const plateauMetrics = [1, 0.9, 0.95, 0.96, 0.97, 0.98, 0.99, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 0.4, 0.45, 0.45, 0.45, 0.45, 0.45];

const cases: Case[] = [
  { name: "MultiplicativeLR one lambda", opt: "SGD", opt_kwargs: { lr: 0.1 }, sched: { type: "MultiplicativeLR", lambdas: "decay" }, steps: 15 },
  { name: "MultiplicativeLR a lambda per group", opt: "SGD", opt_kwargs: { lr: 0.1 }, lr2: 0.3, sched: { type: "MultiplicativeLR", lambdas: ["half", "sq"] }, steps: 10 },
  { name: "PolynomialLR default", opt: "SGD", opt_kwargs: { lr: 0.1 }, sched: { type: "PolynomialLR", kwargs: {} }, steps: 8 },
  { name: "PolynomialLR total_iters power", opt: "SGD", opt_kwargs: { lr: 0.1 }, lr2: 0.05, sched: { type: "PolynomialLR", kwargs: { total_iters: 7, power: 2.5 } }, steps: 10 },
  {
    name: "ChainedScheduler of ExponentialLR and StepLR",
    opt: "SGD", opt_kwargs: { lr: 0.1 },
    sched: { type: "ChainedScheduler", schedulers: [{ type: "ExponentialLR", kwargs: { gamma: 0.9 } }, { type: "StepLR", kwargs: { step_size: 3, gamma: 0.5 } }] },
    steps: 12,
  },
  {
    name: "ChainedScheduler of ConstantLR and PolynomialLR",
    opt: "SGD", opt_kwargs: { lr: 1.0 }, lr2: 0.5,
    sched: { type: "ChainedScheduler", schedulers: [{ type: "ConstantLR", kwargs: { factor: 0.1, total_iters: 2 } }, { type: "PolynomialLR", kwargs: { total_iters: 6 } }] },
    steps: 9,
  },
  { name: "ReduceLROnPlateau default (patience 10)", opt: "SGD", opt_kwargs: { lr: 0.1 }, sched: { type: "ReduceLROnPlateau", kwargs: {} }, steps: 20, metrics: plateauMetrics },
  {
    name: "ReduceLROnPlateau patience cooldown min_lr",
    opt: "SGD", opt_kwargs: { lr: 0.1 }, lr2: 0.02,
    sched: { type: "ReduceLROnPlateau", kwargs: { patience: 1, cooldown: 2, factor: 0.5, min_lr: [0.01, 0.001] } },
    steps: 20, metrics: plateauMetrics,
  },
  {
    name: "ReduceLROnPlateau max abs",
    opt: "SGD", opt_kwargs: { lr: 0.1 },
    sched: { type: "ReduceLROnPlateau", kwargs: { mode: "max", threshold_mode: "abs", threshold: 0.05, patience: 2, factor: 0.3 } },
    steps: 20, metrics: plateauMetrics,
  },
  {
    name: "CyclicLR triangular with momentum",
    opt: "SGD", opt_kwargs: { lr: 0.1, momentum: 0.9 },
    sched: { type: "CyclicLR", kwargs: { base_lr: 0.01, max_lr: 0.1, step_size_up: 4 } },
    steps: 20,
  },
  {
    name: "CyclicLR triangular2 step_size_down, two groups",
    opt: "SGD", opt_kwargs: { lr: 0.1, momentum: 0.9 }, lr2: 0.2,
    sched: { type: "CyclicLR", kwargs: { base_lr: [0.01, 0.02], max_lr: [0.1, 0.3], step_size_up: 3, step_size_down: 5, mode: "triangular2" } },
    steps: 24,
  },
  {
    name: "CyclicLR exp_range on Adam (beta1 cycled)",
    opt: "Adam", opt_kwargs: { lr: 0.1 },
    sched: { type: "CyclicLR", kwargs: { base_lr: 0.001, max_lr: 0.01, step_size_up: 5, mode: "exp_range", gamma: 0.97, base_momentum: 0.85, max_momentum: 0.95 } },
    steps: 20,
  },
  {
    name: "CyclicLR without cycle_momentum",
    opt: "SGD", opt_kwargs: { lr: 0.1 },
    sched: { type: "CyclicLR", kwargs: { base_lr: 0.01, max_lr: 0.1, step_size_up: 2, cycle_momentum: false } },
    steps: 10,
  },
  { name: "CosineAnnealingWarmRestarts T_0", opt: "SGD", opt_kwargs: { lr: 0.1 }, sched: { type: "CosineAnnealingWarmRestarts", kwargs: { T_0: 5 } }, steps: 17, rtol: COS_RTOL },
  {
    name: "CosineAnnealingWarmRestarts T_mult eta_min",
    opt: "SGD", opt_kwargs: { lr: 0.1 }, lr2: 0.5,
    sched: { type: "CosineAnnealingWarmRestarts", kwargs: { T_0: 3, T_mult: 2, eta_min: 0.001 } },
    steps: 25, rtol: COS_RTOL,
  },
  {
    name: "CosineAnnealingWarmRestarts step(epoch) with fractional epochs",
    opt: "SGD", opt_kwargs: { lr: 0.1 },
    sched: { type: "CosineAnnealingWarmRestarts", kwargs: { T_0: 4, T_mult: 2 } },
    steps: 0, epochs: [0.5, 1, 1.25, 3.9, 4, 4.5, 7, 11.75, 12, 13.5, 30, 2],
    rtol: COS_RTOL,
  },
];

const RECORDED = ["lr", "momentum", "betas"];

const PY = `
import sys, math, warnings
warnings.simplefilter("ignore")
${PY_LAMBDAS}
RECORDED = ${JSON.stringify(RECORDED)}
def enc(v):
    if isinstance(v, torch.Tensor):
        return {"tensor": str(v.dtype)[6:], "values": v.tolist()}
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    if isinstance(v, dict):
        return {str(k): enc(x) for k, x in v.items()}
    if isinstance(v, float) and math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if callable(v):
        return "<function>"
    return v

def build(spec, opt):
    S = getattr(torch.optim.lr_scheduler, spec["type"])
    if spec["type"] == "ChainedScheduler":
        return S([build(s, opt) for s in spec["schedulers"]])
    if "lambdas" in spec:
        l = spec["lambdas"]
        return S(opt, [LAMBDAS[n] for n in l] if isinstance(l, list) else LAMBDAS[l])
    return S(opt, **spec.get("kwargs", {}))

def record(opt, sched):
    return {"last_lr": enc(sched.get_last_lr()), "groups": [{k: enc(g[k]) for k in RECORDED if k in g} for g in opt.param_groups]}

out = []
for c in json.load(sys.stdin):
    torch.manual_seed(0)
    p = torch.randn(3, requires_grad=True); q = torch.randn(2, requires_grad=True)
    groups = [{"params": [p]}] + ([{"params": [q], "lr": c["lr2"]}] if "lr2" in c else [])
    opt = getattr(torch.optim, c["opt"])(groups, **c["opt_kwargs"])
    sched = build(c["sched"], opt)
    rec = [record(opt, sched)]
    for i in range(c["steps"]):
        opt.step()
        if "metrics" in c:
            sched.step(c["metrics"][i])
        else:
            sched.step()
        rec.append(record(opt, sched))
    for e in c.get("epochs", []):
        sched.step(e)
        rec.append(record(opt, sched))
    out.append({"rec": rec, "state_dict": enc(sched.state_dict())})
print(json.dumps(out))
`;

function enc(v: unknown): Json {
  if (v instanceof torch.Tensor) return { tensor: v.dtype.name, values: v.tolist() as Json };
  if (Array.isArray(v)) return v.map(enc);
  if (typeof v === "function") return "<function>";
  if (typeof v === "number" && !Number.isFinite(v) && !Number.isNaN(v)) return v > 0 ? "inf" : "-inf";
  if (v !== null && typeof v === "object") {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v)) out[k] = enc(x);
    return out;
  }
  return v as Json;
}

function build(spec: Spec, opt: Opt): Sched {
  const S = (torch.optim.lr_scheduler as unknown as Record<string, new (...a: unknown[]) => Sched>)[spec.type];
  if (spec.type === "ChainedScheduler") return new S(spec.schedulers!.map((s) => build(s, opt)));
  if (spec.lambdas !== undefined) {
    const l = spec.lambdas;
    return new S(opt, Array.isArray(l) ? l.map((n) => LAMBDAS[n]) : LAMBDAS[l]);
  }
  return new S(opt, spec.kwargs ?? {});
}

function record(opt: Opt, sched: Sched): Json {
  return {
    last_lr: enc(sched.get_last_lr()),
    groups: opt.param_groups.map((g) => Object.fromEntries(RECORDED.filter((k) => k in g).map((k) => [k, enc(g[k])]))),
  };
}

function run(c: Case): { rec: Json[]; state_dict: Json } {
  torch.manual_seed(0);
  const p = torch.randn(3, { requires_grad: true });
  const q = torch.randn(2, { requires_grad: true });
  const groups: Record<string, unknown>[] = [{ params: [p] }, ...(c.lr2 !== undefined ? [{ params: [q], lr: c.lr2 }] : [])];
  const O = torch.optim[c.opt] as unknown as new (...a: unknown[]) => Opt;
  const opt = new O(groups, c.opt_kwargs);
  const sched = build(c.sched, opt);
  const rec = [record(opt, sched)];
  for (let i = 0; i < c.steps; i++) {
    opt.step();
    if (c.metrics) (sched.step as (m: number) => void)(c.metrics[i]);
    else sched.step();
    rec.push(record(opt, sched));
  }
  for (const e of c.epochs ?? []) {
    (sched.step as (e: number) => void)(e);
    rec.push(record(opt, sched));
  }
  return { rec, state_dict: enc(sched.state_dict()) };
}

/** Equal, numbers within rtol of each other (relative to the expected value); object keys in any order. */
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

describe("lr schedulers against Python, every step", () => {
  const expected = pythonJson<{ rec: Json[]; state_dict: Json }[]>(PY, JSON.stringify(cases));
  cases.forEach((c, i) => {
    it(`${c.name} (${c.rtol ? `rtol ${c.rtol}` : "exact"})`, () => {
      const got = run(c);
      expectClose(got.rec, expected[i].rec, c.rtol ?? 0, "steps");
      expectClose(got.state_dict, expected[i].state_dict, c.rtol ?? 0, "state_dict");
    });
  });
});
