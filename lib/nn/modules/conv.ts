// nn.Conv1d/2d/3d and nn.ConvTranspose1d/2d/3d, ported from torch/nn/modules/conv.py (torch 2.11).
import { bindArgs } from "../../_args";
import type { dtype } from "../../dtype";
import { AssertionError, ValueError } from "../../errors";
import type { Tensor } from "../../tensor";
import * as F from "../functional";
import type { ConvPadding, IntOrTuple } from "../functional_conv";
import * as init from "../init";
import { Module } from "../module";
import { Parameter } from "../parameter";
import { emptyTensor, FactoryOptions, given, initArgs, named, PyArgs, reprArg, type DeviceLike } from "./_utils";
import { _pair, _single, _triple } from "./utils";

type T = Tensor;
export type PaddingMode = "zeros" | "reflect" | "replicate" | "circular";

const NTUPLE = [null, _single, _pair, _triple] as const;
const CONV_FN = [null, F.conv1d, F.conv2d, F.conv3d] as const;
const CONV_TRANSPOSE_FN = [null, F.conv_transpose1d, F.conv_transpose2d, F.conv_transpose3d] as const;

/** str() of a hyperparameter, as `extra_repr`'s str.format shows it: (3, 3), same, reflect. */
function str(value: unknown): string {
  return typeof value === "string" ? value : reprArg(value);
}

function allEqual(values: number[] | string, x: number): boolean {
  return Array.isArray(values) && values.every((v) => v === x);
}

/**
 * The base of the convolutions: `new _ConvNd(in_channels, out_channels, kernel_size, stride,
 * padding, dilation, transposed, output_padding, groups, bias, padding_mode, device, dtype)`
 * with tuples already made, as the subclasses call it.
 */
export abstract class _ConvNd extends Module {
  in_channels: number;
  out_channels: number;
  kernel_size: number[];
  stride: number[];
  padding: number[] | "same" | "valid";
  dilation: number[];
  transposed: boolean;
  output_padding: number[];
  groups: number;
  padding_mode: PaddingMode;
  /** The padding to give F.pad for a padding_mode other than 'zeros' (F.pad takes dimensions last first). */
  _reversed_padding_repeated_twice: number[];
  declare weight: Parameter;
  declare bias: Parameter | null;

  constructor(
    in_channels: number,
    out_channels: number,
    kernel_size: number[],
    stride: number[],
    padding: number[] | "same" | "valid",
    dilation: number[],
    transposed: boolean,
    output_padding: number[],
    groups: number,
    bias: boolean,
    padding_mode: PaddingMode,
    device: DeviceLike | null = null,
    dtype: dtype | null = null,
  ) {
    super();
    const factory: FactoryOptions = { device, dtype };
    if (groups <= 0) throw new ValueError("groups must be a positive integer");
    if (in_channels % groups !== 0) throw new ValueError("in_channels must be divisible by groups");
    if (out_channels % groups !== 0) throw new ValueError("out_channels must be divisible by groups");
    if (typeof padding === "string") {
      // (Python prints these sets in its hash order, which changes from run to run.)
      if (padding !== "same" && padding !== "valid") {
        throw new ValueError(`Invalid padding string ${reprArg(padding)}, should be one of {'same', 'valid'}`);
      }
      if (padding === "same" && stride.some((s) => s !== 1)) {
        throw new ValueError("padding='same' is not supported for strided convolutions");
      }
    }
    if (!["zeros", "reflect", "replicate", "circular"].includes(padding_mode)) {
      throw new ValueError(
        `padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${String(padding_mode)}'`,
      );
    }
    this.in_channels = in_channels;
    this.out_channels = out_channels;
    this.kernel_size = kernel_size;
    this.stride = stride;
    this.padding = padding;
    this.dilation = dilation;
    this.transposed = transposed;
    this.output_padding = output_padding;
    this.groups = groups;
    this.padding_mode = padding_mode;
    if (typeof padding === "string") {
      const n = kernel_size.length;
      this._reversed_padding_repeated_twice = new Array<number>(2 * n).fill(0);
      if (padding === "same") {
        // Dimension d pads at 2 (n - 1 - d): F.pad lists the last dimension first.
        for (let d = 0; d < Math.min(n, dilation.length); d++) {
          const total = dilation[d] * (kernel_size[d] - 1);
          const left = Math.floor(total / 2);
          this._reversed_padding_repeated_twice[2 * (n - 1 - d)] = left;
          this._reversed_padding_repeated_twice[2 * (n - 1 - d) + 1] = total - left;
        }
      }
    } else {
      this._reversed_padding_repeated_twice = [...padding].reverse().flatMap((p) => [p, p]);
    }
    const channels = transposed ? [in_channels, Math.floor(out_channels / groups)] : [out_channels, Math.floor(in_channels / groups)];
    this.weight = new Parameter(emptyTensor([...channels, ...kernel_size], factory));
    if (bias) {
      this.bias = new Parameter(emptyTensor([out_channels], factory));
    } else {
      this.register_parameter("bias", null);
    }
    this.reset_parameters();
  }

  /**
   * Re-draws weight (kaiming_uniform_ with a = √5, i.e. U(-1/√k, 1/√k), k = weight.size(1) ×
   * kernel elements) and bias (U(-1/√fan_in, 1/√fan_in)).
   */
  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const [fan_in] = init._calculate_fan_in_and_fan_out(this.weight);
      if (fan_in !== 0) {
        const bound = 1 / Math.sqrt(fan_in);
        init.uniform_(this.bias, -bound, bound);
      }
    }
  }

  extra_repr(): string {
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${str(this.kernel_size)}, stride=${str(this.stride)}`;
    if (!allEqual(this.padding, 0)) s += `, padding=${str(this.padding)}`;
    if (!allEqual(this.dilation, 1)) s += `, dilation=${str(this.dilation)}`;
    if (!allEqual(this.output_padding, 0)) s += `, output_padding=${str(this.output_padding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ", bias=False";
    if (this.padding_mode !== "zeros") s += `, padding_mode=${this.padding_mode}`;
    return s;
  }
}

// ---- Conv1d, Conv2d, Conv3d ----

export interface ConvOptions extends FactoryOptions {
  in_channels?: number;
  out_channels?: number;
  kernel_size?: IntOrTuple;
  stride?: IntOrTuple;
  padding?: ConvPadding;
  dilation?: IntOrTuple;
  groups?: number;
  bias?: boolean;
  padding_mode?: PaddingMode;
}
type ConvArgs = PyArgs<
  [in_channels: number, out_channels: number, kernel_size: IntOrTuple],
  [stride: IntOrTuple, padding: ConvPadding, dilation: IntOrTuple, groups: number, bias: boolean, padding_mode: PaddingMode, device: DeviceLike | null, dtype: dtype | null],
  ConvOptions
>;
const CONV = ["in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "bias", "padding_mode", "device", "dtype"] as const;
type BaseArgs = ConstructorParameters<typeof _ConvNd>;

/** Conv{n}d.__init__: binds the arguments, applies the defaults, and makes the tuples _ConvNd takes. */
function convArgs(name: string, n: 1 | 2 | 3, args: unknown[]): BaseArgs {
  const tuple = NTUPLE[n];
  const v = initArgs(name, CONV, args, 3);
  const padding = given<unknown>(v[4], 0);
  return [
    v[0] as number, v[1] as number, tuple(v[2]), tuple(given(v[3], 1)),
    typeof padding === "string" ? (padding as "same") : tuple(padding),
    tuple(given(v[5], 1)), false, tuple(0), given(v[6], 1), given(v[7], true), given(v[8], "zeros"),
    (v[9] ?? null) as DeviceLike | null, (v[10] ?? null) as dtype | null,
  ];
}

/** Conv{n}d._conv_forward: other padding modes pad with F.pad first, then convolve unpadded. */
function convForward(m: _ConvNd, n: 1 | 2 | 3, input: T, weight: T, bias: T | null): T {
  const conv = CONV_FN[n];
  if (m.padding_mode !== "zeros") {
    const padded = F.pad(input, m._reversed_padding_repeated_twice, m.padding_mode);
    return conv(padded, weight, bias, m.stride, NTUPLE[n](0), m.dilation, m.groups);
  }
  return conv(input, weight, bias, m.stride, m.padding, m.dilation, m.groups);
}

/**
 * 1-d convolution over (N, C_in, L) or (C_in, L): `new nn.Conv1d(in_channels, out_channels,
 * kernel_size, stride = 1, padding = 0, dilation = 1, groups = 1, bias = true,
 * padding_mode = "zeros", device = null, dtype = null)`; padding may be "same" or "valid".
 */
export class Conv1d extends _ConvNd {
  constructor(...args: ConvArgs) {
    super(...convArgs("Conv1d", 1, args));
  }

  _conv_forward(input: T, weight: T, bias: T | null): T {
    return convForward(this, 1, input, weight, bias);
  }

  forward(input: T): T {
    return named(this, () => this._conv_forward(input, this.weight, this.bias));
  }
}

/** 2-d convolution over (N, C_in, H, W) or (C_in, H, W): the arguments of nn.Conv1d, each size an int or a pair. */
export class Conv2d extends _ConvNd {
  constructor(...args: ConvArgs) {
    super(...convArgs("Conv2d", 2, args));
  }

  _conv_forward(input: T, weight: T, bias: T | null): T {
    return convForward(this, 2, input, weight, bias);
  }

  forward(input: T): T {
    return named(this, () => this._conv_forward(input, this.weight, this.bias));
  }
}

/** 3-d convolution over (N, C_in, D, H, W) or (C_in, D, H, W): the arguments of nn.Conv1d, each size an int or a triple. */
export class Conv3d extends _ConvNd {
  constructor(...args: ConvArgs) {
    super(...convArgs("Conv3d", 3, args));
  }

  _conv_forward(input: T, weight: T, bias: T | null): T {
    return convForward(this, 3, input, weight, bias);
  }

  forward(input: T): T {
    return named(this, () => this._conv_forward(input, this.weight, this.bias));
  }
}

// ---- ConvTranspose1d, ConvTranspose2d, ConvTranspose3d ----

/** The base of the transposed convolutions: only padding_mode 'zeros', and output_size in forward. */
export abstract class _ConvTransposeNd extends _ConvNd {
  constructor(...args: BaseArgs) {
    if (args[10] !== "zeros") throw new ValueError(`Only "zeros" padding mode is supported for ${new.target.name}`);
    super(...args);
  }

  /** The output_padding that makes forward's output output_size (spatial, or with the batch and channel dims). */
  _output_padding(
    input: T,
    output_size: readonly number[] | null,
    stride: number[],
    padding: number[],
    kernel_size: number[],
    num_spatial_dims: number,
    dilation: number[] | null = null,
  ): number[] {
    if (output_size === null || output_size === undefined) return _single(this.output_padding);
    const shape = input.shape;
    const num_non_spatial_dims = input.dim() === num_spatial_dims + 2 ? 2 : 1;
    if (output_size.length === num_non_spatial_dims + num_spatial_dims) output_size = output_size.slice(num_non_spatial_dims);
    if (output_size.length !== num_spatial_dims) {
      throw new ValueError(
        `ConvTranspose${num_spatial_dims}D: for ${input.dim()}D input, output_size must have ${num_spatial_dims} ` +
          `or ${num_non_spatial_dims + num_spatial_dims} elements (got ${output_size.length})`,
      );
    }
    const min_sizes: number[] = [];
    const max_sizes: number[] = [];
    for (let d = 0; d < num_spatial_dims; d++) {
      const dim_size =
        (shape[d + num_non_spatial_dims] - 1) * stride[d] - 2 * padding[d] + (dilation !== null ? dilation[d] : 1) * (kernel_size[d] - 1) + 1;
      min_sizes.push(dim_size);
      max_sizes.push(dim_size + stride[d] - 1);
    }
    const list = (xs: readonly number[]) => `[${xs.join(", ")}]`;
    output_size.forEach((size, i) => {
      if (size < min_sizes[i] || size > max_sizes[i]) {
        throw new ValueError(
          `requested an output size of ${list(output_size!)}, but valid sizes range ` +
            `from ${list(min_sizes)} to ${list(max_sizes)} (for an input of torch.Size(${list(shape.slice(2))}))`,
        );
      }
    });
    return min_sizes.map((min, d) => output_size![d] - min);
  }
}

export interface ConvTransposeOptions extends FactoryOptions {
  in_channels?: number;
  out_channels?: number;
  kernel_size?: IntOrTuple;
  stride?: IntOrTuple;
  padding?: IntOrTuple;
  output_padding?: IntOrTuple;
  groups?: number;
  bias?: boolean;
  dilation?: IntOrTuple;
  padding_mode?: PaddingMode;
}
type ConvTransposeArgs = PyArgs<
  [in_channels: number, out_channels: number, kernel_size: IntOrTuple],
  [
    stride: IntOrTuple, padding: IntOrTuple, output_padding: IntOrTuple, groups: number, bias: boolean, dilation: IntOrTuple,
    padding_mode: PaddingMode, device: DeviceLike | null, dtype: dtype | null,
  ],
  ConvTransposeOptions
>;
const CONV_TRANSPOSE = [
  "in_channels", "out_channels", "kernel_size", "stride", "padding", "output_padding", "groups", "bias", "dilation", "padding_mode", "device", "dtype",
] as const;

function convTransposeArgs(name: string, n: 1 | 2 | 3, args: unknown[]): BaseArgs {
  const tuple = NTUPLE[n];
  const v = initArgs(name, CONV_TRANSPOSE, args, 3);
  return [
    v[0] as number, v[1] as number, tuple(v[2]), tuple(given(v[3], 1)), tuple(given(v[4], 0)),
    tuple(given(v[8], 1)), true, tuple(given(v[5], 0)), given(v[6], 1), given(v[7], true), given(v[9], "zeros"),
    (v[10] ?? null) as DeviceLike | null, (v[11] ?? null) as dtype | null,
  ];
}

export interface ConvTransposeForwardOptions {
  input?: T;
  output_size?: readonly number[] | null;
}
type ConvTransposeForwardArgs = PyArgs<[input: T], [output_size: readonly number[] | null], ConvTransposeForwardOptions>;

/** ConvTranspose{n}d.forward(input, output_size=None). */
function convTransposeForward(m: _ConvTransposeNd, n: 1 | 2 | 3, args: unknown[]): T {
  const [input, output_size] = bindArgs(() => `${m._get_name()}.forward`, ["self", "input", "output_size"], [null, ...args], 2).slice(1) as [
    T, readonly number[] | null | undefined,
  ];
  return named(m, () => {
    if (m.padding_mode !== "zeros") throw new ValueError(`Only \`zeros\` padding mode is supported for ${m._get_name()}`);
    if (!Array.isArray(m.padding)) throw new AssertionError("self.padding must be a tuple");
    const output_padding = m._output_padding(input, output_size ?? null, m.stride, m.padding, m.kernel_size, n, m.dilation);
    return CONV_TRANSPOSE_FN[n](input, m.weight, m.bias, m.stride, m.padding, output_padding, m.groups, m.dilation);
  });
}

/**
 * 1-d transposed convolution (the gradient of Conv1d with respect to its input):
 * `new nn.ConvTranspose1d(in_channels, out_channels, kernel_size, stride = 1, padding = 0,
 * output_padding = 0, groups = 1, bias = true, dilation = 1, padding_mode = "zeros", device = null,
 * dtype = null)`; `forward(input, output_size = null)`.
 */
export class ConvTranspose1d extends _ConvTransposeNd {
  constructor(...args: ConvTransposeArgs) {
    super(...convTransposeArgs("ConvTranspose1d", 1, args));
  }

  forward(...args: ConvTransposeForwardArgs): T {
    return convTransposeForward(this, 1, args);
  }
}

/** 2-d transposed convolution: the arguments of nn.ConvTranspose1d, each size an int or a pair. */
export class ConvTranspose2d extends _ConvTransposeNd {
  constructor(...args: ConvTransposeArgs) {
    super(...convTransposeArgs("ConvTranspose2d", 2, args));
  }

  forward(...args: ConvTransposeForwardArgs): T {
    return convTransposeForward(this, 2, args);
  }
}

/** 3-d transposed convolution: the arguments of nn.ConvTranspose1d, each size an int or a triple. */
export class ConvTranspose3d extends _ConvTransposeNd {
  constructor(...args: ConvTransposeArgs) {
    super(...convTransposeArgs("ConvTranspose3d", 3, args));
  }

  forward(...args: ConvTransposeForwardArgs): T {
    return convTransposeForward(this, 3, args);
  }
}
