// torch.nn.utils.clip_grad_norm_, clip_grad_value_, get_total_norm and clip_grads_with_norm_,
// ported from torch/nn/utils/clip_grad.py. CPU and CUDA tensors take the foreach path (one
// _foreach_norm / _foreach_mul_ per device and dtype), as in Python; foreach=false runs the
// per-tensor one.
import { bindArgs } from "../../_args";
import { no_grad } from "../../autograd";
import { callOp } from "../../_dispatch";
import { RuntimeError, TypeError, ValueError } from "../../errors";
import { OPS } from "../../generated/ops";
import { Tensor } from "../../tensor";
import { floatRepr } from "../../_pymath";
import { Optimizer } from "../../optim/optimizer";

type Tensors = Tensor | Iterable<Tensor>;

/** Python's float(x) for a norm type or a bound: numbers, and strings such as "inf". */
function pyFloat(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return Number(value);
  if (value instanceof Tensor) return value.item();
  if (typeof value === "string") {
    const s = value.trim().toLowerCase();
    const special: Record<string, number> = { inf: Infinity, "+inf": Infinity, infinity: Infinity, "-inf": -Infinity, "-infinity": -Infinity, nan: NaN };
    if (s in special) return special[s];
    const n = Number(s);
    if (s !== "" && !Number.isNaN(n)) return n;
    throw new ValueError(`could not convert string to float: '${value}'`);
  }
  throw new TypeError(`float() argument must be a string or a real number, not '${value === null ? "NoneType" : typeof value}'`);
}

function tensorList(value: Tensors): Tensor[] {
  if (value instanceof Tensor) return [value];
  if (value === null || value === undefined || typeof (value as Iterable<Tensor>)[Symbol.iterator] !== "function") {
    throw new TypeError(`'${value === null || value === undefined ? "NoneType" : typeof value}' object is not iterable`);
  }
  const list = Array.from(value);
  // Python's AttributeError ('dict' object has no attribute 'grad'): JS has no such class.
  const at = list.findIndex((t) => !(t instanceof Tensor));
  const wrong: unknown = list[at];
  if (at >= 0) throw new TypeError(`expected Tensors, but got an element of type ${wrong === null ? "NoneType" : typeof wrong === "object" ? (wrong as object).constructor?.name ?? "object" : typeof wrong}`);
  return list;
}

/** Device types with foreach kernels (_device_has_foreach_support). */
function hasForeachSupport(device: string): boolean {
  return ["cuda", "xpu", "mtia", "privateuseone", "cpu"].includes(device.split(":")[0]);
}

function deviceGroups(tensors: Tensor[]): [string, Tensor[]][] {
  const grouped = Optimizer._group_tensors_by_device_and_dtype([tensors]);
  return [...grouped.values()].map(([[group]]) => [String((group[0] as Tensor).device), group as Tensor[]]);
}

function _get_total_norm(tensors: Tensors, norm_type: unknown = 2.0, error_if_nonfinite = false, foreach: boolean | null = null): Tensor {
  return no_grad(() => {
    const list = tensorList(tensors);
    const p = pyFloat(norm_type);
    if (list.length === 0) return callOp(OPS.zeros, null, [[]]) as Tensor; // torch.tensor(0.0)
    const first_device = list[0].device;

    const norms: Tensor[] = [];
    for (const [device, device_tensors] of deviceGroups(list)) {
      if ((foreach === null && hasForeachSupport(device)) || (foreach && hasForeachSupport(device))) {
        norms.push(...(callOp(OPS._foreach_norm, null, [device_tensors, p]) as Tensor[]));
      } else if (foreach) {
        throw new RuntimeError(`foreach=True was passed, but can't use the foreach API on ${device.split(":")[0]} tensors`);
      } else {
        for (const g of device_tensors) norms.push(callOp(OPS.linalg_vector_norm, null, [g, p]) as Tensor);
      }
    }

    const stacked = callOp(OPS.stack, null, [norms.map((norm) => norm.to(first_device))]) as Tensor;
    const total_norm = callOp(OPS.linalg_vector_norm, null, [stacked, p]) as Tensor;

    if (error_if_nonfinite && total_norm.isnan().logical_or(total_norm.isinf()).item()) {
      throw new RuntimeError(
        `The total norm of order ${floatRepr(p)} for gradients from ` +
          "`parameters` is non-finite, so it cannot be clipped. To disable " +
          "this error and scale the gradients by the non-finite norm anyway, " +
          "set `error_if_nonfinite=False`",
      );
    }
    return total_norm;
  });
}

function _clip_grads_with_norm_(parameters: Tensors, max_norm: unknown, total_norm: Tensor, foreach: boolean | null = null): void {
  no_grad(() => {
    const grads = tensorList(parameters)
      .map((p) => p.grad)
      .filter((g): g is Tensor => g !== null);
    const max = pyFloat(max_norm);
    if (grads.length === 0) return;

    // Python's `max_norm / (total_norm + 1e-6)` is Tensor.__rtruediv__: reciprocal() * max_norm.
    const clip_coef = total_norm.add(1e-6);
    callOp(OPS._foreach_reciprocal_, null, [[clip_coef]]);
    clip_coef.mul_(max);
    const clip_coef_clamped = callOp(OPS.clamp, null, [clip_coef, { max: 1.0 }]) as Tensor;
    for (const [device, device_grads] of deviceGroups(grads)) {
      if ((foreach === null && hasForeachSupport(device)) || (foreach && hasForeachSupport(device))) {
        callOp(OPS._foreach_mul_, null, [device_grads, clip_coef_clamped.to(device)]);
      } else if (foreach) {
        throw new RuntimeError(`foreach=True was passed, but can't use the foreach API on ${device.split(":")[0]} tensors`);
      } else {
        const clip_coef_clamped_device = clip_coef_clamped.to(device);
        for (const g of device_grads) g.mul_(clip_coef_clamped_device);
      }
    }
  });
}

function isGenerator(value: unknown): boolean {
  return Object.prototype.toString.call(value) === "[object Generator]";
}

/**
 * The norm of the tensors as if concatenated into one vector: get_total_norm(tensors,
 * norm_type = 2.0, error_if_nonfinite = false, foreach = null).
 */
export function get_total_norm(tensors: Tensors, ...args: unknown[]): Tensor {
  const [norm_type, error_if_nonfinite, foreach] = bindArgs("get_total_norm", ["tensors", "norm_type", "error_if_nonfinite", "foreach"], [tensors, ...args], 1).slice(1);
  return _get_total_norm(tensors, norm_type ?? 2.0, Boolean(error_if_nonfinite ?? false), (foreach ?? null) as boolean | null);
}

/**
 * Scales the gradients in place by min(max_norm / (total_norm + 1e-6), 1):
 * clip_grads_with_norm_(parameters, max_norm, total_norm, foreach = null).
 */
export function clip_grads_with_norm_(parameters: Tensors, ...args: unknown[]): void {
  const [max_norm, total_norm, foreach] = bindArgs(
    "clip_grads_with_norm_",
    ["parameters", "max_norm", "total_norm", "foreach"],
    [parameters, ...args],
    3,
  ).slice(1);
  if (!(total_norm instanceof Tensor)) throw new TypeError("clip_grads_with_norm_(): argument 'total_norm' must be Tensor");
  _clip_grads_with_norm_(parameters, max_norm, total_norm, (foreach ?? null) as boolean | null);
}

/**
 * Clips the gradient norm of the parameters in place and returns the total norm (before
 * clipping): clip_grad_norm_(parameters, max_norm, norm_type = 2.0, error_if_nonfinite = false,
 * foreach = null), keywords as `{ norm_type, error_if_nonfinite, foreach }`. norm_type may be
 * Infinity (or "inf").
 */
export function clip_grad_norm_(parameters: Tensors, max_norm?: number | ClipGradNormOptions, ...args: unknown[]): Tensor {
  const [, max, norm_type, error_if_nonfinite, foreach] = bindArgs(
    "clip_grad_norm_",
    ["parameters", "max_norm", "norm_type", "error_if_nonfinite", "foreach"],
    [parameters, max_norm, ...args],
    2,
  );
  let params: Tensor[];
  if (parameters instanceof Tensor) {
    params = [parameters];
  } else {
    const is_generator = isGenerator(parameters);
    params = tensorList(parameters);
    if (is_generator && params.length === 0) {
      process.emitWarning("`parameters` is an empty generator, no gradient clipping will occur.", "UserWarning");
    }
  }
  const grads = params.map((p) => p.grad).filter((g): g is Tensor => g !== null);
  const total_norm = _get_total_norm(grads, norm_type ?? 2.0, Boolean(error_if_nonfinite ?? false), (foreach ?? null) as boolean | null);
  _clip_grads_with_norm_(params, max, total_norm, (foreach ?? null) as boolean | null);
  return total_norm;
}

export interface ClipGradNormOptions {
  max_norm?: number;
  norm_type?: number | string;
  error_if_nonfinite?: boolean;
  foreach?: boolean | null;
}

/** Deprecated in favor of clip_grad_norm_ (Python warns with a FutureWarning). */
export function clip_grad_norm(parameters: Tensors, max_norm?: number | ClipGradNormOptions, ...args: unknown[]): Tensor {
  process.emitWarning(
    "`torch.nn.utils.clip_grad_norm` is now deprecated in favor of `torch.nn.utils.clip_grad_norm_`.",
    "FutureWarning",
  );
  return clip_grad_norm_(parameters, max_norm, ...args);
}

/**
 * Clamps the gradients in place to [-clip_value, clip_value]:
 * clip_grad_value_(parameters, clip_value, foreach = null).
 */
export function clip_grad_value_(parameters: Tensors, clip_value?: number | { clip_value?: number; foreach?: boolean | null }, ...args: unknown[]): void {
  const [, clip, foreach_] = bindArgs("clip_grad_value_", ["parameters", "clip_value", "foreach"], [parameters, clip_value, ...args], 2);
  no_grad(() => {
    const params = tensorList(parameters);
    const value = pyFloat(clip);
    const foreach = (foreach_ ?? null) as boolean | null;
    const grads = params.map((p) => p.grad).filter((g): g is Tensor => g !== null);
    if (grads.length === 0) return;
    for (const [device, device_grads] of deviceGroups(grads)) {
      if ((foreach === null && hasForeachSupport(device)) || (foreach && hasForeachSupport(device))) {
        callOp(OPS._foreach_clamp_min_, null, [device_grads, -value]);
        callOp(OPS._foreach_clamp_max_, null, [device_grads, value]);
      } else if (foreach) {
        throw new RuntimeError(`foreach=True was passed, but can't use the foreach API on ${device.split(":")[0]} tensors`);
      } else {
        for (const grad of device_grads) grad.clamp_(-value, value);
      }
    }
  });
}
