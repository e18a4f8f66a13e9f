// One fuzz call and the property every call must keep: it returns, or it throws one of
// torchts's exception classes (Python's: RuntimeError, IndexError, ValueError, KeyError,
// TypeError, NotImplementedError, OutOfMemoryError, LinAlgError, AssertionError, and
// torch.load's UnpicklingError), or the fuzz's own callback error passed through unchanged. Anything else
// (a plain Error, JS's own TypeError or RangeError from inside torchts, a non-Error) fails.
import fc from "fast-check";
import torch from "torchts";
import { FuzzCallbackError } from "./values";

export interface Call {
  family: string;
  /** JS source of the call, for logs and replay (the T() helper is test/fuzz/values.ts's). */
  code: string;
  run: () => unknown;
}

export function call(family: string, code: string, run: () => unknown): Call {
  return { family, code, run, [fc.toStringMethod]: () => code } as Call;
}

/** The exception classes a call may throw, most specific first (the first match names it). */
const ALLOWED: [string, new (...args: never[]) => Error][] = [
  ["NotImplementedError", torch.NotImplementedError],
  ["OutOfMemoryError", torch.OutOfMemoryError],
  ["LinAlgError", torch.LinAlgError],
  ["RuntimeError", torch.RuntimeError],
  ["IndexError", torch.IndexError],
  ["ValueError", torch.ValueError],
  ["KeyError", torch.KeyError],
  ["TypeError", torch.TypeError],
  ["AssertionError", torch.nn.functional.AssertionError],
  // Python's, where functional.py calls a method of an argument that is not a tensor.
  ["AttributeError", torch.AttributeError],
  ["UnpicklingError", torch.UnpicklingError],
  ["FuzzCallbackError", FuzzCallbackError],
];

/** How long one call may take: huge sizes must fail fast, not fill memory. */
export const CALL_LIMIT_MS = 10_000;

export type Outcome = { ok: true; result: string } | { ok: false; problem: string };

/** The class name an allowed error counts under, or null for an error that breaks the property. */
export function allowedName(error: unknown): string | null {
  for (const [name, cls] of ALLOWED) if (error instanceof cls) return name;
  return null;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.constructor?.name ?? "?"} (${error.name}): ${error.message}\n${error.stack?.split("\n").slice(1, 6).join("\n")}`;
  return `a non-Error thrown: ${typeof error} ${String(error as never)}`;
}

/** Every tensor a call returned holds a native handle (a failed native call must not return an empty one). */
function checkResult(value: unknown, depth = 0): void {
  if (value instanceof torch.Tensor) {
    const handle = (value as unknown as { _h: unknown })._h;
    if (typeof handle !== "object" || handle === null) throw new Error(`a returned tensor has no native handle (${String(handle)})`);
  } else if (Array.isArray(value) && depth < 2) value.forEach((v) => checkResult(v, depth + 1));
}

/**
 * Runs one call: "ok", an allowed error's class name, or a problem. Also checks the call left
 * grad mode as it found it (no_grad and friends must restore it even when fn throws).
 */
export function runCall(c: Call): { outcome: string; problem?: string; ms: number } {
  torch.manual_seed(0);
  const start = performance.now();
  let outcome = "ok";
  let problem: string | undefined;
  try {
    const result = c.run();
    if (c.family !== "io" && c.family !== "autograd") {
      try {
        checkResult(result);
      } catch (e) {
        problem = `the result is broken: ${describeError(e)}`;
      }
    }
  } catch (error) {
    const name = allowedName(error);
    if (name === null) problem = `threw ${describeError(error)}`;
    else outcome = name;
  }
  const ms = performance.now() - start;
  if (!torch.is_grad_enabled() || torch.is_inference_mode_enabled()) {
    problem ??= `left grad mode changed (grad enabled: ${torch.is_grad_enabled()}, inference mode: ${torch.is_inference_mode_enabled()})`;
    torch.set_grad_enabled(true);
  }
  if (ms > CALL_LIMIT_MS) problem ??= `took ${Math.round(ms)} ms (limit ${CALL_LIMIT_MS})`;
  return { outcome, problem, ms };
}
