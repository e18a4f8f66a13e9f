// torch/functional.py: the torch functions Python writes in Python over an ATen op (most of
// them the op of the same name, Python's torch._VF.X). Their argument handling is Python's:
// positional-or-keyword parameters, Python's defaults, and Python's own checks and messages;
// what they pass on is checked by the op, with the op's message, as in Python.
// svd_lowrank and pca_lowrank (torch/_lowrank.py) are re-exported from ./_lowrank, as
// functional.py does.
import { bindArgs, isOptions } from "./_args";
import { callOp } from "./_dispatch";
import type { dtype } from "./dtype";
import { int64 } from "./dtype";
import { AssertionError, pyRepr, pyStr, RuntimeError, TypeError, ValueError } from "./errors";
import { OPS } from "./generated/ops";
import { Tensor } from "./tensor";
import { tensor as makeTensor } from "./creation";

export { pca_lowrank, svd_lowrank } from "./_lowrank";

type T = Tensor;

/** Calls a generated op as a function (Python's _VF.X / torch._C._VariableFunctions.X). */
export function vf(name: keyof typeof OPS, args: unknown[]): unknown {
  return callOp(OPS[name], null, args);
}

/** Python's `*args, **kwargs`: the positional arguments and the trailing options object. */
function splitOptions(args: unknown[]): [unknown[], Record<string, unknown>] {
  if (args.length > 0 && isOptions(args[args.length - 1])) return [args.slice(0, -1), args[args.length - 1] as Record<string, unknown>];
  return [args, {}];
}

/** A function that takes only `*args` (no keyword arguments), as Python's would reject them. */
function noKeywords(fn: string, options: Record<string, unknown>): void {
  const key = Object.keys(options)[0];
  if (key !== undefined) throw new TypeError(`${fn}() got an unexpected keyword argument '${key}'`);
}

/** Python's repr of a shape given as an int or a sequence: (3,), (2, 3). */
function tupleRepr(shape: readonly unknown[]): string {
  return shape.length === 1 ? `(${pyRepr(shape[0])},)` : `(${shape.map((s) => pyRepr(s)).join(", ")})`;
}

// ---- broadcasting ----

/** torch.broadcast_tensors(*tensors): the tensors expanded to their common shape. */
export function broadcast_tensors(...args: (T | Record<string, never>)[]): T[] {
  const [tensors, options] = splitOptions(args);
  noKeywords("broadcast_tensors", options);
  return vf("broadcast_tensors", [tensors]) as T[];
}

/**
 * torch.broadcast_shapes(*shapes): the shape the given shapes broadcast to, as a number[]
 * (Python's torch.Size). Each shape is an int or a sequence of ints.
 */
export function broadcast_shapes(...shapes: (number | number[] | null)[]): number[] {
  const given = shapes.filter((s) => s !== null && s !== undefined).map((s) => (Number.isInteger(s) ? [s as number] : s));
  if (given.length === 0) return [];
  for (const shape of given) {
    if (!Array.isArray(shape) && typeof shape !== "string") {
      throw new RuntimeError(`('Input shapes should be of type ints, a tuple of ints, or a list of ints, got ', ${pyRepr(shape)})`);
    }
  }
  const shapesList = given as number[][];
  const common: number[] = new Array(Math.max(...shapesList.map((s) => s.length))).fill(1);
  shapesList.forEach((shape, argIdx) => {
    for (let idx = -1; idx >= -shape.length; idx--) {
      const s = shape[shape.length + idx];
      const c = common.length + idx;
      if (s === common[c]) continue;
      if (common[c] === 1) {
        if (s < 0) throw new ValueError("Attempting to broadcast a dimension with negative length!");
        common[c] = s;
      }
      if (s === 1) continue;
      if (common[c] !== s) {
        throw new RuntimeError(
          `Attempting to broadcast a dimension of length ${s} at ${idx}! Mismatching argument at index ${argIdx} had ` +
            `${tupleRepr(shape)}; but expected shape should be broadcastable to [${common.join(", ")}]`,
        );
      }
    }
  });
  return common;
}

// ---- splitting, einsum, meshgrid ----

/** torch.split(tensor, split_size_or_sections, dim=0): Tensor.split. */
export function split(...args: unknown[]): T[] {
  const [tensor, sizes, dim] = bindArgs("split", ["tensor", "split_size_or_sections", "dim"], args, 2);
  return tensorSplit(tensor, sizes, dim ?? 0);
}

/** Tensor.split (torch/_tensor.py): an int is torch._VF.split, a list torch._VF.split_with_sizes. */
export function tensorSplit(self: unknown, splitSize: unknown, dim: unknown): T[] {
  if (splitSize instanceof Tensor) {
    if (splitSize.numel() === 1 && !splitSize.dtype.is_complex) splitSize = Math.trunc(Number(splitSize.item()));
  }
  if (Number.isInteger(splitSize)) return vf("split", [self, splitSize, dim]) as T[];
  return vf("split_with_sizes", [self, splitSize, dim]) as T[];
}

/**
 * torch.einsum(equation, *operands), torch.einsum(equation, [operands]), or the sublist form
 * torch.einsum(op1, sublist1, op2, sublist2, ..., [sublist_out]): subscripts as ints in
 * [0, 52), "..." for Python's Ellipsis.
 */
export function einsum(...args: unknown[]): T {
  const [given, options] = splitOptions(args);
  noKeywords("einsum", options);
  if (given.length < 2) {
    throw new ValueError(
      "einsum(): must specify the equation string and at least one operand, or at least one operand and its subscripts list",
    );
  }
  let equation: unknown;
  let operands: unknown[];
  if (given[0] instanceof Tensor) {
    const parse = (n: unknown): string => {
      if (n === "...") return "...";
      const k = n as number;
      if (k >= 0 && k < 26) return String.fromCharCode(65 + k);
      if (k >= 26 && k < 52) return String.fromCharCode(97 + k - 26);
      throw new ValueError("einsum(): subscript in subscript list is not within the valid range [0, 52)");
    };
    const sublists = given.filter((_, i) => i % 2 === 1) as unknown[][];
    equation = sublists.map((l) => l.map(parse).join("")).join(",");
    if (given.length % 2 === 1) {
      equation += "->" + (given[given.length - 1] as unknown[]).map(parse).join("");
      operands = given.slice(0, -1).filter((_, i) => i % 2 === 0);
    } else {
      operands = given.filter((_, i) => i % 2 === 0);
    }
  } else {
    equation = given[0];
    operands = given.slice(1);
  }
  if (operands.length === 1 && Array.isArray(operands[0])) return einsum(equation, ...(operands[0] as unknown[]));
  return vf("einsum", [equation, operands]) as T;
}

export interface MeshgridOptions {
  indexing?: "ij" | "xy" | null;
}
/** torch.meshgrid(*tensors, indexing=None), or torch.meshgrid([tensors], { indexing }). */
export function meshgrid(...args: (T | T[] | MeshgridOptions)[]): T[] {
  const [given, options] = splitOptions(args);
  bindArgs("meshgrid", ["indexing"], [options], 0, 0);
  const tensors = given.length === 1 && Array.isArray(given[0]) ? given[0] : given;
  const indexing = options.indexing;
  return vf("meshgrid", indexing === null || indexing === undefined ? [tensors] : [tensors, { indexing }]) as T[];
}

// ---- stft ----

const STFT = ["input", "n_fft", "hop_length", "win_length", "window", "center", "pad_mode", "normalized", "onesided", "return_complex", "align_to_window"];

export interface StftOptions {
  hop_length?: number | null;
  win_length?: number | null;
  window?: T | null;
  center?: boolean;
  pad_mode?: string;
  normalized?: boolean;
  onesided?: boolean | null;
  return_complex?: boolean | null;
  align_to_window?: boolean | null;
}

/**
 * torch.stft(input, n_fft, hop_length=None, win_length=None, window=None, center=True,
 * pad_mode='reflect', normalized=False, onesided=None, return_complex=None, align_to_window=None).
 */
export function stft(...args: unknown[]): T {
  const v = bindArgs("stft", STFT, args, 2);
  return stftImpl(v);
}

/** Tensor.stft: the same parameters after self. */
export function stftImpl(v: unknown[]): T {
  let input = v[0] as T;
  const nFft = v[1];
  const center = v[5] ?? true;
  const alignToWindow = v[10] ?? null;
  if (center && alignToWindow !== null) throw new RuntimeError("stft align_to_window should only be set when center = false");
  if (center) {
    const signalDim = input.dim();
    const extended = [...new Array(Math.max(0, 3 - signalDim)).fill(1), ...input.size()];
    const pad = Math.floor((nFft as number) / 2);
    input = vf("pad", [input.view(extended), [pad, pad], v[6] ?? "reflect"]) as T;
    input = input.view(signalDim === 0 ? input.shape : input.shape.slice(-signalDim));
  }
  const opt = (x: unknown) => (x === undefined ? null : x);
  return vf("stft", [input, nFft, opt(v[2]), opt(v[3]), opt(v[4]), v[7] ?? false, opt(v[8]), opt(v[9]), alignToWindow]) as T;
}

// ---- unique ----

const UNIQUE = ["input", "sorted", "return_inverse", "return_counts", "dim"];
const UNIQUE_CONSECUTIVE = ["input", "return_inverse", "return_counts", "dim"];

export interface UniqueOptions {
  sorted?: boolean;
  return_inverse?: boolean;
  return_counts?: boolean;
  dim?: number | null;
}

/** What torch.unique and unique_consecutive return for the flags: the output alone or a tuple. */
function uniqueResult([output, inverse, counts]: T[], returnInverse: unknown, returnCounts: unknown): T | T[] {
  if (returnInverse) return returnCounts ? [output, inverse, counts] : [output, inverse];
  return returnCounts ? [output, counts] : output;
}

/**
 * The flag torch._jit_internal.boolean_dispatch reads: the keyword if given, else the
 * positional argument at argIndex, else its default (false).
 */
function dispatchFlag(args: unknown[], name: string, argIndex: number): boolean {
  const last = args.length > 0 && isOptions(args[args.length - 1]) ? (args[args.length - 1] as Record<string, unknown>) : null;
  const positional = last === null ? args.length : args.length - 1;
  if (last !== null && Object.hasOwn(last, name)) return Boolean(last[name]);
  if (positional > argIndex) return Boolean(args[argIndex]);
  return false;
}

/**
 * torch.unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None): the
 * output, or [output, inverse_indices] / [output, counts] / [output, inverse_indices, counts]
 * by the flags, as Python's.
 */
export function unique(input: T, options?: UniqueOptions & { return_inverse?: false; return_counts?: false }): T;
export function unique(input: T, options: UniqueOptions & ({ return_inverse: true } | { return_counts: true })): T[];
export function unique(...args: unknown[]): T | T[];
export function unique(...args: unknown[]): T | T[] {
  // Python's unique is boolean_dispatch over four functions; its messages name the one chosen.
  const inv = dispatchFlag(args, "return_inverse", 2);
  const cnt = dispatchFlag(args, "return_counts", 3);
  const fn = inv ? (cnt ? "_unique_impl" : "_return_inverse") : cnt ? "_return_counts" : "_return_output";
  const [input, sorted = true, returnInverse = false, returnCounts = false, dim = null] = bindArgs(fn, UNIQUE, args, 1);
  const flags = { sorted, return_inverse: returnInverse, return_counts: returnCounts };
  const result =
    dim !== null
      ? (vf("unique_dim", [input, dim, flags]) as T[])
      : (vf("_unique2", [input, flags]) as T[]);
  return uniqueResult(result, returnInverse, returnCounts);
}

/** torch.unique_consecutive(input, return_inverse=False, return_counts=False, dim=None). */
export function unique_consecutive(input: T, options?: Omit<UniqueOptions, "sorted"> & { return_inverse?: false; return_counts?: false }): T;
export function unique_consecutive(input: T, options: Omit<UniqueOptions, "sorted"> & ({ return_inverse: true } | { return_counts: true })): T[];
export function unique_consecutive(...args: unknown[]): T | T[];
export function unique_consecutive(...args: unknown[]): T | T[] {
  const inv = dispatchFlag(args, "return_inverse", 2);
  const cnt = dispatchFlag(args, "return_counts", 1);
  const fn = inv ? (cnt ? "_unique_consecutive_impl" : "_consecutive_return_inverse") : cnt ? "_consecutive_return_counts" : "_consecutive_return_output";
  const [input, returnInverse = false, returnCounts = false, dim = null] = bindArgs(fn, UNIQUE_CONSECUTIVE, args, 1);
  const result = vf("unique_consecutive", [input, { return_inverse: returnInverse, return_counts: returnCounts, dim }]) as T[];
  return uniqueResult(result, returnInverse, returnCounts);
}

// ---- products, distances ----

/** torch.tensordot(a, b, dims=2, out=None): dims an int, [dims_a, dims_b], or a tensor. */
export function tensordot(...args: unknown[]): T {
  const [a, b, dims = 2, out = null] = bindArgs("tensordot", ["a", "b", "dims", "out"], args, 2);
  const isInt = Number.isInteger(dims);
  if (!(Array.isArray(dims) || dims instanceof Tensor || isInt)) {
    throw new RuntimeError(
      "tensordot expects dims to be int or tuple[list[int], list[int]] or list[list[int]] containing two lists, " +
        `but got dims=${pyStr(dims)}`,
    );
  }
  let dimsA: unknown = [];
  let dimsB: unknown = [];
  if (Array.isArray(dims)) {
    if (dims.length !== 2) throw new ValueError(`${dims.length < 2 ? "not enough" : "too many"} values to unpack (expected 2${dims.length < 2 ? `, got ${dims.length}` : ""})`);
    [dimsA, dimsB] = dims;
  }
  const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
  if (dims instanceof Tensor) {
    if (dims.numel() > 1) {
      if (dims.size(0) !== 2) throw new AssertionError(`dims tensor must have size 2 in first dimension, got ${dims.size(0)}`);
      dimsA = dims.index(0).tolist();
      dimsB = dims.index(1).tolist();
    } else {
      const n = Math.trunc(Number(dims.item()));
      if (n < 0) throw new RuntimeError(`tensordot expects dims >= 0, but got dims=${dims}`);
      dimsA = range(-n, 0);
      dimsB = range(0, n);
    }
  }
  if (isInt) {
    const n = dims as number;
    if (n < 0) throw new RuntimeError(`tensordot expects dims >= 0, but got dims=${n}`);
    if (n > Math.min((a as T).dim(), (b as T).dim())) throw new RuntimeError(`tensordot expects dims < ndim_a or ndim_b, but got dims=${n}`);
    dimsA = range(-n, 0);
    dimsB = range(0, n);
  }
  return vf("tensordot", out === null ? [a, b, dimsA, dimsB] : [a, b, dimsA, dimsB, { out }]) as T;
}

/** torch.cartesian_prod(*tensors). */
export function cartesian_prod(...args: (T | Record<string, never>)[]): T {
  const [tensors, options] = splitOptions(args);
  noKeywords("cartesian_prod", options);
  return vf("cartesian_prod", [tensors]) as T;
}

/** torch.block_diag(*tensors). */
export function block_diag(...args: (T | Record<string, never>)[]): T {
  const [tensors, options] = splitOptions(args);
  noKeywords("block_diag", options);
  return vf("block_diag", [tensors]) as T;
}

export interface CdistOptions {
  p?: number;
  compute_mode?: "use_mm_for_euclid_dist_if_necessary" | "use_mm_for_euclid_dist" | "donot_use_mm_for_euclid_dist";
}
/** torch.cdist(x1, x2, p=2.0, compute_mode='use_mm_for_euclid_dist_if_necessary'). */
export function cdist(...args: unknown[]): T {
  const [x1, x2, p = 2, computeMode = "use_mm_for_euclid_dist_if_necessary"] = bindArgs("cdist", ["x1", "x2", "p", "compute_mode"], args, 2);
  const modes: Record<string, number | null> = {
    use_mm_for_euclid_dist_if_necessary: null,
    use_mm_for_euclid_dist: 1,
    donot_use_mm_for_euclid_dist: 2,
  };
  if (typeof computeMode !== "string" || !Object.hasOwn(modes, computeMode)) {
    throw new ValueError(`${pyStr(computeMode)} is not a valid value for compute_mode`);
  }
  return vf("cdist", [x1, x2, p, modes[computeMode]]) as T;
}

/** torch.chain_matmul(*matrices, out=None) (deprecated in Python for torch.linalg.multi_dot). */
export function chain_matmul(...args: (T | { out?: T | null })[]): T {
  const [matrices, options] = splitOptions(args);
  bindArgs("chain_matmul", ["out"], [options], 0, 0);
  const out = options.out ?? null;
  return vf("chain_matmul", out === null ? [matrices] : [matrices, { out }]) as T;
}

// ---- atleast_nd ----

function atleast(n: 1 | 2 | 3, args: unknown[]): T | T[] {
  const [tensors, options] = splitOptions(args);
  noKeywords(`atleast_${n}d`, options);
  return vf(`atleast_${n}d`, [tensors.length === 1 ? tensors[0] : tensors]) as T | T[];
}
/** torch.atleast_1d(*tensors): one tensor for one tensor, else a list (also for one list). */
export function atleast_1d(x: T): T;
export function atleast_1d(...tensors: (T | T[])[]): T[];
export function atleast_1d(...args: (T | T[])[]): T | T[] {
  return atleast(1, args);
}
/** torch.atleast_2d(*tensors). */
export function atleast_2d(x: T): T;
export function atleast_2d(...tensors: (T | T[])[]): T[];
export function atleast_2d(...args: (T | T[])[]): T | T[] {
  return atleast(2, args);
}
/** torch.atleast_3d(*tensors). */
export function atleast_3d(x: T): T;
export function atleast_3d(...tensors: (T | T[])[]): T[];
export function atleast_3d(...args: (T | T[])[]): T | T[] {
  return atleast(3, args);
}

/** torch.align_tensors: Python raises, as named tensors are not supported. */
export function align_tensors(..._tensors: unknown[]): never {
  throw new RuntimeError("`align_tensors` not yet implemented.");
}

// ---- norm ----

export interface NormOptions {
  p?: number | "fro" | "nuc" | null;
  dim?: number | number[] | null;
  keepdim?: boolean;
  out?: T | null;
  dtype?: dtype | null;
}

type NormArg = number | string | number[] | boolean | null | T | dtype | NormOptions;

/**
 * torch.norm(input, p='fro', dim=None, keepdim=False, out=None, dtype=None), as Python's
 * torch.functional.norm: "fro" over at most two dims and numeric p are linalg.vector_norm,
 * the other strings ("nuc", "fro" over more dims) linalg.matrix_norm.
 */
export function norm(...args: NormArg[]): T {
  const v = bindArgs("norm", ["input", "p", "dim", "keepdim", "out", "dtype"], args, 1);
  return normImpl(v[0], v[1] === undefined ? "fro" : v[1], v[2] ?? null, v[3] ?? false, v[4] ?? null, v[5] ?? null);
}

function normImpl(input: unknown, p: unknown, dim: unknown, keepdim: unknown, out: unknown, dtype: unknown): T {
  const dims = dim === null ? null : Number.isInteger(dim) ? [dim] : dim;
  const withOut = (options: Record<string, unknown>) => (out === null ? options : { ...options, out });
  if (typeof p === "string") {
    if (p === "fro" && (dim === null || Number.isInteger(dim) || (dim as unknown[]).length <= 2)) {
      return vf("linalg_vector_norm", [input, 2, dims, keepdim, withOut({ dtype })]) as T;
    }
    const all = dims ?? Array.from({ length: (input as T).ndim }, (_, i) => i);
    return vf("linalg_matrix_norm", [input, p, all, keepdim, withOut({ dtype })]) as T;
  }
  return vf("linalg_vector_norm", [input, p === null ? 2 : p, dims, keepdim, withOut({ dtype })]) as T;
}

/** Tensor.norm(p='fro', dim=None, keepdim=False, dtype=None): torch.norm without out. */
export function tensorNorm(self: T, args: unknown[]): T {
  const v = bindArgs("Tensor.norm", ["p", "dim", "keepdim", "dtype"], args, 0);
  return normImpl(self, v[0] === undefined ? "fro" : v[0], v[1] ?? null, v[2] ?? false, null, v[3] ?? null);
}

// ---- unravel_index ----

/** torch.unravel_index(indices, shape): one tensor of coordinates per dimension of shape. */
export function unravel_index(...args: unknown[]): T[] {
  const [indices, shape] = bindArgs("unravel_index", ["indices", "shape"], args, 2) as [T, unknown];
  if (indices.dtype.is_complex || indices.dtype.is_floating_point || indices.dtype.name === "bool") {
    throw new TypeError(`expected 'indices' to be integer dtype, but got torch.${indices.dtype.name}`);
  }
  if (!Number.isInteger(shape) && !Array.isArray(shape)) {
    throw new TypeError(`expected 'shape' to be int or sequence of ints, but got <class '${pyClass(shape)}'>`);
  }
  const dims = Number.isInteger(shape) ? [shape as number] : (shape as unknown[]);
  for (const d of dims) {
    if (!Number.isInteger(d)) throw new TypeError(`expected 'shape' sequence to only contain ints, but got <class '${pyClass(d)}'>`);
  }
  const sizes = dims as number[];
  if (!sizes.every((d) => d >= 0)) throw new ValueError(`'shape' cannot have negative values, but got ${tupleRepr(sizes)}`);
  // coefs[i] = prod(shape[i+1:]), as Python's accumulate over the reversed shape.
  const coefs = sizes.map((_, i) => sizes.slice(i + 1).reduce((a, b) => a * b, 1));
  const device = indices.device;
  const res = indices
    .unsqueeze(-1)
    .floor_divide(makeTensor(coefs, { device, dtype: int64 }))
    .remainder(makeTensor(sizes, { device, dtype: int64 }));
  return res.unbind(-1);
}

function pyClass(v: unknown): string {
  if (v === null || v === undefined) return "NoneType";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "string") return "str";
  if (typeof v === "boolean") return "bool";
  if (v instanceof Tensor) return "torch.Tensor";
  return "dict";
}

// ---- lu ----

export interface LuOptions {
  pivot?: boolean;
  get_infos?: boolean;
  out?: T[] | null;
}
/**
 * torch.lu(A, pivot=True, get_infos=False, out=None): [LU, pivots], or with get_infos the
 * named tuple (LU, pivots, info), as Python's (deprecated for torch.linalg.lu_factor).
 */
export function lu(...args: unknown[]): T[] {
  const fn = dispatchFlag(args, "get_infos", 2) ? "_lu_with_infos" : "_lu_no_infos";
  const [A, pivot = true, getInfos = false, out = null] = bindArgs(fn, ["A", "pivot", "get_infos", "out"], args, 1);
  return luImpl(A, pivot, getInfos, out);
}

export function luImpl(A: unknown, pivot: unknown, getInfos: unknown, out: unknown): T[] {
  const result = vf("_lu_with_info", [A, { pivot, check_errors: !getInfos }]) as T[];
  if (out !== null) {
    const n = Array.isArray(out) ? out.length : undefined;
    if (n === undefined) throw new TypeError(`object of type '${pyClass(out)}' has no len()`);
    if (n - (getInfos ? 1 : 0) !== 2) throw new TypeError(`expected tuple of ${2 + (getInfos ? 1 : 0)} elements but got ${n}`);
    (out as T[]).forEach((o, i) => o.resize_as_(result[i]).copy_(result[i]));
    return out as T[];
  }
  return getInfos ? result : [result[0], result[1]];
}

// ---- segment_reduce ----

/** torch._segment_reduce: Python's name for torch.segment_reduce. */
export function _segment_reduce(...args: unknown[]): T {
  return vf("segment_reduce", args) as T;
}

import { pca_lowrank as pcaLowrank, svd_lowrank as svdLowrank } from "./_lowrank";

/** What `torch` gets from torch/functional.py (its __all__), and torch._segment_reduce. */
export const functionalAll = {
  atleast_1d,
  atleast_2d,
  atleast_3d,
  align_tensors,
  broadcast_shapes,
  broadcast_tensors,
  cartesian_prod,
  block_diag,
  cdist,
  chain_matmul,
  einsum,
  lu,
  norm,
  meshgrid,
  pca_lowrank: pcaLowrank,
  split,
  stft,
  svd_lowrank: svdLowrank,
  tensordot,
  unique,
  unique_consecutive,
  unravel_index,
  _segment_reduce,
};
