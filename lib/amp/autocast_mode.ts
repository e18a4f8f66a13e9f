// torch.autocast (torch.amp.autocast), ported from torch/amp/autocast_mode.py (2.11), and the
// torch.* functions of autocast's state. Python's `with torch.autocast("cuda"): ...` is
// `torch.autocast("cuda", () => ...)` here: the region is a callback, whose value comes back.
// The state is LibTorch's own (native/amp.cc), so ops inside the region are cast by the
// dispatcher's Autocast kernels exactly as they are for Python.
//
// As with torch.no_grad(fn), an async fn gets autocast for its synchronous part only (up to
// its first await): the previous state comes back as soon as fn returns its Promise.
import { isOptions } from "../_args";
import { warn } from "../_python";
import * as cuda from "../cuda";
import { bfloat16, dtype, dtypeOfCode, float16 } from "../dtype";
import { pyTypeName, RuntimeError, TypeError, ValueError } from "../errors";
import { native } from "../native";

export interface AutocastOptions {
  /** "cuda", "cpu", ...: the `type` of the devices whose ops are autocast. */
  device_type?: string;
  /** The lower precision; default get_autocast_dtype(device_type): float16 on CUDA, bfloat16 on CPU. */
  dtype?: dtype | null;
  enabled?: boolean;
  /** Whether casts of weights are cached inside the region; default is_autocast_cache_enabled(). */
  cache_enabled?: boolean | null;
}

const OPTION_NAMES = ["device_type", "dtype", "enabled", "cache_enabled"];

function deviceTypeArg(fn: string, value: unknown): string {
  if (typeof value !== "string") throw new TypeError(`${fn}(): argument 'device_type' must be str, not ${pyTypeName(value)}`);
  return value;
}

function boolArg(fn: string, name: string, position: number, value: unknown): boolean {
  if (typeof value !== "boolean") {
    throw new TypeError(`${fn}(): argument '${name}' (position ${position}) must be bool, not ${pyTypeName(value)}`);
  }
  return value;
}

/** torch.amp.is_autocast_available(device_type): whether autocast supports that device type. */
export function is_autocast_available(device_type: string): boolean {
  return native.ampIsAutocastAvailable(deviceTypeArg("is_autocast_available", device_type));
}

/** torch.is_autocast_enabled(device_type): whether autocast is on for the device type (no argument: CUDA, as Python's legacy form). */
export function is_autocast_enabled(device_type = "cuda"): boolean {
  return native.ampIsAutocastEnabled(deviceTypeArg("is_autocast_enabled", device_type));
}

/** torch.set_autocast_enabled(device_type, enabled). */
export function set_autocast_enabled(device_type: string, enabled: boolean): void {
  native.ampSetAutocastEnabled(deviceTypeArg("set_autocast_enabled", device_type), boolArg("set_autocast_enabled", "enabled", 2, enabled));
}

/** torch.get_autocast_dtype(device_type): the dtype autocast lowers to on that device type. */
export function get_autocast_dtype(device_type: string): dtype {
  if (device_type === undefined) throw new TypeError('get_autocast_dtype() missing 1 required positional arguments: "device_type"');
  return dtypeOfCode(native.ampGetAutocastDtype(deviceTypeArg("get_autocast_dtype", device_type)));
}

/** torch.set_autocast_dtype(device_type, dtype). */
export function set_autocast_dtype(device_type: string, dtype_: dtype): void {
  if (!(dtype_ instanceof dtype)) {
    throw new TypeError(`set_autocast_dtype(): argument 'dtype' (position 2) must be torch.dtype, not ${pyTypeName(dtype_)}`);
  }
  native.ampSetAutocastDtype(deviceTypeArg("set_autocast_dtype", device_type), dtype_.code);
}

/** torch.autocast_increment_nesting(): enters one more autocast region; returns the depth. */
export function autocast_increment_nesting(): number {
  return native.ampIncrementNesting();
}

/** torch.autocast_decrement_nesting(): leaves one autocast region; returns the depth. */
export function autocast_decrement_nesting(): number {
  return native.ampDecrementNesting();
}

/** torch.clear_autocast_cache(): drops the cached casts of weights. */
export function clear_autocast_cache(): void {
  native.ampClearCache();
}

/** torch.is_autocast_cache_enabled(). */
export function is_autocast_cache_enabled(): boolean {
  return native.ampIsCacheEnabled();
}

/** torch.set_autocast_cache_enabled(enabled). */
export function set_autocast_cache_enabled(enabled: boolean): void {
  native.ampSetCacheEnabled(boolArg("set_autocast_cache_enabled", "enabled", 1, enabled));
}

// Python's `class autocast` reads as a table: device, fast_dtype, _enabled, _cache_enabled.
interface Region {
  device: string;
  fast_dtype: dtype;
  enabled: boolean;
  cache_enabled: boolean;
}

// autocast.__init__: checks the arguments, and turns autocast off (with Python's warning)
// where the device type cannot run it in that dtype.
function region(device_type: unknown, options: AutocastOptions): Region {
  if (typeof device_type !== "string") {
    throw new ValueError(`Expected \`device_type\` of type \`str\`, got: \`<class '${pyTypeName(device_type)}'>\``);
  }
  const { dtype: dtype_ = null, cache_enabled = null } = options;
  let enabled = options.enabled ?? true;
  if (dtype_ !== null && !(dtype_ instanceof dtype)) {
    throw new TypeError(`autocast(): argument 'dtype' must be torch.dtype, not ${pyTypeName(dtype_)}`);
  }
  if (typeof enabled !== "boolean") throw new TypeError(`autocast(): argument 'enabled' must be bool, not ${pyTypeName(enabled)}`);
  if (cache_enabled !== null && typeof cache_enabled !== "boolean") {
    throw new TypeError(`autocast(): argument 'cache_enabled' must be bool, not ${pyTypeName(cache_enabled)}`);
  }
  const fast_dtype = dtype_ ?? get_autocast_dtype(device_type);
  if (!is_autocast_available(device_type)) {
    throw new RuntimeError(`User specified an unsupported autocast device_type '${device_type}'`);
  }
  const device_name = device_type.toUpperCase();
  if (enabled) {
    if (device_type === "cuda") {
      // Python also refuses bfloat16 on a GPU older than Ampere (torch.cuda.is_bf16_supported());
      // torchts leaves that to the kernels, which raise their own error there.
      if (!cuda.is_available()) {
        warn("CUDA is not available or torch_xla is imported. Disabling autocast.");
        enabled = false;
      }
    } else if (fast_dtype !== bfloat16 && fast_dtype !== float16) {
      warn(
        `In ${device_name} autocast, but the target dtype is not supported. Disabling autocast.\n` +
          `${device_name} Autocast only supports dtypes of torch.bfloat16, torch.float16 currently.`,
      );
      enabled = false;
    }
  }
  return { device: device_type, fast_dtype, enabled, cache_enabled: cache_enabled ?? is_autocast_cache_enabled() };
}

// autocast.__enter__ / __exit__, around fn.
function run<T>(r: Region, fn: () => T): T {
  const prev_cache_enabled = native.ampIsCacheEnabled();
  const prev = native.ampIsAutocastEnabled(r.device);
  const prev_fastdtype = native.ampGetAutocastDtype(r.device);
  native.ampSetAutocastEnabled(r.device, r.enabled);
  native.ampSetAutocastDtype(r.device, r.fast_dtype.code);
  native.ampIncrementNesting();
  native.ampSetCacheEnabled(r.cache_enabled);
  try {
    return fn();
  } finally {
    if (native.ampDecrementNesting() === 0) native.ampClearCache();
    native.ampSetAutocastEnabled(r.device, prev);
    native.ampSetAutocastDtype(r.device, prev_fastdtype);
    native.ampSetCacheEnabled(prev_cache_enabled);
  }
}

/**
 * torch.autocast(device_type, { dtype, enabled, cache_enabled }, fn): runs fn with autocast
 * on for `device_type` (Python's `with torch.autocast(device_type, ...):`) and returns fn's
 * value; the previous state comes back when fn returns or throws. Also
 * torch.autocast(device_type, fn) and torch.autocast({ device_type, ... }, fn).
 */
export function autocast<T>(device_type: string, fn: () => T): T;
export function autocast<T>(device_type: string, options: Omit<AutocastOptions, "device_type">, fn: () => T): T;
export function autocast<T>(options: AutocastOptions & { device_type: string }, fn: () => T): T;
export function autocast<T>(...args: unknown[]): T {
  const fn = args.pop();
  if (typeof fn !== "function") {
    throw new TypeError("autocast(): the last argument must be the function to run under autocast (Python's `with` block)");
  }
  let options: AutocastOptions = {};
  if (args.length > 0 && isOptions(args[args.length - 1])) options = args.pop() as AutocastOptions;
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.includes(key)) throw new TypeError(`autocast.__init__() got an unexpected keyword argument '${key}'`);
  }
  if (args.length > 1) throw new TypeError(`autocast.__init__() takes from 2 to 5 positional arguments but ${args.length + 2} were given`);
  if (args.length === 1 && options.device_type !== undefined) {
    throw new TypeError("autocast.__init__() got multiple values for argument 'device_type'");
  }
  const device_type = args.length === 1 ? args[0] : options.device_type;
  if (device_type === undefined) {
    throw new TypeError("autocast.__init__() missing 1 required positional argument: 'device_type'");
  }
  return run(region(device_type, options), fn as () => T);
}

// Python's deprecated per-device spellings (torch.get_autocast_cpu_dtype(), ...): each warns as
// Python does and calls the device_type form.
type Legacy = { cpu: string; gpu: string; ipu: string; xla: string };
const LEGACY_DEVICE: Legacy = { cpu: "cpu", gpu: "cuda", ipu: "ipu", xla: "xla" };

function deprecated(old: string, replacement: string): void {
  process.emitWarning(`torch.${old} is deprecated. Please use torch.${replacement} instead.`, "DeprecationWarning");
}

function legacyAutocast(device: keyof Legacy): Record<string, (...args: never[]) => unknown> {
  const type = LEGACY_DEVICE[device];
  const functions: Record<string, (...args: never[]) => unknown> = {
    [`get_autocast_${device}_dtype`]: (): dtype => {
      deprecated(`get_autocast_${device}_dtype()`, `get_autocast_dtype('${type}')`);
      return get_autocast_dtype(type);
    },
    [`set_autocast_${device}_dtype`]: (dtype_: dtype): void => {
      deprecated(`set_autocast_${device}_dtype(dtype)`, `set_autocast_dtype('${type}', dtype)`);
      set_autocast_dtype(type, dtype_);
    },
    [`is_autocast_${device}_enabled`]: (): boolean => {
      deprecated(`is_autocast_${device}_enabled()`, `is_autocast_enabled('${type}')`);
      return is_autocast_enabled(type);
    },
    [`set_autocast_${device}_enabled`]: (enabled: boolean): void => {
      deprecated(`set_autocast_${device}_enabled(enabled)`, `set_autocast_enabled('${type}', enabled)`);
      set_autocast_enabled(type, enabled);
    },
  };
  // CUDA's enabled switch kept its old name (torch.is_autocast_enabled()), so Python has no gpu form.
  if (device === "gpu") {
    delete functions.is_autocast_gpu_enabled;
    delete functions.set_autocast_gpu_enabled;
  }
  return functions;
}

/** torch.get_autocast_cpu_dtype() ... torch.set_autocast_xla_enabled(enabled): deprecated, as in Python. */
export const legacyAutocastFunctions = {
  ...legacyAutocast("cpu"),
  ...legacyAutocast("gpu"),
  ...legacyAutocast("ipu"),
  ...legacyAutocast("xla"),
} as unknown as {
  get_autocast_cpu_dtype(): dtype; get_autocast_gpu_dtype(): dtype; get_autocast_ipu_dtype(): dtype; get_autocast_xla_dtype(): dtype;
  set_autocast_cpu_dtype(dtype: dtype): void; set_autocast_gpu_dtype(dtype: dtype): void; set_autocast_ipu_dtype(dtype: dtype): void; set_autocast_xla_dtype(dtype: dtype): void;
  is_autocast_cpu_enabled(): boolean; is_autocast_ipu_enabled(): boolean; is_autocast_xla_enabled(): boolean;
  set_autocast_cpu_enabled(enabled: boolean): void; set_autocast_ipu_enabled(enabled: boolean): void; set_autocast_xla_enabled(enabled: boolean): void;
};
