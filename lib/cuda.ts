// torch.cuda: what the process can see of CUDA.
import { native } from "./native";

/** True when LibTorch has CUDA and at least one GPU is visible. */
export function is_available(): boolean {
  return native.cudaIsAvailable();
}

export function device_count(): number {
  return native.cudaDeviceCount();
}
