// nn.Embedding and nn.EmbeddingBag, ported from torch/nn/modules/sparse.py (torch 2.11).
import { no_grad } from "../../autograd";
import type { dtype } from "../../dtype";
import { Tensor } from "../../tensor";
import * as F from "../functional";
import * as init from "../init";
import { Module } from "../module";
import { Parameter } from "../parameter";
import { emptyTensor, FactoryOptions, given, initArgs, named, PyArgs, pyFloat, type DeviceLike } from "./_utils";
import { bindArgs } from "../../_args";
import { argumentError } from "../../errors";

export interface EmbeddingOptions extends FactoryOptions {
  num_embeddings?: number;
  embedding_dim?: number;
  padding_idx?: number | null;
  max_norm?: number | null;
  norm_type?: number;
  scale_grad_by_freq?: boolean;
  sparse?: boolean;
  _weight?: Tensor | null;
  _freeze?: boolean;
}

export interface EmbeddingFromPretrainedOptions {
  embeddings?: Tensor;
  freeze?: boolean;
  padding_idx?: number | null;
  max_norm?: number | null;
  norm_type?: number;
  scale_grad_by_freq?: boolean;
  sparse?: boolean;
}

const EMBEDDING = [
  "num_embeddings", "embedding_dim", "padding_idx", "max_norm", "norm_type", "scale_grad_by_freq", "sparse",
  "_weight", "_freeze", "device", "dtype",
] as const;

const FROM_PRETRAINED = ["embeddings", "freeze", "padding_idx", "max_norm", "norm_type", "scale_grad_by_freq", "sparse"] as const;

/**
 * A lookup table of num_embeddings vectors of size embedding_dim:
 * `new nn.Embedding(num_embeddings, embedding_dim, padding_idx = null, max_norm = null,
 * norm_type = 2.0, scale_grad_by_freq = false, sparse = false, _weight = null, _freeze = false,
 * device = null, dtype = null)`, or `new nn.Embedding(10, 3, { padding_idx: 0 })`. weight is
 * drawn from N(0, 1), with the padding_idx row zeroed.
 */
export class Embedding extends Module {
  num_embeddings: number;
  embedding_dim: number;
  padding_idx: number | null;
  max_norm: number | null;
  norm_type: number;
  scale_grad_by_freq: boolean;
  sparse: boolean;
  declare weight: Parameter;

  constructor(
    ...args: PyArgs<
      [num_embeddings: number, embedding_dim: number],
      [
        padding_idx: number | null, max_norm: number | null, norm_type: number, scale_grad_by_freq: boolean, sparse: boolean,
        _weight: Tensor | null, _freeze: boolean, device: DeviceLike | null, dtype: dtype | null,
      ],
      EmbeddingOptions
    >
  ) {
    super();
    const v = initArgs("Embedding", EMBEDDING, args, 2);
    const num_embeddings = v[0] as number;
    const embedding_dim = v[1] as number;
    let padding_idx = given<number | null>(v[2], null);
    // Checked before the comparisons below, which would coerce (and throw JS's own errors for symbols).
    if (!Number.isInteger(num_embeddings)) throw argumentError("Embedding", "num_embeddings", "int", num_embeddings);
    if (!Number.isInteger(embedding_dim)) throw argumentError("Embedding", "embedding_dim", "int", embedding_dim);
    if (padding_idx !== null && !Number.isInteger(padding_idx)) throw argumentError("Embedding", "padding_idx", "int or None", padding_idx);
    const _weight = given<Tensor | null>(v[7], null);
    const _freeze = given(v[8], false);
    const factory = { device: v[9] as DeviceLike | null | undefined, dtype: v[10] as dtype | null | undefined };
    this.num_embeddings = num_embeddings;
    this.embedding_dim = embedding_dim;
    if (padding_idx !== null) {
      if (padding_idx > 0) {
        if (padding_idx >= this.num_embeddings) throw new F.AssertionError("Padding_idx must be within num_embeddings");
      } else if (padding_idx < 0) {
        if (padding_idx < -this.num_embeddings) throw new F.AssertionError("Padding_idx must be within num_embeddings");
        padding_idx = this.num_embeddings + padding_idx;
      }
    }
    this.padding_idx = padding_idx;
    this.max_norm = given(v[3], null);
    this.norm_type = given(v[4], 2.0);
    this.scale_grad_by_freq = given(v[5], false);
    if (_weight === null) {
      this.weight = new Parameter(emptyTensor([num_embeddings, embedding_dim], factory), !_freeze);
      this.reset_parameters();
    } else {
      if (!(_weight instanceof Tensor)) throw argumentError("Embedding", "_weight", "Tensor or None", _weight);
      const shape = _weight.shape;
      if (shape.length !== 2 || shape[0] !== num_embeddings || shape[1] !== embedding_dim) {
        throw new F.AssertionError("Shape of weight does not match num_embeddings and embedding_dim");
      }
      this.weight = new Parameter(_weight, !_freeze);
    }
    this.sparse = given(v[6], false);
  }

  /** Re-draws weight from N(0, 1) and zeroes the padding_idx row. */
  reset_parameters(): void {
    init.normal_(this.weight);
    this._fill_padding_idx_with_zero();
  }

  _fill_padding_idx_with_zero(): void {
    if (this.padding_idx !== null) {
      const row = this.padding_idx;
      no_grad(() => this.weight.index(row).fill_(0));
    }
  }

  forward(input: Tensor): Tensor {
    return named(this, () =>
      F.embedding(input, this.weight, this.padding_idx, this.max_norm, this.norm_type, this.scale_grad_by_freq, this.sparse),
    );
  }

  extra_repr(): string {
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    if (this.max_norm !== null) s += `, max_norm=${pyFloat(this.max_norm)}`;
    if (this.norm_type !== 2) s += `, norm_type=${pyFloat(this.norm_type)}`;
    if (this.scale_grad_by_freq !== false) s += `, scale_grad_by_freq=True`;
    if (this.sparse !== false) s += ", sparse=True";
    return s;
  }

  /**
   * An Embedding whose weight is `embeddings` (a 2-D tensor, shared, not copied):
   * `nn.Embedding.from_pretrained(embeddings, freeze = true, padding_idx = null, max_norm = null,
   * norm_type = 2.0, scale_grad_by_freq = false, sparse = false)`.
   */
  static from_pretrained(
    ...args: PyArgs<
      [embeddings: Tensor],
      [freeze: boolean, padding_idx: number | null, max_norm: number | null, norm_type: number, scale_grad_by_freq: boolean, sparse: boolean],
      EmbeddingFromPretrainedOptions
    >
  ): Embedding {
    // `cls` counts in Python's "takes N positional arguments" messages.
    const v = bindArgs("Embedding.from_pretrained", ["cls", ...FROM_PRETRAINED], [null, ...args], 2).slice(1);
    const embeddings = v[0] as Tensor;
    if (embeddings.dim() !== 2) throw new F.AssertionError("Embeddings parameter is expected to be 2-dimensional");
    const [rows, cols] = embeddings.shape;
    return new this(rows, cols, {
      _weight: embeddings,
      _freeze: given(v[1], true),
      padding_idx: given(v[2], null),
      max_norm: given(v[3], null),
      norm_type: given(v[4], 2.0),
      scale_grad_by_freq: given(v[5], false),
      sparse: given(v[6], false),
    });
  }
}

export type EmbeddingBagMode = "sum" | "mean" | "max";

export interface EmbeddingBagOptions extends FactoryOptions {
  num_embeddings?: number;
  embedding_dim?: number;
  max_norm?: number | null;
  norm_type?: number;
  scale_grad_by_freq?: boolean;
  mode?: EmbeddingBagMode;
  sparse?: boolean;
  _weight?: Tensor | null;
  include_last_offset?: boolean;
  padding_idx?: number | null;
}

const EMBEDDING_BAG = [
  "num_embeddings", "embedding_dim", "max_norm", "norm_type", "scale_grad_by_freq", "mode", "sparse", "_weight",
  "include_last_offset", "padding_idx", "device", "dtype",
] as const;

/**
 * Sums, means or maxes of bags of embeddings: `new nn.EmbeddingBag(num_embeddings, embedding_dim,
 * max_norm = null, norm_type = 2.0, scale_grad_by_freq = false, mode = "mean", sparse = false,
 * _weight = null, include_last_offset = false, padding_idx = null, device = null, dtype = null)`;
 * weight from N(0, 1) with the padding_idx row zeroed. forward(input, offsets = null, per_sample_weights = null).
 */
export class EmbeddingBag extends Module {
  num_embeddings: number;
  embedding_dim: number;
  max_norm: number | null;
  norm_type: number;
  scale_grad_by_freq: boolean;
  padding_idx: number | null;
  mode: EmbeddingBagMode;
  sparse: boolean;
  include_last_offset: boolean;
  declare weight: Parameter;

  constructor(
    ...args: PyArgs<
      [num_embeddings: number, embedding_dim: number],
      [
        max_norm: number | null, norm_type: number, scale_grad_by_freq: boolean, mode: EmbeddingBagMode, sparse: boolean,
        _weight: Tensor | null, include_last_offset: boolean, padding_idx: number | null, device: DeviceLike | null, dtype: dtype | null,
      ],
      EmbeddingBagOptions
    >
  ) {
    super();
    const v = initArgs("EmbeddingBag", EMBEDDING_BAG, args, 2);
    const num_embeddings = v[0] as number;
    const embedding_dim = v[1] as number;
    this.num_embeddings = num_embeddings;
    this.embedding_dim = embedding_dim;
    this.max_norm = given(v[2], null) as number | null;
    this.norm_type = given(v[3], 2.0) as number;
    this.scale_grad_by_freq = given(v[4], false) as boolean;
    let padding_idx = given(v[9], null) as number | null;
    if (padding_idx !== null) {
      if (padding_idx > 0) {
        if (padding_idx >= num_embeddings) throw new F.AssertionError("padding_idx must be within num_embeddings");
      } else if (padding_idx < 0) {
        if (padding_idx < -num_embeddings) throw new F.AssertionError("padding_idx must be within num_embeddings");
        padding_idx = num_embeddings + padding_idx;
      }
    }
    this.padding_idx = padding_idx;
    const _weight = given(v[7], null) as Tensor | null;
    const factory = { device: v[10] as DeviceLike | null | undefined, dtype: v[11] as dtype | null | undefined };
    if (_weight === null) {
      this.weight = new Parameter(emptyTensor([num_embeddings, embedding_dim], factory));
      this.reset_parameters();
    } else {
      const shape = _weight.shape;
      if (shape.length !== 2 || shape[0] !== num_embeddings || shape[1] !== embedding_dim) {
        throw new F.AssertionError("Shape of weight does not match num_embeddings and embedding_dim");
      }
      this.weight = new Parameter(_weight);
    }
    this.mode = given(v[5], "mean") as EmbeddingBagMode;
    this.sparse = given(v[6], false) as boolean;
    this.include_last_offset = given(v[8], false) as boolean;
  }

  reset_parameters(): void {
    init.normal_(this.weight);
    this._fill_padding_idx_with_zero();
  }

  _fill_padding_idx_with_zero(): void {
    if (this.padding_idx !== null) {
      const row = this.padding_idx;
      no_grad(() => this.weight.index(row).fill_(0));
    }
  }

  forward(input: Tensor, offsets: Tensor | null = null, per_sample_weights: Tensor | null = null): Tensor {
    return named(this, () =>
      F.embedding_bag(
        input, this.weight, offsets, this.max_norm, this.norm_type, this.scale_grad_by_freq, this.mode, this.sparse,
        per_sample_weights, this.include_last_offset, this.padding_idx,
      ),
    );
  }

  extra_repr(): string {
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.max_norm !== null) s += `, max_norm=${pyFloat(this.max_norm)}`;
    if (this.norm_type !== 2) s += `, norm_type=${pyFloat(this.norm_type)}`;
    if (this.scale_grad_by_freq !== false) s += ", scale_grad_by_freq=True";
    s += `, mode='${this.mode}'`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    return s;
  }

  /** An EmbeddingBag whose weight is `embeddings` (2-D), trainable unless freeze. */
  static from_pretrained(
    embeddings: Tensor,
    options: Omit<EmbeddingBagOptions, "num_embeddings" | "embedding_dim" | "_weight" | "device" | "dtype"> & { freeze?: boolean } = {},
  ): EmbeddingBag {
    if (embeddings.dim() !== 2) throw new F.AssertionError("Embeddings parameter is expected to be 2-dimensional");
    const [rows, cols] = embeddings.shape;
    const { freeze = true, ...rest } = options;
    const bag = new this(rows, cols, { ...rest, _weight: embeddings });
    bag.weight.requires_grad = !freeze;
    return bag;
  }
}
