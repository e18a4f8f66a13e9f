// Intra-op parallelism of LibTorch's CPU kernels.
import { argumentError } from "./errors";
import { native } from "./native";

export function get_num_threads(): number {
  return native.getNumThreads();
}

export function set_num_threads(n: number): void {
  if (!Number.isInteger(n)) throw argumentError("set_num_threads", "int", "int", n);
  native.setNumThreads(n);
}

/** Inter-op parallelism (LibTorch's pool that runs independent ops, e.g. in TorchScript). */
export function get_num_interop_threads(): number {
  return native.getNumInteropThreads();
}

/** Sets the inter-op pool's size; LibTorch allows it once, before any inter-op work. */
export function set_num_interop_threads(n: number): void {
  if (!Number.isInteger(n)) throw argumentError("set_num_interop_threads", "int", "int", n);
  native.setNumInteropThreads(n);
}

/** Initializes the number of parallel threads of the current thread (LibTorch's init_num_threads). */
export function init_num_threads(): void {
  native.initNumThreads();
}
