// Port of torch/_tensor_str.py (PyTorch 2.11): what Python's str(tensor) prints, for dense
// tensors, complex ones included. Pure: it takes the tensor's data already on the CPU as JS
// numbers (complex elements as objects with `real` and `imag`).
import type { Complex } from "./complex";
import { get_default_dtype } from "./dtype";

export interface TensorPrintData {
  shape: number[];
  dtype: string;
  values: ArrayLike<number | boolean | Complex>;
  device: string;
  requires_grad: boolean;
  grad_fn: string | null;
  /** A meta tensor, which has no values (Python prints `...` and its size). */
  meta?: boolean;
}

export interface PrintOptions {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
  sci_mode: boolean | null;
}

export const printOptions: PrintOptions = {
  precision: 4,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 80,
  sci_mode: null,
};

export function set_printoptions(
  opts: Partial<PrintOptions> & { profile?: "default" | "short" | "full" },
): void {
  if (opts.profile === "default") {
    Object.assign(printOptions, { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 });
  } else if (opts.profile === "short") {
    Object.assign(printOptions, { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 });
  } else if (opts.profile === "full") {
    Object.assign(printOptions, { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 });
  }
  if (opts.precision !== undefined) printOptions.precision = opts.precision;
  if (opts.threshold !== undefined) printOptions.threshold = opts.threshold;
  if (opts.edgeitems !== undefined) printOptions.edgeitems = opts.edgeitems;
  if (opts.linewidth !== undefined) printOptions.linewidth = opts.linewidth;
  // As in Python, sci_mode is always assigned: leaving it out resets it to automatic.
  printOptions.sci_mode = opts.sci_mode ?? null;
}

// ---------------------------------------------------------------------------------------------
// Python's float formatting ('{:.Nf}', '{:.Ne}'), exact on the binary value with round-half-even.
// JS's toFixed/toExponential round exact ties away from zero (0.03125 -> "0.0313" where Python
// gives "0.0312"), print exponents without padding, and drop the sign of -0, so they can't be used.

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** |x| as the exact fraction num / den (x finite). */
function exactFraction(x: number): [bigint, bigint] {
  f64[0] = Math.abs(x);
  const bits = u64[0]!;
  const biased = Number(bits >> 52n);
  let mant = bits & ((1n << 52n) - 1n);
  if (biased !== 0) mant |= 1n << 52n;
  const exp = (biased === 0 ? 1 : biased) - 1075;
  return exp >= 0 ? [mant << BigInt(exp), 1n] : [mant, 1n << BigInt(-exp)];
}

/** num / den rounded to an integer, ties to even. */
function roundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const twiceR = 2n * (num % den);
  return twiceR > den || (twiceR === den && q % 2n === 1n) ? q + 1n : q;
}

function signOf(x: number): string {
  return x < 0 || Object.is(x, -0) ? "-" : "";
}

function nonFinite(x: number): string | null {
  if (Number.isNaN(x)) return "nan"; // Python prints the sign of neither NaN
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  return null;
}

/** Python's '{:.<precision>f}'.format(x). */
export function formatFixed(x: number, precision: number): string {
  const special = nonFinite(x);
  if (special !== null) return special;
  const [num, den] = exactFraction(x);
  const digits = roundHalfEven(num * 10n ** BigInt(precision), den)
    .toString()
    .padStart(precision + 1, "0");
  const intPart = digits.slice(0, digits.length - precision);
  const body = precision > 0 ? `${intPart}.${digits.slice(-precision)}` : intPart;
  return signOf(x) + body;
}

/** Python's '{:.<precision>e}'.format(x): at least two exponent digits. */
export function formatExp(x: number, precision: number): string {
  const special = nonFinite(x);
  if (special !== null) return special;
  let [num, den] = exactFraction(x);
  let exp = 0;
  let mantissa = 0n;
  if (num !== 0n) {
    // Find exp with 10^exp <= |x| < 10^(exp+1), starting from the float estimate.
    exp = Math.floor(Math.log10(Math.abs(x)));
    const below = (k: number) => (k >= 0 ? num < den * 10n ** BigInt(k) : num * 10n ** BigInt(-k) < den);
    while (below(exp)) exp--;
    while (!below(exp + 1)) exp++;
    const shift = precision - exp;
    if (shift >= 0) num *= 10n ** BigInt(shift);
    else den *= 10n ** BigInt(-shift);
    mantissa = roundHalfEven(num, den);
    if (mantissa === 10n ** BigInt(precision + 1)) {
      mantissa /= 10n;
      exp++;
    }
  }
  const digits = mantissa.toString().padStart(precision + 1, "0");
  const body = precision > 0 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const expStr = String(Math.abs(exp)).padStart(2, "0");
  return `${signOf(x)}${body}e${exp < 0 ? "-" : "+"}${expStr}`;
}

// ---------------------------------------------------------------------------------------------

type Scalar = number | boolean | Complex;

/** A row-major view of the data: what indexing a tensor along dim 0 gives in Python. */
class View {
  constructor(
    readonly values: ArrayLike<Scalar>,
    readonly shape: number[],
    readonly offset: number,
  ) {}

  dim(): number {
    return this.shape.length;
  }

  numel(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }

  select(i: number): View {
    const rest = this.shape.slice(1);
    return new View(this.values, rest, this.offset + i * rest.reduce((a, b) => a * b, 1));
  }

  item(): Scalar {
    return this.values[this.offset]!;
  }

  /** All elements, row-major (Python's reshape(-1).tolist()). */
  flat(): Scalar[] {
    return Array.from({ length: this.numel() }, (_, i) => this.values[this.offset + i]!);
  }
}

function isFloatingDtype(dtype: string): boolean {
  return dtype.startsWith("float") || dtype === "bfloat16";
}

class Formatter {
  readonly floatingDtype: boolean;
  intMode = true;
  sciMode = false;
  maxWidth = 1;

  constructor(
    values: Scalar[],
    private readonly dtype: string,
  ) {
    this.floatingDtype = isFloatingDtype(dtype);

    if (!this.floatingDtype) {
      for (const value of values) {
        this.maxWidth = Math.max(this.maxWidth, this.plainStr(value).length);
      }
      return;
    }

    const nonzeroFiniteVals = (values as number[]).filter((v) => Number.isFinite(v) && v !== 0);
    if (nonzeroFiniteVals.length === 0) return;

    // (a loop, not Math.min(...values), which overflows the stack on large tensors)
    let nonzeroFiniteMin = Infinity;
    let nonzeroFiniteMax = 0;
    for (const v of nonzeroFiniteVals) {
      nonzeroFiniteMin = Math.min(nonzeroFiniteMin, Math.abs(v));
      nonzeroFiniteMax = Math.max(nonzeroFiniteMax, Math.abs(v));
    }

    this.intMode = nonzeroFiniteVals.every((v) => v === Math.ceil(v));

    this.sciMode =
      printOptions.sci_mode ??
      (nonzeroFiniteMax / nonzeroFiniteMin > 1000.0 ||
        nonzeroFiniteMax > 1.0e8 ||
        nonzeroFiniteMin < 1.0e-4);

    const precision = printOptions.precision;
    for (const value of nonzeroFiniteVals) {
      let width: number;
      if (this.sciMode) width = formatExp(value, precision).length;
      // int mode appends "." to mark a float tensor: one more character
      else if (this.intMode) width = formatFixed(value, 0).length + 1;
      else width = formatFixed(value, precision).length;
      this.maxWidth = Math.max(this.maxWidth, width);
    }
  }

  width(): number {
    return this.maxWidth;
  }

  format(value: Scalar): string {
    let ret: string;
    if (this.floatingDtype) {
      const x = value as number;
      if (this.sciMode) {
        ret = formatExp(x, printOptions.precision);
      } else if (this.intMode) {
        ret = formatFixed(x, 0);
        if (Number.isFinite(x)) ret += ".";
      } else {
        ret = formatFixed(x, printOptions.precision);
      }
    } else {
      ret = this.plainStr(value);
    }
    return ret.padStart(this.maxWidth);
  }

  // Python's f"{value}" for an int or bool element.
  private plainStr(value: Scalar): string {
    if (this.dtype === "bool") return value ? "True" : "False";
    return String(Number(value));
  }
}

// formatter2 is only used for complex tensors: formatter1 and formatter2 format the real and
// the imaginary parts.
function valFormatter(val: Scalar, formatter1: Formatter, formatter2?: Formatter): string {
  if (formatter2 === undefined) return formatter1.format(val);
  const z = val as Complex;
  const realStr = formatter1.format(z.real);
  const imagStr = (formatter2.format(z.imag) + "j").trimStart();
  // handles negative numbers, +0.0, -0.0
  if (imagStr[0] === "+" || imagStr[0] === "-") return realStr + imagStr;
  return realStr + "+" + imagStr;
}

function scalarStr(self: View, formatter1: Formatter, formatter2?: Formatter): string {
  return valFormatter(self.item(), formatter1, formatter2);
}

function vectorStr(self: View, indent: number, summarize: boolean, formatter1: Formatter, formatter2?: Formatter): string {
  // length includes spaces and comma between elements
  let elementLength = formatter1.width() + 2;
  // width for imag_formatter + an extra j for complex
  if (formatter2 !== undefined) elementLength += formatter2.width() + 1;
  const { linewidth, edgeitems } = printOptions;
  const elementsPerLine = Math.max(1, Math.floor((linewidth - indent) / elementLength));
  const format = (v: Scalar) => valFormatter(v, formatter1, formatter2);

  const values = self.flat();
  let data: string[];
  if (summarize && !edgeitems) {
    data = ["..."];
  } else if (summarize && self.shape[0]! > 2 * edgeitems) {
    data = [
      ...values.slice(0, edgeitems).map(format),
      " ...",
      ...values.slice(-edgeitems).map(format),
    ];
  } else {
    data = values.map(format);
  }

  const lines: string[] = [];
  for (let i = 0; i < data.length; i += elementsPerLine) {
    lines.push(data.slice(i, i + elementsPerLine).join(", "));
  }
  return "[" + lines.join(",\n" + " ".repeat(indent + 1)) + "]";
}

function tensorStrWithFormatter(
  self: View,
  indent: number,
  summarize: boolean,
  formatter1: Formatter,
  formatter2?: Formatter,
): string {
  const dim = self.dim();
  if (dim === 0) return scalarStr(self, formatter1, formatter2);
  if (dim === 1) return vectorStr(self, indent, summarize, formatter1, formatter2);

  const { edgeitems } = printOptions;
  const size0 = self.shape[0]!;
  const sub = (i: number) => tensorStrWithFormatter(self.select(i), indent + 1, summarize, formatter1, formatter2);
  let slices: string[];
  if (summarize && size0 > 2 * edgeitems) {
    slices = [];
    for (let i = 0; i < edgeitems; i++) slices.push(sub(i));
    slices.push("...");
    for (let i = size0 - edgeitems; i < size0; i++) slices.push(sub(i));
  } else {
    slices = Array.from({ length: size0 }, (_, i) => sub(i));
  }
  return "[" + slices.join("," + "\n".repeat(dim - 1) + " ".repeat(indent + 1)) + "]";
}

/** The elements the formatter sees when summarizing (flattened: it only looks at values). */
function getSummarizedData(self: View): Scalar[] {
  const dim = self.dim();
  const { edgeitems } = printOptions;
  if (dim === 0) return [self.item()];
  if (dim === 1) {
    const values = self.flat();
    // with edgeitems 0 this is Python's cat(self[:0], self[-0:]), i.e. every element
    return values.length > 2 * edgeitems
      ? [...values.slice(0, edgeitems), ...values.slice(-edgeitems)]
      : values;
  }
  if (!edgeitems) return [];
  const size0 = self.shape[0]!;
  let rows: number[];
  if (size0 > 2 * edgeitems) {
    rows = [];
    for (let i = 0; i < edgeitems; i++) rows.push(i);
    for (let i = size0 - edgeitems; i < size0; i++) rows.push(i);
  } else {
    rows = Array.from({ length: size0 }, (_, i) => i);
  }
  return rows.flatMap((i) => getSummarizedData(self.select(i)));
}

// The dtype of a complex dtype's parts.
const COMPLEX_PARTS: Record<string, string> = { complex32: "float16", complex64: "float32", complex128: "float64" };

function tensorStr(self: View, indent: number, dtype: string): string {
  if (self.numel() === 0) return "[]";
  const summarize = self.numel() > printOptions.threshold;
  const data = summarize ? getSummarizedData(self) : self.flat();
  const partDtype = COMPLEX_PARTS[dtype];
  if (partDtype !== undefined) {
    const realFormatter = new Formatter(data.map((z) => (z as Complex).real), partDtype);
    const imagFormatter = new Formatter(data.map((z) => (z as Complex).imag), partDtype);
    return tensorStrWithFormatter(self, indent, summarize, realFormatter, imagFormatter);
  }
  const formatter = new Formatter(data, dtype);
  return tensorStrWithFormatter(self, indent, summarize, formatter);
}

function addSuffixes(tensorStr: string, suffixes: string[], indent: number, forceNewline: boolean): string {
  const parts = [tensorStr];
  // (sic: Python's "+ 1" overcounts by two when there is no newline)
  let lastLineLen = tensorStr.length - tensorStr.lastIndexOf("\n") + 1;
  for (const suffix of suffixes) {
    if (forceNewline || lastLineLen + suffix.length + 2 > printOptions.linewidth) {
      parts.push(",\n" + " ".repeat(indent) + suffix);
      lastLineLen = indent + suffix.length;
      forceNewline = false;
    } else {
      parts.push(", " + suffix);
      lastLineLen += suffix.length + 2;
    }
  }
  parts.push(")");
  return parts.join("");
}

/** Python's str(tuple(shape)). */
function shapeTuple(shape: number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

function strIntern(t: TensorPrintData): string {
  const prefix = "tensor(";
  const indent = prefix.length;
  const suffixes: string[] = [];
  const self = new View(t.values, t.shape, 0);

  // The default device is the CPU; any other device is printed (see Note [Print tensor device]).
  if (t.device.split(":")[0] !== "cpu") suffixes.push(`device='${t.device}'`);

  // torch.get_default_dtype() (float32 unless changed) and the complex dtype that goes with it
  const defaultDtype = get_default_dtype().name;
  const defaultComplexDtype = defaultDtype === "float64" ? "complex128" : "complex64";
  const hasDefaultDtype = [defaultDtype, defaultComplexDtype, "int64", "bool"].includes(t.dtype);
  let body: string;
  if (t.meta) {
    suffixes.push("size=" + shapeTuple(t.shape));
    if (t.dtype !== defaultDtype) suffixes.push("dtype=torch." + t.dtype);
    body = "...";
  } else if (self.numel() === 0) {
    // Explicitly print the shape if it is not (0,), to match NumPy behavior
    if (self.dim() !== 1) suffixes.push("size=" + shapeTuple(t.shape));
    // An empty tensor has no elements to infer the dtype from, so it is always shown.
    if (t.dtype !== defaultDtype) suffixes.push("dtype=torch." + t.dtype);
    body = "[]";
  } else {
    if (!printOptions.edgeitems) suffixes.push("size=" + shapeTuple(t.shape));
    if (!hasDefaultDtype) suffixes.push("dtype=torch." + t.dtype);
    body = tensorStr(self, indent, t.dtype);
  }

  if (t.grad_fn !== null) suffixes.push(`grad_fn=<${t.grad_fn}>`);
  else if (t.requires_grad) suffixes.push("requires_grad=True");

  return addSuffixes(prefix + body, suffixes, indent, false);
}

/** Exactly what Python's str(tensor) prints. */
export function formatTensor(t: TensorPrintData): string {
  const expected = t.shape.reduce((a, b) => a * b, 1);
  if (!t.meta && t.values.length !== expected) {
    throw new Error(`shape [${t.shape.join(", ")}] needs ${expected} values, got ${t.values.length}`);
  }
  return strIntern(t);
}
