// torch.load of torch.save's legacy (non-zip) format: _use_new_zipfile_serialization=False, and
// every file PyTorch saved before 1.6 (torchvision's AlexNet, VGG, MobileNetV2 weights), ported
// from _legacy_load in torch/serialization.py. One stream of pickles: the magic number, the
// protocol version, the system info, the object (its storages as persistent ids ('storage',
// storage_type, root_key, location, numel, view_metadata)), the list of storage keys; then, for
// each key in that order, the storage's elements: their count (int64, little-endian) and bytes.
import { callOp } from "../_dispatch";
import { no_grad } from "../autograd";
import { dtype } from "../dtype";
import { OPS } from "../generated/ops";
import { Tensor } from "../tensor";
import { type MapLocation, restoreLocation, Storage } from "./storage";
import { STORAGE_TYPES } from "./storage_types";
import { tensorFromBytes } from "./tensor_bytes";
import { type Callbacks, Global, unpickleAt } from "./unpickler";

export const MAGIC_NUMBER = 0x1950a86a20f9469cfc6cn;
export const PROTOCOL_VERSION = 1001;

/** Whether `bytes` starts as a legacy file does: with a pickle (its PROTO opcode). */
export function isLegacyFile(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x80 && bytes[1] <= 5;
}

/** Whether `bytes` is a tar archive: torch.save's format before PyTorch 0.4 (Python's legacy_load tries tarfile first). */
export function isTarFile(bytes: Uint8Array): boolean {
  return bytes.length >= 512 && Buffer.from(bytes.buffer, bytes.byteOffset + 257, 5).toString("latin1") === "ustar";
}

/** _maybe_decode_ascii: Python 2's str keys may come as bytes. */
function ascii(v: unknown): unknown {
  return v instanceof Uint8Array ? Buffer.from(v).toString("ascii") : v;
}

/** What a legacy load needs besides the bytes: the unpickler's callbacks for everything but storages, and map_location. */
export interface LegacyLoad {
  callbacks: Omit<Callbacks, "persistent_load">;
  map_location?: MapLocation;
  /** Whether ('module', class, source_file, source) persistent ids (torch.save of a whole module) load as their class; Python's weights_only refuses them. */
  modules?: boolean;
}

/**
 * The object of the legacy file `bytes`. Its storages are made empty (on the device map_location
 * says) while the object is unpickled, since their bytes follow the pickle, and filled in place
 * afterwards, as Python does: tensors that share a storage share it after the load too.
 */
export function legacyLoad(bytes: Uint8Array, how: LegacyLoad, fail: (m: string) => Error): unknown {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const plain: Callbacks = {
    persistent_load: (): never => { throw fail("corrupt file (a persistent id outside the object's pickle)"); },
    call: (fn: Global): never => { throw fail(`corrupt file (a global ${fn.name} outside the object's pickle)`); },
  };
  let p = 0;
  const next = (cb: Callbacks = plain): unknown => {
    const { value, end } = unpickleAt(b, p, cb, fail);
    p = end;
    return value;
  };
  if (next() !== MAGIC_NUMBER) throw fail("Invalid magic number; corrupt file?");
  const version = next();
  if (version !== PROTOCOL_VERSION) throw fail(`Invalid protocol version: ${version}`);
  next(); // sys_info: Python reads it and ignores it (the storages' bytes are always little-endian)

  // deserialized_objects: root storages and views of them, by key
  const objects = new Map<string, { storage: Storage; d: dtype }>();
  let allocated = 0;
  const persistent_load = (pid: unknown[]): unknown => {
    const typename = ascii(pid[0]);
    if (typename === "module") {
      if (!how.modules) throw fail("Weights only load failed: only persistent ids of storages are allowed, but got 'module'");
      return pid[1]; // the module's class; Python checks its saved source against the current one, torchts has none to check
    }
    const [, type, root_key, loc, numel, view_metadata] = pid;
    const location = ascii(loc);
    const d = type instanceof Global && type.name.startsWith("torch.") ? STORAGE_TYPES.get(type.name.slice(6)) : undefined;
    if (typeof root_key !== "string" || typeof location !== "string" || !Number.isSafeInteger(numel) || (numel as number) < 0 || !(view_metadata === null || Array.isArray(view_metadata)) || pid.length !== 6) {
      throw fail("corrupt persistent id (expected ('storage', storage_type, root_key, location, numel, view_metadata))");
    }
    if (d === undefined) throw fail(`storage type ${type instanceof Global ? type.name : String(type)} is not supported`);
    let root = objects.get(root_key);
    if (root === undefined) {
      const nbytes = (numel as number) * d.itemsize;
      // Every storage's bytes are in the file: a count larger than it is a corrupt file, refused before allocating.
      allocated += nbytes;
      if (allocated > b.length) throw fail(`storage ${root_key} of ${numel} ${d.name} elements: more bytes than the file holds (truncated or corrupt file)`);
      const empty = callOp(OPS.empty, null, [[numel], { dtype: d }]) as Tensor;
      root = { storage: new Storage(restoreLocation(how.map_location, empty, location)), d };
      objects.set(root_key, root);
    }
    if (view_metadata === null) return root.storage;
    // Storage views (files of PyTorch < 1.0): a slice of the root storage's elements, sharing its memory.
    const [view_key, offset, view_size] = view_metadata as unknown[];
    if (typeof view_key !== "string" || !Number.isSafeInteger(offset) || !Number.isSafeInteger(view_size)) throw fail("corrupt storage view metadata (expected (view_key, offset, view_size))");
    let view = objects.get(view_key);
    if (view === undefined) {
      const n = root.storage.tensor.numel();
      if ((offset as number) < 0 || (view_size as number) < 0 || (offset as number) + (view_size as number) > n) {
        throw fail(`storage view ${view_key} [${offset}, ${(offset as number) + (view_size as number)}) outside its storage ${root_key} of ${n} elements`);
      }
      view = { storage: new Storage(root.storage.tensor.narrow(0, offset as number, view_size as number)), d };
      objects.set(view_key, view);
    }
    return view.storage;
  };
  const result = next({ ...how.callbacks, persistent_load, legacy_module_pids: how.modules === true });

  const keys = next();
  if (!Array.isArray(keys)) throw fail("corrupt file (the storage keys are not a list)");
  no_grad(() => {
    for (const key of keys) {
      const o = typeof key === "string" ? objects.get(key) : undefined;
      if (o === undefined) throw fail(`storage key ${JSON.stringify(key)} not found in deserialized_objects`);
      const nbytes = o.storage.tensor.numel() * o.d.itemsize;
      if (p + 8 > b.length) throw fail(`unexpected EOF, expected ${p + 8 - b.length} more bytes. The file might be corrupted.`);
      const size = b.readBigInt64LE(p) * BigInt(o.d.itemsize);
      if (size !== BigInt(nbytes)) throw fail(`storage has wrong byte size: expected ${nbytes} got ${size}`);
      p += 8;
      if (p + nbytes > b.length) throw fail(`unexpected EOF, expected ${p + nbytes - b.length} more bytes. The file might be corrupted.`);
      if (nbytes > 0) o.storage.tensor.copy_(tensorFromBytes(b.subarray(p, p + nbytes), o.d));
      p += nbytes;
    }
  });
  return result;
}
