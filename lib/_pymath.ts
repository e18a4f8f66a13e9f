// Python's float arithmetic where JS's differs. `+ - * /` and sqrt are IEEE in both
// languages, but Python's `x ** y`, math.cos, math.erf and math.exp call the C library
// (glibc), while V8's Math.pow/cos/exp are its own ports of fdlibm and differ in the last bit
// for a few percent of inputs. Code that must match Python to the bit (Adam's bias
// corrections, cosine schedules, trunc_normal_'s bounds) uses these, which call the same libm.
import { native } from "./native";

/** Python's `x ** y` for floats. */
export function pow(x: number, y: number): number {
  return native.libmPow(x, y);
}

export function cos(x: number): number {
  return native.libmCos(x);
}

export function erf(x: number): number {
  return native.libmErf(x);
}

export function exp(x: number): number {
  return native.libmExp(x);
}

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
