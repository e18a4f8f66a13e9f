// nn.Module and the containers against Python's: registration by assignment, traversal,
// state_dict keys, load_state_dict and its errors, printing, moving and casting.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { pythonJson } from "./helpers/python";

const { nn } = torch;
type T = InstanceType<typeof torch.Tensor>;

// The same little model in both languages: parameters, a buffer, a non-persistent buffer,
// a null parameter, a ModuleList, a ModuleDict, a Sequential and a ParameterList.
class Block extends nn.Module {
  w: InstanceType<typeof nn.Parameter>;
  constructor(n: number) {
    super();
    this.w = new nn.Parameter(torch.randn(n, n));
    this.register_buffer("scale", torch.ones(n));
  }
  extra_repr(): string {
    return `n=${this.w.shape[0]}`;
  }
  forward(x: T): T {
    return x.matmul(this.w).mul(this.scale as T);
  }
  scale?: T;
}

class Net extends nn.Module {
  emb: InstanceType<typeof nn.Parameter>;
  blocks: InstanceType<typeof nn.ModuleList<Block>>;
  heads: ReturnType<typeof makeHeads>;
  seq: InstanceType<typeof nn.Sequential>;
  extra: InstanceType<typeof nn.ParameterList>;
  nothing: InstanceType<typeof nn.Parameter> | null;
  constructor() {
    super();
    this.emb = new nn.Parameter(torch.randn(5, 3));
    this.blocks = new nn.ModuleList([new Block(3), new Block(3)]);
    this.heads = makeHeads();
    this.seq = new nn.Sequential(new Block(3), new Block(3));
    this.register_buffer("cache", torch.zeros(2), false);
    this.extra = new nn.ParameterList([torch.ones(2), torch.zeros(1)]);
    this.nothing = null;
    this.register_parameter("nothing", null);
  }
  forward(x: T): T {
    for (const b of this.blocks) x = b.forward(x);
    return this.seq.forward(this.heads.a.forward(x)) as T;
  }
}

const makeHeads = () => new nn.ModuleDict({ a: new Block(3), b: new Block(3) });

const PY_NET = `
import torch.nn as nn
class Block(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.w = nn.Parameter(torch.randn(n, n))
        self.register_buffer("scale", torch.ones(n))
    def extra_repr(self):
        return f"n={self.w.shape[0]}"
    def forward(self, x):
        return x.matmul(self.w).mul(self.scale)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Parameter(torch.randn(5, 3))
        self.blocks = nn.ModuleList([Block(3), Block(3)])
        self.heads = nn.ModuleDict({"a": Block(3), "b": Block(3)})
        self.seq = nn.Sequential(Block(3), Block(3))
        self.register_buffer("cache", torch.zeros(2), persistent=False)
        self.extra = nn.ParameterList([torch.ones(2), torch.zeros(1)])
        self.register_parameter("nothing", None)
    def forward(self, x):
        for b in self.blocks:
            x = b(x)
        return self.seq(self.heads.a(x))
torch.manual_seed(0)
net = Net()
`;

describe("nn.Module against Python", () => {
  const py = pythonJson<{
    params: string[];
    buffers: string[];
    state: string[];
    modules: string[];
    children: string[];
    str: string;
    out: number[][];
    grads: Record<string, number[][] | number[]>;
    values: Record<string, unknown>;
  }>(`${PY_NET}
x = torch.arange(6.).view(2, 3)
out = net(x)
out.sum().backward()
print(json.dumps({
  "params": [n for n, _ in net.named_parameters()],
  "buffers": [n for n, _ in net.named_buffers()],
  "state": list(net.state_dict().keys()),
  "modules": [n for n, _ in net.named_modules()],
  "children": [n for n, _ in net.named_children()],
  "str": str(net),
  "out": out.tolist(),
  "grads": {n: p.grad.tolist() for n, p in net.named_parameters() if p.grad is not None},
  "values": {k: v.tolist() for k, v in net.state_dict().items()},
}))`);

  torch.manual_seed(0);
  const net = new Net();

  it("registers in assignment order, with Python's names", () => {
    expect([...net.named_parameters()].map(([n]) => n)).toStrictEqual(py.params);
    expect([...net.named_buffers()].map(([n]) => n)).toStrictEqual(py.buffers);
    expect(Object.keys(net.state_dict())).toStrictEqual(py.state);
    expect([...net.named_modules()].map(([n]) => n)).toStrictEqual(py.modules);
    expect([...net.named_children()].map(([n]) => n)).toStrictEqual(py.children);
  });

  it("starts from the same parameters after the same seed", () => {
    const sd = net.state_dict();
    for (const [key, value] of Object.entries(py.values)) expect(sd[key].tolist(), key).toStrictEqual(value);
  });

  it("computes the same output and gradients", () => {
    const out = net.forward(torch.arange(6, { dtype: torch.float32 }).view(2, 3));
    expect(out.tolist()).toStrictEqual(py.out);
    out.sum().backward();
    for (const [name, p] of net.named_parameters()) {
      if (py.grads[name] === undefined) expect(p.grad, name).toBeNull();
      else expect(p.grad!.tolist(), name).toStrictEqual(py.grads[name]);
    }
  });

  it("prints as print(model) does", () => {
    expect(String(net)).toBe(py.str);
  });
});

describe("get_submodule, get_parameter, get_buffer against Python", () => {
  const CALLS: [string, string][] = [
    ["get_submodule", ""], ["get_submodule", "blocks.0"], ["get_submodule", "heads.a"], ["get_submodule", "seq.1"],
    ["get_submodule", "blocks.5"], ["get_submodule", "emb"], ["get_submodule", "forward"], ["get_submodule", "nope.x"],
    ["get_submodule", "heads.c"], ["get_parameter", "emb"], ["get_parameter", "blocks.0.w"], ["get_parameter", "seq.1.scale"],
    ["get_parameter", "extra.0"], ["get_parameter", "nothing"], ["get_parameter", "blocks.0.zzz"], ["get_parameter", "zz.w"],
    ["get_buffer", "blocks.0.scale"], ["get_buffer", "cache"], ["get_buffer", "emb"], ["get_buffer", "seq.0.zz"],
  ];
  const py = pythonJson<unknown[]>(`${PY_NET}
def describe(value):
    return type(value).__name__ if isinstance(value, nn.Module) else list(value.shape)
out = []
for fn, target in ${JSON.stringify(CALLS)}:
    try:
        out.append(describe(getattr(net, fn)(target)))
    except Exception as e:
        out.append([type(e).__name__, str(e)])
print(json.dumps(out))`);
  const net = new Net();

  it.each(CALLS.map((call, i) => [...call, i] as const))("%s(%j)", (fn, target, i) => {
    let got: unknown;
    try {
      const value = net[fn](target);
      got = value instanceof nn.Module ? value._get_name() : value.shape;
    } catch (e) {
      got = [(e as Error).name, (e as Error).message];
      expect(e).toBeInstanceOf(torch.AttributeError);
    }
    expect(got).toStrictEqual(py[i]);
  });
});

describe("load_state_dict", () => {
  const messages = pythonJson<Record<string, string>>(`${PY_NET}
out = {}
sd = net.state_dict()
bad = dict(sd); del bad["emb"]; bad["bogus"] = torch.zeros(1)
try: net.load_state_dict(bad)
except Exception as e: out["keys"] = type(e).__name__ + ": " + str(e)
bad = dict(sd); bad["blocks.0.w"] = torch.zeros(2, 2)
try: net.load_state_dict(bad)
except Exception as e: out["shape"] = type(e).__name__ + ": " + str(e)
r = net.load_state_dict({k: v for k, v in sd.items() if k != "emb"}, strict=False)
out["nonstrict"] = str(list(r.missing_keys)) + str(list(r.unexpected_keys))
print(json.dumps(out))`);

  torch.manual_seed(0);
  const net = new Net();
  const sd = net.state_dict();

  it("names missing and unexpected keys as Python does", () => {
    const bad: Record<string, T> = { ...sd, bogus: torch.zeros(1) };
    delete bad.emb;
    expect(() => net.load_state_dict(bad)).toThrow(torch.RuntimeError);
    try {
      net.load_state_dict(bad);
    } catch (e) {
      expect(`${(e as Error).name}: ${(e as Error).message}`).toBe(messages.keys);
    }
  });

  it("names a shape mismatch as Python does", () => {
    try {
      net.load_state_dict({ ...sd, "blocks.0.w": torch.zeros(2, 2) });
      expect.unreachable();
    } catch (e) {
      expect(`${(e as Error).name}: ${(e as Error).message}`).toBe(messages.shape);
    }
  });

  it("with strict false returns the keys, and copies values in place", () => {
    const partial = { ...sd };
    delete partial.emb;
    const r = net.load_state_dict(partial, { strict: false });
    expect(`['${r.missing_keys.join("', '")}']['${r.unexpected_keys.join("', '")}']`.replace("['']", "[]")).toBe(messages.nonstrict);
    const other = new Net();
    const w = other.blocks[0].w;
    other.load_state_dict(net.state_dict());
    expect(other.blocks[0].w).toBe(w);
    expect(w.tolist()).toStrictEqual(net.blocks[0].w.tolist());
  });
});

describe("module behaviour", () => {
  it("shared parameters (weight tying) are counted once, listed under both keys", () => {
    const net = new Net();
    net.heads.b.w = net.heads.a.w;
    const params = [...net.parameters()];
    expect(params.filter((p) => p === net.heads.a.w).length).toBe(1);
    expect(Object.keys(net.state_dict())).toContain("heads.b.w");
  });

  it("assigning a plain tensor to a parameter's name is a TypeError, as in Python", () => {
    const b = new Block(2);
    expect(() => ((b as unknown as { w: T }).w = torch.ones(2, 2))).toThrow(torch.TypeError);
    expect(() => ((b as unknown as { w: T }).w = torch.ones(2, 2))).toThrow(
      "cannot assign 'torch.FloatTensor' as parameter 'w' (torch.nn.Parameter or None expected)",
    );
  });

  it("train() and eval() set training everywhere; apply visits every module", () => {
    const net = new Net();
    net.eval();
    expect([...net.modules()].every((m) => !m.training)).toBe(true);
    net.train();
    expect([...net.modules()].every((m) => m.training)).toBe(true);
    const names: string[] = [];
    net.apply((m) => names.push(m.constructor.name));
    expect(names[names.length - 1]).toBe("Net");
    expect(names.length).toBe([...net.modules()].length);
  });

  it("to(dtype) casts floating parameters in place, keeping the Parameter objects", () => {
    const net = new Net();
    const w = net.emb;
    net.to(torch.float64);
    expect(net.emb).toBe(w);
    expect(w.dtype).toBe(torch.float64);
    expect(w.requires_grad).toBe(true);
    expect(() => net.to(torch.int64)).toThrow(torch.TypeError);
    net.float();
    expect(w.dtype).toBe(torch.float32);
  });

  it("zero_grad sets grads to null, or zeroes them with set_to_none false", () => {
    const b = new Block(2);
    b.forward(torch.ones(1, 2)).sum().backward();
    b.zero_grad({ set_to_none: false });
    expect(b.w.grad!.tolist()).toStrictEqual([[0, 0], [0, 0]]);
    b.zero_grad();
    expect(b.w.grad).toBeNull();
  });

  it("ModuleList is indexable and iterable; Sequential runs in order", () => {
    const list = new nn.ModuleList([new Block(2), new Block(2)]);
    expect(list.length).toBe(2);
    expect([...list].length).toBe(2);
    expect(list[1]).toBeInstanceOf(Block);
    const seq = new nn.Sequential(new Block(2), new Block(2));
    const x = torch.ones(1, 2);
    expect((seq.forward(x) as T).tolist()).toStrictEqual((seq[1] as Block).forward((seq[0] as Block).forward(x)).tolist());
  });
});

describe("re-assignment keeps the registration order, as Python's dict keys do", () => {
  it("a replaced submodule, a tied weight, a replaced buffer: named_parameters, state_dict and children in Python's order", () => {
    class Net extends nn.Module {
      emb = new nn.Embedding(5, 4);
      encoder = new nn.Linear(4, 4);
      decoder = new nn.Linear(4, 5, { bias: false });
      head = new nn.Linear(5, 2);
      constructor() {
        super();
        this.register_buffer("stats", torch.zeros(2));
        this.register_buffer("count", torch.zeros(1));
        // replace the decoder (nn.Transformer's pattern), tie a weight, re-register a buffer
        this.encoder = new nn.Linear(4, 4, { bias: false });
        this.decoder.weight = this.emb.weight;
        this.register_buffer("stats", torch.ones(2), false);
      }
      forward(x: InstanceType<typeof torch.Tensor>) {
        return x;
      }
    }
    const py = pythonJson<{ params: string[]; state: string[]; children: string[]; sub: string[] }>(`
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(5, 4)
        self.encoder = nn.Linear(4, 4)
        self.decoder = nn.Linear(4, 5, bias=False)
        self.head = nn.Linear(5, 2)
        self.register_buffer("stats", torch.zeros(2))
        self.register_buffer("count", torch.zeros(1))
        self.encoder = nn.Linear(4, 4, bias=False)
        self.decoder.weight = self.emb.weight
        self.register_buffer("stats", torch.ones(2), False)
m = Net()
lin = nn.Linear(2, 2)
lin.weight = nn.Parameter(torch.ones(2, 2))
print(json.dumps({"params": [n for n, _ in m.named_parameters(remove_duplicate=False)], "state": list(m.state_dict().keys()),
                  "children": [n for n, _ in m.named_children()], "sub": list(lin.state_dict().keys())}))`);
    const m = new Net();
    expect([...m.named_parameters({ remove_duplicate: false })].map(([n]) => n)).toStrictEqual(py.params);
    expect(Object.keys(m.state_dict())).toStrictEqual(py.state);
    expect([...m.named_children()].map(([n]) => n)).toStrictEqual(py.children);
    const lin = new nn.Linear(2, 2);
    lin.weight = new nn.Parameter(torch.ones(2, 2));
    expect(Object.keys(lin.state_dict())).toStrictEqual(py.sub);
    expect(py.sub).toStrictEqual(["weight", "bias"]);
  });
});
