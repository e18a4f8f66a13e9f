// torch.load(f, { map_location, weights_only = true }): reads Python's torch.save files (the zip
// format, and the legacy format of lib/serialization/legacy_load.ts) with a restricted unpickler,
// as Python's weights_only load does.
import * as fs from "node:fs";
import { checkOptions } from "../_args";
import { device } from "../device";
import { dtype } from "../dtype";
import { Parameter } from "../nn/parameter";
import { Tensor } from "../tensor";
import { RuntimeError, TypeError } from "../errors";
import { fileError, UnpicklingError } from "./errors";
import { tensorFilledBy, tensorFromBytes } from "./tensor_bytes";
import { STORAGE_TYPES } from "./storage_types";
import { ALLOWED_GLOBALS, Dict, Global, Tuple, unpickle } from "./unpickler";
import { functionalOf, nnClassOf, nnGlobals } from "./module_globals";
import { userAllowedGlobals } from "./safe_globals";
import { _newModule, _setstate, Module } from "../nn/module";
import * as F from "../nn/functional";
import { Complex } from "../complex";
import { Size } from "../size";
import { type ByteSource, fileSource, ZipReader } from "./zip";
import { isLegacyFile, isTarFile, legacyLoad } from "./legacy_load";
import { type MapLocation, restoreLocation, Storage } from "./storage";

export { Storage };
export type { MapLocation };

export interface LoadOptions {
  map_location?: MapLocation;
  weights_only?: boolean;
  mmap?: boolean;
}

/** torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks, ...). */
export function rebuildTensorV2(args: unknown[], fail: (m: string) => Error): Tensor {
  const [storage, offset, size, stride, requires_grad] = args;
  if (!(storage instanceof Storage) || typeof offset !== "number" || !Array.isArray(size) || !Array.isArray(stride)) {
    throw fail("corrupt _rebuild_tensor_v2 arguments");
  }
  let t: Tensor;
  const misfit = (why: string) => fail(`a tensor of size [${size}] and stride [${stride}] at offset ${offset} does not fit its storage (${why})`);
  // A storage view of a legacy file (view_metadata) is a slice of its root storage's memory: the
  // offset counts from the slice's start, and the tensor must stay inside the slice.
  const start = storage.tensor.storage_offset();
  try {
    t = storage.tensor.as_strided(size as number[], stride as number[], start + offset);
  } catch (error) {
    throw misfit((error as Error).message.split("\n")[0]);
  }
  if (t.numel() > 0) {
    const last = (size as number[]).reduce((acc, n, i) => acc + (n - 1) * (stride as number[])[i], offset);
    if (last >= storage.tensor.numel()) throw misfit(`it reaches element ${last} of a storage of ${storage.tensor.numel()} elements`);
  }
  if (requires_grad === true) t.requires_grad_(true);
  return t;
}

// Python's torch.serialization.UNSAFE_MESSAGE
const UNSAFE_MESSAGE =
  "In PyTorch 2.6, we changed the default value of the `weights_only` argument in `torch.load` from `False` to `True`. Re-running `torch.load` with `weights_only` set to `False` will likely succeed, but it can result in arbitrary code execution. Do it only if you got the file from a trusted source.";

function isBigDict(v: unknown): v is Dict {
  return v instanceof Dict;
}

// Deeper nesting than any checkpoint has (Python's own recursion limit): a pickle nested deeper
// is refused rather than overflowing the stack here or in whatever walks the result.
const MAX_DEPTH = 1000;

/**
 * Turns the unpickler's values into torchts's: dicts → plain objects, tuples → arrays. An object
 * the pickle shares (memo references) stays one shared object, as in Python, so that a pickle of
 * lists of lists referencing each other (a "billion laughs") costs no more than its own size, and
 * a list that contains itself converts.
 */
export function toJs(v: unknown, fail: (m: string) => Error, seen = new Map<object, unknown>(), depth = 0, resolve?: (g: Global) => unknown): unknown {
  if (v === null || typeof v !== "object" || v instanceof Tensor || v instanceof Module) return v;
  if (seen.has(v)) return seen.get(v);
  if (depth > MAX_DEPTH) throw fail(`objects nested more than ${MAX_DEPTH} levels deep (torchts refuses such pickles)`);
  if (isBigDict(v)) {
    const out: Record<string, unknown> = {};
    seen.set(v, out);
    for (const [k, x] of v) {
      const key = typeof k === "string" ? k : typeof k === "number" || typeof k === "bigint" || typeof k === "boolean" || k === null ? String(k) : null;
      if (key === null) throw fail(`a dict key of type ${typeof k} (torchts's objects have string keys)`);
      Object.defineProperty(out, key, { value: toJs(x, fail, seen, depth + 1, resolve), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (Array.isArray(v)) {
    const out: unknown[] = v instanceof Size ? new Size() : [];
    seen.set(v, out);
    for (const x of v) out.push(toJs(x, fail, seen, depth + 1, resolve));
    return out;
  }
  if (v instanceof Set) {
    const out = new Set<unknown>();
    seen.set(v, out);
    for (const x of v) out.add(toJs(x, fail, seen, depth + 1, resolve));
    return out;
  }
  if (v instanceof Global && resolve) return resolve(v);
  if (v instanceof Global) throw fail(`a bare global ${v.name} (torchts cannot load a class or function as a value)`);
  return v;
}

/**
 * torch.load(f, { map_location, weights_only = true }): the object saved in the file `f` by
 * torch.save (Python's or torchts's). weights_only=true loads tensors, parameters, dicts, lists,
 * numbers, strings, ... and the globals allowed by torch.serialization.add_safe_globals;
 * weights_only=false also builds whole torch.nn modules (by their Python class names) and
 * torch.nn.functional functions. Neither ever runs a pickle's code: any other global is an error.
 */
export function load(f: string, options: LoadOptions = {}): any {
  // null (Python's None) is no options, as undefined is.
  options ??= {};
  if (typeof options !== "object") throw new TypeError(`torch.load: options must be an object, not ${typeof options}`);
  checkOptions("load", options as Record<string, unknown>, ["map_location", "weights_only", "mmap"]);
  if (typeof f !== "string") throw new TypeError(`torch.load: f must be a file path (a string), not ${typeof f}`);
  const weights_only = options.weights_only !== false;
  const fail = (problem: string) => fileError("torch.load", f, problem);
  const cannotRead = (error: unknown) =>
    new RuntimeError(`torch.load: cannot read ${f} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  // A zip checkpoint is read record by record, its storages straight into their tensors (one
  // copy, as Python's reader); the legacy formats are read whole.
  let fd: number;
  let source: ByteSource;
  let head: Uint8Array;
  try {
    fd = fs.openSync(f, "r");
  } catch (error) {
    throw cannotRead(error);
  }
  try {
    source = fileSource(fd, fs.fstatSync(fd).size);
    head = source.read(0, Math.min(source.size, 512));
  } catch (error) {
    fs.closeSync(fd);
    throw cannotRead(error);
  }
  const user = userAllowedGlobals();
  const call = (fn: Global, args: unknown[]): unknown => {
    if (ALLOWED_GLOBALS.has(fn.name)) return callAllowed(fn, args, fail);
    const f = user.get(fn.name);
    if (typeof f !== "function") throw fail(`torchts cannot call ${fn.name}`);
    const jsArgs = args.map(js);
    // a class is called as Python calls it (cls(*args)); a function as itself
    return /^class[\s{]/.test(Function.prototype.toString.call(f)) ? Reflect.construct(f, jsArgs) : (f as (...a: unknown[]) => unknown)(...jsArgs);
  };
  // What the pickle may name: torch.save's few globals and the user's safe globals; with
  // weights_only=false also torch.nn's classes and torch.nn.functional's functions. Nothing else.
  const globals = new Set([...ALLOWED_GLOBALS, ...user.keys()]);
  if (!weights_only) {
    for (const name of nnGlobals()) globals.add(name);
    for (const name of Object.keys(F)) if (functionalOf(`torch.nn.functional.${name}`)) globals.add(`torch.nn.functional.${name}`);
  }
  const resolve = (g: Global): unknown => {
    const value = user.get(g.name) ?? nnClassOf(g.name) ?? functionalOf(g.name);
    if (value === undefined) throw fail(`a bare global ${g.name} (torchts cannot load a class or function as a value)`);
    return value;
  };
  const js = (v: unknown) => toJs(v, fail, new Map(), 0, resolve);
  const newobj = (cls: Global, args: unknown[]): unknown => {
    const c = resolve(cls) as (abstract new (...a: never[]) => unknown) | undefined;
    if (typeof c !== "function" || typeof c.prototype !== "object") {
      throw fail(`Weights only load failed: Can only create new object for nn.Parameter or classes allowlisted via \`add_safe_globals\` but got ${cls.name}`);
    }
    if (args.length > 0) throw fail(`torchts cannot create a ${cls.name} from the arguments ${args.length} (cls.__new__(cls, *args) with args)`);
    return c.prototype instanceof Module ? _newModule(c as abstract new (...a: never[]) => Module) : Object.create(c.prototype);
  };
  const build = (inst: unknown, state: unknown): unknown => {
    if (inst instanceof Module) {
      if (!(state instanceof Dict)) throw fail(`the state of a ${inst._get_name()} must be a dict`);
      const converted = new Map<string, unknown>();
      for (const [k, v] of state) {
        if (typeof k !== "string") throw fail(`a module attribute named by a ${typeof k}`);
        if (k === "_parameters" || k === "_buffers" || k === "_modules") {
          if (!(v instanceof Dict)) throw fail(`${k} of a ${inst._get_name()} must be a dict`);
          converted.set(k, new Map([...v].map(([name, m]) => [String(name), m])));
        } else {
          converted.set(k, v instanceof Set ? v : js(v));
        }
      }
      _setstate(inst, converted);
      return inst;
    }
    if (inst === null || typeof inst !== "object" || !user.has(nameOfInstance(inst, user))) {
      throw fail(`Weights only load failed: Can only build Tensor, Parameter, OrderedDict or types allowlisted via \`add_safe_globals\`, but got ${describeObject(inst)}`);
    }
    // pickle's load_build: __setstate__ where the class has one, else (state, slotstate) into its attributes
    const setstate = (inst as { __setstate__?: (s: unknown) => void }).__setstate__;
    if (typeof setstate === "function") {
      setstate.call(inst, js(state));
      return inst;
    }
    let dict = state;
    let slots: unknown = null;
    if (state instanceof Tuple && state.length === 2) [dict, slots] = state;
    for (const part of [dict, slots]) if (part instanceof Dict) for (const [k, v] of part) (inst as Record<string, unknown>)[String(k)] = js(v);
    return inst;
  };
  const refused = (full: string): string => {
    if (!weights_only) {
      return `weights_only=false: torchts cannot load the global ${full}: it builds only torch's own classes (torch.nn modules, tensors, ...) and classes registered with torch.serialization.add_safe_globals, and never runs a pickle's code; for a class of your own, register it under this name: torch.serialization.add_safe_globals([[MyClass, "${full}"]])`;
    }
    // Python names builtins' globals without their module (GLOBAL eval)
    const shown = full.startsWith("builtins.") ? full.slice("builtins.".length) : full;
    return (
      "Weights only load failed. This file can still be loaded, to do so you have two options, \x1b[1mdo those steps only if you trust the source of the checkpoint\x1b[0m. " +
      "\n\t(1) In PyTorch 2.6, we changed the default value of the `weights_only` argument in `torch.load` from `False` to `True`. Re-running `torch.load` with `weights_only` set to `False` will likely succeed, but it can result in arbitrary code execution. Do it only if you got the file from a trusted source." +
      "\n\t(2) Alternatively, to load with `weights_only=True` please check the recommended steps in the following error message.\n\tWeightsUnpickler error: " +
      `Unsupported global: GLOBAL ${shown} was not an allowed global by default. Please use \`torch.serialization.add_safe_globals([${shown}])\` or the \`torch.serialization.safe_globals([${shown}])\` context manager to allowlist this global if you trust this class/function.` +
      "\n\nCheck the documentation of torch.load to learn more about types accepted by default with weights_only https://pytorch.org/docs/stable/generated/torch.load.html."
    );
  };
  const callbacks = { call, globals, newobj, build, refused };
  let result: unknown;
  try {
    result = isLegacyFile(head) || isTarFile(head) ? loadLegacy(source.read(0, source.size)) : loadZip();
  } catch (error) {
    if (error instanceof RangeError) throw fail(`truncated or corrupt ${isLegacyFile(head) ? "file" : "data.pkl"} (${error.message})`);
    throw error;
  } finally {
    fs.closeSync(fd);
  }
  return js(result);

  function loadZip(): unknown {
    const zip = new ZipReader(source, fail);
    const pkl = [...zip.entries.keys()].find((n) => /^[^/]+\/data\.pkl$/.test(n) || n === "data.pkl");
    if (pkl === undefined) throw fail("missing data.pkl (a zip archive, but not one torch.save wrote)");
    const prefix = pkl.slice(0, pkl.length - "data.pkl".length);
    const order = zip.entries.has(`${prefix}byteorder`) ? Buffer.from(zip.read(`${prefix}byteorder`)).toString() : "little";
    if (order !== "little") throw fail(`byteorder "${order}": torchts reads little-endian checkpoints only`);

    const storages = new Map<string, Storage>();
    const persistent_load = (pid: unknown[]): Storage => {
      const [, type, key, location, numel] = pid;
      if (!(type instanceof Global) || !type.name.startsWith("torch.") || typeof key !== "string" || typeof location !== "string" || !Number.isSafeInteger(numel) || (numel as number) < 0) {
        throw fail("corrupt persistent id (expected ('storage', storage_type, key, location, numel))");
      }
      const d = STORAGE_TYPES.get(type.name.slice(6));
      if (d === undefined) throw fail(`storage type ${type.name} is not supported`);
      const seen = storages.get(key);
      if (seen) return seen;
      const name = `${prefix}data/${key}`;
      const entry = zip.entries.get(name);
      if (entry === undefined) throw fail(`missing storage record ${name}`);
      const need = (numel as number) * d.itemsize;
      if (entry.size < need) throw fail(`storage ${key} too short: ${entry.size} bytes where ${numel} ${d.name} elements need ${need}`);
      const data = zip.isStored(name) ? tensorFilledBy(need, d, (bytes) => zip.readInto(name, bytes)) : tensorFromBytes(zip.read(name).subarray(0, need), d);
      const storage = new Storage(restoreLocation(options.map_location, data, location));
      storages.set(key, storage);
      return storage;
    };
    return unpickle(zip.read(pkl), { ...callbacks, persistent_load }, fail);
  }

  // Python's torch.load of a file that is not a zip archive: _legacy_load.
  function loadLegacy(bytes: Uint8Array): unknown {
    if (options.mmap) {
      throw new RuntimeError(`mmap can only be used with files saved with \`torch.save(${f}, _use_new_zipfile_serialization=True), please torch.save your checkpoint with this option in order to use mmap.`);
    }
    if (isTarFile(bytes)) {
      if (weights_only) throw fail(`Cannot use \`\`weights_only=True\`\` with files saved in the legacy .tar format. ${UNSAFE_MESSAGE}`);
      throw fail("a file in torch.save's .tar format (PyTorch 0.3 and older), which torchts cannot read; re-save it in Python with torch.save(torch.load(f, weights_only=False), f)");
    }
    return legacyLoad(bytes, { callbacks, map_location: options.map_location, modules: !weights_only }, fail);
  }
}

/** What a call (REDUCE) of one of the unpickler's ALLOWED_GLOBALS makes. */
export function callAllowed(fn: Global, args: unknown[], fail: (m: string) => Error): unknown {
  switch (fn.name) {
    case "torch._utils._rebuild_tensor": // (storage, storage_offset, size, stride): files of PyTorch < 1.0
    case "torch._utils._rebuild_tensor_v2":
      return rebuildTensorV2(args, fail);
    case "torch._utils._rebuild_parameter":
    case "torch._utils._rebuild_parameter_with_state": {
      const [data, requires_grad] = args;
      if (!(data instanceof Tensor)) throw fail("corrupt _rebuild_parameter arguments");
      return new Parameter(data, requires_grad !== false);
    }
    case "collections.OrderedDict": {
      const d = new Dict();
      const items = args[0];
      if (Array.isArray(items)) for (const kv of items) if (Array.isArray(kv) && kv.length === 2) d.set(kv[0], kv[1]);
      return d;
    }
    case "builtins.set":
      return new Set(Array.isArray(args[0]) ? args[0] : []);
    case "torch.Size":
      return Size.from(Array.isArray(args[0]) ? (args[0] as number[]) : []);
    case "builtins.complex":
      return new Complex(Number(args[0] ?? 0), Number(args[1] ?? 0));
    case "torch.device":
      return device(args[0] as string, args[1] as number | undefined);
    case "_codecs.encode":
      return Uint8Array.from(Buffer.from(String(args[0]), "latin1"));
    case "builtins.bytearray":
      return args[0] instanceof Uint8Array ? args[0] : new Uint8Array(0);
    default:
      throw fail(`torchts cannot call ${fn.name}`);
  }
}

/** The registered name of an object's class (for BUILD of a user's class), or "". */
function nameOfInstance(inst: object, user: Map<string, unknown>): string {
  for (const [name, cls] of user) if (typeof cls === "function" && Object.getPrototypeOf(inst) === cls.prototype) return name;
  return "";
}

/** Python's `<class '...'>` of an unpickled value, as Python's WeightsUnpickler names it. */
function describeObject(v: unknown): string {
  const name =
    v === null ? "NoneType"
    : Array.isArray(v) ? "list"
    : v instanceof Tensor ? "torch.Tensor"
    : v instanceof Map || v instanceof Dict ? "dict"
    : typeof v === "object" ? ((v as object).constructor?.name ?? "object")
    : typeof v === "string" ? "str"
    : typeof v === "number" ? (Number.isInteger(v) ? "int" : "float")
    : typeof v;
  return `<class '${name}'>`;
}

export { dtype };
