// Activation modules, ported from torch/nn/modules/activation.py (torch 2.11): ReLU, GELU,
// SiLU, Tanh, Sigmoid, Softmax, LogSoftmax, LeakyReLU, ELU. (MultiheadAttention is in
// attention.ts.)
import { callOp } from "../../_dispatch";
import { OPS } from "../../generated/ops";
import type { Tensor } from "../../tensor";
import * as F from "../functional";
import { Module } from "../module";
import { given, initArgs, named, PyArgs, pyFloat, reprArg } from "./_utils";

export interface InplaceOptions {
  inplace?: boolean;
}

/** `new nn.ReLU(inplace = false)`: max(0, x). */
export class ReLU extends Module {
  inplace: boolean;

  constructor(...args: PyArgs<[], [inplace: boolean], InplaceOptions>) {
    super();
    const [inplace] = initArgs("ReLU", ["inplace"], args, 0);
    this.inplace = given(inplace, false);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.relu(input, { inplace: this.inplace }));
  }

  extra_repr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

/** `new nn.Sigmoid()`: 1 / (1 + exp(-x)). */
export class Sigmoid extends Module {
  constructor(...args: []) {
    super();
    initArgs("Sigmoid", [], args, 0);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => callOp(OPS.sigmoid, null, [input]) as Tensor);
  }
}

/** `new nn.Tanh()`: tanh(x). */
export class Tanh extends Module {
  constructor(...args: []) {
    super();
    initArgs("Tanh", [], args, 0);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => callOp(OPS.tanh, null, [input]) as Tensor);
  }
}

/** `new nn.SiLU(inplace = false)`: x · sigmoid(x). */
export class SiLU extends Module {
  inplace: boolean;

  constructor(...args: PyArgs<[], [inplace: boolean], InplaceOptions>) {
    super();
    const [inplace] = initArgs("SiLU", ["inplace"], args, 0);
    this.inplace = given(inplace, false);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.silu(input, { inplace: this.inplace }));
  }

  extra_repr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

export interface ELUOptions {
  alpha?: number;
  inplace?: boolean;
}

/** `new nn.ELU(alpha = 1.0, inplace = false)`: x for x > 0, alpha · (exp(x) - 1) otherwise. */
export class ELU extends Module {
  alpha: number;
  inplace: boolean;

  constructor(...args: PyArgs<[], [alpha: number, inplace: boolean], ELUOptions>) {
    super();
    const [alpha, inplace] = initArgs("ELU", ["alpha", "inplace"], args, 0);
    this.alpha = given(alpha, 1.0);
    this.inplace = given(inplace, false);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.elu(input, this.alpha, this.inplace));
  }

  extra_repr(): string {
    return `alpha=${pyFloat(this.alpha)}${this.inplace ? ", inplace=True" : ""}`;
  }
}

export interface GELUOptions {
  approximate?: "none" | "tanh";
}

/** `new nn.GELU(approximate = "none")`: x · Φ(x), or its tanh approximation. */
export class GELU extends Module {
  approximate: "none" | "tanh";

  constructor(...args: PyArgs<[], [approximate: "none" | "tanh"], GELUOptions>) {
    super();
    const [approximate] = initArgs("GELU", ["approximate"], args, 0);
    this.approximate = given(approximate, "none");
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.gelu(input, { approximate: this.approximate }));
  }

  extra_repr(): string {
    return `approximate=${reprArg(this.approximate)}`;
  }
}

export interface LeakyReLUOptions {
  negative_slope?: number;
  inplace?: boolean;
}

/** `new nn.LeakyReLU(negative_slope = 0.01, inplace = false)`: max(0, x) + negative_slope · min(0, x). */
export class LeakyReLU extends Module {
  negative_slope: number;
  inplace: boolean;

  constructor(...args: PyArgs<[], [negative_slope: number, inplace: boolean], LeakyReLUOptions>) {
    super();
    const [negative_slope, inplace] = initArgs("LeakyReLU", ["negative_slope", "inplace"], args, 0);
    this.negative_slope = given(negative_slope, 1e-2);
    this.inplace = given(inplace, false);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.leaky_relu(input, this.negative_slope, this.inplace));
  }

  extra_repr(): string {
    return `negative_slope=${pyFloat(this.negative_slope)}${this.inplace ? ", inplace=True" : ""}`;
  }
}

export interface SoftmaxOptions {
  dim?: number | null;
}

/** `new nn.Softmax(dim = null)`: exp(x) / Σ exp(x) along dim. */
export class Softmax extends Module {
  dim: number | null;

  constructor(...args: PyArgs<[], [dim: number | null], SoftmaxOptions>) {
    super();
    const [dim] = initArgs("Softmax", ["dim"], args, 0);
    this.dim = given(dim, null);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.softmax(input, this.dim));
  }

  extra_repr(): string {
    return `dim=${reprArg(this.dim)}`;
  }
}

/** `new nn.LogSoftmax(dim = null)`: log(softmax(x)) along dim. */
export class LogSoftmax extends Module {
  dim: number | null;

  constructor(...args: PyArgs<[], [dim: number | null], SoftmaxOptions>) {
    super();
    const [dim] = initArgs("LogSoftmax", ["dim"], args, 0);
    this.dim = given(dim, null);
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.log_softmax(input, this.dim));
  }

  extra_repr(): string {
    return `dim=${reprArg(this.dim)}`;
  }
}
