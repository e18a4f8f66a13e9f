// What JS itself does with a tensor (iteration, conversion to a string or a number, operators,
// x[i]) and what console.log shows of torchts objects, against Python's for-loops, float(),
// str() and error messages. A port that writes Python's forms naively fails loudly here.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { pythonJson } from "./helpers/python";

const { nn } = torch;

/** Runs fn, expecting it to throw; returns the error (a failing assertion otherwise). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a throw");
}

describe("iteration and len, as Python's", () => {
  const py = pythonJson<{ rows: unknown[]; cols: unknown[]; lens: number[]; errors: string[]; grad_fn: string }>(`
x = torch.arange(12).reshape(3, 4)
def err(f):
    try: f()
    except Exception as e: return f"{type(e).__name__}: {e}"
rows = [r.tolist() for r in x]
cols = [c.tolist() for c in x.t()]
lens = [len(x), len(x[0]), len(torch.zeros(0, 5))]
errors = [err(lambda: iter(torch.tensor(1.0))), err(lambda: len(torch.tensor(1.0)))]
y = torch.ones(2, 2, requires_grad=True)
print(json.dumps({"rows": rows, "cols": cols, "lens": lens, "errors": errors, "grad_fn": type(next(iter(y * 2)).grad_fn).__name__}))`);

  it("for (const row of x) gives the sub-tensors along dim 0; spread and Array.from too", () => {
    const x = torch.arange(12).reshape(3, 4);
    const rows = [];
    for (const row of x) rows.push(row.tolist());
    expect(rows).toStrictEqual(py.rows);
    expect([...x.t()].map((c) => c.tolist())).toStrictEqual(py.cols);
    expect(Array.from(x, (r) => r.tolist())).toStrictEqual(py.rows);
    // rows are views, as unbind's in Python: writing one writes x
    const [first] = x;
    first.fill_(-1);
    expect(x.index(0).tolist()).toStrictEqual([-1, -1, -1, -1]);
  });

  it("rows carry autograd history (Python: UnbindBackward0)", () => {
    const y = torch.ones([2, 2], { requires_grad: true });
    const [row] = y.mul(2);
    expect(row.grad_fn!.name()).toBe(py.grad_fn);
  });

  it("x.__len__() is len(x); a 0-d tensor refuses both with Python's TypeError", () => {
    const x = torch.arange(12).reshape(3, 4);
    expect([x.__len__(), x.index(0).__len__(), torch.zeros(0, 5).__len__()]).toStrictEqual(py.lens);
    const scalar = torch.tensor(1.5);
    const errors = [
      thrown(() => {
        for (const _ of scalar) void _;
      }),
      thrown(() => scalar.__len__()),
    ];
    expect(errors.map((e) => `${e.name}: ${e.message}`)).toStrictEqual(py.errors);
    expect(errors[0]).toBeInstanceOf(torch.TypeError);
  });
});

describe("conversions and operators", () => {
  const py = pythonJson<{ str: string; floats: number[]; error: string; bool_item: boolean; sum: number }>(`
x = torch.tensor([[1.5, -2.0], [0.25, 3.0]])
def err(f):
    try: f()
    except Exception as e: return f"{type(e).__name__}: {e}"
print(json.dumps({
  "str": str(x),
  "floats": [float(torch.tensor(2.5)), float(torch.tensor([7])), float(torch.tensor(True)), float(x[1, 1])],
  "error": err(lambda: float(x)),
  "bool_item": torch.tensor(True).item(),
  "sum": torch.tensor(True).item() + 1,
}))`);
  const x = torch.tensor([
    [1.5, -2],
    [0.25, 3],
  ]);

  it("String(x) and template strings give str(x)", () => {
    expect(String(x)).toBe(py.str);
    expect(`${x}`).toBe(py.str);
  });

  it("a wanted number (Number(x), +x, x * 2, x < y) is float(x) for one element", () => {
    const values = [Number(torch.tensor(2.5)), +torch.tensor([7]), Number(torch.tensor(true)), Number(x.index(1, 1))];
    expect(values).toStrictEqual(py.floats);
    const one = torch.tensor(2.5) as unknown as number;
    expect(one * 2).toBe(5);
    expect(one ** 2).toBe(6.25);
    expect(one < 3).toBe(true);
  });

  it("a wanted number from several elements: Python's ValueError, and the methods to use", () => {
    const multi = x as unknown as number;
    for (const op of [() => multi * 2, () => multi ** 2, () => multi - multi, () => multi < 1, () => Number(x)]) {
      const error = thrown(op);
      expect(error).toBeInstanceOf(torch.ValueError);
      expect(`${error.name}: ${error.message}`.startsWith(py.error)).toBe(true);
      expect(error.message).toContain("x.pow(2)");
    }
  });

  it("x + y, x == 1 and 'a' + x throw a TypeError naming the methods (not a joined string)", () => {
    const a = x as unknown as string;
    for (const op of [() => a + a, () => (a as unknown as number) == 1, () => "loss: " + a, () => a + 1]) {
      const error = thrown(op);
      expect(error).toBeInstanceOf(torch.TypeError);
      expect(error.message).toContain("x.add(y) for x + y");
      expect(error.message).toContain("x.pow(2) for x ** 2");
    }
  });

  it("x[i], x[i] = v and x[i] += 1 throw a TypeError naming x.index / x.index_set_, and leave x as it was", () => {
    const v = torch.zeros(3) as unknown as number[];
    const read = thrown(() => v[0]);
    expect(read).toBeInstanceOf(torch.TypeError);
    expect(read.message).toContain("x[0] is x.index(0)");
    const write = thrown(() => (v[-1] = 1));
    expect(write.message).toContain("x[-1] = v is x.index_set_([-1], v)");
    thrown(() => (v[1] += 1));
    expect(Object.keys(v)).not.toContain("1");
    expect((v as unknown as InstanceType<typeof torch.Tensor>).tolist()).toStrictEqual([0, 0, 0]);
    // Other names still behave as on any JS object (Python lets you set attributes too).
    const t = torch.zeros(1) as unknown as Record<string, unknown>;
    t.note = "kept";
    expect(t.note).toBe("kept");
    expect(t.then).toBeUndefined();
  });

  it("a bool tensor's item() is a JS boolean that counts as 1, as Python's True", () => {
    const flag = torch.tensor(true).item();
    expect(flag).toBe(py.bool_item);
    expect(flag + 1).toBe(py.sum);
  });
});

describe("console.log shows str(), as Python's print", () => {
  it("devices, dtypes, memory formats, generators, slices, modules, optimizers, autograd nodes, data utilities", () => {
    const model = new nn.Linear(2, 3);
    const objects: [unknown, string][] = [
      [torch.device("cpu"), 'torch.device("cpu")'],
      [torch.device("cuda", 1), 'torch.device("cuda", 1)'],
      [torch.float32, "torch.float32"],
      [torch.bool, "torch.bool"],
      [torch.contiguous_format, "torch.contiguous_format"],
      [torch.channels_last, "torch.channels_last"],
      [new torch.Generator(), "torch.Generator()"],
      [torch.slice(1, 3), "slice(1, 3)"],
      [torch.slice(null, null, 2), "slice(None, None, 2)"],
      [model, "torch.nn.Linear(2, 3)"],
      [new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU()), "torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU())"],
      [new torch.optim.SGD(model.parameters(), { lr: 0.1 }), "torch.optim.SGD(torch.nn.Linear(2, 3).parameters(), lr=0.1)"],
      [model.forward(torch.ones(2)).sum().grad_fn, "torch.nn.Linear(2, 3)(torch.ones(2)).sum().grad_fn"],
      [new torch.utils.data.DataLoader(new torch.utils.data.TensorDataset(torch.ones(3))), "torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.ones(3)))"],
    ];
    const python = pythonJson<string[]>(`
import re
objs = [${objects.map(([, p]) => p).join(", ")}]
# Python's default object str carries an address; torchts's has none.
print(json.dumps([re.sub(r" at 0x[0-9a-f]+>$", ">", str(o)) for o in objs]))`);
    objects.forEach(([object], i) => {
      expect(inspect(object), objects[i][1]).toBe(python[i]);
      expect(String(object), objects[i][1]).toBe(python[i]);
    });
    // console.log's own formatting (what a user sees): "Using device: cpu"
    expect(`Using device: ${inspect(torch.device("cpu"))}`).toBe("Using device: cpu");
  });
});
