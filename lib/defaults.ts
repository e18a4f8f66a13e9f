// torch.set_default_dtype / get_default_dtype and torch.set_default_device /
// get_default_device. The default dtype lives in LibTorch (c10::set_default_dtype, which its
// factories read) and in lib/dtype.ts (for torch.tensor's inference and printing). The default
// device is JS state: Python keeps it in a TorchFunctionMode (torch.utils._device.DeviceContext)
// that gives `device=` to the factories of its list when they get none; here torch.tensor and
// torch.as_tensor (lib/creation.ts) and the generated factories (lib/_dispatch.ts) read it.
import { device } from "./device";
import { _setDefaultDtype, complex128, complex32, complex64, dtype, float16, float32, float64, get_default_dtype } from "./dtype";
import { RuntimeError, TypeError } from "./errors";
import { native } from "./native";
import { Tensor } from "./tensor";

export { get_default_dtype };

/**
 * torch.set_default_dtype(d): the dtype of floating-point tensors made without one (factories,
 * torch.tensor of fractional numbers, Python-scalar type promotion, torch.Tensor(...)); only
 * floating-point dtypes, as in Python. Complex data follows it: complex128 for float64.
 */
export function set_default_dtype(d: dtype): void {
  if (!(d instanceof dtype)) throw new TypeError("invalid dtype object: only floating-point types are supported as the default type");
  if (!d.is_floating_point) throw new TypeError("only floating-point types are supported as the default type");
  native.setDefaultDtype(d.code);
  _setDefaultDtype(d);
}

/** @internal The dtype of complex data made without one: c10::get_default_complex_dtype. */
export function defaultComplexDtype(): dtype {
  const d = get_default_dtype();
  if (d === float64) return complex128;
  if (d === float32) return complex64;
  if (d === float16) return complex32;
  throw new RuntimeError("invalid default scalar type for complex");
}

// The device given to torch.set_default_device, or null (none: factories make CPU tensors).
let defaultDevice: device | null = null;

/**
 * torch.set_default_device(device): the device factories use when they get no `device`
 * (torch.tensor, as_tensor, zeros, ones, empty, full, arange, linspace, eye, rand, randn,
 * randint, randperm: Python's list, torch.utils._device._device_constructors); null resets it.
 * A number is a device index of the accelerator (Python's torch.device(3)). Not the *_like
 * factories, x.new_*() or the legacy constructors, which Python leaves alone too.
 */
export function set_default_device(d: string | device | number | null | undefined): void {
  if (d === null || d === undefined) {
    defaultDevice = null;
    return;
  }
  if (typeof d === "number") {
    if (!Number.isInteger(d)) throw new TypeError(`set_default_device(): argument 'device' must be torch.device, str or int, not float`);
    defaultDevice = device(native.getAccelerator() ?? "cpu", d);
    return;
  }
  if (typeof d !== "string" && !(d instanceof device)) {
    throw new TypeError(`set_default_device(): argument 'device' must be torch.device, str or int, not ${typeof d}`);
  }
  defaultDevice = device(d);
}

/**
 * torch.get_default_device(): the default device, with its index resolved as Python does (it
 * makes an empty tensor there: "cuda" gives "cuda:0", and initializes CUDA); cpu when none is set.
 */
export function get_default_device(): device {
  if (defaultDevice === null) return device("cpu");
  if (defaultDevice.index !== null) return defaultDevice;
  return new Tensor(native.fromData(new Float32Array(0), [0], float32.code, String(defaultDevice), false)).device;
}

/** @internal The default device as the native layer takes it ("meta", "cuda:1"), or null when none is set. */
export function defaultDeviceSpec(): string | null {
  return defaultDevice === null ? null : String(defaultDevice);
}
