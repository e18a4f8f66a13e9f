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

/** One pickle() call: its output, memo, the globals written and the storages met. */
class Pickler {
  readonly out = new Bytes();
  readonly storages: Pickled["storages"] = [];
  readonly memo = new Map<unknown, number>();
  readonly globals = new Map<string, number>();
  readonly active = new Set<object>();

  constructor(readonly options: PickleOptions) {}

  /** The whole pickle of `obj` (Python's Pickler.dump), with the storages its tensors met. */
  dump(obj: unknown): Pickled {
    this.out.byte(0x80); // PROTO
    this.out.byte(2);
    this.save(obj);
    this.out.byte(0x2e); // STOP
    return { pickle: this.out.result(), storages: this.storages };
  }

  put(key: unknown): void {
    const i = this.memo.size;
    this.memo.set(key, i);
    if (i < 256) {
      this.out.byte(0x71); // BINPUT
      this.out.byte(i);
    } else {
      this.out.byte(0x72); // LONG_BINPUT
      this.out.u32(i);
    }
  }

  get(i: number): void {
    if (i < 256) {
      this.out.byte(0x68); // BINGET
      this.out.byte(i);
    } else {
      this.out.byte(0x6a); // LONG_BINGET
      this.out.u32(i);
    }
  }

  str(s: string): void {
    const b = Buffer.from(s, "utf8");
    this.out.byte(0x58); // BINUNICODE
    this.out.u32(b.length);
    this.out.bytes(b);
  }

  global(module: string, name: string): void {
    const full = `${module}\n${name}\n`;
    const at = this.globals.get(full);
    if (at !== undefined) return this.get(at);
    this.out.byte(0x63); // GLOBAL
    this.out.bytes(Buffer.from(full, "utf8"));
    this.globals.set(full, this.memo.size);
    this.put(Symbol(full));
  }

  int(v: number | bigint): void {
    if (typeof v === "number" && v >= 0 && v < 256) {
      this.out.byte(0x4b); // BININT1
      this.out.byte(v);
    } else if (typeof v === "number" && v >= 0 && v < 65536) {
      this.out.byte(0x4d); // BININT2
      this.out.u16(v);
    } else if (typeof v === "number" && v >= -0x80000000 && v <= 0x7fffffff) {
      this.out.byte(0x4a); // BININT
      this.out.i32(v);
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
      this.out.byte(0x8a);
      this.out.byte(bytes.length);
      this.out.bytes(Uint8Array.from(bytes));
    }
  }

  number(v: number): void {
    if (Number.isInteger(v) && Math.abs(v) <= MAX_SAFE && !Object.is(v, -0)) return this.int(v);
    this.out.byte(0x47); // BINFLOAT
    this.out.f64be(v);
  }

  emptyOrderedDict(): void {
    this.global("collections", "OrderedDict");
    this.out.byte(0x29); // EMPTY_TUPLE
    this.out.byte(0x52); // REDUCE
  }

  tensor(t: Tensor): void {
    const seen = this.memo.get(t);
    if (seen !== undefined) return this.get(seen);
    const isParam = t instanceof Parameter;
    if (isParam) {
      this.global("torch._utils", "_rebuild_parameter");
      this.out.byte(0x28); // MARK
    }
    const shape = t.shape;
    const strides: number[] = new Array(shape.length);
    let s = 1;
    for (let i = shape.length - 1; i >= 0; i--) {
      strides[i] = s;
      s *= Math.max(shape[i], 1);
    }
    this.global("torch._utils", "_rebuild_tensor_v2");
    this.out.byte(0x28); // MARK
    if (this.options.storage_bytes) {
      this.global("torch.storage", "_load_from_bytes");
      this.binbytes(this.options.storage_bytes(t));
      this.out.byte(0x85); // TUPLE1
      this.out.byte(0x52); // REDUCE
    } else {
      const key = String(this.storages.length);
      // A view, not a copy: torch.save writes the bytes before it returns.
      this.storages.push({ key, bytes: tensorBytes(t) });
      this.persistentId(["storage", new PyGlobal("torch", storageTypeOf(t.dtype)), key, String(t.device), t.numel()]);
    }
    this.int(0);
    this.tuple(shape);
    this.tuple(strides);
    this.out.byte(!isParam && t.requires_grad ? 0x88 : 0x89);
    this.emptyOrderedDict();
    this.out.byte(0x74); // TUPLE
    this.out.byte(0x52); // REDUCE
    if (isParam) {
      this.out.byte(t.requires_grad ? 0x88 : 0x89);
      this.emptyOrderedDict();
      this.out.byte(0x74); // TUPLE
      this.out.byte(0x52); // REDUCE
    }
    this.put(t);
  }

  binbytes(data: Uint8Array): void {
    this.out.byte(0x42); // BINBYTES
    this.out.u32(data.length);
    this.out.bytes(data);
  }

  persistentId(items: unknown[]): void {
    this.out.byte(0x28); // MARK
    for (const x of items) this.save(x);
    this.out.byte(0x74); // TUPLE
    this.out.byte(0x51); // BINPERSID
  }

  tuple(items: number[]): void {
    if (items.length === 0) return this.out.byte(0x29);
    if (items.length > 3) this.out.byte(0x28);
    for (const x of items) this.int(x);
    this.out.byte(items.length === 1 ? 0x85 : items.length === 2 ? 0x86 : items.length === 3 ? 0x87 : 0x74);
  }

  dictKey(k: unknown): void {
    if (typeof k === "string") return isIntKey(k) ? this.int(Number(k)) : this.str(k);
    this.save(k);
  }

  dict(entries: [unknown, unknown][]): void {
    this.out.byte(0x7d); // EMPTY_DICT
    for (let i = 0; i < entries.length; i += 1000) {
      this.out.byte(0x28); // MARK
      for (const [k, v] of entries.slice(i, i + 1000)) {
        this.dictKey(k);
        this.save(v);
      }
      this.out.byte(0x75); // SETITEMS
    }
  }

  list(items: unknown[]): void {
    this.out.byte(0x5d); // EMPTY_LIST
    for (let i = 0; i < items.length; i += 1000) {
      this.out.byte(0x28);
      for (const v of items.slice(i, i + 1000)) this.save(v);
      this.out.byte(0x65); // APPENDS
    }
  }

  globalOf(full: string): void {
    const dot = full.lastIndexOf(".");
    this.global(full.slice(0, dot), full.slice(dot + 1));
  }

  emptyDict(): void {
    this.out.byte(0x7d);
  }

  tupleOfValues(items: unknown[]): void {
    if (items.length === 0) return this.out.byte(0x29);
    this.out.byte(0x28);
    for (const x of items) this.attribute(x);
    this.out.byte(0x74);
  }

  // A module attribute: arrays are Python's tuples (kernel_size, normalized_shape, ...), a
  // torch.nn.functional function its global (TransformerEncoderLayer's activation).
  attribute(v: unknown, key = ""): void {
    if (PYTHON_LISTS.has(key)) return this.save(v);
    if (Array.isArray(v) && !(v instanceof Size) && Object.getPrototypeOf(v) === Array.prototype) return this.tupleOfValues(v);
    if (typeof v === "function") {
      const name = functionalGlobalOf(v);
      if (name === undefined) throw new TypeError(`torch.save: cannot save the function ${v.name || "<anonymous>"} (a module attribute may be a torch.nn.functional function only)`);
      return this.globalOf(name);
    }
    this.save(v);
  }

  // A module as Python pickles one: GLOBAL of its class, NEWOBJ, then BUILD with its __dict__
  // (training, the registries, the empty hook dicts, _modules, then its own attributes).
  module(m: Module): void {
    const seen = this.memo.get(m);
    if (seen !== undefined) return this.get(seen);
    const cls = m.constructor;
    this.globalOf(registeredNameOf(cls) ?? globalNameOf(cls));
    this.out.byte(0x29); // EMPTY_TUPLE
    this.out.byte(0x81); // NEWOBJ
    this.put(m);
    this.emptyDict();
    this.out.byte(0x28); // MARK
    this.str("training");
    this.save(m.training);
    this.str("_parameters");
    this.members(m._parameters);
    this.str("_buffers");
    this.members(m._buffers);
    this.str("_non_persistent_buffers_set");
    this.save(m._non_persistent_buffers_set);
    this.hooks(m, "_backward_pre_hooks", m._backward_pre_hooks);
    this.hooks(m, "_backward_hooks", m._backward_hooks);
    this.str("_is_full_backward_hook");
    this.save(m._is_full_backward_hook);
    this.hooks(m, "_forward_hooks", m._forward_hooks);
    this.hooks(m, "_forward_hooks_with_kwargs", m._forward_hooks_with_kwargs);
    this.hooks(m, "_forward_hooks_always_called", m._forward_hooks_always_called);
    this.hooks(m, "_forward_pre_hooks", m._forward_pre_hooks);
    this.hooks(m, "_forward_pre_hooks_with_kwargs", m._forward_pre_hooks_with_kwargs);
    this.hooks(m, "_state_dict_hooks", m._state_dict_hooks);
    this.hooks(m, "_state_dict_pre_hooks", m._state_dict_pre_hooks);
    this.hooks(m, "_load_state_dict_pre_hooks", m._load_state_dict_pre_hooks);
    this.hooks(m, "_load_state_dict_post_hooks", m._load_state_dict_post_hooks);
    this.str("_modules");
    this.members(m._modules);
    for (const key of Object.keys(m)) {
      if (MODULE_INTERNALS.has(key) || m._parameters.has(key) || m._buffers.has(key) || m._modules.has(key)) continue;
      const value = (m as unknown as Record<string, unknown>)[key];
      if (value === undefined) continue;
      this.str(key);
      this.attribute(value, key);
    }
    this.out.byte(0x75); // SETITEMS
    this.out.byte(0x62); // BUILD
  }
  /** A module's registry (_parameters, _buffers, _modules) as a dict. */
  members(registry: Map<string, unknown>): void {
    this.emptyDict();
    if (registry.size === 0) return;
    this.out.byte(0x28);
    for (const [k, x] of registry) {
      this.str(k);
      this.save(x);
    }
    this.out.byte(0x75);
  }

  /** A module's hook dict: empty, as a pickle cannot carry a JS function. */
  hooks(m: Module, name: string, h: Map<unknown, unknown> | Set<unknown>): void {
    if (h.size > 0) throw new TypeError(`torch.save: cannot save a ${m._get_name()} with hooks (${name} is not empty): a pickle cannot carry a JS function`);
    this.str(name);
    this.emptyOrderedDict();
  }

  save(v: unknown): void {
    if (v === null || v === undefined) return this.out.byte(0x4e); // NONE
    if (typeof v === "boolean") return this.out.byte(v ? 0x88 : 0x89);
    if (typeof v === "number") return this.number(v);
    if (typeof v === "bigint") return this.int(v);
    if (typeof v === "string") return this.str(v);
    if (v instanceof Tensor) return this.tensor(v);
    if (v instanceof dtype) return this.global("torch", v.name);
    if (v instanceof PyGlobal) return this.global(v.module, v.name);
    if (v instanceof PersistentId) return this.persistentId(v.items);
    if (v instanceof device) {
      this.global("torch", "device");
      this.str(String(v));
      this.out.byte(0x85);
      this.out.byte(0x52);
      return;
    }
    if (v instanceof Complex) {
      // Python's complex: builtins.complex(real, imag), both floats
      this.global("builtins", "complex");
      this.out.byte(0x47); // BINFLOAT
      this.out.f64be(v.real);
      this.out.byte(0x47);
      this.out.f64be(v.imag);
      this.out.byte(0x86); // TUPLE2
      this.out.byte(0x52); // REDUCE
      return;
    }
    if (v instanceof Size) {
      // torch.Size((2, 3)), as Python pickles x.shape
      this.global("torch", "Size");
      this.tuple([...v]);
      this.out.byte(0x85); // TUPLE1
      this.out.byte(0x52); // REDUCE
      return;
    }
    if (typeof v !== "object") throw new TypeError(`torch.save: cannot save a ${typeof v}`);
    if (v instanceof Module) {
      if (this.active.has(v)) throw new TypeError("torch.save: cannot save a module that contains itself");
      this.active.add(v);
      try {
        return this.module(v);
      } finally {
        this.active.delete(v);
      }
    }
    if (this.active.has(v)) throw new TypeError("torch.save: cannot save an object that contains itself");
    this.active.add(v);
    try {
      if (Array.isArray(v)) return this.list(v);
      if (v instanceof Map) return this.dict([...v.entries()]);
      if (v instanceof Set) {
        this.global("builtins", "set");
        this.list([...v]);
        this.out.byte(0x85);
        this.out.byte(0x52);
        return;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`torch.save: cannot save a ${proto?.constructor?.name ?? "object"} (torchts saves tensors, plain objects, arrays, Maps, Sets, numbers, bigints, strings, booleans, null, dtypes and devices)`);
      }
      return this.dict(Object.entries(v));
    } finally {
      this.active.delete(v);
    }
  }
}

/** Pickles `obj` as torch.save does (protocol 2); tensors' storages are returned separately. */
export function pickle(obj: unknown, options: PickleOptions = {}): Pickled {
  return new Pickler(options).dump(obj);
}
