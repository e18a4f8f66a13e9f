// Python's legacy tensor type names (torch.FloatTensor, torch.cuda.LongTensor, ...): what
// x.type() returns and takes. lib/legacy.ts registers the constructor objects here, so that
// x.type(torch.IntTensor) can name them without an import cycle.
import * as dt from "./dtype";

/** The type name of each dtype, as in "torch.<Name>Tensor". */
export const TYPE_NAMES: ReadonlyMap<dt.dtype, string> = new Map([
  [dt.float32, "Float"],
  [dt.float64, "Double"],
  [dt.float16, "Half"],
  [dt.bfloat16, "BFloat16"],
  [dt.int64, "Long"],
  [dt.int32, "Int"],
  [dt.int16, "Short"],
  [dt.int8, "Char"],
  [dt.uint8, "Byte"],
  [dt.bool, "Bool"],
  [dt.complex32, "ComplexHalf"],
  [dt.complex64, "ComplexFloat"],
  [dt.complex128, "ComplexDouble"],
  [dt.uint16, "UInt16"],
  [dt.uint32, "UInt32"],
  [dt.uint64, "UInt64"],
]);

const registry = new WeakMap<object, string>();

/** @internal Records that `ctor` is the legacy type `name` ("torch.FloatTensor", or "torch.Tensor"). */
export function registerLegacyType(ctor: object, name: string): void {
  registry.set(ctor, name);
}

/** The legacy type name of a constructor object (torch.FloatTensor, torch.Tensor), or null. */
export function legacyTypeOf(value: unknown): string | null {
  if ((typeof value !== "function" && typeof value !== "object") || value === null) return null;
  return registry.get(value) ?? null;
}
