// torch.accelerator (Python 2.11): the device-generic API over the accelerator LibTorch was
// built with. As in Python, current_accelerator() is a compile-time answer: with LibTorch's
// CUDA build it is device("cuda") even where no GPU or driver is present (is_available() then
// says false, device_count() 0); with a CPU-only LibTorch it is null. torchts's accelerator is
// CUDA, so the rest goes through torch.cuda's native functions, with Python's logic around them
// (torch/accelerator/__init__.py and _utils.py).
import * as cuda from "./cuda";
import { device as torchDevice } from "./device";
import { NotImplementedError, RuntimeError, TypeError, ValueError } from "./errors";
import { native } from "./native";
import { pyTypeName } from "./errors";

type DeviceLike = number | string | torchDevice | null | undefined;

/** The accelerator's device type, checked to be one torchts drives ("cuda"). */
function acceleratorType(): string {
  const type = native.getAccelerator();
  if (type === null) throw new RuntimeError("Accelerator expected");
  if (type !== "cuda") throw new NotImplementedError(`torchts supports the CUDA accelerator only, not ${type}`);
  return type;
}

/**
 * torch.accelerator.current_accelerator(check_available = false): the accelerator LibTorch was
 * built with, as a device without index (device("cuda")), or null; with check_available, null
 * also when it is not available at run time.
 */
export function current_accelerator(check_available: boolean | { check_available?: boolean } = false): torchDevice | null {
  const check = typeof check_available === "object" && check_available !== null ? check_available.check_available ?? false : check_available;
  if (typeof check !== "boolean") throw new TypeError(`current_accelerator(): argument 'check_available' must be bool, not ${pyTypeName(check)}`);
  const type = native.getAccelerator();
  if (type === null) return null;
  if (check && !is_available()) return null;
  return torchDevice(type);
}

/** Whether the accelerator is available at run time: built, with drivers, and at least one device visible. */
export function is_available(): boolean {
  const acc = current_accelerator();
  if (acc === null) return false;
  return acc.type === "cuda" ? cuda.is_available() : false;
}

/** The number of accelerator devices (0 where none is available). */
export function device_count(): number {
  const acc = current_accelerator();
  if (acc === null) return 0;
  return acc.type === "cuda" ? cuda.device_count() : 0;
}

/** The index of the current accelerator device (initializes the accelerator; Python's error where it cannot). */
export function current_device_index(): number {
  acceleratorType();
  return cuda.current_device();
}

/** @deprecated Python's deprecated spelling of current_device_index(). */
export function current_device_idx(): number {
  return current_device_index();
}

/** torch.accelerator._utils._get_device_index. */
function deviceIndex(device: DeviceLike, optional: boolean): number {
  if (typeof device === "number") return device;
  let d: unknown = device;
  if (typeof d === "string") d = torchDevice(d);
  let index: number | null = null;
  if (d instanceof torchDevice) {
    const acc = current_accelerator();
    if (acc === null) throw new RuntimeError("Accelerator expected");
    if (acc.type !== d.type) throw new ValueError(`${d.type} doesn't match the current accelerator ${acc}.`);
    index = d.index;
  }
  if (index === null) {
    if (!optional) {
      const shown = d === null || d === undefined ? "None" : String(d);
      throw new ValueError(`Expected a torch.device with a specified index or an integer, but got:${shown}`);
    }
    return current_device_index();
  }
  return index;
}

/** Makes `device` (an index, "cuda:1", a torch.device with an index) the current device; a negative index does nothing. */
export function set_device_index(device: DeviceLike): void {
  const index = deviceIndex(device, false);
  if (index < 0) return;
  acceleratorType();
  cuda.set_device(index);
}

/** @deprecated Python's deprecated spelling of set_device_index(). */
export function set_device_idx(device: DeviceLike): void {
  set_device_index(device);
}

/**
 * Waits for all work on every stream of the device (default: the current one). A no-op while
 * the accelerator is not initialized, as in Python (though finding the current device, for no
 * argument, initializes it).
 */
export function synchronize(device?: DeviceLike): void {
  const index = deviceIndex(device, true);
  acceleratorType();
  if (!cuda.is_initialized()) return;
  cuda.synchronize(index);
}

/**
 * Python's `with torch.accelerator.device_index(i):` as a callback: runs fn with device i
 * current and restores the previous one after; null runs fn unchanged.
 */
export function device_index<T>(device: number | null, fn: () => T): T {
  if (typeof fn !== "function") throw new TypeError("device_index(): expects a device index and a function to run");
  if (device === null || device === undefined) return fn();
  acceleratorType();
  const previous = cuda.current_device();
  cuda.set_device(device);
  try {
    return fn();
  } finally {
    cuda.set_device(previous);
  }
}
