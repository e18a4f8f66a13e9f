// torchvision.io's encoders through libvips (native/vips.cc): encode_png / write_png (lossless,
// so any decoder reads back the same pixels) and encode_jpeg / write_jpeg (libjpeg-turbo's
// encoder as sharp builds it, 4:2:0 as libjpeg's defaults; see PORTING.md).
import * as fs from "node:fs";
import torch = require("../index");
import type { Tensor } from "../tensor";
import { RuntimeError, TypeError, ValueError } from "../errors";
import { vips, VipsKind } from "./vips";

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
  const png = vips().vipsEncode(data, w, h, c, VipsKind.PNG, compression_level);
  return torch.frombuffer(png, { dtype: torch.uint8 });
}

/** io.write_png(input, filename, compression_level = 6) */
export function write_png(input: Tensor, filename: string, compression_level = 6): void {
  fs.writeFileSync(filename, encode_png(input, compression_level).to_typed_array() as Uint8Array);
}

/** io.encode_jpeg(input, quality = 75): RGB or gray uint8 (C, H, W) to JPEG bytes. */
export function encode_jpeg(input: Tensor, quality = 75): Tensor {
  if (quality < 1 || quality > 100) throw new ValueError(`Image quality should be a positive number between 1 and 100`);
  const { data, c, h, w } = hwc(input, "encode_jpeg", [1, 3]);
  const jpeg = vips().vipsEncode(data, w, h, c, VipsKind.JPEG, quality);
  return torch.frombuffer(jpeg, { dtype: torch.uint8 });
}

/** io.write_jpeg(input, filename, quality = 75) */
export function write_jpeg(input: Tensor, filename: string, quality = 75): void {
  fs.writeFileSync(filename, encode_jpeg(input, quality).to_typed_array() as Uint8Array);
}
