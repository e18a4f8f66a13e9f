// nn.Fold and nn.Unfold, ported from torch/nn/modules/fold.py (torch 2.11).
import type { Tensor } from "../../tensor";
import * as F from "../functional";
import { Module } from "../module";
import { given, initArgs, named, PyArgs, reprArg } from "./_utils";

type Size = number | readonly number[];

export interface UnfoldOptions {
  kernel_size?: Size;
  dilation?: Size;
  padding?: Size;
  stride?: Size;
}
export interface FoldOptions extends UnfoldOptions {
  output_size?: Size;
}

/** `new nn.Fold(output_size, kernel_size, dilation = 1, padding = 0, stride = 1)`: sums sliding blocks back into a tensor (col2im). */
export class Fold extends Module {
  output_size: Size;
  kernel_size: Size;
  dilation: Size;
  padding: Size;
  stride: Size;

  constructor(...args: PyArgs<[output_size: Size, kernel_size: Size], [dilation: Size, padding: Size, stride: Size], FoldOptions>) {
    super();
    const v = initArgs("Fold", ["output_size", "kernel_size", "dilation", "padding", "stride"], args, 2);
    this.output_size = v[0] as Size;
    this.kernel_size = v[1] as Size;
    this.dilation = given(v[2], 1) as Size;
    this.padding = given(v[3], 0) as Size;
    this.stride = given(v[4], 1) as Size;
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.fold(input, this.output_size as number[], this.kernel_size as number[], this.dilation as number[], this.padding as number[], this.stride as number[]));
  }

  extra_repr(): string {
    return `output_size=${reprArg(this.output_size)}, kernel_size=${reprArg(this.kernel_size)}, ` +
      `dilation=${reprArg(this.dilation)}, padding=${reprArg(this.padding)}, stride=${reprArg(this.stride)}`;
  }
}

/** `new nn.Unfold(kernel_size, dilation = 1, padding = 0, stride = 1)`: extracts sliding blocks (im2col). */
export class Unfold extends Module {
  kernel_size: Size;
  dilation: Size;
  padding: Size;
  stride: Size;

  constructor(...args: PyArgs<[kernel_size: Size], [dilation: Size, padding: Size, stride: Size], UnfoldOptions>) {
    super();
    const v = initArgs("Unfold", ["kernel_size", "dilation", "padding", "stride"], args, 1);
    this.kernel_size = v[0] as Size;
    this.dilation = given(v[1], 1) as Size;
    this.padding = given(v[2], 0) as Size;
    this.stride = given(v[3], 1) as Size;
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.unfold(input, this.kernel_size as number[], this.dilation as number[], this.padding as number[], this.stride as number[]));
  }

  extra_repr(): string {
    return `kernel_size=${reprArg(this.kernel_size)}, dilation=${reprArg(this.dilation)}, padding=${reprArg(this.padding)}, stride=${reprArg(this.stride)}`;
  }
}
