// nn.DataParallel, ported from torch/nn/parallel/data_parallel.py (torch 2.11), for the cases
// torchts can run: with no GPU it holds the module and calls it (as Python does); with one
// GPU it moves the module and the inputs there and calls it. Replicating over several GPUs
// (scatter / replicate / parallel_apply / gather) is not implemented.
import { NotImplementedError } from "../../errors";
import { Module } from "../module";
import { given, initArgs, PyArgs } from "./_utils";
import * as cuda from "../../cuda";
import { Tensor } from "../../tensor";

export interface DataParallelOptions {
  module?: Module;
  device_ids?: readonly number[] | null;
  output_device?: number | null;
  dim?: number;
}

/** `new nn.DataParallel(module, device_ids = null, output_device = null, dim = 0)`. */
export class DataParallel<M extends Module = Module> extends Module {
  declare module: M;
  device_ids: number[];
  output_device: number | null;
  dim: number;

  constructor(
    ...args: PyArgs<[module: M], [device_ids: readonly number[] | null, output_device: number | null, dim: number], DataParallelOptions>
  ) {
    super();
    const [module, device_ids, output_device, dim] = initArgs("DataParallel", ["module", "device_ids", "output_device", "dim"], args, 1);
    this.module = module as M;
    this.dim = given(dim, 0) as number;
    this.output_device = null;
    this.device_ids = [];
    if (!cuda.is_available()) return;
    const ids = (given(device_ids, null) as number[] | null) ?? Array.from({ length: cuda.device_count() }, (_, i) => i);
    if (ids.length > 1) throw new NotImplementedError("torchts's DataParallel runs on one device; replicating over several GPUs is not implemented");
    this.device_ids = [...ids];
    this.output_device = (given(output_device, null) as number | null) ?? ids[0];
    (this.module as Module).to(`cuda:${ids[0]}`);
  }

  forward(...inputs: unknown[]): unknown {
    const m = this.module as unknown as { forward(...a: unknown[]): unknown };
    if (this.device_ids.length === 0) return m.forward(...inputs);
    const device = `cuda:${this.device_ids[0]}`;
    return m.forward(...inputs.map((x) => (x instanceof Tensor ? x.to(device) : x)));
  }
}
