// torch/_tensor.py's Tensor methods (norm, split, unique, lu, stft, ...), written in Python
// over torch functions, and what Python's C++ binds by hand on Tensor rather than from
// ATen's schemas: the T/H/mT/mH attributes, nonzero's as_tuple. Installed on Tensor.prototype
// (hand-written methods win over the generated ones).
import { removed } from "./_removed";
import { bindArgs, isOptions } from "./_args";
import { atenOp as boxedOp, callOp } from "./_dispatch";
import type { dtype } from "./dtype";
import { pyTypeName, RuntimeError, TypeError } from "./errors";
import {
  LuOptions,
  luImpl,
  NormOptions,
  stftImpl,
  StftOptions,
  tensorNorm,
  tensorSplit,
  unique,
  unique_consecutive,
  UniqueOptions,
} from "./functional";
import { OPS } from "./generated/ops";
import { Tensor } from "./tensor";

type T = Tensor;

function defineMethod(name: string, fn: (this: T, ...args: never[]) => unknown): void {
  Object.defineProperty(Tensor.prototype, name, { value: fn, writable: true, configurable: true });
}

function defineGetter(name: string, get: (this: T) => unknown): void {
  Object.defineProperty(Tensor.prototype, name, { get, configurable: true });
}

// ---- the T, H, mT, mH attributes (python_variable.cpp's getters) ----

const numpyT = boxedOp("numpy_T");
const matrixH = boxedOp("matrix_H");
const mTOp = boxedOp("mT");
const mHOp = boxedOp("mH");
defineGetter("T", function () {
  return numpyT(this._h);
});
defineGetter("H", function () {
  return matrixH(this._h);
});
defineGetter("mT", function () {
  return mTOp(this._h);
});
defineGetter("mH", function () {
  return mHOp(this._h);
});

// ---- nonzero(as_tuple=False) (python_torch_functions_manual.cpp, python_variable_methods.cpp) ----

const nonzeroNumpy = boxedOp("nonzero_numpy");

export interface NonzeroOptions {
  as_tuple?: boolean;
  out?: T | null;
}

function nonzeroImpl(self: T | null, args: unknown[]): T | T[] {
  const last = args.length > 0 && isOptions(args[args.length - 1]) ? (args[args.length - 1] as NonzeroOptions) : null;
  if (last === null || last.as_tuple === undefined) return callOp(OPS.nonzero, self, args) as T;
  const { as_tuple: asTuple, ...rest } = last;
  const others = [...args.slice(0, -1), ...(Object.keys(rest).length > 0 ? [rest] : [])];
  if (typeof asTuple !== "boolean") throw new TypeError(`nonzero(): argument 'as_tuple' must be bool, not ${pyTypeName(asTuple)}`);
  if (!asTuple) return callOp(OPS.nonzero, self, others) as T;
  if (rest.out !== undefined && rest.out !== null) throw new RuntimeError("nonzero does not support the out kwarg when as_tuple is True");
  // Checks the arguments as the op does, then takes Python's as_tuple path.
  const input = self ?? others[0];
  if (!(input instanceof Tensor) || others.length > (self ? 0 : 1) || Object.keys(rest).some((k) => k !== "out")) {
    callOp(OPS.nonzero, self, others);
  }
  return nonzeroNumpy((input as T)._h) as T[];
}

/** torch.nonzero(input, *, as_tuple=False, out=None): indices as one [n, ndim] tensor, or one tensor per dimension. */
export function nonzero(input: T, options: { as_tuple: true }): T[];
export function nonzero(input: T, options?: { as_tuple?: false; out?: T | null }): T;
export function nonzero(...args: unknown[]): T | T[] {
  return nonzeroImpl(null, args);
}
defineMethod("nonzero", function (this: T, ...args: unknown[]) {
  return nonzeroImpl(this, args);
});

// ---- torch/_tensor.py ----

defineMethod("norm", function (this: T, ...args: unknown[]) {
  return tensorNorm(this, args);
});

defineMethod("split", function (this: T, ...args: unknown[]) {
  const [splitSize, dim = 0] = bindArgs("Tensor.split", ["split_size", "dim"], args, 1);
  return tensorSplit(this, splitSize, dim);
});

defineMethod("unique", function (this: T, ...args: unknown[]) {
  const [sorted = true, returnInverse = false, returnCounts = false, dim = null] = bindArgs(
    "Tensor.unique",
    ["sorted", "return_inverse", "return_counts", "dim"],
    args,
    0,
  );
  return unique(this, { sorted, return_inverse: returnInverse, return_counts: returnCounts, dim });
});

defineMethod("unique_consecutive", function (this: T, ...args: unknown[]) {
  const [returnInverse = false, returnCounts = false, dim = null] = bindArgs("Tensor.unique_consecutive", ["return_inverse", "return_counts", "dim"], args, 0);
  return unique_consecutive(this, { return_inverse: returnInverse, return_counts: returnCounts, dim });
});

defineMethod("lu", function (this: T, ...args: unknown[]) {
  const [pivot = true, getInfos = false] = bindArgs("Tensor.lu", ["pivot", "get_infos"], args, 0);
  return luImpl(this, pivot, getInfos, null);
});

defineMethod("stft", function (this: T, ...args: unknown[]) {
  const names = ["n_fft", "hop_length", "win_length", "window", "center", "pad_mode", "normalized", "onesided", "return_complex", "align_to_window"];
  return stftImpl([this, ...bindArgs("Tensor.stft", names, args, 1)]);
});

defineMethod("istft", function (this: T, ...args: unknown[]) {
  const names = ["n_fft", "hop_length", "win_length", "window", "center", "normalized", "onesided", "length", "return_complex"];
  const v = bindArgs("Tensor.istft", names, args, 1);
  const defaults = [undefined, null, null, null, true, false, null, null, false];
  return callOp(OPS.istft, null, [this, ...v.map((x, i) => (x === undefined ? defaults[i] : x))]);
});

// Tensor's removed methods raise Python's advice (lib/_removed.ts).
for (const name of ["solve", "lstsq", "eig", "symeig"] as const) defineMethod(name, removed(name));

declare module "./tensor" {
  interface Tensor {
    /** x.T: the dimensions reversed (Python warns for other than 2-D). */
    readonly T: Tensor;
    /** x.H: the conjugate transpose of a matrix (2-D only). */
    readonly H: Tensor;
    /** x.mT: the last two dimensions transposed. */
    readonly mT: Tensor;
    /** x.mH: the last two dimensions transposed and conjugated. */
    readonly mH: Tensor;
    /** x.nonzero({ as_tuple }): an [n, ndim] index tensor, or with as_tuple one index tensor per dimension. */
    nonzero(options: { as_tuple: true }): Tensor[];
    nonzero(options?: { as_tuple?: false; out?: Tensor | null }): Tensor;
    /** x.norm(p = "fro", dim = null, keepdim = false, dtype = null), as torch.norm. */
    norm(...args: (number | string | number[] | boolean | null | dtype | Omit<NormOptions, "out">)[]): Tensor;
    /** x.unique(sorted = true, return_inverse = false, return_counts = false, dim = null), as torch.unique. */
    unique(options?: UniqueOptions & { return_inverse?: false; return_counts?: false }): Tensor;
    unique(options: UniqueOptions & ({ return_inverse: true } | { return_counts: true })): Tensor[];
    unique(...args: (boolean | number | null | UniqueOptions)[]): Tensor | Tensor[];
    /** x.unique_consecutive(return_inverse = false, return_counts = false, dim = null). */
    unique_consecutive(options?: Omit<UniqueOptions, "sorted"> & { return_inverse?: false; return_counts?: false }): Tensor;
    unique_consecutive(options: Omit<UniqueOptions, "sorted"> & ({ return_inverse: true } | { return_counts: true })): Tensor[];
    unique_consecutive(...args: (boolean | number | null | Omit<UniqueOptions, "sorted">)[]): Tensor | Tensor[];
    /** x.lu(pivot = true, get_infos = false): [LU, pivots] or [LU, pivots, infos]. */
    lu(...args: (boolean | Omit<LuOptions, "out">)[]): Tensor[];
    /** x.stft(n_fft, hop_length = null, ...), as torch.stft. */
    stft(n_fft: number, ...args: (number | boolean | string | Tensor | null | StftOptions)[]): Tensor;
    /** Removed in PyTorch 1.9: raises Python's RuntimeError naming the replacement. */
    solve(other: Tensor): never;
    lstsq(other: Tensor): never;
    eig(eigenvectors?: boolean): never;
    symeig(eigenvectors?: boolean, upper?: boolean): never;
    /** x.istft(n_fft, hop_length = null, ...), as torch.istft. */
    istft(n_fft: number, ...args: (number | boolean | Tensor | null | Record<string, unknown>)[]): Tensor;
  }
}
