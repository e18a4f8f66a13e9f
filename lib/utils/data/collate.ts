// default_collate and default_convert, as torch/utils/data/_utils/collate.py. JS values map
// to Python's: Tensor → stacked; number → tensor (int64 when the first element is an integer,
// like a Python int; float64 otherwise, like a Python float); boolean → bool tensor; string →
// kept as an array; typed array → like a numpy array (as_tensor, then stacked); array → collated
// per position (an array of results, as Python returns a list for lists and tuples); plain
// object → collated per key (Python's dict).
import { isOptions } from "../../_args";
import { callOp } from "../../_dispatch";
import { as_tensor, tensor } from "../../creation";
import { float64 } from "../../dtype";
import { RuntimeError, TypeError } from "../../errors";
import { OPS } from "../../generated/ops";
import { Tensor } from "../../tensor";
import { typeName } from "./_common";

const ERR = "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found ";

function isTypedArray(x: unknown): x is ArrayBufferView {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

/**
 * The type default_collate makes of a list of samples of type T: tensors, numbers, booleans and
 * typed arrays become a Tensor; strings a string[]; arrays and tuples are collated per
 * position, records per key; `any` stays `any`.
 */
export type Collated<T> = 0 extends 1 & T
  ? any // samples typed `any` (untyped datasets) give untyped batches
  : T extends Tensor | number | boolean | bigint | ArrayBufferView
  ? Tensor
  : T extends string
    ? string[]
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Collated<T[K]> }
      : T extends object
        ? { [K in keyof T]: Collated<T[K]> }
        : unknown;

/** default_collate(batch): puts each field of the samples into a tensor with a batch dimension. */
export function default_collate<T>(batch: T[]): Collated<T>;
export function default_collate(batch: unknown[]): any {
  return collate(batch, 0);
}

function collate(batch: unknown[], depth: number): any {
  // Python's RecursionError (a RuntimeError) for samples nested too deep, or containing themselves.
  if (depth > 256) throw new RuntimeError("maximum recursion depth exceeded in default_collate");
  if (!Array.isArray(batch)) throw new TypeError(`'${typeName(batch)}' object is not subscriptable`);
  const elem = batch[0];
  if (elem instanceof Tensor) {
    return callOp(OPS.stack, null, [batch, 0]);
  }
  if (isTypedArray(elem)) {
    return collate(batch.map((b) => as_tensor(b as never)), depth + 1);
  }
  if (typeof elem === "number") {
    // collate_int_fn: torch.tensor(batch), float32 when a later element is fractional, as
    // Python's torch.tensor([1, 2.5]); collate_float_fn: float64.
    if (Number.isInteger(elem)) return tensor(batch as number[]);
    return tensor(batch as number[], { dtype: float64 });
  }
  if (typeof elem === "boolean") return tensor(batch as boolean[]);
  if (typeof elem === "string") return batch;
  if (isOptions(elem)) {
    const notDict = batch.findIndex((d) => typeof d !== "object" || d === null);
    if (notDict >= 0) throw new TypeError(`'${typeName(batch[notDict])}' object is not subscriptable`);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(elem as object)) {
      out[key] = collate(batch.map((d) => (d as Record<string, unknown>)[key]), depth + 1);
    }
    return out;
  }
  if (Array.isArray(elem)) {
    // Python's zip(*batch): a sample that is not a sequence is its "object is not iterable".
    const notList = batch.findIndex((e) => !Array.isArray(e));
    if (notList >= 0) throw new TypeError(`'${typeName(batch[notList])}' object is not iterable`);
    const size = elem.length;
    if (!batch.every((e) => (e as unknown[]).length === size)) {
      throw new RuntimeError("each element in list of batch should be of equal size");
    }
    // zip(*batch) stops at the shortest, and all have the same length here.
    const out: unknown[] = [];
    for (let i = 0; i < size; i++) out.push(collate(batch.map((e) => (e as unknown[])[i]), depth + 1));
    return out;
  }
  throw new TypeError(ERR + `<class '${typeName(elem)}'>`);
}

/** default_convert(data): typed arrays to tensors, inside arrays and records; the rest as is. */
export function default_convert(data: unknown): any {
  return convert(data, 0);
}

function convert(data: unknown, depth: number): any {
  // Python's RecursionError (a RuntimeError) for data nested too deep, or containing itself.
  if (depth > 256) throw new RuntimeError("maximum recursion depth exceeded in default_convert");
  if (data instanceof Tensor) return data;
  if (isTypedArray(data)) return as_tensor(data as never);
  if (isOptions(data)) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data as object)) out[key] = convert(value, depth + 1);
    return out;
  }
  if (Array.isArray(data)) return data.map((v) => convert(v, depth + 1));
  return data;
}
