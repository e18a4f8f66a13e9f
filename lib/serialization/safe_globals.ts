// torch.serialization.add_safe_globals / safe_globals / get_safe_globals / clear_safe_globals:
// the classes and functions the user allows torch.load to build (torch/_weights_only_unpickler.py).
// A torchts class has no Python module, so it is registered under the Python global name of the
// pickles it loads: `[MyNet, "__main__.MyNet"]`, as Python's (obj, "module.name") tuples; a bare
// torch.nn class is known by its Python name, and any other bare class as `__main__.<name>`
// (what Python names a class defined in the script it runs).
import { TypeError, ValueError } from "../errors";
import { nnGlobalOf } from "./module_globals";

type SafeGlobal = ((...args: never[]) => unknown) | (abstract new (...args: never[]) => unknown);
export type SafeGlobalEntry = SafeGlobal | [SafeGlobal, string];

let marked: SafeGlobalEntry[] = [];

function sameEntry(a: SafeGlobalEntry, b: SafeGlobalEntry): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a[0] === b[0] && a[1] === b[1];
  return a === b;
}

function checkList(fn: string, list: unknown): SafeGlobalEntry[] {
  if (!Array.isArray(list)) throw new TypeError(`${fn}: expected a list of classes or functions (or [obj, "module.name"] pairs), got ${typeof list}`);
  return list as SafeGlobalEntry[];
}

/** torch.serialization.add_safe_globals(safe_globals): allows these globals in torch.load (a set: no duplicates). */
export function add_safe_globals(safe_globals: SafeGlobalEntry[]): void {
  for (const entry of checkList("add_safe_globals", safe_globals)) {
    if (!marked.some((m) => sameEntry(m, entry))) marked.push(entry);
  }
}

/** torch.serialization.get_safe_globals(): the globals add_safe_globals allowed. */
export function get_safe_globals(): SafeGlobalEntry[] {
  return [...marked];
}

/** torch.serialization.clear_safe_globals(): forgets every global add_safe_globals allowed. */
export function clear_safe_globals(): void {
  marked = [];
}

/**
 * torch.serialization.safe_globals(safe_globals, fn): Python's `with safe_globals([...]):` block
 * as a callback; the globals are allowed while fn runs (until its promise settles, for an async fn).
 */
export function safe_globals<R>(safe_globals: SafeGlobalEntry[], fn: () => R): R {
  const list = checkList("safe_globals", safe_globals);
  if (typeof fn !== "function") throw new TypeError(`safe_globals: expected a function to run, got ${typeof fn}`);
  const added = list.filter((entry) => !marked.some((m) => sameEntry(m, entry)));
  add_safe_globals(added);
  const remove = () => {
    marked = marked.filter((m) => !added.some((a) => sameEntry(a, m)));
  };
  let result: R;
  try {
    result = fn();
  } catch (error) {
    remove();
    throw error;
  }
  if (result instanceof Promise) return result.finally(remove) as R;
  remove();
  return result;
}

/** The Python global name of a class or function as torch.save writes it and torch.load finds it. */
export function globalNameOf(obj: unknown): string {
  return nnGlobalOf(obj) ?? `__main__.${(obj as { name?: string }).name ?? "<anonymous>"}`;
}

/** Python's _get_user_allowed_globals: the allowed globals by full name. */
export function userAllowedGlobals(): Map<string, SafeGlobal> {
  const rc = new Map<string, SafeGlobal>();
  for (const f of marked) {
    if (Array.isArray(f)) {
      if ((f as unknown[]).length !== 2) throw new ValueError(`Expected tuple of length 2 (global, str of callable full path), but got tuple of length: ${(f as unknown[]).length}`);
      if (typeof f[1] !== "string") throw new TypeError(`Expected second item in tuple to be str of callable full path, but got: ${typeof f[1]}`);
      rc.set(f[1], f[0]);
    } else {
      rc.set(globalNameOf(f), f);
    }
  }
  return rc;
}

/** The name a registered class was given with `[cls, "module.name"]`, for torch.save to write; else undefined. */
export function registeredNameOf(cls: unknown): string | undefined {
  for (const f of marked) if (Array.isArray(f) && f[0] === cls && typeof f[1] === "string") return f[1];
  return undefined;
}
