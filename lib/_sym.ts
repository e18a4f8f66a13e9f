// torch.sym_*: torch/__init__.py's math on sizes that may be symbolic under torch.compile. In
// torchts sizes are always plain numbers, which is the case these functions compute directly.
import { tensor } from "./creation";
import { AssertionError } from "./errors";
import { pyTypeName } from "./errors";

function number(value: unknown): number {
  if (typeof value !== "number" && typeof value !== "boolean") {
    throw new AssertionError(`expected (<class 'int'>, <class 'float'>), got <class '${pyTypeName(value)}'>`);
  }
  return Number(value);
}

export function sym_int(a: number): number {
  return Math.trunc(number(a));
}

export function sym_float(a: number): number {
  return number(a);
}

export function sym_max(a: number, b: number): number {
  return Math.max(number(a), number(b));
}

export function sym_min(a: number, b: number): number {
  return Math.min(number(a), number(b));
}

export function sym_not(a: unknown): boolean {
  return !a;
}

export function sym_sqrt(a: number): number {
  return Math.sqrt(number(a));
}

export function sym_sum(args: Iterable<number>): number {
  let total = 0;
  for (const a of args) total += number(a);
  return total;
}

/** torch.sym_ite(b, t, f): t if b else f; b must be a bool, t and f of one type. */
export function sym_ite<T>(b: boolean, t: T, f: T): T {
  if (typeof b !== "boolean") throw new AssertionError(`expected SymBool or bool, got <class '${pyTypeName(b)}'>`);
  if (pyTypeName(t) !== pyTypeName(f)) throw new AssertionError(`type mismatch: <class '${pyTypeName(t)}'> vs <class '${pyTypeName(f)}'>`);
  return b ? t : f;
}

/** torch.sym_fresh_size(expr): the value of a size expression (a plain number here). */
export function sym_fresh_size(expr: number): number {
  return tensor(expr).item();
}
