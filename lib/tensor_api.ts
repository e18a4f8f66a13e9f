// Tensor methods of Python's API that are no ATen op: x.data (get and set), x.new_tensor and
// the x.new_*() factories, and x.type(). Installed on Tensor.prototype, as lib/autograd.ts
// installs its methods; the errors are those of Python's argument parser for these methods.
import { isOptions } from "./_args";
import { Complex } from "./complex";
import { tensor, TensorData } from "./creation";
import { device } from "./device";
import { dtype, get_default_dtype } from "./dtype";
import { RuntimeError, TypeError, ValueError } from "./errors";
import { legacyTypeOf, TYPE_NAMES } from "./legacy_types";
import { native } from "./native";
import { warn } from "./_python";
import { pyTypeName } from "./errors";
import { Tensor } from "./tensor";

export interface NewOptions {
  dtype?: dtype | null;
  device?: string | device | number | null;
  requires_grad?: boolean;
  layout?: null;
  pin_memory?: boolean | null;
}

/** The options of x.new_zeros / new_ones / new_empty, where the size may come by keyword too. */
export interface SizeOptions extends NewOptions {
  size?: number[];
}

export interface TypeOptions {
  dtype?: dtype | string | object | null;
  non_blocking?: boolean;
  memory_format?: unknown;
}

declare module "./tensor" {
  interface Tensor {
    /**
     * Python's x.data: a tensor sharing x's storage, detached (requires_grad false, no grad_fn)
     * with its own version counter. `x.data = y` makes x hold y's data (set_data), keeping x's
     * identity and autograd settings.
     */
    data: Tensor;
    /** Python's x._version: how many times in-place ops have changed the tensor's data. */
    readonly _version: number;
    /** x.new_tensor(data, { dtype, device, requires_grad }): a new tensor of x's dtype and device unless given. */
    new_tensor(data: TensorData | Tensor, options?: NewOptions): Tensor;
    /** x.new_zeros(...size, { dtype, device, requires_grad }): zeros of x's dtype and device unless given. */
    new_zeros(...args: (number | number[] | SizeOptions)[]): Tensor;
    new_ones(...args: (number | number[] | SizeOptions)[]): Tensor;
    /** x.new_empty(...size, options): uninitialized memory of x's dtype and device unless given. */
    new_empty(...args: (number | number[] | SizeOptions)[]): Tensor;
    /** x.new_full(size, fill_value, options): size is an array, as in Python. */
    new_full(
      size: number[] | (NewOptions & { size?: number[]; fill_value?: number | boolean | Complex }),
      fill_value?: number | boolean | Complex | (NewOptions & { fill_value?: number | boolean | Complex }),
      options?: NewOptions,
    ): Tensor;
    /**
     * x.type(): Python's type string ("torch.FloatTensor", "torch.cuda.LongTensor").
     * x.type(dtype or type string or legacy class): x converted to it (x itself when it is one).
     */
    type(): string;
    type(dtype: dtype | string | object, non_blocking?: boolean | TypeOptions, options?: TypeOptions): Tensor;
    type(options: TypeOptions): Tensor | string;
  }
}

function define(name: string, descriptor: PropertyDescriptor): void {
  Object.defineProperty(Tensor.prototype, name, { configurable: true, ...descriptor });
}

define("data", {
  get(this: Tensor): Tensor {
    return new Tensor(native.variableData(this._h));
  },
  set(this: Tensor, value: unknown) {
    if (!(value instanceof Tensor)) throw new TypeError(`Variable data has to be a tensor, but got ${pyTypeName(value)}`);
    native.op_set_data(this._h, value._h);
  },
});

define("_version", {
  get(this: Tensor): number {
    return native.version(this._h);
  },
});

// ---- the x.new_*() factories ----

/** A device option as Python's parser reads it: a string, a torch.device, or an index of the accelerator. */
export function deviceOption(fn: string, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (value instanceof device) return String(value);
  if (typeof value === "number" && Number.isInteger(value)) return `${native.getAccelerator() ?? "cpu"}:${value}`;
  throw new TypeError(`${fn}(): argument 'device' must be torch.device, not ${pyTypeName(value)}`);
}

function dtypeOption(fn: string, value: unknown): dtype | null {
  if (value === null || value === undefined) return null;
  if (!(value instanceof dtype)) throw new TypeError(`${fn}(): argument 'dtype' must be torch.dtype, not ${pyTypeName(value)}`);
  return value;
}

function boolOption(fn: string, name: string, value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value !== "boolean") throw new TypeError(`${fn}(): argument '${name}' must be bool, not ${pyTypeName(value)}`);
  return value;
}

const NEW_OPTIONS = ["dtype", "device", "requires_grad", "layout", "pin_memory"];

function checkKeywords(fn: string, options: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new TypeError(`${fn}() got an unexpected keyword argument '${key}'`);
  }
  if (options.layout !== undefined && options.layout !== null) {
    throw new TypeError(`${fn}(): only the strided layout is supported`);
  }
}

/** Python's "missing N required positional arguments" (its argument parser's wording). */
function missing(fn: string, names: string[]): TypeError {
  const n = names.length;
  return new TypeError(`${fn}() missing ${n} required positional argument${n === 1 ? "s" : ""}: ${names.map((x) => `"${x}"`).join(", ")}`);
}

/** A size list argument: varargs (`2, 3`), one array, or a keyword; Python's errors for the rest. */
function sizeList(fn: string, value: unknown, position: number | null): number[] {
  const where = position === null ? "" : ` (position ${position})`;
  if (Number.isInteger(value)) return [value as number];
  if (!Array.isArray(value)) throw new TypeError(`${fn}(): argument 'size'${where} must be tuple of ints, not ${pyTypeName(value)}`);
  value.forEach((v, i) => {
    if (!Number.isInteger(v)) {
      throw new TypeError(`${fn}(): argument 'size' failed to unpack the object at pos ${i + 1} with error "type must be tuple of ints,but got ${pyTypeName(v)}"`);
    }
  });
  return value as number[];
}

/** The size and options of x.new_zeros / new_ones / new_empty. */
function sizeAndOptions(fn: string, args: unknown[]): [number[], Record<string, unknown>] {
  let options: Record<string, unknown> = {};
  let rest = args;
  if (rest.length > 0 && isOptions(rest[rest.length - 1])) {
    options = rest[rest.length - 1] as Record<string, unknown>;
    rest = rest.slice(0, -1);
  }
  checkKeywords(fn, options, ["size", ...NEW_OPTIONS]);
  if (rest.length > 0 && options.size !== undefined) throw new TypeError(`${fn}() got multiple values for argument 'size'`);
  let size: number[];
  if (rest.length === 0) {
    if (options.size === undefined) throw missing(fn, ["size"]);
    size = sizeList(fn, options.size, null);
  } else if (rest.length === 1) {
    size = sizeList(fn, rest[0], 1);
  } else {
    // Varargs: torch.Size-like unpacking, as Python's parser reports it.
    size = sizeList(fn, rest, null);
  }
  return [size, options];
}

/** x.new_zeros / new_ones / new_empty / new_full: the ATen methods, with x's dtype and device unless given. */
function newFactory(self: Tensor, fn: string, kind: "zeros" | "ones" | "empty" | "full", size: number[], options: Record<string, unknown>, fill?: unknown): Tensor {
  const d = dtypeOption(fn, options.dtype);
  const dev = deviceOption(fn, options.device);
  const requiresGrad = boolOption(fn, "requires_grad", options.requires_grad);
  const pin = options.pin_memory === undefined || options.pin_memory === null ? null : boolOption(fn, "pin_memory", options.pin_memory);
  return new Tensor(native.newFactory(kind, self._h, size, d?.code, dev, pin, requiresGrad, fill));
}

for (const kind of ["zeros", "ones", "empty"] as const) {
  const name = `new_${kind}`;
  define(name, {
    value: function (this: Tensor, ...args: unknown[]): Tensor {
      const [size, options] = sizeAndOptions(name, args);
      return newFactory(this, name, kind, size, options);
    },
    writable: true,
  });
}

define("new_full", {
  value: function (this: Tensor, ...args: unknown[]): Tensor {
    const fn = "new_full";
    let options: Record<string, unknown> = {};
    let rest = args;
    if (rest.length > 0 && isOptions(rest[rest.length - 1])) {
      options = rest[rest.length - 1] as Record<string, unknown>;
      rest = rest.slice(0, -1);
    }
    checkKeywords(fn, options, ["size", "fill_value", ...NEW_OPTIONS]);
    if (rest.length > 2) throw new TypeError(`${fn}() takes 2 positional arguments but ${rest.length} were given`);
    const names = ["size", "fill_value"];
    const values = names.map((n, i) => {
      if (i < rest.length) {
        if (options[n] !== undefined) throw new TypeError(`${fn}() got multiple values for argument '${n}'`);
        return rest[i];
      }
      return options[n];
    });
    const absent = names.filter((_, i) => values[i] === undefined);
    if (absent.length === 2) throw new TypeError(`${fn}() missing 2 required positional argument: "size", "fill_value"`);
    if (absent.length === 1) throw missing(fn, absent);
    const [sizeValue, fill] = values;
    if (!Array.isArray(sizeValue)) {
      throw new TypeError(`${fn}(): argument 'size'${rest.length > 0 ? " (position 1)" : ""} must be tuple of ints, not ${pyTypeName(sizeValue)}`);
    }
    const size = sizeList(fn, sizeValue, 1);
    if (typeof fill !== "number" && typeof fill !== "boolean" && !(fill instanceof Complex)) {
      throw new TypeError(`${fn}(): argument 'fill_value'${rest.length > 1 ? " (position 2)" : ""} must be Number, not ${pyTypeName(fill)}`);
    }
    return newFactory(this, fn, "full", size, options, fill);
  },
  writable: true,
});

define("new_tensor", {
  value: function (this: Tensor, ...args: unknown[]): Tensor {
    const fn = "new_tensor";
    let options: Record<string, unknown> = {};
    let rest = args;
    if (rest.length > 0 && isOptions(rest[rest.length - 1])) {
      options = rest[rest.length - 1] as Record<string, unknown>;
      rest = rest.slice(0, -1);
    }
    checkKeywords(fn, options, ["data", ...NEW_OPTIONS]);
    if (rest.length > 1) throw new TypeError(`${fn}() takes 1 positional argument but ${rest.length} were given`);
    if (rest.length === 1 && options.data !== undefined) throw new TypeError(`${fn}() got multiple values for argument 'data'`);
    const data = rest.length === 1 ? rest[0] : options.data;
    if (data === undefined) throw missing(fn, ["data"]);
    const d = dtypeOption(fn, options.dtype) ?? this.dtype;
    const dev = deviceOption(fn, options.device) ?? native.device(this._h);
    const requiresGrad = boolOption(fn, "requires_grad", options.requires_grad);
    if (requiresGrad && !d.is_floating_point && !d.is_complex) {
      throw new RuntimeError("Only Tensors of floating point and complex dtype can require gradients");
    }
    if (data instanceof Tensor) {
      warn(
        "To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or " +
          "sourceTensor.detach().clone().requires_grad_(True), rather than tensor.new_tensor(sourceTensor).",
      );
      const t = data.detach().to(dev, d, { copy: true });
      if (requiresGrad) t.requires_grad_(true);
      return t;
    }
    if (typeof data === "string") throw new TypeError(`new(): invalid data type 'str'`);
    return tensor(data as TensorData, { dtype: d, device: dev, requires_grad: requiresGrad });
  },
  writable: true,
});

// ---- x.type() ----

/** Python's x.type() string of a dtype on a device type: "torch.FloatTensor", "torch.cuda.LongTensor". */
export function typeString(d: dtype, deviceType: string): string {
  const prefix = deviceType === "cpu" ? "torch." : `torch.${deviceType}.`;
  return `${prefix}${TYPE_NAMES.get(d)}Tensor`;
}

/** torch::utils::options_from_string: the dtype and device type a type string names. */
function parseTypeString(name: string): { dtype: dtype; device: string } {
  if (name === "torch.Tensor") return { dtype: get_default_dtype(), device: "cpu" };
  const cuda = name.startsWith("torch.cuda.");
  const rest = cuda ? name.slice("torch.cuda.".length) : name.startsWith("torch.") ? name.slice("torch.".length) : null;
  for (const [d, typeName] of TYPE_NAMES) {
    if (rest === `${typeName}Tensor`) return { dtype: d, device: cuda ? "cuda" : "cpu" };
  }
  throw new ValueError(`invalid type: '${name}'`);
}

define("type", {
  value: function (this: Tensor, ...args: unknown[]): Tensor | string {
    const fn = "type";
    let options: Record<string, unknown> = {};
    let rest = args;
    if (rest.length > 0 && isOptions(rest[rest.length - 1])) {
      options = rest[rest.length - 1] as Record<string, unknown>;
      rest = rest.slice(0, -1);
    }
    for (const key of Object.keys(options)) {
      if (!["dtype", "non_blocking", "memory_format"].includes(key)) throw new TypeError(`${fn}() got an unexpected keyword argument '${key}'`);
    }
    if (rest.length > 2) throw new TypeError(`${fn}() takes at most 2 arguments (${rest.length} given)`);
    const target = rest.length > 0 ? rest[0] : options.dtype;
    const nonBlocking = boolOption(fn, "non_blocking", rest.length > 1 ? rest[1] : options.non_blocking);
    if (target === undefined || target === null) return typeString(this.dtype, this.device.type);
    if (target instanceof dtype) return this.to(target, { non_blocking: nonBlocking });
    let name: string;
    const legacy = legacyTypeOf(target);
    if (legacy !== null) name = legacy;
    else if (typeof target === "string") name = target;
    // Another class: Python takes any type, named by its type name, as in "invalid type: 'Linear'".
    else if (typeof target === "function") name = target.name;
    else throw new TypeError("dtype must be a type, str, or dtype object");
    const parsed = parseTypeString(name);
    const current = this.device;
    const dev = parsed.device === current.type ? current : device(parsed.device);
    return this.to(dev, parsed.dtype, { non_blocking: nonBlocking });
  },
  writable: true,
});
