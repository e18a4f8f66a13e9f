// torch.nn.functional's vision functions, ported from torch/nn/functional.py (torch 2.11);
// ./functional re-exports them: pixel and channel shuffles, interpolate and the deprecated
// upsample functions, grid_sample, affine_grid, pad, unfold and fold. The ones Python binds
// straight to ATen (F.pixel_shuffle is torch.pixel_shuffle, ...) are the generated ops.
//
// Not ported: on CUDA with torch.use_deterministic_algorithms(True), Python's interpolate
// (bilinear, trilinear) and pad (replicate) call decompositions written in Python
// (torch._decomp); torchts has no deterministic-algorithms switch and calls the kernels.
import { bindArgs } from "../_args";
import { _nn, aten } from "../_aten";
import { given, isNone, warn } from "../_python";
import { AssertionError, NotImplementedError, pyStr, TypeError, ValueError } from "../errors";
import type { TorchOps } from "../generated/ops";
import { Tensor } from "../tensor";
import { cFunction, tensorFor, typeStr } from "./_functional_utils";
import type { PyCall } from "./functional";
import { adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d } from "./functional_pool";
import { _pair } from "./modules/utils";

type T = Tensor;
/** An int or a tuple of ints (one per spatial dimension). */
type Ints = number | readonly number[];

// ---- shuffles ----

/** F.pixel_shuffle(input, upscale_factor): torch.pixel_shuffle. */
export const pixel_shuffle = cFunction<TorchOps["pixel_shuffle"]>("pixel_shuffle");
/** F.pixel_unshuffle(input, downscale_factor): torch.pixel_unshuffle. */
export const pixel_unshuffle = cFunction<TorchOps["pixel_unshuffle"]>("pixel_unshuffle");
/** F.channel_shuffle(input, groups): torch.channel_shuffle. */
export const channel_shuffle = cFunction<TorchOps["channel_shuffle"]>("channel_shuffle");
/** F.native_channel_shuffle(input, groups): torch.native_channel_shuffle. */
export const native_channel_shuffle = cFunction<TorchOps["native_channel_shuffle"]>("native_channel_shuffle");

// ---- interpolation ----

export type InterpolateMode = "nearest" | "linear" | "bilinear" | "bicubic" | "trilinear" | "area" | "nearest-exact";

export interface InterpolateOptions {
  input?: T;
  size?: Ints | null;
  scale_factor?: number | readonly number[] | null;
  mode?: InterpolateMode;
  align_corners?: boolean | null;
  recompute_scale_factor?: boolean | null;
  antialias?: boolean;
}
const INTERPOLATE = ["input", "size", "scale_factor", "mode", "align_corners", "recompute_scale_factor", "antialias"] as const;

/** Python's _is_integer: an int, or a tensor of an integral dtype. */
function isInteger(x: unknown): boolean {
  return Number.isInteger(x) || (x instanceof Tensor && !x.is_floating_point());
}

/** The ATen function of a mode and input rank, with how it takes align_corners. */
const UPSAMPLE: Record<string, [op: string, alignCorners: boolean]> = {
  "nearest 3": ["upsample_nearest1d", false],
  "nearest 4": ["upsample_nearest2d", false],
  "nearest 5": ["upsample_nearest3d", false],
  "nearest-exact 3": ["_upsample_nearest_exact1d", false],
  "nearest-exact 4": ["_upsample_nearest_exact2d", false],
  "nearest-exact 5": ["_upsample_nearest_exact3d", false],
  "linear 3": ["upsample_linear1d", true],
  "bilinear 4": ["upsample_bilinear2d", true],
  "trilinear 5": ["upsample_trilinear3d", true],
  "bicubic 4": ["upsample_bicubic2d", true],
};
const WRONG_RANK: Record<string, string> = {
  "bilinear 3": "Got 3D input, but bilinear mode needs 4D input",
  "trilinear 3": "Got 3D input, but trilinear mode needs 5D input",
  "linear 4": "Got 4D input, but linear mode needs 3D input",
  "trilinear 4": "Got 4D input, but trilinear mode needs 5D input",
  "linear 5": "Got 5D input, but linear mode needs 3D input",
  "bilinear 5": "Got 5D input, but bilinear mode needs 4D input",
};

/**
 * F.interpolate(input, size=None, scale_factor=None, mode='nearest', align_corners=None,
 * recompute_scale_factor=None, antialias=False): resizes (N, C, d1, ..., dK) inputs, K = 1, 2, 3.
 */
export function interpolate(
  ...args: PyCall<
    [input: T],
    [size: Ints | null, scale_factor: number | readonly number[] | null, mode: InterpolateMode, align_corners: boolean | null, recompute_scale_factor: boolean | null, antialias: boolean],
    InterpolateOptions
  >
): T {
  const v = bindArgs("interpolate", INTERPOLATE, args, 1);
  const [, size, scaleFactor] = v;
  const input = tensorFor(v[0], "dim");
  const mode = given(v[3], "nearest" as unknown);
  let alignCorners = v[4];
  let recompute = v[5];
  const antialias = given(v[6], false);
  if (mode === "nearest" || mode === "area" || mode === "nearest-exact") {
    if (!isNone(alignCorners)) {
      throw new ValueError("align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear");
    }
  } else if (isNone(alignCorners)) {
    alignCorners = false;
  }
  const dim = input.dim() - 2;
  const spatial = () => pyStr(input.shape.slice(2));
  let outputSize: unknown[] | null = null;
  let scaleFactors: unknown[] | null = null;
  if (!isNone(size) && !isNone(scaleFactor)) {
    throw new ValueError("only one of size or scale_factor should be defined");
  } else if (!isNone(size)) {
    if (Array.isArray(size)) {
      if (size.length !== dim) {
        throw new ValueError(
          `Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of ${spatial()} ` +
            `and output size of ${pyStr(size)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.`,
        );
      }
      if (!size.every(isInteger)) {
        throw new TypeError(
          "expected size to be one of int or Tuple[int] or Tuple[int, int] or Tuple[int, int, int], " +
            `but got size with types [${size.map(typeStr).join(", ")}]`,
        );
      }
      // Python's parser reads a 0-d integral tensor in an int list as its value.
      outputSize = size.map((s) => (s instanceof Tensor ? s.item() : s));
    } else {
      outputSize = new Array(Math.max(dim, 0)).fill(size);
    }
  } else if (!isNone(scaleFactor)) {
    if (Array.isArray(scaleFactor)) {
      if (scaleFactor.length !== dim) {
        throw new ValueError(
          `Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of ${spatial()} ` +
            `and scale_factor of shape ${pyStr(scaleFactor)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.`,
        );
      }
      scaleFactors = scaleFactor;
    } else {
      scaleFactors = new Array(Math.max(dim, 0)).fill(scaleFactor);
    }
  } else {
    throw new ValueError("either size or scale_factor should be defined");
  }
  if (recompute && !isNone(size)) throw new ValueError("recompute_scale_factor is not meaningful with an explicit size.");
  // "area" mode always requires an explicit size rather than scale factor.
  if (mode === "area" && outputSize === null) recompute = true;
  if (recompute) {
    // Python's int() of each size times its scale.
    outputSize = scaleFactors!.map((s, i) => Math.trunc(input.size(i + 2) * (s as number)));
    scaleFactors = null;
  }
  if (antialias && !((mode === "bilinear" || mode === "bicubic") && input.dim() === 4)) {
    throw new ValueError("Anti-alias option is restricted to bilinear and bicubic modes and requires a 4-D tensor as input");
  }
  const key = `${pyStr(mode)} ${input.dim()}`;
  if (mode === "area" && input.dim() >= 3 && input.dim() <= 5) {
    const pool = [adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d][input.dim() - 3] as (x: T, size: unknown) => T;
    return pool(input, outputSize);
  }
  if (Object.hasOwn(UPSAMPLE, key)) {
    let [name, takesAlignCorners] = UPSAMPLE[key];
    if (antialias) name = `_${name}_aa`;
    const fn = (_nn as unknown as Record<string, (...a: unknown[]) => T>)[name];
    return takesAlignCorners ? fn(input, outputSize, alignCorners, scaleFactors) : fn(input, outputSize, scaleFactors);
  }
  if (Object.hasOwn(WRONG_RANK, key)) throw new NotImplementedError(WRONG_RANK[key]);
  throw new NotImplementedError(
    `Input Error: Only 3D, 4D and 5D input Tensors supported (got ${input.dim()}D) for the modes: ` +
      `nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got ${pyStr(mode)})`,
  );
}

export interface UpsampleOptions {
  input?: T;
  size?: Ints | null;
  scale_factor?: number | readonly number[] | null;
  mode?: InterpolateMode;
  align_corners?: boolean | null;
}
/** F.upsample(input, size=None, scale_factor=None, mode='nearest', align_corners=None): deprecated, F.interpolate. */
export function upsample(
  ...args: PyCall<[input: T], [size: Ints | null, scale_factor: number | readonly number[] | null, mode: InterpolateMode, align_corners: boolean | null], UpsampleOptions>
): T {
  const v = bindArgs("upsample", ["input", "size", "scale_factor", "mode", "align_corners"], args, 1);
  warn("`nn.functional.upsample` is deprecated. Use `nn.functional.interpolate` instead.");
  return interpolate(v[0] as T, v[1] as Ints | null, (v[2] ?? null) as number | null, given(v[3], "nearest"), (v[4] ?? null) as boolean | null);
}

type UpsampleCall = PyCall<[input: T], [size: Ints | null, scale_factor: number | readonly number[] | null], { input?: T; size?: Ints | null; scale_factor?: number | readonly number[] | null }>;

/** F.upsample_nearest(input, size=None, scale_factor=None): deprecated, F.interpolate(..., mode='nearest'). */
export function upsample_nearest(...args: UpsampleCall): T {
  const v = bindArgs("upsample_nearest", ["input", "size", "scale_factor"], args, 1);
  warn("`nn.functional.upsample_nearest` is deprecated. Use `nn.functional.interpolate` instead.");
  return interpolate(v[0] as T, (v[1] ?? null) as Ints | null, (v[2] ?? null) as number | null, { mode: "nearest" });
}

/** F.upsample_bilinear(input, size=None, scale_factor=None): deprecated, F.interpolate(..., mode='bilinear', align_corners=True). */
export function upsample_bilinear(...args: UpsampleCall): T {
  const v = bindArgs("upsample_bilinear", ["input", "size", "scale_factor"], args, 1);
  warn("`nn.functional.upsample_bilinear` is deprecated. Use `nn.functional.interpolate` instead.");
  return interpolate(v[0] as T, (v[1] ?? null) as Ints | null, (v[2] ?? null) as number | null, { mode: "bilinear", align_corners: true });
}

// ---- sampling grids ----

const ALIGN_CORNERS_WARNING =
  "Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. " +
  "Please specify align_corners=True if the old behavior is desired. See the documentation of grid_sample for details.";

export interface GridSampleOptions {
  input?: T;
  grid?: T;
  mode?: "bilinear" | "nearest" | "bicubic";
  padding_mode?: "zeros" | "border" | "reflection";
  align_corners?: boolean | null;
}
/** F.grid_sample(input, grid, mode='bilinear', padding_mode='zeros', align_corners=None). */
export function grid_sample(
  ...args: PyCall<[input: T, grid: T], [mode: GridSampleOptions["mode"], padding_mode: GridSampleOptions["padding_mode"], align_corners: boolean | null], GridSampleOptions>
): T {
  const v = bindArgs("grid_sample", ["input", "grid", "mode", "padding_mode", "align_corners"], args, 2);
  const mode = given(v[2], "bilinear" as unknown);
  const paddingMode = given(v[3], "zeros" as unknown);
  if (mode !== "bilinear" && mode !== "nearest" && mode !== "bicubic") {
    throw new ValueError(`nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: '${pyStr(mode)}'`);
  }
  if (paddingMode !== "zeros" && paddingMode !== "border" && paddingMode !== "reflection") {
    throw new ValueError(
      `nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or 'reflection', but got: '${pyStr(paddingMode)}'`,
    );
  }
  const modeEnum = { bilinear: 0, nearest: 1, bicubic: 2 }[mode];
  const paddingEnum = { zeros: 0, border: 1, reflection: 2 }[paddingMode];
  let alignCorners = v[4];
  if (isNone(alignCorners)) {
    warn(ALIGN_CORNERS_WARNING);
    alignCorners = false;
  }
  return aten.grid_sampler(v[0] as T, v[1] as T, modeEnum, paddingEnum, alignCorners as boolean);
}

export interface AffineGridOptions {
  theta?: T;
  size?: readonly number[];
  align_corners?: boolean | null;
}
/** F.affine_grid(theta, size, align_corners=None): the sampling grid of a batch of affine matrices (N×2×3 or N×3×4). */
export function affine_grid(...args: PyCall<[theta: T, size: readonly number[]], [align_corners: boolean | null], AffineGridOptions>): T {
  const [thetaArg, sizeArg, alignArg] = bindArgs("affine_grid", ["theta", "size", "align_corners"], args, 2);
  let alignCorners = alignArg;
  if (isNone(alignCorners)) {
    warn(ALIGN_CORNERS_WARNING);
    alignCorners = false;
  }
  const theta = tensorFor(thetaArg, "is_floating_point");
  const size = sizeArg as number[];
  if (!theta.is_floating_point()) throw new ValueError(`Expected theta to have floating point type, but got ${theta.dtype}`);
  const shapeStr = `torch.Size([${theta.shape.join(", ")}])`;
  let spatial: number[];
  if (size.length === 4) {
    if (theta.dim() !== 3 || theta.shape[1] !== 2 || theta.shape[2] !== 3) {
      throw new ValueError(`Expected a batch of 2D affine matrices of shape Nx2x3 for size ${pyStr(size)}. Got ${shapeStr}.`);
    }
    spatial = size.slice(-2);
  } else if (size.length === 5) {
    if (theta.dim() !== 3 || theta.shape[1] !== 3 || theta.shape[2] !== 4) {
      throw new ValueError(`Expected a batch of 3D affine matrices of shape Nx3x4 for size ${pyStr(size)}. Got ${shapeStr}.`);
    }
    spatial = size.slice(-3);
  } else {
    throw new NotImplementedError(
      `affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, respectively. Got size ${pyStr(size)}.`,
    );
  }
  if (alignCorners && Math.min(...spatial) === 1) {
    warn(
      "Since version 1.3.0, affine_grid behavior has changed for unit-size grids when align_corners=True. " +
        "This is not an intended use case of affine_grid. See the documentation of affine_grid for details.",
    );
  } else if (Math.min(...size) <= 0) {
    throw new ValueError(`Expected non-zero, positive output size. Got ${pyStr(size)}`);
  }
  return aten.affine_grid_generator(theta, size, alignCorners as boolean);
}

// ---- padding, unfold and fold ----

export interface PadOptions {
  input?: T;
  pad?: number[];
  mode?: "constant" | "reflect" | "replicate" | "circular";
  value?: number | null;
}
/** F.pad(input, pad, mode='constant', value=None). */
export function pad(...args: PyCall<[input: T, pad: number[]], [mode: PadOptions["mode"], value: number | null], PadOptions>): T {
  const v = bindArgs("pad", ["input", "pad", "mode", "value"], args, 2);
  return _nn.pad(v[0] as T, v[1] as number[], given(v[2], "constant"), (v[3] ?? null) as number | null);
}

/** F.assert_int_or_pair(arg, arg_name, message): an AssertionError of message.format(arg_name) unless arg is an int or a pair. */
export function assert_int_or_pair(arg: number | readonly number[], arg_name: string, message: string): void {
  if (!(Number.isInteger(arg) || (arg as readonly number[]).length === 2)) throw new AssertionError(message.replace("{}", arg_name));
}

export interface UnfoldOptions {
  input?: T;
  kernel_size?: Ints;
  dilation?: Ints;
  padding?: Ints;
  stride?: Ints;
}
/** F.unfold(input, kernel_size, dilation=1, padding=0, stride=1): sliding local blocks (im2col). */
export function unfold(...args: PyCall<[input: T, kernel_size: Ints], [dilation: Ints, padding: Ints, stride: Ints], UnfoldOptions>): T {
  const v = bindArgs("unfold", ["input", "kernel_size", "dilation", "padding", "stride"], args, 2);
  return _nn.im2col(v[0] as T, _pair(v[1]), _pair(given(v[2], 1)), _pair(given(v[3], 0)), _pair(given(v[4], 1)));
}

export interface FoldOptions extends UnfoldOptions {
  output_size?: Ints;
}
/** F.fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1): sums sliding local blocks into a tensor (col2im). */
export function fold(
  ...args: PyCall<[input: T, output_size: Ints, kernel_size: Ints], [dilation: Ints, padding: Ints, stride: Ints], FoldOptions>
): T {
  const v = bindArgs("fold", ["input", "output_size", "kernel_size", "dilation", "padding", "stride"], args, 3);
  return _nn.col2im(v[0] as T, _pair(v[1]), _pair(v[2]), _pair(given(v[3], 1)), _pair(given(v[4], 0)), _pair(given(v[5], 1)));
}
