// Small functions that torch/__init__.py writes in Python: typename, is_storage, get_device,
// get_device_module, numel, asarray, compiled_with_cxx11_abi, set_default_tensor_type.
import { as_tensor, tensor, type TensorData } from "./creation";
import * as cpu from "./cpu";
import * as cuda from "./cuda";
import { set_default_dtype } from "./defaults";
import { device } from "./device";
import { dtype } from "./dtype";
import { AttributeError, RuntimeError, TypeError, ValueError } from "./errors";
import { legacyTypeOf, TYPE_NAMES } from "./legacy_types";
import { Tensor } from "./tensor";

/** torch.typename(obj): a tensor's type string ("torch.FloatTensor"), else the JS class's name. */
export function typename(obj: unknown): string {
  if (obj instanceof Tensor) return (obj as unknown as { type(): string }).type();
  if (typeof obj === "function") return obj.name;
  if (obj === null) return "NoneType";
  if (typeof obj === "object") return (obj as object).constructor?.name ?? "object";
  return { number: Number.isInteger(obj) ? "int" : "float", boolean: "bool", string: "str", bigint: "int" }[typeof obj as "number"] ?? typeof obj;
}

/** torch.is_storage(obj): torchts exposes no storages, so nothing is one. */
export function is_storage(_obj: unknown): boolean {
  return false;
}

/** torch.compiled_with_cxx11_abi(): LibTorch 2.11's wheels are built with the C++11 ABI. */
export function compiled_with_cxx11_abi(): boolean {
  return true;
}

/** torch.get_device(x): x's CUDA device index, -1 on the CPU. */
export function get_device(input: Tensor): number {
  if (!(input instanceof Tensor)) throw new TypeError(`get_device(): argument 'input' (position 1) must be Tensor, not ${typename(input)}`);
  return (input as unknown as { get_device(): number }).get_device();
}

/** torch.numel(input): its number of elements. */
export function numel(input: Tensor): number {
  if (!(input instanceof Tensor)) throw new TypeError(`numel(): argument 'input' (position 1) must be Tensor, not ${typename(input)}`);
  return input.numel();
}

/** torch.get_device_module(device = None): torch.cpu or torch.cuda (None: the accelerator's, or torch.cpu). */
export function get_device_module(dev: string | device | null = null): typeof cpu | typeof cuda {
  let type: string;
  if (dev instanceof device) type = dev.type;
  else if (typeof dev === "string") type = device(dev).type;
  else if (dev === null) type = cuda.is_available() ? "cuda" : "cpu";
  else throw new RuntimeError(`Invalid value of device '${String(dev)}', expect torch.device, str, or None`);
  const modules: Record<string, typeof cpu | typeof cuda> = { cpu, cuda };
  if (!(type in modules)) throw new RuntimeError(`Device '${type}' does not have a corresponding module registered as 'torch.${type}'.`);
  return modules[type];
}

export interface AsarrayOptions {
  dtype?: dtype | null;
  device?: string | device | null;
  /** true: always a copy; false: never (raises if one is needed); null: only when needed. */
  copy?: boolean | null;
  requires_grad?: boolean;
}

/** torch.asarray(obj, { dtype, device, copy, requires_grad }): a tensor from obj, shared when it can be. */
export function asarray(obj: TensorData | Tensor, options: AsarrayOptions = {}): Tensor {
  const { dtype: d = null, device: dev = null, copy = null, requires_grad = false } = options;
  let result: Tensor;
  if (obj instanceof Tensor) {
    const target = { dtype: d ?? obj.dtype, device: dev ?? obj.device };
    const same = target.dtype === obj.dtype && String(device(target.device as string)) === String(obj.device);
    if (copy === false && target.dtype !== obj.dtype) {
      throw new ValueError(`can't alias tensor with dtype '${TYPE_NAMES.get(obj.dtype)}' into dtype '${TYPE_NAMES.get(target.dtype)}'.`);
    }
    if (copy === false && !same) {
      throw new ValueError(`can't alias tensor from device '${obj.device}' to '${String(device(target.device as string))}'.`);
    }
    result = same ? (copy === true ? obj.clone() : obj) : obj.to(target);
  } else {
    result = copy === true ? tensor(obj as TensorData, { dtype: d, device: dev }) : as_tensor(obj as TensorData, { dtype: d, device: dev });
  }
  if (requires_grad) result.requires_grad_(true);
  return result;
}

/** torch.set_default_tensor_type(t): deprecated; sets the default dtype from a legacy type. */
export function set_default_tensor_type(t: unknown): void {
  process.emitWarning(
    "torch.set_default_tensor_type() is deprecated as of PyTorch 2.1, please use torch.set_default_dtype() and torch.set_default_device() as alternatives.",
    "UserWarning",
  );
  const name = typeof t === "string" ? t : legacyTypeOf(t);
  const match = name === null ? null : /^torch\.(?:cuda\.)?(\w+)Tensor$/.exec(name);
  const entry = match && [...TYPE_NAMES].find(([, n]) => n === match[1]);
  if (!entry) {
    const attribute = typeof t === "string" ? t.split(".").slice(1).join(".") : String(t);
    throw new AttributeError(`module 'torch' has no attribute '${attribute}'`);
  }
  set_default_dtype(entry[0]);
}
