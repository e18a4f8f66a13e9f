// nn.Upsample, nn.UpsamplingNearest2d and nn.UpsamplingBilinear2d, ported from
// torch/nn/modules/upsampling.py (torch 2.11).
import type { Tensor } from "../../tensor";
import * as F from "../functional";
import { Module } from "../module";
import { given, initArgs, named, PyArgs, pyFloat, pyTuple, reprArg } from "./_utils";

type Size = number | readonly number[];
export type UpsampleMode = "nearest" | "linear" | "bilinear" | "bicubic" | "trilinear" | "area" | "nearest-exact";

export interface UpsampleOptions {
  size?: Size | null;
  scale_factor?: Size | null;
  mode?: UpsampleMode;
  align_corners?: boolean | null;
  recompute_scale_factor?: boolean | null;
}

/**
 * `new nn.Upsample(size = null, scale_factor = null, mode = "nearest", align_corners = null,
 * recompute_scale_factor = null)`: F.interpolate with these arguments.
 */
export class Upsample extends Module {
  name: string;
  size: Size | null;
  scale_factor: number | number[] | null;
  mode: UpsampleMode;
  align_corners: boolean | null;
  recompute_scale_factor: boolean | null;

  constructor(
    ...args: PyArgs<
      [],
      [size: Size | null, scale_factor: Size | null, mode: UpsampleMode, align_corners: boolean | null, recompute_scale_factor: boolean | null],
      UpsampleOptions
    >
  ) {
    super();
    const v = initArgs("Upsample", ["size", "scale_factor", "mode", "align_corners", "recompute_scale_factor"], args, 0);
    this.name = this.constructor.name;
    this.size = given(v[0], null) as Size | null;
    const scale_factor = v[1] as Size | null | undefined;
    this.scale_factor = Array.isArray(scale_factor) ? [...scale_factor] : scale_factor ? (scale_factor as number) : null;
    this.mode = given(v[2], "nearest") as UpsampleMode;
    this.align_corners = given(v[3], null) as boolean | null;
    this.recompute_scale_factor = given(v[4], null) as boolean | null;
  }

  forward(input: Tensor): Tensor {
    return named(this, () =>
      F.interpolate(input, this.size as number[] | null, this.scale_factor as number[] | null, this.mode, this.align_corners, {
        recompute_scale_factor: this.recompute_scale_factor,
      }),
    );
  }

  extra_repr(): string {
    let info: string;
    if (this.scale_factor !== null) {
      // Python keeps scale factors as floats.
      info = "scale_factor=" + (Array.isArray(this.scale_factor) ? `(${this.scale_factor.map(pyFloat).join(", ")}${this.scale_factor.length === 1 ? "," : ""})` : pyFloat(this.scale_factor));
    } else {
      info = "size=" + (Array.isArray(this.size) ? pyTuple(this.size) : reprArg(this.size));
    }
    return `${info}, mode=${reprArg(this.mode)}`;
  }
}

type Upsampling2dArgs = PyArgs<[], [size: Size | null, scale_factor: Size | null], { size?: Size | null; scale_factor?: Size | null }>;

/** `new nn.UpsamplingNearest2d(size = null, scale_factor = null)`: Upsample with mode "nearest". */
export class UpsamplingNearest2d extends Upsample {
  constructor(...args: Upsampling2dArgs) {
    const [size, scale_factor] = initArgs("UpsamplingNearest2d", ["size", "scale_factor"], args, 0);
    super(given(size, null) as Size | null, given(scale_factor, null) as Size | null, { mode: "nearest" });
  }
}

/** `new nn.UpsamplingBilinear2d(size = null, scale_factor = null)`: Upsample with mode "bilinear" and align_corners. */
export class UpsamplingBilinear2d extends Upsample {
  constructor(...args: Upsampling2dArgs) {
    const [size, scale_factor] = initArgs("UpsamplingBilinear2d", ["size", "scale_factor"], args, 0);
    super(given(size, null) as Size | null, given(scale_factor, null) as Size | null, { mode: "bilinear", align_corners: true });
  }
}
