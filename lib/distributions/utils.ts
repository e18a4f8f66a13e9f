// torch.distributions.utils, ported from torch/distributions/utils.py (torch 2.11).
import { _VF, aten } from "../_aten";
import { get_default_dtype } from "../dtype";
import { finfo } from "../finfo";
import { ValueError } from "../errors";
import { Tensor } from "../tensor";
import { tensor } from "../creation";

type T = Tensor;

/** broadcast_all(*values): numbers become tensors of the first tensor's dtype and device, then broadcast_tensors. */
export function broadcast_all(...values: (T | number)[]): T[] {
  if (!values.every((v) => v instanceof Tensor || typeof v === "number")) {
    throw new ValueError("Input arguments must all be instances of Number, torch.Tensor or objects implementing __torch_function__.");
  }
  if (!values.every((v) => v instanceof Tensor)) {
    let options: Record<string, unknown> = { dtype: get_default_dtype() };
    for (const value of values) {
      if (value instanceof Tensor) {
        options = { dtype: value.dtype, device: value.device };
        break;
      }
    }
    const new_values = values.map((v) => (v instanceof Tensor ? v : tensor(v, options as never)));
    return _VF.broadcast_tensors(new_values) as T[];
  }
  return _VF.broadcast_tensors(values as T[]) as T[];
}

/** torch.empty(shape, dtype, device).normal_(). */
export function _standard_normal(shape: number[], dtype: unknown, device: unknown): T {
  return aten.empty(shape, { dtype, device } as never).normal_();
}

/** Sums out the dim rightmost dimensions of value. */
export function _sum_rightmost(value: T, dim: number): T {
  if (dim === 0) return value;
  const required_shape = [...value.shape.slice(0, value.dim() - dim), -1];
  return value.reshape(required_shape).sum(-1);
}

/** Logits to probabilities: sigmoid when is_binary, softmax over the last dim otherwise. */
export function logits_to_probs(logits: T, is_binary = false): T {
  if (is_binary) return aten.sigmoid(logits);
  return aten.softmax(logits, -1);
}

/** Clamps probabilities into [eps, 1 - eps] of their dtype. */
export function clamp_probs(probs: T): T {
  const eps = new finfo(probs.dtype).eps;
  return probs.clamp({ min: eps, max: 1 - eps } as never);
}

/** Probabilities to logits (log-odds when is_binary). */
export function probs_to_logits(probs: T, is_binary = false): T {
  const ps_clamped = clamp_probs(probs);
  if (is_binary) return aten.log(ps_clamped).sub(aten.log1p(ps_clamped.neg()));
  return aten.log(ps_clamped);
}

/**
 * Python's @lazy_property: a getter on cls's prototype computed once per instance and then
 * kept as the instance's own property (what `param in self.__dict__` tests).
 */
export function lazy_property(cls: { prototype: object }, name: string, compute: (self: never) => unknown): void {
  const proto = cls.prototype as { __lazy__?: Set<string> };
  if (!Object.prototype.hasOwnProperty.call(proto, "__lazy__")) proto.__lazy__ = new Set(proto.__lazy__);
  proto.__lazy__!.add(name);
  Object.defineProperty(cls.prototype, name, {
    configurable: true,
    get(this: object) {
      const value = compute(this as never);
      Object.defineProperty(this, name, { value, writable: true, configurable: true, enumerable: true });
      return value;
    },
    set(this: object, value: unknown) {
      Object.defineProperty(this, name, { value, writable: true, configurable: true, enumerable: true });
    },
  });
}

/** Python's `tril_matrix_to_vec`'s partner is not ported; the tuple of a Size as Python prints it: (2,), (2, 3), (). */
export function pyTuple(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(", ")})`;
}

/** Whether name is a lazy_property of obj's class that obj has not computed yet. */
export function isUnsetLazy(obj: object, name: string): boolean {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return false;
  return (obj as { __lazy__?: Set<string> }).__lazy__?.has(name) ?? false;
}

/** Python's f"{tensor}": a 0-dim tensor formats as its item (0.5, 1.0, 3, True), any other as its printout. */
export function formatTensor(t: T): string {
  if (t.dim() !== 0) return t.toString();
  const v = t.detach().item() as unknown;
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number" && t.is_floating_point()) {
    if (Number.isInteger(v)) return v.toFixed(1);
    if (!Number.isFinite(v)) return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    const s = String(v);
    return s.replace(/e([+-])(\d)$/, "e$10$2");
  }
  return String(v);
}


/** Python's torch.distributions.utils.euler_constant. */
export const euler_constant = 0.5772156649015329;
