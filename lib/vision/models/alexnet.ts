// torchvision.models.alexnet: AlexNet, alexnet and AlexNet_Weights (PyTorch's default layer inits).
import torch = require("../../index");
import type { Tensor } from "../../tensor";
import { Module } from "../../nn/module";
import { Conv2d } from "../../nn/modules/conv";
import { Linear } from "../../nn/modules/linear";
import { ReLU } from "../../nn/modules/activation";
import { Dropout } from "../../nn/modules/dropout";
import { AdaptiveAvgPool2d, MaxPool2d } from "../../nn/modules/pooling";
import { Sequential } from "../../nn/modules/container";
import { Weights, weightsEnum, imagenetMeta, _ovewrite_named_param } from "./_api";
import { checkOptions } from "../../_args";
import type { ModelBuilderOptions } from "./resnet";

export interface AlexNetOptions {
  num_classes?: number;
  dropout?: number;
}

/** torchvision.models.AlexNet({ num_classes = 1000, dropout = 0.5 }). */
export class AlexNet extends Module {
  declare features: Sequential;
  declare avgpool: AdaptiveAvgPool2d;
  declare classifier: Sequential;
  constructor(options: AlexNetOptions = {}) {
    super();
    const o = checkOptions("AlexNet.__init__", options, ["num_classes", "dropout"]) as AlexNetOptions;
    const dropout = o.dropout ?? 0.5;
    const relu = () => new ReLU({ inplace: true });
    this.features = new Sequential(
      new Conv2d(3, 64, 11, { stride: 4, padding: 2 }), relu(), new MaxPool2d(3, { stride: 2 }),
      new Conv2d(64, 192, 5, { padding: 2 }), relu(), new MaxPool2d(3, { stride: 2 }),
      new Conv2d(192, 384, 3, { padding: 1 }), relu(),
      new Conv2d(384, 256, 3, { padding: 1 }), relu(),
      new Conv2d(256, 256, 3, { padding: 1 }), relu(), new MaxPool2d(3, { stride: 2 }),
    );
    this.avgpool = new AdaptiveAvgPool2d([6, 6]);
    this.classifier = new Sequential(
      new Dropout({ p: dropout }), new Linear(256 * 6 * 6, 4096), relu(),
      new Dropout({ p: dropout }), new Linear(4096, 4096), relu(),
      new Linear(4096, o.num_classes ?? 1000),
    );
  }
  forward(x: Tensor): Tensor {
    x = this.avgpool.forward(this.features.forward(x));
    return this.classifier.forward(torch.flatten(x, 1));
  }
}

export const AlexNet_Weights = weightsEnum("AlexNet_Weights", {
  IMAGENET1K_V1: new Weights("https://download.pytorch.org/models/alexnet-owt-7be5be79.pth", { crop_size: 224 },
    imagenetMeta(61100840, [63, 63], {
      recipe: "https://github.com/pytorch/vision/tree/main/references/classification#alexnet-and-vgg",
      _metrics: { "ImageNet-1K": { "acc@1": 56.522, "acc@5": 79.066 } }, _ops: 0.714, _file_size: 233.087,
    })),
}, "IMAGENET1K_V1");

/** alexnet({ weights = null, progress = true, num_classes, dropout }) */
export function alexnet(options?: ModelBuilderOptions & AlexNetOptions): AlexNet {
  const { weights: w, progress, ...kwargs } = checkOptions("alexnet", options, null) as ModelBuilderOptions & AlexNetOptions;
  const weights = AlexNet_Weights.verify(w);
  if (weights !== null) _ovewrite_named_param(kwargs as Record<string, unknown>, "num_classes", weights.meta.categories!.length);
  const model = new AlexNet(kwargs);
  if (weights !== null) model.load_state_dict(weights.get_state_dict({ progress: progress ?? true, check_hash: true }));
  return model;
}
