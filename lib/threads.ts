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
