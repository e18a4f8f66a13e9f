// One storage in torch.save's legacy (non-zip) format, as Python's plain pickle of a tensor
// carries it: TypedStorage.__reduce__ is torch.storage._load_from_bytes(<torch.save(storage,
// _use_new_zipfile_serialization=False)>). That format: pickles of the magic number, the protocol
// version and the system info, the pickle of the storage as a persistent id ('storage', type, key,
// location, numel, None), the pickle of the storage keys, then each storage as its int64 element
// count and its bytes (torch/serialization.py, _legacy_save and _legacy_load).
import { Tensor } from "../tensor";
import { Storage } from "./load";
import { PersistentId, pickle, PyGlobal } from "./pickler";
import { STORAGE_TYPES, storageTypeOf } from "./storage_types";
import { tensorBytes, tensorFromBytes } from "./tensor_bytes";
import { type Callbacks, Dict, Global, unpickleAt } from "./unpickler";

const MAGIC_NUMBER = 0x1950a86a20f9469cfc6cn;
const PROTOCOL_VERSION = 1001;
// Python's _legacy_save writes these sizes (long: 4, as torch declares it, whatever the C long).
const SYS_INFO = { protocol_version: PROTOCOL_VERSION, little_endian: true, type_sizes: { short: 2, int: 4, long: 4 } };

/** torch.save(t's storage, _use_new_zipfile_serialization=False): the elements of `t`, contiguous, as one storage. */
export function legacyStorageBytes(t: Tensor): Uint8Array {
  const key = "0";
  const count = Buffer.alloc(8);
  count.writeBigInt64LE(BigInt(t.numel()));
  return Buffer.concat([
    pickle(MAGIC_NUMBER).pickle,
    pickle(PROTOCOL_VERSION).pickle,
    pickle(SYS_INFO).pickle,
    pickle(new PersistentId(["storage", new PyGlobal("torch", storageTypeOf(t.dtype)), key, String(t.device), t.numel(), null])).pickle,
    pickle([key]).pickle,
    count,
    tensorBytes(t),
  ]);
}

/** torch.storage._load_from_bytes(b) for legacy bytes: the storage, on the device it names. */
export function loadLegacyStorage(b: unknown, fail: (m: string) => Error): Storage {
  if (!(b instanceof Uint8Array)) throw fail("torch.storage._load_from_bytes of something that is not bytes");
  const refuse: Callbacks = {
    persistent_load: (): never => { throw fail("a persistent id in a legacy storage header"); },
    call: (fn: Global): never => { throw fail(`a global ${fn.name} in a legacy storage header`); },
  };
  let p = 0;
  const next = (cb: Callbacks = refuse): unknown => {
    const { value, end } = unpickleAt(b, p, cb, fail);
    p = end;
    return value;
  };
  if (next() !== MAGIC_NUMBER) throw fail("Invalid magic number; corrupt file?");
  const version = next();
  if (version !== PROTOCOL_VERSION) throw fail(`Invalid protocol version: ${version}`);
  const info = next();
  if (!(info instanceof Dict) || info.get("little_endian") !== true) throw fail("a legacy storage that is not little-endian");
  let pid: unknown[] | null = null;
  const root = Symbol("storage");
  const value = next({ ...refuse, persistent_load: (id: unknown[]) => ((pid = id), root) });
  if (value !== root || pid === null) throw fail("a legacy storage whose pickle is not one storage");
  const [, type, key, location, numel] = pid as unknown[];
  const d = type instanceof Global && type.name.startsWith("torch.") ? STORAGE_TYPES.get(type.name.slice(6)) : undefined;
  if (d === undefined || typeof key !== "string" || typeof location !== "string" || !Number.isSafeInteger(numel)) {
    throw fail("corrupt legacy storage (expected ('storage', storage_type, key, location, numel, view_metadata))");
  }
  const keys = next();
  if (!Array.isArray(keys) || keys.length !== 1 || keys[0] !== key) throw fail("corrupt legacy storage (its keys)");
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (p + 8 > buf.length) throw fail("truncated legacy storage");
  const count = Number(buf.readBigInt64LE(p));
  const need = count * d.itemsize;
  if (count !== numel || p + 8 + need > buf.length) throw fail("truncated legacy storage");
  const data = tensorFromBytes(Uint8Array.from(buf.subarray(p + 8, p + 8 + need)), d);
  return new Storage(location === "cpu" ? data : data.to(location));
}
