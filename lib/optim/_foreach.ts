// The multi-tensor ops the optimizers call, under Python's names (torch._foreach_add_ ...), so
// that the ported code reads as Python's does. Each is one native call over a list of
// tensors; arguments bind as the generated op's schema says (lib/_dispatch.ts).
import { callOp } from "../_dispatch";
import { OPS } from "../generated/ops";
import type { Tensor } from "../tensor";

type Arg = Tensor | Tensor[] | number | number[] | boolean | null | Record<string, unknown>;

function inplace(name: string): (...args: Arg[]) => void {
  const op = OPS[name];
  return (...args) => void callOp(op, null, args);
}

function outOfPlace(name: string): (...args: Arg[]) => Tensor[] {
  const op = OPS[name];
  return (...args) => callOp(op, null, args) as Tensor[];
}

export const _foreach_add_ = inplace("_foreach_add_");
export const _foreach_add = outOfPlace("_foreach_add");
export const _foreach_sub_ = inplace("_foreach_sub_");
export const _foreach_sub = outOfPlace("_foreach_sub");
export const _foreach_reciprocal_ = inplace("_foreach_reciprocal_");
export const _foreach_clamp_min_ = inplace("_foreach_clamp_min_");
export const _foreach_rsqrt_ = inplace("_foreach_rsqrt_");
export const _foreach_mul_ = inplace("_foreach_mul_");
export const _foreach_mul = outOfPlace("_foreach_mul");
export const _foreach_div_ = inplace("_foreach_div_");
export const _foreach_addcmul_ = inplace("_foreach_addcmul_");
export const _foreach_addcdiv_ = inplace("_foreach_addcdiv_");
export const _foreach_lerp_ = inplace("_foreach_lerp_");
export const _foreach_sqrt = outOfPlace("_foreach_sqrt");
export const _foreach_sqrt_ = inplace("_foreach_sqrt_");
export const _foreach_maximum_ = inplace("_foreach_maximum_");
export const _foreach_neg = outOfPlace("_foreach_neg");
export const _foreach_zero_ = inplace("_foreach_zero_");
export const _fused_adam_ = inplace("_fused_adam_");
export const _fused_adamw_ = inplace("_fused_adamw_");
export const _fused_sgd_ = inplace("_fused_sgd_");

/**
 * Frees intermediate tensor lists now (Python frees them when their last reference goes; JS
 * would wait for the garbage collector, keeping a parameter-sized copy alive per list).
 */
export function _free(...lists: (Tensor[] | null)[]): void {
  for (const list of lists) if (list !== null) for (const t of list) t.dispose();
}

/** torch._foreach_addcmul (out of place), which the op table lacks: a copy (x * 1 is exact, -0 and NaN included), then the in-place op. */
export function _foreach_addcmul(self: Tensor[], tensor1: Tensor[], tensor2: Tensor[], value: number): Tensor[] {
  const result = _foreach_mul(self, 1);
  _foreach_addcmul_(result, tensor1, tensor2, value);
  return result;
}
