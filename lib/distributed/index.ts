// torch.distributed on LibTorch's c10d, CPU tensors over gloo (native/distributed.cc).
// Python's names, signatures and rendezvous (env://, tcp://, a Store); the store chain is
// Python's (PrefixStore "default_pg" / "0/" / "cpu/" over a TCPStore, and "default_pg" / "0/" / "1/" / "cpu/" for new_group's first group whose rank 0 is the
// server), so a group may mix torchts and Python processes. Collectives block the JS thread
// until done, as they block Python's interpreter; with async_op they return a Work whose
// wait() blocks. Every wait is bounded by the group's timeout (gloo's), after which the
// collective throws; a rank that dies makes the others' collectives throw as soon as gloo
// sees its connection close.
import { RuntimeError, TypeError, ValueError, pyTypeName } from "../errors";
import { native } from "../native";
import { Tensor } from "../tensor";

type Native = any;
const nat = native as unknown as Record<string, (...args: any[]) => Native>;

// ---- errors (c10d's, as Python's torch.distributed names them) ----

function named<T extends new (...args: any[]) => Error>(cls: T, name: string): T {
  Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
  return cls;
}
/** torch.distributed.DistError (a RuntimeError): what c10d raises. */
export const DistError = named(class DistError extends RuntimeError {}, "DistError");
export type DistError = InstanceType<typeof DistError>;
/** A backend (gloo) error. */
export const DistBackendError = named(class DistBackendError extends DistError {}, "DistBackendError");
export type DistBackendError = InstanceType<typeof DistBackendError>;
/** A socket that would not connect, or timed out. */
export const DistNetworkError = named(class DistNetworkError extends DistError {}, "DistNetworkError");
export type DistNetworkError = InstanceType<typeof DistNetworkError>;
/** A store operation that failed or timed out. */
export const DistStoreError = named(class DistStoreError extends DistError {}, "DistStoreError");
export type DistStoreError = InstanceType<typeof DistStoreError>;
nat.distSetErrorClasses({ DistError, DistBackendError, DistNetworkError, DistStoreError });

/** Python's default_pg_timeout: 30 minutes, in seconds. */
export const default_pg_timeout = 1800;

// ---- ReduceOp ----

/** torch.distributed.ReduceOp.RedOpType: SUM, AVG, PRODUCT, MIN, MAX, BAND, BOR, BXOR. */
export class RedOpType {
  constructor(readonly name: string, readonly value: number) {}
  toString(): string {
    return `RedOpType.${this.name}`;
  }
}

const ops = {
  SUM: new RedOpType("SUM", 0),
  AVG: new RedOpType("AVG", 1),
  PRODUCT: new RedOpType("PRODUCT", 2),
  MIN: new RedOpType("MIN", 3),
  MAX: new RedOpType("MAX", 4),
  BAND: new RedOpType("BAND", 5),
  BOR: new RedOpType("BOR", 6),
  BXOR: new RedOpType("BXOR", 7),
};

/** torch.distributed.ReduceOp (ReduceOp.SUM, ...). */
export const ReduceOp = { ...ops, RedOpType };
export type ReduceOp = RedOpType;

function opCode(op: unknown): number {
  if (op === undefined || op === null) return 0;
  if (op instanceof RedOpType) return op.value;
  throw new TypeError(`Invalid reduce op: expected a torch.distributed.ReduceOp, got ${pyTypeName(op)}`);
}

// ---- stores ----

/** A c10d store: set/get/add/wait/check/delete_key/num_keys/compare_set/set_timeout. */
export class Store {
  /** @internal */
  constructor(public _h: Native) {}
  set(key: string, value: string | Uint8Array): void {
    nat.distStoreSet(this._h, key, value);
  }
  /** The value's bytes (Python's bytes). */
  get(key: string): Buffer {
    return nat.distStoreGet(this._h, key);
  }
  add(key: string, amount: number): number {
    return nat.distStoreAdd(this._h, key, amount);
  }
  compare_set(key: string, expected_value: string | Uint8Array, desired_value: string | Uint8Array): Buffer {
    return nat.distStoreCompareSet(this._h, key, expected_value, desired_value);
  }
  /** Waits until every key is set; `timeout` in seconds (default: the store's). */
  wait(keys: string[], timeout?: number | null): void {
    nat.distStoreWait(this._h, keys, timeout == null ? null : timeout * 1000);
  }
  check(keys: string[]): boolean {
    return nat.distStoreCheck(this._h, keys);
  }
  delete_key(key: string): boolean {
    return nat.distStoreDeleteKey(this._h, key);
  }
  num_keys(): number {
    return nat.distStoreNumKeys(this._h);
  }
  /** Seconds. */
  set_timeout(timeout: number): void {
    nat.distStoreSetTimeout(this._h, timeout * 1000);
  }
  /** Seconds. */
  get timeout(): number {
    return nat.distStoreTimeout(this._h) / 1000;
  }
}

export interface TCPStoreOptions {
  world_size?: number | null;
  is_master?: boolean;
  /** Seconds (Python's timedelta); default 300. */
  timeout?: number;
  wait_for_workers?: boolean;
  multi_tenant?: boolean;
  use_libuv?: boolean;
}

/** torch.distributed.TCPStore(host_name, port, world_size=None, is_master=False, timeout=300s, wait_for_workers=True, multi_tenant=False, use_libuv=True). */
export class TCPStore extends Store {
  constructor(host_name: string, port: number, world_size?: number | null | TCPStoreOptions, is_master?: boolean | TCPStoreOptions, options: TCPStoreOptions = {}) {
    if (typeof world_size === "object" && world_size !== null) [options, world_size] = [world_size, undefined];
    if (typeof is_master === "object") [options, is_master] = [is_master, undefined];
    const ws = world_size ?? options.world_size ?? null;
    const master = is_master ?? options.is_master ?? false;
    const timeout = options.timeout ?? 300;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ValueError(`port must have value from 0 to 65535 but was ${port}.`);
    super(nat.distTcpStoreCreate(host_name, port, master, ws, timeout * 1000, options.wait_for_workers ?? true,
      options.use_libuv ?? true, options.multi_tenant ?? false));
  }
  /** The port the store listens on (the server's, for a client). */
  get port(): number {
    return nat.distTcpStorePort(this._h);
  }
}

/** torch.distributed.PrefixStore(prefix, store): every key is "prefix/key" in `store`. */
export class PrefixStore extends Store {
  constructor(prefix: string, store: Store) {
    super(nat.distPrefixStoreCreate(prefix, store._h));
  }
}

// ---- Work ----

/** What a collective with async_op returns: wait() blocks until it is done (or throws its error). */
export class Work {
  /** @internal the tensors the collective reads and writes, kept alive until it is done */
  constructor(public _h: Native, private _keep: unknown[], private _after?: () => void) {}
  /** Blocks until done; `timeout` in seconds (Python's timedelta), else the group's. */
  wait(timeout?: number | null): boolean {
    const done = nat.distWorkWait(this._h, timeout == null ? null : timeout * 1000);
    if (this._after) {
      const after = this._after;
      this._after = undefined;
      after();
    }
    this._keep = [];
    return done;
  }
  is_completed(): boolean {
    return nat.distWorkIsCompleted(this._h);
  }
  is_success(): boolean {
    return nat.distWorkIsSuccess(this._h);
  }
  /** The rank a recv from any source got its tensor from. */
  _source_rank(): number {
    return nat.distWorkSourceRank(this._h);
  }
}

// ---- process groups ----

/** The backend a group runs each device's tensors on: gloo for CPU, NCCL for CUDA (either may be missing). */
export interface GroupBackends {
  cpu?: Native;
  cuda?: Native;
  /** get_backend's name: "gloo", "nccl" or "cpu:gloo,cuda:nccl" */
  name: string;
}

/** A process group (gloo for CPU tensors, NCCL for CUDA tensors): the default one, or one of new_group's. */
export class ProcessGroup {
  /** @internal `_h`: the default backend's handle (null once destroyed); `ranks`: the global rank of each of the group's ranks */
  public _h: Native;
  constructor(private _backends: GroupBackends | null, private readonly _rank: number, private readonly _size: number, readonly _store: Store, readonly _ranks: number[], readonly _name: string) {
    // c10d's default backend: NCCL where it is one (Python's _set_default_backend), else gloo
    this._h = _backends ? (_backends.name.includes("nccl") ? _backends.cuda : _backends.cpu) ?? null : null;
    this._name_ = _backends?.name;
  }
  rank(): number {
    return this._rank;
  }
  size(): number {
    return this._size;
  }
  /** "gloo", "nccl", or Python's "cpu:gloo,cuda:nccl" for both. */
  name(): string {
    return this._name_ ?? "gloo";
  }
  private readonly _name_: string | undefined;
  get group_name(): string {
    return this._name;
  }
  /** @internal the backend for `t`'s device (c10d's ProcessGroup::getBackend(DeviceType)) */
  _backend(t: Tensor): Native {
    if (this._h === null) throw new ValueError("Invalid process group specified");
    const type = t.device.type;
    const h = type === "cpu" ? this._backends!.cpu : type === "cuda" ? this._backends!.cuda : undefined;
    if (h === undefined) throw new RuntimeError(`No backend type associated with device type ${type}`);
    return h;
  }
  /** @internal the c10d::ProcessGroup over this group's backends (what the Reducer and broadcast_coalesced take), made once */
  _c10d(): Native {
    if (this._h === null) throw new ValueError("Invalid process group specified");
    if (!this._pg) this._pg = nat.distProcessGroupCreate(this._backends!.cpu ?? null, this._backends!.cuda ?? null, this._store._h, this._rank, this._size, this.name() !== "gloo");
    return this._pg;
  }
  private _pg: Native = null;
  /** @internal drops the backends now (their threads, sockets and communicators go with the last reference) */
  _destroy(): void {
    for (const h of new Set([this._backends?.cpu, this._backends?.cuda])) if (h) nat.distGlooDestroy(h);
    this._backends = null;
    this._pg = null;
    this._h = null;
  }
  /** @internal whether this process is not in the group (new_group's NON_GROUP_MEMBER) */
  get _nonMember(): boolean {
    return this._rank < 0;
  }
}

/** torch.distributed.Backend's names. */
export const Backend = { UNDEFINED: "undefined", GLOO: "gloo", NCCL: "nccl", UCC: "ucc", MPI: "mpi" } as const;

let defaultGroup: ProcessGroup | null = null;
/** Python's _world.group_count: names groups "0" (the default), "1", ... */
let groupCount = 0;
const groups = new Set<ProcessGroup>();

/** torch.distributed.group.WORLD: the default group once initialized. */
/** What new_group returns on the ranks it leaves out (Python's GroupMember.NON_GROUP_MEMBER). */
const NON_GROUP_MEMBER = new ProcessGroup(null, -1, -1, null as unknown as Store, [], "NON_GROUP_MEMBER");
export const group = {
  get WORLD(): ProcessGroup | null {
    return defaultGroup;
  },
  NON_GROUP_MEMBER,
};
/** torch.distributed.GroupMember.WORLD. */
export const GroupMember = group;

export function is_available(): boolean {
  return true;
}
export function is_gloo_available(): boolean {
  return true;
}
/** Whether torchts was built with NCCL (native/nccl.cc), as Python's says whether torch was: true on a CUDA build even without a GPU. */
export function is_nccl_available(): boolean {
  return nat.distNcclAvailable() as boolean;
}
export function is_mpi_available(): boolean {
  return false;
}
export function is_ucc_available(): boolean {
  return false;
}
export function is_initialized(): boolean {
  return defaultGroup !== null;
}
export function is_torchelastic_launched(): boolean {
  return process.env.TORCHELASTIC_RUN_ID !== undefined;
}

function defaultPg(): ProcessGroup {
  if (!defaultGroup) throw new ValueError("Default process group has not been initialized, please make sure to call init_process_group.");
  return defaultGroup;
}

function groupOf(g: ProcessGroup | null | undefined): ProcessGroup {
  if (g === undefined || g === null) return defaultPg();
  if (!(g instanceof ProcessGroup)) throw new TypeError(`group must be a ProcessGroup, got ${pyTypeName(g)}`);
  if (g._h === null && g !== NON_GROUP_MEMBER) throw new ValueError("Invalid process group specified");
  return g;
}

export interface InitProcessGroupOptions {
  backend?: string | null;
  init_method?: string | null;
  /** Seconds (Python's timedelta); default 1800 for gloo. */
  timeout?: number | null;
  world_size?: number;
  rank?: number;
  store?: Store | null;
  group_name?: string;
  pg_options?: unknown;
  device_id?: unknown;
}

function envInt(name: string, how: string): number {
  const v = process.env[name];
  if (v === undefined) throw new ValueError(`Error initializing torch.distributed using ${how} rendezvous: environment variable ${name} expected, but not set`);
  const n = Number(v);
  if (!Number.isInteger(n)) throw new ValueError(`invalid literal for int() with base 10: '${v}'`);
  return n;
}

// torch.distributed.rendezvous: the store, rank and world size an init_method names.
function rendezvous(initMethod: string, rank: number, worldSize: number, timeout: number): [Store, number, number] {
  let url: URL;
  try {
    url = new URL(initMethod);
  } catch {
    throw new RuntimeError(`No rendezvous handler for ${initMethod}`);
  }
  const query = url.searchParams;
  if (query.has("rank")) rank = Number(query.get("rank"));
  if (query.has("world_size")) worldSize = Number(query.get("world_size"));
  const useLibuv = (query.get("use_libuv") ?? process.env.USE_LIBUV ?? "1") !== "0";
  let host: string, port: number;
  if (url.protocol === "env:") {
    if (rank < 0) rank = envInt("RANK", "env://");
    if (worldSize < 0) worldSize = envInt("WORLD_SIZE", "env://");
    host = process.env.MASTER_ADDR ?? "";
    if (!host) throw new ValueError("Error initializing torch.distributed using env:// rendezvous: environment variable MASTER_ADDR expected, but not set");
    port = envInt("MASTER_PORT", "env://");
  } else if (url.protocol === "tcp:") {
    if (rank < 0) throw new ValueError("rank parameter missing");
    if (worldSize < 0) throw new ValueError("world size parameter missing");
    if (!url.port) throw new ValueError("port number missing");
    host = url.hostname.replace(/^\[|\]$/g, "");
    port = Number(url.port);
  } else {
    throw new RuntimeError(`No rendezvous handler for ${url.protocol}//`);
  }
  if (port < 0 || port > 65535) throw new ValueError(`port must have value from 0 to 65535 but was ${port}.`);
  const store = new TCPStore(host, port, worldSize, rank === 0, { timeout, multi_tenant: true, use_libuv: useLibuv });
  return [store, rank, worldSize];
}

/** Python's default_pg_nccl_timeout (c10d's kProcessGroupNCCLDefaultTimeout): 10 minutes, in seconds. */
export const default_pg_nccl_timeout = 600;

type BackendName = "gloo" | "nccl";

// Python's BackendConfig: which backend runs each device's tensors. No backend given: the
// accelerator's (NCCL on a CUDA machine), else gloo; "gloo": CPU and CUDA tensors; "nccl": CUDA
// tensors; "cpu:gloo,cuda:nccl": one per device.
function backendConfig(backend: string | null | undefined): Map<"cpu" | "cuda", BackendName> {
  const text = String(backend ?? "undefined").toLowerCase();
  const known = (b: string): BackendName => {
    if (b === "gloo") return "gloo";
    if (b === "nccl") {
      if (!is_nccl_available()) throw new RuntimeError("Distributed package doesn't have NCCL built in");
      return "nccl";
    }
    if (["mpi", "ucc", "xccl"].includes(b)) throw new RuntimeError(`torchts's torch.distributed supports the gloo and nccl backends only, not "${backend}"`);
    throw new ValueError(`Invalid backend: '${b}'`);
  };
  if (text === "undefined") return new Map([cudaAvailable() ? ["cuda", known("nccl")] : ["cpu", "gloo"]]);
  if (!text.includes(":")) {
    const b = known(text);
    return b === "gloo" ? new Map([["cpu", b], ["cuda", b]]) : new Map([["cuda", b]]);
  }
  const message = `The custom backend string argument is invalid: ${backend}.
                Custom backend string is an experimental feature where the backend string must be in the format:
                "<device_type1>:<backend1>,<device_type2>:<backend2>...". e.g. 'cpu:gloo,cuda:nccl'`;
  const map = new Map<"cpu" | "cuda", BackendName>();
  for (const pair of text.split(",")) {
    const parts = pair.split(":");
    // Python's messages keep the indentation of their source's line continuation
    const gap = " ".repeat(38);
    if (parts.length !== 2) throw new ValueError(`Invalid device:backend pairing:${gap}${pair}. ${message}`);
    const [device, b] = parts;
    if (map.has(device as "cpu")) throw new ValueError(`Duplicate device type ${device}${gap}in backend string: ${b}. ${message}`);
    if (device !== "cpu" && device !== "cuda") throw new RuntimeError(`torchts's torch.distributed runs cpu and cuda tensors only, not "${device}"`);
    map.set(device, known(b));
  }
  return map;
}

const cudaAvailable = (): boolean => nat.cudaIsAvailable() as boolean;

// Python's _new_process_group_helper: one backend per distinct backend name, on the store
// prefixed with its (first) device, as "cpu/" for gloo and "cuda/" for NCCL.
function createBackends(devices: Map<"cpu" | "cuda", BackendName>, store: Store, rank: number, size: number, timeout: number, name: string, ranks: number[]): GroupBackends {
  const made = new Map<BackendName, Native>();
  const names = new Set(devices.values());
  const result: GroupBackends = { name: names.size === 1 ? [...names][0] : [...devices].map(([d, b]) => `${d}:${b}`).join(",") };
  try {
    for (const [device, backend] of devices) {
      if (!made.has(backend)) {
        const prefixed = new PrefixStore(`${device}/`, store);
        made.set(backend, backend === "gloo"
          ? nat.distGlooCreate(prefixed._h, rank, size, timeout * 1000)
          : nat.distNcclCreate(prefixed._h, rank, size, timeout * 1000, false, name, ranks));
      }
      result[device] = made.get(backend);
    }
  } catch (e) {
    for (const h of made.values()) nat.distGlooDestroy(h);
    throw e;
  }
  return result;
}

/**
 * torch.distributed.init_process_group(backend=None, init_method=None, timeout=None,
 * world_size=-1, rank=-1, store=None, group_name="", pg_options=None, device_id=None).
 * Backends "gloo", "nccl" (CUDA tensors; where torchts was built with NCCL) or per device
 * ("cpu:gloo,cuda:nccl"); none given: NCCL on a CUDA machine, else gloo. `timeout` in seconds.
 */
export function init_process_group(backend?: string | null | InitProcessGroupOptions, init_method?: string | null | InitProcessGroupOptions, options: InitProcessGroupOptions = {}): void {
  if (typeof backend === "object" && backend !== null) [options, backend] = [backend, undefined];
  if (typeof init_method === "object" && init_method !== null) [options, init_method] = [init_method, undefined];
  backend = backend ?? options.backend ?? null;
  init_method = init_method ?? options.init_method ?? null;
  let worldSize = options.world_size ?? -1;
  let rank = options.rank ?? -1;
  let store = options.store ?? null;
  if (defaultGroup) throw new ValueError("trying to initialize the default process group twice!");
  if (store !== null && init_method !== null) throw new ValueError("Cannot specify both init_method and store.");
  if (store !== null) {
    if (worldSize <= 0) throw new ValueError("world_size must be positive if using store");
    if (rank < 0) throw new ValueError("rank must be non-negative if using store");
  } else if (init_method === null) {
    init_method = "env://";
  }
  const devices = backendConfig(backend);
  const timeout = options.timeout ?? (String(backend).toLowerCase() === "nccl" ? default_pg_nccl_timeout : default_pg_timeout);
  if (store === null) {
    [store, rank, worldSize] = rendezvous(init_method!, rank, worldSize, timeout);
    store.set_timeout(timeout);
  }
  if (rank < 0 || rank >= worldSize) throw new ValueError(`Invalid rank ${rank} for world size ${worldSize}`);
  // Python's chain: PrefixStore("default_pg") / PrefixStore("<group name>/") / PrefixStore("cpu/").
  const groupName = options.group_name || String(groupCount++);
  // Python keeps the group's prefix store ("default_pg" / "0/") as the default store, under
  // which new_group's groups put theirs.
  const defaultStore = new PrefixStore(`${groupName}/`, new PrefixStore("default_pg", store));
  const ranks = Array.from({ length: worldSize }, (_, i) => i);
  defaultGroup = new ProcessGroup(createBackends(devices, defaultStore, rank, worldSize, timeout, groupName, ranks), rank, worldSize, store, ranks, groupName);
  defaultGroupStore = defaultStore;
  defaultTimeout = timeout;
  groups.add(defaultGroup);
}

let defaultGroupStore: Store | null = null;
let defaultTimeout = default_pg_timeout;

export interface NewGroupOptions {
  ranks?: number[] | null;
  /** Seconds; default: the default group's. */
  timeout?: number | null;
  backend?: string | null;
  pg_options?: unknown;
  use_local_synchronization?: boolean;
  group_desc?: string | null;
  device_id?: unknown;
}

/**
 * torch.distributed.new_group(ranks=None, timeout=None, backend=None, pg_options=None,
 * use_local_synchronization=False, group_desc=None, device_id=None): every rank of the
 * default group calls it; the ranks outside `ranks` get GroupMember.NON_GROUP_MEMBER.
 */
export function new_group(ranks?: number[] | null | NewGroupOptions, options: NewGroupOptions = {}): ProcessGroup {
  if (ranks && !Array.isArray(ranks)) [options, ranks] = [ranks, undefined];
  const world = defaultPg();
  // Python's new_group without a backend takes the default group's.
  const devices = backendConfig(options.backend ?? world.name());
  if (options.use_local_synchronization) throw new RuntimeError("new_group: use_local_synchronization is not supported by torchts yet");
  let list = ranks ?? options.ranks ?? null;
  if (list === null || list.length === 0) list = world._ranks.slice();
  list = [...list].sort((a, b) => a - b);
  for (const r of list) {
    if (!Number.isInteger(r) || r < 0 || r >= world.size()) throw new ValueError("The new group's rank should be within the world_size set by init_process_group");
  }
  const name = String(groupCount++);
  const groupRank = list.indexOf(world.rank());
  if (groupRank < 0) return NON_GROUP_MEMBER;
  const backends = createBackends(devices, new PrefixStore(`${name}/`, defaultGroupStore!), groupRank, list.length, options.timeout ?? defaultTimeout, name, list);
  const g = new ProcessGroup(backends, groupRank, list.length, world._store, list, name);
  groups.add(g);
  return g;
}

/** @internal the group a DDP or SyncBatchNorm uses: `group`, else the default one. */
export function _resolve_group(group: ProcessGroup | null | undefined): ProcessGroup {
  return groupOf(group);
}

/** dist._broadcast_coalesced(process_group, tensors, buffer_size, src): broadcasts `tensors` from `src` in flattened buckets of at most buffer_size bytes. */
export function _broadcast_coalesced(process_group: ProcessGroup, tensors: Tensor[], buffer_size: number, src = 0): void {
  checkTensorList(tensors, "tensors");
  if (tensors.length === 0) return;
  nat.distBroadcastCoalesced(groupOf(process_group)._c10d(), tensors.map((t) => t._h), buffer_size, src);
}

/** dist._verify_params_across_processes(process_group, params): the same count, shapes and dtypes on every rank as on rank 0. */
export function _verify_params_across_processes(process_group: ProcessGroup, params: Tensor[]): void {
  nat.distVerifyParams(groupOf(process_group)._c10d(), params.map((t) => t._h));
}

/** dist._compute_bucket_assignment_by_size(tensors, bucket_size_limits, expect_sparse_gradient) -> [bucket indices, per-bucket limits]; a limit of -1 stands for sys.maxsize. */
export function _compute_bucket_assignment_by_size(tensors: Tensor[], bucket_size_limits: number[], expect_sparse_gradient: boolean[] = []): [number[][], number[]] {
  return nat.distComputeBucketAssignment(tensors.map((t) => t._h), bucket_size_limits, expect_sparse_gradient);
}

/** dist._DEFAULT_FIRST_BUCKET_BYTES: 1 MiB. */
export const _DEFAULT_FIRST_BUCKET_BYTES = 1024 * 1024;

/** The global ranks of a group's ranks. */
export function get_process_group_ranks(group: ProcessGroup | null | undefined): number[] {
  return groupOf(group)._ranks.slice();
}

/** A global rank's rank in `group` (ValueError when it is not in it). */
export function get_group_rank(group: ProcessGroup | null | undefined, global_rank: number): number {
  const g = groupOf(group);
  const r = g._ranks.indexOf(global_rank);
  if (r < 0) throw new ValueError(`Global rank ${global_rank} is not part of group ${g._name}`);
  return r;
}

/** The global rank of `group`'s rank `group_rank`. */
export function get_global_rank(group: ProcessGroup | null | undefined, group_rank: number): number {
  const g = groupOf(group);
  if (!Number.isInteger(group_rank) || group_rank < 0 || group_rank >= g._ranks.length) throw new ValueError(`Group rank ${group_rank} is not part of group ${g._name}`);
  return g._ranks[group_rank];
}

/** torch.distributed.destroy_process_group(group=None). */
export function destroy_process_group(group?: ProcessGroup | null): void {
  const g = group ?? defaultGroup;
  if (!g) throw new ValueError("Default process group has not been initialized, please make sure to call init_process_group.");
  if (g === NON_GROUP_MEMBER) return;
  // The default group goes with every other group, as in Python.
  for (const each of g === defaultGroup ? [...groups] : [g]) {
    each._destroy();
    groups.delete(each);
  }
  if (g === defaultGroup) {
    defaultGroup = null;
    defaultGroupStore = null;
    groupCount = 0;
  }
}

/** This process's rank in `group` (-1 outside it). */
export function get_rank(group?: ProcessGroup | null): number {
  if (group === NON_GROUP_MEMBER) return -1;
  return groupOf(group).rank();
}
/** The number of ranks in `group` (-1 outside it). */
export function get_world_size(group?: ProcessGroup | null): number {
  if (group === NON_GROUP_MEMBER) return -1;
  return groupOf(group).size();
}
export function get_backend(group?: ProcessGroup | null): string {
  return groupOf(group).name();
}
/** The store the default group was made on. */
export function _get_default_store(): Store {
  return defaultPg()._store;
}

// ---- collectives ----

interface CollectiveOptions {
  group?: ProcessGroup | null;
  async_op?: boolean;
}

function checkTensor(value: unknown, param: string): Tensor {
  if (!(value instanceof Tensor)) {
    throw new TypeError(`Invalid function argument. Expected parameter \`${param}\` of type torch.Tensor\n             but got ${pyTypeName(value)} instead.`);
  }
  return value;
}

function checkTensorList(value: unknown, param: string): Tensor[] {
  if (!Array.isArray(value) || !value.every((t) => t instanceof Tensor)) {
    throw new TypeError(`Invalid function argument. Expected parameter \`${param}\` of type List[torch.Tensor]\n             but got ${pyTypeName(value)} instead.`);
  }
  return value as Tensor[];
}

function finish(work: Native, keep: unknown[], asyncOp: boolean | undefined, after?: () => void): Work | null {
  const w = new Work(work, keep, after);
  if (asyncOp) return w;
  w.wait();
  return null;
}

function opts<T extends object>(o: unknown): T {
  return (o && typeof o === "object" && !(o instanceof Tensor) && !Array.isArray(o) && !(o instanceof ProcessGroup) && !(o instanceof RedOpType) ? o : {}) as T;
}

/** all_reduce(tensor, op=ReduceOp.SUM, group=None, async_op=False). */
export function all_reduce(tensor: Tensor, op?: RedOpType | (CollectiveOptions & { op?: RedOpType }), options: CollectiveOptions & { op?: RedOpType } = {}): Work | null {
  if (!(op instanceof RedOpType) && op != null) [options, op] = [opts(op), undefined];
  checkTensor(tensor, "tensor");
  const pg = groupOf(options.group);
  if (pg._nonMember) return null as any;
  return finish(nat.distAllreduce(pg._backend(tensor), [tensor._h], opCode(op ?? options.op)), [tensor], options.async_op);
}

type RootOptions = CollectiveOptions & { group_src?: number | null; group_dst?: number | null };

/** broadcast(tensor, src=None, group=None, async_op=False, group_src=None). */
export function broadcast(tensor: Tensor, src?: number | null | RootOptions, options: RootOptions = {}): Work | null {
  if (typeof src === "object" && src !== null) [options, src] = [src, undefined];
  checkTensor(tensor, "tensor");
  const pg = groupOf(options.group);
  if (pg._nonMember) return null as any;
  const root = rootOf("src", src, options.group_src, pg);
  return finish(nat.distBroadcast(pg._backend(tensor), [tensor._h], root), [tensor], options.async_op);
}

function rootOf(what: "src" | "dst", global: number | null | undefined, groupRank: number | null | undefined, pg: ProcessGroup): number {
  if (global != null && groupRank != null) throw new ValueError(`Can only specify one of ${what} or group_${what}`);
  if (groupRank == null && global == null) throw new ValueError(`Must specify one of ${what} or group_${what}`);
  const r = groupRank ?? get_group_rank(pg, global!);
  if (!Number.isInteger(r) || r < 0 || r >= pg.size()) throw new ValueError(`Group rank ${r} is not part of group ${pg._name}`);
  return r;
}

/** reduce(tensor, dst=None, op=ReduceOp.SUM, group=None, async_op=False, group_dst=None). */
export function reduce(tensor: Tensor, dst?: number | null | (RootOptions & { op?: RedOpType }), op?: RedOpType | (RootOptions & { op?: RedOpType }), options: RootOptions & { op?: RedOpType } = {}): Work | null {
  if (typeof dst === "object" && dst !== null) [options, dst] = [dst, undefined];
  if (!(op instanceof RedOpType) && op != null) [options, op] = [opts(op), undefined];
  checkTensor(tensor, "tensor");
  const pg = groupOf(options.group);
  if (pg._nonMember) return null as any;
  const root = rootOf("dst", dst, options.group_dst, pg);
  return finish(nat.distReduce(pg._backend(tensor), [tensor._h], root, opCode(op ?? options.op)), [tensor], options.async_op);
}

/** all_gather(tensor_list, tensor, group=None, async_op=False). */
export function all_gather(tensor_list: Tensor[], tensor: Tensor, options: CollectiveOptions = {}): Work | null {
  checkTensorList(tensor_list, "tensor_list");
  checkTensor(tensor, "tensor");
  const pg = groupOf(options.group);
  if (pg._nonMember) return null as any;
  return finish(nat.distAllgather(pg._backend(tensor), [tensor_list.map((t) => t._h)], [tensor._h]), [tensor_list, tensor], options.async_op);
}

/** all_gather_into_tensor(output_tensor, input_tensor, group=None, async_op=False). */
export function all_gather_into_tensor(output_tensor: Tensor, input_tensor: Tensor, options: CollectiveOptions = {}): Work | null {
  checkTensor(output_tensor, "output_tensor");
  checkTensor(input_tensor, "input_tensor");
  const pg = groupOf(options.group);
  if (pg._nonMember) return null as any;
  return finish(nat.distAllgatherBase(pg._backend(input_tensor), output_tensor._h, input_tensor._h), [output_tensor, input_tensor], options.async_op);
}

/** gather(tensor, gather_list=None, dst=None, group=None, async_op=False, group_dst=None). */
export function gather(tensor: Tensor, gather_list?: Tensor[] | null | RootOptions, dst?: number | null | RootOptions, options: RootOptions = {}): Work | null {
  if (gather_list && !Array.isArray(gather_list)) [options, gather_list] = [gather_list, undefined];
  if (typeof dst === "object" && dst !== null) [options, dst] = [dst, undefined];
  checkTensor(tensor, "tensor");
  const pg = groupOf(options.group);
  if (pg._nonMember) return null as any;
  const root = rootOf("dst", dst ?? (options.group_dst == null ? 0 : null), options.group_dst, pg);
  let outputs: Native[][] = [];
  if (pg.rank() === root) {
    const list = checkTensorList(gather_list ?? [], "gather_list");
    if (list.length === 0) throw new ValueError("Argument ``gather_list`` must be specified on destination rank.");
    outputs = [list.map((t) => t._h)];
  } else if (gather_list && gather_list.length) {
    throw new ValueError("Argument ``gather_list`` must NOT be specified on non-destination ranks.");
  }
  return finish(nat.distGather(pg._backend(tensor), outputs, [tensor._h], root), [tensor, gather_list], options.async_op);
}

/** scatter(tensor, scatter_list=None, src=None, group=None, async_op=False, group_src=None). */
export function scatter(tensor: Tensor, scatter_list?: Tensor[] | null | RootOptions, src?: number | null | RootOptions, options: RootOptions = {}): Work | null {
  if (scatter_list && !Array.isArray(scatter_list)) [options, scatter_list] = [scatter_list, undefined];
  if (typeof src === "object" && src !== null) [options, src] = [src, undefined];
  checkTensor(tensor, "tensor");
  const pg = groupOf(options.group);
  if (pg._nonMember) return null as any;
  const root = rootOf("src", src ?? (options.group_src == null ? 0 : null), options.group_src, pg);
  let inputs: Native[][] = [];
  if (pg.rank() === root) {
    const list = checkTensorList(scatter_list ?? [], "scatter_list");
    if (list.length === 0) throw new ValueError("Argument ``scatter_list`` must be specified on source rank.");
    inputs = [list.map((t) => t._h)];
  } else if (scatter_list && scatter_list.length) {
    throw new ValueError("Argument ``scatter_list`` must NOT be specified on non-source ranks.");
  }
  return finish(nat.distScatter(pg._backend(tensor), [tensor._h], inputs, root), [tensor, scatter_list], options.async_op);
}

/** reduce_scatter(output, input_list, op=ReduceOp.SUM, group=None, async_op=False). */
export function reduce_scatter(output: Tensor, input_list: Tensor[], op?: RedOpType | (CollectiveOptions & { op?: RedOpType }), options: CollectiveOptions & { op?: RedOpType } = {}): Work | null {
  if (!(op instanceof RedOpType) && op != null) [options, op] = [opts(op), undefined];
  checkTensor(output, "output");
  checkTensorList(input_list, "input_list");
  const pg = groupOf(options.group);
  if (pg._nonMember) return null as any;
  return finish(nat.distReduceScatter(pg._backend(output), [output._h], [input_list.map((t) => t._h)], opCode(op ?? options.op)), [output, input_list], options.async_op);
}

/** reduce_scatter_tensor(output, input, op=ReduceOp.SUM, group=None, async_op=False). */
export function reduce_scatter_tensor(output: Tensor, input: Tensor, op?: RedOpType | (CollectiveOptions & { op?: RedOpType }), options: CollectiveOptions & { op?: RedOpType } = {}): Work | null {
  if (!(op instanceof RedOpType) && op != null) [options, op] = [opts(op), undefined];
  checkTensor(output, "output");
  checkTensor(input, "input");
  const pg = groupOf(options.group);
  if (pg._nonMember) return null as any;
  return finish(nat.distReduceScatterBase(pg._backend(output), output._h, input._h, opCode(op ?? options.op)), [output, input], options.async_op);
}

type SplitOptions = CollectiveOptions & { output_split_sizes?: number[] | null; input_split_sizes?: number[] | null };

/** all_to_all_single(output, input, output_split_sizes=None, input_split_sizes=None, group=None, async_op=False). */
export function all_to_all_single(output: Tensor, input: Tensor, output_split_sizes?: number[] | null | SplitOptions, input_split_sizes?: number[] | null | SplitOptions, options: SplitOptions = {}): Work | null {
  if (output_split_sizes && !Array.isArray(output_split_sizes)) [options, output_split_sizes] = [output_split_sizes, undefined];
  if (input_split_sizes && !Array.isArray(input_split_sizes)) [options, input_split_sizes] = [input_split_sizes, undefined];
  checkTensor(output, "output");
  checkTensor(input, "input");
  const pg = groupOf(options.group);
  if (pg._nonMember) return null as any;
  const outSplits = (output_split_sizes as number[] | null | undefined) ?? options.output_split_sizes ?? [];
  const inSplits = (input_split_sizes as number[] | null | undefined) ?? options.input_split_sizes ?? [];
  return finish(nat.distAlltoallBase(pg._backend(output), output._h, input._h, outSplits, inSplits), [output, input], options.async_op);
}

/** all_to_all(output_tensor_list, input_tensor_list, group=None, async_op=False). */
export function all_to_all(output_tensor_list: Tensor[], input_tensor_list: Tensor[], options: CollectiveOptions = {}): Work | null {
  checkTensorList(output_tensor_list, "output_tensor_list");
  checkTensorList(input_tensor_list, "input_tensor_list");
  const pg = groupOf(options.group);
  if (pg._nonMember) return null as any;
  return finish(nat.distAlltoall(pg._backend(input_tensor_list[0] ?? output_tensor_list[0]), output_tensor_list.map((t) => t._h), input_tensor_list.map((t) => t._h)), [output_tensor_list, input_tensor_list], options.async_op);
}

/** barrier(group=None, async_op=False, device_ids=None). */
export function barrier(options: CollectiveOptions & { device_ids?: number[] | null } = {}): Work | null {
  const pg = groupOf(options.group);
  if (pg._nonMember) return null as any;
  return finish(nat.distBarrier(pg._h), [], options.async_op);
}

type P2POptions = { group?: ProcessGroup | null; tag?: number; group_src?: number | null; group_dst?: number | null };

function peerOf(what: "src" | "dst", global: number | null | undefined, groupRank: number | null | undefined, pg: ProcessGroup, anyOk: boolean): number | null {
  if (global != null && groupRank != null) throw new ValueError(`Can only specify one of ${what} or group_${what}`);
  if (global == null && groupRank == null) {
    if (anyOk) return null;
    throw new ValueError(`Must specify one of ${what} or group_${what}`);
  }
  const r = groupRank ?? get_group_rank(pg, global!);
  if (!Number.isInteger(r) || r < 0 || r >= pg.size()) throw new ValueError(`Group rank ${r} is not part of group ${pg._name}`);
  if (r === pg.rank()) throw new ValueError("Invalid destination rank: destination rank should not be the same as the rank of the current process.".replace("destination", what === "src" ? "source" : "destination"));
  return r;
}

/** isend(tensor, dst=None, group=None, tag=0, group_dst=None) -> Work. */
export function isend(tensor: Tensor, dst?: number | null | P2POptions, options: P2POptions = {}): Work {
  if (typeof dst === "object" && dst !== null) [options, dst] = [dst, undefined];
  checkTensor(tensor, "tensor");
  const pg = groupOf(options.group);
  if (pg._nonMember) return null as any;
  const peer = peerOf("dst", dst, options.group_dst, pg, false)!;
  return finish(nat.distSend(pg._backend(tensor), [tensor._h], peer, options.tag ?? 0), [tensor], true)!;
}

/** send(tensor, dst=None, group=None, tag=0, group_dst=None). */
export function send(tensor: Tensor, dst?: number | null | P2POptions, options: P2POptions = {}): void {
  isend(tensor, dst, options).wait();
}

/** irecv(tensor, src=None, group=None, tag=0, group_src=None) -> Work (from any source when src is None). */
export function irecv(tensor: Tensor, src?: number | null | P2POptions, options: P2POptions = {}): Work {
  if (typeof src === "object" && src !== null) [options, src] = [src, undefined];
  checkTensor(tensor, "tensor");
  const pg = groupOf(options.group);
  if (pg._nonMember) return null as any;
  const peer = peerOf("src", src, options.group_src, pg, true);
  return finish(nat.distRecv(pg._backend(tensor), [tensor._h], peer, options.tag ?? 0), [tensor], true)!;
}

/** recv(tensor, src=None, group=None, tag=0, group_src=None) -> the sender's rank. */
export function recv(tensor: Tensor, src?: number | null | P2POptions, options: P2POptions = {}): number {
  if (typeof src === "object" && src !== null) [options, src] = [src, undefined];
  const pg = groupOf(options.group);
  if (pg._nonMember) return -1;
  const work = irecv(tensor, src, options);
  work.wait();
  if (src != null) return src;
  return get_global_rank(pg, options.group_src ?? work._source_rank());
}
export { broadcast_object_list, all_gather_object, gather_object, scatter_object_list } from "./objects";
