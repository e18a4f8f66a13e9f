// torchvision.ops.misc.Conv2dNormActivation: Conv2d, then a norm layer, then an activation, as
// one Sequential ("0", "1", "2").
import { Module } from "../nn/module";
import { Conv2d } from "../nn/modules/conv";
import { BatchNorm2d } from "../nn/modules/batchnorm";
import { ReLU } from "../nn/modules/activation";
import { Sequential } from "../nn/modules/container";

export interface Conv2dNormActivationOptions {
  kernel_size?: number;
  stride?: number;
  padding?: number | null;
  groups?: number;
  /** channels => norm module, or null for none (default BatchNorm2d) */
  norm_layer?: ((n: number) => Module) | null;
  /** options => activation module, or null for none (default ReLU) */
  activation_layer?: ((o: { inplace?: boolean }) => Module) | null;
  dilation?: number;
  inplace?: boolean | null;
  bias?: boolean | null;
}

/** ops.Conv2dNormActivation(in_channels, out_channels, { kernel_size = 3, stride = 1, padding, groups = 1, norm_layer, activation_layer, dilation = 1, inplace = true, bias }). */
export class Conv2dNormActivation extends Sequential {
  declare out_channels: number;
  constructor(in_channels: number, out_channels: number, options: Conv2dNormActivationOptions = {}) {
    const kernel_size = options.kernel_size ?? 3;
    const dilation = options.dilation ?? 1;
    const padding = options.padding ?? Math.floor((kernel_size - 1) / 2) * dilation;
    const norm_layer = options.norm_layer === undefined ? (n: number) => new BatchNorm2d(n) : options.norm_layer;
    const activation_layer = options.activation_layer === undefined ? (o: { inplace?: boolean }) => new ReLU(o) : options.activation_layer;
    const bias = options.bias ?? norm_layer === null;
    const layers: Module[] = [
      new Conv2d(in_channels, out_channels, kernel_size, options.stride ?? 1, padding, { dilation, groups: options.groups ?? 1, bias }),
    ];
    if (norm_layer !== null) layers.push(norm_layer(out_channels));
    if (activation_layer !== null) {
      const inplace = options.inplace === undefined ? true : options.inplace;
      layers.push(activation_layer(inplace === null ? {} : { inplace }));
    }
    super(...layers);
    this.out_channels = out_channels;
  }
}
