// LibTorch errors become JS exceptions of Python's classes with LibTorch's message, bad JS
// arguments become TypeErrors that name the function and argument, and the process lives on.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { runNode } from "./helpers/node";
import { pythonJson } from "./helpers/python";

describe("LibTorch errors", () => {
  it("carry Python's class and message, and the process goes on computing", () => {
    const [pyType, pyMessage] = pythonJson<[string, string]>(`
try:
    torch.ones(2, 3).matmul(torch.ones(2, 3))
except Exception as e:
    print(json.dumps([type(e).__name__, str(e)]))`);
    for (let i = 0; i < 1000; i++) {
      let caught: unknown;
      try {
        torch.ones(2, 3).matmul(torch.ones(2, 3));
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(torch.RuntimeError);
      expect(caught).toBeInstanceOf(Error);
      expect((caught as Error).name).toBe(pyType);
      expect((caught as Error).message).toBe(pyMessage);
    }
    expect(torch.ones(2, 3).matmul(torch.ones(3, 2)).sum().item()).toBe(12);
  });

  it("c10::IndexError becomes torch.IndexError, which is not a RuntimeError", () => {
    expect(() => torch.ones(2).sum(3)).toThrow(torch.IndexError);
    expect(() => torch.ones(2).sum(3)).not.toThrow(torch.RuntimeError);
  });

  it("carry no C++ backtrace unless TORCH_SHOW_CPP_STACKTRACES asks for it", () => {
    const script = `const torch = require("torchts");
      try { torch.ones(2).matmul(torch.ones(3)); } catch (e) { console.log(e.message.includes("Exception raised from")); }`;
    expect(runNode(["-e", script]).stdout.trim()).toBe("false");
    expect(runNode(["-e", script], { TORCH_SHOW_CPP_STACKTRACES: "1" }).stdout.trim()).toBe("true");
  });
});

describe("bad JS arguments", () => {
  const x = torch.ones(2);
  const cases: [string, () => unknown, RegExp][] = [
    ["a string where a tensor goes", () => x.add("1" as never), /^add\(\): argument 'other' \(position 1\) must be Tensor or Number, not str$/],
    ["an array where a tensor goes", () => x.matmul([1] as never), /^matmul\(\): argument 'other' \(position 1\) must be Tensor, not \[int\]$/],
    ["an unknown option", () => torch.zeros(2, { dtpye: torch.float64 } as never), /^zeros\(\) got an unexpected keyword argument 'dtpye'$/],
    ["an unknown option of a method", () => x.add(x, { alpha: 2, beta: 1 } as never), /^add\(\) got an unexpected keyword argument 'beta'$/],
    ["a non-integer size", () => torch.ones(2.5), /^ones\(\): argument 'size' \(position 1\) must be tuple of ints, not float$/],
    ["a string size", () => torch.zeros("3" as never), /^zeros\(\): argument 'size' \(position 1\) must be tuple of ints, not str$/],
    ["a dtype that is not a torch.dtype", () => torch.ones(2, { dtype: "float32" } as never), /^ones\(\): argument 'dtype' must be torch\.dtype, not str$/],
    ["requires_grad that is not a boolean", () => torch.ones(2, { requires_grad: 1 } as never), /^ones\(\): argument 'requires_grad' must be bool, not int$/],
    ["a non-integer seed", () => torch.manual_seed(1.5), /^manual_seed\(\): argument 'seed' must be int, not number$/],
    ["data of the wrong kind", () => torch.tensor("abc" as never), /^tensor\(\): argument 'data' must be a number, a boolean, a torch.Complex, an array or a typed array, not string$/],
    ["an element of the wrong kind", () => torch.tensor([1, "a"] as never), /^Could not infer dtype of string$/],
    ["a bad sum dim", () => x.sum("0" as never), /^sum\(\) received an invalid combination of arguments - got \(str\), but expected one of:\n \* \(\*, torch\.dtype dtype = None\)\n \* \(tuple of ints dim = None, bool keepdim = False, \*, torch\.dtype dtype = None\)$/],
    ["a bad to() target", () => x.to(5 as never), /^to\(\): argument 'device' must be a device, a dtype or a Tensor, not number$/],
  ];
  it.each(cases)("%s raises torch.TypeError", (_name, call, message) => {
    expect(call).toThrow(torch.TypeError);
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
  });
});

describe("a module's forward binds its arguments as Python's does", () => {
  const lin = new torch.nn.Linear(3, 2);
  const x = torch.ones(4, 3);

  it("takes the input by position or by name, with the same result", () => {
    expect(lin.forward({ input: x }).equal(lin.forward(x))).toBe(true);
  });

  it("gives Python's messages for a missing, an extra, a repeated and an unknown argument", () => {
    const python = pythonJson<string[]>(`
lin = torch.nn.Linear(3, 2)
x = torch.ones(4, 3)
out = []
for call in (lambda: lin.forward(), lambda: lin.forward(x, x), lambda: lin.forward(x, input=x), lambda: lin.forward(inputs=x)):
    try:
        call()
    except TypeError as e:
        out.append(str(e))
print(json.dumps(out))`);
    const calls = [() => lin.forward(...([] as never[])), () => lin.forward(...([x, x] as never[])), () => lin.forward(...([x, { input: x }] as never[])), () => lin.forward({ inputs: x } as never)];
    expect(python).toHaveLength(calls.length);
    calls.forEach((call, i) => expect(call).toThrow(new torch.TypeError(python[i])));
  });
});

describe("an option whose value is undefined is an option not given", () => {
  // The three ways options are read: a generated op's binder, bindArgs (a module's forward, most
  // functionals), checkOptions (factories such as torch.tensor). Given a value, the same key is
  // Python's unknown keyword.
  const lin = new torch.nn.Linear(3, 2);
  const x = torch.ones(4, 3);
  const calls: [string, (extra: Record<string, unknown>) => InstanceType<typeof torch.Tensor>, () => InstanceType<typeof torch.Tensor>, string][] = [
    ["x.sum", (o) => x.sum({ dim: 0, ...o } as never), () => x.sum(0), "sum"],
    ["lin.forward", (o) => lin.forward({ input: x, ...o } as never), () => lin.forward(x), "Linear.forward"],
    ["torch.tensor", (o) => torch.tensor([1, 2], { dtype: torch.float64, ...o } as never), () => torch.tensor([1, 2], { dtype: torch.float64 }), "tensor"],
  ];
  it.each(calls)("%s", (_name, withExtra, plain, fn) => {
    expect(withExtra({ typo: undefined }).equal(plain())).toBe(true);
    expect(() => withExtra({ typo: 1 })).toThrow(new torch.TypeError(`${fn}() got an unexpected keyword argument 'typo'`));
  });
});

describe("disposal", () => {
  it("a disposed tensor used again, or disposed twice, raises RuntimeError", () => {
    const t = torch.ones(3);
    t.dispose();
    expect(() => t.sum()).toThrow(torch.RuntimeError);
    expect(() => t.sum()).toThrow("this tensor has been disposed");
    expect(() => t.shape).toThrow("this tensor has been disposed");
    expect(() => t.dispose()).toThrow("this tensor has been disposed already");
    expect(() => torch.ones(3).add(t)).toThrow("this tensor has been disposed");
  });

  it("using disposes at the end of the block", () => {
    let kept: InstanceType<typeof torch.Tensor>;
    {
      using t = torch.ones(2);
      kept = t;
      expect(t.sum().item()).toBe(2);
    }
    expect(() => kept.sum()).toThrow("this tensor has been disposed");
  });
});
