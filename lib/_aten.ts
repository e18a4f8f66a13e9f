// Typed handles on LibTorch's generated functions, for library code: `aten.X` is torch.X as
// Python's torch._C._VariableFunctions binds it (never lib's hand-written function of the same
// name), `_nn.X` is torch._C._nn.X and `_VF.X` is torch._VF.X. lib/index.ts fills them
// (installOps) once every module is loaded; a library module imports these instead of
// lib/index.ts, so that it has typed ops without an import cycle. Call them, never keep a
// reference taken at load time: the objects are empty until lib/index.ts has run.
import type { NnOps, TorchOps, VFOps } from "./generated/ops";

/** torch.X: the generated functions of the torch namespace. */
export const aten = {} as TorchOps;
/** torch._C._nn: the ATen functions behind torch.nn.functional. */
export const _nn = {} as NnOps;
/** torch._VF: the ops behind what torch/functional.py writes in Python. */
export const _VF = {} as VFOps;
