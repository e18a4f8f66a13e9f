// Reading arguments the way PyTorch's are written: positional in PyTorch's order, keyword
// arguments in one trailing options object, sizes as varargs or one array.
import { argumentError, describe, TypeError } from "./errors";

/** A trailing options object: a plain object (not an array, tensor, dtype or device). */
export function isOptions(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Rejects option names a function does not take, as Python rejects unknown keywords, and
 * returns the options (undefined: none given). `allowed` null is Python's `**kwargs`: any name
 * passes, for a callee that checks them (torchvision's model builders pass them to the class).
 */
export function checkOptions(fn: string, options: unknown, allowed: readonly string[] | null): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${fn}(): options must be an object, not ${options === null ? "null" : typeof options}`);
  }
  const given = options as Record<string, unknown>;
  if (allowed === null) return given;
  for (const key in given) {
    // undefined is an option not given (keywordCount's rule)
    if (given[key] === undefined || !Object.prototype.hasOwnProperty.call(given, key)) continue;
    if (!allowed.includes(key)) throw new TypeError(`${fn}() got an unexpected keyword argument '${key}'`);
  }
  return given;
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

/** Python's list of names in a message: 'a', 'a' and 'b', 'a', 'b', and 'c'. */
function nameList(names: string[]): string {
  const quoted = names.map((n) => `'${n}'`);
  if (quoted.length <= 2) return quoted.join(" and ");
  return `${quoted.slice(0, -1).join(", ")}, and ${quoted[quoted.length - 1]}`;
}

/** How many keyword arguments an options object gives: its keys whose value is not undefined. */
export function keywordCount(options: Record<string, unknown>): number {
  let count = 0;
  for (const key in options) if (options[key] !== undefined) count++;
  return count;
}

/** A name given as it is or as what makes it. */
const nameOf = (fn: string | (() => string)): string => (typeof fn === "string" ? fn : fn());

/**
 * Binds positional arguments and a trailing options object to Python's parameter names, with
 * Python's errors for unknown, repeated and missing arguments. Absent ones are undefined.
 * `fn`: the function's name in those errors, or what makes it (made only for an error).
 * `required`: how many leading parameters have no default. `positional`: how many leading
 * parameters may be given by position (the rest are keyword-only, after Python's `*`).
 */
export function bindArgs(
  fn: string | (() => string),
  names: readonly string[],
  args: unknown[],
  required: number,
  positional: number = names.length,
): unknown[] {
  // Every module's forward and most functionals come here on each call: plain loops, and no
  // array but the result (this ran at ~0.5 kB of garbage a call with map, filter and entries).
  let count = args.length;
  let options: Record<string, unknown> | undefined;
  if (count > 0 && isOptions(args[count - 1])) {
    options = args[count - 1] as Record<string, unknown>;
    count -= 1;
  }
  if (count > positional) {
    const takes = required === positional ? `${positional}` : `from ${required} to ${positional}`;
    const plural = required === positional && positional === 1 ? "argument" : "arguments";
    throw new TypeError(`${nameOf(fn)}() takes ${takes} positional ${plural} but ${count} ${count === 1 ? "was" : "were"} given`);
  }
  const values: unknown[] = [];
  for (let i = 0; i < names.length; i++) values.push(i < count ? args[i] : undefined);
  // Keywords in their order, each unknown or already given by position when met, as CPython
  // binds them.
  for (const key in options) {
    // undefined is an option not given (keywordCount's rule)
    if (options[key] === undefined || !Object.prototype.hasOwnProperty.call(options, key)) continue;
    const index = names.indexOf(key);
    if (index < 0) throw new TypeError(`${nameOf(fn)}() got an unexpected keyword argument '${key}'`);
    if (index < count) throw new TypeError(`${nameOf(fn)}() got multiple values for argument '${key}'`);
    values[index] = options[key];
  }
  for (let i = 0; i < required; i++) {
    if (values[i] === undefined) {
      const missing = names.slice(0, required).filter((_, j) => values[j] === undefined);
      const s = missing.length === 1 ? "" : "s";
      throw new TypeError(`${nameOf(fn)}() missing ${missing.length} required positional argument${s}: ${nameList(missing)}`);
    }
  }
  return values;
}
