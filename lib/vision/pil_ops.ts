// Pillow's own pixel operations on our Image (PIL's stand-in), in plain typed-array code so a
// PIL-path pipeline (ImageFolder -> RandomResizedCrop -> flip -> ToTensor) gives Pillow's
// pixels without a tensor round trip per step: Image.resize's ImagingResample (two-pass
// convolution with fixed-point coefficients, Pillow's Resample.c), Image.crop and
// Image.transpose(FLIP_*).
import { native } from "../native";
import { Image } from "./image";

// Resample.c's filters, in the order native/pil_resample.cc numbers them.
const FILTERS = { bilinear: 0, bicubic: 1 } as const;
export type PilFilter = keyof typeof FILTERS;
export const isPilFilter = (name: string): name is PilFilter => name in FILTERS;

/**
 * Image.resize((width, height), filter) for L and RGB images: Pillow's ImagingResample with box
 * = the whole image, two 8-bit fixed-point passes (native/pil_resample.cc). When both sides
 * shrink, Pillow 13's choice of which pass runs first is not reproduced (horizontal first), which
 * may differ by a level or so (PORTING.md).
 */
export function pilResample(img: Image, width: number, height: number, filter: PilFilter): Image {
  const c = img.data.length / (img.width * img.height);
  return new Image(img.mode, width, height, native.pilResample(img.data, img.width, img.height, c, width, height, FILTERS[filter]));
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
