// torch.save / torch.load of whole nn modules against Python torch 2.11: modules Python pickled
// load into torchts's classes (a user's class through torch.serialization's safe globals) and
// give Python's outputs; modules torchts pickled load in Python (weights_only=False, and
// weights_only=True with safe globals) with the same state and outputs; refused globals give
// Python's errors, and nothing outside torch's classes and the registered ones is ever built.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import torch from "torchts";
import { pythonJson, runPython } from "./helpers/python";

const nn = torch.nn;
const F = torch.nn.functional;
type T = InstanceType<typeof torch.Tensor>;
let dir: string;
const p = (name: string) => path.join(dir, name);
const py = (s: string) => JSON.stringify(s);

// The same network on both sides: Python's class Net and torchts's.
const PY_NET = `
import torch.nn as nn, torch.nn.functional as F
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.fc = nn.Linear(4 * 5 * 5, 3)
    def forward(self, x):
        return self.fc(torch.flatten(F.relu(self.conv(x)), 1))
`;
class Net extends nn.Module {
  conv = new nn.Conv2d(1, 4, 3, { padding: 1 });
  fc = new nn.Linear(4 * 5 * 5, 3);
  forward(x: T): T {
    return this.fc.forward(torch.flatten(F.relu(this.conv.forward(x)), 1));
  }
}

function close(a: number[][], b: number[][]): void {
  expect(a.length).toBe(b.length);
  a.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(b[i][j], 5)));
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-sermod-"));
  runPython(`${PY_NET}
torch.manual_seed(0)
seq = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
net = Net()
net.eval()
torch.save(seq, ${py(p("py_seq.pt"))})
torch.save(net, ${py(p("py_net.pt"))})
torch.save({"x4": torch.randn(3, 4), "x5": torch.randn(2, 1, 5, 5)}, ${py(p("inputs.pt"))})`);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => torch.serialization.clear_safe_globals());

/** Python's outputs of its own modules and of the ones torchts saved, and their __dict__ keys. */
function pythonRun(code: string): Record<string, unknown> {
  return pythonJson(`${PY_NET}
inputs = torch.load(${py(p("inputs.pt"))})
out = {}
${code}
print(json.dumps(out))`);
}

describe("Python's modules in torchts", () => {
  it("nn.Sequential(Linear, ReLU, Linear) loads with weights_only=false and gives Python's outputs", () => {
    const seq = torch.load(p("py_seq.pt"), { weights_only: false });
    const { x4 } = torch.load(p("inputs.pt"));
    expect(seq).toBeInstanceOf(nn.Sequential);
    expect(seq[0]).toBeInstanceOf(nn.Linear);
    expect(seq[1]).toBeInstanceOf(nn.ReLU);
    expect(seq[2].weight).toBeInstanceOf(nn.Parameter);
    const truth = pythonRun(`
seq = torch.load(${py(p("py_seq.pt"))}, weights_only=False)
out["y"] = seq(inputs["x4"]).tolist()
out["repr"] = repr(seq)
out["keys"] = list(seq.state_dict().keys())`);
    close((seq.forward(x4) as T).tolist() as number[][], truth.y as number[][]);
    expect(String(seq)).toBe(truth.repr);
    expect(Object.keys(seq.state_dict())).toStrictEqual(truth.keys);
    expect([...seq.parameters()].every((q) => (q as T).requires_grad)).toBe(true);
  });

  it("a user's class Net loads into the torchts class registered under __main__.Net", () => {
    torch.serialization.add_safe_globals([[Net, "__main__.Net"]]);
    const net = torch.load(p("py_net.pt"), { weights_only: false }) as Net;
    expect(net).toBeInstanceOf(Net);
    expect(net.training).toBe(false);
    expect(net.conv).toBeInstanceOf(nn.Conv2d);
    const truth = pythonRun(`
net = torch.load(${py(p("py_net.pt"))}, weights_only=False)
out["y"] = net(inputs["x5"]).tolist()`);
    const { x5 } = torch.load(p("inputs.pt"));
    close(net.forward(x5).tolist() as number[][], truth.y as number[][]);
    // the Python global's classes, allowed for weights_only=true, load the same
    const again = torch.serialization.safe_globals([nn.Conv2d, nn.Linear], () => torch.load(p("py_net.pt")) as Net);
    close(again.forward(x5).tolist() as number[][], truth.y as number[][]);
    expect(torch.serialization.get_safe_globals()).toStrictEqual([[Net, "__main__.Net"]]);
  });
});

describe("torchts's modules in Python", () => {
  it("Sequential and a user's Net load in Python with weights_only=False: same state, __dict__ keys and outputs", () => {
    torch.manual_seed(1);
    const seq = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 2));
    const net = new Net();
    net.eval();
    torch.save(seq, p("ts_seq.pt"));
    torch.save(net, p("ts_net.pt"));
    const { x4, x5 } = torch.load(p("inputs.pt"));
    const truth = pythonRun(`
seq = torch.load(${py(p("ts_seq.pt"))}, weights_only=False)
net = torch.load(${py(p("ts_net.pt"))}, weights_only=False)
out["seq"] = seq(inputs["x4"]).tolist()
out["net"] = net(inputs["x5"]).tolist()
out["training"] = [net.training, net.conv.training, seq.training]
out["types"] = [type(m).__name__ for m in seq] + [type(net).__name__]
# every module's __dict__ has the keys Python's own module of that class has, in its order
torch.manual_seed(0)
fresh = {"Sequential": nn.Sequential(), "Linear": nn.Linear(4, 8), "ReLU": nn.ReLU(), "Conv2d": nn.Conv2d(1, 4, 3, padding=1), "Net": Net()}
out["dicts"] = [[type(m).__name__, list(m.__dict__.keys()), list(fresh[type(m).__name__].__dict__.keys())] for m in list(seq.modules()) + list(net.modules())]
# Python's weights-only unpickler reads torchts's pickle too, once the classes are allowed
with torch.serialization.safe_globals([nn.Sequential, nn.Linear, nn.ReLU]):
    out["wo"] = torch.load(${py(p("ts_seq.pt"))})(inputs["x4"]).tolist()`);
    close((seq.forward(x4) as T).tolist() as number[][], truth.seq as number[][]);
    close(net.forward(x5).tolist() as number[][], truth.net as number[][]);
    close((seq.forward(x4) as T).tolist() as number[][], truth.wo as number[][]);
    expect(truth.training).toStrictEqual([false, false, true]);
    expect(truth.types).toStrictEqual(["Linear", "ReLU", "Linear", "Net"]);
    for (const [name, saved, own] of truth.dicts as [string, string[], string[]][]) expect(saved, name).toStrictEqual(own);
  });

  it("torchts reloads its own save: same class, state and outputs", () => {
    torch.manual_seed(2);
    const net = new Net();
    torch.save({ model: net, step: 3 }, p("ts_ckpt.pt"));
    const ck = torch.serialization.safe_globals([Net], () => torch.load(p("ts_ckpt.pt"), { weights_only: false }));
    expect(ck.step).toBe(3);
    expect(ck.model).toBeInstanceOf(Net);
    const x = torch.randn(2, 1, 5, 5);
    expect(torch.equal(ck.model.forward(x), net.forward(x))).toBe(true);
    expect(ck.model.conv.kernel_size).toStrictEqual(net.conv.kernel_size);
  });

  it("a module with hooks is refused (a pickle cannot carry a JS function)", () => {
    const lin = new nn.Linear(2, 2);
    lin.register_forward_hook(() => undefined);
    expect(() => torch.save(lin, p("hooked.pt"))).toThrow(/cannot save a Linear with hooks \(_forward_hooks is not empty\)/);
  });
});

describe("common layers, both ways", () => {
  it("BatchNorm, LayerNorm, Embedding, LSTM, GRU, TransformerEncoderLayer, ... : Python's file → torchts → torchts's file → Python, same outputs and __dict__ keys", () => {
    const MAKE = `
import torch.nn as nn
torch.manual_seed(3)
mods = dict(bn=nn.BatchNorm2d(3), ln=nn.LayerNorm(4), emb=nn.Embedding(10, 4), lstm=nn.LSTM(4, 5), gru=nn.GRU(4, 3, num_layers=2),
            drop=nn.Dropout(0.2), enc=nn.TransformerEncoderLayer(4, 2, 8), md=nn.ModuleDict({"a": nn.Linear(4, 2)}), flat=nn.Flatten(),
            mp=nn.MaxPool2d(2), gelu=nn.GELU("tanh"), conv=nn.Conv1d(3, 2, 3, padding="same", padding_mode="reflect"))
x = {"x3": torch.randn(2, 3, 4), "x4": torch.randn(2, 3, 4, 4), "idx": torch.tensor([[1, 9], [0, 3]])}
arg = dict(bn="x4", mp="x4", flat="x4", emb="idx")
def run(k, m):
    if k == "md": return m["a"](x["x3"])
    y = m(x[arg.get(k, "x3")])
    return y[0] if isinstance(y, tuple) else y
`;
    const truth = pythonJson<Record<string, number[]>>(`${MAKE}
torch.save(x, ${py(p("layer_inputs.pt"))})
out = {}
for k, m in mods.items():
    m.eval()
    torch.save(m, ${py(p("layer_"))} + k + ".pt")
    out[k] = run(k, m).flatten().tolist()
print(json.dumps(out))`);
    const x = torch.load(p("layer_inputs.pt"));
    const arg: Record<string, string> = { bn: "x4", mp: "x4", flat: "x4", emb: "idx" };
    for (const [k, expected] of Object.entries(truth)) {
      const m = torch.load(p(`layer_${k}.pt`), { weights_only: false });
      expect(m.training, k).toBe(false);
      const y = k === "md" ? m.a.forward(x.x3) : m.forward(x[arg[k] ?? "x3"]);
      const got = ((Array.isArray(y) ? y[0] : y) as T).flatten().tolist() as number[];
      expect(got.length, k).toBe(expected.length);
      got.forEach((v, i) => expect(v, `${k}[${i}]`).toBeCloseTo(expected[i], 5));
      torch.save(m, p(`layer_ts_${k}.pt`));
    }
    const back = pythonJson<Record<string, [string[], string[], number]>>(`${MAKE}
out = {}
for k, own in mods.items():
    own.eval()
    m = torch.load(${py(p("layer_ts_"))} + k + ".pt", weights_only=False)
    assert type(m) is type(own), k
    out[k] = [sorted(m.__dict__), sorted(own.__dict__), (run(k, m) - run(k, own)).abs().max().item()]
print(json.dumps(out))`);
    for (const [k, [saved, own, diff]] of Object.entries(back)) {
      expect(saved, k).toStrictEqual(own);
      expect(diff, k).toBeLessThan(1e-6);
    }
  });
});

describe("safe globals and refused globals", () => {
  it("an unregistered class gives Python's WeightsUnpickler error, naming it and add_safe_globals", () => {
    const truth = pythonJson<string[]>(`${PY_NET}
msgs = []
try:
    torch.load(${py(p("py_net.pt"))})
except Exception as e:
    msgs.append(str(e))
torch.serialization.add_safe_globals([Net])
try:
    torch.load(${py(p("py_net.pt"))})
except Exception as e:
    msgs.append(str(e))
print(json.dumps(msgs))`);
    const message = (fn: () => unknown): string => {
      try {
        fn();
      } catch (error) {
        expect((error as Error).name).toBe("UnpicklingError");
        return (error as Error).message;
      }
      throw new Error("loaded");
    };
    const prefix = `torch.load: ${p("py_net.pt")}: `;
    expect(truth[0]).toMatch(/GLOBAL __main__\.Net was not an allowed global/);
    expect(message(() => torch.load(p("py_net.pt")))).toBe(prefix + truth[0]);
    torch.serialization.add_safe_globals([[Net, "__main__.Net"]]);
    expect(truth[1]).toMatch(/GLOBAL torch\.nn\.modules\.conv\.Conv2d was not an allowed global/);
    expect(message(() => torch.load(p("py_net.pt")))).toBe(prefix + truth[1]);
  });

  it("weights_only=false still builds only torch's and registered classes: an unregistered one is a clear error", () => {
    expect(() => torch.load(p("py_net.pt"), { weights_only: false })).toThrow(
      /weights_only=false: torchts cannot load the global __main__\.Net: .*never runs a pickle's code.*add_safe_globals\(\[\[MyClass, "__main__\.Net"\]\]\)/,
    );
    const marker = p("pwned");
    runPython(`
class B:
    def __reduce__(self): return (eval, (${py(`open(${JSON.stringify(marker)}, "w").close()`)},))
torch.save([torch.ones(2), B()], ${py(p("evil.pt"))})`);
    expect(() => torch.load(p("evil.pt"), { weights_only: false })).toThrow(/cannot load the global builtins\.eval/);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it("add_safe_globals, safe_globals(list, fn), get_safe_globals and clear_safe_globals as Python's", () => {
    const sg = torch.serialization;
    expect(sg.get_safe_globals()).toStrictEqual([]);
    sg.add_safe_globals([nn.Linear, nn.Linear, [Net, "__main__.Net"]]);
    expect(sg.get_safe_globals()).toStrictEqual([nn.Linear, [Net, "__main__.Net"]]);
    const inside = sg.safe_globals([nn.ReLU, nn.Linear], () => sg.get_safe_globals());
    expect(inside).toStrictEqual([nn.Linear, [Net, "__main__.Net"], nn.ReLU]);
    // leaving the block removes what it added only
    expect(sg.get_safe_globals()).toStrictEqual([nn.Linear, [Net, "__main__.Net"]]);
    expect(() => sg.safe_globals([nn.ReLU], () => { throw new Error("inner"); })).toThrow("inner");
    expect(sg.get_safe_globals()).toStrictEqual([nn.Linear, [Net, "__main__.Net"]]);
    sg.clear_safe_globals();
    expect(sg.get_safe_globals()).toStrictEqual([]);
    sg.add_safe_globals([[Net, "a.b", "c"] as unknown as [typeof Net, string]]);
    expect(() => torch.load(p("py_seq.pt"))).toThrow("Expected tuple of length 2 (global, str of callable full path), but got tuple of length: 3");
  });
});
