// torch.autocast and torch.amp.GradScaler against Python torch 2.11 on CPU: autocast's state
// functions and errors, the dtypes and values of ops inside a region, a small MLP's loss and
// gradients under bfloat16 autocast (bit for bit), and GradScaler("cpu") over training steps
// that include an inf step (skipped, scale backed off) and growth after growth_interval.
// The CUDA half (float16 autocast, GradScaler("cuda")) runs only where CUDA is available.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { Case, expectSame, pythonResults } from "./helpers/compare";
import { pythonJson } from "./helpers/python";

type T = InstanceType<typeof torch.Tensor>;
const hasCuda = torch.cuda.is_available();
const F = torch.nn.functional;

/** A function that returns nothing, as Python's None (null). */
function none(f: () => void): () => unknown {
  return () => {
    const r: unknown = f();
    return r === undefined ? null : r;
  };
}

// Python's `with` blocks: each case leaves the state as it found it (the TS ones through the
// callback form), so the cases run in one Python process and one TS process in order.
const stateCases: Case[] = [
  { name: "is_autocast_enabled()", ts: () => torch.is_autocast_enabled(), py: "r = torch.is_autocast_enabled()" },
  { name: "is_autocast_enabled('cpu')", ts: () => torch.is_autocast_enabled("cpu"), py: "r = torch.is_autocast_enabled('cpu')" },
  { name: "is_autocast_enabled('cuda:0')", ts: () => torch.is_autocast_enabled("cuda:0"), py: "r = torch.is_autocast_enabled('cuda:0')" },
  { name: "is_autocast_enabled('foo')", ts: () => torch.is_autocast_enabled("foo"), py: "r = torch.is_autocast_enabled('foo')" },
  { name: "get_autocast_dtype('cpu')", ts: () => String(torch.get_autocast_dtype("cpu")), py: "r = str(torch.get_autocast_dtype('cpu'))" },
  { name: "get_autocast_dtype('cuda')", ts: () => String(torch.get_autocast_dtype("cuda")), py: "r = str(torch.get_autocast_dtype('cuda'))" },
  { name: "get_autocast_dtype('meta')", ts: () => String(torch.get_autocast_dtype("meta")), py: "r = str(torch.get_autocast_dtype('meta'))" },
  { name: "is_autocast_available('cpu')", ts: () => torch.amp.is_autocast_available("cpu"), py: "r = torch.amp.is_autocast_available('cpu')" },
  { name: "is_autocast_available('cuda')", ts: () => torch.amp.is_autocast_available("cuda"), py: "r = torch.amp.is_autocast_available('cuda')" },
  { name: "is_autocast_available('meta')", ts: () => torch.amp.is_autocast_available("meta"), py: "r = torch.amp.is_autocast_available('meta')" },
  { name: "is_autocast_cache_enabled()", ts: () => torch.is_autocast_cache_enabled(), py: "r = torch.is_autocast_cache_enabled()" },
  {
    name: "inside autocast('cpu')",
    ts: () => torch.autocast("cpu", () => [torch.is_autocast_enabled("cpu"), String(torch.get_autocast_dtype("cpu")), torch.is_autocast_enabled("cuda")]),
    py: "with torch.autocast('cpu'):\n    r = [torch.is_autocast_enabled('cpu'), str(torch.get_autocast_dtype('cpu')), torch.is_autocast_enabled('cuda')]",
  },
  {
    name: "inside autocast('cpu', dtype=float16, cache_enabled=False)",
    ts: () =>
      torch.autocast("cpu", { dtype: torch.float16, cache_enabled: false }, () => [
        torch.is_autocast_enabled("cpu"),
        String(torch.get_autocast_dtype("cpu")),
        torch.is_autocast_cache_enabled(),
      ]),
    py:
      "with torch.autocast('cpu', dtype=torch.float16, cache_enabled=False):\n" +
      "    r = [torch.is_autocast_enabled('cpu'), str(torch.get_autocast_dtype('cpu')), torch.is_autocast_cache_enabled()]",
  },
  {
    name: "the options-object form",
    ts: () => torch.autocast({ device_type: "cpu", dtype: torch.float16 }, () => String(torch.get_autocast_dtype("cpu"))),
    py: "with torch.autocast(device_type='cpu', dtype=torch.float16):\n    r = str(torch.get_autocast_dtype('cpu'))",
  },
  {
    name: "nested: disabled inside enabled, then enabled again",
    ts: () =>
      torch.autocast("cpu", () => {
        const inner = torch.autocast("cpu", { enabled: false }, () => torch.is_autocast_enabled("cpu"));
        return [inner, torch.is_autocast_enabled("cpu")];
      }),
    py:
      "with torch.autocast('cpu'):\n    with torch.autocast('cpu', enabled=False):\n        inner = torch.is_autocast_enabled('cpu')\n" +
      "    r = [inner, torch.is_autocast_enabled('cpu')]",
  },
  {
    name: "nesting depth inside two regions",
    ts: () => torch.autocast("cpu", () => torch.autocast("cpu", () => [torch.autocast_increment_nesting(), torch.autocast_decrement_nesting()])),
    py: "with torch.autocast('cpu'):\n    with torch.autocast('cpu'):\n        r = [torch.autocast_increment_nesting(), torch.autocast_decrement_nesting()]",
  },
  {
    name: "restored after a throw",
    ts: () => {
      try {
        torch.autocast("cpu", { dtype: torch.float16 }, () => {
          throw new Error("inside");
        });
      } catch {
        // as Python's `except`
      }
      return [torch.is_autocast_enabled("cpu"), String(torch.get_autocast_dtype("cpu"))];
    },
    py:
      "try:\n    with torch.autocast('cpu', dtype=torch.float16):\n        raise ValueError('inside')\nexcept ValueError:\n    pass\n" +
      "r = [torch.is_autocast_enabled('cpu'), str(torch.get_autocast_dtype('cpu'))]",
  },
  {
    name: "float32 on cpu: disabled with a warning",
    ts: () => torch.autocast("cpu", { dtype: torch.float32 }, () => torch.is_autocast_enabled("cpu")),
    py: "with torch.autocast('cpu', dtype=torch.float32):\n    r = torch.is_autocast_enabled('cpu')",
  },
  { name: "autocast('foo')", ts: () => torch.autocast("foo", () => 1), py: "with torch.autocast('foo'):\n    r = 1" },
  { name: "autocast('meta')", ts: () => torch.autocast("meta", () => 1), py: "with torch.autocast('meta'):\n    r = 1" },
  { name: "autocast(3)", ts: () => torch.autocast(3 as unknown as string, () => 1), py: "with torch.autocast(3):\n    r = 1" },
  {
    name: "set_autocast_enabled('cpu', 1)",
    ts: none(() => torch.set_autocast_enabled("cpu", 1 as unknown as boolean)),
    py: "r = torch.set_autocast_enabled('cpu', 1)",
  },
  {
    name: "set_autocast_dtype / set_autocast_enabled, then back",
    ts: () => {
      torch.set_autocast_dtype("cpu", torch.float16);
      torch.set_autocast_enabled("cpu", true);
      const r = [torch.is_autocast_enabled("cpu"), String(torch.get_autocast_dtype("cpu"))];
      torch.set_autocast_enabled("cpu", false);
      torch.set_autocast_dtype("cpu", torch.bfloat16);
      return r;
    },
    py:
      "torch.set_autocast_dtype('cpu', torch.float16); torch.set_autocast_enabled('cpu', True)\n" +
      "r = [torch.is_autocast_enabled('cpu'), str(torch.get_autocast_dtype('cpu'))]\n" +
      "torch.set_autocast_enabled('cpu', False); torch.set_autocast_dtype('cpu', torch.bfloat16)",
  },
];

// Ops inside autocast("cpu"): dtypes and values as Python's (the dispatcher's Autocast kernels).
const SETUP = "torch.manual_seed(0); a = torch.randn(4, 8); b = torch.randn(8, 6); w = torch.randn(6, 8); bias = torch.randn(6); t = torch.tensor([0, 3, 5, 1])";
function setup() {
  torch.manual_seed(0);
  return { a: torch.randn(4, 8), b: torch.randn(8, 6), w: torch.randn(6, 8), bias: torch.randn(6), t: torch.tensor([0, 3, 5, 1]) };
}
const opCases: Case[] = [
  {
    name: "matmul -> bfloat16",
    ts: () => torch.autocast("cpu", () => ((s) => s.a.matmul(s.b))(setup())),
    py: `${SETUP}\nwith torch.autocast('cpu'):\n    r = a @ b`,
  },
  {
    name: "linear -> bfloat16",
    ts: () => torch.autocast("cpu", () => ((s) => F.linear(s.a, s.w, s.bias))(setup())),
    py: `${SETUP}\nwith torch.autocast('cpu'):\n    r = torch.nn.functional.linear(a, w, bias)`,
  },
  {
    name: "linear in float16 autocast",
    ts: () => torch.autocast("cpu", { dtype: torch.float16 }, () => ((s) => F.linear(s.a, s.w, s.bias))(setup())),
    py: `${SETUP}\nwith torch.autocast('cpu', dtype=torch.float16):\n    r = torch.nn.functional.linear(a, w, bias)`,
  },
  {
    name: "softmax of a linear",
    ts: () => torch.autocast("cpu", () => ((s) => F.softmax(F.linear(s.a, s.w, s.bias), -1))(setup())),
    py: `${SETUP}\nwith torch.autocast('cpu'):\n    r = torch.softmax(torch.nn.functional.linear(a, w, bias), -1)`,
  },
  {
    name: "layer_norm of a linear",
    ts: () => torch.autocast("cpu", () => ((s) => F.layer_norm(F.linear(s.a, s.w, s.bias), [6]))(setup())),
    py: `${SETUP}\nwith torch.autocast('cpu'):\n    r = torch.nn.functional.layer_norm(torch.nn.functional.linear(a, w, bias), [6])`,
  },
  {
    name: "cross_entropy of a linear",
    ts: () => torch.autocast("cpu", () => ((s) => F.cross_entropy(F.linear(s.a, s.w, s.bias), s.t))(setup())),
    py: `${SETUP}\nwith torch.autocast('cpu'):\n    r = torch.nn.functional.cross_entropy(torch.nn.functional.linear(a, w, bias), t)`,
  },
  {
    name: "float32 ops outside the region after it",
    ts: () => {
      const s = setup();
      torch.autocast("cpu", () => s.a.matmul(s.b));
      return s.a.matmul(s.b);
    },
    py: `${SETUP}\nwith torch.autocast('cpu'):\n    _ = a @ b\nr = a @ b`,
  },
  {
    name: "a region disabled inside an enabled one",
    ts: () => torch.autocast("cpu", () => torch.autocast("cpu", { enabled: false }, () => ((s) => s.a.matmul(s.b))(setup()))),
    py: `${SETUP}\nwith torch.autocast('cpu'):\n    with torch.autocast('cpu', enabled=False):\n        r = a @ b`,
  },
];

describe("autocast state, against Python", () => {
  const expected = pythonResults(stateCases);
  it.each(stateCases.map((c, i) => [c.name, c, i] as const))("%s", (_name, c, i) => {
    expectSame(c, expected[i]);
  });
  it("autocast returns fn's value and leaves everything as it found it", () => {
    const before = [torch.is_autocast_enabled("cpu"), torch.get_autocast_dtype("cpu"), torch.is_autocast_cache_enabled()];
    const value = torch.autocast("cpu", { dtype: torch.float16, cache_enabled: false }, () => 42);
    expect(value).toBe(42);
    expect([torch.is_autocast_enabled("cpu"), torch.get_autocast_dtype("cpu"), torch.is_autocast_cache_enabled()]).toStrictEqual(before);
    expect(torch.autocast_increment_nesting()).toBe(1);
    expect(torch.autocast_decrement_nesting()).toBe(0);
  });
  it("bad calls raise TypeError", () => {
    expect(() => (torch.autocast as any)("cpu")).toThrow(torch.TypeError);
    expect(() => (torch.autocast as any)("cpu", { dtpye: torch.float16 }, () => 1)).toThrow("unexpected keyword argument 'dtpye'");
    expect(() => (torch.autocast as any)("cpu", { dtype: "bf16" }, () => 1)).toThrow(torch.TypeError);
    expect(() => (torch.autocast as any)({ dtype: torch.float16 }, () => 1)).toThrow("missing 1 required positional argument: 'device_type'");
  });
});

describe("ops inside autocast('cpu'), against Python", () => {
  const expected = pythonResults(opCases);
  it.each(opCases.map((c, i) => [c.name, c, i] as const))("%s", (_name, c, i) => {
    expectSame(c, expected[i]);
  });
});

// A small MLP and its loss, forward under autocast and backward after it, as Python's AMP recipe.
const PY_MLP = `
import torch.nn as nn, torch.nn.functional as F
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(16, 32), nn.GELU(), nn.LayerNorm(32), nn.Linear(32, 10))
x = torch.randn(8, 16); y = torch.randint(0, 10, (8,))
out = {}
with torch.autocast("cpu", dtype=torch.bfloat16):
    logits = model(x)
    loss = F.cross_entropy(logits, y)
out["logits_dtype"] = str(logits.dtype); out["loss_dtype"] = str(loss.dtype)
out["logits"] = logits.float().tolist(); out["loss"] = loss.item()
loss.backward()
out["grads"] = [[str(p.grad.dtype), p.grad.tolist()] for p in model.parameters()]
print(json.dumps(out))
`;

describe("an MLP under autocast('cpu', bfloat16), against Python", () => {
  it("gives Python's logits, loss and gradients exactly", () => {
    const expected = pythonJson<{ logits_dtype: string; loss_dtype: string; logits: number[][]; loss: number; grads: [string, unknown][] }>(PY_MLP);
    const { nn } = torch;
    torch.manual_seed(0);
    const model = new nn.Sequential(new nn.Linear(16, 32), new nn.GELU(), new nn.LayerNorm(32), new nn.Linear(32, 10));
    const x = torch.randn(8, 16);
    const y = torch.randint(0, 10, [8]);
    const [logits, loss] = torch.autocast("cpu", { dtype: torch.bfloat16 }, () => {
      const logits = model.forward(x) as T;
      return [logits, F.cross_entropy(logits, y)];
    });
    expect(String(logits.dtype)).toBe(expected.logits_dtype);
    expect(String(loss.dtype)).toBe(expected.loss_dtype);
    expect(logits.float().tolist()).toStrictEqual(expected.logits);
    expect(loss.item()).toBe(expected.loss);
    loss.backward();
    const grads = [...model.parameters()].map((p) => [String(p.grad!.dtype), p.grad!.tolist()]);
    expect(grads).toStrictEqual(expected.grads);
  });
});

// GradScaler("cpu") over 8 steps of SGD with momentum and AdamW, each also fused (each with its own scaler);
// step 3's loss is inf, so that step is skipped and the scale backs off; growth_interval 2
// makes the scale grow twice. The unscale_ + clip_grad_norm_ recipe runs on the AdamW side.
const PY_SCALER = `
import torch.nn as nn
def run(kind):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
    fused = kind.endswith("_fused")
    if kind.startswith("sgd"):
        opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, fused=fused)
    else:
        opt = torch.optim.AdamW(model.parameters(), lr=0.01, fused=fused)
    scaler = torch.amp.GradScaler("cpu", init_scale=2.0**10, growth_interval=2)
    x = torch.randn(16, 4); y = torch.randn(16, 3)
    trace = []
    for step in range(8):
        opt.zero_grad()
        with torch.autocast("cpu", dtype=torch.bfloat16):
            loss = torch.nn.functional.mse_loss(model(x).float(), y)
        if step == 3:
            loss = loss * float("inf")
        scaler.scale(loss).backward()
        if kind.startswith("adamw"):
            scaler.unscale_(opt)
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        ret = scaler.step(opt)
        found = sum(v.item() for v in scaler._found_inf_per_device(opt).values())
        scaler.update()
        trace.append([scaler.get_scale(), scaler._get_growth_tracker(), found, ret])
    return {"trace": trace, "params": [p.tolist() for p in model.parameters()], "state_dict": scaler.state_dict()}
print(json.dumps({k: run(k) for k in ["sgd", "adamw", "sgd_fused", "adamw_fused"]}))
`;

type ScalerRun = { trace: unknown[][]; params: unknown[]; state_dict: Record<string, number> };

type Kind = "sgd" | "adamw" | "sgd_fused" | "adamw_fused";

function runScaler(kind: Kind): ScalerRun {
  const { nn } = torch;
  torch.manual_seed(0);
  const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 3));
  const fused = kind.endsWith("_fused");
  const opt = kind.startsWith("sgd")
    ? new torch.optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9, fused })
    : new torch.optim.AdamW(model.parameters(), { lr: 0.01, fused });
  const scaler = new torch.amp.GradScaler("cpu", { init_scale: 2.0 ** 10, growth_interval: 2 });
  const x = torch.randn(16, 4);
  const y = torch.randn(16, 3);
  const trace: unknown[][] = [];
  for (let step = 0; step < 8; step++) {
    opt.zero_grad();
    let loss = torch.autocast("cpu", { dtype: torch.bfloat16 }, () => F.mse_loss((model.forward(x) as T).float(), y));
    if (step === 3) loss = loss.mul(Infinity);
    scaler.scale(loss).backward();
    if (kind.startsWith("adamw")) {
      scaler.unscale_(opt);
      nn.utils.clip_grad_norm_(model.parameters(), 1.0);
    }
    const ret = scaler.step(opt);
    let found = 0;
    for (const v of scaler._found_inf_per_device(opt).values()) found += v.item() as number;
    scaler.update();
    trace.push([scaler.get_scale(), scaler._get_growth_tracker(), found, ret ?? null]);
  }
  return { trace, params: [...model.parameters()].map((p) => p.tolist()), state_dict: scaler.state_dict() as Record<string, number> };
}

describe("torch.amp.GradScaler('cpu'), against Python", () => {
  const expected = pythonJson<Record<Kind, ScalerRun>>(PY_SCALER);

  // The fused optimizers unscale and skip inside their kernels, given grad_scale and found_inf.
  it.each(["sgd", "adamw", "sgd_fused", "adamw_fused"] as const)("%s: the scale, growth tracker and skipped step at every step, and the parameters", (kind) => {
    const actual = runScaler(kind);
    // The inf step is skipped and backs the scale off; two clean steps grow it.
    expect(actual.trace[3][2]).toBe(1);
    expect(actual.trace).toStrictEqual(expected[kind].trace);
    expect(actual.params).toStrictEqual(expected[kind].params);
    expect(actual.state_dict).toStrictEqual(expected[kind].state_dict);
  });

  const errorCases: Case[] = [
    {
      name: "update() before scale()",
      ts: none(() => new torch.amp.GradScaler("cpu").update()),
      py: "r = torch.amp.GradScaler('cpu').update()",
    },
    {
      name: "growth_factor 1.0",
      ts: () => new torch.amp.GradScaler("cpu", { growth_factor: 1.0 }).get_scale(),
      py: "r = torch.amp.GradScaler('cpu', growth_factor=1.0).get_scale()",
    },
    {
      name: "backoff_factor 1.0",
      ts: () => new torch.amp.GradScaler("cpu", { backoff_factor: 1.0 }).get_scale(),
      py: "r = torch.amp.GradScaler('cpu', backoff_factor=1.0).get_scale()",
    },
    {
      name: "state_dict() before any step",
      ts: () => Object.entries(new torch.amp.GradScaler("cpu").state_dict()),
      py: "r = [[k, v] for k, v in torch.amp.GradScaler('cpu').state_dict().items()]",
    },
    { name: "load_state_dict({})", ts: none(() => new torch.amp.GradScaler("cpu").load_state_dict({})), py: "r = torch.amp.GradScaler('cpu').load_state_dict({})" },
    { name: "scale(3)", ts: () => new torch.amp.GradScaler("cpu").scale(3 as unknown as T), py: "r = torch.amp.GradScaler('cpu').scale(3)" },
    {
      name: "scale of nested arrays",
      ts: () => (new torch.amp.GradScaler("cpu", { init_scale: 8 }).scale([torch.ones(2), [torch.full([1], 3)]]) as unknown[]).flat(),
      py: "r = [torch.ones(2), torch.full((1,), 3)]\nr = (lambda s: [s[0], s[1][0]])(torch.amp.GradScaler('cpu', init_scale=8.).scale([r[0], (r[1],)]))",
    },
    {
      name: "GradScaler('cuda') without CUDA: disabled",
      ts: () => {
        const s = new torch.amp.GradScaler();
        return [s.is_enabled(), s.get_scale(), Object.keys(s.state_dict()).length];
      },
      py: "s = torch.amp.GradScaler()\nr = [s.is_enabled(), s.get_scale(), len(s.state_dict())]",
    },
    {
      name: "torch.cuda.amp.GradScaler() (deprecated) without CUDA: disabled",
      ts: () => {
        const s = new torch.cuda.amp.GradScaler({ init_scale: 8 });
        return [s.is_enabled(), s.get_scale()];
      },
      py: "s = torch.cuda.amp.GradScaler(init_scale=8.)\nr = [s.is_enabled(), s.get_scale()]",
    },
    {
      name: "torch.cuda.amp.autocast (deprecated) without CUDA: disabled",
      ts: () => torch.cuda.amp.autocast(() => [torch.is_autocast_enabled("cuda"), String(torch.get_autocast_dtype("cuda"))]),
      py: "with torch.cuda.amp.autocast():\n    r = [torch.is_autocast_enabled('cuda'), str(torch.get_autocast_dtype('cuda'))]",
    },
  ];
  const expectedErrors = pythonResults(errorCases);
  it.runIf(!hasCuda).each(errorCases.map((c, i) => [c.name, c, i] as const))("%s", (_name, c, i) => {
    expectSame(c, expectedErrors[i]);
  });

  it("refuses unscale_ twice and step twice, as Python", () => {
    const w = torch.ones(3, { requires_grad: true });
    const opt = new torch.optim.SGD([w], { lr: 0.1 });
    const scaler = new torch.amp.GradScaler("cpu");
    scaler.scale(w.sum()).backward();
    scaler.unscale_(opt);
    expect(() => scaler.unscale_(opt)).toThrow("unscale_() has already been called on this optimizer since the last update().");
    scaler.step(opt);
    expect(() => scaler.step(opt)).toThrow("step() has already been called since the last update().");
    expect(() => scaler.unscale_(opt)).toThrow("unscale_() is being called after step().");
    expect(() => scaler.step(opt, { closure: () => 0 })).toThrow("Closure use is not currently supported if GradScaler is enabled.");
    scaler.update();
    expect(w.tolist()).toStrictEqual([0.9, 0.9, 0.9].map((v) => Math.fround(v)));
  });

  it("state_dict / load_state_dict carry the scale and growth tracker to a new scaler", () => {
    const w = torch.ones(2, { requires_grad: true });
    const opt = new torch.optim.SGD([w], { lr: 0.1 });
    const a = new torch.amp.GradScaler("cpu", { init_scale: 4, growth_interval: 3 });
    for (let i = 0; i < 2; i++) {
      opt.zero_grad();
      a.scale(w.sum()).backward();
      a.step(opt);
      a.update();
    }
    const b = new torch.amp.GradScaler("cpu");
    b.load_state_dict(a.state_dict());
    expect(b.state_dict()).toStrictEqual({ scale: 4, growth_factor: 2, backoff_factor: 0.5, growth_interval: 3, _growth_tracker: 2 });
    opt.zero_grad();
    b.scale(w.sum()).backward();
    b.step(opt);
    b.update();
    // The third clean step reaches growth_interval: the scale doubles and the tracker resets.
    expect([b.get_scale(), b._get_growth_tracker()]).toStrictEqual([8, 0]);
  });
});

describe.runIf(hasCuda)("autocast and GradScaler on CUDA, against Python on the same GPU", () => {
  const cudaCases: Case[] = [
    {
      name: "matmul in autocast('cuda') is float16",
      ts: () => {
        torch.manual_seed(0);
        const a = torch.randn(64, 32, { device: "cuda" });
        const b = torch.randn(32, 16, { device: "cuda" });
        return torch.autocast("cuda", () => a.matmul(b));
      },
      py: "torch.manual_seed(0)\na = torch.randn(64, 32, device='cuda'); b = torch.randn(32, 16, device='cuda')\nwith torch.autocast('cuda'):\n    r = a @ b",
    },
    {
      name: "softmax in autocast('cuda', bfloat16) is float32",
      ts: () => {
        torch.manual_seed(0);
        const a = torch.randn(8, 32, { device: "cuda" });
        return torch.autocast("cuda", { dtype: torch.bfloat16 }, () => F.softmax(a.matmul(a.t()), -1).dtype.name);
      },
      py: "torch.manual_seed(0)\na = torch.randn(8, 32, device='cuda')\nwith torch.autocast('cuda', dtype=torch.bfloat16):\n    r = str(torch.softmax(a @ a.t(), -1).dtype)[6:]",
    },
    { name: "is_autocast_enabled('cuda') inside", ts: () => torch.autocast("cuda", () => torch.is_autocast_enabled("cuda")), py: "with torch.autocast('cuda'):\n    r = torch.is_autocast_enabled('cuda')" },
  ];
  const expected = hasCuda ? pythonResults(cudaCases) : [];
  it.each(cudaCases.map((c, i) => [c.name, c, i] as const))("%s", (_name, c, i) => {
    expectSame(c, expected[i]);
  });

  it("GradScaler('cuda'): an inf gradient skips the step and backs the scale off", () => {
    const w = torch.ones(4, { device: "cuda", requires_grad: true });
    const opt = new torch.optim.SGD([w], { lr: 0.1 });
    const scaler = new torch.amp.GradScaler("cuda", { init_scale: 1024, growth_interval: 1 });
    scaler.scale(w.sum()).backward();
    scaler.step(opt);
    scaler.update();
    expect(scaler.get_scale()).toBe(2048);
    opt.zero_grad();
    scaler.scale(w.sum().mul(Infinity)).backward();
    scaler.step(opt);
    scaler.update();
    expect(scaler.get_scale()).toBe(1024);
    expect(w.cpu().tolist()).toStrictEqual([0.9, 0.9, 0.9, 0.9].map((v) => Math.fround(v)));
  });
});
