// torch/__init__.py's small functions (lib/_torch_init.ts, lib/_sym.ts) and torch.compile /
// torch.cond / torch.while_loop run eagerly (lib/_compile.ts), against Python.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { Case, expectSame, pythonResults, warningsOf } from "./helpers/compare";

const x = () => torch.tensor([1, 2], { dtype: torch.float32 });
const PY = "x = torch.tensor([1., 2.])\n";

const cases: Case[] = [
  { name: "typename", ts: () => [torch.typename(x()), torch.typename(1), torch.typename(1.5), torch.typename("a"), torch.typename(null), torch.typename(torch.ones(2, { dtype: torch.long }))], py: PY + "r = [torch.typename(x), torch.typename(1), torch.typename(1.5), torch.typename('a'), torch.typename(None), torch.typename(torch.ones(2, dtype=torch.long))]" },
  { name: "is_storage, is_tensor", ts: () => [torch.is_storage(x()), torch.is_tensor(x()), torch.is_tensor(1)], py: PY + "r = [torch.is_storage(x), torch.is_tensor(x), torch.is_tensor(1)]" },
  { name: "numel and get_device", ts: () => [torch.numel(torch.ones(2, 3)), torch.get_device(x())], py: PY + "r = [torch.numel(torch.ones(2, 3)), torch.get_device(x)]" },
  { name: "compiled_with_cxx11_abi", ts: () => torch.compiled_with_cxx11_abi(), py: "r = torch.compiled_with_cxx11_abi()" },
  { name: "asarray of a tensor is the tensor", ts: () => { const t = x(); return [torch.asarray(t) === t, torch.asarray(t, { copy: true }) === t, String(torch.asarray(t, { dtype: torch.float64 }).dtype)]; }, py: PY + "r = [torch.asarray(x) is x, torch.asarray(x, copy=True) is x, str(torch.asarray(x, dtype=torch.float64).dtype)]" },
  { name: "asarray that cannot alias", ts: () => torch.asarray(x(), { dtype: torch.float64, copy: false }), py: PY + "torch.asarray(x, dtype=torch.float64, copy=False)" },
  { name: "asarray of lists", ts: () => [torch.asarray([1, 2]), torch.asarray([1.5, 2])], py: "r = [torch.asarray([1, 2]), torch.asarray([1.5, 2])]" },
  { name: "asarray requires_grad", ts: () => { const t = x(); const a = torch.asarray(t, { requires_grad: true }); return [a === t, a.requires_grad]; }, py: PY + "a = torch.asarray(x, requires_grad=True); r = [a is x, a.requires_grad]" },
  { name: "set_default_tensor_type", ts: () => { torch.set_default_tensor_type("torch.DoubleTensor"); const d = String(torch.get_default_dtype()); torch.set_default_tensor_type(torch.FloatTensor); return [d, String(torch.get_default_dtype())]; }, py: "import warnings\nwarnings.simplefilter('ignore')\ntorch.set_default_tensor_type('torch.DoubleTensor'); d = str(torch.get_default_dtype()); torch.set_default_tensor_type(torch.FloatTensor); r = [d, str(torch.get_default_dtype())]" },
  { name: "set_default_tensor_type of an unknown type", ts: () => torch.set_default_tensor_type("torch.Foo"), py: "import warnings\nwarnings.simplefilter('ignore')\ntorch.set_default_tensor_type('torch.Foo')" },
  { name: "sym math", ts: () => [torch.sym_sqrt(4), torch.sym_sqrt(2), torch.sym_max(1, 2), torch.sym_min(1, 2.5), torch.sym_int(-2.7), torch.sym_float(3), torch.sym_not(0), torch.sym_sum([1, 2, 3]), torch.sym_ite(true, 1, 2), torch.sym_fresh_size(5)], py: "r = [torch.sym_sqrt(4), torch.sym_sqrt(2), torch.sym_max(1, 2), torch.sym_min(1, 2.5), torch.sym_int(-2.7), torch.sym_float(3), torch.sym_not(0), torch.sym_sum([1, 2, 3]), torch.sym_ite(True, 1, 2), torch.sym_fresh_size(5)]" },
  { name: "sym_ite of a non-bool", ts: () => torch.sym_ite(1 as never, 1, 2), py: "torch.sym_ite(1, 1, 2)" },
  { name: "cond on a tensor", ts: () => torch.cond(x().sum().gt(0), (a) => a.sin(), (a) => a.cos(), [x()]), py: PY + "r = torch.cond(x.sum() > 0, lambda a: a.sin(), lambda a: a.cos(), (x,))" },
  { name: "cond on a bool", ts: () => torch.cond(false, (a) => a.sin(), (a) => a.cos(), [x()]), py: PY + "r = torch.cond(False, lambda a: a.sin(), lambda a: a.cos(), (x,))" },
  { name: "cond on a two-element tensor", ts: () => torch.cond(torch.tensor([true, false]), (a) => a, (a) => a, [x()]), py: PY + "torch.cond(torch.tensor([True, False]), lambda a: a, lambda a: a, (x,))" },
  { name: "while_loop", ts: () => torch.while_loop((i) => i.lt(3), (i, a) => [i.add(1), a.mul(2)], [torch.tensor(0), x()]), py: PY + "r = list(torch.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * 2), (torch.tensor(0), x)))" },
];

describe("torch/__init__.py's functions against Python torch 2.11", () => {
  const expected = pythonResults(cases);
  it.each(cases.map((c, i) => [c.name, i] as const))("%s", (_name, i) => expectSame(cases[i], expected[i]));

  it("torch.compile returns the model itself and warns once that it runs eagerly", async () => {
    const model = new torch.nn.Linear(2, 2);
    let compiled: unknown;
    const warnings = await warningsOf(() => (compiled = torch.compile(model)));
    expect(compiled).toBe(model);
    expect(warnings).toEqual(["UserWarning: torch.compile is not available in torchts: the model runs eagerly."]);
    expect(await warningsOf(() => torch.compile(model))).toEqual([]);
  });
});
