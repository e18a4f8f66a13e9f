// nn.SyncBatchNorm, ported from torch/nn/modules/batchnorm.py and the autograd Function of
// torch/nn/modules/_functions.py (torch 2.11). In training, in an initialized group of more than
// one rank, each rank's batch statistics (batch_norm_stats) are all-gathered and combined
// (batch_norm_gather_stats_with_counts), and backward all-reduces sum_dy and sum_dy_xmu, as
// Python does. Those kernels are CUDA-only in LibTorch, so, as in Python, that path needs GPU
// tensors (and a CPU input raises Python's ValueError); otherwise (eval, no group, a world of
// one) it is BatchNorm's F.batch_norm.
import { callOp } from "../../_dispatch";
import { is_initialized, get_world_size, all_gather, all_reduce, ReduceOp, group as distGroup, type ProcessGroup } from "../../distributed";
import { int32, type dtype } from "../../dtype";
import { ValueError } from "../../errors";
import { Function, type FunctionCtx } from "../../autograd_function";
import { no_grad } from "../../autograd";
import { OPS } from "../../generated/ops";
import type { Tensor } from "../../tensor";
import * as F from "../functional";
import { Module } from "../module";
import { _BatchNorm, type NormOptions } from "./batchnorm";
import { given, initArgs, named, type DeviceLike } from "./_utils";

const op = (name: keyof typeof OPS, ...args: unknown[]) => callOp(OPS[name], null, args);

/** torch.nn.modules._functions.SyncBatchNorm: the autograd Function behind SyncBatchNorm's synchronized path. */
export class SyncBatchNormFunction extends Function {
  static forward(ctx: FunctionCtx, input: Tensor, weight: Tensor | null, bias: Tensor | null, running_mean: Tensor | null, running_var: Tensor | null,
    eps: number, momentum: number, process_group: ProcessGroup, world_size: number): Tensor {
    if (!input.is_contiguous()) input = input.contiguous();
    if (weight !== null) weight = weight.contiguous();
    const size = Math.floor(input.numel() / input.size(1));
    if (size === 1 && world_size < 2) throw new ValueError(`Expected more than 1 value per channel when training, got input size ${size}`);
    const num_channels = input.shape[1];
    let combined: Tensor;
    if (input.numel() > 0) {
      const [mean, invstd] = op("batch_norm_stats", input, eps) as [Tensor, Tensor];
      const count = op("full", [1], size, { dtype: mean.dtype, device: mean.device }) as Tensor;
      combined = op("cat", [mean, invstd, count], { dim: 0 }) as Tensor;
    } else {
      combined = op("zeros", [2 * num_channels + 1], { dtype: input.dtype, device: input.device }) as Tensor;
    }
    // gloo: all_gather into a list (Python's branch for gloo).
    const list = Array.from({ length: world_size }, () => op("empty_like", combined) as Tensor);
    all_gather(list, combined, { group: process_group });
    const stacked = op("stack", list, { dim: 0 }) as Tensor;
    let [mean_all, invstd_all, count_all] = stacked.split(num_channels, 1) as Tensor[];
    const mask = count_all.squeeze(-1).ge(1);
    count_all = count_all.index([mask]);
    mean_all = mean_all.index([mask]);
    invstd_all = invstd_all.index([mask]);
    let counts = count_all.view(-1);
    if (running_mean !== null && counts.dtype !== running_mean.dtype) counts = counts.to(running_mean.dtype);
    const [mean, invstd] = op("batch_norm_gather_stats_with_counts", input, mean_all, invstd_all, running_mean, running_var, momentum, eps, counts) as [Tensor, Tensor];
    ctx.save_for_backward(input, weight, mean, invstd, count_all.to(int32));
    (ctx as unknown as { process_group: ProcessGroup }).process_group = process_group;
    if (input.numel() > 0) return op("batch_norm_elemt", input, weight, bias, mean, invstd, eps) as Tensor;
    return op("empty_like", input) as Tensor;
  }

  static backward(ctx: FunctionCtx, grad_output: Tensor): unknown[] {
    if (!grad_output.is_contiguous()) grad_output = grad_output.contiguous();
    let [saved_input, weight, mean, invstd, count_tensor] = ctx.saved_tensors as Tensor[];
    const process_group = (ctx as unknown as { process_group: ProcessGroup }).process_group;
    const needs = ctx.needs_input_grad;
    let grad_input: Tensor | null = null;
    let grad_weight: Tensor | null = null;
    let grad_bias: Tensor | null = null;
    if (saved_input.numel() > 0) {
      let sum_dy: Tensor, sum_dy_xmu: Tensor;
      [sum_dy, sum_dy_xmu, grad_weight, grad_bias] = op("batch_norm_backward_reduce", grad_output, saved_input, mean, invstd, weight, needs[0], needs[1], needs[2]) as Tensor[];
      if (needs[0]) {
        const num_channels = sum_dy.shape[0];
        const combined = op("cat", [sum_dy, sum_dy_xmu], { dim: 0 }) as Tensor;
        all_reduce(combined, ReduceOp.SUM, { group: process_group });
        [sum_dy, sum_dy_xmu] = combined.split(num_channels) as Tensor[];
        if (weight !== null && weight.dtype !== mean.dtype) weight = weight.to(mean.dtype);
        grad_input = op("batch_norm_backward_elemt", grad_output, saved_input, mean, invstd, weight, sum_dy, sum_dy_xmu, count_tensor) as Tensor;
      }
      if (weight === null || !needs[1]) grad_weight = null;
      if (weight === null || !needs[2]) grad_bias = null;
    } else if (needs[0]) {
      const combined = op("zeros", [2 * saved_input.shape[1]], { dtype: saved_input.dtype, device: saved_input.device }) as Tensor;
      all_reduce(combined, ReduceOp.SUM, { group: process_group });
    }
    return [grad_input, grad_weight, grad_bias, null, null, null, null, null, null];
  }
}

export interface SyncBatchNormOptions extends NormOptions {
  process_group?: ProcessGroup | null;
}

/**
 * `new nn.SyncBatchNorm(num_features, eps = 1e-5, momentum = 0.1, affine = true,
 * track_running_stats = true, process_group = null, device = null, dtype = null)`.
 */
export class SyncBatchNorm extends _BatchNorm {
  process_group: ProcessGroup | null;

  constructor(num_features: number, eps?: number | SyncBatchNormOptions, momentum?: number | null, affine?: boolean, track_running_stats?: boolean,
    process_group?: ProcessGroup | null, device?: DeviceLike | null, dtype?: dtype | null, options?: SyncBatchNormOptions);
  constructor(...args: unknown[]) {
    const v = initArgs("SyncBatchNorm", ["num_features", "eps", "momentum", "affine", "track_running_stats", "process_group", "device", "dtype"], args, 1);
    super(v[0] as number, given(v[1], 1e-5) as number, given(v[2], 0.1) as number | null, given(v[3], true) as boolean,
      given(v[4], true) as boolean, given(v[6], null) as DeviceLike | null, given(v[7], null) as dtype | null);
    this.process_group = given(v[5], null) as ProcessGroup | null;
  }

  _check_input_dim(input: Tensor): void {
    if (input.dim() < 2) throw new ValueError(`expected at least 2D input (got ${input.dim()}D input)`);
  }

  _check_non_zero_input_channels(input: Tensor): void {
    if (input.size(1) === 0) throw new ValueError("SyncBatchNorm number of input channels should be non-zero");
  }

  forward(input: Tensor): Tensor {
    return named(this, () => {
      this._check_input_dim(input);
      this._check_non_zero_input_channels(input);
      let exponential_average_factor = this.momentum ?? 0.0;
      if (this.training && this.track_running_stats) {
        this.num_batches_tracked!.add_(1);
        exponential_average_factor = this.momentum ?? 1.0 / Number(this.num_batches_tracked!.item());
      }
      const bn_training = this.training || (this.running_mean === null && this.running_var === null);
      const running_mean = !this.training || this.track_running_stats ? this.running_mean : null;
      const running_var = !this.training || this.track_running_stats ? this.running_var : null;
      let need_sync = bn_training && this.training && is_initialized();
      let world_size = 1;
      let process_group: ProcessGroup | null = null;
      if (need_sync) {
        if (!["cuda", "hpu", "xpu", "privateuseone"].includes(input.device.type)) {
          throw new ValueError("SyncBatchNorm expected input tensor to be on GPU or XPU or privateuseone");
        }
        process_group = this.process_group ?? distGroup.WORLD;
        world_size = get_world_size(process_group);
        need_sync = world_size > 1;
      }
      if (!need_sync) {
        return F.batch_norm(input, running_mean, running_var, this.weight, this.bias, bn_training, exponential_average_factor, this.eps);
      }
      return SyncBatchNormFunction.apply(input, this.weight, this.bias, running_mean, running_var, this.eps, exponential_average_factor, process_group!, world_size) as Tensor;
    });
  }

  /** Replaces every BatchNorm*d in `module` (or `module` itself) with a SyncBatchNorm sharing its parameters and buffers. */
  static convert_sync_batchnorm(module: Module, process_group: ProcessGroup | null = null): Module {
    let output = module;
    if (module instanceof _BatchNorm) {
      const m = new SyncBatchNorm(module.num_features, module.eps, module.momentum, module.affine, module.track_running_stats, process_group);
      if (module.affine) {
        no_grad(() => {
          m.weight = module.weight;
          m.bias = module.bias;
        });
      }
      m.running_mean = module.running_mean;
      m.running_var = module.running_var;
      m.num_batches_tracked = module.num_batches_tracked;
      m.training = module.training;
      const qconfig = (module as unknown as { qconfig?: unknown }).qconfig;
      if (qconfig !== undefined) (m as unknown as { qconfig?: unknown }).qconfig = qconfig;
      output = m;
    }
    for (const [name, child] of module.named_children()) output.add_module(name, SyncBatchNorm.convert_sync_batchnorm(child, process_group));
    return output;
  }
}
