// torch functions that Python writes in Python rather than binding one ATen op: their
// argument handling is Python's, and they call the generated ops.
import { checkOptions, isOptions } from "./_args";
import { callOp } from "./_dispatch";
import type { dtype } from "./dtype";
import { argumentError, NotImplementedError } from "./errors";
import { OPS } from "./generated/ops";
import { Tensor } from "./tensor";

/** torch.einsum(equation, ...operands) or torch.einsum(equation, [operands]). */
export function einsum(equation: string, ...operands: (Tensor | Tensor[])[]): Tensor {
  if (typeof equation !== "string") throw argumentError("einsum", "equation", "str", equation);
  const tensors = operands.length === 1 && Array.isArray(operands[0]) ? operands[0] : operands;
  return callOp(OPS.einsum, null, [equation, tensors]) as Tensor;
}

export interface NormOptions {
  p?: number | "fro" | "nuc" | null;
  dim?: number | number[] | null;
  keepdim?: boolean;
  dtype?: dtype | null;
}

/**
 * torch.norm(input, p = "fro", dim = null, keepdim = false, { dtype }), as Python's
 * torch.functional.norm: a vector norm (linalg.vector_norm) for numeric p and for "fro".
 */
export function norm(input: Tensor, ...args: (number | string | number[] | boolean | null | NormOptions)[]): Tensor {
  if (!(input instanceof Tensor)) throw argumentError("norm", "input", "Tensor", input);
  const options = (args.length > 0 && isOptions(args[args.length - 1]) ? args.pop() : {}) as NormOptions;
  checkOptions("norm", options, ["p", "dim", "keepdim", "dtype"]);
  const [p = options.p ?? "fro", dim = options.dim ?? null, keepdim = options.keepdim ?? false] = args as [
    NormOptions["p"]?,
    NormOptions["dim"]?,
    boolean?,
  ];
  const dims = dim === null || dim === undefined ? null : typeof dim === "number" ? [dim] : dim;
  if (typeof p === "string") {
    if (p === "fro" && (dims === null || dims.length <= 2)) {
      return callOp(OPS.linalg_vector_norm, null, [input, 2, dims, keepdim, { dtype: options.dtype ?? null }]) as Tensor;
    }
    throw new NotImplementedError(`norm(): p='${p}' is not supported by torchts yet`);
  }
  return callOp(OPS.linalg_vector_norm, null, [input, p ?? 2, dims, keepdim, { dtype: options.dtype ?? null }]) as Tensor;
}

Object.defineProperty(Tensor.prototype, "norm", {
  value: function (this: Tensor, ...args: Parameters<typeof norm> extends [Tensor, ...infer R] ? R : never) {
    return norm(this, ...args);
  },
  writable: true,
  configurable: true,
});

declare module "./tensor" {
  interface Tensor {
    /** x.norm(p = "fro", dim = null, keepdim = false, { dtype }) */
    norm(...args: (number | string | number[] | boolean | null | NormOptions)[]): Tensor;
  }
}
