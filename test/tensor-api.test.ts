// The Tensor API a port reaches for beyond the ATen ops, each case against Python torch 2.11:
// torch.Size, x.data, x.new_*(), x.type(), torch.Tensor(...) and the legacy typed constructors,
// torch.is_tensor, torch.finfo / torch.iinfo, torch.accelerator.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { Case, expectSame, pythonResults } from "./helpers/compare";

type Tensor = InstanceType<typeof torch.Tensor>;
const meta = (t: Tensor) => [[...t.shape], t.dtype.name, String(t.device), t.requires_grad];
const META_PY = "def meta(t):\n    return [list(t.shape), str(t.dtype)[6:], str(t.device), t.requires_grad]";

const sizeCases: Case[] = [
  { name: "str(x.shape)", ts: () => String(torch.zeros(3, 784).shape), py: "r = str(torch.zeros(3, 784).shape)" },
  { name: "str(x.size())", ts: () => `${torch.zeros(2, 1, 5).size()}`, py: "r = str(torch.zeros(2, 1, 5).size())" },
  { name: "0-d shape", ts: () => String(torch.tensor(3).shape), py: "r = str(torch.tensor(3).shape)" },
  { name: "x.size(dim)", ts: () => [torch.zeros(2, 3).size(1), torch.zeros(2, 3).size(-2)], py: "r = [torch.zeros(2, 3).size(1), torch.zeros(2, 3).size(-2)]" },
  { name: "x.size(dim) out of range", ts: () => torch.zeros(2, 3).size(2), py: "r = torch.zeros(2, 3).size(2)" },
  { name: "shape[1:] is a Size", ts: () => String(torch.zeros(2, 3, 4).shape.slice(1)), py: "r = str(torch.zeros(2, 3, 4).shape[1:])" },
  { name: "torch.Size([2, 3])", ts: () => String(torch.Size([2, 3])), py: "r = str(torch.Size([2, 3]))" },
  { name: "torch.Size()", ts: () => String(torch.Size()), py: "r = str(torch.Size())" },
  { name: "torch.Size([True])", ts: () => String(torch.Size([true])), py: "r = str(torch.Size([True]))" },
  { name: "torch.Size of 0-d int tensors", ts: () => String(torch.Size([torch.tensor(3), 4] as never)), py: "r = str(torch.Size([torch.tensor(3), 4]))" },
  { name: "torch.Size([2.5])", ts: () => torch.Size([2.5]), py: "r = torch.Size([2.5])" },
  { name: "torch.Size(['a'])", ts: () => torch.Size(["a"] as never), py: "r = torch.Size(['a'])" },
  { name: "torch.Size(3)", ts: () => torch.Size(3 as never), py: "r = torch.Size(3)" },
  { name: "numel", ts: () => [torch.Size([2, 3]).numel(), torch.Size([]).numel(), torch.zeros(4, 0).shape.numel()], py: "r = [torch.Size([2, 3]).numel(), torch.Size([]).numel(), torch.zeros(4, 0).shape.numel()]" },
];

const dataCases: Case[] = [
  { name: "x.data of a leaf that requires grad", ts: () => torch.ones(2, { requires_grad: true }).data, py: "r = torch.ones(2, requires_grad=True).data" },
  { name: "x.data of a non-leaf", ts: () => torch.ones(2, { requires_grad: true }).mul(2).data, py: "r = (torch.ones(2, requires_grad=True) * 2).data" },
  {
    name: "x.data shares storage, not the version counter",
    // (versions counted from where they start: torchts's factories start at 1, not Python's 0)
    ts: () => {
      const h = torch.ones(2);
      const v = h._version;
      const d = h.data;
      d.add_(1);
      return [h.tolist(), h._version - v, d._version];
    },
    py: "h = torch.ones(2); v = h._version; d = h.data; d.add_(1); r = [h.tolist(), h._version - v, d._version]",
  },
  {
    name: "x.data = y keeps x's autograd settings",
    ts: () => {
      const f = torch.ones(2, { requires_grad: true });
      f.data = torch.zeros(3);
      return f;
    },
    py: "f = torch.ones(2, requires_grad=True); f.data = torch.zeros(3); r = f",
  },
  {
    name: "x.data = y on a non-leaf keeps its grad_fn",
    ts: () => {
      const y = torch.ones(2, { requires_grad: true }).mul(2);
      y.data = torch.zeros(5);
      return y;
    },
    py: "y = torch.ones(2, requires_grad=True) * 2; y.data = torch.zeros(5); r = y",
  },
  {
    name: "x.data = an int tensor on a tensor that requires grad",
    ts: () => {
      torch.ones(2, { requires_grad: true }).data = torch.zeros(2, { dtype: torch.long });
    },
    py: "f = torch.ones(2, requires_grad=True); f.data = torch.zeros(2, dtype=torch.long)",
  },
  { name: "new_* and new_tensor start at version 0", ts: () => [X().new_zeros(2)._version, X().new_full([2], 1)._version, X().new_ones(2)._version], py: "r = [X().new_zeros(2)._version, X().new_full([2], 1)._version, X().new_ones(2)._version]" },
  { name: "x.data = 3", ts: () => ((torch.ones(2).data as unknown) = 3), py: "f = torch.ones(2); f.data = 3" },
  { name: "x.data = None", ts: () => ((torch.ones(2).data as unknown) = null), py: "f = torch.ones(2); f.data = None" },
  {
    name: "x.data = a meta tensor",
    ts: () => {
      torch.ones(2).data = torch.zeros(2, { device: "meta" });
    },
    py: "f = torch.ones(2); f.data = torch.zeros(2, device='meta')",
  },
];

const X = () => torch.zeros(2, { dtype: torch.int32 });
const F = () => torch.ones(2, { requires_grad: true });
const NEW_PY = "X = lambda: torch.zeros(2, dtype=torch.int32)\nF = lambda: torch.ones(2, requires_grad=True)";

const newCases: Case[] = [
  { name: "new_tensor keeps self's dtype", ts: () => X().new_tensor([1.5, 2]), py: "r = X().new_tensor([1.5, 2])" },
  { name: "new_tensor dtype option", ts: () => X().new_tensor([1.5], { dtype: torch.float64 }), py: "r = X().new_tensor([1.5], dtype=torch.float64)" },
  { name: "new_tensor does not require grad", ts: () => F().new_tensor([1, 2]), py: "r = F().new_tensor([1, 2])" },
  { name: "new_tensor of a number", ts: () => F().new_tensor(3), py: "r = F().new_tensor(3)" },
  { name: "new_tensor requires_grad", ts: () => F().new_tensor([1, 2], { requires_grad: true }), py: "r = F().new_tensor([1, 2], requires_grad=True)" },
  { name: "new_tensor of a tensor", ts: () => X().new_tensor(torch.ones(2)), py: "r = X().new_tensor(torch.ones(2))" },
  { name: "new_tensor data keyword", ts: () => X().new_tensor({ data: [1] } as never), py: "r = X().new_tensor(data=[1])" },
  { name: "new_tensor of a string", ts: () => X().new_tensor("a" as never), py: "r = X().new_tensor('a')" },
  { name: "new_tensor with no data", ts: () => (X().new_tensor as (...a: unknown[]) => Tensor)(), py: "r = X().new_tensor()" },
  { name: "new_tensor with two arguments", ts: () => (X().new_tensor as (...a: unknown[]) => Tensor)([1], 2), py: "r = X().new_tensor([1], 2)" },
  { name: "new_tensor unknown keyword", ts: () => X().new_tensor([1], { foo: 2 } as never), py: "r = X().new_tensor([1], foo=2)" },
  { name: "new_tensor complex into int", ts: () => X().new_tensor([new torch.Complex(0, 1)]), py: "r = X().new_tensor([1j])" },
  { name: "new_tensor complex into float", ts: () => F().new_tensor([new torch.Complex(0, 1)]), py: "r = F().new_tensor([1j])" },
  { name: "new_zeros varargs", ts: () => X().new_zeros(2, 3), py: "r = X().new_zeros(2, 3)" },
  { name: "new_zeros array", ts: () => X().new_zeros([2, 3]), py: "r = X().new_zeros((2, 3))" },
  { name: "new_zeros a torch.Size", ts: () => X().new_ones(torch.Size([2, 3])), py: "r = X().new_ones(torch.Size([2, 3]))" },
  { name: "new_zeros dtype", ts: () => X().new_zeros([2, 3], { dtype: torch.float64 }), py: "r = X().new_zeros([2, 3], dtype=torch.float64)" },
  { name: "new_zeros dtype None", ts: () => X().new_zeros(2, 3, { dtype: null }), py: "r = X().new_zeros(2, 3, dtype=None)" },
  { name: "new_zeros size keyword", ts: () => X().new_zeros({ size: [2] }), py: "r = X().new_zeros(size=[2])" },
  { name: "new_zeros requires_grad", ts: () => F().new_zeros(2, { requires_grad: true }), py: "r = F().new_zeros(2, requires_grad=True)" },
  { name: "new_zeros does not inherit requires_grad", ts: () => F().new_zeros(2), py: "r = F().new_zeros(2)" },
  { name: "new_zeros requires_grad on int", ts: () => X().new_zeros(2, { requires_grad: true }), py: "r = X().new_zeros(2, requires_grad=True)" },
  { name: "new_tensor requires_grad on int", ts: () => X().new_tensor([1], { requires_grad: true }), py: "r = X().new_tensor([1], requires_grad=True)" },
  { name: "new_ones negative", ts: () => X().new_ones(-1), py: "r = X().new_ones(-1)" },
  { name: "new_full negative", ts: () => X().new_full([-1], 1), py: "r = X().new_full([-1], 1)" },
  { name: "new_zeros requires_grad not bool", ts: () => X().new_zeros(2, { requires_grad: 1 } as never), py: "r = X().new_zeros(2, requires_grad=1)" },
  { name: "new_zeros no size", ts: () => X().new_zeros(), py: "r = X().new_zeros()" },
  { name: "new_zeros float size", ts: () => X().new_zeros(2.5), py: "r = X().new_zeros(2.5)" },
  { name: "new_zeros None size", ts: () => X().new_zeros(null as never), py: "r = X().new_zeros(None)" },
  { name: "new_zeros bad vararg", ts: () => X().new_zeros(2, "a" as never), py: "r = X().new_zeros(2, 'a')" },
  { name: "new_zeros bad element", ts: () => X().new_zeros([2, 2.5]), py: "r = X().new_zeros([2, 2.5])" },
  { name: "new_zeros size twice", ts: () => X().new_zeros(2, { size: [2] } as never), py: "r = X().new_zeros(2, size=[2])" },
  { name: "new_zeros dtype not a dtype", ts: () => X().new_zeros(2, { dtype: 3 } as never), py: "r = X().new_zeros(2, dtype=3)" },
  { name: "new_zeros unknown keyword", ts: () => X().new_zeros(2, { foo: 1 } as never), py: "r = X().new_zeros(2, foo=1)" },
  { name: "new_zeros negative", ts: () => X().new_zeros(-1), py: "r = X().new_zeros(-1)" },
  { name: "new_zeros pin_memory False", ts: () => X().new_zeros(2, { pin_memory: false }), py: "r = X().new_zeros(2, pin_memory=False)" },
  { name: "new_ones", ts: () => X().new_ones(2), py: "r = X().new_ones(2)" },
  { name: "new_full int fill", ts: () => X().new_full([2], 7), py: "r = X().new_full((2,), 7)" },
  { name: "new_full float into int", ts: () => X().new_full([2], 7.5), py: "r = X().new_full((2,), 7.5)" },
  { name: "new_full into float", ts: () => F().new_full([2], 7), py: "r = F().new_full((2,), 7)" },
  { name: "new_full bool", ts: () => X().new_full([2], true), py: "r = X().new_full((2,), True)" },
  { name: "new_full keywords", ts: () => X().new_full({ size: [2], fill_value: 3 }), py: "r = X().new_full(size=[2], fill_value=3)" },
  { name: "new_full fill keyword", ts: () => X().new_full([2, 2], { fill_value: 1 }), py: "r = X().new_full([2, 2], fill_value=1)" },
  { name: "new_full complex into int", ts: () => X().new_full([2], new torch.Complex(0, 1)), py: "r = X().new_full((2,), 1j)" },
  { name: "new_full complex into complex", ts: () => String(torch.zeros(2, { dtype: torch.complex64 }).new_full([2], new torch.Complex(1, -2))), py: "r = str(torch.zeros(2, dtype=torch.complex64).new_full((2,), 1-2j))" },
  { name: "new_full int size", ts: () => X().new_full(2 as never, 7), py: "r = X().new_full(2, 7)" },
  { name: "new_full no fill", ts: () => X().new_full([2]), py: "r = X().new_full([2])" },
  { name: "new_full nothing", ts: () => (X().new_full as (...a: unknown[]) => Tensor)(), py: "r = X().new_full()" },
  { name: "new_full str fill", ts: () => X().new_full([2], "a" as never), py: "r = X().new_full([2], 'a')" },
  { name: "new_full three positional", ts: () => (X().new_full as (...a: unknown[]) => Tensor)([2], 1, 2), py: "r = X().new_full([2], 1, 2)" },
  { name: "new_empty", ts: () => meta(X().new_empty(2)), py: "r = meta(X().new_empty(2))" },
  { name: "new_empty dtype", ts: () => meta(X().new_empty([2, 3], { dtype: torch.float16 })), py: "r = meta(X().new_empty((2, 3), dtype=torch.float16))" },
  { name: "new_* keep a meta device", ts: () => meta(torch.zeros(2, { device: "meta" }).new_zeros(3)), py: "r = meta(torch.zeros(2, device='meta').new_zeros(3))" },
  { name: "new_* device option", ts: () => meta(torch.zeros(2, { device: "meta" }).new_ones(3, { device: "cpu" })), py: "r = meta(torch.zeros(2, device='meta').new_ones(3, device='cpu'))" },
];

const typeCases: Case[] = [];
for (const d of ["float32", "float64", "float16", "bfloat16", "int64", "int32", "int16", "int8", "uint8", "bool", "complex64", "complex128", "uint16", "uint32", "uint64"]) {
  const dt = (torch as unknown as Record<string, InstanceType<typeof torch.dtype>>)[d];
  typeCases.push({ name: `type() of ${d}`, ts: () => torch.zeros(2, { dtype: dt }).type(), py: `r = torch.zeros(2, dtype=torch.${d}).type()` });
  typeCases.push({
    name: `type("${d}") round trip`,
    ts: () => {
      const t = torch.ones(2).type(torch.zeros(1, { dtype: dt }).type());
      return [t.dtype.name, String(t)];
    },
    py: `t = torch.ones(2).type(torch.zeros(1, dtype=torch.${d}).type()); r = [str(t.dtype)[6:], str(t)]`,
  });
}
typeCases.push(
  { name: "type() of a meta tensor", ts: () => torch.zeros(2, { device: "meta" }).type(), py: "r = torch.zeros(2, device='meta').type()" },
  { name: "type(dtype)", ts: () => torch.zeros(2).type(torch.float64), py: "r = torch.zeros(2).type(torch.float64)" },
  { name: "type(dtype=...)", ts: () => torch.zeros(2).type({ dtype: torch.int32 }), py: "r = torch.zeros(2).type(dtype=torch.int32)" },
  { name: "type(dtype, non_blocking)", ts: () => torch.zeros(2, { dtype: torch.int32 }).type(torch.float32, true), py: "r = torch.zeros(2, dtype=torch.int32).type(torch.float32, True)" },
  { name: "type(non_blocking=True) alone", ts: () => torch.zeros(2, { dtype: torch.int32 }).type({ non_blocking: true }), py: "r = torch.zeros(2, dtype=torch.int32).type(non_blocking=True)" },
  { name: "type('torch.LongTensor')", ts: () => torch.zeros(2).type("torch.LongTensor"), py: "r = torch.zeros(2).type('torch.LongTensor')" },
  { name: "type(torch.IntTensor)", ts: () => torch.zeros(2).type(torch.IntTensor), py: "r = torch.zeros(2).type(torch.IntTensor)" },
  { name: "type(torch.Tensor)", ts: () => torch.zeros(2, { dtype: torch.long }).type(torch.Tensor), py: "r = torch.zeros(2, dtype=torch.long).type(torch.Tensor)" },
  { name: "type('torch.Tensor')", ts: () => torch.zeros(2, { dtype: torch.long }).type("torch.Tensor"), py: "r = torch.zeros(2, dtype=torch.long).type('torch.Tensor')" },
  { name: "type('torch.Foo')", ts: () => torch.zeros(2).type("torch.Foo"), py: "r = torch.zeros(2).type('torch.Foo')" },
  { name: "type('FloatTensor')", ts: () => torch.zeros(2).type("FloatTensor"), py: "r = torch.zeros(2).type('FloatTensor')" },
  { name: "type('torch.meta.FloatTensor')", ts: () => torch.zeros(2).type("torch.meta.FloatTensor"), py: "r = torch.zeros(2).type('torch.meta.FloatTensor')" },
  { name: "type(torch.nn.Linear)", ts: () => torch.zeros(2).type(torch.nn.Linear), py: "r = torch.zeros(2).type(torch.nn.Linear)" },
  { name: "type(torch.Size)", ts: () => torch.zeros(2).type(torch.Size as never), py: "r = torch.zeros(2).type(torch.Size)" },
  { name: "type(3)", ts: () => torch.zeros(2).type(3 as never), py: "r = torch.zeros(2).type(3)" },
  { name: "type(foo=1)", ts: () => torch.zeros(2).type({ foo: 1 } as never), py: "r = torch.zeros(2).type(foo=1)" },
  { name: "type('torch.cuda.FloatTensor') without CUDA", ts: () => torch.zeros(2).type("torch.cuda.FloatTensor"), py: "r = torch.zeros(2).type('torch.cuda.FloatTensor')" },
  { name: "type(torch.cuda.FloatTensor) without CUDA", ts: () => torch.zeros(2).type(torch.cuda.FloatTensor), py: "r = torch.zeros(2).type(torch.cuda.FloatTensor)" },
);

const legacyCases: Case[] = [
  { name: "torch.Tensor(2, 3)", ts: () => meta(torch.Tensor(2, 3)), py: "r = meta(torch.Tensor(2, 3))" },
  { name: "new torch.Tensor(2, 3)", ts: () => meta(new torch.Tensor(2, 3)), py: "r = meta(torch.Tensor(2, 3))" },
  { name: "torch.Tensor([1, 2])", ts: () => torch.Tensor([1, 2]), py: "r = torch.Tensor([1, 2])" },
  { name: "torch.Tensor([[1, 2], [3, 4]])", ts: () => new torch.Tensor([[1, 2], [3, 4]]), py: "r = torch.Tensor([[1, 2], [3, 4]])" },
  { name: "torch.Tensor([True, False])", ts: () => torch.Tensor([true, false]), py: "r = torch.Tensor([True, False])" },
  { name: "torch.Tensor()", ts: () => torch.Tensor(), py: "r = torch.Tensor()" },
  { name: "torch.Tensor([])", ts: () => torch.Tensor([]), py: "r = torch.Tensor(())" },
  { name: "torch.Tensor(torch.Size([2, 3]))", ts: () => meta(torch.Tensor(torch.Size([2, 3]))), py: "r = meta(torch.Tensor(torch.Size([2, 3])))" },
  { name: "torch.Tensor(x.shape)", ts: () => meta(torch.Tensor(torch.zeros(4, 1).shape)), py: "r = meta(torch.Tensor(torch.zeros(4, 1).shape))" },
  { name: "torch.Tensor(t) aliases", ts: () => torch.Tensor(torch.ones(2, { requires_grad: true })), py: "r = torch.Tensor(torch.ones(2, requires_grad=True))" },
  { name: "torch.Tensor(long tensor)", ts: () => torch.Tensor(torch.zeros(2, { dtype: torch.long })), py: "r = torch.Tensor(torch.zeros(2, dtype=torch.long))" },
  { name: "torch.Tensor(0-d tensor)", ts: () => torch.Tensor(torch.tensor(3)), py: "r = torch.Tensor(torch.tensor(3))" },
  { name: "torch.Tensor(t, device=...)", ts: () => torch.Tensor(torch.ones(2), { device: "cpu" }), py: "r = torch.Tensor(torch.ones(2), device='cpu')" },
  { name: "torch.Tensor(2, device='cpu')", ts: () => meta(torch.Tensor(2, { device: torch.device("cpu") })), py: "r = meta(torch.Tensor(2, device=torch.device('cpu')))" },
  { name: "torch.Tensor(device='cpu')", ts: () => torch.Tensor({ device: "cpu" }), py: "r = torch.Tensor(device='cpu')" },
  { name: "torch.Tensor(3, device='cuda')", ts: () => torch.Tensor(3, { device: "cuda" }), py: "r = torch.Tensor(3, device='cuda')" },
  { name: "torch.Tensor(2, 3, device='cuda:0')", ts: () => torch.Tensor(2, 3, { device: "cuda:0" }), py: "r = torch.Tensor(2, 3, device='cuda:0')" },
  { name: "torch.Tensor(2, 3.5)", ts: () => torch.Tensor(2, 3.5), py: "r = torch.Tensor(2, 3.5)" },
  { name: "torch.Tensor(2, [3])", ts: () => torch.Tensor(2, [3]), py: "r = torch.Tensor(2, [3])" },
  { name: "torch.Tensor(2.5)", ts: () => torch.Tensor(2.5), py: "r = torch.Tensor(2.5)" },
  { name: "torch.Tensor(None)", ts: () => torch.Tensor(null as never), py: "r = torch.Tensor(None)" },
  { name: "torch.Tensor('a')", ts: () => torch.Tensor("a" as never), py: "r = torch.Tensor('a')" },
  { name: "torch.Tensor([[1, 2], [3]])", ts: () => torch.Tensor([[1, 2], [3]]), py: "r = torch.Tensor([[1, 2], [3]])" },
  { name: "torch.Tensor([1j])", ts: () => torch.Tensor([new torch.Complex(0, 1)]), py: "r = torch.Tensor([1j])" },
  { name: "torch.Tensor(-1)", ts: () => torch.FloatTensor(-1), py: "r = torch.FloatTensor(-1)" },
  { name: "torch.FloatTensor(0)", ts: () => torch.FloatTensor(0), py: "r = torch.FloatTensor(0)" },
  { name: "torch.FloatTensor(True)", ts: () => torch.FloatTensor(true), py: "r = torch.FloatTensor(True)" },
  { name: "torch.LongTensor([1.5, 2])", ts: () => torch.LongTensor([1.5, 2]), py: "r = torch.LongTensor([1.5, 2])" },
  { name: "torch.IntTensor([1])", ts: () => torch.IntTensor([1]), py: "r = torch.IntTensor([1])" },
  { name: "torch.ShortTensor([1])", ts: () => torch.ShortTensor([1]), py: "r = torch.ShortTensor([1])" },
  { name: "torch.CharTensor([1])", ts: () => torch.CharTensor([1]), py: "r = torch.CharTensor([1])" },
  { name: "torch.ByteTensor([255])", ts: () => torch.ByteTensor([255]), py: "r = torch.ByteTensor([255])" },
  { name: "torch.ByteTensor([300])", ts: () => torch.ByteTensor([300]), py: "r = torch.ByteTensor([300])" },
  { name: "torch.HalfTensor([1])", ts: () => torch.HalfTensor([1]), py: "r = torch.HalfTensor([1])" },
  { name: "torch.BFloat16Tensor(2)", ts: () => meta(torch.BFloat16Tensor(2)), py: "r = meta(torch.BFloat16Tensor(2))" },
  { name: "torch.BoolTensor([1, 0])", ts: () => torch.BoolTensor([1, 0]), py: "r = torch.BoolTensor([1, 0])" },
  { name: "torch.DoubleTensor([[1, 2], [3, 4]])", ts: () => torch.DoubleTensor([[1, 2], [3, 4]]), py: "r = torch.DoubleTensor([[1, 2], [3, 4]])" },
  { name: "torch.FloatTensor(2, 3) dtype", ts: () => meta(new torch.FloatTensor(2, 3)), py: "r = meta(torch.FloatTensor(2, 3))" },
  { name: "torch.FloatTensor(long tensor)", ts: () => torch.FloatTensor(torch.zeros(2, { dtype: torch.long })), py: "r = torch.FloatTensor(torch.zeros(2, dtype=torch.long))" },
  { name: "torch.DoubleTensor(float tensor)", ts: () => torch.DoubleTensor(torch.tensor([1.5])), py: "r = torch.DoubleTensor(torch.tensor([1.5]))" },
  { name: "torch.FloatTensor(float tensor)", ts: () => torch.FloatTensor(torch.tensor([1.5])), py: "r = torch.FloatTensor(torch.tensor([1.5]))" },
  { name: "torch.FloatTensor(2, device='cuda')", ts: () => torch.FloatTensor(2, { device: "cuda" }), py: "r = torch.FloatTensor(2, device='cuda')" },
  { name: "torch.FloatTensor([[1, 2], [3]])", ts: () => torch.FloatTensor([[1, 2], [3]]), py: "r = torch.FloatTensor([[1, 2], [3]])" },
  { name: "torch.cuda.FloatTensor(2) without CUDA", ts: () => torch.cuda.FloatTensor(2), py: "r = torch.cuda.FloatTensor(2)" },
  {
    name: "isinstance checks",
    ts: () => [
      torch.zeros(2) instanceof torch.FloatTensor,
      torch.zeros(2, { dtype: torch.long }) instanceof torch.FloatTensor,
      torch.zeros(2, { dtype: torch.long }) instanceof torch.LongTensor,
      torch.zeros(2) instanceof torch.Tensor,
      torch.zeros(2, { device: "meta" }) instanceof torch.FloatTensor,
      torch.zeros(2) instanceof torch.cuda.FloatTensor,
      new torch.nn.Parameter(torch.zeros(2)) instanceof torch.FloatTensor,
    ],
    py: "r = [isinstance(torch.zeros(2), torch.FloatTensor), isinstance(torch.zeros(2, dtype=torch.long), torch.FloatTensor), isinstance(torch.zeros(2, dtype=torch.long), torch.LongTensor), isinstance(torch.zeros(2), torch.Tensor), isinstance(torch.zeros(2, device='meta'), torch.FloatTensor), isinstance(torch.zeros(2), torch.cuda.FloatTensor), isinstance(torch.nn.Parameter(torch.zeros(2)), torch.FloatTensor)]",
  },
  {
    name: "class attributes",
    ts: () => [String(torch.FloatTensor), String(torch.cuda.LongTensor), String(torch.FloatTensor.dtype), torch.FloatTensor.is_cuda, torch.cuda.FloatTensor.is_cuda],
    py: "r = [str(torch.FloatTensor), str(torch.cuda.LongTensor), str(torch.FloatTensor.dtype), torch.FloatTensor.is_cuda, torch.cuda.FloatTensor.is_cuda]",
  },
  { name: "torch.is_tensor", ts: () => [torch.is_tensor(3), torch.is_tensor(torch.ones(1)), torch.is_tensor(new torch.nn.Parameter(torch.ones(1))), torch.is_tensor([1])], py: "r = [torch.is_tensor(3), torch.is_tensor(torch.ones(1)), torch.is_tensor(torch.nn.Parameter(torch.ones(1))), torch.is_tensor([1])]" },
];

const infoCases: Case[] = [];
const FINFO_FIELDS = ["bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution", "dtype"];
for (const d of ["float16", "bfloat16", "float32", "float64", "complex32", "complex64", "complex128"]) {
  const dt = (torch as unknown as Record<string, InstanceType<typeof torch.dtype>>)[d];
  infoCases.push({
    name: `finfo(${d})`,
    ts: () => {
      const f = torch.finfo(dt) as unknown as Record<string, unknown>;
      return [...FINFO_FIELDS.map((k) => f[k]), String(f)];
    },
    py: `f = torch.finfo(torch.${d}); r = [getattr(f, k) for k in ${JSON.stringify(FINFO_FIELDS)}] + [str(f)]`,
  });
}
infoCases.push({ name: "finfo() is the default dtype's", ts: () => String(new torch.finfo()), py: "r = str(torch.finfo())" });
for (const d of ["uint8", "int8", "int16", "int32", "int64", "uint16", "uint32", "uint64"]) {
  const dt = (torch as unknown as Record<string, InstanceType<typeof torch.dtype>>)[d];
  infoCases.push({
    name: `iinfo(${d})`,
    // int64's max and uint64's are bigints in JS: compared as Python's exact ints, in strings
    ts: () => {
      const i = torch.iinfo(dt);
      return [i.bits, String(BigInt(i.min)), String(i.max), i.dtype, String(i)];
    },
    py: `i = torch.iinfo(torch.${d}); r = [i.bits, str(i.min), str(i.max), i.dtype, str(i)]`,
  });
}
infoCases.push(
  { name: "finfo(int32)", ts: () => torch.finfo(torch.int32), py: "r = torch.finfo(torch.int32)" },
  { name: "finfo(bool)", ts: () => torch.finfo(torch.bool), py: "r = torch.finfo(torch.bool)" },
  { name: "finfo('a')", ts: () => torch.finfo("a" as never), py: "r = torch.finfo('a')" },
  { name: "iinfo(float32)", ts: () => torch.iinfo(torch.float32), py: "r = torch.iinfo(torch.float32)" },
  { name: "iinfo(complex64)", ts: () => torch.iinfo(torch.complex64), py: "r = torch.iinfo(torch.complex64)" },
  { name: "iinfo(bool)", ts: () => torch.iinfo(torch.bool), py: "r = torch.iinfo(torch.bool)" },
  { name: "iinfo()", ts: () => (torch.iinfo as unknown as () => unknown)(), py: "r = torch.iinfo()" },
);

const acceleratorCases: Case[] = [
  { name: "current_accelerator()", ts: () => String(torch.accelerator.current_accelerator()), py: "r = str(torch.accelerator.current_accelerator())" },
  {
    name: "current_accelerator(check_available=True)",
    ts: () => [torch.accelerator.current_accelerator(true), torch.accelerator.current_accelerator({ check_available: true })].map((d) => (d === null ? "None" : String(d))),
    py: "r = [str(torch.accelerator.current_accelerator(True)), str(torch.accelerator.current_accelerator(check_available=True))]",
  },
  { name: "is_available()", ts: () => torch.accelerator.is_available(), py: "r = torch.accelerator.is_available()" },
  { name: "device_count()", ts: () => torch.accelerator.device_count(), py: "r = torch.accelerator.device_count()" },
  { name: "current_device_index()", ts: () => torch.accelerator.current_device_index(), py: "r = torch.accelerator.current_device_index()" },
  { name: "set_device_index(-1)", ts: () => torch.accelerator.set_device_index(-1) ?? null, py: "r = torch.accelerator.set_device_index(-1)" },
  { name: "set_device_index(0)", ts: () => torch.accelerator.set_device_index(0), py: "r = torch.accelerator.set_device_index(0)" },
  { name: "set_device_index(None)", ts: () => torch.accelerator.set_device_index(null), py: "r = torch.accelerator.set_device_index(None)" },
  { name: "set_device_index('cpu')", ts: () => torch.accelerator.set_device_index("cpu"), py: "r = torch.accelerator.set_device_index('cpu')" },
  { name: "set_device_index('cuda')", ts: () => torch.accelerator.set_device_index("cuda"), py: "r = torch.accelerator.set_device_index('cuda')" },
  { name: "synchronize(0) before initialization", ts: () => torch.accelerator.synchronize(0) ?? null, py: "r = torch.accelerator.synchronize(0)" },
  { name: "synchronize()", ts: () => torch.accelerator.synchronize(), py: "r = torch.accelerator.synchronize()" },
  { name: "synchronize('cuda')", ts: () => torch.accelerator.synchronize("cuda"), py: "r = torch.accelerator.synchronize('cuda')" },
];

function against(title: string, cases: Case[], prelude = ""): void {
  describe(title, () => {
    const expected = pythonResults(cases, `${META_PY}\n${NEW_PY}\n${prelude}`);
    cases.forEach((c, i) => it(c.name, () => expectSame(c, expected[i])));
  });
}

against("torch.Size", sizeCases);
against("x.data", dataCases);
against("x.new_tensor and x.new_*()", newCases);
against("x.type()", typeCases);
against("torch.Tensor(...) and the legacy constructors", legacyCases);
against("torch.finfo and torch.iinfo", infoCases);
against("torch.accelerator", acceleratorCases);

describe("torch.Size in JS", () => {
  it("is a number[] that prints as Python's", () => {
    const x = torch.zeros(3, 784);
    const shape = x.shape;
    expect(Array.isArray(shape)).toBe(true);
    expect(shape instanceof torch.Size).toBe(true);
    const [B, T] = shape;
    expect([B, T]).toEqual([3, 784]);
    expect(shape.map((s) => s * 2)).toEqual([6, 1568]);
    // slice makes a Size, as Python's shape[1:]
    expect(shape.slice(1) instanceof torch.Size).toBe(true);
    expect(String(shape.slice(-1))).toBe("torch.Size([784])");
    expect(inspect(shape)).toBe("torch.Size([3, 784])");
    expect(inspect({ shape })).toBe("{ shape: torch.Size([3, 784]) }");
    expect(JSON.stringify(shape)).toBe("[3,784]");
    expect(shape).toEqual([3, 784]);
    // a fresh Size each time: mutating one changes nothing else
    shape.push(1);
    expect(x.shape.length).toBe(2);
    expect(new torch.Size([2, 3]) instanceof torch.Size).toBe(true);
    // a Size goes wherever sizes do
    expect(torch.zeros(x.shape).shape).toEqual([3, 784]);
    expect(torch.ones(2, 6).view(torch.Size([3, 4])).shape).toEqual([3, 4]);
  });
});

describe("torch.Tensor in JS", () => {
  it("stays the class for instanceof and extends", () => {
    class Tagged extends torch.Tensor {
      constructor(...sizes: number[]) {
        super(...sizes);
      }
      tag(): string {
        return "tagged";
      }
    }
    const t = new Tagged(2, 3);
    expect(t).toBeInstanceOf(Tagged);
    expect(t).toBeInstanceOf(torch.Tensor);
    expect(t.tag()).toBe("tagged");
    expect([...t.shape]).toEqual([2, 3]);
    expect(t.add(1).shape).toEqual([2, 3]);
    expect(new torch.nn.Parameter(torch.ones(1))).toBeInstanceOf(torch.Tensor);
    expect(torch.Tensor.name).toBe("Tensor");
    expect(torch.zeros(1) instanceof torch.Tensor).toBe(true);
  });

  it("x.data of a Parameter is a plain Tensor", () => {
    const p = new torch.nn.Parameter(torch.ones(2));
    expect(p.data).toBeInstanceOf(torch.Tensor);
    expect(p.data).not.toBeInstanceOf(torch.nn.Parameter);
    expect(p.data.requires_grad).toBe(false);
  });
});
