// torchvision.io's encoders: encode_png / write_png (pngjs; lossless, so any decoder reads back
// the same pixels) and encode_jpeg / write_jpeg (jpeg-js's baseline encoder: not libjpeg-turbo,
// so the bytes and the decoded pixels differ from torchvision's by a few levels).
import * as fs from "node:fs";
import torch = require("../index");
import type { Tensor } from "../tensor";
import { RuntimeError, TypeError, ValueError } from "../errors";

/** A uint8 (C, H, W) tensor's pixels as HWC bytes. */
function hwc(input: Tensor, fn: string, channels: number[]): { data: Uint8Array; c: number; h: number; w: number } {
  if (!(input instanceof torch.Tensor)) throw new TypeError(`${fn}(): argument 'input' must be Tensor`);
  if (input.dtype !== torch.uint8) throw new RuntimeError(`Input tensor dtype should be uint8`);
  if (input.dim() !== 3) throw new RuntimeError(`Input data should be a 3-dimensional tensor`);
  const [c, h, w] = input.shape as number[];
  if (!channels.includes(c)) throw new RuntimeError(`The number of channels should be ${channels.join(" or ")}, got: ${c}`);
  const data = input.detach().to("cpu").permute(1, 2, 0).contiguous().to_typed_array() as Uint8Array;
  return { data, c, h, w };
}

/** io.encode_png(input, compression_level = 6): the PNG file's bytes as a uint8 1-D tensor. */
export function encode_png(input: Tensor, compression_level = 6): Tensor {
  if (compression_level < 0 || compression_level > 9) throw new RuntimeError("Compression level should be between 0 and 9");
  const { data, c, h, w } = hwc(input, "encode_png", [1, 2, 3, 4]);
  const colorType = [0, 4, 2, 6][c - 1];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PNG } = require("pngjs") as { PNG: { sync: { write(p: object, o: object): Buffer } } };
  const png = PNG.sync.write(
    { width: w, height: h, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) },
    { colorType, inputColorType: colorType, inputHasAlpha: c === 2 || c === 4, bitDepth: 8, deflateLevel: compression_level },
  );
  return torch.frombuffer(Uint8Array.from(png), { dtype: torch.uint8 });
}

/** io.write_png(input, filename, compression_level = 6) */
export function write_png(input: Tensor, filename: string, compression_level = 6): void {
  fs.writeFileSync(filename, encode_png(input, compression_level).to_typed_array() as Uint8Array);
}

/** io.encode_jpeg(input, quality = 75): RGB or gray uint8 (C, H, W) to JPEG bytes. */
export function encode_jpeg(input: Tensor, quality = 75): Tensor {
  if (quality < 1 || quality > 100) throw new ValueError(`Image quality should be a positive number between 1 and 100`);
  const { data, c, h, w } = hwc(input, "encode_jpeg", [1, 3]);
  const rgba = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    for (let k = 0; k < 3; k++) rgba[4 * i + k] = data[i * c + (c === 1 ? 0 : k)];
    rgba[4 * i + 3] = 255;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jpeg = require("jpeg-js") as { encode(img: object, q: number): { data: Buffer } };
  const out = jpeg.encode({ data: rgba, width: w, height: h }, quality).data;
  return torch.frombuffer(Uint8Array.from(out), { dtype: torch.uint8 });
}

/** io.write_jpeg(input, filename, quality = 75) */
export function write_jpeg(input: Tensor, filename: string, quality = 75): void {
  fs.writeFileSync(filename, encode_jpeg(input, quality).to_typed_array() as Uint8Array);
}
