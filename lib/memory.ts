// Memory without manual frees, and with them for those who want determinism.
//
// By default a tensor's memory is freed when V8 collects its JS object: the addon tells V8
// how many bytes each tensor holds, so collections come as tensors pile up, and its
// finalizers run inside the collection (not later on the event loop), so a synchronous
// training loop stays at flat memory. When an allocation fails anyway, the op is retried
// once after a full collection (see retryAfterCollect).
//
// For determinism: x.dispose(), `using x = ...`, and torch.scope(fn), which frees every
// tensor made while fn runs except those it returns.
import { v8gc } from "./_gc";
import { OutOfMemoryError, RuntimeError, TypeError } from "./errors";
import { native } from "./native";
import { Tensor, trackTensors } from "./tensor";

/** A full garbage collection, which runs the finalizers of every unreachable tensor. */
export function collectGarbage(): void {
  v8gc()();
  native.cpuEmptyCache();
  const emptyCache = (native as unknown as { cudaEmptyCache?: () => void }).cudaEmptyCache;
  emptyCache?.();
}

/** A failed allocation: CUDA's OutOfMemoryError, or the CPU allocator's RuntimeError. */
export function isOutOfMemory(error: unknown): boolean {
  return (
    error instanceof OutOfMemoryError ||
    (error instanceof RuntimeError && error.message.includes("DefaultCPUAllocator: can't allocate memory"))
  );
}

/** Runs `call`; if it fails for lack of memory, collects garbage and runs it once more. */
export function retryAfterCollect<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (!isOutOfMemory(error)) throw error;
    collectGarbage();
    return call();
  }
}

/** Every tensor in a returned value: a tensor, or arrays and plain objects holding tensors. */
function tensorsIn(value: unknown, found: Set<Tensor>, depth = 0): Set<Tensor> {
  if (value instanceof Tensor) found.add(value);
  else if (depth < 8 && Array.isArray(value)) value.forEach((v) => tensorsIn(v, found, depth + 1));
  else if (depth < 8 && value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    Object.values(value).forEach((v) => tensorsIn(v, found, depth + 1));
  }
  return found;
}

/**
 * torch.scope(fn): runs fn, then frees every tensor made while it ran except those it returns
 * (a tensor, or arrays and plain objects of tensors), which belong to the enclosing scope if
 * there is one; if fn throws, everything it made is freed. fn must be synchronous: tensors
 * must not outlive it in pending work.
 */
export function scope<T>(fn: () => T): T {
  if (typeof fn !== "function") throw new TypeError(`scope(): fn must be a function, not ${fn === null ? "null" : typeof fn}`);
  const made: Tensor[] = [];
  const outer = trackTensors(made);
  let result: T;
  try {
    result = fn();
  } catch (error) {
    // Nothing comes back from a throwing fn: everything it made goes.
    trackTensors(outer);
    disposeAll(made, new Set());
    throw error;
  }
  trackTensors(outer);
  if (result !== null && typeof result === "object" && typeof (result as { then?: unknown }).then === "function") {
    disposeAll(made, new Set());
    throw new TypeError("scope(): fn returned a Promise; a scope only covers synchronous code");
  }
  const kept = tensorsIn(result, new Set());
  disposeAll(made, kept);
  if (outer) for (const t of kept) outer.push(t);
  return result;
}

function disposeAll(tensors: Tensor[], keep: Set<Tensor>): void {
  for (const t of tensors) if (!keep.has(t)) native.dispose(t._h, true);
}
