// torchvision.models.resnet: BasicBlock, Bottleneck, ResNet and resnet18/34/50 with their
// weights. Module names, registration order and init (kaiming_normal_ over modules() in
// order) are torchvision's, so the same seed gives the same parameters and Python's
// state_dicts load with strict.
import torch = require("../../index");
import type { Tensor } from "../../tensor";
import { Module } from "../../nn/module";
import { Conv2d } from "../../nn/modules/conv";
import { BatchNorm2d } from "../../nn/modules/batchnorm";
import { Linear } from "../../nn/modules/linear";
import { ReLU } from "../../nn/modules/activation";
import { MaxPool2d } from "../../nn/modules/pooling";
import { AdaptiveAvgPool2d } from "../../nn/modules/pooling";
import { Sequential } from "../../nn/modules/container";
import { NotImplementedError, ValueError } from "../../errors";
import { Weights, weightsEnum, imagenetMeta, _ovewrite_named_param } from "./_api";
import { type NormLayer } from "./_utils";
import { checkOptions } from "../../_args";

const init = torch.nn.init;

/** conv3x3(in_planes, out_planes, stride = 1, groups = 1, dilation = 1) */
export function conv3x3(in_planes: number, out_planes: number, stride = 1, groups = 1, dilation = 1): Conv2d {
  return new Conv2d(in_planes, out_planes, 3, { stride, padding: dilation, groups, bias: false, dilation });
}

/** conv1x1(in_planes, out_planes, stride = 1) */
export function conv1x1(in_planes: number, out_planes: number, stride = 1): Conv2d {
  return new Conv2d(in_planes, out_planes, 1, { stride, bias: false });
}

export interface BlockOptions {
  stride?: number;
  downsample?: Module | null;
  groups?: number;
  base_width?: number;
  dilation?: number;
  norm_layer?: NormLayer | null;
}

export class BasicBlock extends Module {
  static expansion = 1;
  declare conv1: Conv2d;
  declare bn1: Module;
  declare relu: ReLU;
  declare conv2: Conv2d;
  declare bn2: Module;
  declare downsample: Module | null;
  declare stride: number;
  constructor(inplanes: number, planes: number, options: BlockOptions = {}) {
    super();
    const o = checkOptions("BasicBlock.__init__", options, ["stride", "downsample", "groups", "base_width", "dilation", "norm_layer"]) as BlockOptions;
    const norm_layer = o.norm_layer ?? ((n: number) => new BatchNorm2d(n));
    if ((o.groups ?? 1) !== 1 || (o.base_width ?? 64) !== 64) throw new ValueError("BasicBlock only supports groups=1 and base_width=64");
    if ((o.dilation ?? 1) > 1) throw new NotImplementedError("Dilation > 1 not supported in BasicBlock");
    const stride = o.stride ?? 1;
    this.conv1 = conv3x3(inplanes, planes, stride);
    this.bn1 = norm_layer(planes);
    this.relu = new ReLU({ inplace: true });
    this.conv2 = conv3x3(planes, planes);
    this.bn2 = norm_layer(planes);
    this.downsample = o.downsample ?? null;
    this.stride = stride;
  }
  forward(x: Tensor): Tensor {
    let identity = x;
    let out = this.conv1.forward(x);
    out = (this.bn1.forward as (t: Tensor) => Tensor)(out);
    out = this.relu.forward(out);
    out = this.conv2.forward(out);
    out = (this.bn2.forward as (t: Tensor) => Tensor)(out);
    if (this.downsample !== null) identity = (this.downsample.forward as (t: Tensor) => Tensor)(x);
    out = out.add_(identity);
    return this.relu.forward(out);
  }
}

export class Bottleneck extends Module {
  static expansion = 4;
  declare conv1: Conv2d;
  declare bn1: Module;
  declare conv2: Conv2d;
  declare bn2: Module;
  declare conv3: Conv2d;
  declare bn3: Module;
  declare relu: ReLU;
  declare downsample: Module | null;
  declare stride: number;
  constructor(inplanes: number, planes: number, options: BlockOptions = {}) {
    super();
    const o = checkOptions("Bottleneck.__init__", options, ["stride", "downsample", "groups", "base_width", "dilation", "norm_layer"]) as BlockOptions;
    const norm_layer = o.norm_layer ?? ((n: number) => new BatchNorm2d(n));
    const groups = o.groups ?? 1;
    const stride = o.stride ?? 1;
    const width = Math.trunc(planes * ((o.base_width ?? 64) / 64.0)) * groups;
    this.conv1 = conv1x1(inplanes, width);
    this.bn1 = norm_layer(width);
    this.conv2 = conv3x3(width, width, stride, groups, o.dilation ?? 1);
    this.bn2 = norm_layer(width);
    this.conv3 = conv1x1(width, planes * Bottleneck.expansion);
    this.bn3 = norm_layer(planes * Bottleneck.expansion);
    this.relu = new ReLU({ inplace: true });
    this.downsample = o.downsample ?? null;
    this.stride = stride;
  }
  forward(x: Tensor): Tensor {
    const f = (m: Module, t: Tensor) => (m.forward as (t: Tensor) => Tensor)(t);
    let identity = x;
    let out = this.relu.forward(f(this.bn1, this.conv1.forward(x)));
    out = this.relu.forward(f(this.bn2, this.conv2.forward(out)));
    out = f(this.bn3, this.conv3.forward(out));
    if (this.downsample !== null) identity = f(this.downsample, x);
    out = out.add_(identity);
    return this.relu.forward(out);
  }
}

type Block = typeof BasicBlock | typeof Bottleneck;

export interface ResNetOptions {
  num_classes?: number;
  zero_init_residual?: boolean;
  groups?: number;
  width_per_group?: number;
  replace_stride_with_dilation?: boolean[] | null;
  norm_layer?: NormLayer | null;
}
const RESNET_KWARGS = ["num_classes", "zero_init_residual", "groups", "width_per_group", "replace_stride_with_dilation", "norm_layer"];

/** torchvision.models.ResNet(block, layers, { num_classes = 1000, zero_init_residual = false, groups = 1, width_per_group = 64, ... }). */
export class ResNet extends Module {
  declare _norm_layer: NormLayer;
  declare inplanes: number;
  declare dilation: number;
  declare groups: number;
  declare base_width: number;
  declare conv1: Conv2d;
  declare bn1: Module;
  declare relu: ReLU;
  declare maxpool: MaxPool2d;
  declare layer1: Sequential;
  declare layer2: Sequential;
  declare layer3: Sequential;
  declare layer4: Sequential;
  declare avgpool: AdaptiveAvgPool2d;
  declare fc: Linear;
  constructor(block: Block, layers: number[], options: ResNetOptions = {}) {
    super();
    const o = checkOptions("ResNet.__init__", options, RESNET_KWARGS) as ResNetOptions;
    const norm_layer = o.norm_layer ?? ((n: number) => new BatchNorm2d(n));
    this._norm_layer = norm_layer;
    this.inplanes = 64;
    this.dilation = 1;
    const rswd = o.replace_stride_with_dilation ?? [false, false, false];
    if (rswd.length !== 3) {
      throw new ValueError(`replace_stride_with_dilation should be None or a 3-element tuple, got [${rswd.map((b) => (b ? "True" : "False")).join(", ")}]`);
    }
    this.groups = o.groups ?? 1;
    this.base_width = o.width_per_group ?? 64;
    this.conv1 = new Conv2d(3, this.inplanes, 7, { stride: 2, padding: 3, bias: false });
    this.bn1 = norm_layer(this.inplanes);
    this.relu = new ReLU({ inplace: true });
    this.maxpool = new MaxPool2d(3, { stride: 2, padding: 1 });
    this.layer1 = this._make_layer(block, 64, layers[0]);
    this.layer2 = this._make_layer(block, 128, layers[1], 2, rswd[0]);
    this.layer3 = this._make_layer(block, 256, layers[2], 2, rswd[1]);
    this.layer4 = this._make_layer(block, 512, layers[3], 2, rswd[2]);
    this.avgpool = new AdaptiveAvgPool2d([1, 1]);
    this.fc = new Linear(512 * block.expansion, o.num_classes ?? 1000);
    for (const m of this.modules()) {
      if (m instanceof Conv2d) {
        init.kaiming_normal_(m.weight, { mode: "fan_out", nonlinearity: "relu" });
      } else if (m instanceof BatchNorm2d || m instanceof torch.nn.GroupNorm) {
        init.constant_(m.weight as Tensor, 1);
        init.constant_(m.bias as Tensor, 0);
      }
    }
    if (o.zero_init_residual ?? false) {
      for (const m of this.modules()) {
        if (m instanceof Bottleneck && (m.bn3 as unknown as { weight?: Tensor }).weight) init.constant_((m.bn3 as unknown as { weight: Tensor }).weight, 0);
        else if (m instanceof BasicBlock && (m.bn2 as unknown as { weight?: Tensor }).weight) init.constant_((m.bn2 as unknown as { weight: Tensor }).weight, 0);
      }
    }
  }

  _make_layer(block: Block, planes: number, blocks: number, stride = 1, dilate = false): Sequential {
    const norm_layer = this._norm_layer;
    let downsample: Module | null = null;
    const previous_dilation = this.dilation;
    if (dilate) {
      this.dilation *= stride;
      stride = 1;
    }
    if (stride !== 1 || this.inplanes !== planes * block.expansion) {
      downsample = new Sequential(conv1x1(this.inplanes, planes * block.expansion, stride), norm_layer(planes * block.expansion));
    }
    const layers: Module[] = [
      new block(this.inplanes, planes, { stride, downsample, groups: this.groups, base_width: this.base_width, dilation: previous_dilation, norm_layer }),
    ];
    this.inplanes = planes * block.expansion;
    for (let i = 1; i < blocks; i++) {
      layers.push(new block(this.inplanes, planes, { groups: this.groups, base_width: this.base_width, dilation: this.dilation, norm_layer }));
    }
    return new Sequential(...layers);
  }

  _forward_impl(x: Tensor): Tensor {
    const f = (m: Module, t: Tensor) => (m.forward as (t: Tensor) => Tensor)(t);
    x = this.maxpool.forward(this.relu.forward(f(this.bn1, this.conv1.forward(x))));
    x = this.layer4.forward(this.layer3.forward(this.layer2.forward(this.layer1.forward(x))));
    x = torch.flatten(this.avgpool.forward(x), 1);
    return this.fc.forward(x);
  }

  forward(x: Tensor): Tensor {
    return this._forward_impl(x);
  }
}

const COMMON = (num_params: number, extra: Record<string, unknown>) => imagenetMeta(num_params, [1, 1], extra);
const RECIPE = "https://github.com/pytorch/vision/tree/main/references/classification#resnet";
const V2_RECIPE = "https://github.com/pytorch/vision/issues/3995#issuecomment-1013906621";
const metrics = (a1: number, a5: number) => ({ "ImageNet-1K": { "acc@1": a1, "acc@5": a5 } });

export const ResNet18_Weights = weightsEnum("ResNet18_Weights", {
  IMAGENET1K_V1: new Weights("https://download.pytorch.org/models/resnet18-f37072fd.pth", { crop_size: 224 },
    COMMON(11689512, { recipe: RECIPE, _metrics: metrics(69.758, 89.078), _ops: 1.814, _file_size: 44.661 })),
}, "IMAGENET1K_V1");

export const ResNet34_Weights = weightsEnum("ResNet34_Weights", {
  IMAGENET1K_V1: new Weights("https://download.pytorch.org/models/resnet34-b627a593.pth", { crop_size: 224 },
    COMMON(21797672, { recipe: RECIPE, _metrics: metrics(73.314, 91.42), _ops: 3.664, _file_size: 83.275 })),
}, "IMAGENET1K_V1");

export const ResNet50_Weights = weightsEnum("ResNet50_Weights", {
  IMAGENET1K_V1: new Weights("https://download.pytorch.org/models/resnet50-0676ba61.pth", { crop_size: 224 },
    COMMON(25557032, { recipe: RECIPE, _metrics: metrics(76.13, 92.862), _ops: 4.089, _file_size: 97.781 })),
  IMAGENET1K_V2: new Weights("https://download.pytorch.org/models/resnet50-11ad3fa6.pth", { crop_size: 224, resize_size: 232 },
    COMMON(25557032, { recipe: V2_RECIPE, _metrics: metrics(80.858, 95.434), _ops: 4.089, _file_size: 97.79 })),
}, "IMAGENET1K_V2");

export interface ModelBuilderOptions {
  weights?: Weights | string | null;
  progress?: boolean;
}

/**
 * _resnet: builds the model, then loads the weights' state_dict (downloaded or cached) with strict.
 * As in torchvision, the keywords other than weights and progress go to ResNet, whose __init__
 * refuses an unknown one.
 */
function _resnet(builder: string, block: Block, layers: number[], en: { verify(obj: Weights | string | null | undefined): Weights | null }, options: (ModelBuilderOptions & ResNetOptions) | undefined): ResNet {
  const { weights: w, progress, ...kwargs } = checkOptions(builder, options, null) as ModelBuilderOptions & ResNetOptions;
  const weights = en.verify(w);
  if (weights !== null) _ovewrite_named_param(kwargs as Record<string, unknown>, "num_classes", weights.meta.categories!.length);
  const model = new ResNet(block, layers, kwargs);
  if (weights !== null) model.load_state_dict(weights.get_state_dict({ progress: progress ?? true, check_hash: true }));
  return model;
}

/** resnet18({ weights = null, progress = true, ...ResNet options }) */
export function resnet18(options?: ModelBuilderOptions & ResNetOptions): ResNet {
  return _resnet("resnet18", BasicBlock, [2, 2, 2, 2], ResNet18_Weights, options);
}
/** resnet34({ weights = null, progress = true, ...ResNet options }) */
export function resnet34(options?: ModelBuilderOptions & ResNetOptions): ResNet {
  return _resnet("resnet34", BasicBlock, [3, 4, 6, 3], ResNet34_Weights, options);
}
/** resnet50({ weights = null, progress = true, ...ResNet options }) */
export function resnet50(options?: ModelBuilderOptions & ResNetOptions): ResNet {
  return _resnet("resnet50", Bottleneck, [3, 4, 6, 3], ResNet50_Weights, options);
}
