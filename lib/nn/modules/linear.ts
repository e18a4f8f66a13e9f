// nn.Identity, nn.Linear and nn.Bilinear (nn.LazyLinear: lazy.ts), ported from torch/nn/modules/linear.py (torch 2.11).
import { bindArgs } from "../../_args";
import { Tensor } from "../../tensor";
import * as F from "../functional";
import * as init from "../init";
import { Module } from "../module";
import { Parameter } from "../parameter";
import { emptyTensor, FactoryOptions, given, initArgs, named, PyArgs, reprArg, type DeviceLike } from "./_utils";
import type { dtype } from "../../dtype";
import { ValueError } from "../../errors";

/** A placeholder that returns its input; takes (and ignores) any arguments, as Python's. */
export class Identity extends Module {
  constructor(...args: unknown[]) {
    super();
    void args;
  }

  forward<T = Tensor>(input: T): T {
    return input;
  }
}

export interface LinearOptions extends FactoryOptions {
  in_features?: number;
  out_features?: number;
  bias?: boolean;
}

const LINEAR = ["in_features", "out_features", "bias", "device", "dtype"] as const;
const FORWARD_PARAMS = ["self", "input"] as const;

/**
 * y = x Aᵀ + b: `new nn.Linear(in_features, out_features, bias = true, device = null, dtype = null)`,
 * or `new nn.Linear(384, 65, { bias: false })`. weight is (out_features, in_features), both
 * initialised from U(-1/√in_features, 1/√in_features) as in Python.
 */
export class Linear extends Module {
  in_features: number;
  out_features: number;
  declare weight: Parameter;
  declare bias: Parameter | null;

  constructor(
    ...args: PyArgs<[in_features: number, out_features: number], [bias: boolean, device: DeviceLike | null, dtype: dtype | null], LinearOptions>
  ) {
    super();
    const [in_features, out_features, bias, device, dtype] = initArgs("Linear", LINEAR, args, 2) as [
      number, number, boolean | undefined, DeviceLike | null | undefined, dtype | null | undefined,
    ];
    const factory = { device, dtype };
    this.in_features = in_features;
    this.out_features = out_features;
    this.weight = new Parameter(emptyTensor([out_features, in_features], factory));
    if (given(bias, true)) {
      this.bias = new Parameter(emptyTensor([out_features], factory));
    } else {
      this.register_parameter("bias", null);
    }
    this.reset_parameters();
  }

  /** Re-draws weight (kaiming_uniform_ with a = √5) and bias (uniform in ±1/√fan_in). */
  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const [fan_in] = init._calculate_fan_in_and_fan_out(this.weight);
      const bound = fan_in > 0 ? 1 / Math.sqrt(fan_in) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }

  /** forward(input), or forward({ input }) as Python's forward(input=...). */
  forward(...args: [input: Tensor] | [options: { input: Tensor }]): Tensor {
    // The usual call, forward(x), skips binding: ~500 bytes and ~0.5 us less a call.
    const input =
      args.length === 1 && args[0] instanceof Tensor
        ? args[0]
        : (bindArgs(() => `${this._get_name()}.forward`, FORWARD_PARAMS, [null, ...args], 2)[1] as Tensor);
    return named(this, () => F.linear(input, this.weight, this.bias));
  }

  extra_repr(): string {
    return `in_features=${this.in_features}, out_features=${this.out_features}, bias=${reprArg(this.bias !== null)}`;
  }
}

export interface BilinearOptions extends FactoryOptions {
  in1_features?: number;
  in2_features?: number;
  out_features?: number;
  bias?: boolean;
}

const BILINEAR = ["in1_features", "in2_features", "out_features", "bias", "device", "dtype"] as const;

/**
 * y = x1ᵀ A x2 + b: `new nn.Bilinear(in1_features, in2_features, out_features, bias = true,
 * device = null, dtype = null)`; weight (out, in1, in2) and bias from U(-1/√in1, 1/√in1).
 */
export class Bilinear extends Module {
  in1_features: number;
  in2_features: number;
  out_features: number;
  declare weight: Parameter;
  declare bias: Parameter | null;

  constructor(
    ...args: PyArgs<
      [in1_features: number, in2_features: number, out_features: number],
      [bias: boolean, device: DeviceLike | null, dtype: dtype | null],
      BilinearOptions
    >
  ) {
    super();
    const v = initArgs("Bilinear", BILINEAR, args, 3);
    const factory = { device: v[4] as DeviceLike | null | undefined, dtype: v[5] as dtype | null | undefined };
    this.in1_features = v[0] as number;
    this.in2_features = v[1] as number;
    this.out_features = v[2] as number;
    this.weight = new Parameter(emptyTensor([this.out_features, this.in1_features, this.in2_features], factory));
    if (given(v[3], true)) {
      this.bias = new Parameter(emptyTensor([this.out_features], factory));
    } else {
      this.register_parameter("bias", null);
    }
    this.reset_parameters();
  }

  reset_parameters(): void {
    if (this.in1_features <= 0) throw new ValueError(`in1_features must be > 0, but got (in1_features=${this.in1_features})`);
    const bound = 1 / Math.sqrt(this.weight.size(1) as number);
    init.uniform_(this.weight, -bound, bound);
    if (this.bias !== null) init.uniform_(this.bias, -bound, bound);
  }

  forward(input1: Tensor, input2: Tensor): Tensor {
    return named(this, () => F.bilinear(input1, input2, this.weight, this.bias));
  }

  extra_repr(): string {
    return `in1_features=${this.in1_features}, in2_features=${this.in2_features}, out_features=${this.out_features}, bias=${reprArg(this.bias !== null)}`;
  }
}
