// Every family of fuzz calls, by name, and their weighted mix: the generated ops (one
// arbitrary per op of the schema table) get the largest share, each hand-written part of the
// API a smaller one.
import fc from "fast-check";
import { apiCalls } from "./api";
import { Call } from "./call";
import { dataCalls } from "./data";
import { ioCalls } from "./io";
import { nnCalls } from "./nn";
import { opCalls, PUBLIC_OPS } from "./ops";

export const FAMILIES: Record<string, fc.Arbitrary<Call>> = {
  ops: opCalls,
  creation: apiCalls.creationCalls,
  methods: apiCalls.methodCalls,
  properties: apiCalls.propertyCalls,
  indexing: apiCalls.indexCalls,
  grad_modes: apiCalls.gradModeCalls,
  autograd: apiCalls.autogradCalls,
  torch_functions: apiCalls.torchFunctionCalls,
  generators: apiCalls.generatorCalls,
  functional: nnCalls.functionalCalls,
  modules: nnCalls.moduleCalls,
  module_methods: nnCalls.moduleMethodCalls,
  init: nnCalls.initCalls,
  nn_utils: nnCalls.utilCalls,
  optim: nnCalls.optimizerCalls,
  save_load: ioCalls,
  data_loader: dataCalls.loaderCalls,
  data_functions: dataCalls.functionCalls,
  data_classes: dataCalls.classCalls,
};

const WEIGHTS: Record<keyof typeof FAMILIES, number> = {
  ops: 40, creation: 5, methods: 6, properties: 2, indexing: 6, grad_modes: 2, autograd: 4, torch_functions: 2,
  generators: 1, functional: 8, modules: 6, module_methods: 2, init: 2, nn_utils: 2, optim: 3, save_load: 3,
  data_loader: 1, data_functions: 1, data_classes: 1,
};

export const anyCall: fc.Arbitrary<Call> = fc.oneof(...Object.entries(FAMILIES).map(([name, arbitrary]) => ({ arbitrary, weight: WEIGHTS[name] })));
export { PUBLIC_OPS };
