// Pillow's own pixel operations on our Image (PIL's stand-in), in plain typed-array code so a
// PIL-path pipeline (ImageFolder -> RandomResizedCrop -> flip -> ToTensor) gives Pillow's
// pixels without a tensor round trip per step: Image.resize's ImagingResample (two-pass
// convolution with fixed-point coefficients, Pillow's Resample.c), Image.crop and
// Image.transpose(FLIP_*).
import { Image } from "./image";

interface Filter {
  support: number;
  weight(x: number): number;
}

// Resample.c's filters (a = -0.5 for bicubic).
const FILTERS: Record<"bilinear" | "bicubic", Filter> = {
  bilinear: {
    support: 1.0,
    weight(x) {
      x = Math.abs(x);
      return x < 1.0 ? 1.0 - x : 0.0;
    },
  },
  bicubic: {
    support: 2.0,
    weight(x) {
      const a = -0.5;
      x = Math.abs(x);
      if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
      if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
      return 0.0;
    },
  },
};
export type PilFilter = keyof typeof FILTERS;
export const isPilFilter = (name: string): name is PilFilter => name in FILTERS;

const PRECISION_BITS = 32 - 8 - 2;

interface Coeffs {
  ksize: number;
  /** per output pixel: first input pixel and how many */
  bounds: Int32Array;
  /** ksize fixed-point weights per output pixel (normalize_coeffs_8bpc) */
  kk: Int32Array;
}

// precompute_coeffs + normalize_coeffs_8bpc, for the box [in0, in1) of an inSize line. Cached:
// a pipeline asks for the same few sizes again and again.
const cache = new Map<string, Coeffs>();
function coeffs(inSize: number, in0: number, in1: number, outSize: number, filter: PilFilter): Coeffs {
  const key = `${filter}:${inSize}:${in0}:${in1}:${outSize}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const f = FILTERS[filter];
  const scale = (in1 - in0) / outSize;
  const filterscale = Math.max(scale, 1.0);
  const support = f.support * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const kk = new Int32Array(outSize * ksize);
  const k = new Float64Array(ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = in0 + (xx + 0.5) * scale;
    const ss = 1.0 / filterscale;
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let ww = 0.0;
    for (let x = 0; x < xmax; x++) {
      k[x] = f.weight((x + xmin - center + 0.5) * ss);
      ww += k[x];
    }
    for (let x = 0; x < ksize; x++) {
      const w = x < xmax ? (ww !== 0.0 ? k[x] / ww : k[x]) : 0;
      kk[xx * ksize + x] = Math.trunc(w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS));
    }
    bounds[2 * xx] = xmin;
    bounds[2 * xx + 1] = xmax;
  }
  const c = { ksize, bounds, kk };
  if (cache.size > 256) cache.clear();
  cache.set(key, c);
  return c;
}

const clip8 = (v: number): number => (v >= 1 << (PRECISION_BITS + 8) ? 255 : v <= 0 ? 0 : v >> PRECISION_BITS);

/** One horizontal pass: rows [row0, row0 + rows) of src (w wide) to `width` columns. */
function horizontal(src: Uint8Array, w: number, c: number, row0: number, rows: number, width: number, h: Coeffs): Uint8Array {
  const out = new Uint8Array(width * rows * c);
  const half = 1 << (PRECISION_BITS - 1);
  for (let y = 0; y < rows; y++) {
    const inRow = (y + row0) * w * c;
    const outRow = y * width * c;
    for (let xx = 0; xx < width; xx++) {
      const xmin = h.bounds[2 * xx];
      const xmax = h.bounds[2 * xx + 1];
      const k0 = xx * h.ksize;
      for (let b = 0; b < c; b++) {
        let ss = half;
        let p = inRow + xmin * c + b;
        for (let x = 0; x < xmax; x++, p += c) ss = (ss + src[p] * h.kk[k0 + x]) | 0;
        out[outRow + xx * c + b] = clip8(ss);
      }
    }
  }
  return out;
}

/** One vertical pass: src (w wide, its row 0 = the source's row `row0`) to `height` rows. */
function vertical(src: Uint8Array, w: number, c: number, row0: number, height: number, v: Coeffs): Uint8Array {
  const out = new Uint8Array(w * height * c);
  const half = 1 << (PRECISION_BITS - 1);
  const stride = w * c;
  for (let yy = 0; yy < height; yy++) {
    const ymin = v.bounds[2 * yy] - row0;
    const ymax = v.bounds[2 * yy + 1];
    const k0 = yy * v.ksize;
    const outRow = yy * stride;
    for (let i = 0; i < stride; i++) {
      let ss = half;
      let p = ymin * stride + i;
      for (let y = 0; y < ymax; y++, p += stride) ss = (ss + src[p] * v.kk[k0 + y]) | 0;
      out[outRow + i] = clip8(ss);
    }
  }
  return out;
}

/**
 * Image.resize((width, height), filter) for L and RGB images (Pillow's ImagingResample with
 * box = the whole image), two 8-bit passes. Sums stay below 2^31 (Pillow's INT32 arithmetic),
 * so JS's int32 ops give the same bits. Pillow 13 runs the vertical pass first for some
 * shapes: measured, it always does when the width grows and the height shrinks, and always
 * horizontal first when both grow or the width shrinks while the height grows; when both
 * shrink its choice is not reproduced here (horizontal first), which may differ by a level or
 * so (PORTING.md).
 */
export function pilResample(img: Image, width: number, height: number, filter: PilFilter): Image {
  const c = img.data.length / (img.width * img.height);
  const h = coeffs(img.width, 0, img.width, width, filter);
  const v = coeffs(img.height, 0, img.height, height, filter);
  const needH = width !== img.width;
  const needV = height !== img.height;
  if (!needH && !needV) return new Image(img.mode, img.width, img.height, img.data.slice());
  if (!needH) return new Image(img.mode, width, height, vertical(img.data, img.width, c, 0, height, v));
  if (!needV) return new Image(img.mode, width, height, horizontal(img.data, img.width, c, 0, img.height, width, h));
  if (width > img.width && height < img.height) {
    const tmp = vertical(img.data, img.width, c, 0, height, v);
    return new Image(img.mode, width, height, horizontal(tmp, img.width, c, 0, height, width, h));
  }
  // horizontal pass over just the rows the vertical pass reads
  const first = v.bounds[0];
  const last = v.bounds[2 * height - 2] + v.bounds[2 * height - 1];
  const tmp = horizontal(img.data, img.width, c, first, last - first, width, h);
  return new Image(img.mode, width, height, vertical(tmp, width, c, first, height, v));
}

/** Image.crop((left, top, left + width, top + height)) inside the image. */
export function pilCrop(img: Image, top: number, left: number, height: number, width: number): Image {
  const c = img.data.length / (img.width * img.height);
  const out = new Uint8Array(width * height * c);
  const rowBytes = width * c;
  for (let y = 0; y < height; y++) {
    const s = ((top + y) * img.width + left) * c;
    out.set(img.data.subarray(s, s + rowBytes), y * rowBytes);
  }
  return new Image(img.mode, width, height, out);
}

/** Image.transpose(FLIP_LEFT_RIGHT) (horizontal) or FLIP_TOP_BOTTOM. */
export function pilFlip(img: Image, horizontal: boolean): Image {
  const c = img.data.length / (img.width * img.height);
  const { width, height, data } = img;
  const out = new Uint8Array(data.length);
  const rowBytes = width * c;
  for (let y = 0; y < height; y++) {
    if (!horizontal) {
      out.set(data.subarray(y * rowBytes, (y + 1) * rowBytes), (height - 1 - y) * rowBytes);
      continue;
    }
    const row = y * rowBytes;
    for (let x = 0; x < width; x++) {
      const s = row + x * c;
      const d = row + (width - 1 - x) * c;
      for (let b = 0; b < c; b++) out[d + b] = data[s + b];
    }
  }
  return new Image(img.mode, width, height, out);
}

/** The image's pixels planar (C, H, W), as F.pil_to_tensor lays them out; `scale` divides by 255 into float32. */
export function planar(img: Image, scale: boolean): Uint8Array | Float32Array {
  const n = img.width * img.height;
  const c = img.data.length / n;
  const out = scale ? new Float32Array(n * c) : new Uint8Array(n * c);
  const data = img.data;
  for (let b = 0; b < c; b++) {
    const o = b * n;
    if (scale) for (let i = 0; i < n; i++) out[o + i] = data[i * c + b] / 255;
    else for (let i = 0; i < n; i++) out[o + i] = data[i * c + b];
  }
  return out;
}
