// torch.compile and the control-flow operators it traces (torch.cond, torch.while_loop), as they
// run eagerly. torchts has no compiler: torch.compile returns what it is given, so that ports
// of programs that compile (nanoGPT's --compile) run unchanged, eagerly.
import { RuntimeError, TypeError } from "./errors";
import { Tensor } from "./tensor";

let warned = false;

/** torch.compile(model, options): the model itself, run eagerly (one warning per process). */
export function compile<T>(model: T, _options: Record<string, unknown> = {}): T {
  if (typeof model !== "function" && (typeof model !== "object" || model === null)) {
    throw new RuntimeError("torch.compile expects a callable or an nn.Module");
  }
  if (!warned) {
    warned = true;
    process.emitWarning("torch.compile is not available in torchts: the model runs eagerly.", "UserWarning");
  }
  return model;
}

/** A predicate as torch.cond takes it: a bool, or a one-element tensor. */
function truth(pred: unknown): boolean {
  if (typeof pred === "boolean") return pred;
  if (pred instanceof Tensor && pred.numel() === 1) return Boolean(pred.item());
  throw new RuntimeError(`Expected pred to be bool or single-element tensor, but got ${String(pred)}.`);
}

/** torch.cond(pred, true_fn, false_fn, operands): true_fn(...operands) if pred else false_fn(...operands). */
export function cond<R>(pred: boolean | Tensor, true_fn: (...operands: Tensor[]) => R, false_fn: (...operands: Tensor[]) => R, operands: Tensor[] = []): R {
  if (typeof true_fn !== "function" || typeof false_fn !== "function") throw new RuntimeError("Expect both branches to be callable.");
  return truth(pred) ? true_fn(...operands) : false_fn(...operands);
}

/** torch.while_loop(cond_fn, body_fn, carried_inputs): runs body_fn while cond_fn holds; the final carried values. */
export function while_loop(cond_fn: (...carried: Tensor[]) => boolean | Tensor, body_fn: (...carried: Tensor[]) => Tensor[], carried_inputs: Tensor[]): Tensor[] {
  if (typeof cond_fn !== "function" || typeof body_fn !== "function") throw new RuntimeError("Expect cond_fn and body_fn to be callable.");
  if (!Array.isArray(carried_inputs)) throw new TypeError("carried_inputs must be a tuple of tensors.");
  let carried = carried_inputs;
  while (truth(cond_fn(...carried))) {
    const next = body_fn(...carried);
    carried = Array.isArray(next) ? next : [next];
  }
  return carried;
}
