// torch.nn.parallel: DistributedDataParallel (over torch.distributed) and DataParallel.
export { DistributedDataParallel } from "./distributed";
export type { DistributedDataParallelOptions } from "./distributed";
export { DataParallel } from "../modules/data_parallel";
