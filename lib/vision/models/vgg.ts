// torchvision.models.vgg: VGG, make_layers, cfgs, vgg11/vgg11_bn/vgg16/vgg16_bn and their weights.
// Features are built before the classifier, and the init walks modules() in order, as in Python.
import torch = require("../../index");
import type { Tensor } from "../../tensor";
import { Module } from "../../nn/module";
import { Conv2d } from "../../nn/modules/conv";
import { BatchNorm2d } from "../../nn/modules/batchnorm";
import { Linear } from "../../nn/modules/linear";
import { ReLU } from "../../nn/modules/activation";
import { Dropout } from "../../nn/modules/dropout";
import { AdaptiveAvgPool2d, MaxPool2d } from "../../nn/modules/pooling";
import { Sequential } from "../../nn/modules/container";
import { Weights, weightsEnum, imagenetMeta, _ovewrite_named_param } from "./_api";
import { checkOptions } from "../../_args";
import type { ModelBuilderOptions } from "./resnet";

const init = torch.nn.init;

export interface VGGOptions {
  num_classes?: number;
  init_weights?: boolean;
  dropout?: number;
}
const VGG_KWARGS = ["num_classes", "init_weights", "dropout"];

/** torchvision.models.VGG(features, { num_classes = 1000, init_weights = true, dropout = 0.5 }). */
export class VGG extends Module {
  declare features: Module;
  declare avgpool: AdaptiveAvgPool2d;
  declare classifier: Sequential;
  constructor(features: Module, options: VGGOptions = {}) {
    super();
    const o = checkOptions("VGG.__init__", options, VGG_KWARGS) as VGGOptions;
    const dropout = o.dropout ?? 0.5;
    this.features = features;
    this.avgpool = new AdaptiveAvgPool2d([7, 7]);
    this.classifier = new Sequential(
      new Linear(512 * 7 * 7, 4096),
      new ReLU(true),
      new Dropout({ p: dropout }),
      new Linear(4096, 4096),
      new ReLU(true),
      new Dropout({ p: dropout }),
      new Linear(4096, o.num_classes ?? 1000),
    );
    if (o.init_weights ?? true) {
      for (const m of this.modules()) {
        if (m instanceof Conv2d) {
          init.kaiming_normal_(m.weight, { mode: "fan_out", nonlinearity: "relu" });
          if (m.bias) init.constant_(m.bias, 0);
        } else if (m instanceof BatchNorm2d) {
          init.constant_(m.weight as Tensor, 1);
          init.constant_(m.bias as Tensor, 0);
        } else if (m instanceof Linear) {
          init.normal_(m.weight, 0, 0.01);
          init.constant_(m.bias as Tensor, 0);
        }
      }
    }
  }
  forward(x: Tensor): Tensor {
    x = (this.features.forward as (t: Tensor) => Tensor)(x);
    x = torch.flatten(this.avgpool.forward(x), 1);
    return this.classifier.forward(x);
  }
}

/** make_layers(cfg, batch_norm = false) */
export function make_layers(cfg: (number | "M")[], batch_norm = false): Sequential {
  const layers: Module[] = [];
  let in_channels = 3;
  for (const v of cfg) {
    if (v === "M") {
      layers.push(new MaxPool2d(2, { stride: 2 }));
    } else {
      const conv2d = new Conv2d(in_channels, v, 3, { padding: 1 });
      if (batch_norm) layers.push(conv2d, new BatchNorm2d(v), new ReLU({ inplace: true }));
      else layers.push(conv2d, new ReLU({ inplace: true }));
      in_channels = v;
    }
  }
  return new Sequential(...layers);
}

export const cfgs: Record<"A" | "B" | "D" | "E", (number | "M")[]> = {
  A: [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
  B: [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
  D: [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"],
  E: [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512, 512, 512, 512, "M"],
};

function _vgg(builder: string, cfg: keyof typeof cfgs, batch_norm: boolean, en: { verify(obj: Weights | string | null | undefined): Weights | null }, options: (ModelBuilderOptions & VGGOptions) | undefined): VGG {
  const { weights: w, progress, ...kwargs } = checkOptions(builder, options, null) as ModelBuilderOptions & VGGOptions;
  const weights = en.verify(w);
  if (weights !== null) {
    kwargs.init_weights = false;
    if (weights.meta.categories !== null) _ovewrite_named_param(kwargs as Record<string, unknown>, "num_classes", weights.meta.categories.length);
  }
  const model = new VGG(make_layers(cfgs[cfg], batch_norm), kwargs);
  if (weights !== null) model.load_state_dict(weights.get_state_dict({ progress: progress ?? true, check_hash: true }));
  return model;
}

const META = (num_params: number, a1: number, a5: number, ops: number, size: number) =>
  imagenetMeta(num_params, [32, 32], {
    recipe: "https://github.com/pytorch/vision/tree/main/references/classification#alexnet-and-vgg",
    _metrics: { "ImageNet-1K": { "acc@1": a1, "acc@5": a5 } }, _ops: ops, _file_size: size,
  });
const one = (name: string, url: string, meta: ReturnType<typeof META>) =>
  weightsEnum(name, { IMAGENET1K_V1: new Weights(url, { crop_size: 224 }, meta) }, "IMAGENET1K_V1");

export const VGG11_Weights = one("VGG11_Weights", "https://download.pytorch.org/models/vgg11-8a719046.pth", META(132863336, 69.02, 88.628, 7.609, 506.84));
export const VGG11_BN_Weights = one("VGG11_BN_Weights", "https://download.pytorch.org/models/vgg11_bn-6002323d.pth", META(132868840, 70.37, 89.81, 7.609, 506.881));
export const VGG16_Weights = weightsEnum("VGG16_Weights", {
  IMAGENET1K_V1: new Weights("https://download.pytorch.org/models/vgg16-397923af.pth", { crop_size: 224 }, META(138357544, 71.592, 90.382, 15.47, 527.796)),
  // ported from amdegroot/ssd.pytorch: only `features` holds trained values (categories null)
  IMAGENET1K_FEATURES: new Weights(
    "https://download.pytorch.org/models/vgg16_features-amdegroot-88682ab5.pth",
    { crop_size: 224, mean: [0.48235, 0.45882, 0.40784], std: [1.0 / 255.0, 1.0 / 255.0, 1.0 / 255.0] },
    { ...META(138357544, NaN, NaN, 15.47, 527.802), categories: null, recipe: "https://github.com/amdegroot/ssd.pytorch#training-ssd" },
  ),
}, "IMAGENET1K_V1");
export const VGG16_BN_Weights = one("VGG16_BN_Weights", "https://download.pytorch.org/models/vgg16_bn-6c64b313.pth", META(138365992, 73.36, 91.516, 15.47, 527.866));

/** vgg11({ weights = null, progress = true, ...VGG options }) */
export const vgg11 = (options?: ModelBuilderOptions & VGGOptions): VGG => _vgg("vgg11", "A", false, VGG11_Weights, options);
/** vgg11_bn({ weights = null, progress = true, ...VGG options }) */
export const vgg11_bn = (options?: ModelBuilderOptions & VGGOptions): VGG => _vgg("vgg11_bn", "A", true, VGG11_BN_Weights, options);
/** vgg16({ weights = null, progress = true, ...VGG options }) */
export const vgg16 = (options?: ModelBuilderOptions & VGGOptions): VGG => _vgg("vgg16", "D", false, VGG16_Weights, options);
/** vgg16_bn({ weights = null, progress = true, ...VGG options }) */
export const vgg16_bn = (options?: ModelBuilderOptions & VGGOptions): VGG => _vgg("vgg16_bn", "D", true, VGG16_BN_Weights, options);
