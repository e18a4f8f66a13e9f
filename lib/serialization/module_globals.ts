// The Python global names of torch's nn classes (`torch.nn.modules.linear.Linear`), by which
// torch.save pickles a whole module and torch.load finds the torchts class again; and the
// torch.nn.functional functions a module may hold (TransformerEncoderLayer's activation).
import * as nn from "../nn";

/** Python module of each torch.nn class (Python's `cls.__module__`), as torch 2.11 has them. */
const NN_CLASSES: Record<string, string[]> = {
  "torch.nn.modules.activation": [
    "CELU", "ELU", "GELU", "GLU", "Hardshrink", "Hardsigmoid", "Hardswish", "Hardtanh", "LeakyReLU", "LogSigmoid", "LogSoftmax",
    "Mish", "MultiheadAttention", "PReLU", "RReLU", "ReLU", "ReLU6", "SELU", "SiLU", "Sigmoid", "Softmax", "Softmax2d", "Softmin",
    "Softplus", "Softshrink", "Softsign", "Tanh", "Tanhshrink", "Threshold",
  ],
  "torch.nn.modules.adaptive": ["AdaptiveLogSoftmaxWithLoss"],
  "torch.nn.modules.batchnorm": ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LazyBatchNorm1d", "LazyBatchNorm2d", "LazyBatchNorm3d", "SyncBatchNorm"],
  "torch.nn.modules.channelshuffle": ["ChannelShuffle"],
  "torch.nn.modules.container": ["Container", "ModuleDict", "ModuleList", "ParameterDict", "ParameterList", "Sequential"],
  "torch.nn.modules.conv": [
    "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d", "LazyConv1d", "LazyConv2d", "LazyConv3d",
    "LazyConvTranspose1d", "LazyConvTranspose2d", "LazyConvTranspose3d",
  ],
  "torch.nn.modules.distance": ["CosineSimilarity", "PairwiseDistance"],
  "torch.nn.modules.dropout": ["AlphaDropout", "Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "FeatureAlphaDropout"],
  "torch.nn.modules.flatten": ["Flatten", "Unflatten"],
  "torch.nn.modules.fold": ["Fold", "Unfold"],
  "torch.nn.modules.instancenorm": ["InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "LazyInstanceNorm1d", "LazyInstanceNorm2d", "LazyInstanceNorm3d"],
  "torch.nn.modules.linear": ["Bilinear", "Identity", "LazyLinear", "Linear", "NonDynamicallyQuantizableLinear"],
  "torch.nn.modules.loss": [
    "BCELoss", "BCEWithLogitsLoss", "CTCLoss", "CosineEmbeddingLoss", "CrossEntropyLoss", "GaussianNLLLoss", "HingeEmbeddingLoss",
    "HuberLoss", "KLDivLoss", "L1Loss", "MSELoss", "MarginRankingLoss", "MultiLabelMarginLoss", "MultiLabelSoftMarginLoss",
    "MultiMarginLoss", "NLLLoss", "NLLLoss2d", "PoissonNLLLoss", "SmoothL1Loss", "SoftMarginLoss", "TripletMarginLoss",
    "TripletMarginWithDistanceLoss",
  ],
  "torch.nn.modules.normalization": ["CrossMapLRN2d", "GroupNorm", "LayerNorm", "LocalResponseNorm", "RMSNorm"],
  "torch.nn.modules.padding": [
    "CircularPad1d", "CircularPad2d", "CircularPad3d", "ConstantPad1d", "ConstantPad2d", "ConstantPad3d", "ReflectionPad1d",
    "ReflectionPad2d", "ReflectionPad3d", "ReplicationPad1d", "ReplicationPad2d", "ReplicationPad3d", "ZeroPad1d", "ZeroPad2d", "ZeroPad3d",
  ],
  "torch.nn.modules.pixelshuffle": ["PixelShuffle", "PixelUnshuffle"],
  "torch.nn.modules.pooling": [
    "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d", "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveMaxPool3d",
    "AvgPool1d", "AvgPool2d", "AvgPool3d", "FractionalMaxPool2d", "FractionalMaxPool3d", "LPPool1d", "LPPool2d", "LPPool3d",
    "MaxPool1d", "MaxPool2d", "MaxPool3d", "MaxUnpool1d", "MaxUnpool2d", "MaxUnpool3d",
  ],
  "torch.nn.modules.rnn": ["GRU", "GRUCell", "LSTM", "LSTMCell", "RNN", "RNNBase", "RNNCell", "RNNCellBase"],
  "torch.nn.modules.sparse": ["Embedding", "EmbeddingBag"],
  "torch.nn.modules.transformer": ["Transformer", "TransformerDecoder", "TransformerDecoderLayer", "TransformerEncoder", "TransformerEncoderLayer"],
  "torch.nn.modules.upsampling": ["Upsample", "UpsamplingBilinear2d", "UpsamplingNearest2d"],
};

type Cls = abstract new (...args: never[]) => unknown;

let byName: Map<string, Cls> | undefined;
let byClass: Map<unknown, string> | undefined;

// Built on first use: nn's classes are not all defined while this file is first imported.
function tables(): [Map<string, Cls>, Map<unknown, string>] {
  if (byName === undefined || byClass === undefined) {
    byName = new Map();
    byClass = new Map();
    const exported = nn as unknown as Record<string, unknown>;
    for (const [module, names] of Object.entries(NN_CLASSES)) {
      for (const name of names) {
        const cls = exported[name];
        if (typeof cls !== "function") continue; // a class torchts does not have
        byName.set(`${module}.${name}`, cls as Cls);
        if (!byClass.has(cls)) byClass.set(cls, `${module}.${name}`);
      }
    }
  }
  return [byName, byClass];
}

/** The torchts class of a torch.nn class's Python global name, or undefined. */
export function nnClassOf(global: string): Cls | undefined {
  return tables()[0].get(global);
}

/** The Python global name of a torchts nn class ("torch.nn.modules.linear.Linear"), or undefined. */
export function nnGlobalOf(cls: unknown): string | undefined {
  return tables()[1].get(cls);
}

/** Every torch.nn class's Python global name torchts has a class for (what weights_only=false may build). */
export function nnGlobals(): IterableIterator<string> {
  return tables()[0].keys();
}

const FUNCTIONAL = "torch.nn.functional.";

/** The torchts function of a `torch.nn.functional.<name>` global, or undefined. */
export function functionalOf(global: string): ((...args: never[]) => unknown) | undefined {
  if (!global.startsWith(FUNCTIONAL)) return undefined;
  const name = global.slice(FUNCTIONAL.length);
  const F = nn.functional as unknown as Record<string, unknown>;
  return Object.hasOwn(F, name) && typeof F[name] === "function" ? (F[name] as (...args: never[]) => unknown) : undefined;
}

/** The `torch.nn.functional.<name>` global of a torchts function, or undefined. */
export function functionalGlobalOf(fn: unknown): string | undefined {
  if (typeof fn !== "function") return undefined;
  for (const [name, f] of Object.entries(nn.functional)) if (f === fn) return FUNCTIONAL + name;
  return undefined;
}
