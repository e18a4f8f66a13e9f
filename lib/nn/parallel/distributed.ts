// nn.parallel.DistributedDataParallel, ported from torch/nn/parallel/distributed.py (torch 2.11)
// onto LibTorch's c10d::Reducer (native/reducer.cc): at construction rank 0's parameters and
// buffers are broadcast (_broadcast_coalesced), the parameters bucketed as Python buckets them
// (_compute_bucket_assignment_by_size, reversed) and handed to the Reducer, which hooks each
// one's AccumulateGrad node and all-reduces (averages) bucket by bucket while backward runs.
// Each forward: prepare_for_forward, the one-time bucket rebuild, buffer broadcast from rank 0
// (broadcast_buffers), then prepare_for_backward with the outputs (find_unused_parameters).
// Not ported: comm hooks, join, mixed_precision, the Python reducer, device_mesh.
import { RuntimeError, TypeError, ValueError } from "../../errors";
import * as dist from "../../distributed";
import { is_grad_enabled, no_grad } from "../../autograd";
import { native } from "../../native";
import { Tensor } from "../../tensor";
import { Module } from "../module";
import { Embedding, EmbeddingBag } from "../modules/sparse";

const nat = native as unknown as Record<string, (...args: any[]) => any>;

export interface DistributedDataParallelOptions {
  device_ids?: number[] | null;
  output_device?: number | null;
  dim?: number;
  broadcast_buffers?: boolean;
  process_group?: dist.ProcessGroup | null;
  /** MiB; default 25 */
  bucket_cap_mb?: number | null;
  find_unused_parameters?: boolean;
  check_reduction?: boolean;
  gradient_as_bucket_view?: boolean;
  static_graph?: boolean;
  delay_all_reduce_named_params?: unknown;
  param_to_hook_all_reduce?: unknown;
  mixed_precision?: unknown;
  device_mesh?: unknown;
  skip_all_reduce_unused_params?: boolean;
}

/** Every tensor in a forward's output (tensors, arrays and plain objects of them), as Python's _find_tensors. */
function findTensors(value: unknown, out: Tensor[] = []): Tensor[] {
  if (value instanceof Tensor) out.push(value);
  else if (Array.isArray(value)) for (const v of value) findTensors(v, out);
  else if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) for (const v of Object.values(value)) findTensors(v, out);
  return out;
}

/**
 * `new nn.parallel.DistributedDataParallel(module, device_ids = null, output_device = null, dim = 0,
 * broadcast_buffers = true, process_group = null, bucket_cap_mb = null, find_unused_parameters = false,
 * check_reduction = false, gradient_as_bucket_view = false, static_graph = false, ...)`: positional
 * arguments after `module` may also come in a trailing options object.
 */
export class DistributedDataParallel<M extends Module = Module> extends Module {
  declare module: M;
  device_ids: number[] | null;
  output_device: number | null;
  dim: number;
  broadcast_buffers: boolean;
  process_group!: dist.ProcessGroup;
  bucket_bytes_cap: number;
  bucket_bytes_cap_default: boolean;
  find_unused_parameters: boolean;
  gradient_as_bucket_view: boolean;
  static_graph = false;
  /** Python's flag that no_sync clears: whether the next backward all-reduces. */
  require_backward_grad_sync = true;
  require_forward_param_sync = true;
  broadcast_bucket_size = 250 * 1024 * 1024;
  parameters_to_ignore: Set<string>;
  /** @internal */
  _reducer: any;
  private _modules_buffers: Tensor[] = [];
  private _static_graph_delay_allreduce_enqueued = false;
  private _has_rebuilt_buckets = false;

  constructor(module: M, device_ids?: number[] | null | DistributedDataParallelOptions, output_device?: number | null, dim?: number, broadcast_buffers?: boolean,
    process_group?: dist.ProcessGroup | null, bucket_cap_mb?: number | null, find_unused_parameters?: boolean, check_reduction?: boolean,
    gradient_as_bucket_view?: boolean, static_graph?: boolean, options: DistributedDataParallelOptions = {}) {
    super();
    if (device_ids && !Array.isArray(device_ids)) [options, device_ids] = [device_ids, undefined];
    const o = options;
    if (!(module instanceof Module)) throw new TypeError("DistributedDataParallel expects an nn.Module");
    Object.defineProperty(this, "process_group", { value: dist._resolve_group(process_group ?? o.process_group), enumerable: false, writable: true });
    const ignore = (module as unknown as { _ddp_params_and_buffers_to_ignore?: string[] })._ddp_params_and_buffers_to_ignore;
    this.parameters_to_ignore = new Set(ignore ?? []);
    const params = [...module.named_parameters()].filter(([n]) => !this.parameters_to_ignore.has(n)).map(([, p]) => p);
    if (!params.some((p) => p.requires_grad)) {
      throw new RuntimeError("DistributedDataParallel is not needed when a module doesn't have any parameter that requires a gradient.");
    }
    this.device_ids = (device_ids as number[] | null | undefined) ?? o.device_ids ?? null;
    this.output_device = output_device ?? o.output_device ?? null;
    const devType = params[0].device.type;
    if (devType === "cpu" && this.device_ids && this.device_ids.length) {
      throw new ValueError(`DistributedDataParallel device_ids and output_device arguments only work with single-device/multiple-device GPU modules or CPU modules, but got device_ids ${JSON.stringify(this.device_ids)}, output_device ${this.output_device}, and module parameters {device(type='cpu')}.`);
    }
    if (devType !== "cpu") throw new RuntimeError("torchts's DistributedDataParallel runs on gloo with CPU modules; NCCL (GPU) is not bound");
    this.device_ids = null;
    this.output_device = null;
    this.module = module;
    this.dim = dim ?? o.dim ?? 0;
    this.broadcast_buffers = broadcast_buffers ?? o.broadcast_buffers ?? true;
    this.find_unused_parameters = find_unused_parameters ?? o.find_unused_parameters ?? false;
    this.gradient_as_bucket_view = gradient_as_bucket_view ?? o.gradient_as_bucket_view ?? false;
    const capMb = bucket_cap_mb ?? o.bucket_cap_mb ?? null;
    this.bucket_bytes_cap_default = capMb === null;
    this.bucket_bytes_cap = Math.trunc((capMb ?? 25) * 1024 * 1024);

    // Python's _verify_param_shape_across_processes and _sync_module_states.
    const named = [...module.named_parameters()].filter(([n]) => !this.parameters_to_ignore.has(n));
    dist._verify_params_across_processes(this.process_group, named.map(([, p]) => p));
    const states: Tensor[] = named.map(([, p]) => p.detach());
    if (this.broadcast_buffers) for (const [n, b] of module.named_buffers()) if (!this.parameters_to_ignore.has(n)) states.push(b.detach());
    dist._broadcast_coalesced(this.process_group, states, this.broadcast_bucket_size, 0);

    // Python's _build_params_for_reducer: each module's own trainable parameters, once each.
    const memo = new Set<Tensor>();
    const reducerParams: Tensor[] = [];
    const expectSparse: boolean[] = [];
    for (const [mname, m] of module.named_modules()) {
      for (const [pname, p] of m.named_parameters({ recurse: false })) {
        if (!p.requires_grad || this.parameters_to_ignore.has(mname ? `${mname}.${pname}` : pname) || memo.has(p)) continue;
        memo.add(p);
        reducerParams.push(p);
        expectSparse.push((m instanceof Embedding || m instanceof EmbeddingBag) && Boolean(m.sparse));
      }
    }
    this._assign_modules_buffers();

    // Python's _ddp_init_helper.
    let limits: number[];
    if (static_graph ?? o.static_graph ?? false) limits = [-1];
    else if (!this.find_unused_parameters) limits = [-1];
    else if (this.bucket_bytes_cap_default) limits = [dist._DEFAULT_FIRST_BUCKET_BYTES, this.bucket_bytes_cap];
    else limits = [this.bucket_bytes_cap];
    const [indices] = dist._compute_bucket_assignment_by_size(reducerParams, limits, expectSparse);
    const reducer = nat.distReducerCreate(reducerParams.map((p) => p._h), [...indices].reverse(), this.process_group._c10d(), expectSparse,
      this.bucket_bytes_cap, this.find_unused_parameters, this.gradient_as_bucket_view,
      this.bucket_bytes_cap_default ? dist._DEFAULT_FIRST_BUCKET_BYTES : this.bucket_bytes_cap, []);
    Object.defineProperty(this, "_reducer", { value: reducer, enumerable: false, writable: true });
    // The reducer's parameters, kept alive with it.
    Object.defineProperty(this, "_reducer_params", { value: reducerParams, enumerable: false });
    if (static_graph ?? o.static_graph ?? false) this._set_static_graph();
  }

  private _assign_modules_buffers(): void {
    this._modules_buffers = [...this.module.named_buffers()].filter(([n]) => !this.parameters_to_ignore.has(n)).map(([, b]) => b);
  }

  /** Python's _set_static_graph. */
  _set_static_graph(): void {
    if (this.static_graph) return;
    this.static_graph = true;
    this._static_graph_delay_allreduce_enqueued = false;
    nat.distReducerSetStaticGraph(this._reducer);
  }

  will_sync_module_buffers(): boolean {
    return this.require_forward_param_sync && this.broadcast_buffers && this._modules_buffers.length > 0;
  }

  private _sync_buffers(): void {
    no_grad(() => {
      this._assign_modules_buffers();
      dist._broadcast_coalesced(this.process_group, this._modules_buffers, this.broadcast_bucket_size, 0);
    });
  }

  forward(...inputs: unknown[]): unknown {
    const grad = is_grad_enabled();
    if (grad && this.require_backward_grad_sync) nat.distReducerPrepareForForward(this._reducer);
    if (grad && nat.distReducerRebuildBuckets(this._reducer)) this._has_rebuilt_buckets = true;
    if (this.will_sync_module_buffers()) this._sync_buffers();
    const m = this.module as unknown as { __call__(...a: unknown[]): unknown };
    const output = m.__call__(...inputs);
    if (grad && this.require_backward_grad_sync) {
      this.require_forward_param_sync = true;
      const outs = this.find_unused_parameters && !this.static_graph ? findTensors(output) : [];
      nat.distReducerPrepareForBackward(this._reducer, outs.map((t) => t._h));
    } else {
      this.require_forward_param_sync = false;
    }
    // Python's _DDPSink on static_graph's first iteration: delay_all_reduce once backward ends.
    if (this.static_graph && !this._static_graph_delay_allreduce_enqueued) {
      const first = findTensors(output).find((t) => t.requires_grad);
      if (first) {
        nat.distReducerDelayAllReduceOn(this._reducer, first._h);
        this._static_graph_delay_allreduce_enqueued = true;
      }
    }
    return output;
  }

  /**
   * Python's `with ddp.no_sync():` as a callback: backward passes inside `fn` accumulate
   * gradients locally, without all-reduce; the first backward after it syncs them.
   */
  no_sync<T>(fn: () => T): T {
    const old = this.require_backward_grad_sync;
    this.require_backward_grad_sync = false;
    try {
      return fn();
    } finally {
      this.require_backward_grad_sync = old;
    }
  }
}
