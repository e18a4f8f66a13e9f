// Tensor factories: torch.tensor from JS data, and the sized ones (zeros, ones, randn, ...).
import { checkOptions, isOptions, optionalBool } from "./_args";
import { device, deviceSpec } from "./device";
import { Complex } from "./complex";
import { defaultComplexDtype, defaultDeviceSpec } from "./defaults";
import { bool, dtype, float32, float64, get_default_dtype, int16, int32, int64, int8, uint16, uint32, uint64, uint8 } from "./dtype";
import { argumentError, RuntimeError, TypeError, ValueError } from "./errors";
import { native } from "./native";
import { dtypeCode, Tensor } from "./tensor";

export interface FactoryOptions {
  dtype?: dtype | null;
  device?: string | device | null;
  requires_grad?: boolean;
}

const FACTORY_OPTIONS = ["dtype", "device", "requires_grad"] as const;

type TypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** Nested arrays of numbers, booleans or torch.Complex values, a typed array, or one such value. */
export type TensorData = number | boolean | Complex | TypedArray | readonly TensorData[];

function typedArrayDtype(data: TypedArray): dtype {
  if (data instanceof Float32Array) return float32;
  if (data instanceof Float64Array) return float64;
  if (data instanceof Int8Array) return int8;
  if (data instanceof Uint8Array || data instanceof Uint8ClampedArray) return uint8;
  if (data instanceof Int16Array) return int16;
  if (data instanceof Uint16Array) return uint16;
  if (data instanceof Int32Array) return int32;
  if (data instanceof Uint32Array) return uint32;
  if (data instanceof BigInt64Array) return int64;
  return uint64;
}

/**
 * Walks nested arrays as Python's torch.tensor walks nested lists: finds the shape (each
 * level must be regular), collects the elements, and infers the dtype. JS cannot tell `1.0`
 * from `1`: integral numbers infer int64 and any other number the default dtype (float32), so
 * pass `{ dtype }` (or a Float32Array) where Python's data is float-typed but integral. Any
 * torch.Complex makes the data complex (the default complex dtype, complex64); `imags` then
 * holds the imaginary parts.
 */
function flatten(data: TensorData): { shape: number[]; values: Float64Array; imags: number[] | null; inferred: dtype } {
  const shape: number[] = [];
  for (let level: unknown = data; Array.isArray(level) || ArrayBuffer.isView(level); ) {
    const length = (level as ArrayLike<unknown>).length;
    shape.push(length);
    // Python's limit (MAX_DIMS in tensor_new.cpp); also what stops an array that contains itself.
    if (shape.length > 128) throw new ValueError(`too many dimensions '${Array.isArray(level) ? "list" : "typed array"}'`);
    if (length === 0) break;
    level = (level as ArrayLike<unknown>)[0];
  }
  const values: number[] = [];
  // (in an object: TS does not see the closure below assign a plain variable)
  const complex: { imags: number[] | null } = { imags: null };
  let allBool = true;
  let allIntegral = true;
  // The dtype of typed arrays at the innermost level, as numpy arrays inside a list give theirs.
  let leafArrays: dtype | undefined;
  const visit = (value: unknown, dim: number): void => {
    if (dim === shape.length) {
      if (typeof value === "boolean") {
        values.push(value ? 1 : 0);
      } else if (typeof value === "number") {
        allBool = false;
        if (!Number.isInteger(value)) allIntegral = false;
        values.push(value);
      } else if (typeof value === "bigint") {
        allBool = false;
        values.push(Number(value));
      } else if (value instanceof Complex) {
        allBool = false;
        complex.imags ??= new Array<number>(values.length).fill(0);
        values.push(value.real);
        complex.imags.push(value.imag);
        return;
      } else if (Array.isArray(value) || ArrayBuffer.isView(value)) {
        throw new ValueError(`expected sequence of length ${shape[dim - 1]} at dim ${dim - 1} (got ${describeLength(value)})`);
      } else {
        throw new TypeError(`Could not infer dtype of ${value === null ? "null" : typeof value}`);
      }
      complex.imags?.push(0);
      return;
    }
    if (!Array.isArray(value) && !ArrayBuffer.isView(value)) {
      throw new ValueError(`expected sequence of length ${shape[dim]} at dim ${dim} (got ${typeof value})`);
    }
    const seq = value as ArrayLike<unknown>;
    if (seq.length !== shape[dim]) {
      throw new ValueError(`expected sequence of length ${shape[dim]} at dim ${dim} (got ${seq.length})`);
    }
    if (ArrayBuffer.isView(seq) && dim === shape.length - 1) leafArrays ??= typedArrayDtype(seq as TypedArray);
    for (let i = 0; i < seq.length; i++) visit(seq[i], dim + 1);
  };
  visit(data, 0);
  const imags = complex.imags;
  const inferred =
    leafArrays ??
    (values.length === 0 ? get_default_dtype() : imags !== null ? defaultComplexDtype() : allBool ? bool : allIntegral ? int64 : get_default_dtype());
  return { shape, values: Float64Array.from(values), imags, inferred };
}

// The range of each integer dtype: Python refuses data outside it when it stores an element
// (c10::checked_convert), where a cast would wrap around.
const INT_RANGES = new Map<dtype, [number, number]>([
  [uint8, [0, 255]],
  [int8, [-128, 127]],
  [int16, [-32768, 32767]],
  [int32, [-2147483648, 2147483647]],
  [int64, [-(2 ** 63), 2 ** 63]],
  [uint16, [0, 65535]],
  [uint32, [0, 4294967295]],
]);

/** Python's overflow check of data stored into an integer dtype (the value truncated toward 0). */
function checkIntegerRange(values: Float64Array, d: dtype): void {
  const range = INT_RANGES.get(d);
  if (range === undefined) return;
  const [min, max] = range;
  const unsigned = min === 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.trunc(values[i]);
    // (unsigned types take negatives down to -max, which wrap, as c10::overflows allows)
    const overflows = !Number.isFinite(v) || (d === int64 ? v >= max || v < min : v > max || v < (unsigned ? -max : min));
    if (overflows) throw new RuntimeError(`value cannot be converted to type ${d.name} without overflow`);
  }
}

/** Python's errors for complex data stored into a real dtype (bool takes it: nonzero is True). */
function checkComplexTarget(d: dtype): void {
  if (d.is_complex || d === bool) return;
  if (d.is_floating_point) throw new TypeError("must be real number, not complex");
  throw new TypeError("'complex' object cannot be interpreted as an integer");
}

function describeLength(value: unknown): string {
  return String((value as ArrayLike<unknown>).length);
}

/** torch.tensor(data, { dtype, device, requires_grad }): a new tensor holding a copy of data. */
export function tensor(data: TensorData, options: FactoryOptions = {}): Tensor {
  if (!isOptions(options)) throw argumentError("tensor", "dtype", "an options object", options);
  checkOptions("tensor", options, FACTORY_OPTIONS);
  if (data instanceof Tensor) {
    // Python copies (and warns that clone().detach() is preferred).
    return data.to({ dtype: options.dtype ?? data.dtype, device: options.device ?? defaultDeviceSpec() ?? data.device, copy: true });
  }
  const dtypeOption = dtypeCode("tensor", options.dtype);
  // torch.set_default_device's device when none is given (Python's DeviceContext does the same).
  const deviceOption = deviceSpec(options.device) ?? defaultDeviceSpec();
  const requiresGrad = optionalBool("tensor", "requires_grad", options.requires_grad);
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) {
    const typed = data as TypedArray;
    const source = typed instanceof Uint8ClampedArray ? new Uint8Array(typed.buffer, typed.byteOffset, typed.length) : typed;
    return new Tensor(native.fromData(source, [typed.length], dtypeOption ?? typedArrayDtype(typed).code, deviceOption, requiresGrad));
  }
  if (typeof data !== "number" && typeof data !== "boolean" && !Array.isArray(data) && !(data instanceof Complex)) {
    throw argumentError("tensor", "data", "a number, a boolean, a torch.Complex, an array or a typed array", data);
  }
  const { shape, values, imags, inferred } = flatten(data);
  const target = options.dtype ?? inferred;
  if (imags !== null) {
    checkComplexTarget(target);
    const pairs = new Float64Array(2 * values.length);
    for (let i = 0; i < values.length; i++) {
      pairs[2 * i] = values[i];
      pairs[2 * i + 1] = imags[i];
    }
    return new Tensor(native.fromComplexData(pairs, shape, target.code, deviceOption, requiresGrad));
  }
  checkIntegerRange(values, target);
  return new Tensor(native.fromData(values, shape, target.code, deviceOption, requiresGrad));
}

/**
 * torch.as_tensor(data, { dtype, device }): data itself when it is a tensor that already has
 * that dtype and device (no copy), else a new tensor as torch.tensor makes it.
 */
export function as_tensor(data: TensorData | Tensor, options: Omit<FactoryOptions, "requires_grad"> = {}): Tensor {
  if (!isOptions(options)) throw argumentError("as_tensor", "dtype", "an options object", options);
  checkOptions("as_tensor", options, ["dtype", "device"]);
  if (data instanceof Tensor) return data.to({ dtype: options.dtype ?? data.dtype, device: options.device ?? defaultDeviceSpec() ?? data.device });
  return tensor(data, options);
}

/**
 * torch.frombuffer(buffer, { dtype, count = -1, offset = 0, requires_grad }): a 1-D tensor
 * of the buffer's bytes read as dtype. Unlike Python's, the tensor holds a copy: writes to
 * either side are not seen by the other (JS cannot keep the buffer alive for LibTorch).
 */
export function frombuffer(
  buffer: ArrayBuffer | ArrayBufferView,
  options: { dtype: dtype; count?: number; offset?: number; requires_grad?: boolean },
): Tensor {
  if (!isOptions(options)) throw argumentError("frombuffer", "dtype", "an options object", options);
  checkOptions("frombuffer", options, ["dtype", "count", "offset", "requires_grad"]);
  const { dtype: type, count = -1, offset = 0 } = options;
  if (!(type instanceof dtype)) throw argumentError("frombuffer", "dtype", "torch.dtype", type);
  if (!ArrayBuffer.isView(buffer) && !((buffer as unknown) instanceof ArrayBuffer) && !((buffer as unknown) instanceof SharedArrayBuffer)) {
    throw argumentError("frombuffer", "buffer", "an ArrayBuffer or a typed array", buffer);
  }
  if (!Number.isInteger(count)) throw argumentError("frombuffer", "count", "int", count);
  if (!Number.isInteger(offset)) throw argumentError("frombuffer", "offset", "int", offset);
  const bytes = ArrayBuffer.isView(buffer)
    ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
    : new Uint8Array(buffer as ArrayBuffer);
  if (offset < 0 || offset > bytes.length) {
    throw new ValueError(`offset (${offset} bytes) must be non-negative and no greater than buffer length (${bytes.length} bytes) minus 1`);
  }
  const available = Math.floor((bytes.length - offset) / type.itemsize);
  const n = count < 0 ? available : count;
  if (count < 0 && (bytes.length - offset) % type.itemsize !== 0) {
    throw new ValueError(`buffer length (${bytes.length - offset} bytes) after offset (${offset} bytes) must be a multiple of element size (${type.itemsize})`);
  }
  if (n > available) {
    throw new ValueError(`requested buffer length (${n} * ${type.itemsize} bytes) after offset (${offset} bytes) must not be greater than actual buffer length (${bytes.length} bytes)`);
  }
  const copy = bytes.slice(offset, offset + n * type.itemsize);
  const raw = new Tensor(native.fromData(copy, [copy.length], uint8.code, null, false));
  const result = raw.view(type);
  if (optionalBool("frombuffer", "requires_grad", options.requires_grad)) result.requires_grad_(true);
  return result;
}
