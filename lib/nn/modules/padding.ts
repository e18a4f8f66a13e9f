// The padding layers, ported from torch/nn/modules/padding.py (torch 2.11): circular, constant,
// reflection, replication and zero padding in 1, 2 and 3 dimensions. padding is an int (the same
// on every side) or 2, 4 or 6 ints (left, right, top, bottom, front, back), as F.pad takes them.
import { ValueError } from "../../errors";
import type { Tensor } from "../../tensor";
import * as F from "../functional";
import { Module } from "../module";
import { initArgs, named, PyArgs, pyFloat, pyTuple } from "./_utils";
import { _ntuple } from "./utils";

type Dims = 1 | 2 | 3;
export type PaddingSize = number | readonly number[];

/** The padding tuple of an N-d padding layer: _pair, _quadruple or _ntuple(6). */
function padTuple(padding: unknown, n: Dims): number[] {
  return _ntuple(2 * n)(padding);
}

/** What the circular, reflection and replication layers share: a padding tuple and a mode. */
abstract class _ModePadNd extends Module {
  padding: number[];
  protected abstract get _dims(): Dims;
  protected abstract get _mode(): "circular" | "reflect" | "replicate";

  constructor(...args: PyArgs<[padding: PaddingSize], [], { padding?: PaddingSize }>) {
    super();
    const self = this as unknown as { _dims: Dims; constructor: { name: string } };
    const [padding] = initArgs(self.constructor.name, ["padding"], args, 1);
    this.padding = padTuple(padding, self._dims);
  }

  _check_input_dim(input: Tensor): void {
    void input;
  }

  forward(input: Tensor): Tensor {
    return named(this, () => {
      this._check_input_dim(input);
      return F.pad(input, this.padding, this._mode);
    });
  }

  extra_repr(): string {
    return pyTuple(this.padding);
  }
}

/** Python's _CircularPadNd: pads with the input's other end, checking the input's dimension count. */
export abstract class _CircularPadNd extends _ModePadNd {
  protected get _mode(): "circular" {
    return "circular";
  }

  _check_input_dim(input: Tensor): void {
    const n = this._dims;
    if (input.dim() !== n + 1 && input.dim() !== n + 2) {
      throw new ValueError(`expected ${n + 1}D or ${n + 2}D input (got ${input.dim()}D input)`);
    }
  }
}
export class CircularPad1d extends _CircularPadNd {
  protected get _dims(): Dims { return 1; }
}
export class CircularPad2d extends _CircularPadNd {
  protected get _dims(): Dims { return 2; }
}
export class CircularPad3d extends _CircularPadNd {
  protected get _dims(): Dims { return 3; }
}

/** Python's _ReflectionPadNd: pads with the reflection of the input (its edge not repeated). */
export abstract class _ReflectionPadNd extends _ModePadNd {
  protected get _mode(): "reflect" {
    return "reflect";
  }
}
export class ReflectionPad1d extends _ReflectionPadNd {
  protected get _dims(): Dims { return 1; }
}
export class ReflectionPad2d extends _ReflectionPadNd {
  protected get _dims(): Dims { return 2; }
}
export class ReflectionPad3d extends _ReflectionPadNd {
  protected get _dims(): Dims { return 3; }
}

/** Python's _ReplicationPadNd: pads with copies of the input's edge. */
export abstract class _ReplicationPadNd extends _ModePadNd {
  protected get _mode(): "replicate" {
    return "replicate";
  }
}
export class ReplicationPad1d extends _ReplicationPadNd {
  protected get _dims(): Dims { return 1; }
}
export class ReplicationPad2d extends _ReplicationPadNd {
  protected get _dims(): Dims { return 2; }
}
export class ReplicationPad3d extends _ReplicationPadNd {
  protected get _dims(): Dims { return 3; }
}

export interface ConstantPadOptions {
  padding?: PaddingSize;
  value?: number;
}

/** Python's _ConstantPadNd: `new nn.ConstantPad2d(padding, value)`, padding with a constant. */
export abstract class _ConstantPadNd extends Module {
  padding: number[];
  value: number;
  protected abstract get _dims(): Dims;

  constructor(...args: PyArgs<[padding: PaddingSize, value: number], [], ConstantPadOptions>) {
    super();
    const self = this as unknown as { _dims: Dims; constructor: { name: string } };
    const [padding, value] = initArgs(self.constructor.name, ["padding", "value"], args, 2);
    this.padding = padTuple(padding, self._dims);
    this.value = value as number;
  }

  forward(input: Tensor): Tensor {
    return named(this, () => F.pad(input, this.padding, "constant", this.value));
  }

  extra_repr(): string {
    return `padding=${pyTuple(this.padding)}, value=${pyFloat(this.value)}`;
  }
}
export class ConstantPad1d extends _ConstantPadNd {
  protected get _dims(): Dims { return 1; }
}
export class ConstantPad2d extends _ConstantPadNd {
  protected get _dims(): Dims { return 2; }
}
export class ConstantPad3d extends _ConstantPadNd {
  protected get _dims(): Dims { return 3; }
}

type ZeroPadArgs = PyArgs<[padding: PaddingSize], [], { padding?: PaddingSize }>;
function zeroPadArgs(name: string, args: unknown[]): [PaddingSize, number] {
  const [padding] = initArgs(name, ["padding"], args, 1);
  return [padding as PaddingSize, 0.0];
}

/** `new nn.ZeroPad1d(padding)`: pads with zeros. */
export class ZeroPad1d extends ConstantPad1d {
  constructor(...args: ZeroPadArgs) {
    super(...zeroPadArgs("ZeroPad1d", args));
  }
  extra_repr(): string {
    return pyTuple(this.padding);
  }
}
/** `new nn.ZeroPad2d(padding)`: pads with zeros. */
export class ZeroPad2d extends ConstantPad2d {
  constructor(...args: ZeroPadArgs) {
    super(...zeroPadArgs("ZeroPad2d", args));
  }
  extra_repr(): string {
    return pyTuple(this.padding);
  }
}
/** `new nn.ZeroPad3d(padding)`: pads with zeros. */
export class ZeroPad3d extends ConstantPad3d {
  constructor(...args: ZeroPadArgs) {
    super(...zeroPadArgs("ZeroPad3d", args));
  }
  extra_repr(): string {
    return pyTuple(this.padding);
  }
}
