// Helpers shared by the files of torch.nn.functional (./functional*.ts): Python's argument
// parser's messages for the functions Python binds straight to C++, torch.Size printing, and
// the shape checks functional.py repeats.
import { bindArgs } from "../_args";
import { callOp } from "../_dispatch";
import { AttributeError, pyTypeName, RuntimeError, TypeError } from "../errors";
import { OPS } from "../generated/ops";
import { Tensor } from "../tensor";

/**
 * Python's argument parser on missing arguments (python_arg_parser.cpp's missing_args): it
 * names every required parameter from the first missing one on, given by keyword or not, and
 * says "arguments" for one and "argument" for several (sic).
 */
function missingArgs(fn: string, required: readonly string[], values: readonly unknown[]): TypeError {
  const first = values.findIndex((v, i) => i < required.length && v === undefined);
  const names = required.slice(first);
  const noun = names.length === 1 ? "arguments" : "argument";
  return new TypeError(`${fn}() missing ${names.length} required positional ${noun}: ${names.map((n) => `"${n}"`).join(", ")}`);
}

/**
 * bindArgs for the functions Python binds straight to C++, whose argument parser words a
 * missing argument its own way (`linear() missing 1 required positional arguments: "weight"`).
 */
export function bindC(fn: string, names: readonly string[], args: unknown[], required: number, positional = names.length): unknown[] {
  try {
    return bindArgs(fn, names, args, required, positional);
  } catch (error) {
    if (!(error instanceof TypeError) || !error.message.startsWith(`${fn}() missing `)) throw error;
    throw missingArgs(fn, names.slice(0, required), bindArgs(fn, names, args, 0, positional));
  }
}

/**
 * F.X where Python's F.X *is* the ATen function (F.prelu is torch.prelu, F.softshrink is
 * torch._C._nn.softshrink): the generated op, called as it is, with the messages of Python's
 * parser for missing and surplus positional arguments.
 */
export function cFunction<F>(name: keyof typeof OPS): F {
  const op = OPS[name];
  return ((...args: unknown[]) => {
    try {
      return callOp(op, null, args);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      const missing = /^\w+\(\) missing required argument '/.test(error.message);
      if (!missing && !/^\w+\(\) takes \d+ positional arguments? but \d+ (was|were) given$/.test(error.message)) throw error;
      const params = op.overloads.find((o) => !o.params.some((p) => p[0] === "out"))!.params;
      const names = params.map((p) => (p[0] === "self" ? "input" : p[0]));
      const positional = params.filter((p) => !p[3]).length;
      const required = params.filter((p) => p[2] === undefined && !p[3]).length;
      if (!missing) bindArgs(op.name, names, args, required, positional); // Python's "takes from 2 to 3 positional arguments"
      throw missingArgs(op.name, names.slice(0, required), bindArgs(op.name, names, args, 0, positional));
    }
  }) as F;
}

/** torch.Size as Python prints it: torch.Size([2, 3]). */
export function sizeStr(t: unknown): string {
  return `torch.Size([${(t instanceof Tensor ? t.shape : (t as number[])).join(", ")}])`;
}

/** Python's `a.size() == b.size()`, for tensors. */
export function sameSize(a: unknown, b: unknown): boolean {
  if (!(a instanceof Tensor) || !(b instanceof Tensor)) return false;
  return sameShape(a.shape, b.shape);
}

export function sameShape(x: readonly number[], y: readonly number[]): boolean {
  return x.length === y.length && x.every((s, i) => s === y[i]);
}

/** A tuple of ints as Python prints it: (2, 3), (4,). */
export function tupleStr(values: readonly number[]): string {
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(", ")})`;
}

/** str(type(x)) as Python prints it: <class 'torch.Tensor'>, <class 'int'>. */
export function typeStr(value: unknown): string {
  return value instanceof Tensor ? "<class 'torch.Tensor'>" : `<class '${pyTypeName(value)}'>`;
}

/** Broadcasts two shapes as torch.broadcast_tensors and torch._C._infer_size do (with their error). */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    const da = i - n + a.length;
    const db = i - n + b.length;
    const sa = da >= 0 ? a[da] : 1;
    const sb = db >= 0 ? b[db] : 1;
    if (sa !== sb && sa !== 1 && sb !== 1) {
      throw new RuntimeError(
        `The size of tensor a (${sa}) must match the size of tensor b (${sb}) at non-singleton dimension ${i}`,
      );
    }
    out[i] = sa === 1 ? sb : sa;
  }
  return out;
}

/**
 * The tensor Python calls a method of (`target.size()`, `input.dim()`): anything else raises
 * Python's AttributeError (`'int' object has no attribute 'size'`).
 */
export function tensorFor(value: unknown, attribute: string): Tensor {
  if (value instanceof Tensor) return value;
  throw new AttributeError(`'${pyTypeName(value)}' object has no attribute '${attribute}'`);
}

/** A member of one of Python's pybind11 enums: its name, its value, printed as Python prints it. */
export class PyEnumMember<V extends number = number> {
  constructor(
    private readonly enumName: string,
    readonly name: string,
    readonly value: V,
  ) {}

  toString(): string {
    return `${this.enumName}.${this.name}`;
  }
}
