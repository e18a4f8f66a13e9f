// The native addon, loaded once, with the signatures of its functions. Handles are opaque:
// JS never looks inside them. Arguments are checked in lib/ before they get here.
import * as errors from "./errors";
import { load } from "./loader";

declare const handleBrand: unique symbol;
/** A native tensor (an external that owns an at::Tensor). */
export type Handle = { readonly [handleBrand]: true };
declare const generatorBrand: unique symbol;
/** A native at::Generator. */
export type GeneratorHandle = { readonly [generatorBrand]: true };
/** A c10::ScalarType value. */
type DtypeCode = number;
type DeviceSpec = string | null;
type Opt<T> = T | null | undefined;
/** The at::globalContext() flags that native/backends.cc reads and writes. */
export type BackendFlag =
  | "cublas_allow_tf32" | "cudnn_allow_tf32" | "cudnn_benchmark" | "cudnn_deterministic" | "cudnn_enabled"
  | "deterministic_algorithms" | "deterministic_algorithms_warn_only" | "warn_always" | "anomaly_enabled" | "anomaly_check_nan";

export interface NativeBinding {
  /** The generated op wrappers (native/ops_generated.cc), called through lib/_dispatch.ts. */
  [generated: `op_${string}`]: (...args: any[]) => any;

  /** Any ATen operator, called boxed (native/boxed.cc): found once by name, then called with its bound arguments. */
  opFind(name: string, overload: string, factory?: boolean): unknown;
  opCall(op: unknown, args: unknown[]): unknown;
  /** Every overload's schema of aten::<name>, as the JIT prints it (torch.ops.aten). */
  opSchemas(name: string): string[];

  init(errorClasses: typeof errors): void;
  buildInfo(): { torch: string; cuda: string | null };
  cudaIsAvailable(): boolean;
  cudaDeviceCount(): number;
  getNumThreads(): number;
  getNumInteropThreads(): number;
  storageOffset(h: Handle): number;
  isContiguous(h: Handle, memoryFormat: number): boolean;
  getDevice(h: Handle): number;
  dataPtr(h: Handle): number;
  setNumInteropThreads(n: number): void;
  initNumThreads(): void;
  setFlushDenormal(mode: boolean): boolean;
  setNumThreads(n: number): void;
  manualSeed(seed: bigint): void;
  /** The C library's pow, cos, erf, exp, log: what Python's float math computes. */
  libmPow(x: number, y: number): number;
  libmCos(x: number): number;
  libmErf(x: number): number;
  libmExp(x: number): number;
  libmLog(x: number): number;

  // the CPU caching allocator (native/cpu_allocator.cc), for lib/cpu.ts and GC pacing
  cpuMemoryStats(): Record<"allocated_bytes.all.current" | "allocated_bytes.all.peak" | "reserved_bytes.all.current" | "reserved_bytes.all.peak" | "cache_limit_bytes", number>;
  cpuAllocatedBytes(): number;
  cpuResetPeakMemoryStats(): void;
  cpuEmptyCache(): void;

  // torch.cuda memory (native/cuda_memory.cc); device indices are resolved in lib/cuda.ts
  cudaIsInitialized(): boolean;
  cudaLazyInit(): void;
  cudaMemoryStats(device: number | null): Record<"allocated_bytes.all.current" | "allocated_bytes.all.peak" | "reserved_bytes.all.current" | "reserved_bytes.all.peak", number>;
  cudaResetPeakMemoryStats(device: number | null): void;
  cudaEmptyCache(): void;
  cudaCurrentDevice(): number;
  cudaSynchronize(device: number | null): void;
  cudaGetDeviceName(device: number): string;
  cudaSetDevice(device: number): void;
  /** c10::Device's parser (native/device.cc): [type, index or null]. */
  parseDevice(spec: string): [string, number | null];

  // autocast's thread-local state (native/amp.cc); device types as Python's strings ("cpu", "cuda")
  ampIsAutocastAvailable(deviceType: string): boolean;
  ampIsAutocastEnabled(deviceType: string): boolean;
  ampSetAutocastEnabled(deviceType: string, enabled: boolean): void;
  ampGetAutocastDtype(deviceType: string): DtypeCode;
  ampSetAutocastDtype(deviceType: string, dtype: DtypeCode): void;
  ampIncrementNesting(): number;
  ampDecrementNesting(): number;
  ampClearCache(): void;
  ampIsCacheEnabled(): boolean;
  ampSetCacheEnabled(enabled: boolean): void;

  // at::globalContext()'s flags (native/backends.cc)
  backendsGetFlag(name: BackendFlag): boolean;
  backendsSetFlag(name: BackendFlag, value: boolean): void;
  getFloat32MatmulPrecision(): "highest" | "high" | "medium";
  /** Returns the warnings LibTorch raised. */
  setFloat32MatmulPrecision(precision: string): string[];

  fromData(data: ArrayBufferView, shape: number[], dtype: Opt<DtypeCode>, device: DeviceSpec, requiresGrad: boolean): Handle;

  shape(t: Handle): number[];
  dtype(t: Handle): DtypeCode;
  device(t: Handle): string;
  requiresGrad(t: Handle): boolean;
  gradFnName(t: Handle): string | null;
  /** A complex element comes as [real, imag]. */
  item(t: Handle): number | boolean | [number, number];
  bytesView(t: Handle): Uint8Array;
  toTypedArray(t: Handle): Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;
  to(t: Handle, device: DeviceSpec, dtype: Opt<DtypeCode>, nonBlocking: boolean, copy: boolean): Handle;
  /** quiet: no error when it was disposed already. */
  dispose(t: Handle, quiet?: boolean): void;
  /** The kinds of native/indexing.cc's packed index form. */
  indexKinds(): { int: number; slice: number; none: number; ellipsis: number; bool: number; tensor: number };
  /** packed: four numbers per index (see lib/indexing.ts); tensors: the handles kind `tensor` points into. */
  indexGet(t: Handle, packed: Float64Array, tensors: Handle[] | null): Handle;
  indexSet(t: Handle, packed: Float64Array, tensors: Handle[] | null, value: Handle | number | boolean): Handle;
  numel(t: Handle): number;
  dim(t: Handle): number;
  stride(t: Handle): number[];

  // the Tensor API beyond ATen (native/tensor_api.cc) and the default dtype (native/defaults.cc)
  setShapeBuffer(buffer: Float64Array): void;
  /** Writes t's sizes into the shape buffer; returns their count. */
  shapeInto(t: Handle): number;
  /** Python's x.data (Tensor::variable_data). */
  variableData(t: Handle): Handle;
  /** Python's factories' requires_grad=True (set_requires_grad, with Python's error for integer dtypes). */
  setRequiresGrad(t: Handle, flag: boolean): Handle;
  /** The version counter (Python's x._version). */
  version(t: Handle): number;
  /** Tensor::alias(). */
  alias(t: Handle): Handle;
  /** A complex tensor from interleaved (real, imag) pairs. */
  fromComplexData(pairs: Float64Array, shape: number[], dtype: Opt<DtypeCode>, device: DeviceSpec, requiresGrad: boolean): Handle;
  /** x.new_zeros / new_ones / new_empty / new_full (the ATen methods), then set_requires_grad. */
  newFactory(kind: "zeros" | "ones" | "empty" | "full", self: Handle, size: number[], dtype: Opt<DtypeCode>, device: DeviceSpec, pinMemory: boolean | null, requiresGrad: boolean, fill?: unknown): Handle;
  /** The legacy constructors' TypeError when t is not of dtype on a device of that type. */
  legacyCheckType(t: Handle, dtype: DtypeCode, device: string): void;
  /** The accelerator LibTorch was built with ("cuda"), or null. */
  getAccelerator(): string | null;
  setDefaultDtype(dtype: DtypeCode): void;
  getDefaultDtype(): DtypeCode;

  generatorNew(device: DeviceSpec): GeneratorHandle;
  defaultGenerator(device: DeviceSpec): GeneratorHandle;
  generatorManualSeed(g: GeneratorHandle, seed: bigint): GeneratorHandle;
  generatorSeed(g: GeneratorHandle): bigint;
  generatorInitialSeed(g: GeneratorHandle): bigint;
  generatorDevice(g: GeneratorHandle): string;
  setWrappedBytesCounter(counter: Float64Array): void;
  generatorGetState(g: GeneratorHandle): Handle;
  generatorSetState(g: GeneratorHandle, state: Handle): GeneratorHandle;
  /** This thread's default CPU generator (a DataLoader worker thread's own); null: the process's. */
  setThreadDefaultGenerator(g: GeneratorHandle | null): void;
  /** A tensor handed to another thread: an owning raw pointer, adopted there once (or dropped). */
  tensorHandoffExport(t: Handle): bigint;
  tensorHandoffAdopt(ptr: bigint): Handle;
  tensorHandoffDrop(ptr: bigint): void;
  /** This thread's intra-op (OpenMP) thread count; false where there is no OpenMP runtime. */
  setThreadIntraOpThreads(n: number): boolean;

  /** sharp's libvips (native/vips.cc): dlopen()ed by path once; then decode / encode synchronously. */
  vipsLoad(path: string): void;
  turboLoad(path: string): void;
  turboDecode(bytes: Uint8Array, gray: boolean): { data: Uint8Array; width: number; height: number; bands: number } | null;
  pilResample(pixels: Uint8Array, width: number, height: number, channels: number, outWidth: number, outHeight: number, filter: number): Uint8Array;
  vipsDecode(bytes: Uint8Array, kind: number): { data: Uint8Array; width: number; height: number; bands: number; bits: 8 | 16 };
  vipsEncode(hwc: Uint8Array, width: number, height: number, bands: number, kind: number, level: number): Uint8Array;
}

const loaded = load();

export const native = loaded.addon as NativeBinding;
export const libtorch = loaded.libtorch;
export const binaryPath = loaded.binary;

native.init(errors);
