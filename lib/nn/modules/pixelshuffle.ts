// nn.PixelShuffle, nn.PixelUnshuffle (torch/nn/modules/pixelshuffle.py) and nn.ChannelShuffle
// (channelshuffle.py), torch 2.11.
import type { Tensor } from "../../tensor";
import * as F from "../functional";
import { Module } from "../module";
import { initArgs, named, PyArgs } from "./_utils";

/** `new nn.PixelShuffle(upscale_factor)`: (*, C·r², H, W) to (*, C, H·r, W·r). */
export class PixelShuffle extends Module {
  upscale_factor: number;

  constructor(...args: PyArgs<[upscale_factor: number], [], { upscale_factor?: number }>) {
    super();
    [this.upscale_factor] = initArgs("PixelShuffle", ["upscale_factor"], args, 1) as [number];
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.pixel_shuffle(input, this.upscale_factor));
  }

  extra_repr(): string {
    return `upscale_factor=${this.upscale_factor}`;
  }
}

/** `new nn.PixelUnshuffle(downscale_factor)`: (*, C, H·r, W·r) to (*, C·r², H, W). */
export class PixelUnshuffle extends Module {
  downscale_factor: number;

  constructor(...args: PyArgs<[downscale_factor: number], [], { downscale_factor?: number }>) {
    super();
    [this.downscale_factor] = initArgs("PixelUnshuffle", ["downscale_factor"], args, 1) as [number];
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.pixel_unshuffle(input, this.downscale_factor));
  }

  extra_repr(): string {
    return `downscale_factor=${this.downscale_factor}`;
  }
}

/** `new nn.ChannelShuffle(groups)`: the channels of (N, C, *) split into groups and interleaved. */
export class ChannelShuffle extends Module {
  groups: number;

  constructor(...args: PyArgs<[groups: number], [], { groups?: number }>) {
    super();
    [this.groups] = initArgs("ChannelShuffle", ["groups"], args, 1) as [number];
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.channel_shuffle(input, this.groups));
  }

  extra_repr(): string {
    return `groups=${this.groups}`;
  }
}
