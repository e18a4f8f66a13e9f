// nn.Flatten and nn.Unflatten, ported from torch/nn/modules/flatten.py (torch 2.11).
import { callOp } from "../../_dispatch";
import { NotImplementedError, RuntimeError, TypeError } from "../../errors";
import { OPS } from "../../generated/ops";
import { Tensor } from "../../tensor";
import { Module } from "../module";
import { given, initArgs, named, PyArgs, pyTuple } from "./_utils";

export interface FlattenOptions {
  start_dim?: number;
  end_dim?: number;
}

/** `new nn.Flatten(start_dim = 1, end_dim = -1)`: input.flatten(start_dim, end_dim). */
export class Flatten extends Module {
  start_dim: number;
  end_dim: number;

  constructor(...args: PyArgs<[], [start_dim: number, end_dim: number], FlattenOptions>) {
    super();
    const [start_dim, end_dim] = initArgs("Flatten", ["start_dim", "end_dim"], args, 0);
    this.start_dim = given(start_dim, 1);
    this.end_dim = given(end_dim, -1);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => callOp(OPS.flatten, null, [input, this.start_dim, this.end_dim]) as Tensor);
  }

  extra_repr(): string {
    return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`;
  }
}

export interface UnflattenOptions {
  dim?: number;
  unflattened_size?: readonly number[];
}

/**
 * at::infer_size: `sizes` with its one -1 resolved so that they hold `numel` elements; the
 * second element says what failed (LibTorch's message) or is null.
 */
function inferSize(sizes: readonly number[], numel: number): [number[], string | null] {
  const shape = `[${sizes.join(", ")}]`;
  let inferred = -1;
  let newsize = 1;
  for (let i = 0; i < sizes.length; i++) {
    if (sizes[i] === -1) {
      if (inferred >= 0) return [[], "only one dimension can be inferred"];
      inferred = i;
    } else if (sizes[i] > -1) {
      newsize *= sizes[i];
    } else {
      return [[], `invalid shape dimension ${sizes[i]} at index ${i} of shape ${shape}`];
    }
  }
  const invalid = `shape '${shape}' is invalid for input of size ${numel}`;
  const out = [...sizes];
  if (inferred >= 0) {
    if (!((newsize > 0 && numel % newsize === 0) || numel === newsize)) return [[], invalid];
    if (newsize === 0) {
      return [[], `cannot reshape tensor of 0 elements into shape ${shape} because the unspecified dimension size -1 can be any value and is ambiguous`];
    }
    out[inferred] = numel / newsize;
    return [out, null];
  }
  return numel === newsize ? [out, null] : [[], invalid];
}

/**
 * `new nn.Unflatten(dim, unflattened_size)`: splits dimension dim into unflattened_size
 * (one entry may be -1), as input.unflatten(dim, unflattened_size). Named dimensions (a str
 * dim) are not supported: torchts has no named tensors.
 */
export class Unflatten extends Module {
  dim: number;
  unflattened_size: number[];

  constructor(...args: PyArgs<[dim: number, unflattened_size: readonly number[]], [], UnflattenOptions>) {
    super();
    const [dim, unflattened_size] = initArgs("Unflatten", ["dim", "unflattened_size"], args, 2);
    if (typeof dim === "number") {
      Unflatten._require_tuple_int(unflattened_size);
    } else if (typeof dim === "string") {
      throw new NotImplementedError("Unflatten with a named dimension needs named tensors, which torchts does not have");
    } else {
      throw new TypeError("invalid argument type for dim parameter");
    }
    this.dim = dim;
    this.unflattened_size = [...(unflattened_size as number[])];
  }

  private static _require_tuple_int(input: unknown): void {
    if (Array.isArray(input)) {
      input.forEach((elem, idx) => {
        if (!Number.isInteger(elem)) {
          throw new TypeError(`unflattened_size must be tuple of ints, but found element of type ${pyType(elem)} at pos ${idx}`);
        }
      });
      return;
    }
    throw new TypeError(`unflattened_size must be a tuple of ints, but found type ${pyType(input)}`);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => {
      // Tensor.unflatten (at::native::unflatten): dim's size replaced by unflattened_size, as a view.
      const sizes = this.unflattened_size;
      if (!(input instanceof Tensor)) throw new TypeError(`unflatten(): argument 'input' must be Tensor, not ${pyType(input)}`);
      if (sizes.length === 0) throw new RuntimeError("unflatten: sizes must be non-empty");
      const shape = input.shape;
      const size = input.size(this.dim) as number; // Python's IndexError for a dim out of range
      const dim = this.dim < 0 ? this.dim + shape.length : this.dim;
      const [inferred, failure] = inferSize(sizes, size);
      if (failure !== null) {
        if (!failure.includes("is invalid for input of size")) throw new RuntimeError(`unflatten got an unexpected error:\n${failure}`);
        throw new RuntimeError(
          `unflatten: Provided sizes [${sizes.join(", ")}] don't multiply up to the size of dim ${dim} (${size}) in the input tensor`,
        );
      }
      return input.view([...shape.slice(0, dim), ...inferred, ...shape.slice(dim + 1)]);
    });
  }

  extra_repr(): string {
    return `dim=${this.dim}, unflattened_size=${pyTuple(this.unflattened_size)}`;
  }
}

function pyType(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (Array.isArray(value)) return "list";
  return (value as object).constructor?.name ?? "object";
}
