// torchvision.transforms (v1) F.rotate and RandomRotation on tensor images: the inverse affine
// matrix, torchvision's own affine grid (normalized after theta, so `expand` can enlarge the
// canvas), grid_sample with zeros padding and a mask channel for `fill`; RandomRotation draws
// its angle with one torch.empty(1).uniform_ as Python does. An Image goes through the tensor
// code (not PIL's Image.rotate).
import torch = require("../index");
import type { Tensor } from "../tensor";
import { TypeError, ValueError } from "../errors";
import { Image, imageToTensor, tensorToImage } from "./image";
import { Transform, get_dimensions, type InterpolationMode } from "./transforms";

type Img = Tensor | Image;
type Fill = number | number[] | null;

/** F._get_inverse_affine_matrix(center, angle, translate, scale, shear, inverted = true) */
export function _get_inverse_affine_matrix(
  center: [number, number], angle: number, translate: [number, number], scale: number, shear: [number, number], inverted = true,
): number[] {
  const rad = (d: number) => (d * Math.PI) / 180;
  const rot = rad(angle);
  const sx = rad(shear[0]);
  const sy = rad(shear[1]);
  const [cx, cy] = center;
  const [tx, ty] = translate;
  const a = Math.cos(rot - sy) / Math.cos(sy);
  const b = (-Math.cos(rot - sy) * Math.tan(sx)) / Math.cos(sy) - Math.sin(rot);
  const c = Math.sin(rot - sy) / Math.cos(sy);
  const d = (-Math.sin(rot - sy) * Math.tan(sx)) / Math.cos(sy) + Math.cos(rot);
  let m: number[];
  if (inverted) {
    m = [d, -b, 0.0, -c, a, 0.0].map((x) => x / scale);
    m[2] += m[0] * (-cx - tx) + m[1] * (-cy - ty);
    m[5] += m[3] * (-cx - tx) + m[4] * (-cy - ty);
    m[2] += cx;
    m[5] += cy;
  } else {
    m = [a, b, 0.0, c, d, 0.0].map((x) => x * scale);
    m[2] += m[0] * -cx + m[1] * -cy;
    m[5] += m[3] * -cx + m[4] * -cy;
    m[2] += cx + tx;
    m[5] += cy + ty;
  }
  return m;
}

/** _compute_affine_output_size(matrix, w, h): [w, h] of the canvas holding the whole rotated image. */
function computeAffineOutputSize(matrix: number[], w: number, h: number): [number, number] {
  const pts = torch.tensor([[-0.5 * w, -0.5 * h, 1.0], [-0.5 * w, 0.5 * h, 1.0], [0.5 * w, 0.5 * h, 1.0], [0.5 * w, -0.5 * h, 1.0]]);
  const theta = torch.tensor(matrix, { dtype: torch.float32 }).view(2, 3);
  const newPts = torch.matmul(pts, theta.T);
  const half = torch.tensor([w * 0.5, h * 0.5]);
  const minVals = newPts.min({ dim: 0 }).values.add(half);
  const maxVals = newPts.max({ dim: 0 }).values.add(half);
  const tol = 1e-4;
  const cmax = torch.ceil(maxVals.div(tol).trunc_().mul(tol));
  const cmin = torch.floor(minVals.div(tol).trunc_().mul(tol));
  const size = cmax.sub(cmin).tolist() as number[];
  return [Math.trunc(size[0]), Math.trunc(size[1])];
}

function genAffineGrid(theta: Tensor, w: number, h: number, ow: number, oh: number, v2 = false): Tensor {
  const d = 0.5;
  const base = torch.empty([1, oh, ow, 3], { dtype: theta.dtype });
  // v2's _affine_grid writes the same endpoints as (1 - ow) / 2 .. (ow - 1) / 2
  base.select(-1, 0).copy_(v2 ? torch.linspace((1.0 - ow) * 0.5, (ow - 1.0) * 0.5, ow) : torch.linspace(-ow * 0.5 + d, ow * 0.5 + d - 1, ow));
  base.select(-1, 1).copy_((v2 ? torch.linspace((1.0 - oh) * 0.5, (oh - 1.0) * 0.5, oh) : torch.linspace(-oh * 0.5 + d, oh * 0.5 + d - 1, oh)).unsqueeze_(-1));
  base.select(-1, 2).fill_(1);
  const rescaled = theta.transpose(1, 2).div(torch.tensor([0.5 * w, 0.5 * h], { dtype: theta.dtype }));
  return base.view(1, oh * ow, 3).bmm(rescaled).view(1, oh, ow, 2);
}

function applyGridTransform(img: Tensor, grid: Tensor, mode: string, fill: Fill, v2 = false): Tensor {
  const squeeze = img.dim() < 4;
  if (squeeze) img = img.unsqueeze(0);
  const outDtype = img.dtype;
  const cast = outDtype !== grid.dtype;
  if (cast) img = img.to(grid.dtype);
  const [n, , H, W] = img.shape as number[];
  if (n > 1) grid = grid.expand(n, grid.shape[1] as number, grid.shape[2] as number, grid.shape[3] as number);
  if (fill !== null) img = torch.cat([img, torch.ones([n, 1, H, W], { dtype: img.dtype })], { dim: 1 });
  img = torch.nn.functional.grid_sample(img, grid, { mode: mode as "nearest", padding_mode: "zeros", align_corners: false });
  if (fill !== null) {
    const C = (img.shape[1] as number) - 1;
    let mask = img.narrow(1, C, 1);
    img = img.narrow(1, 0, C);
    mask = mask.expand_as(img);
    const list = Array.isArray(fill) ? fill : [fill];
    const fillImg = torch.tensor(list, { dtype: img.dtype }).view(1, list.length, 1, 1).expand_as(img);
    if (mode === "nearest") {
      const m = mask.lt(0.5);
      img = torch.where(m, fillImg, img);
    } else {
      img = v2 ? img.sub(fillImg).mul_(mask).add_(fillImg) : img.mul(mask).add(mask.neg().add(1.0).mul(fillImg));
    }
  }
  if (squeeze) img = img.squeeze(0);
  if (cast) {
    if (!outDtype.is_floating_point) img = torch.round(img);
    img = img.to(outDtype);
  }
  return img;
}

export interface RotateOptions {
  interpolation?: InterpolationMode;
  expand?: boolean;
  center?: [number, number] | null;
  fill?: Fill;
}

/** F.rotate(img, angle, interpolation = NEAREST, expand = false, center = null, fill = null), counter-clockwise degrees. */
export function rotate(img: Img, angle: number, options: RotateOptions = {}): Img {
  return rotateImpl(img, angle, options, false);
}

/** v2.functional.rotate: angle taken mod 360, rot90 for multiples of 90 (no center), v2's grid and fill blend. */
export function rotate_v2(img: Img, angle: number, options: RotateOptions = {}): Img {
  return rotateImpl(img, angle, options, true);
}

function rotateImpl(img: Img, angle: number, options: RotateOptions, v2: boolean): Img {
  for (const key of Object.keys(options)) {
    if (!["interpolation", "expand", "center", "fill"].includes(key)) throw new TypeError(`rotate() got an unexpected keyword argument '${key}'`);
  }
  const interpolation = options.interpolation ?? "nearest";
  const expand = options.expand ?? false;
  const center = options.center ?? null;
  const fill = options.fill ?? null;
  if (typeof angle !== "number") throw new TypeError("Argument angle should be int or float");
  if (center !== null && !Array.isArray(center)) throw new TypeError("Argument center should be a sequence");
  if (interpolation !== "nearest" && interpolation !== "bilinear") throw new ValueError(`Interpolation mode '${interpolation}' is unsupported with Tensor input`);
  const run = (t: Tensor): Tensor => {
    const [C, h, w] = get_dimensions(t);
    if (v2) {
      angle = ((angle % 360) + 360) % 360;
      if (center === null) {
        if (angle === 0) return t.clone();
        if (angle === 180) return torch.rot90(t, 2, [-2, -1]);
        if (expand || h === w) {
          if (angle === 90) return torch.rot90(t, 1, [-2, -1]);
          if (angle === 270) return torch.rot90(t, 3, [-2, -1]);
        }
      }
    }
    if (Array.isArray(fill) && fill.length > 1 && fill.length !== C) {
      throw new ValueError(`The number of elements in 'fill' cannot broadcast to match the number of channels of the image (${fill.length} != ${C})`);
    }
    const centerF: [number, number] = center === null ? [0.0, 0.0] : [1.0 * (center[0] - w * 0.5), 1.0 * (center[1] - h * 0.5)];
    const matrix = _get_inverse_affine_matrix(centerF, -angle, [0.0, 0.0], 1.0, [0.0, 0.0]);
    const [ow, oh] = expand ? computeAffineOutputSize(matrix, w, h) : [w, h];
    const dt = t.is_floating_point() ? t.dtype : torch.float32;
    const theta = torch.tensor(matrix, { dtype: dt }).reshape(1, 2, 3);
    return applyGridTransform(t, genAffineGrid(theta, w, h, ow, oh, v2), interpolation, fill, v2);
  };
  if (img instanceof Image) return tensorToImage(run(imageToTensor(img)), img.mode);
  if (!(img instanceof torch.Tensor)) throw new TypeError(`img should be PIL Image or Tensor. Got ${typeof img}`);
  return run(img);
}

export interface RandomRotationOptions {
  interpolation?: InterpolationMode;
  expand?: boolean;
  center?: [number, number] | null;
  fill?: number | number[];
}

/** transforms.RandomRotation(degrees, { interpolation = NEAREST, expand = false, center = null, fill = 0 }) */
export class RandomRotation extends Transform {
  readonly degrees: [number, number];
  readonly interpolation: InterpolationMode;
  readonly expand: boolean;
  readonly center: [number, number] | null;
  readonly fill: number | number[];
  constructor(degrees: number | number[], options: RandomRotationOptions = {}) {
    super();
    for (const key of Object.keys(options)) {
      if (!["interpolation", "expand", "center", "fill"].includes(key)) throw new TypeError(`RandomRotation() got an unexpected keyword argument '${key}'`);
    }
    if (typeof degrees === "number") {
      if (degrees < 0) throw new ValueError("If degrees is a single number, it must be positive.");
      this.degrees = [-degrees, degrees];
    } else {
      if (!Array.isArray(degrees)) throw new TypeError("degrees should be a sequence of length 2.");
      if (degrees.length !== 2) throw new ValueError("degrees should be a sequence of length 2.");
      this.degrees = [degrees[0], degrees[1]];
    }
    if (options.center != null && (!Array.isArray(options.center) || options.center.length !== 2)) {
      throw new ValueError("center should be a sequence of length 2.");
    }
    this.center = options.center ?? null;
    this.interpolation = options.interpolation ?? "nearest";
    this.expand = options.expand ?? false;
    const fill = options.fill ?? 0;
    if (typeof fill !== "number" && !Array.isArray(fill)) throw new TypeError("Fill should be either a sequence or a number.");
    this.fill = fill;
  }
  /** RandomRotation.get_params(degrees): the angle. */
  static get_params(degrees: [number, number]): number {
    return torch.empty(1).uniform_(degrees[0], degrees[1]).item() as number;
  }
  forward(img: Img): Img {
    const [channels] = get_dimensions(img);
    let fill: number[] | number = this.fill;
    if (img instanceof torch.Tensor) fill = typeof fill === "number" ? new Array(channels).fill(fill) : [...fill];
    const angle = RandomRotation.get_params(this.degrees);
    const f = (this.constructor as typeof RandomRotation)._v2 ? rotate_v2 : rotate;
    return f(img, angle, { interpolation: this.interpolation, expand: this.expand, center: this.center, fill });
  }
  protected static _v2 = false;
}

/** transforms.v2.RandomRotation: the same draw, v2's rotate kernel. */
export class RandomRotationV2 extends RandomRotation {
  protected static _v2 = true;
}
Object.defineProperty(RandomRotationV2, "name", { value: "RandomRotation" });
