// The pooling layers, ported from torch/nn/modules/pooling.py (torch 2.11): max, max-unpooling,
// average, power-average, adaptive and fractional pooling, in 1, 2 and 3 dimensions. Each family shares one
// implementation; its 1d/2d/3d classes only say their dimension count.
import { ValueError } from "../../errors";
import type { Tensor } from "../../tensor";
import * as F from "../functional";
import { Module } from "../module";
import { given, initArgs, named, PyArgs, reprArg } from "./_utils";
import { ntuple } from "./utils";

type Dims = 1 | 2 | 3;
/** An int, or one per spatial dimension (Python's _size_any_t). */
type Size = number | readonly number[];
/** An adaptive output size: an int, or one per dimension where None keeps the input's (_size_any_opt_t). */
type OutputSize = number | readonly (number | null)[];
/** What a pooling layer with return_indices R returns: [output, indices] when R is true. */
export type PoolOutput<R extends boolean> = R extends true ? [Tensor, Tensor] : Tensor;

// The functional forms by dimension count, called positionally (their types are per family).
type Fn = (...args: unknown[]) => unknown;
const MAX_POOL = [F.max_pool1d, F.max_pool2d, F.max_pool3d] as unknown as Fn[];
const MAX_UNPOOL = [F.max_unpool1d, F.max_unpool2d, F.max_unpool3d] as unknown as Fn[];
const AVG_POOL = [F.avg_pool1d, F.avg_pool2d, F.avg_pool3d] as unknown as Fn[];
const LP_POOL = [F.lp_pool1d, F.lp_pool2d, F.lp_pool3d] as unknown as Fn[];
const ADAPTIVE_MAX_POOL = [F.adaptive_max_pool1d, F.adaptive_max_pool2d, F.adaptive_max_pool3d] as unknown as Fn[];
const ADAPTIVE_AVG_POOL = [F.adaptive_avg_pool1d, F.adaptive_avg_pool2d, F.adaptive_avg_pool3d] as unknown as Fn[];

// ---- max pooling ----

export interface MaxPoolOptions<R extends boolean = boolean> {
  kernel_size?: Size;
  stride?: Size | null;
  padding?: Size;
  dilation?: Size;
  return_indices?: R;
  ceil_mode?: boolean;
}

/**
 * Python's _MaxPoolNd: `new nn.MaxPool2d(kernel_size, stride = null, padding = 0, dilation = 1,
 * return_indices = false, ceil_mode = false)` (stride null: kernel_size). With return_indices
 * true, forward returns [output, indices].
 */
export abstract class _MaxPoolNd<R extends boolean = false> extends Module {
  kernel_size: Size;
  stride: Size;
  padding: Size;
  dilation: Size;
  return_indices: R;
  ceil_mode: boolean;
  protected abstract get _dims(): Dims;

  constructor(
    ...args: PyArgs<[kernel_size: Size], [stride: Size | null, padding: Size, dilation: Size, return_indices: R, ceil_mode: boolean], MaxPoolOptions<R>>
  ) {
    super();
    const v = initArgs("_MaxPoolNd", ["kernel_size", "stride", "padding", "dilation", "return_indices", "ceil_mode"], args, 1);
    this.kernel_size = v[0] as Size;
    this.stride = (v[1] ?? v[0]) as Size;
    this.padding = given(v[2], 0);
    this.dilation = given(v[3], 1);
    this.return_indices = given(v[4], false as R);
    this.ceil_mode = given(v[5], false);
  }

  forward(input: Tensor): PoolOutput<R> {
    const pool = MAX_POOL[this._dims - 1];
    const options = { ceil_mode: this.ceil_mode, return_indices: this.return_indices };
    return named(this, () => pool(input, this.kernel_size, this.stride, this.padding, this.dilation, options)) as PoolOutput<R>;
  }

  extra_repr(): string {
    return `kernel_size=${reprArg(this.kernel_size)}, stride=${reprArg(this.stride)}, padding=${reprArg(this.padding)}, ` +
      `dilation=${reprArg(this.dilation)}, ceil_mode=${reprArg(this.ceil_mode)}`;
  }
}

/** Max pooling over (N, C, L) or (C, L). */
export class MaxPool1d<R extends boolean = false> extends _MaxPoolNd<R> {
  protected get _dims(): Dims { return 1; }
}
/** Max pooling over (N, C, H, W) or (C, H, W). */
export class MaxPool2d<R extends boolean = false> extends _MaxPoolNd<R> {
  protected get _dims(): Dims { return 2; }
}
/** Max pooling over (N, C, D, H, W) or (C, D, H, W). */
export class MaxPool3d<R extends boolean = false> extends _MaxPoolNd<R> {
  protected get _dims(): Dims { return 3; }
}

// ---- max unpooling ----

export interface MaxUnpoolOptions {
  kernel_size?: Size;
  stride?: Size | null;
  padding?: Size;
}

/**
 * Python's _MaxUnpoolNd: `new nn.MaxUnpool2d(kernel_size, stride = null, padding = 0)`, the
 * partial inverse of MaxPool2d; `forward(input, indices, output_size = null)`.
 */
export abstract class _MaxUnpoolNd extends Module {
  kernel_size: number[];
  stride: number[];
  padding: number[];
  protected abstract get _dims(): Dims;

  constructor(...args: PyArgs<[kernel_size: Size], [stride: Size | null, padding: Size], MaxUnpoolOptions>) {
    super();
    // The subclass's getter (TS forbids reading an abstract member in a constructor).
    const n = (this as unknown as { _dims: Dims })._dims;
    const [kernel_size, stride, padding] = initArgs(`MaxUnpool${n}d`, ["kernel_size", "stride", "padding"], args, 1);
    this.kernel_size = ntuple(kernel_size, n);
    this.stride = ntuple(stride ?? kernel_size, n);
    this.padding = ntuple(given(padding, 0), n);
  }

  forward(input: Tensor, indices: Tensor, output_size: readonly number[] | null = null): Tensor {
    const unpool = MAX_UNPOOL[this._dims - 1];
    return named(this, () => unpool(input, indices, this.kernel_size, this.stride, this.padding, output_size)) as Tensor;
  }

  extra_repr(): string {
    return `kernel_size=${reprArg(this.kernel_size)}, stride=${reprArg(this.stride)}, padding=${reprArg(this.padding)}`;
  }
}

export class MaxUnpool1d extends _MaxUnpoolNd {
  protected get _dims(): Dims { return 1; }
}
export class MaxUnpool2d extends _MaxUnpoolNd {
  protected get _dims(): Dims { return 2; }
}
export class MaxUnpool3d extends _MaxUnpoolNd {
  protected get _dims(): Dims { return 3; }
}

// ---- average pooling ----

export interface AvgPool1dOptions {
  kernel_size?: Size;
  stride?: Size | null;
  padding?: Size;
  ceil_mode?: boolean;
  count_include_pad?: boolean;
}
export interface AvgPoolOptions extends AvgPool1dOptions {
  divisor_override?: number | null;
}
type AvgPoolArgs = PyArgs<
  [kernel_size: Size],
  [stride: Size | null, padding: Size, ceil_mode: boolean, count_include_pad: boolean, divisor_override: number | null],
  AvgPoolOptions
>;
const AVG_POOL_NAMES = ["kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"] as const;

/**
 * Python's _AvgPoolNd: `new nn.AvgPool2d(kernel_size, stride = null, padding = 0, ceil_mode =
 * false, count_include_pad = true, divisor_override = null)`; AvgPool1d has no
 * divisor_override and keeps its sizes as tuples, as in Python.
 */
export abstract class _AvgPoolNd extends Module {
  kernel_size: Size;
  stride: Size;
  padding: Size;
  ceil_mode: boolean;
  count_include_pad: boolean;
  declare divisor_override?: number | null;
  protected abstract get _dims(): Dims;

  constructor(...args: AvgPoolArgs) {
    super();
    // The subclass's getter (TS forbids reading an abstract member in a constructor).
    const n = (this as unknown as { _dims: Dims })._dims;
    const v = initArgs(`AvgPool${n}d`, n === 1 ? AVG_POOL_NAMES.slice(0, 5) : AVG_POOL_NAMES, args, 1);
    const keep = (x: unknown) => (n === 1 ? ntuple(x, 1) : x) as Size;
    this.kernel_size = keep(v[0]);
    this.stride = keep(v[1] ?? v[0]);
    this.padding = keep(given(v[2], 0));
    this.ceil_mode = given(v[3], false);
    this.count_include_pad = given(v[4], true);
    if (n > 1) this.divisor_override = given(v[5], null);
  }

  forward(input: Tensor): Tensor {
    const pool = AVG_POOL[this._dims - 1];
    const rest = this._dims > 1 ? [this.divisor_override] : [];
    return named(this, () => pool(input, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad, ...rest)) as Tensor;
  }

  extra_repr(): string {
    return `kernel_size=${reprArg(this.kernel_size)}, stride=${reprArg(this.stride)}, padding=${reprArg(this.padding)}`;
  }
}

export class AvgPool1d extends _AvgPoolNd {
  constructor(...args: PyArgs<[kernel_size: Size], [stride: Size | null, padding: Size, ceil_mode: boolean, count_include_pad: boolean], AvgPool1dOptions>) {
    super(...(args as AvgPoolArgs));
  }
  protected get _dims(): Dims { return 1; }
}
export class AvgPool2d extends _AvgPoolNd {
  protected get _dims(): Dims { return 2; }
}
export class AvgPool3d extends _AvgPoolNd {
  protected get _dims(): Dims { return 3; }
}

// ---- power-average pooling ----

export interface LPPoolOptions {
  norm_type?: number;
  kernel_size?: Size;
  stride?: Size | null;
  ceil_mode?: boolean;
}

/** Python's _LPPoolNd: `new nn.LPPool2d(norm_type, kernel_size, stride = null, ceil_mode = false)`. */
export abstract class _LPPoolNd extends Module {
  norm_type: number;
  kernel_size: Size;
  stride: Size | null;
  ceil_mode: boolean;
  protected abstract get _dims(): Dims;

  constructor(...args: PyArgs<[norm_type: number, kernel_size: Size], [stride: Size | null, ceil_mode: boolean], LPPoolOptions>) {
    super();
    const v = initArgs("_LPPoolNd", ["norm_type", "kernel_size", "stride", "ceil_mode"], args, 2);
    this.norm_type = v[0] as number;
    this.kernel_size = v[1] as Size;
    this.stride = given(v[2], null);
    this.ceil_mode = given(v[3], false);
  }

  forward(input: Tensor): Tensor {
    const pool = LP_POOL[this._dims - 1];
    return named(this, () => pool(input, this.norm_type, this.kernel_size, this.stride, this.ceil_mode)) as Tensor;
  }

  extra_repr(): string {
    return `norm_type=${reprArg(this.norm_type)}, kernel_size=${reprArg(this.kernel_size)}, stride=${reprArg(this.stride)}, ceil_mode=${reprArg(this.ceil_mode)}`;
  }
}

export class LPPool1d extends _LPPoolNd {
  protected get _dims(): Dims { return 1; }
}
export class LPPool2d extends _LPPoolNd {
  protected get _dims(): Dims { return 2; }
}
export class LPPool3d extends _LPPoolNd {
  protected get _dims(): Dims { return 3; }
}

// ---- adaptive pooling ----

export interface AdaptiveMaxPoolOptions<R extends boolean = boolean> {
  output_size?: OutputSize;
  return_indices?: R;
}

/**
 * Python's _AdaptiveMaxPoolNd: `new nn.AdaptiveMaxPool2d(output_size, return_indices = false)`;
 * output_size an int or one per dimension (null keeps the input's size).
 */
export abstract class _AdaptiveMaxPoolNd<R extends boolean = false> extends Module {
  output_size: OutputSize;
  return_indices: R;
  protected abstract get _dims(): Dims;

  constructor(...args: PyArgs<[output_size: OutputSize], [return_indices: R], AdaptiveMaxPoolOptions<R>>) {
    super();
    const [output_size, return_indices] = initArgs("_AdaptiveMaxPoolNd", ["output_size", "return_indices"], args, 1);
    this.output_size = output_size as OutputSize;
    this.return_indices = given(return_indices, false as R);
  }

  forward(input: Tensor): PoolOutput<R> {
    const pool = ADAPTIVE_MAX_POOL[this._dims - 1];
    return named(this, () => pool(input, this.output_size, this.return_indices)) as PoolOutput<R>;
  }

  extra_repr(): string {
    return `output_size=${reprArg(this.output_size)}`;
  }
}

export class AdaptiveMaxPool1d<R extends boolean = false> extends _AdaptiveMaxPoolNd<R> {
  protected get _dims(): Dims { return 1; }
}
export class AdaptiveMaxPool2d<R extends boolean = false> extends _AdaptiveMaxPoolNd<R> {
  protected get _dims(): Dims { return 2; }
}
export class AdaptiveMaxPool3d<R extends boolean = false> extends _AdaptiveMaxPoolNd<R> {
  protected get _dims(): Dims { return 3; }
}

/** Python's _AdaptiveAvgPoolNd: `new nn.AdaptiveAvgPool2d(output_size)`. */
export abstract class _AdaptiveAvgPoolNd extends Module {
  output_size: OutputSize;
  protected abstract get _dims(): Dims;

  constructor(...args: PyArgs<[output_size: OutputSize], [], { output_size?: OutputSize }>) {
    super();
    const [output_size] = initArgs("_AdaptiveAvgPoolNd", ["output_size"], args, 1);
    this.output_size = output_size as OutputSize;
  }

  forward(input: Tensor): Tensor {
    const pool = ADAPTIVE_AVG_POOL[this._dims - 1];
    return named(this, () => pool(input, this.output_size)) as Tensor;
  }

  extra_repr(): string {
    return `output_size=${reprArg(this.output_size)}`;
  }
}

export class AdaptiveAvgPool1d extends _AdaptiveAvgPoolNd {
  protected get _dims(): Dims { return 1; }
}
export class AdaptiveAvgPool2d extends _AdaptiveAvgPoolNd {
  protected get _dims(): Dims { return 2; }
}
export class AdaptiveAvgPool3d extends _AdaptiveAvgPoolNd {
  protected get _dims(): Dims { return 3; }
}

// ---- fractional max pooling ----

export interface FractionalMaxPoolOptions<R extends boolean = boolean> {
  kernel_size?: Size;
  output_size?: Size | null;
  output_ratio?: number | readonly number[] | null;
  return_indices?: R;
  _random_samples?: Tensor | null;
}

/**
 * Python's FractionalMaxPool2d/3d: `new nn.FractionalMaxPool2d(kernel_size, output_size = null,
 * output_ratio = null, return_indices = false, _random_samples = null)`; exactly one of
 * output_size and output_ratio (each ratio in (0, 1)).
 */
abstract class _FractionalMaxPoolNd<R extends boolean = false> extends Module {
  kernel_size: number[];
  return_indices: R;
  output_size: number[] | null;
  output_ratio: number[] | null;
  declare _random_samples: Tensor | null;
  protected abstract get _dims(): 2 | 3;

  constructor(
    ...args: PyArgs<
      [kernel_size: Size],
      [output_size: Size | null, output_ratio: number | readonly number[] | null, return_indices: R, _random_samples: Tensor | null],
      FractionalMaxPoolOptions<R>
    >
  ) {
    super();
    const n = (this as unknown as { _dims: 2 | 3 })._dims;
    const name = `FractionalMaxPool${n}d`;
    const v = initArgs(name, ["kernel_size", "output_size", "output_ratio", "return_indices", "_random_samples"], args, 1);
    const kernel_size = v[0];
    if (n === 3 && ((typeof kernel_size === "number" && kernel_size <= 0) || (Array.isArray(kernel_size) && !kernel_size.every((k) => k > 0)))) {
      throw new ValueError(`kernel_size must greater than 0, but got ${reprArg(kernel_size)}`);
    }
    this.kernel_size = ntuple(kernel_size, n);
    this.return_indices = given(v[3], false as R);
    this.register_buffer("_random_samples", given(v[4], null) as Tensor | null);
    const output_size = given(v[1], null);
    const output_ratio = given(v[2], null);
    this.output_size = output_size !== null ? ntuple(output_size, n) : null;
    this.output_ratio = output_ratio !== null ? ntuple(output_ratio, n) : null;
    if (output_size === null && output_ratio === null) {
      throw new ValueError(`${name} requires specifying either an output size, or a pooling ratio`);
    }
    if (output_size !== null && output_ratio !== null) throw new ValueError("only one of output_size and output_ratio may be specified");
    if (this.output_ratio !== null && !this.output_ratio.every((r) => r > 0 && r < 1)) {
      throw new ValueError(`output_ratio must be between 0 and 1 (got ${reprArg(output_ratio)})`);
    }
  }

  forward(input: Tensor): PoolOutput<R> {
    const pool = (this._dims === 2 ? F.fractional_max_pool2d : F.fractional_max_pool3d) as unknown as Fn;
    return named(this, () =>
      pool(input, this.kernel_size, this.output_size, this.output_ratio, this.return_indices, { _random_samples: this._random_samples }),
    ) as PoolOutput<R>;
  }
}

/** Fractional max pooling over (N, C, H, W) or (C, H, W). */
export class FractionalMaxPool2d<R extends boolean = false> extends _FractionalMaxPoolNd<R> {
  protected get _dims(): 2 { return 2; }
}
/** Fractional max pooling over (N, C, D, H, W) or (C, D, H, W). */
export class FractionalMaxPool3d<R extends boolean = false> extends _FractionalMaxPoolNd<R> {
  protected get _dims(): 3 { return 3; }
}
