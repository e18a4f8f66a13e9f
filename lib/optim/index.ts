// torch.optim: the optimizers and torch.optim.lr_scheduler.
import * as lr_scheduler from "./lr_scheduler";

export { Optimizer } from "./optimizer";
export type { ParamGroup, ParamGroupInput, ParamsT, ParamState, StateDict } from "./optimizer";
export { SGD } from "./sgd";
export { Adam } from "./adam";
export { AdamW } from "./adamw";
export { RMSprop } from "./rmsprop";
export { lr_scheduler };
