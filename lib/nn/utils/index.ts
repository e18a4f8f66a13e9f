// torch.nn.utils
export * from "./clip_grad";
export * as rnn from "./rnn";
