// Python's legacy storage classes (torch.FloatStorage, ...), which name a storage's dtype in
// torch.save's persistent ids, and the dtypes torchts saves and loads.
import * as dt from "../dtype";
import { TypeError } from "../errors";

export const STORAGE_TYPES: ReadonlyMap<string, dt.dtype> = new Map([
  ["FloatStorage", dt.float32],
  ["DoubleStorage", dt.float64],
  ["HalfStorage", dt.float16],
  ["BFloat16Storage", dt.bfloat16],
  ["LongStorage", dt.int64],
  ["IntStorage", dt.int32],
  ["ShortStorage", dt.int16],
  ["CharStorage", dt.int8],
  ["ByteStorage", dt.uint8],
  ["BoolStorage", dt.bool],
  ["ComplexFloatStorage", dt.complex64],
  ["ComplexDoubleStorage", dt.complex128],
  ["UntypedStorage", dt.uint8],
]);

const BY_DTYPE = new Map<dt.dtype, string>([...STORAGE_TYPES].filter(([n]) => n !== "UntypedStorage").map(([n, d]) => [d, n]));

/** The storage class name of a dtype ("FloatStorage" for float32). */
export function storageTypeOf(d: dt.dtype): string {
  const name = BY_DTYPE.get(d);
  if (!name) throw new TypeError(`torch.save: torchts cannot save tensors of dtype ${d}`);
  return name;
}

/** Every dtype by Python name ("float32"), for torch.float32 etc. in pickles. */
export const DTYPES: ReadonlyMap<string, dt.dtype> = new Map(
  [dt.uint8, dt.int8, dt.int16, dt.int32, dt.int64, dt.float16, dt.float32, dt.float64, dt.complex32, dt.complex64, dt.complex128, dt.bool, dt.bfloat16, dt.uint16, dt.uint32, dt.uint64].map((d) => [d.name, d]),
);
