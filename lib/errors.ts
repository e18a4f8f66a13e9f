// The exception classes of torchts, named like Python's. A LibTorch error arrives as one of
// these (c10::IndexError as IndexError, any other c10::Error as RuntimeError, ...) with
// LibTorch's message; wrong JS arguments raise TypeError naming the function and argument.

function named<T extends new (...args: any[]) => Error>(cls: T, name: string): T {
  Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
  return cls;
}

export const RuntimeError = named(class RuntimeError extends Error {}, "RuntimeError");
export type RuntimeError = InstanceType<typeof RuntimeError>;
export const IndexError = named(class IndexError extends Error {}, "IndexError");
export type IndexError = InstanceType<typeof IndexError>;
export const ValueError = named(class ValueError extends Error {}, "ValueError");
export type ValueError = InstanceType<typeof ValueError>;
export const KeyError = named(class KeyError extends Error {}, "KeyError");
export type KeyError = InstanceType<typeof KeyError>;
/** A subclass of JS's own TypeError, so `instanceof TypeError` holds either way. */
export const TypeError = named(class TypeError extends globalThis.TypeError {}, "TypeError");
export type TypeError = InstanceType<typeof TypeError>;
export const NotImplementedError = named(class NotImplementedError extends RuntimeError {}, "NotImplementedError");
export type NotImplementedError = InstanceType<typeof NotImplementedError>;
/** torch.OutOfMemoryError (torch.cuda.OutOfMemoryError): a RuntimeError, as in Python. */
export const OutOfMemoryError = named(class OutOfMemoryError extends RuntimeError {}, "OutOfMemoryError");
export type OutOfMemoryError = InstanceType<typeof OutOfMemoryError>;
export const LinAlgError = named(class LinAlgError extends RuntimeError {}, "LinAlgError");
export type LinAlgError = InstanceType<typeof LinAlgError>;

/** Python's AssertionError (what `assert` raises), for the few places PyTorch asserts. */
export const AssertionError = named(class AssertionError extends Error {}, "AssertionError");
export type AssertionError = InstanceType<typeof AssertionError>;

/** Python's AttributeError: what nn.Module.get_submodule and its kin raise for a missing name. */
export const AttributeError = named(class AttributeError extends Error {}, "AttributeError");
export type AttributeError = InstanceType<typeof AttributeError>;

/** A TypeError for a bad JS argument: `fn(): argument 'name' must be X, not Y`, as Python says it. */
export function argumentError(fn: string, argument: string, expected: string, got: unknown): TypeError {
  return new TypeError(`${fn}(): argument '${argument}' must be ${expected}, not ${describe(got)}`);
}

/** How a JS value is named in error messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "Array";
  if (typeof value === "object") return (value as object).constructor?.name ?? "object";
  return typeof value;
}

/** The Python type a JS value stands for: int, float, str, bool, NoneType, list, dict. */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "bigint") return "int";
  if (Array.isArray(value)) return "list";
  if (value instanceof Set) return "set";
  if (typeof value === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(value))) return "dict";
  if (typeof value === "function") return "function";
  return (value as object).constructor?.name ?? "object";
}

/** Python's repr() of the simple values messages quote: None, True, 'text', [1, 'a'], [...] for a list inside itself. */
export function pyRepr(value: unknown, enclosing: readonly unknown[] = []): string {
  if (typeof value === "string") return `'${value}'`;
  return pyStr(value, enclosing);
}

/** Python's str() of the same values, as f-strings show them: a string as it is, the rest as pyRepr. */
export function pyStr(value: unknown, enclosing: readonly unknown[] = []): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (Array.isArray(value)) {
    if (enclosing.includes(value)) return "[...]";
    return `[${value.map((v) => pyRepr(v, [...enclosing, value])).join(", ")}]`;
  }
  // String() throws for objects without a prototype (and their own toString may throw).
  try {
    return String(value);
  } catch {
    return `<${pyTypeName(value)} object>`;
  }
}
