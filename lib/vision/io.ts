// torchvision.io's image functions: read_file, decode_png, decode_jpeg, decode_image,
// read_image, with ImageReadMode. Decoding is libvips's (sharp's prebuilt library, through
// native/vips.cc): PNG pixels are exactly torchvision's; JPEG goes through the same
// libjpeg-turbo code (sharp's mozjpeg build of it), see PORTING.md for the measured difference.
import * as fs from "node:fs";
import torch = require("../index");
import type { Tensor } from "../tensor";
import { RuntimeError, TypeError, ValueError } from "../errors";
import { Image } from "./image";
import { turbojpeg } from "./turbojpeg";
import { vips, VipsKind } from "./vips";

/** torchvision.io.ImageReadMode */
export const ImageReadMode = {
  UNCHANGED: "UNCHANGED",
  GRAY: "GRAY",
  GRAY_ALPHA: "GRAY_ALPHA",
  RGB: "RGB",
  RGB_ALPHA: "RGB_ALPHA",
} as const;
export type ImageReadMode = (typeof ImageReadMode)[keyof typeof ImageReadMode];

type Format = "png" | "jpeg";

interface Decoded {
  format: Format;
  width: number;
  height: number;
  /** rows of interleaved bands: 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA */
  pixels: Uint8Array | Uint16Array;
  bands: number;
}

function isPng(b: Uint8Array): boolean {
  return b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
}
function isJpeg(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

// torchvision's messages for a file that does not decode (libvips's own reason follows).
const CORRUPT: Record<Format, string> = {
  jpeg: "Image is incomplete or truncated",
  png: "Out of bound read in decode_png. Probably, the input image is corrupted",
};

/**
 * A palette PNG's colors (PLTE, with tRNS's alphas), or null for other PNGs: torchvision reads
 * such a file UNCHANGED as its palette indices (one channel), which libvips does not hand out,
 * so they are found again from the expanded pixels.
 */
function pngPalette(b: Uint8Array): { colors: Uint8Array; alphas: Uint8Array | null } | null {
  if (b[25] !== 3) return null; // IHDR's color type
  let p = 8;
  let colors: Uint8Array | null = null;
  let alphas: Uint8Array | null = null;
  while (p + 8 <= b.length) {
    const len = ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
    const type = String.fromCharCode(b[p + 4], b[p + 5], b[p + 6], b[p + 7]);
    if (type === "PLTE") colors = b.subarray(p + 8, p + 8 + len);
    else if (type === "tRNS") alphas = b.subarray(p + 8, p + 8 + len);
    else if (type === "IDAT" || type === "IEND") break;
    p += 12 + len;
  }
  return colors ? { colors, alphas } : null;
}

/** The palette indices of an expanded palette image (the first entry of each color). */
function paletteIndices(d: Decoded, pal: { colors: Uint8Array; alphas: Uint8Array | null }): Tensor {
  const key = (r: number, g: number, b: number, a: number) => ((r << 24) | (g << 16) | (b << 8) | a) >>> 0;
  const index = new Map<number, number>();
  for (let i = pal.colors.length / 3 - 1; i >= 0; i--) {
    const a = pal.alphas && i < pal.alphas.length ? pal.alphas[i] : 255;
    index.set(key(pal.colors[3 * i], pal.colors[3 * i + 1], pal.colors[3 * i + 2], a), i);
  }
  const n = d.width * d.height;
  const out = new Uint8Array(n);
  const src = d.pixels;
  for (let i = 0; i < n; i++) {
    const s = i * d.bands;
    out[i] = index.get(key(src[s], src[s + 1], src[s + 2], d.bands === 4 ? src[s + 3] : 255)) ?? 0;
  }
  return torch.frombuffer(out, { dtype: torch.uint8 }).view(1, d.height, d.width);
}

/**
 * A file's pixels: JPEGs by libjpeg-turbo where it is installed (lib/vision/turbojpeg.ts), the
 * rest by libvips. `gray` asks libjpeg-turbo for its grayscale output (the Y plane).
 */
function decodeBytes(b: Uint8Array, format: Format, gray = false): Decoded {
  let d;
  try {
    const turbo = format === "jpeg" ? turbojpeg()?.turboDecode(b, gray) : null;
    d = turbo ? { ...turbo, bits: 8 } : vips().vipsDecode(b, format === "png" ? VipsKind.PNG : VipsKind.JPEG);
  } catch (error) {
    if (!(error instanceof RuntimeError)) throw error;
    throw new RuntimeError(`${CORRUPT[format]} (${error.message})`);
  }
  const pixels = d.bits === 8 ? d.data : new Uint16Array(d.data.buffer, d.data.byteOffset, d.data.byteLength / 2);
  return { format, width: d.width, height: d.height, pixels, bands: d.bands };
}

function formatOf(b: Uint8Array): Format {
  if (isPng(b)) return "png";
  if (isJpeg(b)) return "jpeg";
  throw new RuntimeError("Unsupported image file. Only jpeg and png are currently supported by torchts.");
}

function channelsFor(mode: ImageReadMode, d: Decoded): number {
  switch (mode) {
    case "UNCHANGED": return d.bands;
    case "GRAY": return 1;
    case "GRAY_ALPHA": return 2;
    case "RGB": return 3;
    case "RGB_ALPHA": return 4;
    default: throw new ValueError(`Unknown image read mode ${String(mode)}`);
  }
}

// Gray from RGB as the decoders torchvision calls do it: libpng's png_set_rgb_to_gray with its
// default weights (in 1/32768, truncated; gray pixels kept; measured equal on every pixel) and,
// for JPEG, the luma of libjpeg's RGB->YCbCr, used only where libvips decodes (libjpeg-turbo
// gives the file's Y plane itself, as torchvision's; this approximates it from the decoded RGB).
const LUMA: Record<Format, (r: number, g: number, b: number) => number> = {
  png: (r, g, b) => (r === g && g === b ? r : (9794 * r + 19234 * g + 3740 * b) >>> 15),
  jpeg: (r, g, b) => (r * 19595 + g * 38470 + b * 7471 + 0x8000) >>> 16,
};

/** The decoded pixels as a (C, H, W) tensor of the mode's channels (uint8, or uint16 for 16-bit PNGs). */
function toTensor(d: Decoded, mode: ImageReadMode): Tensor {
  if (d.format === "jpeg" && (mode === "GRAY_ALPHA" || mode === "RGB_ALPHA")) {
    throw new RuntimeError("The provided mode is not supported for JPEG files");
  }
  const c = channelsFor(mode, d);
  const n = d.width * d.height;
  const src = d.pixels;
  const bands = d.bands;
  const wide = src instanceof Uint16Array;
  const opaque = wide ? 65535 : 255;
  const out = wide ? new Uint16Array(n * c) : new Uint8Array(n * c);
  const luma = LUMA[d.format];
  // planar output: channel k of pixel i at k * n + i
  for (let i = 0; i < n; i++) {
    const s = i * bands;
    const gray = bands <= 2;
    const alpha = bands === 2 || bands === 4 ? src[s + bands - 1] : opaque;
    if (c === bands) {
      for (let k = 0; k < c; k++) out[k * n + i] = src[s + k];
    } else if (c <= 2) {
      out[i] = gray ? src[s] : luma(src[s], src[s + 1], src[s + 2]);
      if (c === 2) out[n + i] = alpha;
    } else {
      for (let k = 0; k < 3; k++) out[k * n + i] = src[s + (gray ? 0 : k)];
      if (c === 4) out[3 * n + i] = alpha;
    }
  }
  return torch.tensor(out, { dtype: wide ? torch.uint16 : torch.uint8 }).view(c, d.height, d.width);
}

/** A file's bytes decoded to the mode's (C, H, W) tensor. */
function decodedTensor(b: Uint8Array, format: Format, mode: ImageReadMode): Tensor {
  const d = decodeBytes(b, format, mode === "GRAY");
  const pal = format === "png" && mode === "UNCHANGED" ? pngPalette(b) : null;
  return pal ? paletteIndices(d, pal) : toTensor(d, mode);
}

function bytesOf(input: Tensor, fn: string): Uint8Array {
  if (!(input instanceof torch.Tensor)) throw new TypeError(`${fn}(): argument 'input' must be Tensor`);
  if (input.dtype !== torch.uint8) throw new RuntimeError(`Expected a torch.uint8 tensor`);
  if (input.dim() !== 1) throw new RuntimeError(`Expected a one dimensional tensor`);
  if (input.numel() === 0) throw new ValueError("both buffer length (0) and count (-1) must not be 0");
  return input.detach().to("cpu").contiguous().to_typed_array() as Uint8Array;
}

/** io.read_file(path): the file's bytes as a uint8 1-D tensor. */
export function read_file(path: string): Tensor {
  const b = fs.readFileSync(path);
  return torch.frombuffer(Uint8Array.from(b), { dtype: torch.uint8 });
}

/** io.decode_png(input, mode = UNCHANGED): uint8 (C, H, W) (uint16 for a 16-bit PNG). */
export function decode_png(input: Tensor, mode: ImageReadMode = "UNCHANGED"): Tensor {
  const b = bytesOf(input, "decode_png");
  if (!isPng(b)) throw new RuntimeError("Content is not png!");
  return decodedTensor(b, "png", mode);
}

const hex2 = (v: number | undefined): string => `0x${(v ?? 0).toString(16).padStart(2, "0")}`;

/** io.decode_jpeg(input, mode = UNCHANGED): uint8 (C, H, W). */
export function decode_jpeg(input: Tensor, mode: ImageReadMode = "UNCHANGED"): Tensor {
  const b = bytesOf(input, "decode_jpeg");
  if (!isJpeg(b)) throw new RuntimeError(`Not a JPEG file: starts with ${hex2(b[0])} ${hex2(b[1])}`);
  return decodedTensor(b, "jpeg", mode);
}

/** io.decode_image(input, mode = UNCHANGED): PNG or JPEG by their magic bytes. */
export function decode_image(input: Tensor, mode: ImageReadMode = "UNCHANGED"): Tensor {
  const b = bytesOf(input, "decode_image");
  return decodedTensor(b, formatOf(b), mode);
}

/** io.read_image(path, mode = UNCHANGED) */
export function read_image(path: string, mode: ImageReadMode = "UNCHANGED"): Tensor {
  const b = new Uint8Array(fs.readFileSync(path));
  return decodedTensor(b, formatOf(b), mode);
}

/**
 * An image file as an Image (PIL.Image.open's stand-in): L, RGB or RGBA (gray + alpha reads as
 * RGBA); `mode` converts it as PIL's convert would (ImageFolder's loader asks for RGB).
 */
export function decode_image_file(path: string, mode?: "L" | "RGB" | "RGBA"): Image {
  const b = new Uint8Array(fs.readFileSync(path));
  const d = decodeBytes(b, formatOf(b));
  if (d.pixels instanceof Uint16Array) throw new RuntimeError("16-bit images are not supported as an Image; use read_image");
  const fileMode = d.bands === 1 ? "L" : d.bands === 3 ? "RGB" : "RGBA";
  if (d.bands === 1 || d.bands === 3 || d.bands === 4) {
    const img = new Image(fileMode, d.width, d.height, d.pixels);
    return mode === undefined || mode === fileMode ? img : img.convert(mode);
  }
  const rgba = toTensor(d, "RGB_ALPHA").permute(1, 2, 0).contiguous().to_typed_array() as Uint8Array;
  const img = new Image("RGBA", d.width, d.height, rgba);
  return mode === undefined || mode === "RGBA" ? img : img.convert(mode);
}
