// torchvision.io's image functions: read_file, decode_png, decode_jpeg, decode_image,
// read_image, with ImageReadMode. Decoding is pure JavaScript: pngjs (PNG, exact) and
// jpeg-js (baseline and progressive JPEG; its IDCT and chroma upsampling are not
// libjpeg-turbo's, so pixels may differ from torchvision's by a few levels).
import * as fs from "node:fs";
import torch = require("../index");
import type { Tensor } from "../tensor";
import { RuntimeError, TypeError, ValueError } from "../errors";
import { Image } from "./image";

/** torchvision.io.ImageReadMode */
export const ImageReadMode = {
  UNCHANGED: "UNCHANGED",
  GRAY: "GRAY",
  GRAY_ALPHA: "GRAY_ALPHA",
  RGB: "RGB",
  RGB_ALPHA: "RGB_ALPHA",
} as const;
export type ImageReadMode = (typeof ImageReadMode)[keyof typeof ImageReadMode];

interface Decoded {
  width: number;
  height: number;
  /** RGBA, 8 bits a channel */
  rgba: Uint8Array;
  /** channels of the file itself: 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA */
  channels: number;
}

function isPng(b: Uint8Array): boolean {
  return b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
}
function isJpeg(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

function decodePngBytes(b: Uint8Array): Decoded {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PNG } = require("pngjs") as { PNG: { sync: { read(b: Buffer): { width: number; height: number; data: Buffer; colorType: number; alpha?: boolean } } } };
  let png;
  try {
    png = PNG.sync.read(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  } catch (error) {
    throw new RuntimeError(`Internal error: ${(error as Error).message}`);
  }
  const ct = png.colorType;
  const channels = ct === 0 ? 1 : ct === 4 ? 2 : ct === 2 ? 3 : ct === 6 ? 4 : png.alpha ? 4 : 3;
  return { width: png.width, height: png.height, rgba: new Uint8Array(png.data), channels };
}

function decodeJpegBytes(b: Uint8Array): Decoded {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jpeg = require("jpeg-js") as { decode(b: Uint8Array, o: object): { width: number; height: number; data: Uint8Array } };
  let img;
  try {
    img = jpeg.decode(b, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 2048 });
  } catch (error) {
    throw new RuntimeError(`Unsupported JPEG: ${(error as Error).message}`);
  }
  // gray JPEGs (one component) decode with R = G = B
  let gray = true;
  for (let i = 0; i < img.data.length && gray; i += 4) gray = img.data[i] === img.data[i + 1] && img.data[i] === img.data[i + 2];
  const components = b.length > 0 ? jpegComponents(b) : 3;
  return { width: img.width, height: img.height, rgba: img.data, channels: components === 1 && gray ? 1 : 3 };
}

/** The number of components in a JPEG's SOF marker. */
function jpegComponents(b: Uint8Array): number {
  let p = 2;
  while (p + 4 < b.length) {
    if (b[p] !== 0xff) return 3;
    const marker = b[p + 1];
    const len = (b[p + 2] << 8) | b[p + 3];
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return b[p + 9];
    p += 2 + len;
  }
  return 3;
}

function channelsFor(mode: ImageReadMode, file: number): number {
  switch (mode) {
    case "UNCHANGED": return file;
    case "GRAY": return 1;
    case "GRAY_ALPHA": return 2;
    case "RGB": return 3;
    case "RGB_ALPHA": return 4;
    default: throw new ValueError(`Unknown image read mode ${String(mode)}`);
  }
}

/** The decoded pixels as a uint8 (C, H, W) tensor of the requested channels. */
function toTensor(d: Decoded, mode: ImageReadMode): Tensor {
  const c = channelsFor(mode, d.channels);
  const n = d.width * d.height;
  const out = new Uint8Array(n * c);
  for (let i = 0; i < n; i++) {
    const r = d.rgba[4 * i], g = d.rgba[4 * i + 1], b = d.rgba[4 * i + 2], a = d.rgba[4 * i + 3];
    if (c <= 2) {
      out[i * c] = d.channels <= 2 ? r : (r * 19595 + g * 38470 + b * 7471 + 0x8000) >>> 16;
      if (c === 2) out[i * c + 1] = a;
    } else {
      out[i * c] = r;
      out[i * c + 1] = g;
      out[i * c + 2] = b;
      if (c === 4) out[i * c + 3] = a;
    }
  }
  return torch.frombuffer(out, { dtype: torch.uint8 }).view(d.height, d.width, c).permute(2, 0, 1).contiguous();
}

function bytesOf(input: Tensor, fn: string): Uint8Array {
  if (!(input instanceof torch.Tensor)) throw new TypeError(`${fn}(): argument 'input' must be Tensor`);
  if (input.dtype !== torch.uint8) throw new RuntimeError(`Expected a torch.uint8 tensor`);
  if (input.dim() !== 1) throw new RuntimeError(`Expected a one dimensional tensor`);
  return input.detach().to("cpu").contiguous().to_typed_array() as Uint8Array;
}

/** io.read_file(path): the file's bytes as a uint8 1-D tensor. */
export function read_file(path: string): Tensor {
  const b = fs.readFileSync(path);
  return torch.frombuffer(Uint8Array.from(b), { dtype: torch.uint8 });
}

/** io.decode_png(input, mode = UNCHANGED): uint8 (C, H, W). */
export function decode_png(input: Tensor, mode: ImageReadMode = "UNCHANGED"): Tensor {
  const b = bytesOf(input, "decode_png");
  if (!isPng(b)) throw new RuntimeError("Content is not png!");
  return toTensor(decodePngBytes(b), mode);
}

/** io.decode_jpeg(input, mode = UNCHANGED): uint8 (C, H, W). */
export function decode_jpeg(input: Tensor, mode: ImageReadMode = "UNCHANGED"): Tensor {
  const b = bytesOf(input, "decode_jpeg");
  if (!isJpeg(b)) throw new RuntimeError("Not a JPEG file");
  return toTensor(decodeJpegBytes(b), mode);
}

function decodeAny(b: Uint8Array): Decoded {
  if (isPng(b)) return decodePngBytes(b);
  if (isJpeg(b)) return decodeJpegBytes(b);
  throw new RuntimeError("Unsupported image file. Only jpeg and png are currently supported by torchts.");
}

/** io.decode_image(input, mode = UNCHANGED): PNG or JPEG by their magic bytes. */
export function decode_image(input: Tensor, mode: ImageReadMode = "UNCHANGED"): Tensor {
  return toTensor(decodeAny(bytesOf(input, "decode_image")), mode);
}

/** io.read_image(path, mode = UNCHANGED) */
export function read_image(path: string, mode: ImageReadMode = "UNCHANGED"): Tensor {
  return toTensor(decodeAny(new Uint8Array(fs.readFileSync(path))), mode);
}

/** An image file as an Image (PIL.Image.open's stand-in): L, RGB or RGBA. */
export function decode_image_file(path: string): Image {
  const d = decodeAny(new Uint8Array(fs.readFileSync(path)));
  const c = d.channels === 1 ? 1 : d.channels === 3 ? 3 : 4;
  const n = d.width * d.height;
  const out = new Uint8Array(n * c);
  for (let i = 0; i < n; i++) for (let k = 0; k < c; k++) out[i * c + k] = d.rgba[4 * i + k];
  return new Image(c === 1 ? "L" : c === 3 ? "RGB" : "RGBA", d.width, d.height, out);
}
