// torch.Tensor: a JS object around a native handle. The handle's finalizer frees the
// at::Tensor when V8 collects the object; dispose() frees it at once.
import { inspect } from "node:util";
import { checkOptions, isOptions, optionalBool } from "./_args";
import { formatTensor } from "./_tensor_str";
import { device, deviceSpec } from "./device";
import { dtype, dtypeOfCode } from "./dtype";
import { argumentError } from "./errors";
import { Handle, native } from "./native";

type Nested = number | boolean | Nested[];

export class Tensor {
  /** @internal */
  _h: Handle;

  /** @internal Use torch.tensor() and the other factories to make tensors. */
  constructor(handle: Handle) {
    this._h = handle;
  }

  /** The sizes, as a number[]: `const [B, T, C] = x.shape`. */
  get shape(): number[] {
    return native.shape(this._h);
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

  /** self + alpha * other */
  add(other: Tensor | number | boolean, options?: { alpha?: number }): Tensor {
    let alpha: number | undefined;
    if (options !== undefined) {
      if (!isOptions(options)) throw argumentError("add", "alpha", "a number in an options object", options);
      checkOptions("add", options, ["alpha"]);
      alpha = options.alpha;
    }
    return new Tensor(native.add(this._h, operand("add", "other", other), alpha));
  }

  matmul(other: Tensor): Tensor {
    if (!(other instanceof Tensor)) throw argumentError("matmul", "other", "Tensor", other);
    return new Tensor(native.matmul(this._h, other._h));
  }

  /**
   * sum(), sum({ dtype }), sum(dim, keepdim?, { dtype }), sum({ dim, keepdim, dtype });
   * `dim` is a number or a number[].
   */
  sum(...args: (number | number[] | boolean | SumOptions | undefined)[]): Tensor {
    const options: SumOptions = args.length > 0 && isOptions(args[args.length - 1]) ? (args.pop() as SumOptions) : {};
    checkOptions("sum", options, ["dim", "keepdim", "dtype"]);
    const dim = args.length > 0 ? args[0] : options.dim;
    const keepdim = args.length > 1 ? args[1] : options.keepdim;
    const dims = dim === undefined || dim === null ? null : typeof dim === "number" ? [dim] : dim;
    if (dims !== null && (!Array.isArray(dims) || dims.some((d) => !Number.isInteger(d)))) {
      throw argumentError("sum", "dim", "int or a sequence of ints", dim);
    }
    return new Tensor(native.sum(this._h, dims, optionalBool("sum", "keepdim", keepdim), dtypeCode("sum", options.dtype)));
  }

  /** The value of a one-element tensor, as a JS number (boolean for torch.bool). */
  item(): number | boolean {
    return native.item(this._h);
  }

  /** The elements as nested arrays (a number for a 0-dim tensor), as Python's tolist(). */
  tolist(): Nested {
    const values = this._values();
    const shape = this.shape;
    let offset = 0;
    const build = (d: number): Nested => {
      if (d === shape.length) return values[offset++];
      const out: Nested[] = new Array(shape[d]);
      for (let i = 0; i < shape[d]; i++) out[i] = build(d + 1);
      return out;
    };
    return build(0);
  }

  /**
   * to(device), to(dtype), to(device, dtype), to(other), each with a trailing
   * { non_blocking, copy }; or to({ device, dtype, non_blocking, copy }).
   */
  to(...args: (string | device | dtype | Tensor | ToOptions)[]): Tensor {
    const options: ToOptions = args.length > 0 && isOptions(args[args.length - 1]) ? (args.pop() as ToOptions) : {};
    checkOptions("to", options, ["device", "dtype", "non_blocking", "copy"]);
    let target: { device?: string | device | null; dtype?: dtype | null } = { device: options.device, dtype: options.dtype };
    for (const arg of args) {
      if (arg instanceof dtype) target.dtype = arg;
      else if (arg instanceof Tensor) target = { device: arg.device, dtype: arg.dtype };
      else if (typeof arg === "string" || arg instanceof device) target.device = arg;
      else throw argumentError("to", "device", "a device, a dtype or a Tensor", arg);
    }
    const handle = native.to(
      this._h,
      deviceSpec(target.device),
      dtypeCode("to", target.dtype),
      optionalBool("to", "non_blocking", options.non_blocking),
      optionalBool("to", "copy", options.copy),
    );
    return handle === this._h ? this : new Tensor(handle);
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
    const values = this._values();
    return formatTensor({
      shape: this.shape,
      dtype: this.dtype.name,
      values: values as ArrayLike<number> | ArrayLike<boolean>,
      device: native.device(this._h),
      requires_grad: this.requires_grad,
      grad_fn: native.gradFnName(this._h),
    });
  }

  [inspect.custom](): string {
    return this.toString();
  }

  /** @internal Every element as a JS number or boolean, row-major. */
  _values(): (number | boolean)[] {
    const data = native.toTypedArray(this._h);
    const code = native.dtype(this._h);
    if (code === 11) return Array.from(data as Uint8Array, (v) => v !== 0);
    if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Array.from(data, Number);
    return Array.from(data as ArrayLike<number>);
  }
}

interface SumOptions {
  dim?: number | number[] | null;
  keepdim?: boolean;
  dtype?: dtype | null;
}

interface ToOptions {
  device?: string | device | null;
  dtype?: dtype | null;
  non_blocking?: boolean;
  copy?: boolean;
}

/** A dtype option as the native layer takes it. */
export function dtypeCode(fn: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (!(value instanceof dtype)) throw argumentError(fn, "dtype", "torch.dtype", value);
  return value.code;
}

/** A tensor-or-number operand as the native layer takes it. */
function operand(fn: string, name: string, value: unknown): Handle | number | boolean {
  if (value instanceof Tensor) return value._h;
  if (typeof value === "number" || typeof value === "boolean") return value;
  throw argumentError(fn, name, "Tensor or Number", value);
}

