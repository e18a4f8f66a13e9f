// torch.cpu: Python's module (is_available, device_count, current_device, synchronize), plus
// the memory functions of torch.cuda for the CPU caching allocator that torchts installs in
// LibTorch (native/cpu_allocator.cc): Python has none, as its CPU tensors are freed at their
// last reference; here they are freed at garbage collection, and the allocator keeps their
// blocks for reuse: as many as keep live and cached bytes under the most ever live at once, or
// TORCHTS_CPU_CACHE_MB if more (default 64; 0: LibTorch's own allocator, and these counts read 0).
import { native } from "./native";

type Stat = "allocated_bytes.all.current" | "allocated_bytes.all.peak" | "reserved_bytes.all.current" | "reserved_bytes.all.peak";

/** Always true, as in Python. */
export function is_available(): boolean {
  return true;
}

/** 1, as in Python. */
export function device_count(): number {
  return 1;
}

/** "cpu", as in Python. */
export function current_device(): string {
  return "cpu";
}

/** A no-op: CPU work is synchronous, as in Python. */
export function synchronize(): void {}

function stat(key: Stat): number {
  return native.cpuMemoryStats()[key];
}

/** Bytes of the blocks handed out to live CPU tensors (block sizes, rounded up to the allocator's size classes). */
export function memory_allocated(): number {
  return stat("allocated_bytes.all.current");
}

/** The peak of memory_allocated() since the start or the last reset_peak_memory_stats(). */
export function max_memory_allocated(): number {
  return stat("allocated_bytes.all.peak");
}

/** Bytes the allocator holds: handed out, or freed and cached for reuse. */
export function memory_reserved(): number {
  return stat("reserved_bytes.all.current");
}

/** The peak of memory_reserved() since the start or the last reset_peak_memory_stats(). */
export function max_memory_reserved(): number {
  return stat("reserved_bytes.all.peak");
}

/** Resets the peaks to the current values. */
export function reset_peak_memory_stats(): void {
  native.cpuResetPeakMemoryStats();
}

/** Returns the cached blocks to the system (memory_reserved() drops to memory_allocated()). */
export function empty_cache(): void {
  native.cpuEmptyCache();
}
