// Tensor's hand-bound attributes and small methods (lib/_tensor_attrs.ts) against Python.
import { describe, it } from "vitest";
import torch from "torchts";
import { Case, expectSame, pythonResults } from "./helpers/compare";

type Any = Record<string, (...args: unknown[]) => unknown> & Record<string, unknown>;
const x = () => torch.arange(6, { dtype: torch.float32 }).reshape(2, 3) as unknown as Any;
const c = () => torch.view_as_complex(torch.arange(8, { dtype: torch.float32 }).reshape(4, 2)) as unknown as Any;
const PY = "x = torch.arange(6, dtype=torch.float32).reshape(2, 3)\nc = torch.view_as_complex(torch.arange(8, dtype=torch.float32).reshape(4, 2))\n";

const cases: Case[] = [
  { name: "device flags", ts: () => ["is_cpu", "is_meta", "is_mps", "is_xpu", "is_nested", "is_sparse", "is_sparse_csr", "is_quantized"].map((k) => x()[k]), py: PY + "r = [x.is_cpu, x.is_meta, x.is_mps, x.is_xpu, x.is_nested, x.is_sparse, x.is_sparse_csr, x.is_quantized]" },
  { name: "a meta tensor", ts: () => [torch.empty(2, { device: "meta" }).is_meta, torch.empty(2, { device: "meta" }).is_cpu], py: "r = [torch.empty(2, device='meta').is_meta, torch.empty(2, device='meta').is_cpu]" },
  { name: "layout", ts: () => String(x().layout), py: PY + "r = str(x.layout)" },
  { name: "itemsize and nbytes", ts: () => [x().itemsize, x().nbytes, torch.ones(3, { dtype: torch.float64 }).nbytes], py: PY + "r = [x.itemsize, x.nbytes, torch.ones(3, dtype=torch.float64).nbytes]" },
  { name: "ndimension", ts: () => x().ndimension(), py: PY + "r = x.ndimension()" },
  { name: "storage_offset of a slice", ts: () => (torch.arange(10).narrow(0, 3, 4) as unknown as Any).storage_offset(), py: "r = torch.arange(10).narrow(0, 3, 4).storage_offset()" },
  { name: "is_contiguous", ts: () => [x().is_contiguous(), (x().t() as unknown as Any).is_contiguous(), (torch.ones(1, 2, 3, 4) as unknown as Any).is_contiguous({ memory_format: torch.channels_last })], py: PY + "r = [x.is_contiguous(), x.t().is_contiguous(), torch.ones(1, 2, 3, 4).is_contiguous(memory_format=torch.channels_last)]" },
  { name: "channels_last contiguity", ts: () => (torch.ones(1, 2, 3, 4).contiguous({ memory_format: torch.channels_last }) as unknown as Any).is_contiguous(torch.channels_last), py: "r = torch.ones(1, 2, 3, 4).contiguous(memory_format=torch.channels_last).is_contiguous(memory_format=torch.channels_last)" },
  { name: "output_nr", ts: () => { const a = torch.ones(4, { requires_grad: true }); return (a.max(0)[1] as unknown as Any).output_nr; }, py: "a = torch.ones(4, requires_grad=True); r = a.max(0)[1].output_nr" },
  { name: "get_device on the CPU", ts: () => x().get_device(), py: PY + "r = x.get_device()" },
  { name: "dim_order", ts: () => [x().dim_order(), (x().t() as unknown as Any).dim_order(), (torch.ones(1, 2, 3, 4).contiguous({ memory_format: torch.channels_last }) as unknown as Any).dim_order()], py: PY + "r = [list(x.dim_order()), list(x.t().dim_order()), list(torch.ones(1, 2, 3, 4).contiguous(memory_format=torch.channels_last).dim_order())]" },
  { name: "real and imag of complex", ts: () => [c().real, c().imag], py: PY + "r = [c.real, c.imag]" },
  { name: "real of a real tensor", ts: () => x().real, py: PY + "r = x.real" },
  { name: "imag of a real tensor", ts: () => x().imag, py: PY + "r = x.imag" },
  { name: "unflatten", ts: () => (torch.arange(12) as unknown as Any).unflatten(0, [3, 4]), py: "r = torch.arange(12).unflatten(0, [3, 4])" },
  { name: "set_", ts: () => { const a = torch.zeros(2) as unknown as Any; a.set_(torch.arange(6, { dtype: torch.float32 }).reshape(2, 3)); return a; }, py: "a = torch.zeros(2); a.set_(torch.arange(6.0).reshape(2, 3)); r = a" },
  { name: "reinforce", ts: () => x().reinforce(1), py: PY + "x.reinforce(1)" },
  { name: "apply_", ts: () => x().apply_((v: number) => v * v + 1), py: PY + "r = x.apply_(lambda v: v * v + 1)" },
  { name: "map_", ts: () => x().map_(torch.tensor([10, 20, 30], { dtype: torch.float32 }), (a: number, b: number) => a + b), py: PY + "r = x.map_(torch.tensor([10., 20., 30.]), lambda a, b: a + b)" },
  { name: "map2_", ts: () => x().map2_(torch.ones(2, 3), torch.full([3], 2.0), (a: number, b: number, d: number) => a * d - b), py: PY + "r = x.map2_(torch.ones(2, 3), torch.full([3], 2.0), lambda a, b, d: a * d - b)" },
];

describe("Tensor's hand-bound attributes against Python torch 2.11", () => {
  const expected = pythonResults(cases);
  it.each(cases.map((c, i) => [c.name, i] as const))("%s", (_name, i) => expectSame(cases[i], expected[i]));
});
