// nn.Parameter: a tensor that a Module registers as one of its parameters. As in Python it
// is a Tensor (a leaf that shares the storage of the data it was made from).
import { callOp } from "../_dispatch";
import { OPS } from "../generated/ops";
import { Tensor } from "../tensor";
import { argumentError } from "../errors";
import { zeros } from "../_factories";

export class Parameter extends Tensor {
  /** new nn.Parameter(data = torch.empty(0), requires_grad = true) */
  constructor(data?: Tensor | null, requires_grad: boolean = true) {
    const source = data ?? zeros(0);
    if (!(source instanceof Tensor)) throw argumentError("Parameter", "data", "Tensor", data);
    super((callOp(OPS.detach, source, []) as Tensor)._h);
    if (requires_grad) this.requires_grad_(true);
  }

  toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}

/** @internal Marks UninitializedParameter and UninitializedBuffer (lib/nn/modules/lazy.ts) on their prototypes. */
export const UNINITIALIZED = Symbol("uninitialized");

/** torch.nn.parameter.is_lazy(param): whether param is an UninitializedParameter or UninitializedBuffer (not materialized yet). */
export function is_lazy(param: unknown): boolean {
  return param instanceof Tensor && UNINITIALIZED in param;
}
