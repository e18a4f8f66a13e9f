// The recurrent layers, ported from torch/nn/modules/rnn.py (torch 2.11): RNNBase, RNN, LSTM,
// GRU and the cells RNNCell, LSTMCell, GRUCell. Parameters are made, named and registered in
// Python's order and initialised by init.uniform_ in that order, so after the same
// torch.manual_seed they are bitwise Python's; forward runs the fused ATen kernels Python runs
// (aten::lstm, gru, rnn_tanh, rnn_relu and their cells; cuDNN on a GPU), with Python's checks
// and messages. Errors keep Python's wording exactly (no module name in front).
import { callOp } from "../../_dispatch";
import type { dtype } from "../../dtype";
import { argumentError, describe, NotImplementedError, pyTypeName, RuntimeError, TypeError, ValueError } from "../../errors";
import { OPS } from "../../generated/ops";
import { Tensor } from "../../tensor";
import * as init from "../init";
import { Module } from "../module";
import { Parameter } from "../parameter";
import { PackedSequence } from "../utils/rnn";
import { emptyTensor, FactoryOptions, given, initArgs, PyArgs, pyFloat, reprArg, pyTuple, type DeviceLike } from "./_utils";
import { warn } from "../../_python";

type T = Tensor;

/** The mode strings of RNNBase: which kernel and how many gates. */
export type RNNMode = "LSTM" | "GRU" | "RNN_TANH" | "RNN_RELU";

/** The keyword arguments of RNNBase.__init__ (LSTM takes them all). */
export interface RNNBaseOptions extends FactoryOptions {
  input_size?: number;
  hidden_size?: number;
  num_layers?: number;
  bias?: boolean;
  batch_first?: boolean;
  dropout?: number;
  bidirectional?: boolean;
  proj_size?: number;
}
export type LSTMOptions = RNNBaseOptions;
export type GRUOptions = Omit<RNNBaseOptions, "proj_size">;
export interface RNNOptions extends GRUOptions {
  nonlinearity?: "tanh" | "relu";
}

const RNN_BASE = [
  "mode", "input_size", "hidden_size", "num_layers", "bias", "batch_first", "dropout", "bidirectional", "proj_size", "device", "dtype",
] as const;

type BaseRest = [num_layers: number, bias: boolean, batch_first: boolean, dropout: number, bidirectional: boolean];
type Factory = [device: DeviceLike | null, dtype: dtype | null];

function zeros(size: number[], like: Tensor): Tensor {
  return callOp(OPS.zeros, null, [size, { dtype: like.dtype, device: like.device }]) as Tensor;
}

function _apply_permutation(tensor: Tensor, permutation: Tensor, dim = 1): Tensor {
  return tensor.index_select(dim, permutation);
}

function sameSize(a: number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function checkTensor(fn: string, name: string, value: unknown): asserts value is Tensor {
  if (!(value instanceof Tensor)) throw argumentError(fn, name, "Tensor", value);
}

function checkInput(cls: string, input: unknown): asserts input is Tensor | PackedSequence {
  if (!(input instanceof Tensor) && !(input instanceof PackedSequence)) {
    throw argumentError(`${cls}.forward`, "input", "Tensor or PackedSequence", input);
  }
}

function checkPair(cls: string, hx: unknown): asserts hx is [Tensor, Tensor] {
  if (!Array.isArray(hx) || hx.length !== 2 || !(hx[0] instanceof Tensor) || !(hx[1] instanceof Tensor)) {
    throw argumentError(`${cls}.forward`, "hx", "a pair of Tensors (h_0, c_0)", hx);
  }
}

/**
 * The base of RNN, LSTM and GRU: `new nn.RNNBase(mode, input_size, hidden_size, num_layers = 1,
 * bias = true, batch_first = false, dropout = 0.0, bidirectional = false, proj_size = 0,
 * device = null, dtype = null)`. Holds the weights of every layer and direction under
 * Python's names (weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, weight_hr_l0, and
 * ..._reverse), in `_flat_weights` in the order the kernels take them.
 */
export class RNNBase extends Module {
  mode: RNNMode;
  input_size: number;
  hidden_size: number;
  num_layers: number;
  bias: boolean;
  batch_first: boolean;
  dropout: number;
  bidirectional: boolean;
  proj_size: number;
  /** @internal The parameter names in the kernels' order. */
  _flat_weights_names: string[] = [];
  /** @internal The parameter names, one list per layer and direction. */
  _all_weights: string[][] = [];
  /** @internal The parameters in the kernels' order (kept up to date on assignment). */
  _flat_weights: (Parameter | Tensor | null)[] = [];
  // The parameters, by Python's names: weight_ih_l0, bias_hh_l1_reverse, ...
  [name: `weight_${string}`]: Parameter;
  [name: `bias_${string}`]: Parameter;

  constructor(
    mode: RNNMode,
    ...args: PyArgs<[input_size: number, hidden_size: number], [...BaseRest, proj_size: number, ...Factory], RNNBaseOptions>
  );
  constructor(...args: unknown[]) {
    super();
    const [mode, input_size, hidden_size, num_layersArg, biasArg, batch_firstArg, dropoutArg, bidirectionalArg, proj_sizeArg, device, dtype] =
      initArgs("RNNBase", RNN_BASE, args, 3) as [
        RNNMode, number, number, number | undefined, boolean | undefined, boolean | undefined, number | undefined,
        boolean | undefined, number | undefined, DeviceLike | null | undefined, dtype | null | undefined,
      ];
    const factory_kwargs = { device, dtype };
    const num_layers = given(num_layersArg, 1);
    const bias = given(biasArg, true);
    const batch_first = given(batch_firstArg, false);
    const dropout = given(dropoutArg, 0.0);
    const bidirectional = given(bidirectionalArg, false);
    const proj_size = given(proj_sizeArg, 0);
    this.mode = mode;
    this.input_size = input_size;
    this.hidden_size = hidden_size;
    this.num_layers = num_layers;
    this.bias = bias;
    this.batch_first = batch_first;
    this.dropout = dropout;
    this.bidirectional = bidirectional;
    this.proj_size = proj_size;
    const num_directions = bidirectional ? 2 : 1;

    if (typeof dropout !== "number" || !(0 <= dropout && dropout <= 1)) {
      throw new ValueError(
        "dropout should be a number in range [0, 1] representing the probability of an element being zeroed",
      );
    }
    if (dropout > 0 && num_layers === 1) {
      warn(
        "dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects " +
          `num_layers greater than 1, but got dropout=${dropout} and num_layers=${num_layers}`,
      );
    }
    if (typeof bias !== "boolean") throw new TypeError(`bias should be of type bool, got: ${pyTypeName(bias)}`);
    if (typeof batch_first !== "boolean") {
      throw new TypeError(`batch_first should be of type bool, got: ${pyTypeName(batch_first)}`);
    }
    if (!Number.isInteger(input_size)) throw new TypeError(`input_size should be of type int, got: ${pyTypeName(input_size)}`);
    if (input_size <= 0) throw new ValueError("input_size must be greater than zero");
    if (!Number.isInteger(hidden_size)) throw new TypeError(`hidden_size should be of type int, got: ${pyTypeName(hidden_size)}`);
    if (hidden_size <= 0) throw new ValueError("hidden_size must be greater than zero");
    if (typeof num_layers !== "number") {
      throw new TypeError(`'<=' not supported between instances of '${pyTypeName(num_layers)}' and 'int'`);
    }
    if (num_layers <= 0) throw new ValueError("num_layers must be greater than zero");
    // Python's range(num_layers) refuses a float (and an infinite count would never end here)
    if (!Number.isInteger(num_layers)) throw new TypeError("'float' object cannot be interpreted as an integer");
    if (proj_size < 0) throw new ValueError("proj_size should be a positive integer or zero to disable projections");
    if (proj_size >= hidden_size) throw new ValueError("proj_size has to be smaller than hidden_size");

    let gate_size: number;
    if (mode === "LSTM") gate_size = 4 * hidden_size;
    else if (mode === "GRU") gate_size = 3 * hidden_size;
    else if (mode === "RNN_TANH" || mode === "RNN_RELU") gate_size = hidden_size;
    else throw new ValueError(`Unrecognized RNN mode: ${mode}`);

    this._flat_weights_names = [];
    this._all_weights = [];
    const self = this as unknown as Record<string, unknown>;
    for (let layer = 0; layer < num_layers; layer++) {
      for (let direction = 0; direction < num_directions; direction++) {
        const real_hidden_size = proj_size > 0 ? proj_size : hidden_size;
        const layer_input_size = layer === 0 ? input_size : real_hidden_size * num_directions;
        const w_ih = new Parameter(emptyTensor([gate_size, layer_input_size], factory_kwargs));
        const w_hh = new Parameter(emptyTensor([gate_size, real_hidden_size], factory_kwargs));
        const b_ih = new Parameter(emptyTensor([gate_size], factory_kwargs));
        // Second bias vector included for CuDNN compatibility. Only one bias vector is
        // needed in standard definition.
        const b_hh = new Parameter(emptyTensor([gate_size], factory_kwargs));
        let layer_params: Parameter[];
        if (proj_size === 0) {
          layer_params = bias ? [w_ih, w_hh, b_ih, b_hh] : [w_ih, w_hh];
        } else {
          const w_hr = new Parameter(emptyTensor([proj_size, hidden_size], factory_kwargs));
          layer_params = bias ? [w_ih, w_hh, b_ih, b_hh, w_hr] : [w_ih, w_hh, w_hr];
        }
        const suffix = direction === 1 ? "_reverse" : "";
        let param_names = ["weight_ih_l", "weight_hh_l"];
        if (bias) param_names.push("bias_ih_l", "bias_hh_l");
        if (proj_size > 0) param_names.push("weight_hr_l");
        param_names = param_names.map((x) => `${x}${layer}${suffix}`);
        param_names.forEach((name, i) => (self[name] = layer_params[i]));
        this._flat_weights_names.push(...param_names);
        this._all_weights.push(param_names);
      }
    }
    this._init_flat_weights();
    this.reset_parameters();
  }

  /** @internal */
  _init_flat_weights(): void {
    const self = this as unknown as Record<string, unknown>;
    this._flat_weights = this._flat_weights_names.map((wn) => (self[wn] ?? null) as Parameter | null);
    this.flatten_parameters();
  }

  /** @internal Python's __setattr__: assigning a weight keeps _flat_weights up to date. */
  _register(name: string, value: unknown): void {
    const names = this._flat_weights_names as string[] | undefined;
    if (names !== undefined && this._flat_weights !== undefined) {
      const idx = names.indexOf(name);
      if (idx >= 0) this._flat_weights[idx] = (value ?? null) as Parameter | null;
    }
    super._register(name, value);
  }

  /**
   * Python moves the weights into one cuDNN buffer here when the module is on a GPU
   * (torch._cudnn_rnn_flatten_weight). torchts does not bind that op yet, so this makes
   * Python's early checks and is otherwise a no-op, as Python's is on the CPU. On a GPU the
   * cuDNN kernel then copies the weights into its layout on each call (the same values,
   * slower), and LibTorch warns that the weights are not in one contiguous chunk.
   */
  flatten_parameters(): void {
    if (this._flat_weights.length !== this._flat_weights_names.length) return;
    for (const w of this._flat_weights) if (!(w instanceof Tensor)) return;
  }

  /** @internal Module._apply, then _flat_weights rebuilt (as Python's). */
  _apply(fn: (t: Tensor) => Tensor): this {
    const ret = super._apply(fn);
    this._init_flat_weights();
    return ret;
  }

  /** Re-draws every weight and bias from U(-1/√hidden_size, 1/√hidden_size), in registration order. */
  reset_parameters(): void {
    const stdv = this.hidden_size > 0 ? 1.0 / Math.sqrt(this.hidden_size) : 0;
    for (const weight of this.parameters()) init.uniform_(weight, -stdv, stdv);
  }

  check_input(input: Tensor, batch_sizes: Tensor | null): void {
    const weight = this._flat_weights[0] as Tensor;
    if (input.dtype !== weight.dtype) {
      throw new ValueError(
        `RNN input dtype (${input.dtype}) does not match weight dtype (${weight.dtype}). ` +
          `Convert input: input.to(${weight.dtype}), or convert model: model.to(${input.dtype})`,
      );
    }
    const expected_input_dim = batch_sizes !== null ? 2 : 3;
    if (input.dim() !== expected_input_dim) {
      throw new RuntimeError(`input must have ${expected_input_dim} dimensions, got ${input.dim()}`);
    }
    if (this.input_size !== input.size(-1)) {
      throw new RuntimeError(
        `input.size(-1) must be equal to input_size. Expected ${this.input_size}, got ${input.size(-1)}`,
      );
    }
  }

  get_expected_hidden_size(input: Tensor, batch_sizes: Tensor | null): [number, number, number] {
    const mini_batch = batch_sizes !== null ? batch_sizes.select(0, 0).item() : (input.size(this.batch_first ? 0 : 1) as number);
    const num_directions = this.bidirectional ? 2 : 1;
    return [this.num_layers * num_directions, mini_batch, this.proj_size > 0 ? this.proj_size : this.hidden_size];
  }

  check_hidden_size(hx: Tensor, expected_hidden_size: readonly number[], msg = "Expected hidden size {}, got {}"): void {
    const size = hx.shape;
    if (!sameSize(size, expected_hidden_size)) {
      const parts = msg.split("{}");
      throw new RuntimeError(`${parts[0]}${pyTuple(expected_hidden_size)}${parts[1]}[${size.join(", ")}]${parts[2] ?? ""}`);
    }
  }

  check_forward_args(input: Tensor, hidden: Tensor, batch_sizes: Tensor | null): void {
    this.check_input(input, batch_sizes);
    this.check_hidden_size(hidden, this.get_expected_hidden_size(input, batch_sizes));
  }

  permute_hidden(hx: Tensor, permutation: Tensor | null): Tensor {
    if (permutation === null) return hx;
    return _apply_permutation(hx, permutation);
  }

  /** @internal Rebuilds _flat_weights when a weight attribute no longer is the tensor it holds. */
  _update_flat_weights(): void {
    const self = this as unknown as Record<string, unknown>;
    const changed = this._flat_weights_names.some((name, i) => {
      const weight = self[name] ?? null;
      return weight !== null && weight !== this._flat_weights[i];
    });
    if (changed) this._init_flat_weights();
  }

  /** The parameters, one list per layer and direction, in the kernels' order. */
  get all_weights(): Parameter[][] {
    const self = this as unknown as Record<string, Parameter>;
    return this._all_weights.map((weights) => weights.map((w) => self[w]));
  }

  extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (this.proj_size !== 0) s += `, proj_size=${this.proj_size}`;
    if (this.num_layers !== 1) s += `, num_layers=${this.num_layers}`;
    if (this.bias !== true) s += `, bias=${reprArg(this.bias)}`;
    if (this.batch_first !== false) s += `, batch_first=${reprArg(this.batch_first)}`;
    if (this.dropout !== 0) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional !== false) s += `, bidirectional=${reprArg(this.bidirectional)}`;
    return s;
  }

  forward(...args: never[]): unknown {
    void args;
    throw new NotImplementedError(`Module [${this._get_name()}] is missing the required "forward" function`);
  }

  /** @internal The kernel call shared by RNN and GRU. */
  protected _run(
    kernel: (typeof OPS)["gru"] | (typeof OPS)["rnn_tanh"] | (typeof OPS)["rnn_relu"],
    name: string,
    input: T | PackedSequence,
    hx: T | null,
  ): [T | PackedSequence, T] {
    this._update_flat_weights();
    const num_directions = this.bidirectional ? 2 : 1;
    const orig_input = input;
    let data: T;
    let batch_sizes: T | null = null;
    let sorted_indices: T | null = null;
    let unsorted_indices: T | null = null;
    let is_batched = true;
    let batch_dim = 1;
    if (orig_input instanceof PackedSequence) {
      ({ data, batch_sizes, sorted_indices, unsorted_indices } = orig_input);
      const max_batch_size = batch_sizes!.select(0, 0).item();
      if (hx === null) {
        hx = zeros([this.num_layers * num_directions, max_batch_size, this.hidden_size], data);
      } else {
        // Each batch of the hidden state should match the input sequence that the user
        // believes he/she is passing in.
        hx = this.permute_hidden(hx, sorted_indices);
      }
    } else {
      data = orig_input as T;
      if (data.dim() !== 2 && data.dim() !== 3) {
        const tensor = name === "RNN" ? " tensor" : "";
        throw new ValueError(`${name}: Expected input to be 2D or 3D, got ${data.dim()}D${tensor} instead`);
      }
      is_batched = data.dim() === 3;
      batch_dim = this.batch_first ? 0 : 1;
      if (!is_batched) {
        data = data.unsqueeze(batch_dim);
        if (hx !== null) {
          if (hx.dim() !== 2) {
            throw new RuntimeError(`For unbatched 2-D input, hx should also be 2-D but got ${hx.dim()}-D tensor`);
          }
          hx = hx.unsqueeze(1);
        }
      } else if (hx !== null && hx.dim() !== 3) {
        throw new RuntimeError(`For batched 3-D input, hx should also be 3-D but got ${hx.dim()}-D tensor`);
      }
      const max_batch_size = data.size(this.batch_first ? 0 : 1) as number;
      if (hx === null) {
        hx = zeros([this.num_layers * num_directions, max_batch_size, this.hidden_size], data);
      } else {
        hx = this.permute_hidden(hx, sorted_indices);
      }
    }
    this.check_forward_args(data, hx, batch_sizes);
    const common = [this._flat_weights, this.bias, this.num_layers, this.dropout, this.training, this.bidirectional];
    const result = (
      batch_sizes === null
        ? callOp(kernel, null, [data, hx, ...common, this.batch_first])
        : callOp(kernel, null, [data, batch_sizes, hx, ...common])
    ) as T[];
    let output = result[0];
    let hidden = result[1];
    if (orig_input instanceof PackedSequence) {
      const output_packed = new PackedSequence(output, batch_sizes, sorted_indices, unsorted_indices);
      return [output_packed, this.permute_hidden(hidden, unsorted_indices)];
    }
    if (!is_batched) {
      output = output.squeeze(batch_dim);
      hidden = hidden.squeeze(1);
    }
    return [output, this.permute_hidden(hidden, unsorted_indices)];
  }
}

/** new nn.RNN(...) arguments: RNNBase's, with nonlinearity fourth and no proj_size. */
type RNNArgs = PyArgs<
  [input_size: number, hidden_size: number],
  [num_layers: number, nonlinearity: "tanh" | "relu", bias: boolean, batch_first: boolean, dropout: number, bidirectional: boolean, ...Factory],
  RNNOptions
>;
type GRUArgs = PyArgs<[input_size: number, hidden_size: number], [...BaseRest, ...Factory], GRUOptions>;
type LSTMArgs = PyArgs<[input_size: number, hidden_size: number], [...BaseRest, proj_size: number, ...Factory], LSTMOptions>;

function splitOptions(args: unknown[]): [unknown[], Record<string, unknown> | undefined] {
  const last = args[args.length - 1];
  if (args.length > 0 && last !== null && typeof last === "object" && !Array.isArray(last) && Object.getPrototypeOf(last) === Object.prototype) {
    return [args.slice(0, -1), { ...(last as Record<string, unknown>) }];
  }
  return [args, undefined];
}

/** RNN.__init__: takes nonlinearity out of the arguments and picks the mode. */
function rnnArgs(args: unknown[]): unknown[] {
  let [positional, options] = splitOptions(args);
  if (options !== undefined && "proj_size" in options) {
    throw new ValueError("proj_size argument is only supported for LSTM, not RNN or GRU");
  }
  let nonlinearity: unknown;
  if (positional.length > 3) {
    nonlinearity = positional[3];
    positional = [...positional.slice(0, 3), ...positional.slice(4)];
  } else {
    nonlinearity = options?.nonlinearity ?? "tanh";
    if (options !== undefined) delete options.nonlinearity;
  }
  let mode: RNNMode;
  if (nonlinearity === "tanh") mode = "RNN_TANH";
  else if (nonlinearity === "relu") mode = "RNN_RELU";
  else {
    // String() (not a template) names a symbol; an object without a prototype has no string at all.
    const shown = typeof nonlinearity === "object" && nonlinearity !== null && Object.getPrototypeOf(nonlinearity) === null ? "<object>" : String(nonlinearity);
    throw new ValueError(`Unknown nonlinearity '${shown}'. Select from 'tanh' or 'relu'.`);
  }
  return options === undefined ? [mode, ...positional] : [mode, ...positional, options];
}

function gruArgs(args: unknown[]): unknown[] {
  const [, options] = splitOptions(args);
  if (options !== undefined && "proj_size" in options) {
    throw new ValueError("proj_size argument is only supported for LSTM, not RNN or GRU");
  }
  return ["GRU", ...args];
}

/**
 * A multi-layer Elman RNN with tanh or ReLU: `new nn.RNN(input_size, hidden_size,
 * num_layers = 1, nonlinearity = "tanh", bias = true, batch_first = false, dropout = 0.0,
 * bidirectional = false, device = null, dtype = null)`, or with options:
 * `new nn.RNN(10, 20, { num_layers: 2, nonlinearity: "relu" })`.
 * forward(input, h_0?) returns [output, h_n].
 */
export class RNN extends RNNBase {
  nonlinearity: "tanh" | "relu";

  constructor(...args: RNNArgs) {
    super(...(rnnArgs(args) as [RNNMode, number, number]));
    this.nonlinearity = this.mode === "RNN_RELU" ? "relu" : "tanh";
  }

  forward(input: T, hx?: T | null): [T, T];
  forward(input: PackedSequence, hx?: T | null): [PackedSequence, T];
  forward(input: T | PackedSequence, hx?: T | null): [T | PackedSequence, T];
  forward(input: T | PackedSequence, hx: T | null = null): [T | PackedSequence, T] {
    checkInput("RNN", input);
    if (hx !== null && hx !== undefined) checkTensor("RNN.forward", "hx", hx);
    if (this.mode !== "RNN_TANH" && this.mode !== "RNN_RELU") {
      throw new Error(`mode must be RNN_TANH or RNN_RELU, got ${this.mode}`);
    }
    return this._run(this.mode === "RNN_TANH" ? OPS.rnn_tanh : OPS.rnn_relu, "RNN", input, hx ?? null);
  }
}

/**
 * A multi-layer long short-term memory RNN: `new nn.LSTM(input_size, hidden_size,
 * num_layers = 1, bias = true, batch_first = false, dropout = 0.0, bidirectional = false,
 * proj_size = 0, device = null, dtype = null)`, or with options:
 * `new nn.LSTM(128, 256, { num_layers: 2, batch_first: true, dropout: 0.2 })`.
 * forward(input, [h_0, c_0]?) returns [output, [h_n, c_n]].
 */
export class LSTM extends RNNBase {
  constructor(...args: LSTMArgs) {
    super("LSTM", ...(args as [number, number]));
  }

  get_expected_cell_size(input: Tensor, batch_sizes: Tensor | null): [number, number, number] {
    const mini_batch = batch_sizes !== null ? batch_sizes.select(0, 0).item() : (input.size(this.batch_first ? 0 : 1) as number);
    const num_directions = this.bidirectional ? 2 : 1;
    return [this.num_layers * num_directions, mini_batch, this.hidden_size];
  }

  // LSTM's hidden state is a pair (h, c).
  check_forward_args(input: Tensor, hidden: Tensor | [Tensor, Tensor], batch_sizes: Tensor | null): void {
    const [h, c] = hidden as [Tensor, Tensor];
    this.check_input(input, batch_sizes);
    this.check_hidden_size(h, this.get_expected_hidden_size(input, batch_sizes), "Expected hidden[0] size {}, got {}");
    this.check_hidden_size(c, this.get_expected_cell_size(input, batch_sizes), "Expected hidden[1] size {}, got {}");
  }

  permute_hidden(hx: Tensor, permutation: Tensor | null): Tensor;
  permute_hidden(hx: [Tensor, Tensor], permutation: Tensor | null): [Tensor, Tensor];
  permute_hidden(hx: Tensor | [Tensor, Tensor], permutation: Tensor | null): Tensor | [Tensor, Tensor] {
    if (permutation === null) return hx;
    const [h, c] = hx as [Tensor, Tensor];
    return [_apply_permutation(h, permutation), _apply_permutation(c, permutation)];
  }

  forward(input: T, hx?: [T, T] | null): [T, [T, T]];
  forward(input: PackedSequence, hx?: [T, T] | null): [PackedSequence, [T, T]];
  forward(input: T | PackedSequence, hx?: [T, T] | null): [T | PackedSequence, [T, T]];
  forward(input: T | PackedSequence, hxArg: [T, T] | null = null): [T | PackedSequence, [T, T]] {
    checkInput("LSTM", input);
    let hx = hxArg ?? null;
    if (hx !== null) checkPair("LSTM", hx);
    this._update_flat_weights();
    const orig_input = input;
    let data: T;
    let batch_sizes: T | null = null;
    let sorted_indices: T | null = null;
    let unsorted_indices: T | null = null;
    let is_batched = true;
    let batch_dim = 1;
    const num_directions = this.bidirectional ? 2 : 1;
    const real_hidden_size = this.proj_size > 0 ? this.proj_size : this.hidden_size;
    if (orig_input instanceof PackedSequence) {
      ({ data, batch_sizes, sorted_indices, unsorted_indices } = orig_input);
      const max_batch_size = batch_sizes!.select(0, 0).item();
      if (hx === null) {
        const h_zeros = zeros([this.num_layers * num_directions, max_batch_size, real_hidden_size], data);
        const c_zeros = zeros([this.num_layers * num_directions, max_batch_size, this.hidden_size], data);
        hx = [h_zeros, c_zeros];
      } else {
        // Each batch of the hidden state should match the input sequence that the user
        // believes he/she is passing in.
        hx = this.permute_hidden(hx, sorted_indices);
      }
    } else {
      data = orig_input as T;
      if (data.dim() !== 2 && data.dim() !== 3) {
        throw new ValueError(`LSTM: Expected input to be 2D or 3D, got ${data.dim()}D instead`);
      }
      is_batched = data.dim() === 3;
      batch_dim = this.batch_first ? 0 : 1;
      if (!is_batched) data = data.unsqueeze(batch_dim);
      const max_batch_size = data.size(this.batch_first ? 0 : 1) as number;
      if (hx === null) {
        const h_zeros = zeros([this.num_layers * num_directions, max_batch_size, real_hidden_size], data);
        const c_zeros = zeros([this.num_layers * num_directions, max_batch_size, this.hidden_size], data);
        hx = [h_zeros, c_zeros];
        this.check_forward_args(data, hx, batch_sizes);
      } else {
        if (is_batched) {
          if (hx[0].dim() !== 3 || hx[1].dim() !== 3) {
            throw new RuntimeError(
              `For batched 3-D input, hx and cx should also be 3-D but got (${hx[0].dim()}-D, ${hx[1].dim()}-D) tensors`,
            );
          }
        } else {
          if (hx[0].dim() !== 2 || hx[1].dim() !== 2) {
            throw new RuntimeError(
              `For unbatched 2-D input, hx and cx should also be 2-D but got (${hx[0].dim()}-D, ${hx[1].dim()}-D) tensors`,
            );
          }
          hx = [hx[0].unsqueeze(1), hx[1].unsqueeze(1)];
        }
        // Each batch of the hidden state should match the input sequence that the user
        // believes he/she is passing in.
        this.check_forward_args(data, hx, batch_sizes);
        hx = this.permute_hidden(hx, sorted_indices);
      }
    }
    const common = [this._flat_weights, this.bias, this.num_layers, this.dropout, this.training, this.bidirectional];
    const result = (
      batch_sizes === null
        ? callOp(OPS.lstm, null, [data, hx, ...common, this.batch_first])
        : callOp(OPS.lstm, null, [data, batch_sizes, hx, ...common])
    ) as T[];
    let output = result[0];
    let hidden: [T, T] = [result[1], result[2]];
    if (orig_input instanceof PackedSequence) {
      const output_packed = new PackedSequence(output, batch_sizes, sorted_indices, unsorted_indices);
      return [output_packed, this.permute_hidden(hidden, unsorted_indices)];
    }
    if (!is_batched) {
      output = output.squeeze(batch_dim);
      hidden = [hidden[0].squeeze(1), hidden[1].squeeze(1)];
    }
    return [output, this.permute_hidden(hidden, unsorted_indices)];
  }
}

/**
 * A multi-layer gated recurrent unit RNN: `new nn.GRU(input_size, hidden_size, num_layers = 1,
 * bias = true, batch_first = false, dropout = 0.0, bidirectional = false, device = null,
 * dtype = null)`. forward(input, h_0?) returns [output, h_n].
 */
export class GRU extends RNNBase {
  constructor(...args: GRUArgs) {
    super(...(gruArgs(args) as [RNNMode, number, number]));
  }

  forward(input: T, hx?: T | null): [T, T];
  forward(input: PackedSequence, hx?: T | null): [PackedSequence, T];
  forward(input: T | PackedSequence, hx?: T | null): [T | PackedSequence, T];
  forward(input: T | PackedSequence, hx: T | null = null): [T | PackedSequence, T] {
    checkInput("GRU", input);
    if (hx !== null && hx !== undefined) checkTensor("GRU.forward", "hx", hx);
    return this._run(OPS.gru, "GRU", input, hx ?? null);
  }
}

// ---- cells ----

export interface RNNCellBaseOptions extends FactoryOptions {
  input_size?: number;
  hidden_size?: number;
  bias?: boolean;
}
export interface RNNCellOptions extends RNNCellBaseOptions {
  nonlinearity?: "tanh" | "relu";
}

/**
 * The base of the cells: `new nn.RNNCellBase(input_size, hidden_size, bias, num_chunks,
 * device = null, dtype = null)`; weight_ih is (num_chunks·hidden_size, input_size), weight_hh
 * (num_chunks·hidden_size, hidden_size), bias_ih and bias_hh (num_chunks·hidden_size) or None.
 */
export class RNNCellBase extends Module {
  input_size: number;
  hidden_size: number;
  bias: boolean;
  declare weight_ih: Parameter;
  declare weight_hh: Parameter;
  declare bias_ih: Parameter | null;
  declare bias_hh: Parameter | null;

  constructor(
    ...args: PyArgs<[input_size: number, hidden_size: number, bias: boolean, num_chunks: number], Factory, RNNCellBaseOptions & { num_chunks?: number }>
  ) {
    super();
    const [input_size, hidden_size, bias, num_chunks, device, dtype] = initArgs(
      "RNNCellBase",
      ["input_size", "hidden_size", "bias", "num_chunks", "device", "dtype"],
      args,
      4,
    ) as [number, number, boolean, number, DeviceLike | null | undefined, dtype | null | undefined];
    const factory_kwargs = { device, dtype };
    this.input_size = input_size;
    this.hidden_size = hidden_size;
    this.bias = bias;
    this.weight_ih = new Parameter(emptyTensor([num_chunks * hidden_size, input_size], factory_kwargs));
    this.weight_hh = new Parameter(emptyTensor([num_chunks * hidden_size, hidden_size], factory_kwargs));
    if (bias) {
      this.bias_ih = new Parameter(emptyTensor([num_chunks * hidden_size], factory_kwargs));
      this.bias_hh = new Parameter(emptyTensor([num_chunks * hidden_size], factory_kwargs));
    } else {
      this.register_parameter("bias_ih", null);
      this.register_parameter("bias_hh", null);
    }
    this.reset_parameters();
  }

  extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (this.bias !== true) s += `, bias=${reprArg(this.bias)}`;
    const nonlinearity = (this as { nonlinearity?: string }).nonlinearity;
    if (nonlinearity !== undefined && nonlinearity !== "tanh") s += `, nonlinearity=${nonlinearity}`;
    return s;
  }

  /** Re-draws every weight and bias from U(-1/√hidden_size, 1/√hidden_size), in registration order. */
  reset_parameters(): void {
    const stdv = this.hidden_size > 0 ? 1.0 / Math.sqrt(this.hidden_size) : 0;
    for (const weight of this.parameters()) init.uniform_(weight, -stdv, stdv);
  }

  forward(...args: never[]): unknown {
    void args;
    throw new NotImplementedError(`Module [${this._get_name()}] is missing the required "forward" function`);
  }
}

function cellInput(cls: string, input: unknown): Tensor {
  checkTensor(`${cls}.forward`, "input", input);
  if (input.dim() !== 1 && input.dim() !== 2) {
    throw new ValueError(`${cls}: Expected input to be 1D or 2D, got ${input.dim()}D instead`);
  }
  return input;
}

/**
 * An Elman RNN cell: `new nn.RNNCell(input_size, hidden_size, bias = true,
 * nonlinearity = "tanh", device = null, dtype = null)`; forward(input, hx?) returns h'.
 */
export class RNNCell extends RNNCellBase {
  nonlinearity: string;

  constructor(
    ...args: PyArgs<[input_size: number, hidden_size: number], [bias: boolean, nonlinearity: "tanh" | "relu", ...Factory], RNNCellOptions>
  ) {
    const [input_size, hidden_size, bias, nonlinearity, device, dtype] = initArgs(
      "RNNCell",
      ["input_size", "hidden_size", "bias", "nonlinearity", "device", "dtype"],
      args,
      2,
    );
    super(input_size as number, hidden_size as number, given(bias, true) as boolean, 1, { device, dtype } as FactoryOptions);
    this.nonlinearity = given(nonlinearity, "tanh") as string;
  }

  forward(input: T, hx: T | null = null): T {
    input = cellInput("RNNCell", input);
    if (hx !== null && hx !== undefined) {
      checkTensor("RNNCell.forward", "hx", hx);
      if (hx.dim() !== 1 && hx.dim() !== 2) {
        throw new ValueError(`RNNCell: Expected hidden to be 1D or 2D, got ${hx.dim()}D instead`);
      }
    }
    const is_batched = input.dim() === 2;
    if (!is_batched) input = input.unsqueeze(0);
    if (hx === null || hx === undefined) hx = zeros([input.size(0) as number, this.hidden_size], input);
    else hx = is_batched ? hx : hx.unsqueeze(0);
    let ret: T;
    const args = [input, hx, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh];
    if (this.nonlinearity === "tanh") ret = callOp(OPS.rnn_tanh_cell, null, args) as T;
    else if (this.nonlinearity === "relu") ret = callOp(OPS.rnn_relu_cell, null, args) as T;
    else throw new RuntimeError(`Unknown nonlinearity: ${this.nonlinearity}`);
    if (!is_batched) ret = ret.squeeze(0);
    return ret;
  }
}

/**
 * A long short-term memory cell: `new nn.LSTMCell(input_size, hidden_size, bias = true,
 * device = null, dtype = null)`; forward(input, [h, c]?) returns [h', c'].
 */
export class LSTMCell extends RNNCellBase {
  constructor(...args: PyArgs<[input_size: number, hidden_size: number], [bias: boolean, ...Factory], RNNCellBaseOptions>) {
    const [input_size, hidden_size, bias, device, dtype] = initArgs(
      "LSTMCell",
      ["input_size", "hidden_size", "bias", "device", "dtype"],
      args,
      2,
    );
    super(input_size as number, hidden_size as number, given(bias, true) as boolean, 4, { device, dtype } as FactoryOptions);
  }

  forward(input: T, hx: [T, T] | null = null): [T, T] {
    input = cellInput("LSTMCell", input);
    if (hx !== null && hx !== undefined) {
      if (!Array.isArray(hx)) throw argumentError("LSTMCell.forward", "hx", "a pair of Tensors (h, c)", hx);
      hx.forEach((value, idx) => {
        checkTensor("LSTMCell.forward", `hx[${idx}]`, value);
        if (value.dim() !== 1 && value.dim() !== 2) {
          throw new ValueError(`LSTMCell: Expected hx[${idx}] to be 1D or 2D, got ${value.dim()}D instead`);
        }
      });
    }
    const is_batched = input.dim() === 2;
    if (!is_batched) input = input.unsqueeze(0);
    let state: T[];
    if (hx === null || hx === undefined) {
      const z = zeros([input.size(0) as number, this.hidden_size], input);
      state = [z, z];
    } else {
      // Python unpacks hx as a pair of tensors.
      if (!Array.isArray(hx) || hx.length !== 2 || !hx.every((h) => h instanceof Tensor)) {
        throw new TypeError(`LSTMCell: hx must be a tuple of two Tensors (h_0, c_0), not ${describe(hx)}`);
      }
      state = is_batched ? hx : [hx[0].unsqueeze(0), hx[1].unsqueeze(0)];
    }
    const ret = callOp(OPS.lstm_cell, null, [input, state, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh]) as T[];
    if (!is_batched) return [ret[0].squeeze(0), ret[1].squeeze(0)];
    return [ret[0], ret[1]];
  }
}

/**
 * A gated recurrent unit cell: `new nn.GRUCell(input_size, hidden_size, bias = true,
 * device = null, dtype = null)`; forward(input, hx?) returns h'.
 */
export class GRUCell extends RNNCellBase {
  constructor(...args: PyArgs<[input_size: number, hidden_size: number], [bias: boolean, ...Factory], RNNCellBaseOptions>) {
    const [input_size, hidden_size, bias, device, dtype] = initArgs(
      "GRUCell",
      ["input_size", "hidden_size", "bias", "device", "dtype"],
      args,
      2,
    );
    super(input_size as number, hidden_size as number, given(bias, true) as boolean, 3, { device, dtype } as FactoryOptions);
  }

  forward(input: T, hx: T | null = null): T {
    input = cellInput("GRUCell", input);
    if (hx !== null && hx !== undefined) {
      checkTensor("GRUCell.forward", "hx", hx);
      if (hx.dim() !== 1 && hx.dim() !== 2) {
        throw new ValueError(`GRUCell: Expected hidden to be 1D or 2D, got ${hx.dim()}D instead`);
      }
    }
    const is_batched = input.dim() === 2;
    if (!is_batched) input = input.unsqueeze(0);
    if (hx === null || hx === undefined) hx = zeros([input.size(0) as number, this.hidden_size], input);
    else hx = is_batched ? hx : hx.unsqueeze(0);
    let ret = callOp(OPS.gru_cell, null, [input, hx, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh]) as T;
    if (!is_batched) ret = ret.squeeze(0);
    return ret;
  }
}
