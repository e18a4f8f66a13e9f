// torch.nn: modules, layers, and the functional, init and utils namespaces.
export { Module } from "./module";
import { Module as _Module } from "./module";
import * as _hooks from "./_hooks";
/** torch.nn.modules.module: Module and the global module hooks. */
export const modules = {
  module: {
    Module: _Module,
    register_module_forward_pre_hook: _hooks.register_module_forward_pre_hook,
    register_module_forward_hook: _hooks.register_module_forward_hook,
    register_module_backward_hook: _hooks.register_module_backward_hook,
    register_module_full_backward_pre_hook: _hooks.register_module_full_backward_pre_hook,
    register_module_full_backward_hook: _hooks.register_module_full_backward_hook,
  },
};
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
export * from "./modules/conv";
export * from "./modules/pooling";
export * from "./modules/batchnorm";
export { SyncBatchNorm } from "./modules/syncbatchnorm";
export * as functional from "./functional";
export * as init from "./init";
export * as utils from "./utils";
export * as parallel from "./parallel";
export * from "./modules/distance";
export * from "./modules/padding";
export * from "./modules/pixelshuffle";
export * from "./modules/fold";
export * from "./modules/upsampling";
export * from "./modules/lazy";
export * from "./modules/adaptive";
export * from "./modules/data_parallel";
