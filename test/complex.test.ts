// Complex numbers end to end, against Python torch 2.11: torch.Complex (Python's complex, its
// repr), torch.tensor of complex data (dtype inference, conversions and their errors), str() of
// complex tensors of several shapes and values, item(), tolist(), to_typed_array(), complex
// scalars through the native scalar reader, and torch.save / torch.load both ways.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import torch from "torchts";
import { Case, expectSame, pythonResults } from "./helpers/compare";
import { pythonJson } from "./helpers/python";

const C = (re: number, im: number) => new torch.Complex(re, im);
type Tensor = InstanceType<typeof torch.Tensor>;
type Data = number | boolean | InstanceType<typeof torch.Complex> | Data[];

/** A JS number as a Python literal (nan, inf and -0.0 included). */
function pyNum(x: number): string {
  if (Number.isNaN(x)) return "float('nan')";
  if (x === Infinity) return "float('inf')";
  if (x === -Infinity) return "float('-inf')";
  if (Object.is(x, -0)) return "-0.0";
  return String(x);
}

/** Nested data as a Python literal: a Complex as complex(re, im). */
function pyData(d: Data): string {
  if (Array.isArray(d)) return `[${d.map(pyData).join(", ")}]`;
  if (d instanceof torch.Complex) return `complex(${pyNum(d.real)}, ${pyNum(d.imag)})`;
  if (typeof d === "boolean") return d ? "True" : "False";
  return pyNum(d);
}

// Deterministic values (a 32-bit LCG), rounded to 4 decimals so both sides read the same doubles.
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.round((state / 2 ** 32 - 0.5) * 80000) / 10000;
  };
}

function complexGrid(shape: number[], seed: number): Data {
  const next = lcg(seed);
  const build = (d: number): Data => (d === shape.length ? C(next(), next()) : Array.from({ length: shape[d] }, () => build(d + 1)));
  return build(0);
}

const scalarReprCases: Case[] = (
  [
    [1, 2],
    [0, 1],
    [-0, 1],
    [0, 0],
    [0, -0],
    [1.5, -0],
    [-1.5, -2.25],
    [1e16, 1e-5],
    [1e-5, 0],
    [123456789.125, -0.1],
    [NaN, Infinity],
    [Infinity, -Infinity],
    [1, NaN],
  ] as [number, number][]
).map(([re, im]) => ({
  name: `str(complex(${pyNum(re)}, ${pyNum(im)}))`,
  ts: () => String(C(re, im)),
  py: `r = str(complex(${pyNum(re)}, ${pyNum(im)}))`,
}));

interface TensorCase {
  name: string;
  data: Data;
  /** torch.tensor's options, the same on both sides (a dtype by name). */
  dtype?: string;
  requires_grad?: boolean;
}

const tensorCases: TensorCase[] = [
  { name: "0-d", data: C(1, 2) },
  { name: "0-d with a negative imaginary part", data: C(1.5, -0.25) },
  { name: "1-d", data: [C(1, 2), C(-1.5, -0.5)] },
  { name: "int mode", data: [C(1, 1), C(2, -3)] },
  { name: "signed zeros", data: [C(1, -0), C(0, 0), C(-0, -0)] },
  { name: "inf and nan", data: [C(Infinity, 1), C(NaN, -Infinity), C(1, NaN)] },
  { name: "sci mode", data: [C(1e10, 1e-5), C(1, 1)] },
  { name: "imaginary in sci mode only", data: [C(1.5, 1e-7), C(-2, 3e5)] },
  { name: "2-d", data: complexGrid([3, 4], 1) },
  { name: "3-d", data: complexGrid([2, 2, 3], 2) },
  { name: "a long row wraps", data: complexGrid([30], 3) },
  { name: "summarized (over 1000 elements)", data: complexGrid([40, 30], 4) },
  { name: "summarized 1-d", data: complexGrid([1200], 5) },
  { name: "complex128", data: complexGrid([2, 3], 6), dtype: "complex128" },
  { name: "mixed with ints and bools", data: [1, C(0, 1), true] },
  { name: "real data as complex64", data: [1.5, 2], dtype: "complex64" },
  { name: "complex into bool", data: [C(0, 1), C(0, 0)], dtype: "bool" },
  { name: "complex into float32", data: [C(0, 1)], dtype: "float32" },
  { name: "complex into int32", data: [C(0, 1)], dtype: "int32" },
  { name: "complex into uint8", data: [C(0, 1)], dtype: "uint8" },
  { name: "requires_grad", data: [C(1, 2)], requires_grad: true },
  { name: "complex32", data: [C(1, 2), C(-0.5, 0.25)], dtype: "complex32" },
];

function makeTs(c: TensorCase): Tensor {
  const options: Record<string, unknown> = {};
  if (c.dtype) options.dtype = (torch as unknown as Record<string, unknown>)[c.dtype];
  if (c.requires_grad) options.requires_grad = true;
  return torch.tensor(c.data as never, options);
}

function makePy(c: TensorCase): string {
  const options = [c.dtype ? `dtype=torch.${c.dtype}` : "", c.requires_grad ? "requires_grad=True" : ""].filter(Boolean);
  return `torch.tensor(${pyData(c.data)}${options.map((o) => `, ${o}`).join("")})`;
}

const printCases: Case[] = tensorCases.map((c) => ({
  name: c.name,
  ts: () => {
    const t = makeTs(c);
    return [t.dtype.name, [...t.shape], String(t)];
  },
  py: `import warnings\nwarnings.simplefilter('ignore')\nt = ${makePy(c)}\nr = [str(t.dtype)[6:], list(t.shape), str(t)]`,
}));

const PARTS_PY = "def parts(v):\n    return [parts(x) for x in v] if isinstance(v, list) else [v.real, v.imag]";
const parts = (v: unknown): unknown => (Array.isArray(v) ? v.map(parts) : [(v as { real: number }).real, (v as { imag: number }).imag]);

const valueCases: Case[] = [
  {
    name: "item() of complex64",
    ts: () => {
      const z = torch.tensor(C(1.25, -2)).item() as unknown as InstanceType<typeof torch.Complex>;
      return [z instanceof torch.Complex, z.real, z.imag, String(z)];
    },
    py: "z = torch.tensor(complex(1.25, -2)).item(); r = [isinstance(z, complex), z.real, z.imag, str(z)]",
  },
  {
    name: "item() of complex128",
    ts: () => String(torch.tensor([C(0.1, 0.2)], { dtype: torch.complex128 }).item()),
    py: "r = str(torch.tensor([complex(0.1, 0.2)], dtype=torch.complex128).item())",
  },
  {
    name: "item() of complex64 widens float32 parts",
    ts: () => String(torch.tensor([C(0.1, 0.2)]).item()),
    py: "r = str(torch.tensor([complex(0.1, 0.2)]).item())",
  },
  {
    name: "tolist() of a 2-d complex tensor",
    ts: () => parts(torch.tensor(complexGrid([2, 3], 7) as never).tolist()),
    py: `t = torch.tensor(${pyData(complexGrid([2, 3], 7))}); r = parts(t.tolist())`,
  },
  {
    name: "tolist() of a 0-d complex tensor",
    ts: () => String(torch.tensor(C(3, 4)).tolist()),
    py: "r = str(torch.tensor(complex(3, 4)).tolist())",
  },
  {
    name: "to_typed_array() of complex64: (real, imag) pairs",
    ts: () => Array.from(torch.tensor([[C(1, 2), C(3, -4)]]).to_typed_array() as Float32Array),
    py: "r = torch.view_as_real(torch.tensor([[complex(1, 2), complex(3, -4)]])).flatten().tolist()",
  },
  {
    name: "complex arithmetic between tensors",
    ts: () => String(torch.tensor([C(1, 2), C(0, -1)]).mul(torch.tensor([C(3, 1), C(2, 2)])).add(1)),
    py: "r = str(torch.tensor([1+2j, -1j]) * torch.tensor([3+1j, 2+2j]) + 1)",
  },
  {
    name: "abs() of complex is real",
    ts: () => torch.tensor([C(3, 4), C(-5, 12)]).abs(),
    py: "r = torch.tensor([3+4j, -5+12j]).abs()",
  },
  {
    name: "a complex scalar through the native reader (new_full)",
    ts: () => String(torch.zeros(2, { dtype: torch.complex128 }).new_full([2, 2], C(0.5, -1.5))),
    py: "r = str(torch.zeros(2, dtype=torch.complex128).new_full((2, 2), complex(0.5, -1.5)))",
  },
  {
    name: "a complex scalar into a real tensor's new_full",
    ts: () => torch.zeros(2).new_full([2], C(0, 1)),
    py: "r = torch.zeros(2).new_full((2,), 1j)",
  },
  {
    name: "a complex tensor's type()",
    ts: () => [torch.tensor([C(1, 1)]).type(), torch.tensor([C(1, 1)], { dtype: torch.complex128 }).type()],
    py: "r = [torch.tensor([1+1j]).type(), torch.tensor([1+1j], dtype=torch.complex128).type()]",
  },
];

describe("torch.Complex", () => {
  const expected = pythonResults(scalarReprCases);
  scalarReprCases.forEach((c, i) => it(c.name, () => expectSame(c, expected[i])));

  it("is frozen, with real, imag and conjugate()", () => {
    const z = C(1, -2);
    expect(Object.isFrozen(z)).toBe(true);
    expect(String(z.conjugate())).toBe("(1+2j)");
    expect(String(new torch.Complex())).toBe("0j");
  });
});

describe("complex tensors print as in Python", () => {
  const expected = pythonResults(printCases);
  printCases.forEach((c, i) => it(c.name, () => expectSame(c, expected[i])));
});

describe("complex values", () => {
  const expected = pythonResults(valueCases, PARTS_PY);
  valueCases.forEach((c, i) => it(c.name, () => expectSame(c, expected[i])));
});

describe("complex tensors in torch.save / torch.load, both ways", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-complex-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const grid = complexGrid([3, 2], 8);
  const DESCRIBE = `
def describe(v):
    if isinstance(v, torch.Tensor):
        return ["tensor", str(v.dtype)[6:], str(v)]
    return [type(v).__name__, str(v)]
`;

  it("Python loads torchts's complex tensors, complex scalars and sizes", () => {
    const file = path.join(dir, "from-ts.pt");
    const c64 = torch.tensor(grid as never);
    torch.save(
      {
        c64,
        c128: torch.tensor(grid as never, { dtype: torch.complex128 }),
        view: c64.index(1),
        scalar: C(1.5, -2),
        size: c64.shape,
      },
      file,
    );
    const got = pythonJson<Record<string, unknown>>(`${DESCRIBE}
sd = torch.load(${JSON.stringify(file)}, weights_only=True)
print(json.dumps({k: describe(v) for k, v in sd.items()}))`);
    const want = pythonJson<Record<string, unknown>>(`${DESCRIBE}
c64 = torch.tensor(${pyData(grid)})
sd = {"c64": c64, "c128": torch.tensor(${pyData(grid)}, dtype=torch.complex128), "view": c64[1], "scalar": complex(1.5, -2), "size": c64.shape}
print(json.dumps({k: describe(v) for k, v in sd.items()}))`);
    expect(got).toEqual(want);
  });

  it("torchts loads Python's complex tensors, complex scalars and sizes", () => {
    const file = path.join(dir, "from-py.pt");
    const want = pythonJson<Record<string, unknown>>(`${DESCRIBE}
c128 = torch.tensor(${pyData(grid)}, dtype=torch.complex128)
sd = {"c64": torch.tensor(${pyData(grid)}), "c128": c128, "col": c128[:, 1], "scalar": complex(-0.5, 3), "size": c128.shape}
torch.save(sd, ${JSON.stringify(file)})
print(json.dumps({k: describe(v) for k, v in sd.items()}))`);
    const sd = torch.load(file) as Record<string, unknown>;
    const describe = (v: unknown) =>
      v instanceof torch.Tensor ? ["tensor", v.dtype.name, String(v)] : [v instanceof torch.Complex ? "complex" : v instanceof torch.Size ? "Size" : typeof v, String(v)];
    expect(Object.fromEntries(Object.entries(sd).map(([k, v]) => [k, describe(v)]))).toEqual(want);
  });
});
