// torch.utils.data: datasets, samplers, DataLoader and collation, as PyTorch 2.11 has them.
export { BatchSampler, RandomSampler, Sampler, SequentialSampler, SubsetRandomSampler, WeightedRandomSampler } from "./sampler";
export { Dataset, IterableDataset, Subset, TensorDataset, random_split } from "./dataset";
export { ChainDataset, ConcatDataset, StackDataset } from "./combined";
export { DataLoader } from "./dataloader";
export type { DataLoaderOptions } from "./dataloader";
export { default_collate, default_convert } from "./collate";
export type { Collated } from "./collate";
export { get_worker_info, WorkerInfo } from "./worker";
export * as distributed from "./distributed";
export { DistributedSampler } from "./distributed";
/** @internal How many DataLoader worker threads have started (tests check which path ran). */
export { threadStats as _worker_thread_stats } from "./_thread_workers";
