// The few generated factories that lib/ itself needs, typed (the torch namespace gets them
// from lib/_dispatch.ts at load time).
import { callOp } from "./_dispatch";
import { OPS } from "./generated/ops";
import type { Tensor } from "./tensor";

export function zeros(...size: number[]): Tensor {
  return callOp(OPS.zeros, null, size) as Tensor;
}
