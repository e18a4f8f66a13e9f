// The image torchvision's datasets hand out before any transform: in Python a PIL.Image,
// here a small Image of 8-bit pixels (mode "L", "RGB" or "RGBA", rows of interleaved
// channels, as PIL.Image.tobytes() lays them out). ToTensor / PILToTensor turn it into a
// tensor, and the geometric transforms take it as torchvision takes a PIL image.
import torch = require("../index");
import { Tensor } from "../tensor";
import { native } from "../native";
import { uint8 } from "../dtype";
import { TypeError, ValueError } from "../errors";

export type ImageMode = "L" | "RGB" | "RGBA";
const CHANNELS: Record<ImageMode, number> = { L: 1, RGB: 3, RGBA: 4 };

/** An 8-bit image: PIL.Image's mode, size ([width, height]) and tobytes(). */
export class Image {
  constructor(
    readonly mode: ImageMode,
    readonly width: number,
    readonly height: number,
    readonly data: Uint8Array,
  ) {
    if (!(mode in CHANNELS)) throw new ValueError(`unrecognized image mode ${JSON.stringify(mode)}`);
    if (data.length !== width * height * CHANNELS[mode]) {
      throw new ValueError(`not enough image data: ${data.length} bytes for a ${width}x${height} ${mode} image`);
    }
  }
  /** PIL's (width, height). */
  get size(): [number, number] {
    return [this.width, this.height];
  }
  getbands(): string[] {
    return this.mode.split("");
  }
  tobytes(): Uint8Array {
    return this.data;
  }
  /** Image.convert(mode) between L, RGB and RGBA (L from RGB by ITU-R 601-2 luma, as PIL). */
  convert(mode: ImageMode): Image {
    if (mode === this.mode) return new Image(mode, this.width, this.height, this.data.slice());
    const n = this.width * this.height;
    const cin = CHANNELS[this.mode];
    const cout = CHANNELS[mode];
    const out = new Uint8Array(n * cout);
    for (let i = 0; i < n; i++) {
      const s = i * cin;
      let r: number, g: number, b: number;
      if (cin === 1) r = g = b = this.data[s];
      else [r, g, b] = [this.data[s], this.data[s + 1], this.data[s + 2]];
      if (cout === 1) {
        // PIL: L = (R * 19595 + G * 38470 + B * 7471 + 0x8000) >> 16
        out[i] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >>> 16;
      } else {
        out[i * cout] = r;
        out[i * cout + 1] = g;
        out[i * cout + 2] = b;
        if (cout === 4) out[i * cout + 3] = cin === 4 ? this.data[s + 3] : 255;
      }
    }
    return new Image(mode, this.width, this.height, out);
  }
  toString(): string {
    return `<Image mode=${this.mode} size=${this.width}x${this.height}>`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** PIL.Image.fromarray for a uint8 tensor of shape (H, W) or (H, W, C). */
export function fromarray(array: Tensor, mode?: ImageMode): Image {
  if (array.dtype !== torch.uint8) throw new TypeError(`Cannot handle this data type: ${array.dtype}`);
  const shape = array.shape as number[];
  const channels = shape.length === 2 ? 1 : shape[2];
  const guessed: ImageMode | undefined = channels === 1 ? "L" : channels === 3 ? "RGB" : channels === 4 ? "RGBA" : undefined;
  const m = mode ?? guessed;
  if (m === undefined || shape.length < 2 || shape.length > 3) throw new TypeError(`Cannot handle this data type: ${JSON.stringify(shape)}, ${array.dtype}`);
  return new Image(m, shape[1], shape[0], tensorBytes(array));
}

/** The bytes of a uint8 tensor, in its (contiguous) order. */
export function tensorBytes(t: Tensor): Uint8Array {
  return t.detach().to("cpu").contiguous().reshape(-1).to_typed_array() as Uint8Array;
}

/** A uint8 tensor (H, W, C) holding a copy of the image's pixels (np.array(pic)'s layout). */
export function hwcTensor(img: Image): Tensor {
  return new Tensor(native.fromData(img.data, [img.height, img.width, CHANNELS[img.mode]], uint8.code, null, false));
}

/** A uint8 tensor (C, H, W) of the image's pixels (torchvision's pil_to_tensor). */
export function imageToTensor(img: Image): Tensor {
  return hwcTensor(img).permute(2, 0, 1).contiguous();
}

/** The Image of a uint8 tensor (C, H, W). */
export function tensorToImage(t: Tensor, mode?: ImageMode): Image {
  const shape = t.shape as number[];
  const hwc = t.permute(1, 2, 0);
  const m = mode ?? (shape[0] === 1 ? "L" : shape[0] === 3 ? "RGB" : shape[0] === 4 ? "RGBA" : undefined);
  if (m === undefined) throw new ValueError(`pic should not have > 4 channels. Got ${shape[0]} channels.`);
  return new Image(m, shape[2], shape[1], tensorBytes(hwc));
}
