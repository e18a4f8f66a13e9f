// The convolutions of torch.nn.functional (torch 2.11). Python binds F.conv2d and its kin
// straight to the ATen ops (F.conv2d is torch.conv2d), so these are the generated ops: the
// same parameters, overloads (padding as ints or as 'same' / 'valid'), checks and messages.
import { callOp } from "../_dispatch";
import { OPS, type TorchOps } from "../generated/ops";
import type { Tensor } from "../tensor";
import { cFunction } from "./_functional_utils";
import type { PyCall } from "./functional";

type T = Tensor;
/** An int or a tuple of ints (one per spatial dimension). */
export type IntOrTuple = number | readonly number[];
/** Python's padding of a convolution: ints, or 'same' / 'valid'. */
export type ConvPadding = IntOrTuple | "same" | "valid";

export interface ConvOptions {
  input?: T;
  weight?: T;
  bias?: T | null;
  stride?: IntOrTuple;
  padding?: ConvPadding;
  dilation?: IntOrTuple;
  groups?: number;
}
type ConvCall = PyCall<[input: T, weight: T], [bias: T | null, stride: IntOrTuple, padding: ConvPadding, dilation: IntOrTuple, groups: number], ConvOptions>;

export interface ConvTransposeOptions {
  input?: T;
  weight?: T;
  bias?: T | null;
  stride?: IntOrTuple;
  padding?: IntOrTuple;
  output_padding?: IntOrTuple;
  groups?: number;
  dilation?: IntOrTuple;
}
type ConvTransposeCall = PyCall<
  [input: T, weight: T],
  [bias: T | null, stride: IntOrTuple, padding: IntOrTuple, output_padding: IntOrTuple, groups: number, dilation: IntOrTuple],
  ConvTransposeOptions
>;

/** F.conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1). */
export function conv1d(...args: ConvCall): Tensor {
  return callOp(OPS.conv1d, null, args) as Tensor;
}

/** F.conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1). */
export function conv2d(...args: ConvCall): Tensor {
  return callOp(OPS.conv2d, null, args) as Tensor;
}

/** F.conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1). */
export function conv3d(...args: ConvCall): Tensor {
  return callOp(OPS.conv3d, null, args) as Tensor;
}

/** F.conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1). */
export function conv_transpose1d(...args: ConvTransposeCall): Tensor {
  return callOp(OPS.conv_transpose1d, null, args) as Tensor;
}

/** F.conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1). */
export function conv_transpose2d(...args: ConvTransposeCall): Tensor {
  return callOp(OPS.conv_transpose2d, null, args) as Tensor;
}

/** F.conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1). */
export function conv_transpose3d(...args: ConvTransposeCall): Tensor {
  return callOp(OPS.conv_transpose3d, null, args) as Tensor;
}

/** F.conv_tbc(input, weight, bias, pad=0): torch.conv_tbc, a 1-d convolution of (time, batch, channels) inputs. */
export const conv_tbc = cFunction<TorchOps["conv_tbc"]>("conv_tbc");
