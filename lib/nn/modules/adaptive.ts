// nn.AdaptiveLogSoftmaxWithLoss, ported from torch/nn/modules/adaptive.py (torch 2.11).
import { RuntimeError, ValueError } from "../../errors";
import type { dtype } from "../../dtype";
import type { Tensor } from "../../tensor";
import { aten } from "../../_aten";
import * as F from "../functional";
import { Module } from "../module";
import { ModuleList, Sequential } from "./container";
import { Linear } from "./linear";
import { given, initArgs, named, PyArgs, type DeviceLike, type FactoryOptions } from "./_utils";

/** Python's _ASMoutput namedtuple: [output, loss], also as .output and .loss. */
export type _ASMoutput = [output: Tensor, loss: Tensor] & { output: Tensor; loss: Tensor };

export interface AdaptiveLogSoftmaxWithLossOptions extends FactoryOptions {
  in_features?: number;
  n_classes?: number;
  cutoffs?: readonly number[];
  div_value?: number;
  head_bias?: boolean;
}

const ASM = ["in_features", "n_classes", "cutoffs", "div_value", "head_bias", "device", "dtype"] as const;

/**
 * Efficient softmax approximation (Grave et al.): `new nn.AdaptiveLogSoftmaxWithLoss(in_features,
 * n_classes, cutoffs, div_value = 4.0, head_bias = false, device = null, dtype = null)`.
 * forward(input, target) returns [output, loss] (with .output and .loss).
 */
export class AdaptiveLogSoftmaxWithLoss extends Module {
  in_features: number;
  n_classes: number;
  cutoffs: number[];
  div_value: number;
  head_bias: boolean;
  shortlist_size: number;
  n_clusters: number;
  head_size: number;
  declare head: Linear;
  declare tail: ModuleList<Sequential>;

  constructor(
    ...args: PyArgs<
      [in_features: number, n_classes: number, cutoffs: readonly number[]],
      [div_value: number, head_bias: boolean, device: DeviceLike | null, dtype: dtype | null],
      AdaptiveLogSoftmaxWithLossOptions
    >
  ) {
    super();
    const v = initArgs("AdaptiveLogSoftmaxWithLoss", ASM, args, 3);
    const factory = { device: (v[5] ?? null) as DeviceLike | null, dtype: (v[6] ?? null) as dtype | null };
    const in_features = v[0] as number;
    const n_classes = v[1] as number;
    const cutoffs = [...(v[2] as number[])];
    if (cutoffs.length === 0) throw new ValueError("cutoffs should be a sequence of length larger than 0");
    const sorted = [...cutoffs].sort((a, b) => a - b);
    if (
      cutoffs.some((c, i) => c !== sorted[i]) || Math.min(...cutoffs) <= 0 || Math.max(...cutoffs) > n_classes - 1 ||
      new Set(cutoffs).size !== cutoffs.length || cutoffs.some((c) => Math.trunc(c) !== c)
    ) {
      throw new ValueError(
        "cutoffs should be a sequence of unique, positive integers sorted in an increasing order, where each value is between 1 and n_classes-1",
      );
    }
    this.in_features = in_features;
    this.n_classes = n_classes;
    this.cutoffs = [...cutoffs, n_classes];
    this.div_value = given(v[3], 4.0) as number;
    this.head_bias = given(v[4], false) as boolean;
    this.shortlist_size = this.cutoffs[0];
    this.n_clusters = this.cutoffs.length - 1;
    this.head_size = this.shortlist_size + this.n_clusters;
    this.head = new Linear(this.in_features, this.head_size, { bias: this.head_bias, ...factory });
    this.tail = new ModuleList<Sequential>();
    for (let i = 0; i < this.n_clusters; i++) {
      const hsz = Math.floor(this.in_features / this.div_value ** (i + 1));
      const osz = this.cutoffs[i + 1] - this.cutoffs[i];
      this.tail.append(new Sequential(new Linear(this.in_features, hsz, { bias: false, ...factory }), new Linear(hsz, osz, { bias: false, ...factory })));
    }
  }

  reset_parameters(): void {
    this.head.reset_parameters();
    for (const projection of this.tail) for (const linear of projection) (linear as Linear).reset_parameters();
  }

  private _cluster(i: number): Sequential {
    return [...this.tail][i];
  }

  forward(input_: Tensor, target_: Tensor): _ASMoutput {
    return named(this, () => {
      const targ_dim = target_.dim();
      if (targ_dim === 1) {
        if (input_.size(0) !== target_.size(0)) throw new RuntimeError("Input and target should have the same size in the batch dimension.");
        if (input_.dim() !== 2) {
          throw new RuntimeError(`('1D target tensor expects 2D input tensors, but found inputs with size', ${input_.shape.toString()})`);
        }
      } else if (targ_dim === 0) {
        if (input_.dim() !== 1) {
          throw new RuntimeError(`('0D target tensor expects 1D input tensors, but found inputs with size', ${input_.shape.toString()})`);
        }
      } else {
        throw new RuntimeError("0D or 1D target tensor expected, multi-target not supported");
      }
      const is_batched = targ_dim > 0;
      const input = is_batched ? input_ : input_.unsqueeze(0);
      const target = is_batched ? target_ : target_.unsqueeze(0);
      let used_rows = 0;
      const batch_size = target.size(0) as number;
      let output = input.new_zeros(batch_size);
      const gather_inds = target.new_empty(batch_size);
      const cutoff_values = [0, ...this.cutoffs];
      for (let i = 0; i < cutoff_values.length - 1; i++) {
        const low_idx = cutoff_values[i];
        const high_idx = cutoff_values[i + 1];
        const target_mask = target.ge(low_idx).logical_and(target.lt(high_idx));
        const row_indices = target_mask.nonzero().squeeze();
        if (row_indices.numel() === 0) continue;
        if (i === 0) {
          gather_inds.index_copy_(0, row_indices, target.masked_select(target_mask));
        } else {
          const relative_target = target.masked_select(target_mask).sub(low_idx);
          const input_subset = input.index_select(0, row_indices);
          const cluster_output = this._cluster(i - 1).forward(input_subset);
          const cluster_index = this.shortlist_size + i - 1;
          gather_inds.index_fill_(0, row_indices, cluster_index);
          const cluster_logprob = F.log_softmax(cluster_output, { dim: 1 });
          const local_logprob = cluster_logprob.gather(1, relative_target.unsqueeze(1));
          output = output.index_copy(0, row_indices, local_logprob.squeeze(1));
        }
        used_rows += row_indices.numel();
      }
      if (used_rows !== batch_size) {
        throw new RuntimeError(
          `Target values should be in [0, ${this.n_classes - 1}], but values in range [${target.min().item()}, ${target.max().item()}] were found. `,
        );
      }
      const head_output = this.head.forward(input);
      const head_logprob = F.log_softmax(head_output, { dim: 1 });
      output = output.add(head_logprob.gather(1, gather_inds.unsqueeze(1)).squeeze());
      const loss = output.neg().mean();
      if (!is_batched) output = output.squeeze(0);
      const result = [output, loss] as _ASMoutput;
      result.output = output;
      result.loss = loss;
      return result;
    });
  }

  _get_full_log_prob(input: Tensor, head_output: Tensor): Tensor {
    const head_logprob = F.log_softmax(head_output, { dim: 1 });
    const parts = [head_logprob.narrow(1, 0, this.shortlist_size)];
    for (let i = 0; i < this.cutoffs.length - 1; i++) {
      const cluster_logprob = F.log_softmax(this._cluster(i).forward(input), { dim: 1 });
      parts.push(cluster_logprob.add(head_logprob.select(1, this.shortlist_size + i).unsqueeze(1)));
    }
    return aten.cat(parts, 1);
  }

  /** The log-probabilities of every class, (N, n_classes). */
  log_prob(input: Tensor): Tensor {
    return this._get_full_log_prob(input, this.head.forward(input));
  }

  /** The most likely class of each input row. */
  predict(input: Tensor): Tensor {
    const head_output = this.head.forward(input);
    const output = aten.argmax(head_output, { dim: 1 });
    const not_in_shortlist = output.ge(this.shortlist_size);
    if (!not_in_shortlist.any().item()) return output;
    if (not_in_shortlist.all().item()) return aten.argmax(this._get_full_log_prob(input, head_output), { dim: 1 });
    const log_prob = this._get_full_log_prob(input.index(not_in_shortlist), head_output.index(not_in_shortlist));
    output.index_put_([not_in_shortlist], aten.argmax(log_prob, { dim: 1 }));
    return output;
  }
}
