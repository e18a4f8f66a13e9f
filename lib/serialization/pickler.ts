// A pickle protocol 2 writer for what torch.save writes: dicts, lists, numbers, strings,
// booleans, None, torch dtypes and devices, and tensors as persistent ids of storages with
// torch._utils._rebuild_tensor_v2 (nn.Parameter with _rebuild_parameter), as Python's
// torch.save emits them.
import { Parameter } from "../nn/parameter";
import { Module, MODULE_INTERNALS } from "../nn/module";
import { functionalGlobalOf } from "./module_globals";
import { globalNameOf, registeredNameOf } from "./safe_globals";
import { Tensor } from "../tensor";
import { dtype } from "../dtype";
import { device } from "../device";
import { storageTypeOf } from "./storage_types";
import { tensorBytes } from "./tensor_bytes";
import { TypeError } from "../errors";
import { Complex } from "../complex";
import { Size } from "../size";

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
// Module attributes that Python keeps as lists (the RNNs'), not tuples as other arrays.
const PYTHON_LISTS = new Set(["_flat_weights", "_flat_weights_names", "_all_weights"]);
const CANONICAL_INT = /^(0|[1-9][0-9]*)$/;

/** Whether an object key is written as a Python int: "0", "17" (canonical non-negative integers). */
export function isIntKey(key: string): boolean {
  return CANONICAL_INT.test(key) && Number(key) <= MAX_SAFE;
}

class Bytes {
  buf = Buffer.alloc(1024);
  len = 0;
  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }
  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
  }
  u16(v: number): void {
    this.ensure(2);
    this.len = this.buf.writeUInt16LE(v, this.len);
  }
  i32(v: number): void {
    this.ensure(4);
    this.len = this.buf.writeInt32LE(v, this.len);
  }
  u32(v: number): void {
    this.ensure(4);
    this.len = this.buf.writeUInt32LE(v, this.len);
  }
  f64be(v: number): void {
    this.ensure(8);
    this.len = this.buf.writeDoubleBE(v, this.len);
  }
  result(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

/** A global (module.name) as a value: GLOBAL, e.g. torch.FloatStorage in a persistent id. */
export class PyGlobal {
  constructor(readonly module: string, readonly name: string) {}
}

/** A persistent id: its items as a tuple, then BINPERSID (torch.save's storages). */
export class PersistentId {
  constructor(readonly items: unknown[]) {}
}

export interface PickleOptions {
  /**
   * Plain pickle.dump's form of a tensor (torch.distributed's object collectives): its storage
   * in-line as torch.storage._load_from_bytes(<these bytes>), instead of a persistent id whose
   * bytes go to `storages` (torch.save's form).
   */
  storage_bytes?: (t: Tensor) => Uint8Array;
}

export interface Pickled {
  pickle: Uint8Array;
  /** The storages' bytes, by key ("0", "1", ...). */
  storages: { key: string; bytes: Uint8Array }[];
}

/** Pickles `obj` as torch.save does (protocol 2); tensors' storages are returned separately. */
export function pickle(obj: unknown, options: PickleOptions = {}): Pickled {
  const out = new Bytes();
  const storages: Pickled["storages"] = [];
  const memo = new Map<unknown, number>();
  const globals = new Map<string, number>();
  const active = new Set<object>();

  const put = (key: unknown): void => {
    const i = memo.size;
    memo.set(key, i);
    if (i < 256) {
      out.byte(0x71); // BINPUT
      out.byte(i);
    } else {
      out.byte(0x72); // LONG_BINPUT
      out.u32(i);
    }
  };
  const get = (i: number): void => {
    if (i < 256) {
      out.byte(0x68); // BINGET
      out.byte(i);
    } else {
      out.byte(0x6a); // LONG_BINGET
      out.u32(i);
    }
  };
  const str = (s: string): void => {
    const b = Buffer.from(s, "utf8");
    out.byte(0x58); // BINUNICODE
    out.u32(b.length);
    out.bytes(b);
  };
  const global = (module: string, name: string): void => {
    const full = `${module}\n${name}\n`;
    const at = globals.get(full);
    if (at !== undefined) return get(at);
    out.byte(0x63); // GLOBAL
    out.bytes(Buffer.from(full, "utf8"));
    globals.set(full, memo.size);
    put(Symbol(full));
  };
  const int = (v: number | bigint): void => {
    if (typeof v === "number" && v >= 0 && v < 256) {
      out.byte(0x4b); // BININT1
      out.byte(v);
    } else if (typeof v === "number" && v >= 0 && v < 65536) {
      out.byte(0x4d); // BININT2
      out.u16(v);
    } else if (typeof v === "number" && v >= -0x80000000 && v <= 0x7fffffff) {
      out.byte(0x4a); // BININT
      out.i32(v);
    } else {
      // LONG1: two's complement, little-endian, as few bytes as hold the sign.
      let n = BigInt(v);
      const bytes: number[] = [];
      for (;;) {
        const byte = Number(n & 0xffn);
        bytes.push(byte);
        n >>= 8n;
        if ((n === 0n && (byte & 0x80) === 0) || (n === -1n && (byte & 0x80) !== 0)) break;
      }
      out.byte(0x8a);
      out.byte(bytes.length);
      out.bytes(Uint8Array.from(bytes));
    }
  };
  const number = (v: number): void => {
    if (Number.isInteger(v) && Math.abs(v) <= MAX_SAFE && !Object.is(v, -0)) return int(v);
    out.byte(0x47); // BINFLOAT
    out.f64be(v);
  };
  const emptyOrderedDict = (): void => {
    global("collections", "OrderedDict");
    out.byte(0x29); // EMPTY_TUPLE
    out.byte(0x52); // REDUCE
  };
  const tensor = (t: Tensor): void => {
    const seen = memo.get(t);
    if (seen !== undefined) return get(seen);
    const isParam = t instanceof Parameter;
    if (isParam) {
      global("torch._utils", "_rebuild_parameter");
      out.byte(0x28); // MARK
    }
    const shape = t.shape;
    const strides: number[] = new Array(shape.length);
    let s = 1;
    for (let i = shape.length - 1; i >= 0; i--) {
      strides[i] = s;
      s *= Math.max(shape[i], 1);
    }
    global("torch._utils", "_rebuild_tensor_v2");
    out.byte(0x28); // MARK
    if (options.storage_bytes) {
      global("torch.storage", "_load_from_bytes");
      binbytes(options.storage_bytes(t));
      out.byte(0x85); // TUPLE1
      out.byte(0x52); // REDUCE
    } else {
      const key = String(storages.length);
      // A view, not a copy: torch.save writes the bytes before it returns.
      storages.push({ key, bytes: tensorBytes(t) });
      persistentId(["storage", new PyGlobal("torch", storageTypeOf(t.dtype)), key, String(t.device), t.numel()]);
    }
    int(0);
    tuple(shape);
    tuple(strides);
    out.byte(!isParam && t.requires_grad ? 0x88 : 0x89);
    emptyOrderedDict();
    out.byte(0x74); // TUPLE
    out.byte(0x52); // REDUCE
    if (isParam) {
      out.byte(t.requires_grad ? 0x88 : 0x89);
      emptyOrderedDict();
      out.byte(0x74); // TUPLE
      out.byte(0x52); // REDUCE
    }
    put(t);
  };
  const binbytes = (data: Uint8Array): void => {
    out.byte(0x42); // BINBYTES
    out.u32(data.length);
    out.bytes(data);
  };
  const persistentId = (items: unknown[]): void => {
    out.byte(0x28); // MARK
    for (const x of items) save(x);
    out.byte(0x74); // TUPLE
    out.byte(0x51); // BINPERSID
  };
  const tuple = (items: number[]): void => {
    if (items.length === 0) return out.byte(0x29);
    if (items.length > 3) out.byte(0x28);
    for (const x of items) int(x);
    out.byte(items.length === 1 ? 0x85 : items.length === 2 ? 0x86 : items.length === 3 ? 0x87 : 0x74);
  };
  const dictKey = (k: unknown): void => {
    if (typeof k === "string") return isIntKey(k) ? int(Number(k)) : str(k);
    save(k);
  };
  const dict = (entries: [unknown, unknown][]): void => {
    out.byte(0x7d); // EMPTY_DICT
    for (let i = 0; i < entries.length; i += 1000) {
      out.byte(0x28); // MARK
      for (const [k, v] of entries.slice(i, i + 1000)) {
        dictKey(k);
        save(v);
      }
      out.byte(0x75); // SETITEMS
    }
  };
  const list = (items: unknown[]): void => {
    out.byte(0x5d); // EMPTY_LIST
    for (let i = 0; i < items.length; i += 1000) {
      out.byte(0x28);
      for (const v of items.slice(i, i + 1000)) save(v);
      out.byte(0x65); // APPENDS
    }
  };
  const globalOf = (full: string): void => {
    const dot = full.lastIndexOf(".");
    global(full.slice(0, dot), full.slice(dot + 1));
  };
  const emptyDict = (): void => out.byte(0x7d);
  const tupleOfValues = (items: unknown[]): void => {
    if (items.length === 0) return out.byte(0x29);
    out.byte(0x28);
    for (const x of items) attribute(x);
    out.byte(0x74);
  };
  // A module attribute: arrays are Python's tuples (kernel_size, normalized_shape, ...), a
  // torch.nn.functional function its global (TransformerEncoderLayer's activation).
  const attribute = (v: unknown, key = ""): void => {
    if (PYTHON_LISTS.has(key)) return save(v);
    if (Array.isArray(v) && !(v instanceof Size) && Object.getPrototypeOf(v) === Array.prototype) return tupleOfValues(v);
    if (typeof v === "function") {
      const name = functionalGlobalOf(v);
      if (name === undefined) throw new TypeError(`torch.save: cannot save the function ${v.name || "<anonymous>"} (a module attribute may be a torch.nn.functional function only)`);
      return globalOf(name);
    }
    save(v);
  };
  // A module as Python pickles one: GLOBAL of its class, NEWOBJ, then BUILD with its __dict__
  // (training, the registries, the empty hook dicts, _modules, then its own attributes).
  const module = (m: Module): void => {
    const seen = memo.get(m);
    if (seen !== undefined) return get(seen);
    const cls = m.constructor;
    globalOf(registeredNameOf(cls) ?? globalNameOf(cls));
    out.byte(0x29); // EMPTY_TUPLE
    out.byte(0x81); // NEWOBJ
    put(m);
    const members = (registry: Map<string, unknown>): void => {
      emptyDict();
      if (registry.size === 0) return;
      out.byte(0x28);
      for (const [k, x] of registry) {
        str(k);
        save(x);
      }
      out.byte(0x75);
    };
    const hooks = (name: string, h: Map<unknown, unknown> | Set<unknown>): void => {
      if (h.size > 0) throw new TypeError(`torch.save: cannot save a ${m._get_name()} with hooks (${name} is not empty): a pickle cannot carry a JS function`);
      str(name);
      emptyOrderedDict();
    };
    emptyDict();
    out.byte(0x28); // MARK
    str("training");
    save(m.training);
    str("_parameters");
    members(m._parameters);
    str("_buffers");
    members(m._buffers);
    str("_non_persistent_buffers_set");
    save(m._non_persistent_buffers_set);
    hooks("_backward_pre_hooks", m._backward_pre_hooks);
    hooks("_backward_hooks", m._backward_hooks);
    str("_is_full_backward_hook");
    save(m._is_full_backward_hook);
    hooks("_forward_hooks", m._forward_hooks);
    hooks("_forward_hooks_with_kwargs", m._forward_hooks_with_kwargs);
    hooks("_forward_hooks_always_called", m._forward_hooks_always_called);
    hooks("_forward_pre_hooks", m._forward_pre_hooks);
    hooks("_forward_pre_hooks_with_kwargs", m._forward_pre_hooks_with_kwargs);
    hooks("_state_dict_hooks", m._state_dict_hooks);
    hooks("_state_dict_pre_hooks", m._state_dict_pre_hooks);
    hooks("_load_state_dict_pre_hooks", m._load_state_dict_pre_hooks);
    hooks("_load_state_dict_post_hooks", m._load_state_dict_post_hooks);
    str("_modules");
    members(m._modules);
    for (const key of Object.keys(m)) {
      if (MODULE_INTERNALS.has(key) || m._parameters.has(key) || m._buffers.has(key) || m._modules.has(key)) continue;
      const value = (m as unknown as Record<string, unknown>)[key];
      if (value === undefined) continue;
      str(key);
      attribute(value, key);
    }
    out.byte(0x75); // SETITEMS
    out.byte(0x62); // BUILD
  };
  const save = (v: unknown): void => {
    if (v === null || v === undefined) return out.byte(0x4e); // NONE
    if (typeof v === "boolean") return out.byte(v ? 0x88 : 0x89);
    if (typeof v === "number") return number(v);
    if (typeof v === "bigint") return int(v);
    if (typeof v === "string") return str(v);
    if (v instanceof Tensor) return tensor(v);
    if (v instanceof dtype) return global("torch", v.name);
    if (v instanceof PyGlobal) return global(v.module, v.name);
    if (v instanceof PersistentId) return persistentId(v.items);
    if (v instanceof device) {
      global("torch", "device");
      str(String(v));
      out.byte(0x85);
      out.byte(0x52);
      return;
    }
    if (v instanceof Complex) {
      // Python's complex: builtins.complex(real, imag), both floats
      global("builtins", "complex");
      out.byte(0x47); // BINFLOAT
      out.f64be(v.real);
      out.byte(0x47);
      out.f64be(v.imag);
      out.byte(0x86); // TUPLE2
      out.byte(0x52); // REDUCE
      return;
    }
    if (v instanceof Size) {
      // torch.Size((2, 3)), as Python pickles x.shape
      global("torch", "Size");
      tuple([...v]);
      out.byte(0x85); // TUPLE1
      out.byte(0x52); // REDUCE
      return;
    }
    if (typeof v !== "object") throw new TypeError(`torch.save: cannot save a ${typeof v}`);
    if (v instanceof Module) {
      if (active.has(v)) throw new TypeError("torch.save: cannot save a module that contains itself");
      active.add(v);
      try {
        return module(v);
      } finally {
        active.delete(v);
      }
    }
    if (active.has(v)) throw new TypeError("torch.save: cannot save an object that contains itself");
    active.add(v);
    try {
      if (Array.isArray(v)) return list(v);
      if (v instanceof Map) return dict([...v.entries()]);
      if (v instanceof Set) {
        global("builtins", "set");
        list([...v]);
        out.byte(0x85);
        out.byte(0x52);
        return;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`torch.save: cannot save a ${proto?.constructor?.name ?? "object"} (torchts saves tensors, plain objects, arrays, Maps, Sets, numbers, bigints, strings, booleans, null, dtypes and devices)`);
      }
      return dict(Object.entries(v));
    } finally {
      active.delete(v);
    }
  };

  out.byte(0x80); // PROTO
  out.byte(2);
  save(obj);
  out.byte(0x2e); // STOP
  return { pickle: out.result(), storages };
}
