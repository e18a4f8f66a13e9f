// nn.BatchNorm1d/2d/3d and nn.InstanceNorm1d/2d/3d with their bases _NormBase, _BatchNorm and
// _InstanceNorm, ported from torch/nn/modules/batchnorm.py and instancenorm.py (torch 2.11).
import { callOp } from "../../_dispatch";
import { int64, type dtype } from "../../dtype";
import { ValueError } from "../../errors";
import { warn } from "../../_python";
import { OPS } from "../../generated/ops";
import type { Tensor } from "../../tensor";
import * as F from "../functional";
import * as init from "../init";
import { Module } from "../module";
import { Parameter } from "../parameter";
import { emptyTensor, FactoryOptions, given, initArgs, named, PyArgs, pyFloat, reprArg, type DeviceLike } from "./_utils";

export interface NormOptions extends FactoryOptions {
  num_features?: number;
  eps?: number;
  momentum?: number | null;
  affine?: boolean;
  track_running_stats?: boolean;
}
export type NormArgs = PyArgs<
  [num_features: number],
  [eps: number, momentum: number | null, affine: boolean, track_running_stats: boolean, device: DeviceLike | null, dtype: dtype | null],
  NormOptions
>;
type BoundNormArgs = [number, number, number | null, boolean, boolean, DeviceLike | null, dtype | null];
const NORM = ["num_features", "eps", "momentum", "affine", "track_running_stats", "device", "dtype"] as const;

/** Binds `${qualname}.__init__`'s arguments, with its defaults of affine and track_running_stats. */
function normArgs(qualname: string, args: unknown[], affine: boolean, track_running_stats: boolean): BoundNormArgs {
  const v = initArgs(qualname, NORM, args, 1);
  return [
    v[0] as number, given(v[1], 1e-5), given(v[2], 0.1), given(v[3], affine), given(v[4], track_running_stats), given(v[5], null), given(v[6], null),
  ];
}

/** The message of _check_input_dim: `expected 2D or 3D input (got 4D input)`. */
function checkDims(input: Tensor, allowed: number[]): void {
  if (!allowed.includes(input.dim())) {
    throw new ValueError(`expected ${allowed.map((d) => `${d}D`).join(" or ")} input (got ${input.dim()}D input)`);
  }
}

/**
 * Python's _NormBase: num_features, eps, momentum, affine (weight at ones, bias at zeros) and,
 * with track_running_stats, the buffers running_mean (zeros), running_var (ones) and
 * num_batches_tracked (an int64 0).
 */
export abstract class _NormBase extends Module {
  num_features: number;
  eps: number;
  momentum: number | null;
  affine: boolean;
  track_running_stats: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;

  constructor(...args: NormArgs) {
    super();
    const [num_features, eps, momentum, affine, track_running_stats, device, dtype] = normArgs("_NormBase", args, true, true);
    const factory = { device, dtype };
    this.num_features = num_features;
    this.eps = eps;
    this.momentum = momentum;
    this.affine = affine;
    this.track_running_stats = track_running_stats;
    if (affine) {
      this.weight = new Parameter(emptyTensor([num_features], factory));
      this.bias = new Parameter(emptyTensor([num_features], factory));
    } else {
      this.register_parameter("weight", null);
      this.register_parameter("bias", null);
    }
    if (track_running_stats) {
      this.register_buffer("running_mean", callOp(OPS.zeros, null, [[num_features], factory]) as Tensor);
      this.register_buffer("running_var", callOp(OPS.ones, null, [[num_features], factory]) as Tensor);
      this.register_buffer("num_batches_tracked", callOp(OPS.zeros, null, [[], { dtype: int64, device }]) as Tensor);
    } else {
      this.register_buffer("running_mean", null);
      this.register_buffer("running_var", null);
      this.register_buffer("num_batches_tracked", null);
    }
    this.reset_parameters();
  }

  reset_running_stats(): void {
    if (this.track_running_stats) {
      this.running_mean!.zero_();
      this.running_var!.fill_(1);
      this.num_batches_tracked!.zero_();
    }
  }

  reset_parameters(): void {
    this.reset_running_stats();
    if (this.affine) {
      init.ones_(this.weight!);
      init.zeros_(this.bias!);
    }
  }

  /** Raises ValueError for an input of the wrong number of dimensions. */
  abstract _check_input_dim(input: Tensor): void;

  extra_repr(): string {
    const momentum = this.momentum === null ? "None" : pyFloat(this.momentum);
    return `${reprArg(this.num_features)}, eps=${pyFloat(this.eps)}, momentum=${momentum}, affine=${reprArg(this.affine)}, ` +
      `track_running_stats=${reprArg(this.track_running_stats)}`;
  }
}

/**
 * Python's _BatchNorm: `new nn.BatchNorm2d(num_features, eps = 1e-5, momentum = 0.1, affine =
 * true, track_running_stats = true, device = null, dtype = null)`. In training mode normalises
 * with the batch's statistics and updates the running ones (momentum null: their cumulative
 * average); in eval mode normalises with the running statistics, if tracked.
 */
export abstract class _BatchNorm extends _NormBase {
  constructor(...args: NormArgs) {
    super(...normArgs("_BatchNorm", args, true, true));
  }

  forward(input: Tensor): Tensor {
    return named(this, () => {
      this._check_input_dim(input);
      // (Python sets this from momentum even when unused, for ONNX export.)
      let exponential_average_factor = this.momentum ?? 0.0;
      if (this.training && this.track_running_stats && this.num_batches_tracked !== null) {
        this.num_batches_tracked.add_(1);
        // momentum null: a cumulative moving average.
        exponential_average_factor = this.momentum ?? 1.0 / Number(this.num_batches_tracked.item());
      }
      // In eval mode the batch's statistics are used only when no running ones are tracked.
      const bn_training = this.training || (this.running_mean === null && this.running_var === null);
      // Buffers that are not tracked must not be updated in training mode.
      const buffers = !this.training || this.track_running_stats;
      return F.batch_norm(
        input, buffers ? this.running_mean : null, buffers ? this.running_var : null, this.weight, this.bias,
        bn_training, exponential_average_factor, this.eps,
      );
    });
  }
}

/** Batch normalisation over (N, C) or (N, C, L). */
export class BatchNorm1d extends _BatchNorm {
  _check_input_dim(input: Tensor): void {
    checkDims(input, [2, 3]);
  }
}

/** Batch normalisation over (N, C, H, W). */
export class BatchNorm2d extends _BatchNorm {
  _check_input_dim(input: Tensor): void {
    checkDims(input, [4]);
  }
}

/** Batch normalisation over (N, C, D, H, W). */
export class BatchNorm3d extends _BatchNorm {
  _check_input_dim(input: Tensor): void {
    checkDims(input, [5]);
  }
}

/**
 * Python's _InstanceNorm: `new nn.InstanceNorm2d(num_features, eps = 1e-5, momentum = 0.1,
 * affine = false, track_running_stats = false, device = null, dtype = null)`: normalises each
 * channel of each sample with its own statistics (in eval mode with the running ones, if
 * tracked). An input without its batch dimension is normalised as a batch of one.
 */
export abstract class _InstanceNorm extends _NormBase {
  constructor(...args: NormArgs) {
    super(...normArgs("_InstanceNorm", args, false, false));
  }

  /** The number of dimensions of an input without a batch dimension. */
  abstract _get_no_batch_dim(): number;

  _check_input_dim(input: Tensor): void {
    checkDims(input, [this._get_no_batch_dim(), this._get_no_batch_dim() + 1]);
  }

  _handle_no_batch_input(input: Tensor): Tensor {
    return this._apply_instance_norm(input.unsqueeze(0)).squeeze(0);
  }

  _apply_instance_norm(input: Tensor): Tensor {
    return F.instance_norm(
      input, this.running_mean, this.running_var, this.weight, this.bias,
      this.training || !this.track_running_stats, this.momentum ?? 0.0, this.eps,
    );
  }

  forward(input: Tensor): Tensor {
    return named(this, () => {
      this._check_input_dim(input);
      const feature_dim = input.dim() - this._get_no_batch_dim();
      const channels = input.size(feature_dim) as number;
      if (channels !== this.num_features) {
        if (this.affine) {
          throw new ValueError(`expected input's size at dim=${feature_dim} to match num_features (${this.num_features}), but got: ${channels}.`);
        }
        warn(
          `input's size at dim=${feature_dim} does not match num_features. You can silence this warning by not ` +
            "passing in num_features, which is not used because affine=False",
        );
      }
      if (input.dim() === this._get_no_batch_dim()) return this._handle_no_batch_input(input);
      return this._apply_instance_norm(input);
    });
  }
}

/** Instance normalisation over (N, C, L) or (C, L). */
export class InstanceNorm1d extends _InstanceNorm {
  _get_no_batch_dim(): number {
    return 2;
  }
}

/** Instance normalisation over (N, C, H, W) or (C, H, W). */
export class InstanceNorm2d extends _InstanceNorm {
  _get_no_batch_dim(): number {
    return 3;
  }
}

/** Instance normalisation over (N, C, D, H, W) or (C, D, H, W). */
export class InstanceNorm3d extends _InstanceNorm {
  _get_no_batch_dim(): number {
    return 4;
  }
}
