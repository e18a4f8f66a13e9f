// torch.optim: the optimizers, torch.optim.lr_scheduler and torch.optim.swa_utils.
import * as lr_scheduler from "./lr_scheduler";
import * as swa_utils from "./swa_utils";

export { Optimizer } from "./optimizer";
export type { ParamGroup, ParamGroupInput, ParamsT, ParamState, StateDict } from "./optimizer";
export { SGD } from "./sgd";
export { Adam } from "./adam";
export { AdamW } from "./adamw";
export { RMSprop } from "./rmsprop";
export { lr_scheduler };
export { Adamax } from "./adamax";
export { NAdam } from "./nadam";
export { RAdam } from "./radam";
export { Adagrad } from "./adagrad";
export { Adadelta } from "./adadelta";
export { ASGD } from "./asgd";
export { Rprop } from "./rprop";
export { LBFGS } from "./lbfgs";
export { SparseAdam } from "./sparse_adam";
export { Adafactor } from "./adafactor";
export { Muon } from "./muon";
export { swa_utils };
