// torch.finfo and torch.iinfo: the numerical limits of a floating-point or integer dtype, with
// Python's fields, printout and errors (torch/csrc/TypeInfo.cpp).
import { bfloat16, bool, complex128, complex32, complex64, dtype, float16, float32, float64, get_default_dtype, int16, int32, int64, int8, uint16, uint32, uint64, uint8 } from "./dtype";
import { TypeError } from "./errors";
import { formatExp, formatFixed } from "./_tensor_str";
import { printsAsStr } from "./_python";
import { pyTypeName } from "./errors";

/** C++'s `ostream << double` (printf's %g, 6 significant digits), as TypeInfo.cpp prints fields. */
function cppDouble(x: number | bigint): string {
  const v = Number(x);
  if (v === 0) return "0";
  const precision = 6;
  const exp = Number(formatExp(v, precision - 1).split("e")[1]);
  if (exp < -4 || exp >= precision) {
    const [mantissa, e] = formatExp(v, precision - 1).split("e");
    return `${stripZeros(mantissa)}e${e}`;
  }
  return stripZeros(formatFixed(v, precision - 1 - exp));
}

function stripZeros(s: string): string {
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

interface FloatLimits {
  bits: number;
  eps: number;
  max: number;
  tiny: number;
  resolution: number;
}

const FLOAT_LIMITS = new Map<dtype, FloatLimits>([
  [float16, { bits: 16, eps: 2 ** -10, max: 65504, tiny: 2 ** -14, resolution: 1e-3 }],
  [bfloat16, { bits: 16, eps: 2 ** -7, max: (2 - 2 ** -7) * 2 ** 127, tiny: 2 ** -126, resolution: 1e-2 }],
  [float32, { bits: 32, eps: 2 ** -23, max: (2 - 2 ** -23) * 2 ** 127, tiny: 2 ** -126, resolution: 1e-6 }],
  [float64, { bits: 64, eps: 2 ** -52, max: Number.MAX_VALUE, tiny: 2 ** -1022, resolution: 1e-15 }],
]);

// A complex dtype's limits are those of its parts.
const REAL_OF_COMPLEX = new Map<dtype, dtype>([
  [complex32, float16],
  [complex64, float32],
  [complex128, float64],
]);

function dtypeArgument(fn: string, type: unknown, given: boolean): dtype {
  if (!given) throw new TypeError(`${fn}() missing 1 required positional arguments: "type"`);
  if (!(type instanceof dtype)) throw new TypeError(`${fn}(): argument 'type' (position 1) must be torch.dtype, not ${pyTypeName(type)}`);
  return type;
}

/** torch.finfo(type = torch.get_default_dtype()): the limits of a floating-point (or complex) dtype. */
export class finfo {
  /** Bits of the type. */
  readonly bits!: number;
  /** The difference between 1.0 and the next representable number. */
  readonly eps!: number;
  /** The largest finite number. */
  readonly max!: number;
  /** The most negative finite number (-max). */
  readonly min!: number;
  /** The smallest positive normal number (also smallest_normal). */
  readonly tiny!: number;
  readonly smallest_normal!: number;
  /** 10 ** -(decimal digits of precision). */
  readonly resolution!: number;
  /** The dtype's name without "torch." ("float32"; a complex dtype gives its parts' type), a string as in Python. */
  readonly dtype!: string;

  constructor(type?: dtype) {
    const d = type === undefined ? get_default_dtype() : dtypeArgument("finfo", type, true);
    const real = REAL_OF_COMPLEX.get(d) ?? d;
    const limits = FLOAT_LIMITS.get(real);
    if (!limits) {
      throw new TypeError("torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo'");
    }
    Object.assign(this, {
      bits: limits.bits,
      eps: limits.eps,
      max: limits.max,
      min: -limits.max,
      tiny: limits.tiny,
      smallest_normal: limits.tiny,
      resolution: limits.resolution,
      dtype: real.name,
    });
    Object.freeze(this);
  }

  /** Python's str(torch.finfo(...)). */
  toString(): string {
    return (
      `finfo(resolution=${cppDouble(this.resolution)}, min=${cppDouble(this.min)}, max=${cppDouble(this.max)}, ` +
      `eps=${cppDouble(this.eps)}, smallest_normal=${cppDouble(this.smallest_normal)}, tiny=${cppDouble(this.tiny)}, dtype=${this.dtype})`
    );
  }
}

const INT_LIMITS = new Map<dtype, [number | bigint, number | bigint]>([
  [uint8, [0, 255]],
  [int8, [-128, 127]],
  [int16, [-32768, 32767]],
  [int32, [-2147483648, 2147483647]],
  // -2^63 is exact as a JS number; 2^63 - 1 and 2^64 - 1 are not, so they are bigints.
  [int64, [-(2 ** 63), 2n ** 63n - 1n]],
  [uint16, [0, 65535]],
  [uint32, [0, 4294967295]],
  [uint64, [0, 2n ** 64n - 1n]],
]);

/** torch.iinfo(type): the limits of an integer dtype. */
export class iinfo {
  readonly bits!: number;
  /**
   * The largest value: a number, except for int64 and uint64, whose maxima (2^63 - 1, 2^64 - 1)
   * no JS number holds: those are bigints (Python's exact int).
   */
  readonly max!: number | bigint;
  /** The smallest value (a number for every dtype: -2^63 is exact). */
  readonly min!: number | bigint;
  /** The dtype's name without "torch." ("int32"), a string as in Python. */
  readonly dtype!: string;

  constructor(type: dtype) {
    const d = dtypeArgument("iinfo", type, arguments.length > 0);
    if (d === bool) throw new TypeError("torch.bool is not supported by torch.iinfo");
    const limits = INT_LIMITS.get(d);
    if (!limits) {
      throw new TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'");
    }
    Object.assign(this, { bits: d.itemsize * 8, min: limits[0], max: limits[1], dtype: d.name });
    Object.freeze(this);
  }

  /** Python's str(torch.iinfo(...)). */
  toString(): string {
    return `iinfo(min=${cppDouble(this.min)}, max=${cppDouble(this.max)}, dtype=${this.dtype})`;
  }
}

printsAsStr(finfo, iinfo);

/** Callable as in Python (`torch.finfo(torch.float16)`) and constructible with `new`. */
function callable<C extends new (...args: never[]) => object>(cls: C): C & ((...args: ConstructorParameters<C>) => InstanceType<C>) {
  return new Proxy(cls, {
    apply(target, _this, args) {
      return Reflect.construct(target, args);
    },
  }) as C & ((...args: ConstructorParameters<C>) => InstanceType<C>);
}

export const finfoCtor = callable(finfo);
export const iinfoCtor = callable(iinfo);
