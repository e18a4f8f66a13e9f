// torch.amp: automatic mixed precision. autocast runs a region in lower precision; GradScaler
// keeps float16 gradients from underflowing. torch.cuda.amp keeps Python's deprecated aliases.
import { warn } from "../_python";
import { float16 } from "../dtype";
import { autocast as amp_autocast, AutocastOptions } from "./autocast_mode";
import { GradScaler, GradScalerOptions } from "./grad_scaler";

export { autocast, is_autocast_available } from "./autocast_mode";
export type { AutocastOptions } from "./autocast_mode";
export { GradScaler, OptState } from "./grad_scaler";
export type { GradScalerOptions, GradScalerState } from "./grad_scaler";

/** torch.cuda.amp.GradScaler(...): deprecated in PyTorch for torch.amp.GradScaler("cuda", ...). */
class CudaGradScaler extends GradScaler {
  constructor(options: Omit<GradScalerOptions, "device"> = {}) {
    warn(
      "`torch.cuda.amp.GradScaler(args...)` is deprecated. Please use `torch.amp.GradScaler('cuda', args...)` instead.",
      "FutureWarning",
    );
    super("cuda", options);
  }
}
Object.defineProperty(CudaGradScaler, "name", { value: "GradScaler" });

/** torch.cuda.amp.autocast({ enabled, dtype, cache_enabled }, fn): deprecated for torch.autocast("cuda", ...). */
function cuda_autocast<T>(...args: [fn: () => T] | [options: Omit<AutocastOptions, "device_type">, fn: () => T]): T {
  warn(
    "`torch.cuda.amp.autocast(args...)` is deprecated. Please use `torch.amp.autocast('cuda', args...)` instead.",
    "FutureWarning",
  );
  const fn = args[args.length - 1] as () => T;
  const options = (args.length > 1 ? args[0] : {}) as Omit<AutocastOptions, "device_type">;
  return amp_autocast("cuda", { enabled: true, dtype: float16, cache_enabled: true, ...options }, fn);
}

/** torch.cuda.amp: the deprecated CUDA-only spellings. */
export const cuda_amp = { GradScaler: CudaGradScaler, autocast: cuda_autocast };
