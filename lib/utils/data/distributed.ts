// torch.utils.data.distributed.DistributedSampler, ported from torch 2.11: each rank takes
// every num_replicas-th index of one permutation (randperm from a generator seeded with
// seed + epoch, the same on every rank), padded by repeating indices so that the ranks get
// equal shares, or cut when drop_last.
import { bindArgs } from "../../_args";
import { callOp } from "../../_dispatch";
import * as dist from "../../distributed";
import { RuntimeError, ValueError } from "../../errors";
import { Generator } from "../../generator";
import { OPS } from "../../generated/ops";
import type { Tensor } from "../../tensor";
import { len } from "./_common";
import { Sampler } from "./sampler";

export interface DistributedSamplerOptions {
  num_replicas?: number | null;
  rank?: number | null;
  shuffle?: boolean;
  seed?: number;
  drop_last?: boolean;
}

/** DistributedSampler(dataset, num_replicas = None, rank = None, shuffle = True, seed = 0, drop_last = False). */
export class DistributedSampler extends Sampler<number> {
  readonly dataset: unknown;
  readonly num_replicas: number;
  readonly rank: number;
  epoch = 0;
  readonly drop_last: boolean;
  readonly num_samples: number;
  readonly total_size: number;
  readonly shuffle: boolean;
  readonly seed: number;

  constructor(dataset: unknown, num_replicas?: number | null, rank?: number | null, shuffle?: boolean, seed?: number, drop_last?: boolean);
  constructor(dataset: unknown, options?: DistributedSamplerOptions);
  constructor(...args: unknown[]) {
    super();
    const [dataset, num_replicas, rank, shuffle, seed, drop_last] = bindArgs(
      "DistributedSampler.__init__", ["dataset", "num_replicas", "rank", "shuffle", "seed", "drop_last"], args, 1);
    let replicas = num_replicas as number | null | undefined;
    let r = rank as number | null | undefined;
    if (replicas == null) {
      if (!dist.is_available()) throw new RuntimeError("Requires distributed package to be available");
      replicas = dist.get_world_size();
    }
    if (r == null) {
      if (!dist.is_available()) throw new RuntimeError("Requires distributed package to be available");
      r = dist.get_rank();
    }
    if (r >= replicas || r < 0) throw new ValueError(`Invalid rank ${r}, rank should be in the interval [0, ${replicas - 1}]`);
    this.dataset = dataset;
    this.num_replicas = replicas;
    this.rank = r;
    this.drop_last = (drop_last as boolean | undefined) ?? false;
    const n = len(dataset);
    this.num_samples = this.drop_last && n % replicas !== 0 ? Math.ceil((n - replicas) / replicas) : Math.ceil(n / replicas);
    this.total_size = this.num_samples * replicas;
    this.shuffle = (shuffle as boolean | undefined) ?? true;
    this.seed = (seed as number | undefined) ?? 0;
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = len(this.dataset);
    let indices: number[];
    if (this.shuffle) {
      const g = new Generator();
      g.manual_seed(this.seed + this.epoch);
      indices = (callOp(OPS.randperm, null, [n, { generator: g }]) as Tensor).tolist() as number[];
    } else {
      indices = Array.from({ length: n }, (_, i) => i);
    }
    if (!this.drop_last) {
      const padding = this.total_size - indices.length;
      if (padding <= indices.length) indices = indices.concat(indices.slice(0, padding));
      else {
        const times = Math.ceil(padding / indices.length);
        indices = indices.concat(Array.from({ length: times }, () => indices).flat().slice(0, padding));
      }
    } else {
      indices = indices.slice(0, this.total_size);
    }
    for (let i = this.rank; i < this.total_size; i += this.num_replicas) yield indices[i];
  }

  __len__(): number {
    return this.num_samples;
  }

  /** Sets the epoch, which seeds the next pass's shuffle (call it before each epoch). */
  set_epoch(epoch: number): void {
    this.epoch = epoch;
  }
}
