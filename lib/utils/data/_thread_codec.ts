// What crosses between the calling thread and a DataLoader worker thread (a dataset, a task's
// indices, a batch): values made structured-clonable, as Python's workers pickle theirs.
// Tensors travel as owning raw pointers (no copy; native/thread_handoff.cc). Objects are walked:
// arrays and plain objects recursively; an instance of a class the worker can find is its class
// reference plus its own enumerable properties, rebuilt on that class's prototype. A class or
// function is found by its path in torchts's (or torchts/vision's) export tree, or, for a user's,
// by its own `__module__` (the URL or path of the module that exports it, Python's pickling by
// reference) and `__qualname__` (else its name). Anything else cannot be sent: Unsendable.
import { Generator } from "../../generator";
import { native } from "../../native";
import { Tensor } from "../../tensor";

/** Why a value cannot go to a worker thread, naming it. */
export class Unsendable extends Error {}

type Root = "torch" | "vision";
const ROOT_MODULES: Record<Root, string> = { torch: "../../index", vision: "../../vision/index" };

/** The export tree of a torchts entry (only if loaded already, unless `load`). */
function rootObject(root: Root, load: boolean): Record<string, unknown> | null {
  const id = require.resolve(ROOT_MODULES[root]);
  if (!load && !require.cache[id]) return null;
  const mod = require(id) as Record<string, unknown>;
  return (mod.default as Record<string, unknown>) ?? mod;
}

let registry: Map<unknown, string> | null = null;
const registered = new Set<Root>();

/** Every class and function of the loaded torchts entries, by its export path ("vision:transforms.Compose"). */
function paths(): Map<unknown, string> {
  registry ??= new Map();
  for (const root of ["torch", "vision"] as Root[]) {
    if (registered.has(root)) continue;
    const tree = rootObject(root, false);
    if (tree === null) continue;
    registered.add(root);
    const seen = new Set<unknown>();
    const walk = (obj: object, path: string, depth: number): void => {
      if (seen.has(obj) || depth > 6) return;
      seen.add(obj);
      for (const key of Object.keys(obj)) {
        // Module namespaces re-export through getters (CommonJS output): read them, but a
        // getter that throws (an optional backend) is skipped.
        let v: unknown;
        try {
          v = (obj as Record<string, unknown>)[key];
        } catch {
          continue;
        }
        const p = path ? `${path}.${key}` : key;
        if (typeof v === "function") {
          if (!registry!.has(v)) registry!.set(v, `${root}:${p}`);
        } else if (v !== null && typeof v === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(v))) {
          walk(v, p, depth + 1);
        }
      }
    };
    walk(tree, "", 0);
  }
  return registry;
}

/** A class or function as a reference the worker can resolve. */
type Ref = { lib: string } | { module: string; name: string };

function refOf(fn: Function, what: () => string): Ref {
  const lib = paths().get(fn);
  if (lib !== undefined) return { lib };
  if (Object.hasOwn(fn, "__module__") && typeof (fn as { __module__?: unknown }).__module__ === "string") {
    const own = fn as Function & { __module__: string; __qualname__?: string };
    return { module: own.__module__, name: Object.hasOwn(fn, "__qualname__") ? own.__qualname__! : fn.name };
  }
  const kind = /^class[\s{]/.test(Function.prototype.toString.call(fn)) ? "class" : "function";
  throw new Unsendable(
    `${what()}: ${kind} ${fn.name || "(anonymous)"} is neither torchts's nor has its own static __module__ ` +
      "(the URL of the module that exports it)",
  );
}

/** The modules (user modules) a worker must import before decoding. */
export function modulesOf(encoded: unknown, out = new Set<string>()): Set<string> {
  const walk = (x: unknown): void => {
    if (x === null || typeof x !== "object") return;
    if (Array.isArray(x)) return x.forEach(walk);
    if (ArrayBuffer.isView(x)) return;
    const o = x as Record<string, unknown>;
    if (typeof o.module === "string" && typeof o.name === "string" && Object.keys(o).length === 2) out.add(o.module);
    for (const v of Object.values(o)) walk(v);
  };
  walk(encoded);
  return out;
}

// Encoded forms: { $: kind, ... }; a plain object's keys go under `o`, so no user key collides.
type Enc = unknown;

/** A value made structured-clonable for a worker thread. Throws Unsendable naming what cannot go. */
export function encode(x: unknown, where = "the value", memo = new Map<unknown, Enc>()): Enc {
  if (x === null || typeof x !== "object") {
    if (typeof x === "function") return { $: "ref", ref: refOf(x, () => where) };
    if (typeof x === "symbol") throw new Unsendable(`${where}: a symbol`);
    return x;
  }
  if (memo.has(x)) return memo.get(x);
  if (x instanceof Tensor) {
    const out = { $: "tensor", ptr: native.tensorHandoffExport(x._h) };
    memo.set(x, out);
    return out;
  }
  if (x instanceof Generator) {
    const out = { $: "generator", device: String(x.device), state: encode(x.get_state(), where, memo) };
    memo.set(x, out);
    return out;
  }
  if (ArrayBuffer.isView(x) || x instanceof ArrayBuffer || x instanceof SharedArrayBuffer || x instanceof Date || x instanceof RegExp) {
    return x;
  }
  if (x instanceof Map) {
    const out = { $: "map", entries: [] as Enc[] };
    memo.set(x, out);
    for (const [k, v] of x) out.entries.push([encode(k, where, memo), encode(v, `${where}.get(${String(k)})`, memo)]);
    return out;
  }
  if (x instanceof Set) {
    const out = { $: "set", values: [] as Enc[] };
    memo.set(x, out);
    for (const v of x) out.values.push(encode(v, where, memo));
    return out;
  }
  const proto = Object.getPrototypeOf(x);
  const out: { $: string; o: Record<string, Enc>; items?: Enc[]; cls?: Ref } = { $: "object", o: {} };
  memo.set(x, out);
  if (Array.isArray(x)) {
    out.$ = "array";
    out.items = x.map((v, i) => encode(v, `${where}[${i}]`, memo));
  } else if (proto !== Object.prototype && proto !== null) {
    if ((x as { __worker_share__?: boolean }).__worker_share__ === true) {
      throw new Unsendable(`${where}: its class keeps state in #private fields (__worker_share__)`);
    }
    out.$ = "instance";
    out.cls = refOf(proto.constructor, () => `${where} (an instance of ${proto.constructor?.name ?? "?"})`);
  }
  for (const key of Object.keys(x)) {
    if (Array.isArray(x) && /^\d+$/.test(key)) continue;
    const d = Object.getOwnPropertyDescriptor(x, key)!;
    if (!("value" in d)) throw new Unsendable(`${where}.${key}: an accessor property`);
    out.o[key] = encode(d.value, `${where}.${key}`, memo);
  }
  return out;
}

/** A value encoded by encode(), rebuilt (tensors adopted); `modules` are the user modules imported. */
export function decode(x: Enc, modules: Map<string, Record<string, unknown>> = new Map(), memo = new Map<unknown, unknown>()): unknown {
  if (x === null || typeof x !== "object" || !("$" in x)) return x;
  if (memo.has(x)) return memo.get(x);
  const e = x as Record<string, any>;
  switch (e.$) {
    case "tensor": {
      const t = new Tensor(native.tensorHandoffAdopt(e.ptr));
      memo.set(x, t);
      return t;
    }
    case "generator": {
      const g = new Generator(e.device).set_state(decode(e.state, modules, memo) as Tensor);
      memo.set(x, g);
      return g;
    }
    case "ref":
      return resolve(e.ref, modules);
    case "map": {
      const m = new Map();
      memo.set(x, m);
      for (const [k, v] of e.entries) m.set(decode(k, modules, memo), decode(v, modules, memo));
      return m;
    }
    case "set": {
      const s = new Set();
      memo.set(x, s);
      for (const v of e.values) s.add(decode(v, modules, memo));
      return s;
    }
  }
  let out: Record<string, unknown>;
  if (e.$ === "array") {
    const arr: unknown[] = [];
    memo.set(x, arr);
    for (const v of e.items) arr.push(decode(v, modules, memo));
    out = arr as unknown as Record<string, unknown>;
  } else {
    out = e.$ === "instance" ? Object.create((resolve(e.cls, modules) as Function).prototype) : {};
    memo.set(x, out);
  }
  for (const [k, v] of Object.entries(e.o as Record<string, Enc>)) {
    Object.defineProperty(out, k, { value: decode(v, modules, memo), writable: true, enumerable: true, configurable: true });
  }
  return out;
}

function resolve(ref: Ref, modules: Map<string, Record<string, unknown>>): unknown {
  if ("lib" in ref) {
    const [root, path] = ref.lib.split(":") as [Root, string];
    let v: unknown = rootObject(root, true);
    for (const key of path.split(".")) v = (v as Record<string, unknown>)[key];
    return v;
  }
  const mod = modules.get(ref.module);
  const v = mod?.[ref.name] ?? (mod?.default as Record<string, unknown> | undefined)?.[ref.name];
  if (v === undefined) throw new Unsendable(`${ref.module} exports no ${ref.name}`);
  return v;
}

/** Releases the tensors of an encoded value that will not be decoded (a worker that ended). */
export function dropEncoded(x: Enc, seen = new Set<unknown>()): void {
  if (x === null || typeof x !== "object" || seen.has(x) || ArrayBuffer.isView(x)) return;
  seen.add(x);
  const e = x as Record<string, any>;
  if (e.$ === "tensor") return native.tensorHandoffDrop(e.ptr);
  for (const v of Array.isArray(x) ? x : Object.values(e)) dropEncoded(v, seen);
}
