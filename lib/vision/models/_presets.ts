// torchvision.transforms._presets.ImageClassification: the weights' inference preset
// (resize the short side, center crop, to float in [0, 1], normalize).
import torch = require("../../index");
import type { Tensor } from "../../tensor";
import { Image } from "../image";
import {
  Transform, center_crop, convert_image_dtype, normalize, pil_to_tensor, resize, type InterpolationMode,
} from "../transforms";

export interface ImageClassificationOptions {
  crop_size: number;
  resize_size?: number;
  mean?: number[];
  std?: number[];
  interpolation?: InterpolationMode;
  antialias?: boolean | null;
}

export class ImageClassification extends Transform {
  readonly crop_size: number[];
  readonly resize_size: number[];
  readonly mean: number[];
  readonly std: number[];
  readonly interpolation: InterpolationMode;
  readonly antialias: boolean | null;
  constructor(options: ImageClassificationOptions) {
    super();
    this.crop_size = [options.crop_size];
    this.resize_size = [options.resize_size ?? 256];
    this.mean = options.mean ?? [0.485, 0.456, 0.406];
    this.std = options.std ?? [0.229, 0.224, 0.225];
    this.interpolation = options.interpolation ?? "bilinear";
    this.antialias = options.antialias === undefined ? true : options.antialias;
  }
  forward(img: Tensor | Image): Tensor {
    let x = resize(img, this.resize_size, { interpolation: this.interpolation, antialias: this.antialias });
    x = center_crop(x, this.crop_size);
    const t = x instanceof Image ? pil_to_tensor(x) : x;
    return normalize(convert_image_dtype(t, torch.float32), this.mean, this.std);
  }
  toString(): string {
    return `ImageClassification(\n    crop_size=[${this.crop_size}]\n    resize_size=[${this.resize_size}]\n` +
      `    mean=[${this.mean.join(", ")}]\n    std=[${this.std.join(", ")}]\n    interpolation=InterpolationMode.${this.interpolation.toUpperCase()}\n)`;
  }
}
