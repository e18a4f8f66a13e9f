// torch.nn: modules, layers, and the functional, init and utils namespaces.
export { Module } from "./module";
export type { StateDict, IncompatibleKeys } from "./module";
export { Parameter } from "./parameter";
export * from "./modules/container";
export * from "./modules/linear";
export * from "./modules/sparse";
export * from "./modules/normalization";
export * from "./modules/dropout";
export * from "./modules/activation";
export * from "./modules/flatten";
export * from "./modules/loss";
export * from "./modules/rnn";
export * from "./modules/attention";
export * from "./modules/transformer";
export * as functional from "./functional";
export * as init from "./init";
export * as utils from "./utils";
