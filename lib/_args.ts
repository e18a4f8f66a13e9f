// Reading arguments the way PyTorch's are written: positional in PyTorch's order, keyword
// arguments in one trailing options object, sizes as varargs or one array.
import { argumentError, describe, TypeError } from "./errors";

/** A trailing options object: a plain object (not an array, tensor, dtype or device). */
export function isOptions(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Rejects option names a function does not take, as Python rejects unknown keywords. */
export function checkOptions(fn: string, options: object, allowed: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`${fn}() got an unexpected keyword argument '${key}'`);
    }
  }
}

/** Splits `(...sizes, options?)` or `([sizes], options?)` into a size list and the options. */
export function sizeArgs(fn: string, args: unknown[]): { size: number[]; options: Record<string, unknown> } {
  let options: Record<string, unknown> = {};
  let rest = args;
  if (rest.length > 0 && isOptions(rest[rest.length - 1])) {
    options = rest[rest.length - 1] as Record<string, unknown>;
    rest = rest.slice(0, -1);
  }
  let size: unknown[] = rest;
  if (rest.length === 1 && Array.isArray(rest[0])) size = rest[0];
  else if (rest.length === 0 && Array.isArray(options.size)) size = options.size as unknown[];
  for (const s of size) {
    if (typeof s !== "number" || !Number.isInteger(s)) {
      throw argumentError(fn, "size", "a sequence of integers", s);
    }
  }
  return { size: size as number[], options };
}

export function optionalBool(fn: string, name: string, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== "boolean") throw argumentError(fn, name, "bool", value);
  return value;
}

export function checkNumber(fn: string, name: string, value: unknown): number {
  if (typeof value !== "number") throw argumentError(fn, name, "a number", value);
  return value;
}

export { describe };
