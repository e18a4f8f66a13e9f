// torchvision.models.mobilenetv2: InvertedResidual, MobileNetV2, mobilenet_v2 and MobileNet_V2_Weights.
import torch = require("../../index");
import type { Tensor } from "../../tensor";
import { Module } from "../../nn/module";
import { Conv2d } from "../../nn/modules/conv";
import { BatchNorm2d } from "../../nn/modules/batchnorm";
import { Linear } from "../../nn/modules/linear";
import { ReLU6 } from "../../nn/modules/activation";
import { Dropout } from "../../nn/modules/dropout";
import { Sequential } from "../../nn/modules/container";
import { ValueError } from "../../errors";
import { Conv2dNormActivation } from "../ops_misc";
import { Weights, weightsEnum, imagenetMeta, _ovewrite_named_param } from "./_api";
import { _make_divisible, type NormLayer } from "./_utils";
import { checkOptions } from "../../_args";
import type { ModelBuilderOptions } from "./resnet";

const init = torch.nn.init;
const relu6 = (o: { inplace?: boolean }) => new ReLU6(o);

/** InvertedResidual(inp, oup, stride, expand_ratio, norm_layer = null) */
export class InvertedResidual extends Module {
  declare stride: number;
  declare use_res_connect: boolean;
  declare conv: Sequential;
  declare out_channels: number;
  declare _is_cn: boolean;
  constructor(inp: number, oup: number, stride: number, expand_ratio: number, norm_layer: NormLayer | null = null) {
    super();
    this.stride = stride;
    if (stride !== 1 && stride !== 2) throw new ValueError(`stride should be 1 or 2 instead of ${stride}`);
    const norm = norm_layer ?? ((n: number) => new BatchNorm2d(n));
    const hidden_dim = Math.round(inp * expand_ratio);
    this.use_res_connect = this.stride === 1 && inp === oup;
    const layers: Module[] = [];
    if (expand_ratio !== 1) {
      layers.push(new Conv2dNormActivation(inp, hidden_dim, { kernel_size: 1, norm_layer: norm, activation_layer: relu6 }));
    }
    layers.push(
      new Conv2dNormActivation(hidden_dim, hidden_dim, { stride, groups: hidden_dim, norm_layer: norm, activation_layer: relu6 }),
      new Conv2d(hidden_dim, oup, 1, 1, 0, { bias: false }),
      norm(oup),
    );
    this.conv = new Sequential(...layers);
    this.out_channels = oup;
    this._is_cn = stride > 1;
  }
  forward(x: Tensor): Tensor {
    return this.use_res_connect ? x.add(this.conv.forward(x)) : this.conv.forward(x);
  }
}

export interface MobileNetV2Options {
  num_classes?: number;
  width_mult?: number;
  inverted_residual_setting?: number[][] | null;
  round_nearest?: number;
  block?: ((inp: number, oup: number, stride: number, expand_ratio: number, norm_layer: NormLayer) => Module) | null;
  norm_layer?: NormLayer | null;
  dropout?: number;
}
const KWARGS = ["num_classes", "width_mult", "inverted_residual_setting", "round_nearest", "block", "norm_layer", "dropout"];

/** torchvision.models.MobileNetV2({ num_classes = 1000, width_mult = 1.0, inverted_residual_setting, round_nearest = 8, block, norm_layer, dropout = 0.2 }). */
export class MobileNetV2 extends Module {
  declare last_channel: number;
  declare features: Sequential;
  declare classifier: Sequential;
  constructor(options: MobileNetV2Options = {}) {
    super();
    const o = checkOptions("MobileNetV2.__init__", options, KWARGS) as MobileNetV2Options;
    const block = o.block ?? ((i: number, out: number, s: number, t: number, n: NormLayer) => new InvertedResidual(i, out, s, t, n));
    const norm_layer = o.norm_layer ?? ((n: number) => new BatchNorm2d(n));
    const width_mult = o.width_mult ?? 1.0;
    const round_nearest = o.round_nearest ?? 8;
    let input_channel = 32;
    const last_channel = 1280;
    const setting = o.inverted_residual_setting ?? [
      [1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1],
    ];
    if (setting.length === 0 || setting[0].length !== 4) {
      throw new ValueError(`inverted_residual_setting should be non-empty or a 4-element list, got ${JSON.stringify(setting)}`);
    }
    input_channel = _make_divisible(input_channel * width_mult, round_nearest);
    this.last_channel = _make_divisible(last_channel * Math.max(1.0, width_mult), round_nearest);
    const features: Module[] = [new Conv2dNormActivation(3, input_channel, { stride: 2, norm_layer, activation_layer: relu6 })];
    for (const [t, c, n, s] of setting) {
      const output_channel = _make_divisible(c * width_mult, round_nearest);
      for (let i = 0; i < n; i++) {
        features.push(block(input_channel, output_channel, i === 0 ? s : 1, t, norm_layer));
        input_channel = output_channel;
      }
    }
    features.push(new Conv2dNormActivation(input_channel, this.last_channel, { kernel_size: 1, norm_layer, activation_layer: relu6 }));
    this.features = new Sequential(...features);
    this.classifier = new Sequential(new Dropout({ p: o.dropout ?? 0.2 }), new Linear(this.last_channel, o.num_classes ?? 1000));
    for (const m of this.modules()) {
      if (m instanceof Conv2d) {
        init.kaiming_normal_(m.weight, { mode: "fan_out" });
        if (m.bias) init.zeros_(m.bias);
      } else if (m instanceof BatchNorm2d || m instanceof torch.nn.GroupNorm) {
        init.ones_(m.weight as Tensor);
        init.zeros_(m.bias as Tensor);
      } else if (m instanceof Linear) {
        init.normal_(m.weight, 0, 0.01);
        init.zeros_(m.bias as Tensor);
      }
    }
  }
  _forward_impl(x: Tensor): Tensor {
    x = this.features.forward(x);
    x = torch.nn.functional.adaptive_avg_pool2d(x, [1, 1]);
    return this.classifier.forward(torch.flatten(x, 1));
  }
  forward(x: Tensor): Tensor {
    return this._forward_impl(x);
  }
}

const META = (recipe: string, a1: number, a5: number, size: number) =>
  imagenetMeta(3504872, [1, 1], { recipe, _metrics: { "ImageNet-1K": { "acc@1": a1, "acc@5": a5 } }, _ops: 0.301, _file_size: size });

export const MobileNet_V2_Weights = weightsEnum("MobileNet_V2_Weights", {
  IMAGENET1K_V1: new Weights("https://download.pytorch.org/models/mobilenet_v2-b0353104.pth", { crop_size: 224 },
    META("https://github.com/pytorch/vision/tree/main/references/classification#mobilenetv2", 71.878, 90.286, 13.555)),
  IMAGENET1K_V2: new Weights("https://download.pytorch.org/models/mobilenet_v2-7ebf99e0.pth", { crop_size: 224, resize_size: 232 },
    META("https://github.com/pytorch/vision/issues/3995#new-recipe-with-reg-tuning", 72.154, 90.822, 13.598)),
}, "IMAGENET1K_V2");

/** mobilenet_v2({ weights = null, progress = true, ...MobileNetV2 options }) */
export function mobilenet_v2(options?: ModelBuilderOptions & MobileNetV2Options): MobileNetV2 {
  const { weights: w, progress, ...kwargs } = checkOptions("mobilenet_v2", options, null) as ModelBuilderOptions & MobileNetV2Options;
  const weights = MobileNet_V2_Weights.verify(w);
  if (weights !== null) _ovewrite_named_param(kwargs as Record<string, unknown>, "num_classes", weights.meta.categories!.length);
  const model = new MobileNetV2(kwargs);
  if (weights !== null) model.load_state_dict(weights.get_state_dict({ progress: progress ?? true, check_hash: true }));
  return model;
}
