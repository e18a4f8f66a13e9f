// The torch namespace: `import torch from "torchts"` or `const torch = require("torchts")`.
// The shipped types use Node's (NodeJS.CallSite, util.inspect.custom, Symbol.dispose):
// @types/node is a dependency, and this directive stays in the emitted .d.ts for consumers.
/// <reference types="node" preserve="true" />
import { installOps } from "./_dispatch";
import { _nn, _VF, aten } from "./_aten";
import {
  autogradC,
  autogradNamespace,
  enable_grad,
  inference_mode,
  installAutogradMethods,
  is_grad_enabled,
  is_inference_mode_enabled,
  no_grad,
  set_grad_enabled,
} from "./autograd";
import { Function, FunctionCtx, once_differentiable } from "./autograd_function";
import { functionalNamespace } from "./autograd_functional";
import { gradcheck, gradgradcheck, GradcheckError } from "./autograd_gradcheck";
import { detect_anomaly, set_detect_anomaly } from "./autograd_anomaly";
import { functional_call } from "./nn/utils/misc";
import { RemovableHandle as ModuleRemovableHandle } from "./nn/_hooks";
import { set_printoptions } from "./_tensor_str";
import * as amp from "./amp";
import * as autocast_mode from "./amp/autocast_mode";
import { backends, get_float32_matmul_precision, set_float32_matmul_precision } from "./backends";
import * as creation from "./creation";
import * as cpu from "./cpu";
import * as cuda from "./cuda";
import * as distributed from "./distributed";
import * as hub from "./hub";
import * as cuda_random from "./cuda_random";
import { device } from "./device";
import * as dtypes from "./dtype";
import * as errors from "./errors";
import { OPS, TorchOps } from "./generated/ops";
import { fft } from "./fft";
import { linalg } from "./linalg";
import { special } from "./special";
import * as layouts from "./layout";
import { default_generator, Generator, get_rng_state, initial_seed, manual_seed, seed, set_rng_state } from "./generator";
import { libtorch } from "./native";
import { functionalAll } from "./functional";
import { nonzero } from "./_tensor";
import "./_tensor_attrs";
import { masked } from "./masked";
import { signal } from "./signal";
import * as nn from "./nn";
import * as optim from "./optim";
import * as distributions from "./distributions";
import { slice } from "./indexing";
import { scope } from "./memory";
import { Tensor } from "./tensor";
import * as serialization from "./serialization";
import * as threads from "./threads";
import * as flags from "./_flags";
import { removedFunctions } from "./_removed";
import * as torchInit from "./_torch_init";
import * as sym from "./_sym";
import { compile, cond, while_loop } from "./_compile";
import { ops } from "./ops";
import * as data from "./utils/data";
import * as accelerator from "./accelerator";
import { Complex } from "./complex";
import * as defaults from "./defaults";
import { finfoCtor, iinfoCtor } from "./finfo";
import { cudaLegacyTypes, legacyTypes, TensorCtor } from "./legacy";
import { SizeCtor } from "./size";
// x.data, x.new_tensor / new_zeros / ..., x.type() (installed on Tensor.prototype)
import "./tensor_api";

/** torch.is_tensor(obj): whether obj is a torch.Tensor (nn.Parameter included). */
function is_tensor(obj: unknown): obj is Tensor {
  return obj instanceof Tensor;
}

const base = {
  /** The version of the LibTorch in use, as Python's torch.__version__: "2.11.0+cu130". */
  __version__: libtorch.version,
  version: { cuda: libtorch.cuda, torch: libtorch.version },
  /** torch.cuda, with torch.cuda.amp (Python's deprecated GradScaler and autocast spellings). */
  /** torch.cpu, with the CPU caching allocator's memory counts (torch.cuda's names). */
  cpu,
  /** torch.cuda, its legacy constructors (torch.cuda.FloatTensor, ...) included. */
  cuda: { ...cuda, ...cuda_random, amp: amp.cuda_amp, ...cudaLegacyTypes },
  /** torch.accelerator: the accelerator LibTorch was built with (CUDA), device-generically. */
  accelerator,
  /** torch.amp: autocast, GradScaler, is_autocast_available. */
  amp: { autocast: amp.autocast, GradScaler: amp.GradScaler, is_autocast_available: amp.is_autocast_available },
  autocast: amp.autocast,
  is_autocast_enabled: autocast_mode.is_autocast_enabled,
  set_autocast_enabled: autocast_mode.set_autocast_enabled,
  get_autocast_dtype: autocast_mode.get_autocast_dtype,
  set_autocast_dtype: autocast_mode.set_autocast_dtype,
  autocast_increment_nesting: autocast_mode.autocast_increment_nesting,
  autocast_decrement_nesting: autocast_mode.autocast_decrement_nesting,
  clear_autocast_cache: autocast_mode.clear_autocast_cache,
  is_autocast_cache_enabled: autocast_mode.is_autocast_cache_enabled,
  set_autocast_cache_enabled: autocast_mode.set_autocast_cache_enabled,
  ...autocast_mode.legacyAutocastFunctions,
  /** torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.{enabled, allow_tf32, benchmark, deterministic}. */
  backends,
  set_float32_matmul_precision,
  get_float32_matmul_precision,
  nn,
  optim,
  /** torch.distributions: Normal, Categorical, ..., constraints, kl_divergence. */
  distributions,
  /** torch.utils.data: Dataset, DataLoader, samplers, default_collate; torch.utils.hooks.RemovableHandle (what module hooks return). */
  utils: { data, hooks: { RemovableHandle: ModuleRemovableHandle } },
  /** torch.distributed: TCPStore, init_process_group and the collectives over gloo (CPU). */
  distributed,
  hub,
  /**
   * The tensor class (`instanceof`, `extends`), also callable as Python's legacy constructor:
   * `torch.Tensor(2, 3)` (uninitialized, default dtype), `torch.Tensor([1, 2])` (data).
   */
  Tensor: TensorCtor,
  /** torch.FloatTensor, torch.LongTensor, ...: legacy constructors and isinstance checks. */
  ...legacyTypes,
  /** What x.shape and x.size() return: a number[] that prints as torch.Size([2, 3]); torch.Size([2, 3]) makes one. */
  Size: SizeCtor,
  /** Python's complex numbers: `1+2j` is `new torch.Complex(1, 2)`. */
  Complex,
  finfo: finfoCtor,
  iinfo: iinfoCtor,
  is_tensor,
  device,
  dtype: dtypes.dtype,
  ...dtypes.aliases,
  uint8: dtypes.uint8,
  int8: dtypes.int8,
  int16: dtypes.int16,
  int32: dtypes.int32,
  int64: dtypes.int64,
  float16: dtypes.float16,
  float32: dtypes.float32,
  float64: dtypes.float64,
  bfloat16: dtypes.bfloat16,
  complex32: dtypes.complex32,
  complex64: dtypes.complex64,
  complex128: dtypes.complex128,
  bool: dtypes.bool,
  uint16: dtypes.uint16,
  uint32: dtypes.uint32,
  uint64: dtypes.uint64,
  memory_format: dtypes.memory_format,
  layout: layouts.layout,
  strided: layouts.strided,
  sparse_coo: layouts.sparse_coo,
  sparse_csr: layouts.sparse_csr,
  sparse_csc: layouts.sparse_csc,
  sparse_bsr: layouts.sparse_bsr,
  sparse_bsc: layouts.sparse_bsc,
  jagged: layouts.jagged,
  /** torch.linalg, torch.fft, torch.special: LibTorch's functions, as Python binds them. */
  linalg,
  fft,
  special,
  /** torch._C._nn: the ATen functions behind torch.nn.functional. */
  _C: { _nn, ...autogradC },
  /** torch._VF: the ops behind what torch/functional.py writes in Python (torch.norm, torch.split, ...). */
  _VF,
  contiguous_format: dtypes.contiguous_format,
  preserve_format: dtypes.preserve_format,
  channels_last: dtypes.channels_last,
  channels_last_3d: dtypes.channels_last_3d,
  get_default_dtype: defaults.get_default_dtype,
  set_default_dtype: defaults.set_default_dtype,
  get_default_device: defaults.get_default_device,
  set_default_device: defaults.set_default_device,
  tensor: creation.tensor,
  as_tensor: creation.as_tensor,
  frombuffer: creation.frombuffer,
  slice,
  scope,
  Generator,
  default_generator,
  manual_seed,
  get_rng_state,
  set_rng_state,
  seed,
  initial_seed,
  /** torch.func: functional_call (the transforms vmap, grad, ... are not ported). */
  func: { functional_call },
  autograd: {
    ...autogradNamespace,
    Function,
    FunctionCtx,
    function: { Function, FunctionCtx, once_differentiable },
    functional: functionalNamespace,
    gradcheck: Object.assign(gradcheck, { gradcheck, gradgradcheck, GradcheckError }),
    gradgradcheck,
    detect_anomaly,
    set_detect_anomaly,
  },
  no_grad,
  enable_grad,
  set_grad_enabled,
  is_grad_enabled,
  inference_mode,
  is_inference_mode_enabled,
  ...threads,
  /** Deterministic algorithms, warn-always, flush-denormal, anomaly mode. */
  ...flags,
  /** torch.solve, lstsq, eig, symeig, matrix_rank: removed in PyTorch 1.9; they raise Python's advice. */
  ...removedFunctions,
  /** typename, is_storage, get_device, get_device_module, numel, asarray, compiled_with_cxx11_abi, set_default_tensor_type. */
  ...torchInit,
  /** torch.sym_*: size math (plain numbers: torchts has no symbolic shapes). */
  ...sym,
  /** torch.compile (the model itself, run eagerly), torch.cond and torch.while_loop (run eagerly). */
  compile,
  cond,
  while_loop,
  /** torch.ops.aten.<name>[.<overload>]: every ATen operator, as Python's torch.ops. */
  ops,
  set_printoptions,
  save: serialization.save,
  load: serialization.load,
  /** What torch.load and safetensors.load_file raise for a file they cannot read (Python's pickle.UnpicklingError). */
  UnpicklingError: serialization.UnpicklingError,
  /** torch.serialization: the allowlist of classes and functions torch.load may build. */
  serialization: {
    add_safe_globals: serialization.add_safe_globals,
    safe_globals: serialization.safe_globals,
    get_safe_globals: serialization.get_safe_globals,
    clear_safe_globals: serialization.clear_safe_globals,
  },
  /** safetensors files (Python's safetensors.torch): save_file / load_file. */
  safetensors: { save_file: serialization.save_file, load_file: serialization.load_file },
  ...functionalAll,
  /** torch.nonzero(input, { as_tuple }) (Python binds it by hand for as_tuple). */
  nonzero,
  /** torch.masked: reductions over the elements a mask selects. */
  masked,
  /** torch.signal.windows: window functions. */
  signal,
  ...errors,
};

installOps(OPS, { torch: base, linalg, fft, special, nn: _nn, _VF } as unknown as Record<string, Record<string, unknown>>);
// The same ops for library code (lib/_aten.ts): torch.X without lib's hand-written functions.
installOps(OPS, { torch: aten, linalg, fft, special, nn: _nn, _VF } as unknown as Record<string, Record<string, unknown>>);
installAutogradMethods();

const torch = base as typeof base & Omit<TorchOps, keyof typeof base>;

export = torch;
