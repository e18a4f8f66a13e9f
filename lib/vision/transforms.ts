// torchvision.transforms (v1) and the matching torchvision.transforms.v2 classes: the
// functional forms (transforms.functional) and the classes over them. Random transforms draw
// with torch.rand / torch.randint / uniform_ in torchvision's order, so the same seed gives
// the same crops and flips as Python. Images are tensors (..., C, H, W) or Image (PIL's
// stand-in); an Image goes through the tensor code and comes back an Image.
import torch = require("../index");
import type { Tensor } from "../tensor";
import type { dtype } from "../dtype";
import { checkOptions } from "../_args";
import { RuntimeError, TypeError, ValueError } from "../errors";
import { Image, hwcTensor, imageToTensor, tensorToImage } from "./image";
import { isPilFilter, pilCrop, pilFlip, pilResample } from "./pil_ops";

type Img = Tensor | Image;
type Size = number | number[];

/** torchvision.transforms.InterpolationMode */
export const InterpolationMode = {
  NEAREST: "nearest",
  NEAREST_EXACT: "nearest-exact",
  BILINEAR: "bilinear",
  BICUBIC: "bicubic",
} as const;
export type InterpolationMode = (typeof InterpolationMode)[keyof typeof InterpolationMode];

const isTensor = (x: unknown): x is Tensor => x instanceof torch.Tensor;
const pyRound = (x: number): number => {
  // Python's round(): half to even.
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
};
const floordiv = (a: number, b: number): number => Math.floor(a / b);

/** Runs a tensor function on an Image (through a uint8 tensor) or a tensor. */
function onTensor(img: Img, fn: (t: Tensor) => Tensor): Img {
  if (img instanceof Image) return tensorToImage(fn(imageToTensor(img)), img.mode);
  if (!isTensor(img)) throw new TypeError(`img should be PIL Image or Tensor. Got ${typeof img}`);
  return fn(img);
}

// ---------------------------------------------------------------------------------------
// functional

/** F.get_dimensions: [channels, height, width]. */
export function get_dimensions(img: Img): [number, number, number] {
  if (img instanceof Image) return [img.getbands().length, img.height, img.width];
  if (!isTensor(img)) throw new TypeError(`img should be PIL Image or Tensor. Got ${typeof img}`);
  const s = img.shape as number[];
  if (s.length < 2) throw new TypeError(`Tensor is not a torch image.`);
  return [s.length === 2 ? 1 : s[s.length - 3], s[s.length - 2], s[s.length - 1]];
}

/** F.get_image_size: [width, height]. */
export function get_image_size(img: Img): [number, number] {
  const [, h, w] = get_dimensions(img);
  return [w, h];
}

/** F.to_tensor: an Image to float32 (C, H, W) in [0, 1]. */
export function to_tensor(pic: Image): Tensor {
  if (!(pic instanceof Image)) throw new TypeError(`pic should be PIL Image or ndarray. Got ${typeof pic}`);
  // torchvision's own steps: (H, W, C) -> permute -> contiguous -> default dtype -> / 255
  return hwcTensor(pic).permute(2, 0, 1).contiguous().to(torch.get_default_dtype()).div(255);
}

/** F.pil_to_tensor: an Image to uint8 (C, H, W). */
export function pil_to_tensor(pic: Image): Tensor {
  if (!(pic instanceof Image)) throw new TypeError(`pic should be PIL Image. Got ${typeof pic}`);
  return imageToTensor(pic);
}

/** F.to_pil_image for tensors (C, H, W) or (H, W): floats are scaled by 255 then truncated to uint8. */
export function to_pil_image(pic: Tensor, mode?: "L" | "RGB" | "RGBA"): Image {
  if (!isTensor(pic)) throw new TypeError(`pic should be Tensor or ndarray. Got ${typeof pic}.`);
  let t = pic;
  if (t.dim() === 2) t = t.unsqueeze(0);
  if (t.dim() !== 3) throw new ValueError(`pic should be 2/3 dimensional. Got ${t.dim()} dimensions.`);
  if (t.is_floating_point()) t = t.mul(255).byte();
  else if (t.dtype !== torch.uint8) throw new TypeError(`Input type ${t.dtype} is not supported`);
  return tensorToImage(t, mode);
}

/** F.normalize(tensor, mean, std, inplace = false). */
export function normalize(tensor: Tensor, mean: number[], std: number[], inplace = false): Tensor {
  if (!isTensor(tensor)) throw new TypeError(`img should be Tensor Image. Got ${typeof tensor}`);
  if (!tensor.is_floating_point()) throw new TypeError(`Input tensor should be a float tensor. Got ${tensor.dtype}.`);
  if (tensor.dim() < 3) {
    throw new ValueError(
      `Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = ${tensor.size()}`,
    );
  }
  const [m, s] = normalizeConstants(mean, std, tensor.dtype, tensor.device);
  return (inplace ? tensor : tensor.clone()).sub_(m).div_(s);
}

/** mean and std as tensors of the image's dtype and device, shaped (C, 1, 1); std checked for zeros. */
function normalizeConstants(mean: number[], std: number[], dt: dtype, device: Tensor["device"]): [Tensor, Tensor] {
  let m = torch.as_tensor(mean, { dtype: dt, device });
  let s = torch.as_tensor(std, { dtype: dt, device });
  if (s.eq(0).any().item()) throw new ValueError(`std evaluated to zero after conversion to ${dt}, leading to division by zero.`);
  if (m.dim() === 1) m = m.view(-1, 1, 1);
  if (s.dim() === 1) s = s.view(-1, 1, 1);
  return [m, s];
}

// Normalize's constants per transform, dtype and device, made once instead of per image (kept
// outside the instance, so a DataLoader worker's copy of the dataset does not carry tensors).
const normalizeCache = new WeakMap<Normalize, Map<string, [Tensor, Tensor]>>();

/** torchvision's _compute_resized_output_size: [new_h, new_w]. */
export function _compute_resized_output_size(imageSize: [number, number], size: Size | null, max_size: number | null = null): [number, number] {
  const [h, w] = imageSize;
  const [short, long] = w <= h ? [w, h] : [h, w];
  if (size === null || typeof size === "number" || size.length === 1) {
    let newShort: number, newLong: number;
    if (size === null) {
      if (max_size === null) throw new ValueError("max_size must be an integer when size is None");
      newShort = Math.trunc((max_size * short) / long);
      newLong = max_size;
    } else {
      const requested = typeof size === "number" ? size : size[0];
      newShort = requested;
      newLong = Math.trunc((requested * long) / short);
      if (max_size !== null) {
        if (max_size <= requested) {
          throw new ValueError(
            `max_size = ${max_size} must be strictly greater than the requested size for the smaller edge size = ${requested}`,
          );
        }
        if (newLong > max_size) {
          newShort = Math.trunc((max_size * newShort) / newLong);
          newLong = max_size;
        }
      }
    }
    const [newW, newH] = w <= h ? [newShort, newLong] : [newLong, newShort];
    return [newH, newW];
  }
  return [size[0], size[1]];
}

export interface ResizeOptions {
  interpolation?: InterpolationMode;
  max_size?: number | null;
  antialias?: boolean | null;
}

/** F.resize(img, size, interpolation = BILINEAR, max_size = null, antialias = true). */
export function resize(img: Img, size: Size | null, options: ResizeOptions = {}): Img {
  const o = checkOptions("resize", options, ["interpolation", "max_size", "antialias"]);
  const interpolation = (o.interpolation ?? "bilinear") as string;
  const max_size = (o.max_size ?? null) as number | null;
  let antialias = (o.antialias === undefined ? true : o.antialias) as boolean | null;
  if (Array.isArray(size) && size.length !== 1 && size.length !== 2) {
    throw new ValueError(`If size is a sequence, it should have 1 or 2 values, got ${size.length}`);
  }
  if (max_size !== null && Array.isArray(size) && size.length !== 1) {
    throw new ValueError("max_size should only be passed if size specifies the length of the smaller edge, i.e. size should be an int or a sequence of length 1 in torchscript mode.");
  }
  const [, h, w] = get_dimensions(img);
  const out = _compute_resized_output_size([h, w], size, max_size);
  if (out[0] === h && out[1] === w) return img;
  if (antialias === null) antialias = false;
  if (antialias && interpolation !== "bilinear" && interpolation !== "bicubic") antialias = false;
  if (img instanceof Image && interpolation === "nearest") return pilNearest(img, out[1], out[0]);
  // Pillow always antialiases (torchvision ignores antialias for PIL images)
  if (img instanceof Image && img.mode !== "RGBA" && isPilFilter(interpolation)) return pilResample(img, out[1], out[0], interpolation);
  const mode = interpolation;
  return onTensor(img, (t) => {
    const squeeze = t.dim() < 4;
    let x = squeeze ? t.unsqueeze(0) : t;
    const outDtype = x.dtype;
    const cast = outDtype !== torch.float32 && outDtype !== torch.float64;
    if (cast) x = x.to(torch.float32);
    const align = interpolation === "bilinear" || interpolation === "bicubic" ? { align_corners: false } : {};
    x = torch.nn.functional.interpolate(x, { size: out, mode: mode as never, antialias, ...align });
    if (interpolation === "bicubic" && outDtype === torch.uint8) x = x.clamp({ min: 0, max: 255 });
    if (squeeze) x = x.squeeze(0);
    if (cast) {
      if (!outDtype.is_floating_point) x = torch.round(x);
      x = x.to(outDtype);
    }
    return x;
  });
}

/**
 * Pillow's Image.resize(size, NEAREST) (ImagingScaleAffine): the source column of each output
 * column is int(x0), int(x0 + a), int(x0 + 2a), ... summed step by step in doubles from
 * x0 = a / 2 (a = in / out), so it differs from torch's nearest-exact where the sum rounds below
 * an integer; rows likewise.
 */
function pilNearest(img: Image, width: number, height: number): Image {
  const table = (inSize: number, outSize: number): Int32Array => {
    const a = inSize / outSize;
    const tab = new Int32Array(outSize);
    let o = a * 0.5;
    for (let k = 0; k < outSize; k++) {
      tab[k] = o < 0 ? -1 : Math.trunc(o);
      o += a;
    }
    return tab;
  };
  const xs = table(img.width, width);
  const ys = table(img.height, height);
  const c = img.data.length / (img.width * img.height);
  const out = new Uint8Array(width * height * c);
  for (let y = 0; y < height; y++) {
    const row = ys[y] * img.width;
    for (let x = 0; x < width; x++) {
      const src = (row + xs[x]) * c;
      const dst = (y * width + x) * c;
      for (let k = 0; k < c; k++) out[dst + k] = img.data[src + k];
    }
  }
  return new Image(img.mode, width, height, out);
}

export interface PadOptions {
  fill?: number;
  padding_mode?: "constant" | "edge" | "reflect" | "symmetric";
}

function parsePadding(padding: Size): [number, number, number, number] {
  if (typeof padding === "number") return [padding, padding, padding, padding];
  if (padding.length === 1) return [padding[0], padding[0], padding[0], padding[0]];
  if (padding.length === 2) return [padding[0], padding[1], padding[0], padding[1]];
  if (padding.length === 4) return [padding[0], padding[1], padding[2], padding[3]];
  throw new ValueError(`Padding must be an int or a 1, 2, or 4 element tuple, not a ${padding.length} element tuple`);
}

/** F.pad(img, padding, fill = 0, padding_mode = "constant"); padding is ltrb. */
export function pad(img: Img, padding: Size, options: PadOptions = {}): Img {
  const o = checkOptions("pad", options, ["fill", "padding_mode"]);
  const fill = (o.fill ?? 0) as number;
  let mode = (o.padding_mode ?? "constant") as string;
  if (!["constant", "edge", "reflect", "symmetric"].includes(mode)) {
    throw new ValueError("Padding mode should be either constant, edge, reflect or symmetric");
  }
  const [l, t, r, b] = parsePadding(padding);
  const p = [l, r, t, b];
  return onTensor(img, (x) => {
    if (mode === "edge") mode = "replicate";
    if (mode === "symmetric") {
      if (Math.min(...p) < 0) throw new ValueError("Padding can not be negative for symmetric padding_mode");
      return padSymmetric(x, p);
    }
    const squeeze = mode !== "constant" && x.dim() < 4;
    if (squeeze) x = x.unsqueeze(0);
    const outDtype = x.dtype;
    const cast = mode !== "constant" && outDtype !== torch.float32 && outDtype !== torch.float64;
    if (cast) x = x.to(torch.float32);
    x = mode === "constant" ? torch.nn.functional.pad(x, p, { mode, value: fill }) : torch.nn.functional.pad(x, p, { mode: mode as never });
    if (squeeze) x = x.squeeze(0);
    if (cast) x = x.to(outDtype);
    return x;
  });
}

function padSymmetric(img: Tensor, p: number[]): Tensor {
  const shape = img.shape as number[];
  const H = shape[shape.length - 2];
  const W = shape[shape.length - 1];
  const idx = (n: number, before: number, after: number): Tensor => {
    const list: number[] = [];
    for (let i = before - 1; i >= 0; i--) list.push(i);
    for (let i = 0; i < n; i++) list.push(i);
    for (let i = 0; i < after; i++) list.push(n - 1 - i);
    return torch.tensor(list, { dtype: torch.int64 });
  };
  return img.index_select(-2, idx(H, p[2], p[3])).index_select(-1, idx(W, p[0], p[1]));
}

/** F.crop(img, top, left, height, width): zero-padded where the box leaves the image. */
export function crop(img: Img, top: number, left: number, height: number, width: number): Img {
  const [, h, w] = get_dimensions(img);
  const right = left + width;
  const bottom = top + height;
  if (left < 0 || top < 0 || right > w || bottom > h) {
    const padding = [
      Math.max(-left + Math.min(0, right), 0),
      Math.max(-top + Math.min(0, bottom), 0),
      Math.max(right - Math.max(w, left), 0),
      Math.max(bottom - Math.max(h, top), 0),
    ];
    const inner = onTensor(img, (x) => {
      const t0 = Math.max(top, 0);
      const l0 = Math.max(left, 0);
      const hh = Math.max(Math.min(bottom, h) - t0, 0);
      const ww = Math.max(Math.min(right, w) - l0, 0);
      return x.narrow(-2, Math.min(t0, h), hh).narrow(-1, Math.min(l0, w), ww);
    });
    return pad(inner, padding, { fill: 0 });
  }
  if (img instanceof Image) return pilCrop(img, top, left, height, width);
  return onTensor(img, (x) => x.narrow(-2, top, height).narrow(-1, left, width));
}

function sizePair(size: Size, name = "size"): [number, number] {
  if (typeof size === "number") return [Math.trunc(size), Math.trunc(size)];
  if (size.length === 1) return [size[0], size[0]];
  if (size.length !== 2) throw new ValueError(`Please provide only two dimensions (h, w) for ${name}.`);
  return [size[0], size[1]];
}

/** F.center_crop(img, output_size). */
export function center_crop(img: Img, output_size: Size): Img {
  const [ch, cw] = sizePair(output_size);
  let [, h, w] = get_dimensions(img);
  if (cw > w || ch > h) {
    const padding = [
      cw > w ? floordiv(cw - w, 2) : 0,
      ch > h ? floordiv(ch - h, 2) : 0,
      cw > w ? floordiv(cw - w + 1, 2) : 0,
      ch > h ? floordiv(ch - h + 1, 2) : 0,
    ];
    img = pad(img, padding, { fill: 0 });
    [, h, w] = get_dimensions(img);
    if (cw === w && ch === h) return img;
  }
  const top = Math.trunc(pyRound((h - ch) / 2.0));
  const left = Math.trunc(pyRound((w - cw) / 2.0));
  return crop(img, top, left, ch, cw);
}

/** F.resized_crop(img, top, left, height, width, size, interpolation, antialias). */
export function resized_crop(
  img: Img, top: number, left: number, height: number, width: number, size: Size, options: Omit<ResizeOptions, "max_size"> = {},
): Img {
  return resize(crop(img, top, left, height, width), size, options);
}

/** F.hflip / F.vflip. */
export function hflip(img: Img): Img {
  if (img instanceof Image) return pilFlip(img, true);
  return onTensor(img, (x) => x.flip(-1));
}
export function vflip(img: Img): Img {
  if (img instanceof Image) return pilFlip(img, false);
  return onTensor(img, (x) => x.flip(-2));
}

/** F.convert_image_dtype / v2's to_dtype(scale = true) for images. */
export function to_dtype(image: Tensor, dt: dtype = torch.float32, scale = false): Tensor {
  if (image.dtype === dt) return image;
  if (!scale) return image.to(dt);
  const maxValue = (d: dtype): number => {
    const info = torch.iinfo(d) as { max: number };
    return Number(info.max);
  };
  const bits = (d: dtype): number => (d === torch.uint8 ? 8 : Number(torch.iinfo(d).bits) - 1);
  const floatIn = image.is_floating_point();
  const floatOut = dt.is_floating_point;
  if (floatIn) {
    if (floatOut) return image.to(dt);
    if ((image.dtype === torch.float32 && (dt === torch.int32 || dt === torch.int64)) || (image.dtype === torch.float64 && dt === torch.int64)) {
      throw new RuntimeError(`The conversion from ${image.dtype} to ${dt} cannot be performed safely.`);
    }
    return image.mul(maxValue(dt) + 1.0 - 1e-3).to(dt);
  }
  if (floatOut) return image.to(dt).mul_(1.0 / maxValue(image.dtype));
  const bin = bits(image.dtype);
  const bout = bits(dt);
  if (bin > bout) return image.bitwise_right_shift(bin - bout).to(dt);
  return image.to(dt).bitwise_left_shift_(bout - bin);
}

// ---------------------------------------------------------------------------------------
// classes

/** A transform: callable through forward (and __call__, as Python). */
export abstract class Transform {
  abstract forward(...inputs: unknown[]): unknown;
  __call__(...inputs: unknown[]): unknown {
    return this.forward(...inputs);
  }
  /** Python's repr: the class name and its arguments. */
  toString(): string {
    return `${this.constructor.name}(${this._extra_repr()})`;
  }
  protected _extra_repr(): string {
    return "";
  }
}

/** A transform or a plain function. */
export type TransformLike = Transform | ((x: any) => any);
export function _apply(t: TransformLike, x: unknown): any {
  return t instanceof Transform ? t.forward(x) : (t as (x: unknown) => unknown)(x);
}

export class Compose extends Transform {
  constructor(readonly transforms: TransformLike[]) {
    super();
  }
  forward(img: unknown): any {
    for (const t of this.transforms) img = _apply(t, img);
    return img;
  }
  toString(): string {
    return `Compose(\n${this.transforms.map((t) => `    ${String(t)}`).join("\n")}\n)`;
  }
}

export class Lambda extends Transform {
  constructor(readonly lambd: (x: any) => any) {
    super();
    if (typeof lambd !== "function") throw new TypeError(`Argument lambd should be callable, got ${typeof lambd}`);
  }
  forward(img: unknown): any {
    return this.lambd(img);
  }
}

export class ToTensor extends Transform {
  forward(pic: Image): Tensor {
    return to_tensor(pic);
  }
}

export class PILToTensor extends Transform {
  forward(pic: Image): Tensor {
    return pil_to_tensor(pic);
  }
}

export class ToPILImage extends Transform {
  constructor(readonly mode?: "L" | "RGB" | "RGBA") {
    super();
  }
  forward(pic: Tensor): Image {
    return to_pil_image(pic, this.mode);
  }
}

export class Normalize extends Transform {
  readonly inplace: boolean;
  constructor(readonly mean: number[], readonly std: number[], options: { inplace?: boolean } = {}) {
    super();
    this.inplace = (checkOptions("Normalize.__init__", options, ["inplace"]).inplace ?? false) as boolean;
  }
  forward(tensor: Tensor): Tensor {
    if (!isTensor(tensor) || !tensor.is_floating_point() || tensor.dim() < 3) return normalize(tensor, this.mean, this.std, this.inplace);
    let cache = normalizeCache.get(this);
    if (cache === undefined) normalizeCache.set(this, (cache = new Map()));
    const key = `${String(tensor.dtype)}|${String(tensor.device)}|${this.mean.join()}|${this.std.join()}`;
    let constants = cache.get(key);
    if (constants === undefined) {
      if (cache.size > 8) cache.clear();
      cache.set(key, (constants = normalizeConstants(this.mean, this.std, tensor.dtype, tensor.device)));
    }
    return (this.inplace ? tensor : tensor.clone()).sub_(constants[0]).div_(constants[1]);
  }
  protected _extra_repr(): string {
    return `mean=[${this.mean.join(", ")}], std=[${this.std.join(", ")}]`;
  }
}

export class Resize extends Transform {
  readonly interpolation: InterpolationMode;
  readonly max_size: number | null;
  readonly antialias: boolean | null;
  constructor(readonly size: Size | null, options: ResizeOptions = {}) {
    super();
    const o = checkOptions("Resize.__init__", options, ["interpolation", "max_size", "antialias"]);
    this.interpolation = (o.interpolation ?? "bilinear") as InterpolationMode;
    this.max_size = (o.max_size ?? null) as number | null;
    this.antialias = (o.antialias === undefined ? true : o.antialias) as boolean | null;
    if (size !== null && typeof size !== "number" && !Array.isArray(size)) {
      throw new TypeError(`Size should be int or sequence. Got ${typeof size}`);
    }
  }
  forward(img: Img): Img {
    return resize(img, this.size, { interpolation: this.interpolation, max_size: this.max_size, antialias: this.antialias });
  }
}

export class CenterCrop extends Transform {
  readonly size: [number, number];
  constructor(size: Size) {
    super();
    this.size = sizePair(size);
  }
  forward(img: Img): Img {
    return center_crop(img, this.size);
  }
}

export class Pad extends Transform {
  readonly fill: number;
  readonly padding_mode: string;
  constructor(readonly padding: Size, options: PadOptions = {}) {
    super();
    const o = checkOptions("Pad.__init__", options, ["fill", "padding_mode"]);
    this.fill = (o.fill ?? 0) as number;
    this.padding_mode = (o.padding_mode ?? "constant") as string;
    parsePadding(padding);
  }
  forward(img: Img): Img {
    return pad(img, this.padding, { fill: this.fill, padding_mode: this.padding_mode as PadOptions["padding_mode"] });
  }
}

export interface RandomCropOptions extends PadOptions {
  padding?: Size | null;
  pad_if_needed?: boolean;
}

export class RandomCrop extends Transform {
  readonly size: [number, number];
  readonly padding: Size | null;
  readonly pad_if_needed: boolean;
  readonly fill: number;
  readonly padding_mode: PadOptions["padding_mode"];
  constructor(size: Size, options: RandomCropOptions = {}) {
    super();
    const o = checkOptions("RandomCrop.__init__", options, ["padding", "pad_if_needed", "fill", "padding_mode"]);
    this.size = sizePair(size);
    this.padding = (o.padding ?? null) as Size | null;
    this.pad_if_needed = (o.pad_if_needed ?? false) as boolean;
    this.fill = (o.fill ?? 0) as number;
    this.padding_mode = (o.padding_mode ?? "constant") as PadOptions["padding_mode"];
  }
  /** RandomCrop.get_params(img, output_size): [i, j, h, w]. */
  static get_params(img: Img, output_size: [number, number]): [number, number, number, number] {
    const [, h, w] = get_dimensions(img);
    const [th, tw] = output_size;
    if (h < th || w < tw) throw new ValueError(`Required crop size (${th}, ${tw}) is larger than input image size (${h}, ${w})`);
    if (w === tw && h === th) return [0, 0, h, w];
    const i = torch.randint(0, h - th + 1, [1]).item() as number;
    const j = torch.randint(0, w - tw + 1, [1]).item() as number;
    return [i, j, th, tw];
  }
  forward(img: Img): Img {
    const po = { fill: this.fill, padding_mode: this.padding_mode };
    if (this.padding !== null) img = pad(img, this.padding, po);
    const [, height, width] = get_dimensions(img);
    if (this.pad_if_needed && width < this.size[1]) img = pad(img, [this.size[1] - width, 0], po);
    if (this.pad_if_needed && height < this.size[0]) img = pad(img, [0, this.size[0] - height], po);
    const [i, j, h, w] = RandomCrop.get_params(img, this.size);
    return crop(img, i, j, h, w);
  }
}

export interface RandomResizedCropOptions {
  scale?: [number, number];
  ratio?: [number, number];
  interpolation?: InterpolationMode;
  antialias?: boolean | null;
}

// torch.log(torch.tensor(ratio)).tolist(), as get_params computes it, once per ratio.
const logRatios = new Map<string, number[]>();
function logOf(ratio: [number, number]): number[] {
  const key = ratio.join();
  let found = logRatios.get(key);
  if (found === undefined) {
    if (logRatios.size > 64) logRatios.clear();
    logRatios.set(key, (found = torch.log(torch.tensor(ratio)).tolist() as number[]));
  }
  return found;
}

export class RandomResizedCrop extends Transform {
  readonly size: [number, number];
  readonly scale: [number, number];
  readonly ratio: [number, number];
  readonly interpolation: InterpolationMode;
  readonly antialias: boolean | null;
  constructor(size: Size, options: RandomResizedCropOptions = {}) {
    super();
    const o = checkOptions("RandomResizedCrop.__init__", options, ["scale", "ratio", "interpolation", "antialias"]);
    this.size = sizePair(size);
    this.scale = (o.scale ?? [0.08, 1.0]) as [number, number];
    this.ratio = (o.ratio ?? [3.0 / 4.0, 4.0 / 3.0]) as [number, number];
    this.interpolation = (o.interpolation ?? "bilinear") as InterpolationMode;
    this.antialias = (o.antialias === undefined ? true : o.antialias) as boolean | null;
    if (this.scale[0] > this.scale[1] || this.ratio[0] > this.ratio[1]) {
      process.emitWarning("Scale and ratio should be of kind (min, max)", "UserWarning");
    }
  }
  /** RandomResizedCrop.get_params(img, scale, ratio): [i, j, h, w]. */
  static get_params(img: Img, scale: [number, number], ratio: [number, number]): [number, number, number, number] {
    const [, height, width] = get_dimensions(img);
    const area = height * width;
    const logRatio = logOf(ratio);
    for (let attempt = 0; attempt < 10; attempt++) {
      const target_area = area * (torch.empty(1).uniform_(scale[0], scale[1]).item() as number);
      const aspect_ratio = torch.exp(torch.empty(1).uniform_(logRatio[0], logRatio[1])).item() as number;
      const w = Math.trunc(pyRound(Math.sqrt(target_area * aspect_ratio)));
      const h = Math.trunc(pyRound(Math.sqrt(target_area / aspect_ratio)));
      if (0 < w && w <= width && 0 < h && h <= height) {
        const i = torch.randint(0, height - h + 1, [1]).item() as number;
        const j = torch.randint(0, width - w + 1, [1]).item() as number;
        return [i, j, h, w];
      }
    }
    const inRatio = width / height;
    let w: number, h: number;
    if (inRatio < Math.min(...ratio)) {
      w = width;
      h = Math.trunc(pyRound(w / Math.min(...ratio)));
    } else if (inRatio > Math.max(...ratio)) {
      h = height;
      w = Math.trunc(pyRound(h * Math.max(...ratio)));
    } else {
      w = width;
      h = height;
    }
    return [floordiv(height - h, 2), floordiv(width - w, 2), h, w];
  }
  forward(img: Img): Img {
    const [i, j, h, w] = RandomResizedCrop.get_params(img, this.scale, this.ratio);
    return resized_crop(img, i, j, h, w, this.size, { interpolation: this.interpolation, antialias: this.antialias });
  }
}

export class RandomHorizontalFlip extends Transform {
  constructor(readonly p = 0.5) {
    super();
  }
  forward(img: Img): Img {
    if ((torch.rand(1).item() as number) < this.p) return hflip(img);
    return img;
  }
  protected _extra_repr(): string {
    return `p=${this.p}`;
  }
}

export class RandomVerticalFlip extends Transform {
  constructor(readonly p = 0.5) {
    super();
  }
  forward(img: Img): Img {
    if ((torch.rand(1).item() as number) < this.p) return vflip(img);
    return img;
  }
}

/** v1 F.convert_image_dtype(image, dtype = float32): v1's formulas (division, integer factors). */
export function convert_image_dtype(image: Tensor, dt: dtype = torch.float32): Tensor {
  if (!isTensor(image)) throw new TypeError("Input img should be Tensor Image");
  if (image.dtype === dt) return image;
  const maxValue = (d: dtype): number => Number((torch.iinfo(d) as { max: number }).max);
  if (image.is_floating_point()) {
    if (dt.is_floating_point) return image.to(dt);
    if ((image.dtype === torch.float32 && (dt === torch.int32 || dt === torch.int64)) || (image.dtype === torch.float64 && dt === torch.int64)) {
      throw new RuntimeError(`The cast from ${image.dtype} to ${dt} cannot be performed safely.`);
    }
    return image.mul(maxValue(dt) + 1.0 - 1e-3).to(dt);
  }
  const inputMax = maxValue(image.dtype);
  if (dt.is_floating_point) return image.to(dt).div(inputMax);
  const outputMax = maxValue(dt);
  if (inputMax > outputMax) {
    const factor = Math.floor((inputMax + 1) / (outputMax + 1));
    return torch.div(image, factor, { rounding_mode: "floor" }).to(dt);
  }
  const factor = Math.floor((outputMax + 1) / (inputMax + 1));
  return image.to(dt).mul(factor);
}

/** v1 ConvertImageDtype(dtype). */
export class ConvertImageDtype extends Transform {
  constructor(readonly dtype: dtype) {
    super();
  }
  forward(image: Tensor): Tensor {
    return convert_image_dtype(image, this.dtype);
  }
}

/** v2.ToDtype(dtype, scale = false), for images. */
export class ToDtype extends Transform {
  readonly scale: boolean;
  constructor(readonly dtype: dtype, scale: boolean | { scale?: boolean } = false) {
    super();
    this.scale = typeof scale === "boolean" ? scale : ((checkOptions("ToDtype.__init__", scale, ["scale"]).scale ?? false) as boolean);
  }
  /** An Image passes through unchanged, as in Python (v2 converts only tensors). */
  forward<I extends Tensor | Image>(image: I): I {
    if (image instanceof Image) return image;
    return to_dtype(image as Tensor, this.dtype, this.scale) as I;
  }
}

/** v2.ToImage: an Image (or tensor) to a uint8 (C, H, W) tensor. */
export class ToImage extends Transform {
  forward(image: Tensor | Image): Tensor {
    return image instanceof Image ? imageToTensor(image) : image;
  }
}

/** transforms.functional */
export const functional = {
  get_dimensions, get_image_size, to_tensor, pil_to_tensor, to_pil_image, normalize, resize, pad, crop,
  center_crop, resized_crop, hflip, vflip, to_dtype, convert_image_dtype,
};

/**
 * transforms.v2: the same classes (their random draws are v1's: v2's RandomCrop,
 * RandomResizedCrop and RandomHorizontalFlip draw with the same torch calls in the same order).
 */
export const v2 = {
  Compose, Lambda, ToTensor, PILToTensor, ToPILImage, ToImage, ToDtype, Normalize, Resize, CenterCrop, Pad,
  RandomCrop, RandomResizedCrop, RandomHorizontalFlip, RandomVerticalFlip, ConvertImageDtype, Transform,
  InterpolationMode, functional,
};
