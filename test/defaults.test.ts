// torch.set_default_dtype / get_default_dtype and torch.set_default_device /
// get_default_device against Python torch 2.11. The cases change process-wide state, in order,
// on both sides (one Python process runs them in the same order). Meta tensors stand in for
// another device: this machine has no GPU, and Python's CUDA errors are compared where asked.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { Case, expectSame, pythonResults } from "./helpers/compare";
import { pythonJson } from "./helpers/python";

type Tensor = InstanceType<typeof torch.Tensor>;
const C = (re: number, im: number) => new torch.Complex(re, im);
const dev = (t: Tensor) => String(t.device);
const none = (v: unknown) => (v === undefined ? null : v);

const dtypeCases: Case[] = [
  { name: "get_default_dtype() starts as float32", ts: () => String(torch.get_default_dtype()), py: "r = str(torch.get_default_dtype())" },
  { name: "set_default_dtype(float64)", ts: () => none(torch.set_default_dtype(torch.float64)), py: "r = torch.set_default_dtype(torch.float64)" },
  { name: "get_default_dtype() is float64", ts: () => String(torch.get_default_dtype()), py: "r = str(torch.get_default_dtype())" },
  { name: "torch.tensor of floats", ts: () => torch.tensor([1.5, 2]), py: "r = torch.tensor([1.5, 2])" },
  { name: "torch.tensor of ints stays int64", ts: () => torch.tensor([1, 2]), py: "r = torch.tensor([1, 2])" },
  { name: "torch.tensor of complex is complex128", ts: () => String(torch.tensor([C(1, 1), C(0.1, -2)])), py: "r = str(torch.tensor([1+1j, complex(0.1, -2)]))" },
  { name: "complex128 prints without its dtype, complex64 with", ts: () => String(torch.tensor([C(1, 1)], { dtype: torch.complex64 })), py: "r = str(torch.tensor([1+1j], dtype=torch.complex64))" },
  { name: "float32 now prints its dtype", ts: () => torch.tensor([1.5], { dtype: torch.float32 }), py: "r = torch.tensor([1.5], dtype=torch.float32)" },
  { name: "an empty tensor", ts: () => String(torch.tensor([])), py: "r = str(torch.tensor([]))" },
  { name: "an empty float32 tensor", ts: () => String(torch.tensor([], { dtype: torch.float32 })), py: "r = str(torch.tensor([], dtype=torch.float32))" },
  { name: "torch.zeros", ts: () => torch.zeros(2), py: "r = torch.zeros(2)" },
  { name: "torch.full of a float", ts: () => torch.full([2], 1.5), py: "r = torch.full((2,), 1.5)" },
  { name: "torch.arange of floats", ts: () => torch.arange(0, 1, 0.5), py: "r = torch.arange(0, 1, 0.5)" },
  { name: "int tensor + float scalar", ts: () => torch.tensor([1, 2]).add(0.5), py: "r = torch.tensor([1, 2]).add(0.5)" },
  { name: "torch.Tensor(2) follows it", ts: () => torch.Tensor(2).dtype.name, py: "r = str(torch.Tensor(2).dtype)[6:]" },
  { name: "torch.Tensor([1, 2])", ts: () => torch.Tensor([1, 2]), py: "r = torch.Tensor([1, 2])" },
  { name: "x.type()", ts: () => torch.tensor([1.5]).type(), py: "r = torch.tensor([1.5]).type()" },
  { name: "x.type(torch.Tensor)", ts: () => torch.tensor([1]).type(torch.Tensor), py: "r = torch.tensor([1]).type(torch.Tensor)" },
  { name: "torch.finfo()", ts: () => String(torch.finfo()), py: "r = str(torch.finfo())" },
  { name: "set_default_dtype(float16)", ts: () => none(torch.set_default_dtype(torch.float16)), py: "r = torch.set_default_dtype(torch.float16)" },
  { name: "float16: torch.tensor of floats", ts: () => torch.tensor([1.5]), py: "r = torch.tensor([1.5])" },
  { name: "float16: complex data is complex32", ts: () => torch.tensor([C(1, 2)]).dtype.name, py: "import warnings\nwarnings.simplefilter('ignore')\nr = str(torch.tensor([1+2j]).dtype)[6:]" },
  { name: "set_default_dtype(bfloat16)", ts: () => none(torch.set_default_dtype(torch.bfloat16)), py: "r = torch.set_default_dtype(torch.bfloat16)" },
  { name: "bfloat16: torch.zeros", ts: () => torch.zeros(2), py: "r = torch.zeros(2)" },
  { name: "bfloat16: no complex dtype goes with it", ts: () => torch.tensor([C(1, 2)]), py: "r = torch.tensor([1+2j])" },
  { name: "set_default_dtype(int32)", ts: () => torch.set_default_dtype(torch.int32), py: "r = torch.set_default_dtype(torch.int32)" },
  { name: "set_default_dtype(complex64)", ts: () => torch.set_default_dtype(torch.complex64), py: "r = torch.set_default_dtype(torch.complex64)" },
  { name: "set_default_dtype('a')", ts: () => torch.set_default_dtype("a" as never), py: "r = torch.set_default_dtype('a')" },
  { name: "set_default_dtype(None)", ts: () => torch.set_default_dtype(null as never), py: "r = torch.set_default_dtype(None)" },
  { name: "a refused dtype changes nothing", ts: () => String(torch.get_default_dtype()), py: "r = str(torch.get_default_dtype())" },
  { name: "set_default_dtype(float32) again", ts: () => none(torch.set_default_dtype(torch.float32)), py: "r = torch.set_default_dtype(torch.float32)" },
  { name: "float32: torch.tensor of floats", ts: () => torch.tensor([1.5]), py: "r = torch.tensor([1.5])" },
  { name: "float32: torch.zeros", ts: () => torch.zeros(2), py: "r = torch.zeros(2)" },
];

const deviceCases: Case[] = [
  { name: "get_default_device() starts as cpu", ts: () => String(torch.get_default_device()), py: "r = str(torch.get_default_device())" },
  { name: "set_default_device('meta')", ts: () => none(torch.set_default_device("meta")), py: "r = torch.set_default_device('meta')" },
  { name: "get_default_device() is meta", ts: () => String(torch.get_default_device()), py: "r = str(torch.get_default_device())" },
  { name: "torch.tensor goes there", ts: () => dev(torch.tensor([1])), py: "r = str(torch.tensor([1]).device)" },
  { name: "torch.tensor with device='cpu' does not", ts: () => dev(torch.tensor([1], { device: "cpu" })), py: "r = str(torch.tensor([1], device='cpu').device)" },
  { name: "torch.tensor with device=None does", ts: () => dev(torch.tensor([1], { device: null })), py: "r = str(torch.tensor([1], device=None).device)" },
  { name: "torch.tensor of a complex", ts: () => dev(torch.tensor([C(1, 1)])), py: "r = str(torch.tensor([1+1j]).device)" },
  { name: "torch.tensor(cpu tensor) copies it there", ts: () => dev(torch.tensor(torch.ones(2, { device: "cpu" }) as never)), py: "r = str(torch.tensor(torch.ones(2, device='cpu')).device)" },
  { name: "torch.as_tensor(cpu tensor) moves it there", ts: () => dev(torch.as_tensor(torch.ones(2, { device: "cpu" }))), py: "r = str(torch.as_tensor(torch.ones(2, device='cpu')).device)" },
  { name: "torch.as_tensor of data", ts: () => dev(torch.as_tensor([1, 2])), py: "r = str(torch.as_tensor([1, 2]).device)" },
  { name: "torch.frombuffer stays on the CPU", ts: () => dev(torch.frombuffer(new Uint8Array(4), { dtype: torch.float32 })), py: "r = str(torch.frombuffer(bytearray(4), dtype=torch.float32).device)" },
  { name: "zeros_like keeps its input's device", ts: () => dev(torch.zeros_like(torch.ones(2, { device: "cpu" }))), py: "r = str(torch.zeros_like(torch.ones(2, device='cpu')).device)" },
  { name: "x.new_zeros keeps x's device", ts: () => dev(torch.ones(2, { device: "cpu" }).new_zeros(2)), py: "r = str(torch.ones(2, device='cpu').new_zeros(2).device)" },
  { name: "x.new_tensor keeps x's device", ts: () => dev(torch.ones(2, { device: "cpu" }).new_tensor([1])), py: "r = str(torch.ones(2, device='cpu').new_tensor([1]).device)" },
  { name: "torch.Tensor(2) stays on the CPU", ts: () => dev(torch.Tensor(2)), py: "r = str(torch.Tensor(2).device)" },
  { name: "torch.FloatTensor([1]) stays on the CPU", ts: () => dev(torch.FloatTensor([1])), py: "r = str(torch.FloatTensor([1]).device)" },
  { name: "a meta tensor prints as Python's", ts: () => String(torch.tensor([1, 2])), py: "r = str(torch.tensor([1, 2]))" },
  { name: "a meta float tensor prints as Python's", ts: () => String(torch.tensor([[1.5], [2]], { requires_grad: true })), py: "r = str(torch.tensor([[1.5], [2]], requires_grad=True))" },
  { name: "a 0-d meta tensor", ts: () => String(torch.tensor(C(1, 2))), py: "r = str(torch.tensor(1+2j))" },
  { name: "set_default_device('cuda:1')", ts: () => none(torch.set_default_device("cuda:1")), py: "r = torch.set_default_device('cuda:1')" },
  { name: "get_default_device() is cuda:1", ts: () => String(torch.get_default_device()), py: "r = str(torch.get_default_device())" },
  { name: "set_default_device(3)", ts: () => none(torch.set_default_device(3)), py: "r = torch.set_default_device(3)" },
  { name: "get_default_device() is cuda:3", ts: () => String(torch.get_default_device()), py: "r = str(torch.get_default_device())" },
  { name: "set_default_device(torch.device('cpu'))", ts: () => none(torch.set_default_device(torch.device("cpu"))), py: "r = torch.set_default_device(torch.device('cpu'))" },
  { name: "get_default_device() is cpu", ts: () => String(torch.get_default_device()), py: "r = str(torch.get_default_device())" },
  { name: "set_default_device('foo')", ts: () => torch.set_default_device("foo"), py: "r = torch.set_default_device('foo')" },
  { name: "set_default_device('cuda')", ts: () => none(torch.set_default_device("cuda")), py: "r = torch.set_default_device('cuda')" },
  { name: "get_default_device() of 'cuda' without CUDA", ts: () => torch.get_default_device(), py: "r = torch.get_default_device()" },
  { name: "set_default_device(None)", ts: () => none(torch.set_default_device(null)), py: "r = torch.set_default_device(None)" },
  { name: "get_default_device() is cpu again", ts: () => String(torch.get_default_device()), py: "r = str(torch.get_default_device())" },
  { name: "torch.tensor is on the CPU again", ts: () => torch.tensor([1.5]), py: "r = torch.tensor([1.5])" },
];

describe("torch.set_default_dtype", () => {
  const expected = pythonResults(dtypeCases);
  dtypeCases.forEach((c, i) => it(c.name, () => expectSame(c, expected[i])));
});

describe("torch.set_default_device", () => {
  const expected = pythonResults(deviceCases);
  deviceCases.forEach((c, i) => it(c.name, () => expectSame(c, expected[i])));

  // Every factory of Python's list (torch.utils._device._device_constructors) takes the default
  // device when given none; the others (zeros_like, new_zeros) follow their input. (randperm and
  // tril_indices are left out: their meta kernels are Python code, torch/_meta_registrations.py.)
  it("the factories take the default device, as in Python", () => {
    const made = () => [
      torch.zeros(2), torch.ones([2]), torch.empty(2), torch.full([2], 1), torch.eye(2), torch.arange(3), torch.linspace(0, 1, 3),
      torch.rand(2), torch.randn(2), torch.randint(0, 3, [2]), torch.ones(2, { device: "cpu" }),
      torch.zeros_like(torch.ones(2, { device: "cpu" })), torch.fft.fftfreq(4), torch.hann_window(4), torch.scalar_tensor(1),
    ].map((t) => String(t.device));
    const python = pythonJson<string[]>(`
torch.set_default_device("meta")
r = [torch.zeros(2), torch.ones([2]), torch.empty(2), torch.full([2], 1), torch.eye(2), torch.arange(3), torch.linspace(0, 1, 3),
     torch.rand(2), torch.randn(2), torch.randint(0, 3, [2]), torch.ones(2, device="cpu"),
     torch.zeros_like(torch.ones(2, device="cpu")), torch.fft.fftfreq(4), torch.hann_window(4), torch.scalar_tensor(1)]
print(json.dumps([str(t.device) for t in r]))`);
    torch.set_default_device("meta");
    try {
      expect(made()).toEqual(python);
    } finally {
      torch.set_default_device(null);
    }
    expect(String(torch.zeros(2).device)).toBe("cpu");
  });
});

