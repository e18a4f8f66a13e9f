// torch.Tensor: a JS object around a native handle. The handle's finalizer frees the
// at::Tensor when V8 collects the object; dispose() frees it at once.
import { checkOptions, isOptions, optionalBool } from "./_args";
import { formatTensor } from "./_tensor_str";
import { device, deviceSpec } from "./device";
import {
  bfloat16,
  bool as boolDtype,
  complex128,
  complex64,
  dtype,
  dtypeOfCode,
  float16,
  float32,
  float64,
  int16,
  int32,
  int64,
  int8,
  memory_format,
  uint8,
} from "./dtype";
import { argumentError, IndexError, TypeError, ValueError } from "./errors";
import type { TensorOps } from "./generated/ops";
import { collectYoung, wrappedBytes, youngBudget } from "./_gc";
import { Handle, native } from "./native";
import { printsAsStr } from "./_python";
import { Complex } from "./complex";
import { Size, sizeAt, sizeOf } from "./size";


// Where new tensors are recorded while a torch.scope() runs (lib/memory.ts); null outside.
let tracking: Tensor[] | null = null;

/** @internal Records new tensors into `list` (null: stop); returns the previous list. */
export function trackTensors(list: Tensor[] | null): Tensor[] | null {
  const previous = tracking;
  tracking = list;
  return previous;
}

// The generated ops (lib/generated/ops.ts) are methods of Tensor too; lib/_dispatch.ts
// installs them on the prototype.
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Tensor extends TensorOps {}

export class Tensor {
  /** @internal */
  _h: Handle;
  /** @internal The object `.grad` last returned (lib/autograd.ts): `t.grad === t.grad`, as in Python. */
  _cachedGrad: Tensor | null = null;

  /** @internal Use torch.tensor() and the other factories to make tensors. */
  constructor(handle: Handle) {
    this._h = handle;
    if (tracking !== null) tracking.push(this);
    if (wrappedBytes[0] > youngBudget) collectYoung();
  }

  /** The sizes, a torch.Size (a number[]): `const [B, T, C] = x.shape`. */
  get shape(): Size {
    return sizeOf(this._h);
  }

  get dtype(): dtype {
    return dtypeOfCode(native.dtype(this._h));
  }

  get device(): device {
    return device(native.device(this._h));
  }

  get requires_grad(): boolean {
    return native.requiresGrad(this._h);
  }

  /** x.requires_grad = true, as in Python (x.requires_grad_() does the same). */
  set requires_grad(value: boolean) {
    this.requires_grad_(value);
  }

  /** x.size() is the shape (a torch.Size); x.size(dim) one size (negative dims count from the end). */
  size(): Size;
  size(dim: number): number;
  size(dim?: number): number | Size {
    if (dim === undefined) return sizeOf(this._h);
    return sizeAt(this._h, wrapDim("size", dim, native.dim(this._h)));
  }

  numel(): number {
    return native.numel(this._h);
  }

  nelement(): number {
    return native.numel(this._h);
  }

  dim(): number {
    return native.dim(this._h);
  }

  get ndim(): number {
    return native.dim(this._h);
  }

  stride(dim?: number): number | number[] {
    const strides = native.stride(this._h);
    if (dim === undefined) return strides;
    return strides[wrapDim("stride", dim, strides.length)];
  }

  element_size(): number {
    return this.dtype.itemsize;
  }

  get is_cuda(): boolean {
    return native.device(this._h).startsWith("cuda");
  }

  cpu(): Tensor {
    return this.to("cpu");
  }

  /** x.cuda(device?, { non_blocking }) */
  cuda(dev?: number | string | device | { non_blocking?: boolean }, options: { non_blocking?: boolean } = {}): Tensor {
    if (isOptions(dev)) return this.cuda(undefined, dev as { non_blocking?: boolean });
    const target = dev === undefined ? "cuda" : typeof dev === "number" ? `cuda:${dev}` : (dev as string | device);
    return this.to(target, options);
  }

  /** x.float({ memory_format }): x.to(torch.float32); the other conversions below alike. */
  float(options?: ConversionOptions): Tensor {
    return convertTo(this, "float", float32, arguments);
  }

  double(options?: ConversionOptions): Tensor {
    return convertTo(this, "double", float64, arguments);
  }

  half(options?: ConversionOptions): Tensor {
    return convertTo(this, "half", float16, arguments);
  }

  bfloat16(options?: ConversionOptions): Tensor {
    return convertTo(this, "bfloat16", bfloat16, arguments);
  }

  long(options?: ConversionOptions): Tensor {
    return convertTo(this, "long", int64, arguments);
  }

  int(options?: ConversionOptions): Tensor {
    return convertTo(this, "int", int32, arguments);
  }

  short(options?: ConversionOptions): Tensor {
    return convertTo(this, "short", int16, arguments);
  }

  char(options?: ConversionOptions): Tensor {
    return convertTo(this, "char", int8, arguments);
  }

  byte(options?: ConversionOptions): Tensor {
    return convertTo(this, "byte", uint8, arguments);
  }

  bool(options?: ConversionOptions): Tensor {
    return convertTo(this, "bool", boolDtype, arguments);
  }

  cfloat(options?: ConversionOptions): Tensor {
    return convertTo(this, "cfloat", complex64, arguments);
  }

  cdouble(options?: ConversionOptions): Tensor {
    return convertTo(this, "cdouble", complex128, arguments);
  }

  /**
   * The value of a one-element tensor, as a JS number. A torch.bool tensor gives a JS boolean
   * (Python's True/False), typed as number: JS's booleans add and compare as 1 and 0, as
   * Python's do; test one with `=== true` or `Boolean(x.item())`. A complex tensor gives a
   * torch.Complex (Python's complex); narrow the type with `as Complex` or `instanceof`.
   */
  item(): number {
    const value = native.item(this._h);
    if (typeof value === "object") return new Complex(value[0], value[1]) as unknown as number;
    return value as number;
  }

  /**
   * The elements as nested arrays (a number for a 0-dim tensor), as Python's tolist():
   * numbers, or booleans for torch.bool. Typed `any`, as the depth is the tensor's dim(),
   * known only at run time: `const rows: number[][] = x.tolist()`.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  tolist(): any {
    const values = this._flatValues();
    const shape = native.shape(this._h);
    let offset = 0;
    const build = (d: number): unknown => {
      if (d === shape.length) return values[offset++];
      const out: unknown[] = new Array(shape[d]);
      for (let i = 0; i < shape[d]; i++) out[i] = build(d + 1);
      return out;
    };
    return build(0);
  }

  /** Python's len(x): the size of the first dimension (TypeError for a 0-d tensor). */
  __len__(): number {
    const shape = native.shape(this._h);
    if (shape.length === 0) throw new TypeError("len() of a 0-d tensor");
    return shape[0];
  }

  /** `for (const row of x)`, as Python's `for row in x`: the sub-tensors along dim 0 (x.unbind(0)). */
  [Symbol.iterator](): Iterator<Tensor> {
    if (native.dim(this._h) === 0) throw new TypeError("iteration over a 0-d tensor");
    return this.unbind(0)[Symbol.iterator]();
  }

  /**
   * What JS's operators see. `${x}` and String(x) give str(x); a number is wanted (Number(x),
   * +x, x * 2, x < y) gives float(x) for a one-element tensor, as Python's float(x), and
   * Python's ValueError otherwise; `x + y`, `x == 1` and `"a" + x` throw: JS cannot overload
   * them, and they would otherwise join strings or compare silently.
   */
  [Symbol.toPrimitive](hint: "string" | "number" | "default"): string | number {
    if (hint === "string") return this.toString();
    if (hint === "number") {
      if (native.numel(this._h) !== 1) {
        throw new ValueError(
          "only one element tensors can be converted to Python scalars (JS operators such as *, -, ** and < " +
            "do not apply to tensors: use x.mul(y), x.sub(y), x.pow(2), x.lt(y))",
        );
      }
      return Number(native.item(this._h));
    }
    throw new TypeError(
      "a Tensor cannot be an operand of + or ==: JS would join strings or compare references. " +
        "Use the methods, as x.add(y) for x + y, x.pow(2) for x ** 2, x.eq(y) for x == y; " +
        "String(x) or `${x}` for its text, x.item() for its number",
    );
  }

  /**
   * to(device), to(dtype), to(device, dtype), to(other), each optionally followed by
   * non_blocking and copy (booleans, by position or by name) and { memory_format }; or
   * to({ device, dtype, non_blocking, copy, memory_format }).
   */
  to(...args: (string | device | dtype | Tensor | boolean | null | ToOptions)[]): Tensor {
    const options: ToOptions = args.length > 0 && isOptions(args[args.length - 1]) ? (args.pop() as ToOptions) : {};
    checkOptions("to", options, ["device", "dtype", "non_blocking", "copy", "memory_format"]);
    let target: { device?: string | device | null; dtype?: dtype | null } = { device: options.device, dtype: options.dtype };
    const flags: boolean[] = [];
    for (const arg of args) {
      if (typeof arg === "boolean" && args.length > 1) flags.push(arg);
      else if (flags.length > 0) throw argumentError("to", "copy", "bool", arg);
      else if (arg instanceof dtype) target.dtype = arg;
      else if (arg instanceof Tensor) target = { device: arg.device, dtype: arg.dtype };
      else if (typeof arg === "string" || arg instanceof device) target.device = arg;
      else if (arg === null && args.length > 1) target.device = null;
      else throw argumentError("to", "device", "a device, a dtype or a Tensor", arg);
    }
    if (flags.length > 2) throw new TypeError(`to() takes at most 4 arguments (${args.length} given)`);
    const [nonBlocking, copy] = (["non_blocking", "copy"] as const).map((name, i) => {
      if (flags[i] !== undefined && options[name] !== undefined) throw new TypeError(`to() got multiple values for argument '${name}'`);
      return optionalBool("to", name, flags[i] ?? options[name]);
    });
    const format = options.memory_format;
    if (format !== undefined && format !== null) {
      if (!(format instanceof memory_format)) throw argumentError("to", "memory_format", "torch.memory_format", format);
      // aten::to.dtype_layout, the overload that takes a memory format (called boxed).
      toDtypeLayout ??= native.opFind("aten::to", "dtype_layout");
      const spec = target.device === undefined || target.device === null ? null : String(target.device);
      const handle = native.opCall(toDtypeLayout, [
        this._h, dtypeCode("to", target.dtype), null, spec, null, nonBlocking, copy, format.code,
      ]) as Handle;
      const result = new Tensor(handle);
      return (this as Tensor).is_set_to(result) && !copy ? this : result;
    }
    const handle = native.to(this._h, deviceSpec(target.device), dtypeCode("to", target.dtype), nonBlocking, copy);
    return handle === this._h ? this : new Tensor(handle);
  }

  /**
   * A copy of every element, row-major, in the typed array of the dtype (Float32Array for
   * float32, BigInt64Array for int64, Uint8Array for bool, ...; float16 and bfloat16 widen
   * to Float32Array; complex elements as interleaved (real, imag) pairs, twice as many numbers,
   * in a Float32Array for complex64 and complex32, a Float64Array for complex128). Python's
   * x.numpy() for JS.
   */
  to_typed_array(): ReturnType<typeof native.toTypedArray> {
    return native.toTypedArray(this._h);
  }

  /** Frees the tensor's memory now. Using the tensor afterwards raises RuntimeError. */
  dispose(): void {
    native.dispose(this._h);
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /** PyTorch's print format: `tensor([1., 2.], requires_grad=True)`. */
  toString(): string {
    const dev = native.device(this._h);
    const meta = dev === "meta";
    return formatTensor({
      shape: this.shape,
      dtype: this.dtype.name,
      values: meta ? [] : this._flatValues(),
      meta,
      device: dev,
      requires_grad: this.requires_grad,
      // As Python prints it: the node's name without its C++ namespace.
      grad_fn: native.gradFnName(this._h)?.split("::").pop() ?? null,
    });
  }

  /** @internal Every element as a JS number, boolean or Complex, row-major. */
  _flatValues(): (number | boolean | Complex)[] {
    const data = native.toTypedArray(this._h);
    const code = native.dtype(this._h);
    if (code === 11) return Array.from(data as Uint8Array, (v) => v !== 0);
    if (code === 8 || code === 9 || code === 10) {
      // complex32, complex64, complex128: (real, imag) pairs
      const pairs = data as Float32Array | Float64Array;
      const out = new Array<Complex>(pairs.length / 2);
      for (let i = 0; i < out.length; i++) out[i] = new Complex(pairs[2 * i], pairs[2 * i + 1]);
      return out;
    }
    if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Array.from(data, Number);
    return Array.from(data as ArrayLike<number>);
  }
}
printsAsStr(Tensor);


// x[i], x[i] = v and x[i] += 1, written as in Python, would read undefined and set a plain JS
// property. A Proxy at the end of Tensor's prototype chain sees only the property names that
// neither a tensor nor Tensor.prototype has (never the methods and fields, found first) and
// refuses index-like ones; every other name goes on to Object.prototype as before.
const INDEX_KEY = /^-?\d+(,-?\d+)*$/;

function refuseIndexing(key: string | symbol): void {
  if (typeof key !== "string" || !INDEX_KEY.test(key)) return;
  const i = key.replace(/,/g, ", ");
  throw new TypeError(`a Tensor's elements are not JS properties: x[${i}] is x.index(${i}), x[${i}] = v is x.index_set_([${i}], v)`);
}

Object.setPrototypeOf(
  Tensor.prototype,
  new Proxy(Object.prototype, {
    get(target, key, receiver) {
      refuseIndexing(key);
      return Reflect.get(target, key, receiver);
    },
    set(target, key, value, receiver) {
      refuseIndexing(key);
      return Reflect.set(target, key, value, receiver);
    },
  }),
);

interface ToOptions {
  device?: string | device | null;
  dtype?: dtype | null;
  non_blocking?: boolean;
  copy?: boolean;
  memory_format?: memory_format | null;
}

let toDtypeLayout: unknown = null;

export interface ConversionOptions {
  memory_format?: memory_format | null;
}

/** x.float(), x.byte(), ...: Python's `float(*, memory_format=None)`, x.to(dtype, { memory_format }). */
function convertTo(self: Tensor, name: string, target: dtype, args: IArguments): Tensor {
  const given = Array.from(args);
  const options = given.length > 0 && isOptions(given[given.length - 1]) ? (given.pop() as ConversionOptions) : {};
  if (given.length > 0) {
    throw new TypeError(`${name}() takes 0 positional arguments but ${given.length} ${given.length === 1 ? "was" : "were"} given`);
  }
  checkOptions(name, options, ["memory_format"]);
  return self.to(target, { memory_format: options.memory_format ?? null });
}

/** A dtype option as the native layer takes it. */
export function dtypeCode(fn: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (!(value instanceof dtype)) throw argumentError(fn, "dtype", "torch.dtype", value);
  return value.code;
}

/** A dim in [-n, n), wrapped to [0, n), with Python's IndexError otherwise. */
export function wrapDim(fn: string, dim: number, n: number): number {
  if (!Number.isInteger(dim)) throw argumentError(fn, "dim", "int", dim);
  const min = n === 0 ? -1 : -n;
  const max = n === 0 ? 0 : n - 1;
  if (dim < min || dim > max) {
    throw new IndexError(`Dimension out of range (expected to be in range of [${min}, ${max}], but got ${dim})`);
  }
  return dim < 0 ? dim + Math.max(n, 1) : dim;
}
