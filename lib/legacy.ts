// torch.Tensor as Python's users call it, and the legacy typed constructors (torch.FloatTensor,
// torch.LongTensor, ..., torch.cuda.FloatTensor, ...), with Python's behaviours
// (torch/csrc/utils/tensor_new.cpp, legacy_tensor_generic_ctor_new):
//
//   torch.Tensor(2, 3)              uninitialized, of the default dtype (float32), on the CPU
//   torch.Tensor([1, 2])            data, converted to that dtype (no inference)
//   torch.Tensor(torch.Size([2]))   a Size is sizes, an array is data
//   torch.Tensor()                  an empty tensor of size [0]
//   torch.Tensor(t)                 t.alias() (a typed constructor checks t's type)
//
// JS cannot call a class without `new`, so torch.Tensor is a Proxy over the Tensor class:
// calling it (an apply trap) and `new torch.Tensor(...)` (a construct trap) both make a tensor,
// while `instanceof torch.Tensor` and `class X extends torch.Tensor` see the class itself. The
// typed constructors are functions callable with or without `new`, with a Symbol.hasInstance
// that is Python's isinstance(x, torch.FloatTensor): a tensor of that dtype on that device type.
import { types } from "node:util";
import { isOptions } from "./_args";
import { Complex } from "./complex";
import { tensor, TensorData } from "./creation";
import { device } from "./device";
import * as dt from "./dtype";
import { RuntimeError, TypeError } from "./errors";
import { registerLegacyType, TYPE_NAMES } from "./legacy_types";
import { Handle, native } from "./native";
import { Size } from "./size";
import { deviceOption } from "./tensor_api";
import { Tensor } from "./tensor";
import { warn } from "./_python";
import { pyTypeName } from "./errors";

/** What the legacy constructors take: sizes, data, a tensor, and a trailing `{ device }`. */
export type LegacyArg = number | TensorData | Complex | Tensor | Size | { device?: string | device | number | null };

const SIGNATURES =
  " * (*, torch.device device = None)\n * (torch.Storage storage)\n * (Tensor other)\n" +
  " * (tuple of ints size, *, torch.device device = None)\n * (object data, *, torch.device device = None)\n";

function isSequence(value: unknown): boolean {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/**
 * A legacy constructor's tensor. `d` null: torch.Tensor (the default dtype, any tensor
 * accepted); otherwise a typed constructor of dtype d on deviceType.
 */
function legacyNew(d: dt.dtype | null, deviceType: "cpu" | "cuda", args: unknown[]): Tensor {
  let options: Record<string, unknown> = {};
  let rest = args;
  if (rest.length > 0 && isOptions(rest[rest.length - 1])) {
    options = rest[rest.length - 1] as Record<string, unknown>;
    rest = rest.slice(0, -1);
  }
  const unknown = Object.keys(options).filter((k) => k !== "device");
  if (unknown.length > 0) {
    const got = [...rest.map(pyTypeName), ...Object.keys(options).map((k) => `${k}=${options[k] instanceof dt.dtype ? "torch.dtype" : pyTypeName(options[k])}`)];
    throw new TypeError(`new() received an invalid combination of arguments - got (${got.join(", ")}${rest.length === 0 ? ", " : ""}), but expected one of:\n${SIGNATURES}`);
  }
  const type = d ?? dt.get_default_dtype();
  let dev = deviceOption("new", options.device);
  if (dev !== null) {
    const given = device(dev).type;
    if (given !== deviceType) throw new RuntimeError(`legacy constructor expects device type: ${deviceType} but device type: ${given} was passed`);
  }
  dev ??= deviceType;

  if (rest.length === 0) return sized(type, dev, [0]);
  const first = rest[0];
  if (rest.length === 1 && first instanceof Tensor) {
    if (options.device !== undefined && options.device !== null) {
      throw new RuntimeError(
        "Legacy tensor constructor of the form torch.Tensor(tensor, device=device) is not supported.  Use torch.tensor(...) or torch.as_tensor(...) instead.",
      );
    }
    if (d !== null) native.legacyCheckType(first._h, d.code, deviceType);
    return new Tensor(native.alias(first._h));
  }
  if (rest.length === 1 && first instanceof Size) return sized(type, dev, [...first]);
  if (rest.length === 1 && isSequence(first)) return tensor(first as TensorData, { dtype: type, device: dev });
  if (rest.every((x) => Number.isInteger(x))) return sized(type, dev, rest as number[]);
  if (rest.length === 1) {
    if (typeof first === "string") throw new TypeError(`new(): invalid data type 'str'`);
    throw new TypeError(`new(): data must be a sequence (got ${pyTypeName(first)})`);
  }
  if (Number.isInteger(first)) {
    const bad = rest.findIndex((x) => !Number.isInteger(x));
    throw new TypeError(`new(): argument 'size' failed to unpack the object at pos ${bad + 1} with error "type must be tuple of ints,but got ${pyTypeName(rest[bad])}"`);
  }
  throw new TypeError(`new() received an invalid combination of arguments - got (${rest.map(pyTypeName).join(", ")}), but expected one of:\n${SIGNATURES}`);
}

/** at::empty(sizes) of the type: uninitialized memory, as Python's new_with_sizes. */
function sized(type: dt.dtype, dev: string, sizes: number[]): Tensor {
  return new Tensor(native.op_empty_memory_format(sizes, type.code, null, dev, null, null) as Handle);
}

/** torch.Tensor as users see it: the class (instanceof, extends) that is also Python's constructor. */
export type TensorConstructor = typeof Tensor & {
  (...args: LegacyArg[]): Tensor;
  new (...args: LegacyArg[]): Tensor;
};

export const TensorCtor: TensorConstructor = new Proxy(Tensor, {
  apply(_target, _this, args: unknown[]) {
    return legacyNew(null, "cpu", args);
  },
  construct(target, args: unknown[], newTarget) {
    const subclass = newTarget !== TensorCtor;
    // torchts's own `new Tensor(handle)` (a subclass's super(handle) included) passes through.
    if (args.length === 1 && types.isExternal(args[0])) return Reflect.construct(target, args, subclass ? newTarget : target);
    const t = legacyNew(null, "cpu", args);
    if (!subclass) return t;
    // class X extends torch.Tensor { constructor() { super(2, 3) } }: an X around a handle of its own.
    const handle = native.alias(t._h);
    t.dispose();
    return Reflect.construct(target, [handle], newTarget);
  },
}) as TensorConstructor;
registerLegacyType(TensorCtor, "torch.Tensor");

/** A legacy typed constructor: torch.FloatTensor(2, 3), torch.LongTensor([1, 2]), `x instanceof torch.FloatTensor`. */
export interface LegacyTensorType {
  (...args: LegacyArg[]): Tensor;
  new (...args: LegacyArg[]): Tensor;
  /** The dtype its tensors have. */
  readonly dtype: dt.dtype;
  /** Whether its tensors are CUDA tensors (torch.cuda.FloatTensor). */
  readonly is_cuda: boolean;
  [Symbol.hasInstance](value: unknown): boolean;
}

function legacyType(d: dt.dtype, deviceType: "cpu" | "cuda"): LegacyTensorType {
  const name = `${TYPE_NAMES.get(d)}Tensor`;
  const qualified = deviceType === "cpu" ? `torch.${name}` : `torch.cuda.${name}`;
  const ctor = function (...args: unknown[]): Tensor {
    if (deviceType === "cuda") {
      warn(
        "The torch.cuda.*DtypeTensor constructors are no longer recommended. It's best to use methods such as " +
          "torch.tensor(data, dtype=*, device='cuda') to create tensors.",
      );
    }
    return legacyNew(d, deviceType, args);
  };
  Object.defineProperties(ctor, {
    name: { value: name },
    dtype: { value: d, enumerable: true },
    is_cuda: { value: deviceType === "cuda", enumerable: true },
    [Symbol.hasInstance]: {
      value: (value: unknown) => value instanceof Tensor && value.dtype === d && native.device(value._h).split(":")[0] === deviceType,
    },
    toString: { value: () => `<class '${qualified}'>` },
    [Symbol.for("nodejs.util.inspect.custom")]: { value: () => `<class '${qualified}'>` },
  });
  registerLegacyType(ctor, qualified);
  return ctor as unknown as LegacyTensorType;
}

// Python's legacy types (torch/__init__.py's _tensor_classes); complex and unsigned dtypes have none.
const LEGACY: [string, dt.dtype][] = [
  ["FloatTensor", dt.float32],
  ["DoubleTensor", dt.float64],
  ["HalfTensor", dt.float16],
  ["BFloat16Tensor", dt.bfloat16],
  ["LongTensor", dt.int64],
  ["IntTensor", dt.int32],
  ["ShortTensor", dt.int16],
  ["CharTensor", dt.int8],
  ["ByteTensor", dt.uint8],
  ["BoolTensor", dt.bool],
];

type LegacyTypes = Record<
  "FloatTensor" | "DoubleTensor" | "HalfTensor" | "BFloat16Tensor" | "LongTensor" | "IntTensor" | "ShortTensor" | "CharTensor" | "ByteTensor" | "BoolTensor",
  LegacyTensorType
>;

/** torch.FloatTensor, torch.LongTensor, ... */
export const legacyTypes = Object.fromEntries(LEGACY.map(([n, d]) => [n, legacyType(d, "cpu")])) as LegacyTypes;
/** torch.cuda.FloatTensor, torch.cuda.LongTensor, ... */
export const cudaLegacyTypes = Object.fromEntries(LEGACY.map(([n, d]) => [n, legacyType(d, "cuda")])) as LegacyTypes;

// x.new(...): the legacy constructor of x's dtype on x's device type (Python's Tensor.new).
Object.defineProperty(Tensor.prototype, "new", {
  value: function (this: Tensor, ...args: unknown[]): Tensor {
    return legacyNew(this.dtype, this.device.type === "cuda" ? "cuda" : "cpu", args);
  },
  writable: true,
  configurable: true,
});

declare module "./tensor" {
  interface Tensor {
    /** x.new(...sizes | data): a tensor of x's dtype and device type, as the legacy constructors make it. */
    "new"(...args: LegacyArg[]): Tensor;
  }
}

