// torch.backends.cuda.matmul, torch.backends.cudnn and torch.set_float32_matmul_precision: the
// global flags of LibTorch's at::globalContext() (native/backends.cc), read and written as
// Python's torch/backends and torch/__init__.py do. The flags exist without a GPU too (they
// only take effect in CUDA kernels), so they read and set the same on any machine.
import { warn } from "./_python";
import { pyTypeName, RuntimeError } from "./errors";
import { BackendFlag, native } from "./native";

// A property over one flag; `setter` is the name in Python's error for a non-bool value
// (torch._C's own, which names cublas for cudnn.allow_tf32 too).
function flagProperty(flag: BackendFlag, setter: string): PropertyDescriptor {
  return {
    enumerable: true,
    get: () => native.backendsGetFlag(flag),
    set: (value: unknown) => {
      if (typeof value !== "boolean") throw new RuntimeError(`${setter} expects a bool, but got ${pyTypeName(value)}`);
      native.backendsSetFlag(flag, value);
    },
  };
}

// Flags objects are closed: assigning a name they do not have throws (Python: AttributeError).
function flags<T>(properties: Record<string, PropertyDescriptor>): T {
  return Object.preventExtensions(Object.defineProperties({}, properties)) as T;
}

export interface CudaMatmulFlags {
  /** Whether float32 matrix multiplications on CUDA may use TF32 tensor cores (default false). */
  allow_tf32: boolean;
}

export interface CudnnFlags {
  /** Whether cuDNN is used where it can be (default true). */
  enabled: boolean;
  /** Whether cuDNN convolutions may use TF32 tensor cores (default true). */
  allow_tf32: boolean;
  /** Whether cuDNN benchmarks its algorithms for each new input shape and keeps the fastest (default false). */
  benchmark: boolean;
  /** Whether cuDNN uses only deterministic algorithms (default false). */
  deterministic: boolean;
}

/** torch.backends.cuda: `torch.backends.cuda.matmul.allow_tf32 = true`. */
export const cuda = Object.freeze({
  matmul: flags<CudaMatmulFlags>({ allow_tf32: flagProperty("cublas_allow_tf32", "set_allow_tf32_cublas") }),
});

/** torch.backends.cudnn: enabled, allow_tf32, benchmark, deterministic. */
export const cudnn = flags<CudnnFlags>({
  enabled: flagProperty("cudnn_enabled", "set_enabled_cudnn"),
  allow_tf32: flagProperty("cudnn_allow_tf32", "set_allow_tf32_cublas"),
  benchmark: flagProperty("cudnn_benchmark", "set_benchmark_cudnn"),
  deterministic: flagProperty("cudnn_deterministic", "set_deterministic_cudnn"),
});

/** The torch.backends namespace. */
export const backends = Object.freeze({ cuda, cudnn });

/**
 * torch.set_float32_matmul_precision("highest" | "high" | "medium"): how float32 matrix
 * multiplications may compute internally ("high": TF32 on CUDA). Another string is ignored
 * with LibTorch's warning, as in Python.
 */
export function set_float32_matmul_precision(precision: "highest" | "high" | "medium"): void {
  if (typeof precision !== "string") {
    throw new RuntimeError(`set_float32_matmul_precision expects a str, but got ${pyTypeName(precision)}`);
  }
  for (const message of native.setFloat32MatmulPrecision(precision)) warn(message);
}

/** torch.get_float32_matmul_precision(): "highest" (the default), "high" or "medium". */
export function get_float32_matmul_precision(): "highest" | "high" | "medium" {
  return native.getFloat32MatmulPrecision();
}
