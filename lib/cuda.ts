// torch.cuda: what the process can see of CUDA, and the CUDA caching allocator's memory
// statistics. The logic around each native call is Python's torch.cuda (2.11): statistics
// read 0 until CUDA is initialized, device arguments resolve as torch.cuda._utils.
// _get_device_index does, and the errors are Python's (native/cuda_memory.cc).
import { device as torchDevice } from "./device";
import { AssertionError, describe, TypeError, ValueError } from "./errors";
import { native } from "./native";

/** A CUDA device as torch.cuda's functions take it: an index, "cuda:1", or a torch.device. */
export type Device = number | string | torchDevice | null | undefined;

/** True when LibTorch has CUDA and at least one GPU is visible. */
export function is_available(): boolean {
  return native.cudaIsAvailable();
}

export function device_count(): number {
  return native.cudaDeviceCount();
}

/** Whether CUDA has been initialized (by a CUDA tensor, current_device(), synchronize(), ...). */
export function is_initialized(): boolean {
  return native.cudaIsInitialized();
}

/** The index of the current CUDA device (initializes CUDA; RuntimeError where it cannot). */
export function current_device(): number {
  native.cudaLazyInit();
  return native.cudaCurrentDevice();
}

/**
 * Makes `device` (an index, "cuda:1" or a torch.device, with an index) the current CUDA
 * device; a negative index does nothing, as in Python. Initializes CUDA.
 */
export function set_device(device: Device): void {
  // torch.cuda._utils._get_device_index(device) with optional=False.
  let index: unknown = device;
  const d = typeof device === "string" ? torchDevice(device) : device;
  if (d instanceof torchDevice) {
    if (d.type !== "cuda") throw new ValueError(`Expected a cuda device, but got: ${d}`);
    index = d.index;
  }
  if (typeof index !== "number" || !Number.isInteger(index)) {
    const shown = d === null || d === undefined ? "None" : String(d);
    throw new ValueError(`Expected a torch.device with a specified index or an integer, but got:${shown}`);
  }
  if (index >= 0) native.cudaSetDevice(index);
}

// torch.cuda._utils._get_device_index(device, optional=True): an integer as it is; a string
// or torch.device must be a cuda one; no index means the current device, which is null
// (Python's None) where CUDA is unavailable.
function deviceIndex(device: Device, fn: string): number | null {
  if (typeof device === "number") {
    if (!Number.isInteger(device)) {
      throw new TypeError(`torch.cuda.${fn}(): argument 'device' must be int, str or torch.device, not float`);
    }
    return device;
  }
  const d = typeof device === "string" ? torchDevice(device) : device;
  if (d instanceof torchDevice) {
    if (d.type !== "cuda") throw new ValueError(`Expected a cuda device, but got: ${d}`);
    if (d.index !== null) return d.index;
  } else if (d !== null && d !== undefined) {
    throw new TypeError(`torch.cuda.${fn}(): argument 'device' must be int, str or torch.device, not ${describe(d)}`);
  }
  return is_available() ? current_device() : null;
}

type StatKey = keyof ReturnType<typeof native.cudaMemoryStats>;

// memory_stats(device)[key], which is {} (so 0) until CUDA is initialized.
function stat(device: Device, key: StatKey, fn: string): number {
  if (!is_initialized()) return 0;
  return native.cudaMemoryStats(deviceIndex(device, fn))[key] ?? 0;
}

/** Bytes the caching allocator has handed out to tensors on the device (default: current). */
export function memory_allocated(device?: Device): number {
  return stat(device, "allocated_bytes.all.current", "memory_allocated");
}

/** The peak of memory_allocated() since the start or the last reset_peak_memory_stats(). */
export function max_memory_allocated(device?: Device): number {
  return stat(device, "allocated_bytes.all.peak", "max_memory_allocated");
}

/** Bytes the caching allocator holds from the GPU, handed out or cached. */
export function memory_reserved(device?: Device): number {
  return stat(device, "reserved_bytes.all.current", "memory_reserved");
}

/** The peak of memory_reserved() since the start or the last reset_peak_memory_stats(). */
export function max_memory_reserved(device?: Device): number {
  return stat(device, "reserved_bytes.all.peak", "max_memory_reserved");
}

/**
 * Resets the peaks (max_memory_allocated, max_memory_reserved) to the current values.
 * As in Python, RuntimeError where CUDA is not initialized.
 */
export function reset_peak_memory_stats(device?: Device): void {
  native.cudaResetPeakMemoryStats(deviceIndex(device, "reset_peak_memory_stats"));
}

/** Returns the cached, unused blocks to the GPU (memory_reserved() drops); a no-op until CUDA is initialized. */
export function empty_cache(): void {
  if (is_initialized()) native.cudaEmptyCache();
}

/** Waits for all work on every stream of the device (default: current); initializes CUDA. */
export function synchronize(device?: Device): void {
  native.cudaLazyInit();
  native.cudaSynchronize(deviceIndex(device, "synchronize"));
}

/** The device's name, as "NVIDIA H100 80GB HBM3" (initializes CUDA). */
export function get_device_name(device?: Device): string {
  native.cudaLazyInit();
  const index = deviceIndex(device, "get_device_name");
  if (index === null || index < 0 || index >= device_count()) throw new AssertionError("Invalid device id");
  return native.cudaGetDeviceName(index);
}
