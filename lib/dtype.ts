// torch.dtype: one object per scalar type, compared by identity (`x.dtype === torch.float32`).
// `code` is c10::ScalarType's value, which is how the native layer names a dtype.
import { printsAsStr } from "./_python";

export class dtype {
  /** @internal */
  constructor(
    /** Python's name without "torch.": "float32". */
    readonly name: string,
    /** @internal c10::ScalarType */
    readonly code: number,
    readonly itemsize: number,
    readonly is_floating_point: boolean,
    readonly is_complex: boolean,
    readonly is_signed: boolean,
  ) {
    Object.freeze(this);
  }

  toString(): string {
    return `torch.${this.name}`;
  }
}

const make = (name: string, code: number, itemsize: number, kind: "float" | "complex" | "int" | "uint" | "bool") =>
  new dtype(name, code, itemsize, kind === "float", kind === "complex", kind === "float" || kind === "complex" || kind === "int");

export const uint8 = make("uint8", 0, 1, "uint");
export const int8 = make("int8", 1, 1, "int");
export const int16 = make("int16", 2, 2, "int");
export const int32 = make("int32", 3, 4, "int");
export const int64 = make("int64", 4, 8, "int");
export const float16 = make("float16", 5, 2, "float");
export const float32 = make("float32", 6, 4, "float");
export const float64 = make("float64", 7, 8, "float");
export const complex32 = make("complex32", 8, 4, "complex");
export const complex64 = make("complex64", 9, 8, "complex");
export const complex128 = make("complex128", 10, 16, "complex");
export const bool = make("bool", 11, 1, "bool");
export const bfloat16 = make("bfloat16", 15, 2, "float");
export const uint16 = make("uint16", 27, 2, "uint");
export const uint32 = make("uint32", 28, 4, "uint");
export const uint64 = make("uint64", 29, 8, "uint");

/** Python's aliases: torch.float is torch.float32, torch.long is torch.int64, ... */
export const aliases = {
  float: float32,
  double: float64,
  half: float16,
  cfloat: complex64,
  cdouble: complex128,
  chalf: complex32,
  short: int16,
  int: int32,
  long: int64,
} as const;

const byCode = new Map<number, dtype>(
  [uint8, int8, int16, int32, int64, float16, float32, float64, complex32, complex64, complex128, bool, bfloat16, uint16, uint32, uint64].map(
    (d) => [d.code, d],
  ),
);

/** The dtype of a c10::ScalarType value. */
export function dtypeOfCode(code: number): dtype {
  const found = byCode.get(code);
  if (!found) throw new Error(`torchts does not know the scalar type ${code}`);
  return found;
}

// The default dtype, which torch.set_default_dtype (lib/defaults.ts) changes here and in
// LibTorch (whose factories read their own copy).
let defaultDtype: dtype = float32;

/** The dtype of floating-point tensors made without one: float32 unless torch.set_default_dtype changed it. */
export function get_default_dtype(): dtype {
  return defaultDtype;
}

/** @internal Records the default dtype (lib/defaults.ts sets LibTorch's too). */
export function _setDefaultDtype(d: dtype): void {
  defaultDtype = d;
}

/** torch.memory_format: how a tensor's elements are laid out (c10::MemoryFormat). */
export class memory_format {
  /** @internal */
  constructor(
    readonly name: string,
    /** @internal c10::MemoryFormat */
    readonly code: number,
  ) {
    Object.freeze(this);
  }

  toString(): string {
    return `torch.${this.name}`;
  }
}

export const contiguous_format = new memory_format("contiguous_format", 0);
export const preserve_format = new memory_format("preserve_format", 1);
export const channels_last = new memory_format("channels_last", 2);
export const channels_last_3d = new memory_format("channels_last_3d", 3);

printsAsStr(dtype, memory_format);
