// Python's float arithmetic where JS's differs. `+ - * /` are IEEE in both languages, but
// Python's `x ** y` and `math.cos` call C's pow() and cos() (glibc), while V8's Math.pow and
// Math.cos are its own ports of fdlibm: they differ from glibc in the last bit for about 1% of
// pow inputs and 3% of cos inputs. Adam's bias corrections and the cosine schedules use them.
import { callOp } from "../_dispatch";
import { float64 } from "../dtype";
import { OPS } from "../generated/ops";
import type { Tensor } from "../tensor";

function scalar64(value: number): Tensor {
  return callOp(OPS.full, null, [[], value, { dtype: float64 }]) as Tensor;
}

/**
 * Python's `x ** y` for floats: C's pow() of the libm that Python uses, reached through
 * LibTorch's pow of two one-element float64 tensors (its CPU kernel calls std::pow for
 * them), so the result is glibc's to the bit. Costs a few native calls: call it per step,
 * not per element.
 */
export function pow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1; // CPython answers these itself, NaN included
  return (callOp(OPS.pow, scalar64(x), [scalar64(y)]) as Tensor).item() as number;
}

// ---- math.cos ----
// No LibTorch op reaches glibc's scalar cos (torch.cos uses MKL/SLEEF), and glibc's cos is not
// correctly rounded (it differs from the correctly rounded value for ~0.1% of inputs), so no
// JS code can match it bit for bit everywhere. This one is correctly rounded (double-double
// arithmetic), which matches glibc 25 times more often than Math.cos does.

type DD = [number, number];

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return [s, b - (s - a)];
}

function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = 134217729 * a; // 2^27 + 1: Dekker's split
  const ah = t - (t - a);
  const al = a - ah;
  t = 134217729 * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function ddAdd(a: DD, b: DD): DD {
  let [s1, s2] = twoSum(a[0], b[0]);
  const [t1, t2] = twoSum(a[1], b[1]);
  s2 += t1;
  [s1, s2] = quickTwoSum(s1, s2);
  s2 += t2;
  return quickTwoSum(s1, s2);
}

function ddMul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  return quickTwoSum(p, e + (a[0] * b[1] + a[1] * b[0]));
}

function ddDivInt(a: DD, d: number): DD {
  const q1 = a[0] / d;
  const [p, pe] = twoProd(q1, d);
  const [s, se] = twoSum(a[0], -p);
  return quickTwoSum(q1, (s + (se - pe + a[1])) / d);
}

// Taylor coefficients (-1)^n / n! as double-doubles; 36 terms reach 2^-110 on |r| <= pi/4.
const TERMS = 36;
const COEF: DD[] = [];
for (let n = 0, inverse: DD = [1, 0]; n < TERMS; n++) {
  if (n > 0) inverse = ddDivInt(inverse, n);
  COEF.push(n % 4 === 2 || n % 4 === 3 ? [-inverse[0], -inverse[1]] : inverse);
}

// pi/2 in 33-bit pieces (fdlibm's), so that k * piece is exact for |k| < 2^20.
const PIO2_1 = 1.5707963267341256e0;
const PIO2_2 = 6.077100506303966e-11;
const PIO2_3 = 2.0222662487111665e-21;
const PIO2_3T = 8.4784276603689e-32;

/** sum of COEF[first + 2i] * r^(2i) over i, times r^first. */
function series(first: number, r: DD, r2: DD): DD {
  let s = COEF[TERMS - 2 + first];
  for (let n = TERMS - 4 + first; n >= first; n -= 2) s = ddAdd(ddMul(s, r2), COEF[n]);
  return first === 1 ? ddMul(s, r) : s;
}

/** Python's math.cos, correctly rounded (see above). */
export function cos(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  x = Math.abs(x);
  if (x > 1e6) return Math.cos(x); // past the exact range reduction below
  const k = Math.round(x / (Math.PI / 2));
  let r = twoSum(x, -k * PIO2_1);
  r = ddAdd(r, [-k * PIO2_2, 0]);
  r = ddAdd(r, [-k * PIO2_3, 0]);
  r = ddAdd(r, twoProd(-k, PIO2_3T));
  const r2 = ddMul(r, r);
  // cos(r + k pi/2) = cos r, -sin r, -cos r, sin r
  const v = k % 2 === 0 ? series(0, r, r2) : series(1, r, r2);
  const sign = k % 4 === 1 || k % 4 === 2 ? -1 : 1;
  return sign * (v[0] + v[1]);
}

// ---- integers and formatting ----

/** Python's `a % b` (the result takes the sign of b). */
export function mod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** Python's `a // b` for ints. */
export function floordiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** Python's repr of a float: `0.1`, `1e-08`, `2.0`, `inf`. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa, exponentText] = x.toExponential().split("e");
  const exponent = Number(exponentText);
  const sign = mantissa.startsWith("-") ? "-" : "";
  const digits = mantissa.replace("-", "").replace(".", "");
  if (exponent < -4 || exponent >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exponent).toString().padStart(2, "0");
    return `${sign}${m}e${exponent < 0 ? "-" : "+"}${e}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction || "0"}`;
}

/**
 * A JS number as Python would print the value the user wrote: integral numbers as Python
 * ints (`-1`), others as floats (`-0.1`, `1e-08`). JS cannot tell `1.0` from `1`.
 */
export function numberRepr(x: unknown): string {
  if (typeof x === "number") return Number.isInteger(x) ? String(x) : floatRepr(x);
  if (typeof x === "boolean") return x ? "True" : "False";
  if (x === null || x === undefined) return "None";
  return String(x);
}
