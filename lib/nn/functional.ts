// torch.nn.functional, ported from torch/nn/functional.py (torch 2.11): each function takes
// Python's parameters in Python's order (positional or by name in one trailing options object;
// keyword-only ones only by name), applies Python's defaults, checks and warnings, and calls
// the ATen op Python calls. Where Python's F.X *is* the ATen function (F.linear is
// torch._C._nn.linear, F.bilinear is torch.bilinear, ...), F.X is the generated op.
//
// This file holds linear and bilinear, embeddings, distances and normalize, and re-exports the
// rest by area: ./functional_activation (activations, softmax), ./functional_loss (losses),
// ./functional_conv, ./functional_pool (pooling), ./functional_norm (normalisation, dropout),
// ./functional_vision (interpolate, grid_sample, pad, fold, ...), ./functional_attention
// (scaled_dot_product_attention, multi_head_attention_forward) and ./functional_matmul
// (grouped_mm, scaled_mm).
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { given, isNone, warn } from "../_python";
import { int64 } from "../dtype";
import { AssertionError, NotImplementedError, ValueError } from "../errors";
import { norm } from "../functional";
import type { NnOps, TorchOps } from "../generated/ops";
import { Tensor } from "../tensor";
import { cFunction, sameShape, sizeStr, tensorFor, typeStr } from "./_functional_utils";

/** torch.Tensor (Python's F.Tensor, imported there from torch). */
export { Tensor };

/** Python's AssertionError (raised by `raise AssertionError(...)` in functional.py): the one of lib/errors.ts. */
export { AssertionError };

/** Every prefix of a parameter list: [] | [a] | [a, b] | ... */
export type Prefixes<P extends unknown[]> = P extends [infer H, ...infer T] ? [] | [H, ...Prefixes<T>] : [];
/**
 * A Python-style call: the required parameters R, then any prefix of the optional ones P,
 * then optionally one options object O naming the rest.
 */
export type PyCall<R extends unknown[], P extends unknown[], O> = [...R, ...Prefixes<P>] | [...R, ...Prefixes<P>, O];

type T = Tensor;

// ---- linear ----

export interface LinearOptions {
  input?: T;
  weight?: T;
  bias?: T | null;
}
/** F.linear(input, weight, bias=None): y = x Wᵀ + b (torch._C._nn.linear). */
export const linear = cFunction<NnOps["linear"]>("linear");

/** F.bilinear(input1, input2, weight, bias=None): y = x1ᵀ A x2 + b (torch.bilinear). */
export const bilinear = cFunction<TorchOps["bilinear"]>("bilinear");

// ---- embeddings ----

export interface EmbeddingOptions {
  input?: T;
  weight?: T;
  padding_idx?: number | null;
  max_norm?: number | null;
  norm_type?: number;
  scale_grad_by_freq?: boolean;
  sparse?: boolean;
}
const EMBEDDING = ["input", "weight", "padding_idx", "max_norm", "norm_type", "scale_grad_by_freq", "sparse"] as const;

/** _no_grad_embedding_renorm_: renormalises the rows of weight that input uses, in place, out of autograd. */
function embeddingRenorm(weight: unknown, input: unknown, maxNorm: unknown, normType: unknown): void {
  aten.embedding_renorm_(tensorFor(weight, "detach").detach(), input as T, maxNorm as number, normType as number);
}

/** F.embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False). */
export function embedding(
  ...args: PyCall<
    [input: T, weight: T],
    [padding_idx: number | null, max_norm: number | null, norm_type: number, scale_grad_by_freq: boolean, sparse: boolean],
    EmbeddingOptions
  >
): T {
  const v = bindArgs("embedding", EMBEDDING, args, 2);
  let input = v[0];
  const weight = v[1];
  let paddingIdx = v[2];
  const maxNorm = v[3];
  if (!isNone(paddingIdx)) {
    const rows = tensorFor(weight, "size").size(0);
    if ((paddingIdx as number) > 0) {
      if ((paddingIdx as number) >= rows) throw new AssertionError("Padding_idx must be within num_embeddings");
    } else if ((paddingIdx as number) < 0) {
      if ((paddingIdx as number) < -rows) throw new AssertionError("Padding_idx must be within num_embeddings");
      paddingIdx = rows + (paddingIdx as number);
    }
  } else {
    paddingIdx = -1;
  }
  if (!isNone(maxNorm)) {
    // Note [embedding_renorm contiguous]: embedding_renorm_ makes input contiguous anyway.
    input = tensorFor(input, "contiguous").contiguous();
    embeddingRenorm(weight, input, maxNorm, given(v[4], 2.0));
  }
  return aten.embedding(weight as T, input as T, paddingIdx as number, given(v[5], false), given(v[6], false));
}

export interface EmbeddingBagOptions {
  input?: T;
  weight?: T;
  offsets?: T | null;
  max_norm?: number | null;
  norm_type?: number;
  scale_grad_by_freq?: boolean;
  mode?: "sum" | "mean" | "max";
  sparse?: boolean;
  per_sample_weights?: T | null;
  include_last_offset?: boolean;
  padding_idx?: number | null;
}
const EMBEDDING_BAG = [
  "input", "weight", "offsets", "max_norm", "norm_type", "scale_grad_by_freq", "mode", "sparse", "per_sample_weights",
  "include_last_offset", "padding_idx",
] as const;

/**
 * F.embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False,
 * mode='mean', sparse=False, per_sample_weights=None, include_last_offset=False, padding_idx=None):
 * sums, means or maxes of bags of embeddings. A 2-D input is a batch of fixed-length bags.
 */
export function embedding_bag(
  ...args: PyCall<
    [input: T, weight: T],
    [
      offsets: T | null, max_norm: number | null, norm_type: number, scale_grad_by_freq: boolean, mode: "sum" | "mean" | "max",
      sparse: boolean, per_sample_weights: T | null, include_last_offset: boolean, padding_idx: number | null,
    ],
    EmbeddingBagOptions
  >
): T {
  const v = bindArgs("embedding_bag", EMBEDDING_BAG, args, 2);
  let input = tensorFor(v[0], "is_floating_point");
  let weight = tensorFor(v[1], "dtype");
  let offsets = (v[2] ?? null) as T | null;
  const maxNorm = v[3];
  const scaleGradByFreq = given(v[5], false);
  const mode = given(v[6], "mean" as unknown);
  const sparse = given(v[7], false);
  let perSampleWeights = (v[8] ?? null) as T | null;
  let includeLastOffset = given(v[9], false);
  if (weight.dtype === int64 && input.is_floating_point()) {
    warn(
      "Argument order of nn.functional.embedding_bag was changed. " +
        "Usage `embedding_bag(weight, input, ...)` is deprecated, " +
        "and should now be `embedding_bag(input, weight, ...)`.",
    );
    [weight, input] = [input, weight];
  }
  if (perSampleWeights !== null && !sameShape(input.shape, tensorFor(perSampleWeights, "size").shape)) {
    throw new ValueError(
      `embedding_bag: If per_sample_weights (${sizeStr(perSampleWeights)}) is not None, ` +
        `then it must have the same shape as the input (${sizeStr(input)})`,
    );
  }
  if (weight.dim() !== 2) throw new ValueError(`weight has to be a 2D Tensor, but got Tensor of dimension ${weight.dim()}`);
  if (input.dim() === 2) {
    if (offsets !== null) {
      throw new ValueError(
        "if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. " +
          `However, found offsets of type ${typeStr(offsets)}`,
      );
    }
    offsets = aten.arange(0, input.numel(), input.size(1), { dtype: input.dtype, device: input.device });
    includeLastOffset = false;
    input = input.reshape(-1);
    if (perSampleWeights !== null) perSampleWeights = perSampleWeights.reshape(-1);
  } else if (input.dim() === 1) {
    if (offsets === null) throw new ValueError("offsets has to be a 1D Tensor but got None");
    if (tensorFor(offsets, "dim").dim() !== 1) throw new ValueError("offsets has to be a 1D Tensor");
  } else {
    throw new ValueError(`input has to be 1D or 2D Tensor, but got Tensor of dimension ${input.dim()}`);
  }
  let modeEnum: number;
  if (mode === "sum") modeEnum = 0;
  else if (mode === "mean") modeEnum = 1;
  else if (mode === "max") {
    modeEnum = 2;
    if (scaleGradByFreq) throw new ValueError("max mode does not support scaling the gradient by the frequency");
    if (sparse) throw new ValueError("max mode does not support sparse weights");
  } else throw new ValueError("mode has to be one of sum, mean or max");
  if (!isNone(maxNorm)) embeddingRenorm(weight, input, maxNorm, given(v[4], 2));
  if (perSampleWeights !== null && mode !== "sum") {
    throw new NotImplementedError(
      "embedding_bag: per_sample_weights was not None. " +
        `per_sample_weights is only supported for mode='sum' (got mode='${mode}'). Please open a feature request on GitHub.`,
    );
  }
  const call = aten.embedding_bag as unknown as (...a: unknown[]) => T[];
  return call(weight, input, offsets, scaleGradByFreq, modeEnum, sparse, perSampleWeights, includeLastOffset, v[10] ?? null)[0];
}

// ---- distances and normalisation ----

/** F.pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False): torch.pairwise_distance. */
export const pairwise_distance = cFunction<TorchOps["pairwise_distance"]>("pairwise_distance");
/** F.pdist(input, p=2): torch.pdist, the distances between the rows of input. */
export const pdist = cFunction<TorchOps["pdist"]>("pdist");
/** F.cosine_similarity(x1, x2, dim=1, eps=1e-8): torch.cosine_similarity. */
export const cosine_similarity = cFunction<TorchOps["cosine_similarity"]>("cosine_similarity");

export interface NormalizeOptions {
  input?: T;
  p?: number;
  dim?: number;
  eps?: number;
  out?: T | null;
}
/** F.normalize(input, p=2.0, dim=1, eps=1e-12, out=None): input / max(‖input‖_p, eps) along dim. */
export function normalize(...args: PyCall<[input: T], [p: number, dim: number, eps: number, out: T | null], NormalizeOptions>): T {
  const v = bindArgs("normalize", ["input", "p", "dim", "eps", "out"], args, 1);
  const input = tensorFor(v[0], "norm");
  const n = norm(input, given(v[1], 2.0), given(v[2], 1), true);
  const eps = given(v[3], 1e-12) as number;
  if (isNone(v[4])) return input.div(n.clamp_min(eps).expand_as(input));
  return aten.div(input, n.clamp_min_(eps).expand_as(input), { out: v[4] as T });
}

// ---- one-hot ----

/** F.one_hot(tensor, num_classes=-1): torch._C._nn.one_hot. */
export const one_hot = cFunction<NnOps["one_hot"]>("one_hot");

export * from "./functional_activation";
export * from "./functional_loss";
export * from "./functional_conv";
export * from "./functional_pool";
export * from "./functional_norm";
export * from "./functional_vision";
export * from "./functional_attention";
export * from "./functional_matmul";
