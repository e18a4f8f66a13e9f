// Bad input of every kind raises the exception class Python raises, with Python's message
// where Python has the same call, and the process lives on. Each case runs in this process.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { Case, expectSame, pythonResults } from "./helpers/compare";

const R = (seed: number, ...shape: number[]) => (torch.manual_seed(seed), torch.randn(...shape));
const PRELUDE = "def R(s, *shape):\n    torch.manual_seed(s)\n    return torch.randn(*shape)";

// Cases whose Python twin raises: class and message must match exactly.
const againstPython: Case[] = [
  // shapes
  { name: "add broadcast mismatch", ts: () => R(1, 2, 3).add(R(2, 4)), py: "r = R(1, 2, 3).add(R(2, 4))" },
  { name: "matmul inner mismatch", ts: () => R(1, 2, 3).matmul(R(2, 4, 2)), py: "r = R(1, 2, 3).matmul(R(2, 4, 2))" },
  { name: "mm of 1-d", ts: () => R(1, 3).mm(R(2, 3)), py: "r = R(1, 3).mm(R(2, 3))" },
  { name: "bmm of 2-d", ts: () => R(1, 2, 3).bmm(R(2, 3, 2)), py: "r = R(1, 2, 3).bmm(R(2, 3, 2))" },
  { name: "view with wrong numel", ts: () => R(1, 6).view(4, 2), py: "r = R(1, 6).view(4, 2)" },
  { name: "view with two -1", ts: () => R(1, 6).view(-1, -1), py: "r = R(1, 6).view(-1, -1)" },
  { name: "reshape with wrong numel", ts: () => R(1, 6).reshape(5), py: "r = R(1, 6).reshape(5)" },
  { name: "expand to a smaller size", ts: () => R(1, 3, 2).expand(3, 1), py: "r = R(1, 3, 2).expand(3, 1)" },
  { name: "cat of different ranks", ts: () => torch.cat([R(1, 2, 2), R(2, 2)]), py: "r = torch.cat([R(1, 2, 2), R(2, 2)])" },
  { name: "cat of nothing", ts: () => torch.cat([]), py: "r = torch.cat([])" },
  { name: "stack of different shapes", ts: () => torch.stack([R(1, 2), R(2, 3)]), py: "r = torch.stack([R(1, 2), R(2, 3)])" },
  { name: "gather index rank", ts: () => R(1, 2, 3).gather(1, torch.tensor([0, 1])), py: "r = R(1, 2, 3).gather(1, torch.tensor([0, 1]))" },
  { name: "masked_fill mask shape", ts: () => R(1, 2, 3).masked_fill(torch.ones(3, 2).bool(), 0), py: "r = R(1, 2, 3).masked_fill(torch.ones(3, 2).bool(), 0)" },
  { name: "index_set_ shape mismatch", ts: () => torch.zeros(3).index_set_(":", torch.ones(2)), py: "x = torch.zeros(3); x[:] = torch.ones(2); r = x" },
  // dtypes
  { name: "matmul float and double", ts: () => R(1, 2, 2).matmul(R(2, 2, 2).double()), py: "r = R(1, 2, 2).matmul(R(2, 2, 2).double())" },
  { name: "in-place float into int", ts: () => torch.arange(3).mul_(1.5), py: "r = torch.arange(3).mul_(1.5)" },
  { name: "masked_fill with a float mask", ts: () => R(1, 3).masked_fill(torch.ones(3), 0), py: "r = R(1, 3).masked_fill(torch.ones(3), 0)" },
  { name: "index with a float tensor", ts: () => R(1, 3).index(torch.ones(1)), py: "r = R(1, 3)[torch.ones(1)]" },
  { name: "gather with a float index", ts: () => R(1, 3).gather(0, torch.zeros(2)), py: "r = R(1, 3).gather(0, torch.zeros(2))" },
  { name: "requires_grad on ints", ts: () => torch.arange(3).requires_grad_(), py: "r = torch.arange(3).requires_grad_()" },
  { name: "view dtype of other size", ts: () => R(1, 3).view(torch.float64), py: "r = R(1, 3).view(torch.float64)" },
  // devices
  { name: "a cuda tensor without CUDA", ts: () => torch.zeros(2, { device: "cuda" }), py: "r = torch.zeros(2, device='cuda')" },
  { name: "an unknown device type", ts: () => torch.zeros(2, { device: "tpu" }), py: "r = torch.zeros(2, device='tpu')" },
  { name: "a malformed device string", ts: () => torch.zeros(2, { device: "cuda:x" }), py: "r = torch.zeros(2, device='cuda:x')" },
  // indices and dims
  { name: "index out of range", ts: () => R(1, 3, 2).index(3), py: "r = R(1, 3, 2)[3]" },
  { name: "negative index out of range", ts: () => R(1, 3).index(-4), py: "r = R(1, 3)[-4]" },
  { name: "index tensor out of range", ts: () => R(1, 3).index(torch.tensor([5])), py: "r = R(1, 3)[torch.tensor([5])]" },
  { name: "mask of the wrong shape", ts: () => R(1, 3).index(torch.tensor([true, false])), py: "r = R(1, 3)[torch.tensor([True, False])]" },
  { name: "dim out of range", ts: () => R(1, 2, 3).sum(2), py: "r = R(1, 2, 3).sum(2)" },
  { name: "negative dim out of range", ts: () => R(1, 2, 3).softmax(-3), py: "r = R(1, 2, 3).softmax(-3)" },
  { name: "transpose dim out of range", ts: () => R(1, 2, 3).transpose(0, 5), py: "r = R(1, 2, 3).transpose(0, 5)" },
  { name: "select index out of range", ts: () => R(1, 2, 3).select(1, 3), py: "r = R(1, 2, 3).select(1, 3)" },
  { name: "narrow past the end", ts: () => R(1, 5).narrow(0, 3, 4), py: "r = R(1, 5).narrow(0, 3, 4)" },
  { name: "randint with low >= high", ts: () => torch.randint(5, 5, [2]), py: "r = torch.randint(5, 5, [2])" },
  { name: "gather index out of range", ts: () => R(1, 3).gather(0, torch.tensor([7])), py: "r = R(1, 3).gather(0, torch.tensor([7]))" },
  // NaN, infinities and values
  { name: "multinomial with NaN", ts: () => torch.tensor([0.5, NaN]).multinomial(1), py: "r = torch.tensor([0.5, float('nan')]).multinomial(1)" },
  { name: "multinomial with a negative", ts: () => torch.tensor([0.5, -1]).multinomial(1), py: "r = torch.tensor([0.5, -1.]).multinomial(1)" },
  { name: "bernoulli p out of range", ts: () => torch.zeros(2).bernoulli(1.5), py: "r = torch.zeros(2).bernoulli(1.5)" },
  { name: "arange to infinity", ts: () => torch.arange(0, Infinity), py: "r = torch.arange(0, float('inf'))" },
  { name: "arange step of wrong sign", ts: () => torch.arange(0, 5, -1), py: "r = torch.arange(0, 5, -1)" },
  { name: "linspace with negative steps", ts: () => torch.linspace(0, 1, -2), py: "r = torch.linspace(0, 1, -2)" },
  // empty tensors
  { name: "max of an empty tensor", ts: () => torch.zeros(0).max(), py: "r = torch.zeros(0).max()" },
  { name: "argmax of an empty tensor", ts: () => torch.zeros(0).argmax(), py: "r = torch.zeros(0).argmax()" },
  { name: "item of an empty tensor", ts: () => torch.zeros(0).item(), py: "r = torch.zeros(0).item()" },
  { name: "multinomial of an empty tensor", ts: () => torch.zeros(0).multinomial(1), py: "r = torch.zeros(0).multinomial(1)" },
  { name: "topk of an empty dim", ts: () => torch.zeros(2, 0).topk(1), py: "r = torch.zeros(2, 0).topk(1)" },
  // autograd misuse
  { name: "backward of a non-scalar", ts: () => R(1, 3).requires_grad_().mul(2).backward(), py: "r = R(1, 3).requires_grad_().mul(2).backward()" },
  { name: "backward without grad", ts: () => R(1, 3).sum().backward(), py: "r = R(1, 3).sum().backward()" },
  { name: "in-place on a leaf that requires grad", ts: () => R(1, 3).requires_grad_().add_(1), py: "r = R(1, 3).requires_grad_().add_(1)" },
];

type TorchErrorClass = new (...args: never[]) => Error;

// Cases with no Python twin (JS values, disposal): the class and a useful message.
const jsOnly: [string, () => unknown, TorchErrorClass, RegExp][] = [
  ["a disposed tensor as self", () => { const t = torch.ones(2); t.dispose(); return t.add(1); }, torch.RuntimeError, /disposed/],
  ["a disposed tensor as an argument", () => { const t = torch.ones(2); t.dispose(); return torch.ones(2).mul(t); }, torch.RuntimeError, /disposed/],
  ["a disposed tensor in a list", () => { const t = torch.ones(2); t.dispose(); return torch.cat([torch.ones(2), t]); }, torch.RuntimeError, /disposed/],
  ["a disposed tensor printed", () => { const t = torch.ones(2); t.dispose(); return String(t); }, torch.RuntimeError, /disposed/],
  ["disposing twice", () => { const t = torch.ones(2); t.dispose(); t.dispose(); }, torch.RuntimeError, /disposed already/],
  ["a string for a number", () => torch.ones(2).mul("2" as never), torch.TypeError, /^mul\(\): argument 'other' \(position 1\) must be Tensor or Number, not str$/],
  ["undefined for a tensor", () => torch.ones(2).matmul(undefined as never), torch.TypeError, /^matmul\(\): argument 'other' \(position 1\) must be Tensor, not undefined$/],
  ["a plain array for a tensor", () => torch.ones(2).mul([1, 2] as never), torch.TypeError, /must be Tensor or Number, not \[int, int\]/],
  ["a boolean for an int", () => torch.ones(2, 2).sum(true as never), torch.TypeError, /^sum\(\) received an invalid combination of arguments - got \(bool\)/],
  ["a float for an int", () => torch.ones(2, 2).transpose(0.5, 1), torch.TypeError, /^transpose\(\): argument 'dim0' \(position 1\) must be int, not float$/],
  ["NaN as a size", () => torch.zeros(NaN), torch.TypeError, /^zeros\(\): argument 'size' \(position 1\) must be tuple of ints, not float$/],
  ["an unknown option", () => torch.ones(2).softmax(0, { dtyp: torch.float64 } as never), torch.TypeError, /^softmax\(\) got an unexpected keyword argument 'dtyp'$/],
  ["an option of the wrong type", () => torch.ones(2).sum({ keepdim: "yes" } as never), torch.TypeError, /^sum\(\) received an invalid combination of arguments - got \(keepdim=str\)/],
  ["too many arguments", () => torch.ones(2).neg(1 as never), torch.TypeError, /^neg\(\) takes 0 positional arguments but 1 were given$/],
  ["a missing argument", () => (torch.ones(2) as unknown as { unfold: (d: number) => unknown }).unfold(0), torch.TypeError, /^unfold\(\) missing required argument 'size'/],
  ["an invalid index", () => torch.ones(2).index({} as never), torch.TypeError, /only integers, slices/],
  ["a malformed slice string", () => torch.ones(2).index("1:2:3:4"), torch.TypeError, /is not a slice/],
  ["a ragged nested array", () => torch.tensor([[1], [2, 3]]), torch.ValueError, /^expected sequence of length 1 at dim 1 \(got 2\)$/],
  ["a non-integer seed", () => torch.manual_seed(0.5), torch.TypeError, /^manual_seed\(\): argument 'seed' must be int, not number$/],
];

describe("bad input against Python torch 2.11", () => {
  const expected = pythonResults(againstPython, PRELUDE);
  it("every case here raises in Python too", () => {
    for (const [i, e] of expected.entries()) expect(e.kind, againstPython[i].name).toBe("error");
  });
  it.each(againstPython.map((c, i) => [c.name, c, i] as const))("%s", (_name, c, i) => {
    expectSame(c, expected[i]);
  });
});

describe("bad JS input", () => {
  it.each(jsOnly)("%s", (_name, call, cls, message) => {
    expect(call).toThrow(cls);
    expect(call).toThrow(message);
  });

  it("the process lives on after all of the above", () => {
    expect(torch.ones(2, 2).matmul(torch.ones(2, 2)).sum().item()).toBe(8);
  });
});
