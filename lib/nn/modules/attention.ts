// nn.MultiheadAttention, ported from torch 2.11 (torch/nn/modules/activation.py): the same
// parameters, created and initialised in Python's order (so after torch.manual_seed(s) they
// are bitwise equal to Python's), and F.multi_head_attention_forward (../functional_attention),
// so forward and backward compute Python's numbers.
//
// Not ported: Python's inference fast path (torch._native_multi_head_attention, taken only in
// eval mode with grad disabled or no tensor requiring grad, batch_first, self-attention, ...).
// torchts always takes the regular path, which Python also takes in training mode and whenever
// a parameter requires grad with grad enabled; the results agree up to the fast kernel's
// rounding (about 3e-7 in the tests). There are no NestedTensors in torchts.
import { bindArgs } from "../../_args";
import { aten } from "../../_aten";
import type { device } from "../../device";
import type { dtype } from "../../dtype";
import { argumentError, AssertionError, ValueError } from "../../errors";
import { Tensor } from "../../tensor";
import { _canonical_mask, _none_or_dtype, multi_head_attention_forward } from "../functional_attention";
import { constant_, xavier_normal_, xavier_uniform_ } from "../init";
import { Module } from "../module";
import { Parameter } from "../parameter";
import { Linear } from "./linear";
import { initArgs } from "./_utils";
import { given } from "../../_python";

type T = Tensor;

/** Binds a method's arguments as Python binds them (`self` counts in its messages). */
function methodArgs(qualname: string, names: readonly string[], args: unknown[], required: number): unknown[] {
  const values = bindArgs(qualname, ["self", ...names], [null, ...args], required + 1).slice(1);
  // The required arguments of these forwards are all tensors, whose methods they call.
  for (let i = 0; i < required; i++) if (!(values[i] instanceof Tensor)) throw argumentError(qualname, names[i], "Tensor", values[i]);
  return values;
}

/**
 * nn.modules.linear.NonDynamicallyQuantizableLinear: a Linear under another name (Python
 * uses the class to keep MultiheadAttention's out_proj out of dynamic quantisation).
 */
export class NonDynamicallyQuantizableLinear extends Linear {}

export interface MultiheadAttentionOptions {
  embed_dim?: number;
  num_heads?: number;
  dropout?: number;
  bias?: boolean;
  add_bias_kv?: boolean;
  add_zero_attn?: boolean;
  kdim?: number | null;
  vdim?: number | null;
  batch_first?: boolean;
  device?: string | device | null;
  dtype?: dtype | null;
}

const MHA_ARGS = [
  "embed_dim", "num_heads", "dropout", "bias", "add_bias_kv", "add_zero_attn", "kdim", "vdim", "batch_first", "device", "dtype",
] as const;

type Prefixes<P extends unknown[]> = P extends [infer H, ...infer R] ? [] | [H, ...Prefixes<R>] : [];
type PyCall<R extends unknown[], P extends unknown[], O> = [...R, ...Prefixes<P>] | [...R, ...Prefixes<P>, O];

export interface MultiheadAttentionForwardOptions {
  query?: T;
  key?: T;
  value?: T;
  key_padding_mask?: T | null;
  need_weights?: boolean;
  attn_mask?: T | null;
  average_attn_weights?: boolean;
  is_causal?: boolean;
}

const MHA_CALL = ["query", "key", "value", "key_padding_mask", "need_weights", "attn_mask", "average_attn_weights", "is_causal"] as const;

/**
 * nn.MultiheadAttention(embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False,
 * add_zero_attn=False, kdim=None, vdim=None, batch_first=False, device=None, dtype=None).
 *
 * forward(query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
 * average_attn_weights=True, is_causal=False) returns [attn_output, attn_weights or null].
 */
export class MultiheadAttention extends Module {
  declare embed_dim: number;
  declare kdim: number;
  declare vdim: number;
  declare _qkv_same_embed_dim: boolean;
  declare num_heads: number;
  declare dropout: number;
  declare batch_first: boolean;
  declare head_dim: number;
  declare in_proj_weight: Parameter | null;
  declare q_proj_weight: Parameter | null;
  declare k_proj_weight: Parameter | null;
  declare v_proj_weight: Parameter | null;
  declare in_proj_bias: Parameter | null;
  declare out_proj: NonDynamicallyQuantizableLinear;
  declare bias_k: Parameter | null;
  declare bias_v: Parameter | null;
  declare add_zero_attn: boolean;

  constructor(
    ...args: PyCall<
      [embed_dim: number, num_heads: number],
      [
        dropout: number, bias: boolean, add_bias_kv: boolean, add_zero_attn: boolean, kdim: number | null, vdim: number | null,
        batch_first: boolean, device: string | device | null, dtype: dtype | null,
      ],
      MultiheadAttentionOptions
    >
  ) {
    super();
    const v = initArgs("MultiheadAttention", MHA_ARGS, args, 2);
    const embed_dim = v[0] as number;
    const num_heads = v[1] as number;
    const bias = given(v[3], true);
    const add_bias_kv = given(v[4], false);
    const kdim = (v[6] ?? null) as number | null;
    const vdim = (v[7] ?? null) as number | null;
    const factory: Record<string, unknown> = {};
    if (v[9] !== undefined && v[9] !== null) factory.device = v[9];
    if (v[10] !== undefined && v[10] !== null) factory.dtype = v[10];
    if (!Number.isInteger(embed_dim)) throw argumentError("MultiheadAttention", "embed_dim", "int", embed_dim);
    if (!Number.isInteger(num_heads)) throw argumentError("MultiheadAttention", "num_heads", "int", num_heads);
    if (embed_dim <= 0 || num_heads <= 0) {
      throw new ValueError(
        `embed_dim and num_heads must be greater than 0, got embed_dim=${embed_dim} and num_heads=${num_heads} instead`,
      );
    }
    this.embed_dim = embed_dim;
    this.kdim = kdim !== null ? kdim : embed_dim;
    this.vdim = vdim !== null ? vdim : embed_dim;
    this._qkv_same_embed_dim = this.kdim === embed_dim && this.vdim === embed_dim;

    this.num_heads = num_heads;
    this.dropout = given(v[2], 0.0);
    this.batch_first = given(v[8], false);
    this.head_dim = Math.floor(embed_dim / num_heads);
    if (this.head_dim * num_heads !== this.embed_dim) throw new AssertionError("embed_dim must be divisible by num_heads");

    const empty = (...size: number[]) => new Parameter(aten.empty(size, factory));
    if (!this._qkv_same_embed_dim) {
      this.q_proj_weight = empty(embed_dim, embed_dim);
      this.k_proj_weight = empty(embed_dim, this.kdim);
      this.v_proj_weight = empty(embed_dim, this.vdim);
      this.register_parameter("in_proj_weight", null);
    } else {
      this.in_proj_weight = empty(3 * embed_dim, embed_dim);
      this.register_parameter("q_proj_weight", null);
      this.register_parameter("k_proj_weight", null);
      this.register_parameter("v_proj_weight", null);
    }

    if (bias) this.in_proj_bias = empty(3 * embed_dim);
    else this.register_parameter("in_proj_bias", null);
    this.out_proj = new NonDynamicallyQuantizableLinear(embed_dim, embed_dim, { bias, ...factory });

    if (add_bias_kv) {
      this.bias_k = empty(1, 1, embed_dim);
      this.bias_v = empty(1, 1, embed_dim);
    } else {
      this.bias_k = this.bias_v = null;
    }

    this.add_zero_attn = given(v[5], false);

    this._reset_parameters();
  }

  _reset_parameters(): void {
    if (this._qkv_same_embed_dim) {
      xavier_uniform_(this.in_proj_weight!);
    } else {
      xavier_uniform_(this.q_proj_weight!);
      xavier_uniform_(this.k_proj_weight!);
      xavier_uniform_(this.v_proj_weight!);
    }
    if (this.in_proj_bias !== null) {
      constant_(this.in_proj_bias, 0.0);
      constant_(this.out_proj.bias as T, 0.0);
    }
    if (this.bias_k !== null) xavier_normal_(this.bias_k);
    if (this.bias_v !== null) xavier_normal_(this.bias_v);
  }

  forward(
    ...args: PyCall<
      [query: T, key: T, value: T],
      [key_padding_mask: T | null, need_weights: boolean, attn_mask: T | null, average_attn_weights: boolean, is_causal: boolean],
      MultiheadAttentionForwardOptions
    >
  ): [T, T | null] {
    const v = methodArgs("MultiheadAttention.forward", MHA_CALL, args, 3);
    let query = v[0] as T;
    let key = v[1] as T;
    let value = v[2] as T;
    const need_weights = given(v[4], true);
    const average_attn_weights = given(v[6], true);
    const is_causal = given(v[7], false);

    const is_batched = query.dim() === 3;

    const key_padding_mask = _canonical_mask(
      (v[3] ?? null) as T | null,
      "key_padding_mask",
      _none_or_dtype((v[5] ?? null) as T | null),
      "attn_mask",
      query.dtype,
    );
    const attn_mask = _canonical_mask((v[5] ?? null) as T | null, "attn_mask", null, "", query.dtype, false);

    // Python's fast path (torch._native_multi_head_attention) is not ported: see the top.

    if (this.batch_first && is_batched) {
      // keep the identities of query, key and value through the transpose
      if (key === value) {
        if (query === key) {
          query = key = value = query.transpose(1, 0);
        } else {
          [query, key] = [query.transpose(1, 0), key.transpose(1, 0)];
          value = key;
        }
      } else {
        [query, key, value] = [query.transpose(1, 0), key.transpose(1, 0), value.transpose(1, 0)];
      }
    }

    const common = {
      training: this.training,
      key_padding_mask,
      need_weights,
      attn_mask,
      average_attn_weights,
      is_causal,
    };
    const [attn_output, attn_output_weights] = multi_head_attention_forward(
      query,
      key,
      value,
      this.embed_dim,
      this.num_heads,
      this.in_proj_weight,
      this.in_proj_bias,
      this.bias_k,
      this.bias_v,
      this.add_zero_attn,
      this.dropout,
      this.out_proj.weight as T,
      (this.out_proj.bias ?? null) as T | null,
      this._qkv_same_embed_dim
        ? common
        : {
            ...common,
            use_separate_proj_weight: true,
            q_proj_weight: this.q_proj_weight,
            k_proj_weight: this.k_proj_weight,
            v_proj_weight: this.v_proj_weight,
          },
    );
    if (this.batch_first && is_batched) return [attn_output.transpose(1, 0), attn_output_weights];
    return [attn_output, attn_output_weights];
  }

  /**
   * merge_masks(attn_mask, key_padding_mask, query): the mask and mask type (0, 1 or 2) that
   * Python's fast path would use.
   */
  merge_masks(attn_mask: T | null, key_padding_mask: T | null, query: T): [T | null, number | null] {
    let mask_type: number | null = null;
    let merged_mask: T | null = null;
    if (key_padding_mask !== null) {
      mask_type = 1;
      merged_mask = key_padding_mask;
    }
    if (attn_mask !== null) {
      const [batch_size, seq_len] = query.shape;
      mask_type = 2;
      const attn_mask_expanded =
        attn_mask.dim() === 3
          ? attn_mask.view(batch_size, -1, seq_len, seq_len)
          : attn_mask.view(1, 1, seq_len, seq_len).expand(batch_size, this.num_heads, -1, -1);
      merged_mask = attn_mask_expanded;
      if (key_padding_mask !== null) {
        const key_padding_mask_expanded = key_padding_mask.view(batch_size, 1, 1, seq_len).expand(-1, this.num_heads, -1, -1);
        merged_mask = attn_mask_expanded.add(key_padding_mask_expanded);
      }
    }
    return [merged_mask, mask_type];
  }
}
