// torch.nn.functional's grouped and scaled matrix products, ported from torch/nn/functional.py
// (torch 2.11); ./functional re-exports them: grouped_mm (torch._grouped_mm), scaled_mm and
// scaled_grouped_mm (torch._scaled_mm_v2 / torch._scaled_grouped_mm_v2, with the scaling
// recipes and swizzles as the enums F.ScalingType and F.SwizzleType). LibTorch runs the scaled
// products on CUDA only (fp8 / fp4 on recent GPUs); elsewhere they raise its error.
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { given } from "../_python";
import type { dtype } from "../dtype";
import { bfloat16 } from "../dtype";
import { AttributeError, pyTypeName } from "../errors";
import type { Tensor } from "../tensor";
import { PyEnumMember } from "./_functional_utils";

type T = Tensor;

function pyEnum<K extends string>(enumName: string, names: readonly K[]): Readonly<Record<K, PyEnumMember>> {
  return Object.freeze(Object.fromEntries(names.map((n, i) => [n, new PyEnumMember(enumName, n, i)])) as Record<K, PyEnumMember>);
}

/** F.ScalingType (torch._C._ScalingType): how a scale applies to an operand of scaled_mm. */
export const ScalingType = pyEnum("_ScalingType", [
  "TensorWise", "RowWise", "BlockWise1x16", "BlockWise1x32", "BlockWise1x128", "BlockWise128x128",
] as const);
/** F.SwizzleType (torch._C._SwizzleType): the layout of a block scale. */
export const SwizzleType = pyEnum("_SwizzleType", ["NO_SWIZZLE", "SWIZZLE_32_4_4"] as const);

export interface GroupedMmOptions {
  mat_a?: T;
  mat_b?: T;
  offs?: T | null;
  bias?: T | null;
  out_dtype?: dtype | null;
}
/** F.grouped_mm(mat_a, mat_b, *, offs=None, bias=None, out_dtype=None): torch._grouped_mm. */
export function grouped_mm(...args: [mat_a: T, mat_b: T] | [mat_a: T, mat_b: T, options: GroupedMmOptions]): T {
  const [a, b, offs, bias, outDtype] = bindArgs("grouped_mm", ["mat_a", "mat_b", "offs", "bias", "out_dtype"], args, 2, 2);
  return aten._grouped_mm(a as T, b as T, { offs: (offs ?? null) as T | null, bias: (bias ?? null) as T | null, out_dtype: (outDtype ?? null) as dtype | null });
}

type OneOrMany<V> = V | V[];

/** Python's expand_single_value: None is [], a list stays, anything else is a list of one. */
const expand = (v: unknown): unknown[] => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]);
/** Python's enum_list_as_int_list: the members' .value. */
const values = (v: unknown[]): number[] =>
  v.map((m) => {
    if (m instanceof PyEnumMember) return m.value;
    throw new AttributeError(`'${pyTypeName(m)}' object has no attribute 'value'`);
  });

export interface ScaledMmOptions {
  mat_a?: T;
  mat_b?: T;
  scale_a?: OneOrMany<T>;
  scale_recipe_a?: OneOrMany<PyEnumMember>;
  scale_b?: OneOrMany<T>;
  scale_recipe_b?: OneOrMany<PyEnumMember>;
  swizzle_a?: OneOrMany<PyEnumMember> | null;
  swizzle_b?: OneOrMany<PyEnumMember> | null;
  bias?: T | null;
  output_dtype?: dtype | null;
  contraction_dim?: number[];
  use_fast_accum?: boolean;
}
type ScaledHead = [
  mat_a: T, mat_b: T, scale_a: OneOrMany<T>, scale_recipe_a: OneOrMany<PyEnumMember>, scale_b: OneOrMany<T>, scale_recipe_b: OneOrMany<PyEnumMember>,
];
type Swizzle = OneOrMany<PyEnumMember> | null;
const SCALED_HEAD = ["mat_a", "mat_b", "scale_a", "scale_recipe_a", "scale_b", "scale_recipe_b", "swizzle_a", "swizzle_b"];

/** The operands and scales of scaled_mm / scaled_grouped_mm as the _v2 ops take them. */
function scaledOperands(v: unknown[]): unknown[] {
  return [v[0], v[1], expand(v[2]), values(expand(v[3])), values(expand(v[6])), expand(v[4]), values(expand(v[5])), values(expand(v[7]))];
}

/**
 * F.scaled_mm(mat_a, mat_b, scale_a, scale_recipe_a, scale_b, scale_recipe_b, swizzle_a=None,
 * swizzle_b=None, bias=None, output_dtype=torch.bfloat16, contraction_dim=(), use_fast_accum=False).
 */
export function scaled_mm(
  ...args:
    | [...ScaledHead, ...([] | [Swizzle] | [Swizzle, Swizzle] | [Swizzle, Swizzle, T | null] | [Swizzle, Swizzle, T | null, dtype | null])]
    | [...ScaledHead, ScaledMmOptions]
): T {
  const names = [...SCALED_HEAD, "bias", "output_dtype", "contraction_dim", "use_fast_accum"];
  const v = bindArgs("scaled_mm", names, args, 6);
  const op = aten._scaled_mm_v2 as unknown as (...a: unknown[]) => T;
  return op(...scaledOperands(v), v[8] ?? null, given(v[9], bfloat16), given(v[10], []), given(v[11], false));
}

export interface ScaledGroupedMmOptions extends ScaledMmOptions {
  offs?: T | null;
}
/**
 * F.scaled_grouped_mm(mat_a, mat_b, scale_a, scale_recipe_a, scale_b, scale_recipe_b,
 * swizzle_a=None, swizzle_b=None, bias=None, offs=None, output_dtype=torch.bfloat16,
 * contraction_dim=(), use_fast_accum=False).
 */
export function scaled_grouped_mm(
  ...args:
    | [...ScaledHead, ...([] | [Swizzle] | [Swizzle, Swizzle] | [Swizzle, Swizzle, T | null] | [Swizzle, Swizzle, T | null, T | null])]
    | [...ScaledHead, ScaledGroupedMmOptions]
): T {
  const names = [...SCALED_HEAD, "bias", "offs", "output_dtype", "contraction_dim", "use_fast_accum"];
  const v = bindArgs("scaled_grouped_mm", names, args, 6);
  const op = aten._scaled_grouped_mm_v2 as unknown as (...a: unknown[]) => T;
  return op(...scaledOperands(v), v[9] ?? null, v[8] ?? null, given(v[10], bfloat16), given(v[11], []), given(v[12], false));
}
