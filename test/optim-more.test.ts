// The optimizers of torch.optim beyond SGD/Adam/AdamW/RMSprop (Adamax, NAdam, RAdam, Adagrad,
// Adadelta, ASGD, Rprop, LBFGS, Adafactor, Muon, SparseAdam) against Python torch 2.11: the
// same parameters (manual_seed + randn), the same loss, compared after every step, and the
// final state_dict, bit for bit. Python's default on CPU is the for-loop implementation,
// which torchts runs.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { pythonJson } from "./helpers/python";

type T = InstanceType<typeof torch.Tensor>;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

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

interface OptCase {
  name: string;
  opt: string;
  kwargs: Record<string, Json>;
  dtype?: "float32" | "float64";
  /** step(closure) (LBFGS). */
  closure?: boolean;
  /** Parameters of 2 dims only (Muon). */
  matrices?: boolean;
  steps?: number;
  /** Also against Python's foreach=True (false where torchts runs the for-loop implementation for foreach=true and Python's multi-tensor one rounds differently). */
  foreach?: boolean;
}

const STEPS = 8;

const cases: OptCase[] = [
  { name: "Adamax default", opt: "Adamax", kwargs: {} },
  { name: "Adamax weight_decay maximize", opt: "Adamax", kwargs: { lr: 0.01, betas: [0.8, 0.99], weight_decay: 0.1, maximize: true } },
  { name: "Adamax float64", opt: "Adamax", kwargs: { lr: 0.01, eps: 1e-6 }, dtype: "float64" },
  { name: "NAdam default", opt: "NAdam", kwargs: {} },
  { name: "NAdam weight_decay momentum_decay", opt: "NAdam", kwargs: { lr: 0.01, weight_decay: 0.1, momentum_decay: 0.01 } },
  { name: "NAdam decoupled_weight_decay maximize", opt: "NAdam", kwargs: { lr: 0.01, weight_decay: 0.1, decoupled_weight_decay: true, maximize: true } },
  { name: "NAdam float64", opt: "NAdam", kwargs: { lr: 0.02 }, dtype: "float64" },
  { name: "RAdam default (rho_t > 5 from step 6)", opt: "RAdam", kwargs: { lr: 0.01 }, steps: 10 },
  { name: "RAdam weight_decay maximize", opt: "RAdam", kwargs: { lr: 0.01, weight_decay: 0.1, maximize: true }, steps: 10 },
  { name: "RAdam decoupled_weight_decay betas", opt: "RAdam", kwargs: { lr: 0.01, weight_decay: 0.1, decoupled_weight_decay: true, betas: [0.8, 0.9] } },
  { name: "RAdam float64", opt: "RAdam", kwargs: { lr: 0.01 }, dtype: "float64", steps: 10 },
  { name: "Adagrad default", opt: "Adagrad", kwargs: {} },
  { name: "Adagrad lr_decay weight_decay initial_accumulator_value", opt: "Adagrad", kwargs: { lr: 0.05, lr_decay: 0.01, weight_decay: 0.1, initial_accumulator_value: 0.1 } },
  { name: "Adagrad maximize float64", opt: "Adagrad", kwargs: { lr: 0.05, maximize: true }, dtype: "float64" },
  { name: "Adadelta default", opt: "Adadelta", kwargs: {} },
  { name: "Adadelta rho weight_decay maximize", opt: "Adadelta", kwargs: { lr: 0.5, rho: 0.8, weight_decay: 0.1, maximize: true } },
  { name: "Adadelta float64", opt: "Adadelta", kwargs: { eps: 1e-4 }, dtype: "float64" },
  { name: "ASGD default", opt: "ASGD", kwargs: {} },
  { name: "ASGD t0 lambd weight_decay (averaging starts)", opt: "ASGD", kwargs: { lr: 0.05, lambd: 0.01, t0: 3, alpha: 0.5, weight_decay: 0.1 } },
  { name: "ASGD maximize float64", opt: "ASGD", kwargs: { lr: 0.01, maximize: true, t0: 2 }, dtype: "float64" },
  { name: "Rprop default", opt: "Rprop", kwargs: {} },
  { name: "Rprop etas step_sizes maximize", opt: "Rprop", kwargs: { lr: 0.05, etas: [0.3, 1.5], step_sizes: [1e-3, 0.1], maximize: true } },
  { name: "Rprop float64", opt: "Rprop", kwargs: { lr: 0.02 }, dtype: "float64" },
  { name: "LBFGS default", opt: "LBFGS", kwargs: {}, closure: true, steps: 3, foreach: false },
  { name: "LBFGS lr history_size max_iter", opt: "LBFGS", kwargs: { lr: 0.5, history_size: 3, max_iter: 7 }, closure: true, steps: 4, foreach: false },
  { name: "LBFGS strong_wolfe", opt: "LBFGS", kwargs: { line_search_fn: "strong_wolfe" }, closure: true, steps: 3, foreach: false },
  { name: "LBFGS strong_wolfe float64", opt: "LBFGS", kwargs: { line_search_fn: "strong_wolfe", history_size: 4 }, closure: true, steps: 3, dtype: "float64", foreach: false },
  { name: "Adafactor default (matrix and vector)", opt: "Adafactor", kwargs: {} },
  { name: "Adafactor matrices, eps1 d weight_decay maximize", opt: "Adafactor", kwargs: { lr: 0.05, eps: [1e-20, 1e-3], d: 1.5, weight_decay: 0.1, maximize: true }, matrices: true },
  { name: "Adafactor beta2_decay float64", opt: "Adafactor", kwargs: { beta2_decay: -0.5 }, dtype: "float64", matrices: true },
  { name: "Muon default", opt: "Muon", kwargs: {}, matrices: true, foreach: false },
  { name: "Muon no nesterov, match_rms_adamw, weight_decay", opt: "Muon", kwargs: { lr: 0.02, nesterov: false, adjust_lr_fn: "match_rms_adamw", weight_decay: 0.01, momentum: 0.9 }, matrices: true, foreach: false },
  { name: "Muon ns_coefficients ns_steps float64", opt: "Muon", kwargs: { lr: 0.01, ns_coefficients: [3, -3.2, 1.2], ns_steps: 3, adjust_lr_fn: "original" }, matrices: true, dtype: "float64", foreach: false },
];

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

const PY_RUNNER = `
import sys
${PY_ENC}
def problem(dtype, matrices):
    torch.manual_seed(0)
    W = torch.randn(5, 4, dtype=dtype).requires_grad_()
    b = (torch.randn(3, 4, dtype=dtype) if matrices else torch.randn(4, dtype=dtype)).requires_grad_()
    torch.manual_seed(1)
    x = torch.randn(8, 5, dtype=dtype)
    y = torch.randn(8, 4, dtype=dtype)
    return [W, b], x, y

def run(case, variant):
    params, x, y = problem(getattr(torch, case.get("dtype") or "float32"), case.get("matrices"))
    W, b = params
    kwargs = dict(case["kwargs"])
    if variant != "default":
        kwargs[variant] = True
    opt = getattr(torch.optim, case["opt"])(params, **kwargs)
    def closure():
        opt.zero_grad()
        loss = ((x @ W + b.sum(0) - y) ** 2).mean()
        loss.backward()
        return loss
    traj = []
    for k in range(case.get("steps") or ${STEPS}):
        if case.get("closure"):
            loss = opt.step(closure)
            traj.append([loss.item()] + [p.tolist() for p in params])
        else:
            closure()
            opt.step()
            traj.append([p.tolist() for p in params])
    return {"traj": traj, "state_dict": enc(opt.state_dict())}

cases = json.load(sys.stdin)
print(json.dumps([{v: run(c, v) for v in ["default", "foreach"] if v == "default" or c.get("foreach", True)} for c in cases]))
`;

function problem(dtype: typeof torch.float32, matrices: boolean): [T[], T, T] {
  torch.manual_seed(0);
  const W = torch.randn(5, 4, { dtype }).requires_grad_();
  const b = (matrices ? torch.randn(3, 4, { dtype }) : torch.randn(4, { dtype })).requires_grad_();
  torch.manual_seed(1);
  const x = torch.randn(8, 5, { dtype });
  const y = torch.randn(8, 4, { dtype });
  return [[W, b], x, y];
}

function run(c: OptCase, variant: string): { traj: Json[]; state_dict: Json } {
  const [params, x, y] = problem(c.dtype === "float64" ? torch.float64 : torch.float32, Boolean(c.matrices));
  const [W, b] = params;
  const kwargs: Record<string, unknown> = { ...c.kwargs };
  if (variant !== "default") kwargs[variant] = true;
  const Opt = (torch.optim as unknown as Record<string, new (...a: unknown[]) => InstanceType<typeof torch.optim.Optimizer>>)[c.opt];
  const opt = new Opt(params, kwargs);
  const closure = () => {
    opt.zero_grad();
    const loss = x.matmul(W).add(b.sum(0)).sub(y).pow(2).mean();
    loss.backward();
    return loss;
  };
  const traj: Json[] = [];
  for (let k = 0; k < (c.steps ?? STEPS); k++) {
    if (c.closure) {
      const loss = opt.step(closure) as T;
      traj.push([loss.item(), ...params.map((p) => p.tolist() as Json)]);
    } else {
      closure();
      opt.step();
      traj.push(params.map((p) => p.tolist() as Json));
    }
  }
  return { traj, state_dict: enc(opt.state_dict()) };
}

describe("optimizers against Python, every step exactly", () => {
  const expected = pythonJson<Record<string, { traj: Json[]; state_dict: Json }>[]>(PY_RUNNER, JSON.stringify(cases));
  cases.forEach((c, i) => {
    for (const variant of Object.keys(expected[i])) {
      it(`${c.name} (Python ${variant === "default" ? "default: for-loop" : `${variant}=True`})`, () => {
        const got = run(c, variant);
        const want = expected[i][variant];
        for (let k = 0; k < want.traj.length; k++) expect(got.traj[k], `step ${k + 1}`).toStrictEqual(want.traj[k]);
        expect(got.state_dict).toStrictEqual(want.state_dict);
      });
    }
  });
});

const PY_ERRORS = `
import sys
out = []
for name, args, kwargs in json.load(sys.stdin):
    torch.manual_seed(0)
    W = torch.randn(5, 4, requires_grad=True); b = torch.randn(4, requires_grad=True)
    try:
        opt = getattr(torch.optim, name)([W, b] if name != "Muon" else [W], *args, **kwargs)
        (W.sum() + b.sum()).backward()
        opt.step()
        out.append(None)
    except Exception as e:
        out.append([type(e).__name__, str(e)])
print(json.dumps(out))
`;

const errorCases: [string, Json[], Record<string, Json>][] = [
  ["SparseAdam", [], {}],
  ["SparseAdam", [0.0], {}],
  ["SparseAdam", [0.01, [1.0, 0.9]], {}],
  ["Adamax", [-1], {}],
  ["Adamax", [0.01, [0.9, 1.0]], {}],
  ["NAdam", [0.01], { momentum_decay: -1 }],
  ["RAdam", [0.01], { eps: -1 }],
  ["Adagrad", [0.01], { lr_decay: -1 }],
  ["Adagrad", [0.01], { initial_accumulator_value: -1 }],
  ["Adadelta", [0.01], { rho: 1.5 }],
  ["ASGD", [0.01], { weight_decay: -1 }],
  ["Rprop", [0.01], { etas: [1.2, 0.5] }],
  ["Adafactor", [0.01], { beta2_decay: 0.5 }],
  ["Adafactor", [0.01], { d: 0.5 }],
  ["Adafactor", [0.01], { eps: [-1, 1e-3] }],
  ["Muon", [0.01], { adjust_lr_fn: "other" }],
  ["Muon", [0.01], { momentum: -1 }],
  ["LBFGS", [-1], {}],
];

describe("bad arguments raise Python's exception and message", () => {
  const expected = pythonJson<([string, string] | null)[]>(PY_ERRORS, JSON.stringify(errorCases));
  errorCases.forEach(([name, args, kwargs], i) => {
    it(`${name}(${JSON.stringify(args)}, ${JSON.stringify(kwargs)})`, () => {
      torch.manual_seed(0);
      const W = torch.randn(5, 4, { requires_grad: true });
      const b = torch.randn(4, { requires_grad: true });
      let got: [string, string] | null = null;
      try {
        const Opt = (torch.optim as unknown as Record<string, new (...a: unknown[]) => InstanceType<typeof torch.optim.Optimizer>>)[name];
        const opt = new Opt(name === "Muon" ? [W] : [W, b], ...args, kwargs);
        W.sum().add(b.sum()).backward();
        opt.step();
      } catch (e) {
        got = [(e as Error).constructor.name, (e as Error).message];
      }
      expect(got).toStrictEqual(expected[i]);
    });
  });
});

describe("Muon rejects parameters that are not matrices, as Python", () => {
  it("a 1-D parameter raises ValueError", () => {
    const [kind, msg] = pythonJson<[string, string]>(`
try:
    torch.optim.Muon([torch.zeros(4, requires_grad=True)])
except Exception as e:
    print(json.dumps([type(e).__name__, str(e)]))`);
    expect(() => new torch.optim.Muon([torch.zeros(4, { requires_grad: true })])).toThrow(msg);
    expect(kind).toBe("ValueError");
  });
});

// ---- state_dict through torch.save / torch.load, both ways ----


const roundTrip: [string, Record<string, Json>, boolean][] = [
  ["Adamax", { lr: 0.01, weight_decay: 0.1 }, false],
  ["NAdam", { lr: 0.01, decoupled_weight_decay: true, weight_decay: 0.1 }, false],
  ["RAdam", { lr: 0.01 }, false],
  ["Adagrad", { lr: 0.05, lr_decay: 0.01 }, false],
  ["Adadelta", { lr: 0.5 }, false],
  ["ASGD", { lr: 0.05, t0: 2 }, false],
  ["Rprop", { lr: 0.05 }, false],
  ["Adafactor", { lr: 0.05 }, true],
  ["Muon", { lr: 0.02 }, true],
  ["LBFGS", { lr: 0.5, history_size: 3, max_iter: 4 }, false],
];

const PY_CONTINUE = `
import sys
args = json.load(sys.stdin)
out = []
for name, kwargs, matrices, file, mode in args:
    torch.manual_seed(0)
    W = torch.randn(5, 4).requires_grad_()
    b = (torch.randn(3, 4) if matrices else torch.randn(4)).requires_grad_()
    torch.manual_seed(1)
    x = torch.randn(8, 5); y = torch.randn(8, 4)
    params = [W, b]
    opt = getattr(torch.optim, name)(params, **kwargs)
    def closure():
        opt.zero_grad()
        loss = ((x @ W + b.sum(0) - y) ** 2).mean()
        loss.backward()
        return loss
    def steps(n):
        for _ in range(n):
            if name == "LBFGS":
                opt.step(closure)
            else:
                closure(); opt.step()
    if mode == "load":
        saved = torch.load(file)
        with torch.no_grad():
            for p, v in zip(params, saved["params"]):
                p.copy_(v)
        opt.load_state_dict(saved["opt"])
        steps(3)
        out.append([p.tolist() for p in params])
    else:
        steps(3)
        torch.save({"params": [p.detach() for p in params], "opt": opt.state_dict()}, file)
        steps(3)
        out.append([p.tolist() for p in params])
print(json.dumps(out))
`;

function problemFor(matrices: boolean) {
  torch.manual_seed(0);
  const W = torch.randn(5, 4).requires_grad_();
  const b = (matrices ? torch.randn(3, 4) : torch.randn(4)).requires_grad_();
  torch.manual_seed(1);
  const x = torch.randn(8, 5);
  const y = torch.randn(8, 4);
  return { params: [W, b], x, y };
}

function makeRunner(name: string, kwargs: Record<string, Json>, matrices: boolean) {
  const { params, x, y } = problemFor(matrices);
  const [W, b] = params;
  const Opt = (torch.optim as unknown as Record<string, new (...a: unknown[]) => InstanceType<typeof torch.optim.Optimizer>>)[name];
  const opt = new Opt(params, kwargs);
  const closure = () => {
    opt.zero_grad();
    const loss = x.matmul(W).add(b.sum(0)).sub(y).pow(2).mean();
    loss.backward();
    return loss;
  };
  const steps = (n: number) => {
    for (let i = 0; i < n; i++) {
      if (name === "LBFGS") opt.step(closure);
      else {
        closure();
        opt.step();
      }
    }
  };
  return { params, opt, steps };
}

describe("state_dict through torch.save / torch.load: Python continues from torchts's, torchts from Python's", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-optim-"));
  const file = (name: string, who: string) => path.join(dir, `${name}-${who}.pt`);

  // torchts saves after 3 steps; Python loads and does 3 more; torchts does the same 3 more
  const tsContinued: Record<string, Json> = {};
  for (const [name, kwargs, matrices] of roundTrip) {
    const r = makeRunner(name, kwargs, matrices);
    r.steps(3);
    torch.save({ params: r.params.map((p) => p.detach()), opt: r.opt.state_dict() }, file(name, "ts"));
    r.steps(3);
    tsContinued[name] = r.params.map((p) => p.tolist() as Json);
  }
  const pyFromTs = pythonJson<Json[]>(PY_CONTINUE, JSON.stringify(roundTrip.map(([n, k, m]) => [n, k, m, file(n, "ts"), "load"])));
  // Python saves after 3 steps and does 3 more; torchts loads Python's file and does 3 more
  const pyOwn = pythonJson<Json[]>(PY_CONTINUE, JSON.stringify(roundTrip.map(([n, k, m]) => [n, k, m, file(n, "py"), "save"])));

  roundTrip.forEach(([name, kwargs, matrices], i) => {
    it(`${name}: Python continues from torchts's state_dict as torchts does`, () => {
      expect(pyFromTs[i]).toStrictEqual(tsContinued[name]);
    });
    it(`${name}: torchts continues from Python's state_dict as Python does`, () => {
      const r = makeRunner(name, kwargs, matrices);
      const saved = torch.load(file(name, "py")) as { params: T[]; opt: any };
      torch.no_grad(() => r.params.forEach((p, j) => p.copy_(saved.params[j])));
      r.opt.load_state_dict(saved.opt);
      r.steps(3);
      expect(r.params.map((p) => p.tolist() as Json)).toStrictEqual(pyOwn[i]);
    });
  });
});
