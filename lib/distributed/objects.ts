// torch.distributed's object collectives (broadcast_object_list, all_gather_object,
// gather_object, scatter_object_list), ported from torch/distributed/distributed_c10d.py:
// each object is pickled (lib/serialization's protocol-2 pickler) into a uint8 tensor, and the
// sizes and bytes travel by the same collectives, in the same order, as Python's, so a group
// may mix torchts and Python ranks. Objects hold what torch.save holds (numbers, strings, arrays,
// plain objects, tensors, ...). A tensor is pickled as Python's plain pickle does it:
// torch._utils._rebuild_tensor_v2 of torch.storage._load_from_bytes(<the storage in torch.save's
// legacy format>) (lib/serialization/legacy_storage.ts), so tensors travel both ways.
import { frombuffer } from "../creation";
import { int64, uint8 } from "../dtype";
import { ValueError } from "../errors";
import { UnpicklingError } from "../serialization/errors";
import { legacyStorageBytes, loadLegacyStorage } from "../serialization/legacy_storage";
import { callAllowed, toJs } from "../serialization/load";
import { pickle } from "../serialization/pickler";
import { ALLOWED_GLOBALS, type Global, unpickle } from "../serialization/unpickler";
import { Tensor } from "../tensor";
import * as _f from "../_factories";
import { all_gather, broadcast, gather, get_group_rank, get_world_size, scatter, _resolve_group, type ProcessGroup } from "./index";

type GroupOptions = { group?: ProcessGroup | null };
const fail = (m: string) => new UnpicklingError(`torch.distributed object: ${m}`);

function zerosOf(n: number, dtype: typeof int64): Tensor {
  return (_f.zeros(n) as Tensor).to(dtype);
}

/** Python's _object_to_tensor: the object's pickle as a uint8 tensor, and its size as an int64 tensor of one element. */
function objectToTensor(obj: unknown): [Tensor, Tensor] {
  const { pickle: bytes } = pickle(obj, { storage_bytes: legacyStorageBytes });
  const t = bytes.length ? frombuffer(Buffer.from(bytes), { dtype: uint8 }) : zerosOf(0, uint8);
  return [t, zerosOf(1, int64).fill_(bytes.length)];
}

// What a pickle from Python's pickle.dump may name: torch.save's globals and the storage loader.
const OBJECT_GLOBALS: ReadonlySet<string> = new Set([...ALLOWED_GLOBALS, "torch.storage._load_from_bytes"]);

/** Python's _tensor_to_object. */
function tensorToObject(t: Tensor, size: number): unknown {
  const bytes = Buffer.from((t.narrow(0, 0, size).contiguous().to_typed_array() as Uint8Array));
  const value = unpickle(bytes, {
    globals: OBJECT_GLOBALS,
    stack_global: true,
    persistent_load: () => { throw fail("a persistent id (Python's pickle.dump writes none)"); },
    call: (fn: Global, args: unknown[]) => fn.name === "torch.storage._load_from_bytes" ? loadLegacyStorage(args[0] as Uint8Array, fail) : callAllowed(fn, args, fail),
  }, fail);
  return toJs(value, fail);
}

function padded(t: Tensor, size: number): Tensor {
  const out = zerosOf(size, uint8);
  if (t.numel() > 0) out.narrow(0, 0, t.numel()).copy_(t);
  return out;
}

function sizes(local: Tensor, group: ProcessGroup | null | undefined): number[] {
  const n = get_world_size(group);
  const all = zerosOf(n, int64);
  const list = Array.from({ length: n }, (_, i) => all.select(0, i).unsqueeze(0));
  all_gather(list, local, { group });
  return all.tolist() as number[];
}

/** broadcast_object_list(object_list, src=None, group=None, device=None, group_src=None): fills object_list on every rank with src's objects. */
export function broadcast_object_list(object_list: unknown[], src?: number | null | (GroupOptions & { group_src?: number | null }), options: GroupOptions & { device?: unknown; group_src?: number | null } = {}): void {
  if (typeof src === "object" && src !== null) [options, src] = [src, undefined];
  const group = options.group;
  const pg = _resolve_group(group);
  if (pg._nonMember) return;
  const groupSrc = options.group_src ?? get_group_rank(pg, src ?? 0);
  const me = pg.rank();
  let objectSizes: Tensor;
  let parts: Tensor[] = [];
  if (me === groupSrc) {
    const pairs = object_list.map((o) => objectToTensor(o));
    parts = pairs.map(([t]) => t);
    objectSizes = zerosOf(object_list.length, int64);
    pairs.forEach(([, s], i) => objectSizes.select(0, i).copy_(s.squeeze(0)));
  } else {
    objectSizes = zerosOf(object_list.length, int64);
  }
  broadcast(objectSizes, { group, group_src: groupSrc });
  const sz = objectSizes.tolist() as number[];
  const total = sz.reduce((a, b) => a + b, 0);
  let objectTensor: Tensor;
  if (me === groupSrc) {
    objectTensor = zerosOf(total, uint8);
    let offset = 0;
    for (const p of parts) {
      if (p.numel()) objectTensor.narrow(0, offset, p.numel()).copy_(p);
      offset += p.numel();
    }
  } else {
    objectTensor = zerosOf(total, uint8);
  }
  broadcast(objectTensor, { group, group_src: groupSrc });
  if (me !== groupSrc) {
    let offset = 0;
    sz.forEach((s, i) => {
      object_list[i] = tensorToObject(objectTensor.narrow(0, offset, s), s);
      offset += s;
    });
  }
}

/** all_gather_object(object_list, obj, group=None): object_list[i] becomes rank i's obj. */
export function all_gather_object(object_list: unknown[], obj: unknown, options: GroupOptions = {}): void {
  const group = options.group;
  const pg = _resolve_group(group);
  if (pg._nonMember) return;
  const [input, local] = objectToTensor(obj);
  const sz = sizes(local, group);
  const max = Math.max(...sz);
  const n = sz.length;
  const out = zerosOf(max * n, uint8);
  const outputs = Array.from({ length: n }, (_, i) => out.narrow(0, max * i, max));
  all_gather(outputs, padded(input, max), { group });
  outputs.forEach((t, i) => (object_list[i] = tensorToObject(t, sz[i])));
}

/** gather_object(obj, object_gather_list=None, dst=None, group=None, group_dst=None): on dst, object_gather_list[i] becomes rank i's obj. */
export function gather_object(obj: unknown, object_gather_list?: unknown[] | null, dst?: number | null | (GroupOptions & { group_dst?: number | null }), options: GroupOptions & { group_dst?: number | null } = {}): void {
  if (typeof dst === "object" && dst !== null) [options, dst] = [dst, undefined];
  const group = options.group;
  const pg = _resolve_group(group);
  if (pg._nonMember) return;
  const groupDst = options.group_dst ?? get_group_rank(pg, dst ?? 0);
  const me = pg.rank();
  if (me === groupDst && !object_gather_list) throw new ValueError("Argument ``gather_list`` must be specified on destination rank.");
  const [input, local] = objectToTensor(obj);
  const sz = sizes(local, group);
  const max = Math.max(...sz);
  const n = sz.length;
  let outputs: Tensor[] | null = null;
  if (me === groupDst) {
    const out = zerosOf(max * n, uint8);
    outputs = Array.from({ length: n }, (_, i) => out.narrow(0, max * i, max));
  }
  gather(padded(input, max), outputs, { group, group_dst: groupDst });
  if (me !== groupDst) return;
  outputs!.forEach((t, i) => (object_gather_list![i] = tensorToObject(t, sz[i])));
}

/** scatter_object_list(scatter_object_output_list, scatter_object_input_list=None, src=None, group=None, group_src=None): output[0] becomes src's input[rank]. */
export function scatter_object_list(scatter_object_output_list: unknown[], scatter_object_input_list?: unknown[] | null, src?: number | null | (GroupOptions & { group_src?: number | null }), options: GroupOptions & { group_src?: number | null } = {}): void {
  if (typeof src === "object" && src !== null) [options, src] = [src, undefined];
  if (!Array.isArray(scatter_object_output_list) || scatter_object_output_list.length < 1) {
    throw new ValueError("Expected argument scatter_object_output_list to be a list of size at least 1.");
  }
  const group = options.group;
  const pg = _resolve_group(group);
  if (pg._nonMember) return;
  const groupSrc = options.group_src ?? get_group_rank(pg, src ?? 0);
  const me = pg.rank();
  let tensors: Tensor[] | null = null;
  let tensorSizes: Tensor[] | null = null;
  const maxSize = zerosOf(1, int64);
  if (me === groupSrc) {
    const pairs = (scatter_object_input_list ?? []).map((o) => objectToTensor(o));
    const max = Math.max(...pairs.map(([t]) => t.numel()));
    tensors = pairs.map(([t]) => padded(t, max));
    tensorSizes = pairs.map(([, s]) => s);
    maxSize.fill_(max);
  }
  broadcast(maxSize, { group, group_src: groupSrc });
  const output = zerosOf(maxSize.item() as number, uint8);
  scatter(output, tensors, { group, group_src: groupSrc });
  const size = zerosOf(1, int64);
  scatter(size, tensorSizes, { group, group_src: groupSrc });
  scatter_object_output_list[0] = tensorToObject(output, size.item() as number);
}

