// Each DataLoader worker gets its own copy of the dataset, as Python's workers unpickle theirs:
// what a worker (or worker_init_fn through get_worker_info().dataset) changes on it stays in
// that worker. Tensors are shared, not copied (Python moves them to shared memory); so are
// functions. Generators get their own state. Objects are rebuilt on their own prototype with
// their own properties copied, so class instances keep their methods. A JS `#private` field
// cannot be copied this way: an object whose class keeps state in them sets
// `__worker_share__ = true` and is shared by the workers instead (see PORTING.md).
import { Generator } from "../../generator";
import { Tensor } from "../../tensor";

function hasPrivateState(x: object): boolean {
  return (x as { __worker_share__?: boolean }).__worker_share__ === true;
}

/** A deep copy of a dataset for one worker. */
export function copyForWorker<T>(x: T, memo: Map<unknown, unknown> = new Map()): T {
  if (x === null || typeof x !== "object") return x;
  if (memo.has(x)) return memo.get(x) as T;
  if (x instanceof Tensor || hasPrivateState(x)) return x;
  if (x instanceof Generator) {
    const g = new Generator(x.device).set_state(x.get_state());
    memo.set(x, g);
    return g as T;
  }
  // Typed arrays and buffers are shared too; so are native handles (no prototype, no keys).
  if (ArrayBuffer.isView(x) || x instanceof ArrayBuffer || x instanceof SharedArrayBuffer) return x;
  if (Object.getPrototypeOf(x) === null && Reflect.ownKeys(x).length === 0) return x;
  if (x instanceof Map) {
    const m = new Map();
    memo.set(x, m);
    for (const [k, v] of x) m.set(k, copyForWorker(v, memo));
    return m as T;
  }
  if (x instanceof Set) {
    const s = new Set();
    memo.set(x, s);
    for (const v of x) s.add(copyForWorker(v, memo));
    return s as T;
  }
  if (x instanceof Date || x instanceof RegExp || x instanceof Promise || x instanceof WeakMap || x instanceof WeakSet) return x;
  const out = Array.isArray(x) ? new Array(x.length) : Object.create(Object.getPrototypeOf(x));
  memo.set(x, out);
  for (const key of Reflect.ownKeys(x)) {
    const d = Object.getOwnPropertyDescriptor(x, key)!;
    if ("value" in d) d.value = copyForWorker(d.value, memo);
    Object.defineProperty(out, key, d);
  }
  return out as T;
}
