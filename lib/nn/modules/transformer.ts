// nn.Transformer, TransformerEncoder, TransformerDecoder, TransformerEncoderLayer and
// TransformerDecoderLayer, ported from torch/nn/modules/transformer.py (torch 2.11): the same
// submodules, registered and initialised in Python's order (after torch.manual_seed(s) the
// parameters are bitwise equal to Python's), the same mask handling and causal-mask detection,
// the same forward computation.
//
// Not ported: Python's inference fast paths (torch._transformer_encoder_layer_fwd in
// TransformerEncoderLayer, the NestedTensor conversion in TransformerEncoder). Python takes them
// only in eval mode with grad disabled or no parameter requiring grad (and further conditions);
// torchts always takes the regular path, which Python takes in training mode and whenever a
// parameter requires grad with grad enabled. TransformerEncoder accepts enable_nested_tensor
// and mask_check, keeps them as attributes and warns as Python does, but never converts to
// nested tensors (there are none in torchts): its output is Python's regular-path output.
import { bindArgs } from "../../_args";
import { callOp } from "../../_dispatch";
import type { device } from "../../device";
import type { dtype } from "../../dtype";
import { argumentError, describe, IndexError, RuntimeError, TypeError } from "../../errors";
import { OPS } from "../../generated/ops";
import { Tensor } from "../../tensor";
import * as F from "../functional";
import { xavier_uniform_ } from "../init";
import { Module } from "../module";
import { Parameter } from "../parameter";
import { GELU, ReLU } from "./activation";
import { _canonical_mask, _none_or_dtype } from "../functional_attention";
import { MultiheadAttention } from "./attention";
import { ModuleList } from "./container";
import { Dropout } from "./dropout";
import { Linear } from "./linear";
import { LayerNorm } from "./normalization";
import { initArgs } from "./_utils";
import { given, warn } from "../../_python";

type T = Tensor;
type Device = string | device | null;
/** An activation: "relu", "gelu", a function of a tensor, or a module (called with forward). */
export type Activation = "relu" | "gelu" | ((x: T) => T) | Module;

type Prefixes<P extends unknown[]> = P extends [infer H, ...infer R] ? [] | [H, ...Prefixes<R>] : [];
/** A Python-style call: the required parameters, any prefix of the optional ones, then options. */
type PyCall<R extends unknown[], P extends unknown[], O> = [...R, ...Prefixes<P>] | [...R, ...Prefixes<P>, O];

/** Binds a method's arguments as Python binds them (`self` counts in its messages). */
function methodArgs(qualname: string, names: readonly string[], args: unknown[], required: number): unknown[] {
  const values = bindArgs(qualname, ["self", ...names], [null, ...args], required + 1).slice(1);
  // The required arguments of these forwards are all tensors, whose methods they call.
  for (let i = 0; i < required; i++) if (!(values[i] instanceof Tensor)) throw argumentError(qualname, names[i], "Tensor", values[i]);
  return values;
}

function orNull<V>(value: unknown): V | null {
  return (value === undefined ? null : value) as V | null;
}

function factoryOptions(device: unknown, dtype: unknown): { device?: Device; dtype?: dtype } {
  const options: { device?: Device; dtype?: dtype } = {};
  if (device !== undefined && device !== null) options.device = device as Device;
  if (dtype !== undefined && dtype !== null) options.dtype = dtype as dtype;
  return options;
}

// Python's warnings module shows a warning once per place that issues it.
/** Calls a module (its forward) or a function, as Python calls either. */
function call(fn: unknown, ...args: unknown[]): T {
  if (fn instanceof Module) return (fn.forward as (...a: unknown[]) => T)(...args);
  if (typeof fn !== "function") throw new TypeError(`'${describe(fn)}' object is not callable`);
  return (fn as (...a: unknown[]) => T)(...args);
}

/** _generate_square_subsequent_mask: -inf above the diagonal, 0 elsewhere. */
function generateSquareSubsequentMask(sz: number, device: Device = null, dtype: dtype | null = null): T {
  const options: Record<string, unknown> = {};
  if (dtype !== null) options.dtype = dtype;
  if (device !== null) options.device = device;
  return callOp(OPS.triu, null, [callOp(OPS.full, null, [[sz, sz], -Infinity, options]), { diagonal: 1 }]) as T;
}

/** _get_seq_len: the sequence length of a batched (batch_first or not) or unbatched input. */
function getSeqLen(src: T, batch_first: boolean): number {
  const size = src.shape;
  if (size.length === 2) return size[0];
  return size[batch_first ? 1 : 0];
}

/** _detect_is_causal_mask: is_causal when given, else whether `mask` is the causal mask of `size`. */
function detectIsCausalMask(mask: T | null, is_causal: boolean | null = null, size: number | null = null): boolean {
  let make_causal = is_causal === true;
  if (is_causal === null && mask !== null) {
    const sz = size !== null ? size : (mask.size(-2) as number);
    const causal_comparison = generateSquareSubsequentMask(sz, mask.device, mask.dtype);
    const [a, b] = [mask.shape, causal_comparison.shape];
    if (a.length === b.length && a.every((s, i) => s === b[i])) {
      make_causal = Boolean(mask.eq(causal_comparison).all().item());
    } else {
      make_causal = false;
    }
  }
  return make_causal;
}

/** _get_activation_fn: "relu" is F.relu, "gelu" is F.gelu. */
function getActivationFn(activation: string): (x: T) => T {
  if (activation === "relu") return F.relu;
  if (activation === "gelu") return F.gelu;
  throw new RuntimeError(`activation should be relu/gelu, not ${activation}`);
}

// ---- copy.deepcopy for modules ----

type Memo = Map<object, unknown>;

function copyTensor(t: T, memo: Memo): T {
  if (memo.has(t)) return memo.get(t) as T;
  let copy: T;
  if (t instanceof Parameter) {
    // Parameter.__deepcopy__: a Parameter around a clone of its data, same requires_grad.
    copy = new Parameter(callOp(OPS.clone, null, [t.detach()]) as T, t.requires_grad);
  } else {
    // Tensor.__deepcopy__ (a leaf): a clone of the data, same requires_grad.
    copy = callOp(OPS.clone, null, [t.detach()]) as T;
    if (t.requires_grad) copy.requires_grad_(true);
  }
  memo.set(t, copy);
  return copy;
}

function deepcopyValue(value: unknown, memo: Memo): unknown {
  if (value === null || typeof value !== "object") return value; // primitives and functions
  if (memo.has(value)) return memo.get(value);
  if (value instanceof Tensor) return copyTensor(value, memo);
  if (value instanceof Module) return deepcopyModule(value, memo);
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    memo.set(value, copy);
    for (const item of value) copy.push(deepcopyValue(item, memo));
    return copy;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const copy: Record<string, unknown> = Object.create(proto);
    memo.set(value, copy);
    for (const [k, v] of Object.entries(value)) copy[k] = deepcopyValue(v, memo);
    return copy;
  }
  return value; // dtypes, devices and other objects are shared, as immutable
}

/**
 * copy.deepcopy(module): a module of the same class, made without running its constructor
 * (as Python's deepcopy does not run __init__), with copies of every parameter, buffer and
 * submodule registered in the same order, and every other attribute copied. Shared tensors
 * and modules stay shared within the copy.
 */
export function deepcopyModule<M extends Module>(module: M, memo: Memo = new Map()): M {
  if (memo.has(module)) return memo.get(module) as M;
  // Module's constructor alone, with the class's prototype: the Proxy that registers assignments.
  const copy = Reflect.construct(Module as unknown as new () => Module, [], module.constructor) as M;
  memo.set(module, copy);
  for (const [name, p] of module._parameters) copy.register_parameter(name, p === null ? null : (copyTensor(p, memo) as Parameter));
  for (const [name, b] of module._buffers) {
    copy.register_buffer(name, b === null ? null : copyTensor(b, memo), !module._non_persistent_buffers_set.has(name));
  }
  for (const [name, m] of module._modules) copy.register_module(name, m === null ? null : deepcopyModule(m, memo));
  const registered = (name: string) => module._parameters.has(name) || module._buffers.has(name) || module._modules.has(name);
  for (const key of Object.keys(module)) {
    if (registered(key)) continue;
    (copy as unknown as Record<string, unknown>)[key] = deepcopyValue((module as unknown as Record<string, unknown>)[key], memo);
  }
  return copy;
}

/**
 * _get_clones(module, N): a ModuleList of N deep copies of `module` (Python's copy.deepcopy),
 * so every clone starts with the same weights as `module` and none shares them.
 */
export function _get_clones<M extends Module>(module: M, N: number): ModuleList<M> {
  if (!(module instanceof Module)) throw new TypeError(`_get_clones(): expected a Module to copy, not ${describe(module)}`);
  const clones: M[] = [];
  for (let i = 0; i < N; i++) clones.push(deepcopyModule(module));
  return new ModuleList<M>(clones);
}

// ---- TransformerEncoderLayer ----

export interface TransformerEncoderLayerOptions {
  d_model?: number;
  nhead?: number;
  dim_feedforward?: number;
  dropout?: number;
  activation?: Activation;
  layer_norm_eps?: number;
  batch_first?: boolean;
  norm_first?: boolean;
  bias?: boolean;
  device?: Device;
  dtype?: dtype | null;
}

const LAYER_ARGS = [
  "d_model", "nhead", "dim_feedforward", "dropout", "activation", "layer_norm_eps", "batch_first", "norm_first", "bias", "device",
  "dtype",
] as const;

type LayerOptionals = [
  dim_feedforward: number, dropout: number, activation: Activation, layer_norm_eps: number, batch_first: boolean, norm_first: boolean,
  bias: boolean, device: Device, dtype: dtype | null,
];

export interface TransformerEncoderLayerForwardOptions {
  src?: T;
  src_mask?: T | null;
  src_key_padding_mask?: T | null;
  is_causal?: boolean;
}

/**
 * nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1,
 * activation=F.relu, layer_norm_eps=1e-5, batch_first=False, norm_first=False, bias=True,
 * device=None, dtype=None): self-attention and a feedforward network.
 *
 * forward(src, src_mask=None, src_key_padding_mask=None, is_causal=False).
 */
export class TransformerEncoderLayer extends Module {
  declare self_attn: MultiheadAttention;
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  declare norm_first: boolean;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  /** 1 for relu, 2 for gelu, 0 otherwise (what Python's fast path checks). */
  declare activation_relu_or_gelu: number;
  declare activation: ((x: T) => T) | Module;

  constructor(...args: PyCall<[d_model: number, nhead: number], LayerOptionals, TransformerEncoderLayerOptions>) {
    super();
    const v = initArgs("TransformerEncoderLayer", LAYER_ARGS, args, 2);
    const [d_model, nhead] = v as [number, number];
    const dim_feedforward = given(v[2], 2048);
    const dropout = given(v[3], 0.1);
    let activation = given<Activation>(v[4], F.relu);
    const layer_norm_eps = given(v[5], 1e-5);
    const batch_first = given(v[6], false);
    const bias = given(v[8], true);
    const factory = factoryOptions(v[9], v[10]);

    this.self_attn = new MultiheadAttention(d_model, nhead, { dropout, bias, batch_first, ...factory });
    // Implementation of Feedforward model
    this.linear1 = new Linear(d_model, dim_feedforward, { bias, ...factory });
    this.dropout = new Dropout(dropout);
    this.linear2 = new Linear(dim_feedforward, d_model, { bias, ...factory });

    this.norm_first = given(v[7], false);
    this.norm1 = new LayerNorm(d_model, { eps: layer_norm_eps, bias, ...factory });
    this.norm2 = new LayerNorm(d_model, { eps: layer_norm_eps, bias, ...factory });
    this.dropout1 = new Dropout(dropout);
    this.dropout2 = new Dropout(dropout);

    // Legacy string support for activation function.
    if (typeof activation === "string") activation = getActivationFn(activation);
    if (activation === F.relu || activation instanceof ReLU) this.activation_relu_or_gelu = 1;
    else if (activation === F.gelu || activation instanceof GELU) this.activation_relu_or_gelu = 2;
    else this.activation_relu_or_gelu = 0;
    this.activation = activation;
  }

  forward(
    ...args: PyCall<[src: T], [src_mask: T | null, src_key_padding_mask: T | null, is_causal: boolean], TransformerEncoderLayerForwardOptions>
  ): T {
    const v = methodArgs("TransformerEncoderLayer.forward", ["src", "src_mask", "src_key_padding_mask", "is_causal"], args, 1);
    const src = v[0] as T;
    const is_causal = given(v[3], false);
    const src_key_padding_mask = _canonical_mask(
      orNull<T>(v[2]),
      "src_key_padding_mask",
      _none_or_dtype(orNull<T>(v[1])),
      "src_mask",
      src.dtype,
    );
    const src_mask = _canonical_mask(orNull<T>(v[1]), "src_mask", null, "", src.dtype, false);

    // Python's fast path (torch._transformer_encoder_layer_fwd) is not ported: see the top.

    // see Fig. 1 of https://arxiv.org/pdf/2002.04745v1.pdf
    let x = src;
    if (this.norm_first) {
      x = x.add(this._sa_block(this.norm1.forward(x), src_mask, src_key_padding_mask, is_causal));
      x = x.add(this._ff_block(this.norm2.forward(x)));
    } else {
      x = this.norm1.forward(x.add(this._sa_block(x, src_mask, src_key_padding_mask, is_causal)));
      x = this.norm2.forward(x.add(this._ff_block(x)));
    }
    return x;
  }

  /** self-attention block */
  _sa_block(x: T, attn_mask: T | null, key_padding_mask: T | null, is_causal = false): T {
    const [out] = this.self_attn.forward(x, x, x, { attn_mask, key_padding_mask, need_weights: false, is_causal });
    return this.dropout1.forward(out);
  }

  /** feed forward block */
  _ff_block(x: T): T {
    x = this.linear2.forward(this.dropout.forward(call(this.activation, this.linear1.forward(x))));
    return this.dropout2.forward(x);
  }
}

// ---- TransformerDecoderLayer ----

/** The decoder layer's constructor takes the encoder layer's parameters. */
export type TransformerDecoderLayerOptions = TransformerEncoderLayerOptions;

export interface TransformerDecoderLayerForwardOptions {
  tgt?: T;
  memory?: T;
  tgt_mask?: T | null;
  memory_mask?: T | null;
  tgt_key_padding_mask?: T | null;
  memory_key_padding_mask?: T | null;
  tgt_is_causal?: boolean;
  memory_is_causal?: boolean;
}

const DECODER_LAYER_CALL = [
  "tgt", "memory", "tgt_mask", "memory_mask", "tgt_key_padding_mask", "memory_key_padding_mask", "tgt_is_causal", "memory_is_causal",
] as const;

/**
 * nn.TransformerDecoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1,
 * activation=F.relu, layer_norm_eps=1e-5, batch_first=False, norm_first=False, bias=True,
 * device=None, dtype=None): self-attention, attention over the memory, and a feedforward network.
 *
 * forward(tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
 * memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False).
 */
export class TransformerDecoderLayer extends Module {
  declare self_attn: MultiheadAttention;
  declare multihead_attn: MultiheadAttention;
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  declare norm_first: boolean;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare norm3: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  declare dropout3: Dropout;
  declare activation: ((x: T) => T) | Module;

  constructor(...args: PyCall<[d_model: number, nhead: number], LayerOptionals, TransformerDecoderLayerOptions>) {
    super();
    const v = initArgs("TransformerDecoderLayer", LAYER_ARGS, args, 2);
    const [d_model, nhead] = v as [number, number];
    const dim_feedforward = given(v[2], 2048);
    const dropout = given(v[3], 0.1);
    const activation = given<Activation>(v[4], F.relu);
    const layer_norm_eps = given(v[5], 1e-5);
    const batch_first = given(v[6], false);
    const bias = given(v[8], true);
    const factory = factoryOptions(v[9], v[10]);

    this.self_attn = new MultiheadAttention(d_model, nhead, { dropout, batch_first, bias, ...factory });
    this.multihead_attn = new MultiheadAttention(d_model, nhead, { dropout, batch_first, bias, ...factory });
    // Implementation of Feedforward model
    this.linear1 = new Linear(d_model, dim_feedforward, { bias, ...factory });
    this.dropout = new Dropout(dropout);
    this.linear2 = new Linear(dim_feedforward, d_model, { bias, ...factory });

    this.norm_first = given(v[7], false);
    this.norm1 = new LayerNorm(d_model, { eps: layer_norm_eps, bias, ...factory });
    this.norm2 = new LayerNorm(d_model, { eps: layer_norm_eps, bias, ...factory });
    this.norm3 = new LayerNorm(d_model, { eps: layer_norm_eps, bias, ...factory });
    this.dropout1 = new Dropout(dropout);
    this.dropout2 = new Dropout(dropout);
    this.dropout3 = new Dropout(dropout);

    // Legacy string support for activation function.
    this.activation = typeof activation === "string" ? getActivationFn(activation) : activation;
  }

  forward(
    ...args: PyCall<
      [tgt: T, memory: T],
      [
        tgt_mask: T | null, memory_mask: T | null, tgt_key_padding_mask: T | null, memory_key_padding_mask: T | null,
        tgt_is_causal: boolean, memory_is_causal: boolean,
      ],
      TransformerDecoderLayerForwardOptions
    >
  ): T {
    const v = methodArgs("TransformerDecoderLayer.forward", DECODER_LAYER_CALL, args, 2);
    const [tgt, memory] = v as [T, T];
    const tgt_mask = orNull<T>(v[2]);
    const memory_mask = orNull<T>(v[3]);
    const tgt_key_padding_mask = orNull<T>(v[4]);
    const memory_key_padding_mask = orNull<T>(v[5]);
    const tgt_is_causal = given(v[6], false);
    const memory_is_causal = given(v[7], false);

    // see Fig. 1 of https://arxiv.org/pdf/2002.04745v1.pdf
    let x = tgt;
    if (this.norm_first) {
      x = x.add(this._sa_block(this.norm1.forward(x), tgt_mask, tgt_key_padding_mask, tgt_is_causal));
      x = x.add(this._mha_block(this.norm2.forward(x), memory, memory_mask, memory_key_padding_mask, memory_is_causal));
      x = x.add(this._ff_block(this.norm3.forward(x)));
    } else {
      x = this.norm1.forward(x.add(this._sa_block(x, tgt_mask, tgt_key_padding_mask, tgt_is_causal)));
      x = this.norm2.forward(x.add(this._mha_block(x, memory, memory_mask, memory_key_padding_mask, memory_is_causal)));
      x = this.norm3.forward(x.add(this._ff_block(x)));
    }
    return x;
  }

  /** self-attention block */
  _sa_block(x: T, attn_mask: T | null, key_padding_mask: T | null, is_causal = false): T {
    const [out] = this.self_attn.forward(x, x, x, { attn_mask, key_padding_mask, is_causal, need_weights: false });
    return this.dropout1.forward(out);
  }

  /** multihead attention block */
  _mha_block(x: T, mem: T, attn_mask: T | null, key_padding_mask: T | null, is_causal = false): T {
    const [out] = this.multihead_attn.forward(x, mem, mem, { attn_mask, key_padding_mask, is_causal, need_weights: false });
    return this.dropout2.forward(out);
  }

  /** feed forward block */
  _ff_block(x: T): T {
    x = this.linear2.forward(this.dropout.forward(call(this.activation, this.linear1.forward(x))));
    return this.dropout3.forward(x);
  }
}

// ---- TransformerEncoder ----

export interface TransformerEncoderOptions {
  encoder_layer?: Module;
  num_layers?: number;
  norm?: Module | null;
  enable_nested_tensor?: boolean;
  mask_check?: boolean;
}

export interface TransformerEncoderForwardOptions {
  src?: T;
  mask?: T | null;
  src_key_padding_mask?: T | null;
  is_causal?: boolean | null;
}

/** `self.layers[0]` as Python reads it: an IndexError when there are no layers (num_layers=0). */
function firstLayer(layers: ModuleList): Module {
  if (layers.length === 0) throw new IndexError("index 0 is out of range");
  return layers[0] as Module;
}

/**
 * nn.TransformerEncoder(encoder_layer, num_layers, norm=None, enable_nested_tensor=True,
 * mask_check=True): num_layers deep copies of encoder_layer (all starting with its weights),
 * then norm. enable_nested_tensor and mask_check are kept and ignored (no nested tensors).
 *
 * forward(src, mask=None, src_key_padding_mask=None, is_causal=None).
 */
export class TransformerEncoder extends Module {
  /** Clones of encoder_layer (TransformerEncoderLayer, as nearly always; a custom layer is typed by a cast). */
  declare layers: ModuleList<TransformerEncoderLayer>;
  declare num_layers: number;
  declare norm: Module | null;
  declare enable_nested_tensor: boolean;
  declare use_nested_tensor: boolean;
  declare mask_check: boolean;

  constructor(
    ...args: PyCall<
      [encoder_layer: Module, num_layers: number],
      [norm: Module | null, enable_nested_tensor: boolean, mask_check: boolean],
      TransformerEncoderOptions
    >
  ) {
    super();
    const v = initArgs("TransformerEncoder", ["encoder_layer", "num_layers", "norm", "enable_nested_tensor", "mask_check"], args, 2);
    const encoder_layer = v[0] as Module;
    const num_layers = v[1] as number;
    const enable_nested_tensor = given(v[3], true);
    this.layers = _get_clones(encoder_layer, num_layers) as ModuleList<TransformerEncoderLayer>;
    this.num_layers = num_layers;
    this.norm = orNull<Module>(v[2]);
    // the value given at construction
    this.enable_nested_tensor = enable_nested_tensor;
    // whether Python would use nested tensors (torchts never does)
    this.use_nested_tensor = enable_nested_tensor;
    this.mask_check = given(v[4], true);

    const enc_layer = "encoder_layer";
    let why_not_sparsity_fast_path = "";
    if (!(encoder_layer instanceof TransformerEncoderLayer)) {
      why_not_sparsity_fast_path = `${enc_layer} was not TransformerEncoderLayer`;
    } else if (encoder_layer.norm_first) {
      why_not_sparsity_fast_path = `${enc_layer}.norm_first was True`;
    } else if (!encoder_layer.self_attn.batch_first) {
      why_not_sparsity_fast_path =
        `${enc_layer}.self_attn.batch_first was not True` + "(use batch_first for better inference performance)";
    } else if (!encoder_layer.self_attn._qkv_same_embed_dim) {
      why_not_sparsity_fast_path = `${enc_layer}.self_attn._qkv_same_embed_dim was not True`;
    } else if (encoder_layer.self_attn.in_proj_bias === null) {
      why_not_sparsity_fast_path = `${enc_layer}.self_attn was passed bias=False`;
    } else if (!encoder_layer.activation_relu_or_gelu) {
      why_not_sparsity_fast_path = `${enc_layer}.activation_relu_or_gelu was not True`;
    } else if (encoder_layer.norm1.eps !== encoder_layer.norm2.eps) {
      why_not_sparsity_fast_path = `${enc_layer}.norm1.eps was not equal to ${enc_layer}.norm2.eps`;
    } else if (encoder_layer.self_attn.num_heads % 2 === 1) {
      why_not_sparsity_fast_path = `${enc_layer}.self_attn.num_heads is odd`;
    }
    if (enable_nested_tensor && why_not_sparsity_fast_path) {
      warn(`enable_nested_tensor is True, but self.use_nested_tensor is False because ${why_not_sparsity_fast_path}`);
      this.use_nested_tensor = false;
    }
  }

  forward(
    ...args: PyCall<[src: T], [mask: T | null, src_key_padding_mask: T | null, is_causal: boolean | null], TransformerEncoderForwardOptions>
  ): T {
    const v = methodArgs("TransformerEncoder.forward", ["src", "mask", "src_key_padding_mask", "is_causal"], args, 1);
    const src = v[0] as T;
    const src_key_padding_mask = _canonical_mask(
      orNull<T>(v[2]),
      "src_key_padding_mask",
      _none_or_dtype(orNull<T>(v[1])),
      "mask",
      src.dtype,
    );
    const mask = _canonical_mask(orNull<T>(v[1]), "mask", null, "", src.dtype, false);

    let output = src;
    const first_layer = firstLayer(this.layers) as TransformerEncoderLayer;
    const batch_first = first_layer.self_attn.batch_first;
    // Python's conversion to nested tensors (eval mode, grad off, padding mask, ...) is not ported.

    const seq_len = getSeqLen(src, batch_first);
    const is_causal = detectIsCausalMask(mask, orNull<boolean>(v[3]), seq_len);

    for (const mod of this.layers) {
      output = call(mod, output, { src_mask: mask, is_causal, src_key_padding_mask });
    }
    if (this.norm !== null) output = call(this.norm, output);
    return output;
  }
}

// ---- TransformerDecoder ----

export interface TransformerDecoderOptions {
  decoder_layer?: Module;
  num_layers?: number;
  norm?: Module | null;
}

export interface TransformerDecoderForwardOptions {
  tgt?: T;
  memory?: T;
  tgt_mask?: T | null;
  memory_mask?: T | null;
  tgt_key_padding_mask?: T | null;
  memory_key_padding_mask?: T | null;
  tgt_is_causal?: boolean | null;
  memory_is_causal?: boolean;
}

/**
 * nn.TransformerDecoder(decoder_layer, num_layers, norm=None): num_layers deep copies of
 * decoder_layer (all starting with its weights), then norm.
 *
 * forward(tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
 * memory_key_padding_mask=None, tgt_is_causal=None, memory_is_causal=False).
 */
export class TransformerDecoder extends Module {
  /** Clones of decoder_layer (TransformerDecoderLayer, as nearly always; a custom layer is typed by a cast). */
  declare layers: ModuleList<TransformerDecoderLayer>;
  declare num_layers: number;
  declare norm: Module | null;

  constructor(...args: PyCall<[decoder_layer: Module, num_layers: number], [norm: Module | null], TransformerDecoderOptions>) {
    super();
    const v = initArgs("TransformerDecoder", ["decoder_layer", "num_layers", "norm"], args, 2);
    this.layers = _get_clones(v[0] as Module, v[1] as number) as ModuleList<TransformerDecoderLayer>;
    this.num_layers = v[1] as number;
    this.norm = orNull<Module>(v[2]);
  }

  forward(
    ...args: PyCall<
      [tgt: T, memory: T],
      [
        tgt_mask: T | null, memory_mask: T | null, tgt_key_padding_mask: T | null, memory_key_padding_mask: T | null,
        tgt_is_causal: boolean | null, memory_is_causal: boolean,
      ],
      TransformerDecoderForwardOptions
    >
  ): T {
    const v = methodArgs("TransformerDecoder.forward", DECODER_LAYER_CALL, args, 2);
    const [tgt, memory] = v as [T, T];
    const tgt_mask = orNull<T>(v[2]);
    let output = tgt;
    const first_layer = firstLayer(this.layers) as TransformerDecoderLayer;
    const seq_len = getSeqLen(tgt, first_layer.self_attn.batch_first);
    const tgt_is_causal = detectIsCausalMask(tgt_mask, orNull<boolean>(v[6]), seq_len);

    for (const mod of this.layers) {
      output = call(mod, output, memory, {
        tgt_mask,
        memory_mask: orNull<T>(v[3]),
        tgt_key_padding_mask: orNull<T>(v[4]),
        memory_key_padding_mask: orNull<T>(v[5]),
        tgt_is_causal,
        memory_is_causal: given(v[7], false),
      });
    }
    if (this.norm !== null) output = call(this.norm, output);
    return output;
  }
}

// ---- Transformer ----

export interface TransformerOptions {
  d_model?: number;
  nhead?: number;
  num_encoder_layers?: number;
  num_decoder_layers?: number;
  dim_feedforward?: number;
  dropout?: number;
  activation?: Activation;
  custom_encoder?: Module | null;
  custom_decoder?: Module | null;
  layer_norm_eps?: number;
  batch_first?: boolean;
  norm_first?: boolean;
  bias?: boolean;
  device?: Device;
  dtype?: dtype | null;
}

const TRANSFORMER_ARGS = [
  "d_model", "nhead", "num_encoder_layers", "num_decoder_layers", "dim_feedforward", "dropout", "activation", "custom_encoder",
  "custom_decoder", "layer_norm_eps", "batch_first", "norm_first", "bias", "device", "dtype",
] as const;

export interface TransformerForwardOptions {
  src?: T;
  tgt?: T;
  src_mask?: T | null;
  tgt_mask?: T | null;
  memory_mask?: T | null;
  src_key_padding_mask?: T | null;
  tgt_key_padding_mask?: T | null;
  memory_key_padding_mask?: T | null;
  src_is_causal?: boolean | null;
  tgt_is_causal?: boolean | null;
  memory_is_causal?: boolean;
}

const TRANSFORMER_CALL = [
  "src", "tgt", "src_mask", "tgt_mask", "memory_mask", "src_key_padding_mask", "tgt_key_padding_mask", "memory_key_padding_mask",
  "src_is_causal", "tgt_is_causal", "memory_is_causal",
] as const;

/**
 * nn.Transformer(d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6,
 * dim_feedforward=2048, dropout=0.1, activation=F.relu, custom_encoder=None,
 * custom_decoder=None, layer_norm_eps=1e-5, batch_first=False, norm_first=False, bias=True,
 * device=None, dtype=None).
 *
 * forward(src, tgt, src_mask=None, tgt_mask=None, memory_mask=None, src_key_padding_mask=None,
 * tgt_key_padding_mask=None, memory_key_padding_mask=None, src_is_causal=None,
 * tgt_is_causal=None, memory_is_causal=False).
 */
export class Transformer extends Module {
  /** A TransformerEncoder (custom_encoder, when given, is whatever module it is: cast it). */
  declare encoder: TransformerEncoder;
  /** A TransformerDecoder (custom_decoder likewise). */
  declare decoder: TransformerDecoder;
  declare d_model: number;
  declare nhead: number;
  declare batch_first: boolean;

  constructor(
    ...args: PyCall<
      [],
      [
        d_model: number, nhead: number, num_encoder_layers: number, num_decoder_layers: number, dim_feedforward: number,
        dropout: number, activation: Activation, custom_encoder: Module | null, custom_decoder: Module | null,
        layer_norm_eps: number, batch_first: boolean, norm_first: boolean, bias: boolean, device: Device, dtype: dtype | null,
      ],
      TransformerOptions
    >
  ) {
    super();
    const v = initArgs("Transformer", TRANSFORMER_ARGS, args, 0);
    const d_model = given(v[0], 512);
    const nhead = given(v[1], 8);
    const num_encoder_layers = given(v[2], 6);
    const num_decoder_layers = given(v[3], 6);
    const dim_feedforward = given(v[4], 2048);
    const dropout = given(v[5], 0.1);
    const activation = given<Activation>(v[6], F.relu);
    const custom_encoder = orNull<Module>(v[7]);
    const custom_decoder = orNull<Module>(v[8]);
    const layer_norm_eps = given(v[9], 1e-5);
    const batch_first = given(v[10], false);
    const norm_first = given(v[11], false);
    const bias = given(v[12], true);
    const factory = factoryOptions(v[13], v[14]);
    const layerArgs = [d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first, norm_first, bias] as const;

    if (custom_encoder !== null) {
      this.encoder = custom_encoder as TransformerEncoder;
    } else {
      const encoder_layer = new TransformerEncoderLayer(...layerArgs, factory);
      const encoder_norm = new LayerNorm(d_model, { eps: layer_norm_eps, bias, ...factory });
      this.encoder = new TransformerEncoder(encoder_layer, num_encoder_layers, encoder_norm);
    }

    if (custom_decoder !== null) {
      this.decoder = custom_decoder as TransformerDecoder;
    } else {
      const decoder_layer = new TransformerDecoderLayer(...layerArgs, factory);
      const decoder_norm = new LayerNorm(d_model, { eps: layer_norm_eps, bias, ...factory });
      this.decoder = new TransformerDecoder(decoder_layer, num_decoder_layers, decoder_norm);
    }

    this._reset_parameters();

    this.d_model = d_model;
    this.nhead = nhead;
    this.batch_first = batch_first;
  }

  forward(
    ...args: PyCall<
      [src: T, tgt: T],
      [
        src_mask: T | null, tgt_mask: T | null, memory_mask: T | null, src_key_padding_mask: T | null,
        tgt_key_padding_mask: T | null, memory_key_padding_mask: T | null, src_is_causal: boolean | null,
        tgt_is_causal: boolean | null, memory_is_causal: boolean,
      ],
      TransformerForwardOptions
    >
  ): T {
    const v = methodArgs("Transformer.forward", TRANSFORMER_CALL, args, 2);
    const [src, tgt] = v as [T, T];
    const is_batched = src.dim() === 3;
    if (!this.batch_first && src.size(1) !== tgt.size(1) && is_batched) {
      throw new RuntimeError("the batch number of src and tgt must be equal");
    } else if (this.batch_first && src.size(0) !== tgt.size(0) && is_batched) {
      throw new RuntimeError("the batch number of src and tgt must be equal");
    }
    if (src.size(-1) !== this.d_model || tgt.size(-1) !== this.d_model) {
      throw new RuntimeError("the feature number of src and tgt must be equal to d_model");
    }

    const memory = call(this.encoder, src, {
      mask: orNull<T>(v[2]),
      src_key_padding_mask: orNull<T>(v[5]),
      is_causal: orNull<boolean>(v[8]),
    });
    return call(this.decoder, tgt, memory, {
      tgt_mask: orNull<T>(v[3]),
      memory_mask: orNull<T>(v[4]),
      tgt_key_padding_mask: orNull<T>(v[6]),
      memory_key_padding_mask: orNull<T>(v[7]),
      tgt_is_causal: orNull<boolean>(v[9]),
      memory_is_causal: given(v[10], false),
    });
  }

  /**
   * Transformer.generate_square_subsequent_mask(sz, device=None, dtype=None): the causal mask,
   * -inf above the diagonal and 0 elsewhere.
   */
  static generate_square_subsequent_mask(
    ...args: PyCall<[sz: number], [device: Device, dtype: dtype | null], { sz?: number; device?: Device; dtype?: dtype | null }>
  ): T {
    const v = bindArgs("Transformer.generate_square_subsequent_mask", ["sz", "device", "dtype"], args, 1);
    return generateSquareSubsequentMask(v[0] as number, orNull<Device>(v[1]), orNull<dtype>(v[2]));
  }

  /** Initiate parameters in the transformer model: xavier_uniform_ on every matrix. */
  _reset_parameters(): void {
    for (const p of this.parameters()) {
      if (p.dim() > 1) xavier_uniform_(p);
    }
  }
}
