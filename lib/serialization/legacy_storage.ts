// One storage in torch.save's legacy (non-zip) format, as Python's plain pickle of a tensor
// carries it: TypedStorage.__reduce__ is torch.storage._load_from_bytes(<torch.save(storage,
// _use_new_zipfile_serialization=False)>): a legacy file whose object is the storage (its
// persistent id ('storage', type, key, location, numel, None)), written here as _legacy_save
// writes it and read by torch.load's reader of that format (legacy_load.ts).
import { Tensor } from "../tensor";
import { legacyLoad, MAGIC_NUMBER, PROTOCOL_VERSION } from "./legacy_load";
import { PersistentId, pickle, PyGlobal } from "./pickler";
import { Storage } from "./storage";
import { storageTypeOf } from "./storage_types";
import { tensorBytes } from "./tensor_bytes";
import { Global } from "./unpickler";

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
  const refuse = (fn: Global): never => { throw fail(`a global ${fn.name} in a legacy storage`); };
  const storage = legacyLoad(b, { callbacks: { call: refuse } }, fail);
  if (!(storage instanceof Storage)) throw fail("a legacy storage whose pickle is not one storage");
  return storage;
}
