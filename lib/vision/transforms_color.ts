// torchvision's color transforms on tensor images: F.adjust_brightness / adjust_contrast /
// adjust_saturation / adjust_hue / rgb_to_grayscale (v1's _functional_tensor formulas), v2's
// kernels (v2.functional: integer images take the floor of the gray image, a different HSV
// code), and ColorJitter in both (one torch.randperm(4), then one uniform_ draw per factor
// given, in torchvision's order). An Image goes through the tensor code (not PIL's ImageEnhance).
import torch = require("../index");
import type { Tensor } from "../tensor";
import { TypeError, ValueError } from "../errors";
import { Image, imageToTensor, tensorToImage } from "./image";
import { Transform, convert_image_dtype, to_dtype } from "./transforms";

type Img = Tensor | Image;
type Range = number | [number, number] | number[];

function onTensor(img: Img, fn: (t: Tensor) => Tensor): Img {
  if (img instanceof Image) return tensorToImage(fn(imageToTensor(img)), img.mode);
  if (!(img instanceof torch.Tensor)) throw new TypeError(`img should be PIL Image or Tensor. Got ${typeof img}`);
  return fn(img);
}

function assertImage(img: Tensor): void {
  if (img.dim() < 2) throw new TypeError("Tensor is not a torch image.");
}
function assertChannels(img: Tensor, permitted: number[]): void {
  const c = img.dim() === 2 ? 1 : (img.shape[img.dim() - 3] as number);
  if (!permitted.includes(c)) throw new TypeError(`Input image tensor permitted channel values are ${JSON.stringify(permitted).replace(/,/g, ", ")}, but found ${c}`);
}
const channels = (img: Tensor): number => (img.dim() === 2 ? 1 : (img.shape[img.dim() - 3] as number));

/** _max_value(dtype): 1.0 for floats, the integer type's max otherwise. */
function maxValue(img: Tensor): number {
  return img.is_floating_point() ? 1.0 : Number((torch.iinfo(img.dtype) as { max: number }).max);
}
/** Python's `float * tensor`: an integer tensor becomes float32 first (a JS number cannot say "float"). */
const asFloat = (t: Tensor): Tensor => (t.is_floating_point() ? t : t.to(torch.float32));

function blend(img1: Tensor, img2: Tensor, ratio: number): Tensor {
  return asFloat(img1).mul(ratio).add(asFloat(img2).mul(1.0 - ratio)).clamp(0, maxValue(img1)).to(img1.dtype);
}

/** F.rgb_to_grayscale(img, num_output_channels = 1), tensor form. */
export function rgb_to_grayscale(img: Tensor, num_output_channels = 1): Tensor {
  if (img.dim() < 3) throw new TypeError(`Input image tensor should have at least 3 dimensions, but found ${img.dim()}`);
  assertChannels(img, [1, 3]);
  if (num_output_channels !== 1 && num_output_channels !== 3) throw new ValueError("num_output_channels should be either 1 or 3");
  let l: Tensor;
  if (channels(img) === 3) {
    const [r, g, b] = asFloat(img).unbind(-3);
    l = r.mul(0.2989).add(g.mul(0.587)).add(b.mul(0.114)).to(img.dtype).unsqueeze(-3);
  } else {
    l = img.clone();
  }
  return num_output_channels === 3 ? l.expand(img.shape as number[]) : l;
}

/** F.adjust_brightness(img, brightness_factor) */
export function adjust_brightness(img: Img, brightness_factor: number): Img {
  if (brightness_factor < 0) throw new ValueError(`brightness_factor (${brightness_factor}) is not non-negative.`);
  return onTensor(img, (t) => {
    assertImage(t);
    assertChannels(t, [1, 3]);
    return blend(t, torch.zeros_like(t), brightness_factor);
  });
}

/** F.adjust_contrast(img, contrast_factor) */
export function adjust_contrast(img: Img, contrast_factor: number): Img {
  if (contrast_factor < 0) throw new ValueError(`contrast_factor (${contrast_factor}) is not non-negative.`);
  return onTensor(img, (t) => {
    assertImage(t);
    assertChannels(t, [3, 1]);
    const dt = t.is_floating_point() ? t.dtype : torch.float32;
    const gray = channels(t) === 3 ? rgb_to_grayscale(t).to(dt) : t.to(dt);
    const mean = torch.mean(gray, { dim: [-3, -2, -1], keepdim: true });
    return blend(t, mean, contrast_factor);
  });
}

/** F.adjust_saturation(img, saturation_factor) */
export function adjust_saturation(img: Img, saturation_factor: number): Img {
  if (saturation_factor < 0) throw new ValueError(`saturation_factor (${saturation_factor}) is not non-negative.`);
  return onTensor(img, (t) => {
    assertImage(t);
    assertChannels(t, [1, 3]);
    if (channels(t) === 1) return t;
    return blend(t, rgb_to_grayscale(t), saturation_factor);
  });
}

function rgb2hsv(img: Tensor): Tensor {
  const [r, g, b] = img.unbind(-3);
  const maxc = torch.max(img, { dim: -3 }).values;
  const minc = torch.min(img, { dim: -3 }).values;
  const eqc = maxc.eq(minc);
  const cr = maxc.sub(minc);
  const ones = torch.ones_like(maxc);
  const s = cr.div(torch.where(eqc, ones, maxc));
  const crDivisor = torch.where(eqc, ones, cr);
  const rc = maxc.sub(r).div(crDivisor);
  const gc = maxc.sub(g).div(crDivisor);
  const bc = maxc.sub(b).div(crDivisor);
  const hr = maxc.eq(r).mul(bc.sub(gc));
  const hg = maxc.eq(g).logical_and(maxc.ne(r)).mul(rc.sub(bc).add(2.0));
  const hb = maxc.ne(g).logical_and(maxc.ne(r)).mul(gc.sub(rc).add(4.0));
  const h = torch.fmod(hr.add(hg).add(hb).div(6.0).add(1.0), 1.0);
  return torch.stack([h, s, maxc], { dim: -3 });
}

function hsv2rgb(img: Tensor): Tensor {
  const [h, s, v] = img.unbind(-3);
  const i0 = torch.floor(h.mul(6.0));
  const f = h.mul(6.0).sub(i0);
  const i = i0.to(torch.int32).remainder(6);
  const p = torch.clamp(v.mul(s.neg().add(1.0)), 0.0, 1.0);
  const q = torch.clamp(v.mul(s.mul(f).neg().add(1.0)), 0.0, 1.0);
  const t = torch.clamp(v.mul(s.mul(f.neg().add(1.0)).neg().add(1.0)), 0.0, 1.0);
  const mask = i.unsqueeze(-3).eq(torch.arange(6).view(-1, 1, 1));
  const a1 = torch.stack([v, q, p, p, t, v], { dim: -3 });
  const a2 = torch.stack([t, v, v, q, p, p], { dim: -3 });
  const a3 = torch.stack([p, p, t, v, v, q], { dim: -3 });
  const a4 = torch.stack([a1, a2, a3], { dim: -4 });
  return torch.einsum("...ijk, ...xijk -> ...xjk", mask.to(img.dtype), a4);
}

/** F.adjust_hue(img, hue_factor): through HSV, hue_factor in [-0.5, 0.5]. */
export function adjust_hue(img: Img, hue_factor: number): Img {
  if (!(-0.5 <= hue_factor && hue_factor <= 0.5)) throw new ValueError(`hue_factor (${hue_factor}) is not in [-0.5, 0.5].`);
  return onTensor(img, (t) => {
    assertImage(t);
    assertChannels(t, [1, 3]);
    if (channels(t) === 1) return t;
    const orig = t.dtype;
    const hsv = rgb2hsv(convert_image_dtype(t, torch.float32));
    const [h, s, v] = hsv.unbind(-3);
    const out = hsv2rgb(torch.stack([h.add(hue_factor).remainder(1.0), s, v], { dim: -3 }));
    return convert_image_dtype(out, orig);
  });
}

// ---- v2.functional's kernels ----

function v2Channels(img: Tensor): number {
  const c = img.shape[img.dim() - 3] as number;
  if (c !== 1 && c !== 3) throw new TypeError(`Input image tensor permitted channel values are 1 or 3, but found ${c}`);
  return c;
}
function v2Blend(img1: Tensor, img2: Tensor, ratio: number): Tensor {
  const out = asFloat(img1).mul(ratio).add(img2, { alpha: 1.0 - ratio }).clamp_(0, maxValue(img1));
  return img1.is_floating_point() ? out : out.to(img1.dtype);
}
function v2Gray(img: Tensor): Tensor {
  const [r, g, b] = asFloat(img).unbind(-3);
  return r.mul(0.2989).add_(g, { alpha: 0.587 }).add_(b, { alpha: 0.114 }).unsqueeze(-3);
}

/** v2.functional.adjust_brightness */
function v2_adjust_brightness(img: Tensor, brightness_factor: number): Tensor {
  if (brightness_factor < 0) throw new ValueError(`brightness_factor (${brightness_factor}) is not non-negative.`);
  v2Channels(img);
  const out = asFloat(img).mul(brightness_factor).clamp_(0, maxValue(img));
  return img.is_floating_point() ? out : out.to(img.dtype);
}
/** v2.functional.adjust_saturation */
function v2_adjust_saturation(img: Tensor, saturation_factor: number): Tensor {
  if (saturation_factor < 0) throw new ValueError(`saturation_factor (${saturation_factor}) is not non-negative.`);
  if (v2Channels(img) === 1) return img;
  let gray = v2Gray(img);
  if (!img.is_floating_point()) gray = gray.floor_();
  return v2Blend(img, gray, saturation_factor);
}
/** v2.functional.adjust_contrast */
function v2_adjust_contrast(img: Tensor, contrast_factor: number): Tensor {
  if (contrast_factor < 0) throw new ValueError(`contrast_factor (${contrast_factor}) is not non-negative.`);
  const fp = img.is_floating_point();
  let gray: Tensor;
  if (v2Channels(img) === 3) {
    gray = v2Gray(img);
    if (!fp) gray = gray.floor_();
  } else {
    gray = fp ? img : img.to(torch.float32);
  }
  return v2Blend(img, torch.mean(gray, { dim: [-3, -2, -1], keepdim: true }), contrast_factor);
}
function v2Rgb2hsv(image: Tensor): Tensor {
  const [r, g] = image.unbind(-3);
  const { min: minc, max: maxc } = torch.aminmax(image, { dim: -3 }) as unknown as { min: Tensor; max: Tensor };
  const eqc = maxc.eq(minc);
  const range = maxc.sub(minc);
  const ones = torch.ones_like(maxc);
  const s = range.div(torch.where(eqc, ones, maxc));
  const divisor = torch.where(eqc, ones, range).unsqueeze_(-3);
  const [rc, gc, bc] = maxc.unsqueeze(-3).sub(image).div(divisor).unbind(-3);
  const neqR = maxc.ne(r);
  const eqG = maxc.eq(g);
  const hg = rc.add(2.0).sub_(bc).mul_(eqG.logical_and(neqR));
  const hr = bc.sub(gc).mul_(neqR.logical_not());
  const hb = gc.add(4.0).sub_(rc).mul_(neqR.logical_and(eqG.logical_not()));
  const h = hr.add_(hg).add_(hb).mul_(1.0 / 6.0).add_(1.0).fmod_(1.0);
  return torch.stack([h, s, maxc], { dim: -3 });
}
function v2Hsv2rgb(img: Tensor): Tensor {
  const [h, s, v] = img.unbind(-3);
  const h6 = h.mul(6);
  const i0 = torch.floor(h6);
  const f = h6.sub(i0);
  const i = i0.to(torch.int32).remainder(6);
  const sxf = s.mul(f);
  const oneMinusS = s.neg().add(1.0);
  const q = sxf.neg().add(1.0).mul_(v).clamp_(0.0, 1.0);
  const t = sxf.add(oneMinusS).mul_(v).clamp_(0.0, 1.0);
  const p = oneMinusS.mul(v).clamp_(0.0, 1.0);
  const vpqt = torch.stack([v, p, q, t], { dim: -3 });
  const table = torch.tensor([[0, 2, 1, 1, 3, 0], [3, 0, 0, 2, 1, 1], [1, 1, 3, 0, 0, 2]], { dtype: torch.int64 });
  let select = table.index_select(1, i.flatten().to(torch.int64)).view(3, ...(i.shape as number[]));
  if (select.dim() > 3) select = select.movedim(0, -3);
  return vpqt.gather(-3, select);
}
/** v2.functional.adjust_hue */
function v2_adjust_hue(img: Tensor, hue_factor: number): Tensor {
  if (!(-0.5 <= hue_factor && hue_factor <= 0.5)) throw new ValueError(`hue_factor (${hue_factor}) is not in [-0.5, 0.5].`);
  if (v2Channels(img) === 1 || img.numel() === 0) return img;
  const orig = img.dtype;
  const hsv = v2Rgb2hsv(to_dtype(img, torch.float32, true));
  const [h, s, v] = hsv.unbind(-3);
  const out = v2Hsv2rgb(torch.stack([h.add(hue_factor).remainder(1.0), s, v], { dim: -3 }));
  return to_dtype(out, orig, true);
}

/** v2.functional's color kernels (tensor images). */
export const v2_functional = {
  adjust_brightness: (img: Img, f: number): Img => onTensor(img, (t) => v2_adjust_brightness(t, f)),
  adjust_contrast: (img: Img, f: number): Img => onTensor(img, (t) => v2_adjust_contrast(t, f)),
  adjust_saturation: (img: Img, f: number): Img => onTensor(img, (t) => v2_adjust_saturation(t, f)),
  adjust_hue: (img: Img, f: number): Img => onTensor(img, (t) => v2_adjust_hue(t, f)),
};

export interface ColorJitterOptions {
  brightness?: Range;
  contrast?: Range;
  saturation?: Range;
  hue?: Range;
}

type Kernels = { adjust_brightness: (i: Img, f: number) => Img; adjust_contrast: (i: Img, f: number) => Img; adjust_saturation: (i: Img, f: number) => Img; adjust_hue: (i: Img, f: number) => Img };

const fmt = (x: number): string => (Number.isInteger(x) ? `${x}.0` : String(x));
const boundStr = (b: [number, number]) => `(${b.map((x) => (x === Infinity ? "inf" : b[0] === 0 && x === 0 ? "0" : String(x))).join(", ")})`;

/** transforms.ColorJitter({ brightness = 0, contrast = 0, saturation = 0, hue = 0 }) (v1). */
export class ColorJitter extends Transform {
  readonly brightness: [number, number] | null;
  readonly contrast: [number, number] | null;
  readonly saturation: [number, number] | null;
  readonly hue: [number, number] | null;
  protected static _kernels: Kernels = { adjust_brightness, adjust_contrast, adjust_saturation, adjust_hue };
  protected static _v2 = false;
  constructor(options: ColorJitterOptions = {}) {
    super();
    for (const key of Object.keys(options)) {
      if (!["brightness", "contrast", "saturation", "hue"].includes(key)) throw new TypeError(`ColorJitter() got an unexpected keyword argument '${key}'`);
    }
    this.brightness = this._check_input(options.brightness ?? 0, "brightness");
    this.contrast = this._check_input(options.contrast ?? 0, "contrast");
    this.saturation = this._check_input(options.saturation ?? 0, "saturation");
    this.hue = this._check_input(options.hue ?? 0, "hue", 0, [-0.5, 0.5], false);
  }

  _check_input(value: Range, name: string, center = 1, bound: [number, number] = [0, Infinity], clip_first_on_zero = true): [number, number] | null {
    const v2 = (this.constructor as typeof ColorJitter)._v2;
    let v: [number, number];
    if (typeof value === "number") {
      if (value < 0) throw new ValueError(`If ${name} is a single number, it must be non negative.`);
      v = [center - value, center + value];
      if (clip_first_on_zero) v[0] = Math.max(v[0], 0.0);
    } else if (Array.isArray(value) && value.length === 2) {
      v = [value[0], value[1]];
    } else {
      throw new TypeError(v2 ? `${name}=${String(value)} should be a single number or a sequence with length 2.` : `${name} should be a single number or a list/tuple with length 2.`);
    }
    if (!(bound[0] <= v[0] && v[0] <= v[1] && v[1] <= bound[1])) {
      const got = `[${v.map(fmt).join(", ")}]`;
      throw new ValueError(v2 ? `${name} values should be between ${boundStr(bound)} and increasing, but got ${got}.` : `${name} values should be between ${boundStr(bound)}, but got ${got}.`);
    }
    return v[0] === v[1] && v[1] === center ? null : v;
  }

  /** ColorJitter.get_params(brightness, contrast, saturation, hue): [fn_idx, b, c, s, h]. */
  static get_params(
    brightness: [number, number] | null, contrast: [number, number] | null, saturation: [number, number] | null, hue: [number, number] | null,
  ): [Tensor, number | null, number | null, number | null, number | null] {
    const fn_idx = torch.randperm(4);
    const draw = (r: [number, number] | null) => (r === null ? null : (torch.empty(1).uniform_(r[0], r[1]).item() as number));
    const b = draw(brightness);
    const c = draw(contrast);
    const s = draw(saturation);
    const h = draw(hue);
    return [fn_idx, b, c, s, h];
  }

  forward(img: Img): Img {
    const [fn_idx, b, c, s, h] = ColorJitter.get_params(this.brightness, this.contrast, this.saturation, this.hue);
    const k = (this.constructor as typeof ColorJitter)._kernels;
    for (const fn_id of fn_idx.tolist() as number[]) {
      if (fn_id === 0 && b !== null) img = k.adjust_brightness(img, b);
      else if (fn_id === 1 && c !== null) img = k.adjust_contrast(img, c);
      else if (fn_id === 2 && s !== null) img = k.adjust_saturation(img, s);
      else if (fn_id === 3 && h !== null) img = k.adjust_hue(img, h);
    }
    return img;
  }

  toString(): string {
    const r = (x: [number, number] | null) => (x === null ? "None" : `(${x.map(fmt).join(", ")})`);
    return `${this.constructor.name}(brightness=${r(this.brightness)}, contrast=${r(this.contrast)}, saturation=${r(this.saturation)}, hue=${r(this.hue)})`;
  }
}

/** transforms.v2.ColorJitter: the same draws, v2's kernels. */
export class ColorJitterV2 extends ColorJitter {
  protected static _kernels: Kernels = v2_functional;
  protected static _v2 = true;
}
Object.defineProperty(ColorJitterV2, "name", { value: "ColorJitter" });
