// torch.nn.functional's attention, ported from torch/nn/functional.py (torch 2.11);
// ./functional re-exports it: scaled_dot_product_attention (torch._C._nn's, as Python binds it)
// and multi_head_attention_forward with Python's private helpers (_canonical_mask,
// _none_or_dtype, _mha_shape_check, _in_projection_packed, _in_projection), which
// nn.MultiheadAttention and the Transformer modules use too. The same mask handling and the
// same ATen ops as Python's, so forward and backward compute Python's numbers.
//
// Not ported: Python's inference fast path of nn.MultiheadAttention lives in the module
// (./modules/attention.ts says what torchts does there); there are no NestedTensors in torchts.
import { bindArgs } from "../_args";
import { _nn, aten } from "../_aten";
import { given, warn } from "../_python";
import type { dtype } from "../dtype";
import { argumentError, AssertionError, RuntimeError } from "../errors";
import type { NnOps } from "../generated/ops";
import { Tensor } from "../tensor";
import { cFunction, sameShape, sizeStr as torchSize, tupleStr } from "./_functional_utils";
import { dropout } from "./functional_norm";
import { softmax } from "./functional_activation";
import { pad } from "./functional_vision";
import type { PyCall } from "./functional";

type T = Tensor;

/** torch.Size as Python prints it. */
const sizeStr = (shape: number[]): string => torchSize(shape);

export interface ScaledDotProductAttentionOptions {
  query?: T;
  key?: T;
  value?: T;
  attn_mask?: T | null;
  dropout_p?: number;
  is_causal?: boolean;
  scale?: number | null;
  enable_gqa?: boolean;
}
const sdpa = cFunction<NnOps["scaled_dot_product_attention"]>("scaled_dot_product_attention");
/**
 * F.scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0,
 * is_causal=False, *, scale=None, enable_gqa=False): torch._C._nn.scaled_dot_product_attention.
 */
export function scaled_dot_product_attention(
  ...args: PyCall<[query: T, key: T, value: T], [attn_mask: T | null, dropout_p: number, is_causal: boolean], ScaledDotProductAttentionOptions>
): T {
  const last = args[args.length - 1] as { enable_gqa?: unknown; key?: unknown; value?: unknown } | undefined;
  // LibTorch divides the query's heads by the key's and value's: with no key or value heads it
  // dies of SIGFPE (Python's process too). Refused here instead.
  if (last !== null && typeof last === "object" && !(last instanceof Tensor) && last.enable_gqa === true) {
    const [key, value] = [last.key ?? args[1], last.value ?? args[2]];
    for (const [name, t] of [["key", key], ["value", value]] as const) {
      if (t instanceof Tensor && t.dim() >= 3 && t.size(-3) === 0) {
        throw new RuntimeError(`scaled_dot_product_attention(): enable_gqa=True needs at least one ${name} head, but ${name}.size(-3) is 0`);
      }
    }
  }
  return (sdpa as unknown as (...a: unknown[]) => T)(...args);
}

/**
 * @internal F._canonical_mask: a bool mask becomes a float mask of `target_type` with -inf
 * where it is true; a float mask is returned as is; other dtypes raise.
 */
export function _canonical_mask(
  mask: T | null | undefined,
  mask_name: string,
  other_type: dtype | null,
  other_name: string,
  target_type: dtype,
  check_other = true,
): T | null {
  if (mask === null || mask === undefined) return null;
  if (!(mask instanceof Tensor)) throw argumentError(mask_name, mask_name, "Tensor or None", mask);
  const maskDtype = mask.dtype;
  const maskIsFloat = maskDtype.is_floating_point;
  if (maskDtype.name !== "bool" && !maskIsFloat) {
    throw new AssertionError(`only bool and floating types of ${mask_name} are supported`);
  }
  if (check_other && other_type !== null && maskDtype !== other_type) {
    warn(`Support for mismatched ${mask_name} and ${other_name} is deprecated. Use same type for both instead.`);
  }
  if (!maskIsFloat) {
    return aten.zeros_like(mask, { dtype: target_type }).masked_fill_(mask, -Infinity);
  }
  return mask;
}

/** @internal F._none_or_dtype. */
export function _none_or_dtype(input: T | null | undefined): dtype | null {
  if (input === null || input === undefined) return null;
  if (input instanceof Tensor) return input.dtype;
  throw new RuntimeError("input to _none_or_dtype() must be None or torch.Tensor");
}

/** F._mha_shape_check: whether the input is batched, with Python's errors for bad shapes. */
function mhaShapeCheck(query: T, key: T, value: T, key_padding_mask: T | null, attn_mask: T | null, num_heads: number): boolean {
  if (query.dim() === 3) {
    if (key.dim() !== 3 || value.dim() !== 3) {
      throw new AssertionError(
        "For batched (3-D) `query`, expected `key` and `value` to be 3-D" +
          ` but found ${key.dim()}-D and ${value.dim()}-D tensors respectively`,
      );
    }
    if (key_padding_mask !== null && key_padding_mask.dim() !== 2) {
      throw new AssertionError(
        "For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D" +
          ` but found ${key_padding_mask.dim()}-D tensor instead`,
      );
    }
    if (attn_mask !== null && attn_mask.dim() !== 2 && attn_mask.dim() !== 3) {
      throw new AssertionError(
        "For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D" +
          ` but found ${attn_mask.dim()}-D tensor instead`,
      );
    }
    return true;
  }
  if (query.dim() === 2) {
    if (key.dim() !== 2 || value.dim() !== 2) {
      throw new AssertionError(
        "For unbatched (2-D) `query`, expected `key` and `value` to be 2-D" +
          ` but found ${key.dim()}-D and ${value.dim()}-D tensors respectively`,
      );
    }
    if (key_padding_mask !== null && key_padding_mask.dim() !== 1) {
      throw new AssertionError(
        "For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D" +
          ` but found ${key_padding_mask.dim()}-D tensor instead`,
      );
    }
    if (attn_mask !== null) {
      if (attn_mask.dim() !== 2 && attn_mask.dim() !== 3) {
        throw new AssertionError(
          "For unbatched (2-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D" +
            ` but found ${attn_mask.dim()}-D tensor instead`,
        );
      }
      if (attn_mask.dim() === 3) {
        const expected = [num_heads, query.shape[0], key.shape[0]];
        if (!sameShape(attn_mask.shape, expected)) {
          throw new AssertionError(`Expected \`attn_mask\` shape to be ${tupleStr(expected)} but got ${sizeStr(attn_mask.shape)}`);
        }
      }
    }
    return false;
  }
  throw new AssertionError(`query should be unbatched 2D or batched 3D tensor but received ${query.dim()}-D query tensor`);
}

/** F._in_projection_packed: q, k, v projected with one packed weight (3E, E). */
function inProjectionPacked(q: T, k: T, v: T, w: T, b: T | null): [T, T, T] {
  const E = q.size(-1) as number;
  if (k === v) {
    if (q === k) {
      // self-attention. proj.unflatten(-1, (3, E)) is a view of the (contiguous) linear output.
      let proj = _nn.linear(q, w, b);
      proj = proj.view([...proj.shape.slice(0, -1), 3, E]).unsqueeze(0).transpose(0, -2).squeeze(-2).contiguous();
      return [proj.select(0, 0), proj.select(0, 1), proj.select(0, 2)];
    }
    // encoder-decoder attention
    const [w_q, w_kv] = w.split([E, E * 2]) as T[];
    let b_q: T | null = null;
    let b_kv: T | null = null;
    if (b !== null) [b_q, b_kv] = b.split([E, E * 2]) as T[];
    const q_proj = _nn.linear(q, w_q, b_q);
    let kv_proj = _nn.linear(k, w_kv, b_kv);
    kv_proj = kv_proj.view([...kv_proj.shape.slice(0, -1), 2, E]).unsqueeze(0).transpose(0, -2).squeeze(-2).contiguous();
    return [q_proj, kv_proj.select(0, 0), kv_proj.select(0, 1)];
  }
  const [w_q, w_k, w_v] = w.chunk(3) as T[];
  let [b_q, b_k, b_v]: (T | null)[] = [null, null, null];
  if (b !== null) [b_q, b_k, b_v] = b.chunk(3) as T[];
  return [_nn.linear(q, w_q, b_q), _nn.linear(k, w_k, b_k), _nn.linear(v, w_v, b_v)];
}

/** F._in_projection: q, k, v projected with separate weights, shapes checked as in Python. */
function inProjection(q: T, k: T, v: T, w_q: T, w_k: T, w_v: T, b_q: T | null, b_k: T | null, b_v: T | null): [T, T, T] {
  const [Eq, Ek, Ev] = [q.size(-1) as number, k.size(-1) as number, v.size(-1) as number];
  const check = (what: string, t: T, expected: number[]) => {
    if (!sameShape(t.shape, expected)) {
      throw new AssertionError(`expecting ${what} shape of ${tupleStr(expected)}, but got ${sizeStr(t.shape)}`);
    }
  };
  check("query weights", w_q, [Eq, Eq]);
  check("key weights", w_k, [Eq, Ek]);
  check("value weights", w_v, [Eq, Ev]);
  if (b_q !== null) check("query bias", b_q, [Eq]);
  if (b_k !== null) check("key bias", b_k, [Eq]);
  if (b_v !== null) check("value bias", b_v, [Eq]);
  return [_nn.linear(q, w_q, b_q), _nn.linear(k, w_k, b_k), _nn.linear(v, w_v, b_v)];
}

export interface MultiHeadAttentionForwardOptions {
  query?: T;
  key?: T;
  value?: T;
  embed_dim_to_check?: number;
  num_heads?: number;
  in_proj_weight?: T | null;
  in_proj_bias?: T | null;
  bias_k?: T | null;
  bias_v?: T | null;
  add_zero_attn?: boolean;
  dropout_p?: number;
  out_proj_weight?: T;
  out_proj_bias?: T | null;
  training?: boolean;
  key_padding_mask?: T | null;
  need_weights?: boolean;
  attn_mask?: T | null;
  use_separate_proj_weight?: boolean;
  q_proj_weight?: T | null;
  k_proj_weight?: T | null;
  v_proj_weight?: T | null;
  static_k?: T | null;
  static_v?: T | null;
  average_attn_weights?: boolean;
  is_causal?: boolean;
}

const MHA_FORWARD = [
  "query", "key", "value", "embed_dim_to_check", "num_heads", "in_proj_weight", "in_proj_bias", "bias_k", "bias_v",
  "add_zero_attn", "dropout_p", "out_proj_weight", "out_proj_bias", "training", "key_padding_mask", "need_weights",
  "attn_mask", "use_separate_proj_weight", "q_proj_weight", "k_proj_weight", "v_proj_weight", "static_k", "static_v",
  "average_attn_weights", "is_causal",
] as const;

type MhaRequired = [
  query: T, key: T, value: T, embed_dim_to_check: number, num_heads: number, in_proj_weight: T | null, in_proj_bias: T | null,
  bias_k: T | null, bias_v: T | null, add_zero_attn: boolean, dropout_p: number, out_proj_weight: T, out_proj_bias: T | null,
];

/**
 * F.multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads,
 * in_proj_weight, in_proj_bias, bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight,
 * out_proj_bias, training=True, key_padding_mask=None, need_weights=True, attn_mask=None,
 * use_separate_proj_weight=False, q_proj_weight=None, k_proj_weight=None, v_proj_weight=None,
 * static_k=None, static_v=None, average_attn_weights=True, is_causal=False): returns
 * [attn_output, attn_output_weights or null]. The 13 leading arguments are positional; the
 * rest may follow them by position or in one options object, as in Python.
 */
export function multi_head_attention_forward(
  ...args: [...MhaRequired, ...unknown[]] | [...MhaRequired, MultiHeadAttentionForwardOptions]
): [T, T | null] {
  const v = bindArgs("multi_head_attention_forward", MHA_FORWARD, args, 13);
  let query = v[0] as T;
  let key = v[1] as T;
  let value = v[2] as T;
  const embed_dim_to_check = v[3] as number;
  const num_heads = v[4] as number;
  const in_proj_weight = (v[5] ?? null) as T | null;
  const in_proj_bias = (v[6] ?? null) as T | null;
  const bias_k = (v[7] ?? null) as T | null;
  const bias_v = (v[8] ?? null) as T | null;
  const add_zero_attn = v[9] as boolean;
  let dropout_p = v[10] as number;
  const out_proj_weight = v[11] as T;
  const out_proj_bias = (v[12] ?? null) as T | null;
  const training = given(v[13], true);
  let key_padding_mask = (v[14] ?? null) as T | null;
  const need_weights = given(v[15], true);
  let attn_mask = (v[16] ?? null) as T | null;
  const use_separate_proj_weight = given(v[17], false);
  const q_proj_weight = (v[18] ?? null) as T | null;
  const k_proj_weight = (v[19] ?? null) as T | null;
  const v_proj_weight = (v[20] ?? null) as T | null;
  const static_k = (v[21] ?? null) as T | null;
  const static_v = (v[22] ?? null) as T | null;
  const average_attn_weights = given(v[23], true);
  let is_causal = given(v[24], false);

  const is_batched = mhaShapeCheck(query, key, value, key_padding_mask, attn_mask, num_heads);

  // For unbatched input, unsqueeze at the batch dim, compute, and squeeze before returning.
  if (!is_batched) {
    query = query.unsqueeze(1);
    key = key.unsqueeze(1);
    value = value.unsqueeze(1);
    if (key_padding_mask !== null) key_padding_mask = key_padding_mask.unsqueeze(0);
  }

  const [tgt_len, bsz, embed_dim] = query.shape;
  let src_len = key.shape[0];

  key_padding_mask = _canonical_mask(key_padding_mask, "key_padding_mask", _none_or_dtype(attn_mask), "attn_mask", query.dtype);

  if (is_causal && attn_mask === null) {
    throw new RuntimeError(
      "Need attn_mask if specifying the is_causal hint. " +
        "You may use the Transformer module method " +
        "`generate_square_subsequent_mask` to create this mask.",
    );
  }

  if (is_causal && key_padding_mask === null && !need_weights) {
    // With no key padding mask and no weights wanted, the is_causal hint goes to SDPA as is.
    attn_mask = null;
  } else {
    attn_mask = _canonical_mask(attn_mask, "attn_mask", null, "", query.dtype, false);
    // A key padding mask merged into attn_mask makes it no longer causal.
    if (key_padding_mask !== null) is_causal = false;
  }

  if (embed_dim !== embed_dim_to_check) {
    throw new AssertionError(`was expecting embedding dimension of ${embed_dim_to_check}, but got ${embed_dim}`);
  }
  const head_dim = Math.floor(embed_dim / num_heads);
  if (head_dim * num_heads !== embed_dim) {
    throw new AssertionError(`embed_dim ${embed_dim} not divisible by num_heads ${num_heads}`);
  }
  if (use_separate_proj_weight) {
    // MHA may have different embedding dimensions when separate projection weights are used.
    if (!sameShape(key.shape.slice(0, 2), value.shape.slice(0, 2))) {
      throw new AssertionError(
        `key's sequence and batch dims ${sizeStr(key.shape.slice(0, 2))} do not match value's ${sizeStr(value.shape.slice(0, 2))}`,
      );
    }
  } else if (!sameShape(key.shape, value.shape)) {
    throw new AssertionError(`key shape ${sizeStr(key.shape)} does not match value shape ${sizeStr(value.shape)}`);
  }

  // compute in-projection
  let q: T, k: T, vv: T;
  if (!use_separate_proj_weight) {
    if (in_proj_weight === null) throw new AssertionError("use_separate_proj_weight is False but in_proj_weight is None");
    [q, k, vv] = inProjectionPacked(query, key, value, in_proj_weight, in_proj_bias);
  } else {
    if (q_proj_weight === null) throw new AssertionError("use_separate_proj_weight is True but q_proj_weight is None");
    if (k_proj_weight === null) throw new AssertionError("use_separate_proj_weight is True but k_proj_weight is None");
    if (v_proj_weight === null) throw new AssertionError("use_separate_proj_weight is True but v_proj_weight is None");
    let [b_q, b_k, b_v]: (T | null)[] = [null, null, null];
    if (in_proj_bias !== null) [b_q, b_k, b_v] = in_proj_bias.chunk(3) as T[];
    [q, k, vv] = inProjection(query, key, value, q_proj_weight, k_proj_weight, v_proj_weight, b_q, b_k, b_v);
  }

  // prep attention mask: make it 3-D
  if (attn_mask !== null) {
    if (attn_mask.dim() === 2) {
      const correct = [tgt_len, src_len];
      if (!sameShape(attn_mask.shape, correct)) {
        throw new RuntimeError(`The shape of the 2D attn_mask is ${sizeStr(attn_mask.shape)}, but should be ${tupleStr(correct)}.`);
      }
      attn_mask = attn_mask.unsqueeze(0);
    } else if (attn_mask.dim() === 3) {
      const correct = [bsz * num_heads, tgt_len, src_len];
      if (!sameShape(attn_mask.shape, correct)) {
        throw new RuntimeError(`The shape of the 3D attn_mask is ${sizeStr(attn_mask.shape)}, but should be ${tupleStr(correct)}.`);
      }
    } else {
      throw new RuntimeError(`attn_mask's dimension ${attn_mask.dim()} is not supported`);
    }
  }

  // add bias along batch dimension (currently second)
  if (bias_k !== null && bias_v !== null) {
    if (static_k !== null) throw new AssertionError("bias cannot be added to static key.");
    if (static_v !== null) throw new AssertionError("bias cannot be added to static value.");
    k = aten.cat([k, bias_k.repeat(1, bsz, 1)]);
    vv = aten.cat([vv, bias_v.repeat(1, bsz, 1)]);
    if (attn_mask !== null) attn_mask = pad(attn_mask, [0, 1]);
    if (key_padding_mask !== null) key_padding_mask = pad(key_padding_mask, [0, 1]);
  } else {
    if (bias_k !== null) throw new AssertionError("bias_k is set but bias_v is None");
    if (bias_v !== null) throw new AssertionError("bias_v is set but bias_k is None");
  }

  // reshape q, k, v for multihead attention and make them batch first
  q = q.view(tgt_len, bsz * num_heads, head_dim).transpose(0, 1);
  if (static_k === null) {
    k = k.view(k.shape[0], bsz * num_heads, head_dim).transpose(0, 1);
  } else {
    if (static_k.size(0) !== bsz * num_heads) {
      throw new AssertionError(`expecting static_k.size(0) of ${bsz * num_heads}, but got ${static_k.size(0)}`);
    }
    if (static_k.size(2) !== head_dim) throw new AssertionError(`expecting static_k.size(2) of ${head_dim}, but got ${static_k.size(2)}`);
    k = static_k;
  }
  if (static_v === null) {
    vv = vv.view(vv.shape[0], bsz * num_heads, head_dim).transpose(0, 1);
  } else {
    if (static_v.size(0) !== bsz * num_heads) {
      throw new AssertionError(`expecting static_v.size(0) of ${bsz * num_heads}, but got ${static_v.size(0)}`);
    }
    if (static_v.size(2) !== head_dim) throw new AssertionError(`expecting static_v.size(2) of ${head_dim}, but got ${static_v.size(2)}`);
    vv = static_v;
  }

  // add zero attention along batch dimension (now first)
  if (add_zero_attn) {
    const zero_attn_shape = [bsz * num_heads, 1, head_dim];
    k = aten.cat([k, aten.zeros(zero_attn_shape, { dtype: k.dtype, device: k.device })], 1);
    vv = aten.cat([vv, aten.zeros(zero_attn_shape, { dtype: vv.dtype, device: vv.device })], 1);
    if (attn_mask !== null) attn_mask = pad(attn_mask, [0, 1]);
    if (key_padding_mask !== null) key_padding_mask = pad(key_padding_mask, [0, 1]);
  }

  // update source sequence length after adjustments
  src_len = k.size(1) as number;

  // merge key padding and attention masks
  if (key_padding_mask !== null) {
    const [kpmBatch, kpmLen] = key_padding_mask.shape;
    if (kpmBatch !== bsz) throw new AssertionError(`Expected key_padded_mask.shape[0] to be ${bsz}, but got ${kpmBatch}`);
    if (kpmLen !== src_len) throw new AssertionError(`Expected key_padded_mask.shape[1] to be ${src_len}, but got ${kpmLen}`);
    key_padding_mask = key_padding_mask
      .view(bsz, 1, 1, src_len)
      .expand(-1, num_heads, -1, -1)
      .reshape(bsz * num_heads, 1, src_len);
    attn_mask = attn_mask === null ? key_padding_mask : attn_mask.add(key_padding_mask);
  }

  // adjust dropout probability
  if (!training) dropout_p = 0.0;

  // (deep breath) calculate attention and out projection
  if (need_weights) {
    const E = q.shape[2];
    const q_scaled = q.mul(Math.sqrt(1.0 / E));
    if (is_causal && attn_mask === null) throw new AssertionError("FIXME: is_causal not implemented for need_weights");
    let attn_output_weights =
      attn_mask !== null ? aten.baddbmm(attn_mask, q_scaled, k.transpose(-2, -1)) : aten.bmm(q_scaled, k.transpose(-2, -1));
    attn_output_weights = softmax(attn_output_weights, { dim: -1 });
    if (dropout_p > 0.0) attn_output_weights = dropout(attn_output_weights, { p: dropout_p });

    let attn_output = aten.bmm(attn_output_weights, vv);
    attn_output = attn_output.transpose(0, 1).contiguous().view(tgt_len * bsz, embed_dim);
    attn_output = _nn.linear(attn_output, out_proj_weight, out_proj_bias);
    attn_output = attn_output.view(tgt_len, bsz, attn_output.size(1) as number);

    // optionally average attention weights over heads
    attn_output_weights = attn_output_weights.view(bsz, num_heads, tgt_len, src_len);
    if (average_attn_weights) attn_output_weights = attn_output_weights.mean(1);

    if (!is_batched) {
      attn_output = attn_output.squeeze(1);
      attn_output_weights = attn_output_weights.squeeze(0);
    }
    return [attn_output, attn_output_weights];
  }

  // attn_mask is (1, L, S) or (N*num_heads, L, S); SDPA takes (N, num_heads, L, S).
  if (attn_mask !== null) {
    if (attn_mask.size(0) === 1 && attn_mask.dim() === 3) attn_mask = attn_mask.unsqueeze(0);
    else attn_mask = attn_mask.view(bsz, num_heads, -1, src_len);
  }
  q = q.view(bsz, num_heads, tgt_len, head_dim);
  k = k.view(bsz, num_heads, src_len, head_dim);
  vv = vv.view(bsz, num_heads, src_len, head_dim);

  let attn_output = scaled_dot_product_attention(q, k, vv, attn_mask, dropout_p, is_causal);
  attn_output = attn_output.permute(2, 0, 1, 3).contiguous().view(bsz * tgt_len, embed_dim);
  attn_output = _nn.linear(attn_output, out_proj_weight, out_proj_bias);
  attn_output = attn_output.view(tgt_len, bsz, attn_output.size(1) as number);
  if (!is_batched) attn_output = attn_output.squeeze(1);
  return [attn_output, null];
}
