// Checks lib/_tensor_str.ts against Python's own str(tensor): every case is built in one Python
// process from the same shape/dtype/values, and the strings must match exactly.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatTensor, set_printoptions, type PrintOptions } from "../lib/_tensor_str";
import { pythonJson } from "./helpers/python";

type Options = Partial<PrintOptions> & { profile?: "default" | "short" | "full" };

interface Case {
  name: string;
  shape: number[];
  dtype: string;
  values: number[] | boolean[];
  opts?: Options;
  /** Python side: "requires_grad" makes a leaf that requires grad; "mul"/"add" give it a grad_fn. */
  grad?: "requires_grad" | "mul" | "add";
  /** Formatter side only: there is no GPU for the reference, see the Python program below. */
  device?: string;
}

// Deterministic values: a 32-bit LCG, so both sides see the same numbers without Math.random.
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** n values, roughly normal with the given scale, rounded to float32. */
function normal(n: number, seed: number, scale = 1): number[] {
  const next = lcg(seed);
  return Array.from({ length: n }, () => Math.fround((next() + next() + next() - 1.5) * scale));
}

/** n integers in [lo, hi). */
function ints(n: number, seed: number, lo: number, hi: number): number[] {
  const next = lcg(seed);
  return Array.from({ length: n }, () => lo + Math.floor(next() * (hi - lo)));
}

const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
const f32 = (xs: number[]) => xs.map(Math.fround);

const cases: Case[] = [
  // fixed mode
  { name: "small 1-d", shape: [3], dtype: "float32", values: [1.5, -2.25, 3.125] },
  { name: "mixed signs 2-d", shape: [2, 3], dtype: "float32", values: normal(6, 1) },
  { name: "precision from float32 values", shape: [4], dtype: "float32", values: f32([0.1, 0.2, 0.3, -0.7]) },
  { name: "ties round half to even", shape: [3], dtype: "float32", values: [0.03125, 1.0, -0.09375] },
  { name: "negative zero, fixed", shape: [2], dtype: "float32", values: [-0, 1.5] },
  // int mode
  { name: "integers in floats", shape: [4], dtype: "float32", values: [1, 2, 3, -40] },
  { name: "negative zero, int mode", shape: [2], dtype: "float32", values: [-0, 1] },
  { name: "int mode, ratio > 1000 -> sci", shape: [3], dtype: "float32", values: [1, 20000, -3] },
  // sci mode triggers
  { name: "sci: max > 1e8", shape: [2], dtype: "float32", values: f32([1.5e9, 2.5e9]) },
  { name: "sci: min < 1e-4", shape: [3], dtype: "float32", values: f32([1e-5, 2.5e-5, -3e-5]) },
  { name: "sci: ratio > 1000", shape: [2, 2], dtype: "float32", values: f32([0.001, 1.5, -2.75, 0.5]) },
  { name: "sci tie half to even", shape: [2], dtype: "float64", values: [0.5, 12344.5] },
  { name: "float64 extremes", shape: [3], dtype: "float64", values: [5e-324, 1.7976931348623157e308, -1] },
  // non-finite and zeros
  { name: "nan/inf mixed with fixed", shape: [5], dtype: "float32", values: [NaN, Infinity, -Infinity, 1.5, -2.25] },
  { name: "nan/inf in int mode", shape: [4], dtype: "float32", values: [NaN, 1, -Infinity, 0] },
  { name: "inf with sci", shape: [2], dtype: "float32", values: f32([Infinity, 1e-5]) },
  { name: "all zero", shape: [2, 2], dtype: "float32", values: [0, 0, 0, 0] },
  { name: "all nan", shape: [3], dtype: "float32", values: [NaN, NaN, NaN] },
  // shapes
  { name: "0-dim float", shape: [], dtype: "float32", values: f32([3.14159]) },
  { name: "0-dim int64", shape: [], dtype: "int64", values: [-7] },
  { name: "0-dim float64 sci", shape: [], dtype: "float64", values: [1e-10] },
  { name: "3-d", shape: [2, 3, 4], dtype: "float32", values: normal(24, 2, 10) },
  { name: "4-d", shape: [2, 2, 2, 3], dtype: "float32", values: normal(24, 3, 100) },
  { name: "empty 0x3", shape: [0, 3], dtype: "float32", values: [] },
  { name: "empty 1-d int64", shape: [0], dtype: "int64", values: [] },
  { name: "empty 2x0x3 bool", shape: [2, 0, 3], dtype: "bool", values: [] },
  { name: "empty float64", shape: [0], dtype: "float64", values: [] },
  // summarization and wrapping
  { name: "summarized 2000", shape: [2000], dtype: "float32", values: normal(2000, 4) },
  { name: "summarized 50x50", shape: [50, 50], dtype: "float32", values: normal(2500, 5, 1000) },
  { name: "summarized 3x1000", shape: [3, 1000], dtype: "float32", values: range(3000, (i) => i - 1500) },
  { name: "summarized 20x20x20", shape: [20, 20, 20], dtype: "float64", values: normal(8000, 6).map((x) => x * 1e-3) },
  { name: "summarized int64", shape: [2000], dtype: "int64", values: range(2000, (i) => i * 7 - 5000) },
  { name: "long row wraps", shape: [30], dtype: "float32", values: normal(30, 7, 50) },
  { name: "long rows wrap in 2-d", shape: [2, 25], dtype: "float32", values: normal(50, 8, 5) },
  // dtypes
  { name: "float64", shape: [2, 2], dtype: "float64", values: [1 / 3, -2 / 3, 1e3 / 7, 0.5] },
  { name: "float16", shape: [5], dtype: "float16", values: ints(5, 9, -2000, 2000).map((k) => k / 16) },
  { name: "bfloat16", shape: [5], dtype: "bfloat16", values: ints(5, 10, -255, 255).map((k) => k / 16) },
  { name: "int32", shape: [2, 3], dtype: "int32", values: ints(6, 11, -100000, 100000) },
  { name: "int16", shape: [4], dtype: "int16", values: [-32768, 0, 5, 32767] },
  { name: "int8", shape: [4], dtype: "int8", values: [-128, -1, 0, 127] },
  { name: "uint8", shape: [2, 2], dtype: "uint8", values: [0, 7, 128, 255] },
  { name: "bool", shape: [2, 3], dtype: "bool", values: [true, false, true, true, true, false] },
  { name: "bool all true", shape: [2], dtype: "bool", values: [true, true] },
  { name: "int64 negatives", shape: [3, 3], dtype: "int64", values: ints(9, 12, -1000, 1000) },
  // suffixes
  { name: "cuda device", shape: [3], dtype: "float32", values: [1, 2, 3], device: "cuda:0" },
  { name: "cuda device, float64 wraps", shape: [2, 8], dtype: "float64", values: normal(16, 13, 1e3), device: "cuda:0" },
  { name: "requires_grad", shape: [3], dtype: "float32", values: [1.5, 2, 3], grad: "requires_grad" },
  { name: "grad_fn Mul", shape: [2, 2], dtype: "float32", values: normal(4, 14), grad: "mul" },
  { name: "grad_fn Add, float64 wraps", shape: [10], dtype: "float64", values: normal(10, 15), grad: "add" },
  // print options
  { name: "precision 2", shape: [3], dtype: "float32", values: f32([1.12345, -2.5, 3.14159]), opts: { precision: 2 } },
  { name: "precision 0 sci", shape: [2], dtype: "float64", values: [1.5, 2.5e-7], opts: { precision: 0 } },
  { name: "sci_mode true", shape: [3], dtype: "float32", values: [1.5, 2, -3], opts: { sci_mode: true } },
  { name: "sci_mode false, huge", shape: [2], dtype: "float64", values: [1e25, 3.5], opts: { sci_mode: false } },
  { name: "sci_mode false, int mode", shape: [2], dtype: "float64", values: [1e22, 2], opts: { sci_mode: false } },
  { name: "sci_mode false, tiny", shape: [2], dtype: "float32", values: f32([1e-6, -1]), opts: { sci_mode: false } },
  { name: "profile short", shape: [100], dtype: "float32", values: normal(100, 16), opts: { profile: "short", threshold: 10 } },
  { name: "threshold/edgeitems", shape: [4, 10], dtype: "int64", values: range(40, (i) => i), opts: { threshold: 5, edgeitems: 1 } },
  { name: "edgeitems 0", shape: [4, 10], dtype: "float32", values: normal(40, 17), opts: { threshold: 5, edgeitems: 0 } },
  { name: "edgeitems 0 1-d", shape: [10], dtype: "int32", values: range(10, (i) => i), opts: { threshold: 5, edgeitems: 0 } },
  { name: "linewidth 40", shape: [3, 12], dtype: "float32", values: normal(36, 18), opts: { linewidth: 40 } },
  { name: "profile full", shape: [1200], dtype: "float32", values: normal(1200, 19), opts: { profile: "full" } },
];

/** JSON for Python's json module, which (unlike JSON.stringify) keeps NaN, infinities and -0. */
function pyJsonValue(v: number | boolean): string {
  if (typeof v === "boolean") return v ? "true" : "false";
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "-Infinity";
  if (Object.is(v, -0)) return "-0.0";
  return String(v);
}

function pyJsonCase(c: Case): string {
  const { values, ...rest } = c;
  return `{"case": ${JSON.stringify(rest)}, "values": [${values.map(pyJsonValue).join(",")}]}`;
}

// For the device case there is no GPU to build a cuda tensor on, so Python prints the CPU tensor
// and we rebuild its string with the device suffix first, through Python's own _add_suffixes, the
// way _str_intern does for any non-CPU device (first checking that this rebuild reproduces str(t)).
const program = (path: string) => `
import sys
from torch._tensor_str import _add_suffixes, _tensor_str
out = []
for item in json.load(open(${JSON.stringify(path)})):
    c, values = item["case"], item["values"]
    torch.set_printoptions(**c.get("opts", {}))
    dtype = getattr(torch, c["dtype"])
    t = torch.tensor(values, dtype=dtype).reshape(c["shape"])
    # the formatter must see exactly the tensor's values
    want = torch.tensor(values, dtype=torch.float64).reshape(c["shape"])
    got = t.double()
    exact = bool(((got == want) | (got.isnan() & want.isnan())).all()) and torch.equal(got.signbit(), want.signbit())
    grad = c.get("grad")
    if grad:
        t.requires_grad_()
        if grad == "mul":
            t = t * 1
        elif grad == "add":
            t = t + 0
    s = str(t)
    if "device" in c:
        suffixes = [] if t.dtype in (torch.float32, torch.int64, torch.bool) else ["dtype=" + str(t.dtype)]
        assert _add_suffixes("tensor(" + _tensor_str(t, 7), suffixes, 7, False) == s
        s = _add_suffixes("tensor(" + _tensor_str(t, 7), ["device='" + c["device"] + "'"] + suffixes, 7, False)
    out.append({"str": s, "exact": exact, "grad_fn": type(t.grad_fn).__name__ if t.grad_fn else None})
    torch.set_printoptions(profile="default")
print(json.dumps(out))
`;

interface PyResult {
  str: string;
  exact: boolean;
  grad_fn: string | null;
}

describe("formatTensor matches Python's str(tensor)", () => {
  let results: PyResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), "tensor_str-"));

  beforeAll(() => {
    const path = join(dir, "cases.json");
    writeFileSync(path, `[${cases.map(pyJsonCase).join(",\n")}]`);
    results = pythonJson<PyResult[]>(program(path));
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("has enough cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases.map((c, i) => [c.name, i] as const))("%s", (_name, i) => {
    const c = cases[i]!;
    const py = results[i]!;
    expect(py.exact, "test values must be exactly representable in the dtype").toBe(true);
    const gradFn = c.grad === "mul" ? "MulBackward0" : c.grad === "add" ? "AddBackward0" : null;
    expect(py.grad_fn).toBe(gradFn);
    if (c.opts) set_printoptions(c.opts);
    try {
      const s = formatTensor({
        shape: c.shape,
        dtype: c.dtype,
        values: c.values,
        device: c.device ?? "cpu",
        requires_grad: c.grad !== undefined,
        grad_fn: gradFn,
      });
      expect(s).toBe(py.str);
    } finally {
      set_printoptions({ profile: "default" });
    }
  });

  it("set_printoptions resets sci_mode when it is left out, like Python", () => {
    set_printoptions({ sci_mode: true });
    set_printoptions({ precision: 3 });
    const s = formatTensor({ shape: [1], dtype: "float32", values: [1.5], device: "cpu", requires_grad: false, grad_fn: null });
    set_printoptions({ profile: "default" });
    expect(s).toBe("tensor([1.500])");
  });
});
