// Calls of torch.nn: the functional API, module constructors then forward, module methods,
// nn.init, nn.utils, optimizers (then step) and learning-rate schedulers.
import fc from "fast-check";
import torch from "torchts";
import { Call, call } from "./call";
import { argsFor, ArgArb, callCode, floatInput, K, Like, like, makeAll, params } from "./signature";
import { arrayOf, FuzzCallbackError, lit, mostly, objectOf, tensorOf, val, Val, wildVal, type Tensor } from "./values";

type Spec = [string, ArgArb][];
type AnyFn = (...a: unknown[]) => unknown;

const REDUCTION = K.str(["mean", "sum", "none"]);
/** Counts of layers and the like: small, or wrong, never huge (Python too would try to build 2**40 layers). */
const count: ArgArb = () => fc.oneof({ arbitrary: fc.integer({ min: -1, max: 3 }).map(lit), weight: 6 }, { arbitrary: fc.constantFrom(lit(1.5), lit(NaN), lit("2"), lit(null), lit(2n), val("[2]", () => [2])), weight: 1 });
const module_: ArgArb = () => mostly(fc.constantFrom(val("new torch.nn.ReLU()", () => new torch.nn.ReLU()), val("new torch.nn.Identity()", () => new torch.nn.Identity()), lit(null)));

// ---- nn.functional ----

const FUNCTIONAL: [string, Spec][] = [
  ["linear", [["input", floatInput], ["weight", K.T], ["bias?", K.Topt]]],
  ["embedding", [["input", K.idx], ["weight", K.T], ["padding_idx?", K.intOpt], ["max_norm?", K.float], ["norm_type?", K.float], ["scale_grad_by_freq?", K.bool], ["sparse?", K.bool]]],
  ["cross_entropy", [["input", floatInput], ["target", (l) => fc.oneof(K.idx(l), K.T(l))], ["weight?", K.Topt], ["size_average?", K.bool], ["ignore_index?", K.int], ["reduce?", K.bool], ["reduction?", REDUCTION], ["label_smoothing?", K.prob]]],
  ["nll_loss", [["input", floatInput], ["target", K.idx], ["weight?", K.Topt], ["size_average?", K.bool], ["ignore_index?", K.int], ["reduce?", K.bool], ["reduction?", REDUCTION]]],
  ["mse_loss", [["input", floatInput], ["target", floatInput], ["size_average?", K.bool], ["reduce?", K.bool], ["reduction?", REDUCTION], ["weight?", K.Topt]]],
  ["binary_cross_entropy_with_logits", [["input", floatInput], ["target", floatInput], ["weight?", K.Topt], ["size_average?", K.bool], ["reduce?", K.bool], ["reduction?", REDUCTION], ["pos_weight?", K.Topt]]],
  ["softmax", [["input", floatInput], ["dim?", K.intOpt], ["_stacklevel?", K.int], ["dtype?", K.dtype]]],
  ["log_softmax", [["input", floatInput], ["dim?", K.intOpt], ["_stacklevel?", K.int], ["dtype?", K.dtype]]],
  ["relu", [["input", floatInput], ["inplace?", K.bool]]],
  ["silu", [["input", floatInput], ["inplace?", K.bool]]],
  ["mish", [["input", floatInput], ["inplace?", K.bool]]],
  ["gelu", [["input", floatInput], ["*", K.any], ["approximate?", K.str(["none", "tanh"])]]],
  ["tanh", [["input", floatInput]]],
  ["sigmoid", [["input", floatInput]]],
  ["logsigmoid", [["input", floatInput]]],
  ["leaky_relu", [["input", floatInput], ["negative_slope?", K.float], ["inplace?", K.bool]]],
  ["elu", [["input", floatInput], ["alpha?", K.float], ["inplace?", K.bool]]],
  ["hardtanh", [["input", floatInput], ["min_val?", K.float], ["max_val?", K.float], ["inplace?", K.bool]]],
  ["softplus", [["input", floatInput], ["beta?", K.float], ["threshold?", K.float]]],
  ["dropout", [["input", floatInput], ["p?", K.prob], ["training?", K.bool], ["inplace?", K.bool]]],
  ["layer_norm", [["input", floatInput], ["normalized_shape", K.tail], ["weight?", K.Topt], ["bias?", K.Topt], ["eps?", K.float]]],
  ["rms_norm", [["input", floatInput], ["normalized_shape", K.tail], ["weight?", K.Topt], ["eps?", K.float]]],
  ["normalize", [["input", floatInput], ["p?", K.float], ["dim?", K.int], ["eps?", K.float], ["out?", K.Topt]]],
  ["scaled_dot_product_attention", [["query", floatInput], ["key", floatInput], ["value", floatInput], ["attn_mask?", K.Topt], ["dropout_p?", K.prob], ["is_causal?", K.bool], ["scale?", K.float], ["enable_gqa?", K.bool]]],
  ["pad", [["input", floatInput], ["pad", K.ints], ["mode?", K.str(["constant", "reflect", "replicate", "circular"])], ["value?", K.float]]],
  ["one_hot", [["tensor", K.idx], ["num_classes?", K.int]]],
  ["threshold", [["input", floatInput], ["threshold", K.float], ["value", K.float], ["inplace?", K.bool]]],
  ["glu", [["input", floatInput], ["dim?", K.int]]],
  ["relu6", [["input", floatInput], ["inplace?", K.bool]]],
  ["selu", [["input", floatInput], ["inplace?", K.bool]]],
  ["celu", [["input", floatInput], ["alpha?", K.float], ["inplace?", K.bool]]],
  ["prelu", [["input", floatInput], ["weight", K.T]]],
  ["rrelu", [["input", floatInput], ["lower?", K.float], ["upper?", K.float], ["training?", K.bool], ["inplace?", K.bool]]],
  ["hardshrink", [["input", floatInput], ["lambd?", K.float]]],
  ["softshrink", [["input", floatInput], ["lambd?", K.float]]],
  ["tanhshrink", [["input", floatInput]]],
  ["softsign", [["input", floatInput]]],
  ["hardsigmoid", [["input", floatInput], ["inplace?", K.bool]]],
  ["hardswish", [["input", floatInput], ["inplace?", K.bool]]],
  ["softmin", [["input", floatInput], ["dim?", K.intOpt], ["_stacklevel?", K.int], ["dtype?", K.dtype]]],
  ["gumbel_softmax", [["logits", floatInput], ["tau?", K.float], ["hard?", K.bool], ["eps?", K.float], ["dim?", K.int]]],
  ["l1_loss", [["input", floatInput], ["target", floatInput], ["size_average?", K.bool], ["reduce?", K.bool], ["reduction?", REDUCTION], ["weight?", K.Topt]]],
  ["smooth_l1_loss", [["input", floatInput], ["target", floatInput], ["size_average?", K.bool], ["reduce?", K.bool], ["reduction?", REDUCTION], ["beta?", K.float]]],
  ["huber_loss", [["input", floatInput], ["target", floatInput], ["reduction?", REDUCTION], ["delta?", K.float], ["weight?", K.Topt]]],
  ["binary_cross_entropy", [["input", floatInput], ["target", floatInput], ["weight?", K.Topt], ["size_average?", K.bool], ["reduce?", K.bool], ["reduction?", REDUCTION]]],
  ["kl_div", [["input", floatInput], ["target", floatInput], ["size_average?", K.bool], ["reduce?", K.bool], ["reduction?", K.str(["mean", "sum", "none", "batchmean"])], ["log_target?", K.bool]]],
  ["poisson_nll_loss", [["input", floatInput], ["target", floatInput], ["log_input?", K.bool], ["full?", K.bool], ["size_average?", K.bool], ["eps?", K.float], ["reduce?", K.bool], ["reduction?", REDUCTION]]],
  ["gaussian_nll_loss", [["input", floatInput], ["target", floatInput], ["var", (l) => fc.oneof(K.T(l), K.float(l))], ["full?", K.bool], ["eps?", K.float], ["reduction?", REDUCTION]]],
  ["margin_ranking_loss", [["input1", floatInput], ["input2", floatInput], ["target", floatInput], ["margin?", K.float], ["size_average?", K.bool], ["reduce?", K.bool], ["reduction?", REDUCTION]]],
  ["hinge_embedding_loss", [["input", floatInput], ["target", floatInput], ["margin?", K.float], ["size_average?", K.bool], ["reduce?", K.bool], ["reduction?", REDUCTION]]],
  ["multilabel_margin_loss", [["input", floatInput], ["target", K.idx], ["size_average?", K.bool], ["reduce?", K.bool], ["reduction?", REDUCTION]]],
  ["soft_margin_loss", [["input", floatInput], ["target", floatInput], ["size_average?", K.bool], ["reduce?", K.bool], ["reduction?", REDUCTION]]],
  ["multilabel_soft_margin_loss", [["input", floatInput], ["target", floatInput], ["weight?", K.Topt], ["size_average?", K.bool], ["reduce?", K.bool], ["reduction?", REDUCTION]]],
  ["cosine_embedding_loss", [["input1", floatInput], ["input2", floatInput], ["target", floatInput], ["margin?", K.float], ["size_average?", K.bool], ["reduce?", K.bool], ["reduction?", REDUCTION]]],
  ["multi_margin_loss", [["input", floatInput], ["target", K.idx], ["p?", K.int], ["margin?", K.float], ["weight?", K.Topt], ["size_average?", K.bool], ["reduce?", K.bool], ["reduction?", REDUCTION]]],
  ["triplet_margin_loss", [["anchor", floatInput], ["positive", floatInput], ["negative", floatInput], ["margin?", K.float], ["p?", K.float], ["eps?", K.float], ["swap?", K.bool], ["size_average?", K.bool], ["reduce?", K.bool], ["reduction?", REDUCTION]]],
  ["triplet_margin_with_distance_loss", [["anchor", floatInput], ["positive", floatInput], ["negative", floatInput], ["*", K.any], ["margin?", K.float], ["swap?", K.bool], ["reduction?", REDUCTION]]],
  ["ctc_loss", [["log_probs", floatInput], ["targets", K.idx], ["input_lengths", K.idx], ["target_lengths", K.idx], ["blank?", K.int], ["reduction?", REDUCTION], ["zero_infinity?", K.bool]]],
  ["interpolate", [["input", floatInput], ["size?", (l) => fc.oneof(K.intOpt(l), K.ints(l))], ["scale_factor?", K.float], ["mode?", K.str(["nearest", "linear", "bilinear", "bicubic", "trilinear", "area", "nearest-exact"])], ["align_corners?", K.bool], ["recompute_scale_factor?", K.bool], ["antialias?", K.bool]]],
  ["grid_sample", [["input", floatInput], ["grid", floatInput], ["mode?", K.str(["bilinear", "nearest", "bicubic"])], ["padding_mode?", K.str(["zeros", "border", "reflection"])], ["align_corners?", K.bool]]],
  ["affine_grid", [["theta", floatInput], ["size", K.ints], ["align_corners?", K.bool]]],
  ["pixel_shuffle", [["input", floatInput], ["upscale_factor", K.int]]],
  ["pixel_unshuffle", [["input", floatInput], ["downscale_factor", K.int]]],
  ["channel_shuffle", [["input", floatInput], ["groups", K.int]]],
  ["unfold", [["input", floatInput], ["kernel_size", K.int], ["dilation?", K.int], ["padding?", K.int], ["stride?", K.int]]],
  ["fold", [["input", floatInput], ["output_size", K.int], ["kernel_size", K.int], ["dilation?", K.int], ["padding?", K.int], ["stride?", K.int]]],
  ["local_response_norm", [["input", floatInput], ["size", K.int], ["alpha?", K.float], ["beta?", K.float], ["k?", K.float]]],
  ["embedding_bag", [["input", K.idx], ["weight", K.T], ["offsets?", (l) => fc.oneof(K.idx(l), K.Topt(l))], ["max_norm?", K.float], ["norm_type?", K.float], ["scale_grad_by_freq?", K.bool], ["mode?", K.str(["sum", "mean", "max"])], ["sparse?", K.bool], ["per_sample_weights?", K.Topt], ["include_last_offset?", K.bool], ["padding_idx?", K.intOpt]]],
  ["fractional_max_pool2d", [["input", floatInput], ["kernel_size", K.int], ["output_size?", K.intOpt], ["output_ratio?", K.prob], ["return_indices?", K.bool]]],
  ["fractional_max_pool3d", [["input", floatInput], ["kernel_size", K.int], ["output_size?", K.intOpt], ["output_ratio?", K.prob], ["return_indices?", K.bool]]],
  ["bilinear", [["input1", floatInput], ["input2", floatInput], ["weight", K.T], ["bias?", K.Topt]]],
  ["pairwise_distance", [["x1", floatInput], ["x2", floatInput], ["p?", K.float], ["eps?", K.float], ["keepdim?", K.bool]]],
  ["pdist", [["input", floatInput], ["p?", K.float]]],
  ["cosine_similarity", [["x1", floatInput], ["x2", floatInput], ["dim?", K.int], ["eps?", K.float]]],
];

const F = torch.nn.functional as unknown as Record<string, AnyFn>;
const functionalCalls: fc.Arbitrary<Call> = fc.constantFrom(...FUNCTIONAL).chain(([name, spec]) =>
  like.chain((l) => argsFor(params(spec), l)).map((args) => call("functional", callCode(`F.${name}`, args), () => F[name](...makeAll(args)))),
);

// ---- modules: construct, then forward ----

const X: Spec = [["input", floatInput]];
const LOSS_FORWARD: Spec = [["input", floatInput], ["target", (l) => fc.oneof(floatInput(l), K.idx(l))]];
const RNN_CTOR: Spec = [["input_size", K.feat], ["hidden_size", K.pos], ["num_layers?", count], ["bias?", K.bool], ["batch_first?", K.bool], ["dropout?", K.prob], ["bidirectional?", K.bool]];
const FACTORY: Spec = [["device?", K.device], ["dtype?", K.dtype]];
const LAYER: Spec = [["d_model", K.feat], ["nhead", K.pos], ["dim_feedforward", K.pos], ["dropout?", K.prob], ["activation?", (l) => fc.oneof(K.str(["relu", "gelu"])(l), K.fn(l))], ["layer_norm_eps?", K.float], ["batch_first?", K.bool], ["norm_first?", K.bool], ["bias?", K.bool], ...FACTORY];
const MASKS: Spec = [["*", K.any], ["mask?", K.Topt], ["src_key_padding_mask?", K.Topt], ["is_causal?", K.bool]];

const MODULES: [string, Spec, Spec][] = [
  ["Linear", [["in_features", K.feat], ["out_features", K.pos], ["bias?", K.bool], ...FACTORY], X],
  ["Embedding", [["num_embeddings", K.pos], ["embedding_dim", K.pos], ["padding_idx?", K.intOpt], ["max_norm?", K.float], ["norm_type?", K.float], ["scale_grad_by_freq?", K.bool], ["sparse?", K.bool], ["_weight?", K.Topt], ["_freeze?", K.bool], ...FACTORY], [["input", K.idx]]],
  ["LayerNorm", [["normalized_shape", K.tail], ["eps?", K.float], ["elementwise_affine?", K.bool], ["bias?", K.bool], ...FACTORY], X],
  ["RMSNorm", [["normalized_shape", K.tail], ["eps?", K.float], ["elementwise_affine?", K.bool], ...FACTORY], X],
  ["Dropout", [["p?", K.prob], ["inplace?", K.bool]], X],
  ["ReLU", [["inplace?", K.bool]], X], ["Sigmoid", [], X], ["Tanh", [], X], ["SiLU", [["inplace?", K.bool]], X],
  ["ELU", [["alpha?", K.float], ["inplace?", K.bool]], X], ["GELU", [["approximate?", K.str(["none", "tanh"])]], X],
  ["LeakyReLU", [["negative_slope?", K.float], ["inplace?", K.bool]], X],
  ["Softmax", [["dim?", K.intOpt]], X], ["LogSoftmax", [["dim?", K.intOpt]], X],
  ["Flatten", [["start_dim?", K.int], ["end_dim?", K.int]], X], ["Unflatten", [["dim", K.int], ["unflattened_size", K.size]], X],
  ["Identity", [["a?", K.any]], X],
  ["NLLLoss", [["weight?", K.Topt], ["size_average?", K.bool], ["ignore_index?", K.int], ["reduce?", K.bool], ["reduction?", REDUCTION]], LOSS_FORWARD],
  ["CrossEntropyLoss", [["weight?", K.Topt], ["size_average?", K.bool], ["ignore_index?", K.int], ["reduce?", K.bool], ["reduction?", REDUCTION], ["label_smoothing?", K.prob]], LOSS_FORWARD],
  ["MSELoss", [["size_average?", K.bool], ["reduce?", K.bool], ["reduction?", REDUCTION]], LOSS_FORWARD],
  ["BCEWithLogitsLoss", [["weight?", K.Topt], ["size_average?", K.bool], ["reduce?", K.bool], ["reduction?", REDUCTION], ["pos_weight?", K.Topt]], LOSS_FORWARD],
  ["RNN", [...RNN_CTOR.slice(0, 3), ["nonlinearity?", K.str(["tanh", "relu"])], ...RNN_CTOR.slice(3), ...FACTORY], [["input", floatInput], ["hx?", K.Topt]]],
  ["LSTM", [...RNN_CTOR, ["proj_size?", count], ...FACTORY], [["input", floatInput], ["hx?", (l) => fc.oneof(K.Topt(l), K.tensors(l))]]],
  ["GRU", [...RNN_CTOR, ...FACTORY], [["input", floatInput], ["hx?", K.Topt]]],
  ["RNNCell", [["input_size", K.feat], ["hidden_size", K.pos], ["bias?", K.bool], ["nonlinearity?", K.str(["tanh", "relu"])], ...FACTORY], [["input", floatInput], ["hx?", K.Topt]]],
  ["LSTMCell", [["input_size", K.feat], ["hidden_size", K.pos], ["bias?", K.bool], ...FACTORY], [["input", floatInput], ["hx?", (l) => fc.oneof(K.Topt(l), K.tensors(l))]]],
  ["GRUCell", [["input_size", K.feat], ["hidden_size", K.pos], ["bias?", K.bool], ...FACTORY], [["input", floatInput], ["hx?", K.Topt]]],
  [
    "MultiheadAttention",
    [["embed_dim", K.feat], ["num_heads", K.pos], ["dropout?", K.prob], ["bias?", K.bool], ["add_bias_kv?", K.bool], ["add_zero_attn?", K.bool], ["kdim?", K.intOpt], ["vdim?", K.intOpt], ["batch_first?", K.bool], ...FACTORY],
    [["query", floatInput], ["key", floatInput], ["value", floatInput], ["key_padding_mask?", K.Topt], ["need_weights?", K.bool], ["attn_mask?", K.Topt], ["average_attn_weights?", K.bool], ["is_causal?", K.bool]],
  ],
  ["TransformerEncoderLayer", LAYER, [["src", floatInput], ["src_mask?", K.Topt], ["src_key_padding_mask?", K.Topt], ["is_causal?", K.bool]]],
  ["TransformerDecoderLayer", LAYER, [["tgt", floatInput], ["memory", floatInput], ["tgt_mask?", K.Topt], ["memory_mask?", K.Topt], ["tgt_key_padding_mask?", K.Topt], ["memory_key_padding_mask?", K.Topt], ["tgt_is_causal?", K.bool], ["memory_is_causal?", K.bool]]],
  [
    "TransformerEncoder",
    [["encoder_layer", (l) => mostly(fc.constant(val(`new torch.nn.TransformerEncoderLayer(${l.shape.at(-1) ?? 1}, 1, 4)`, () => new torch.nn.TransformerEncoderLayer(l.shape.at(-1) ?? 1, 1, 4))))], ["num_layers", count], ["norm?", module_], ["enable_nested_tensor?", K.bool], ["mask_check?", K.bool]],
    [["src", floatInput], ...MASKS],
  ],
  [
    "Transformer",
    [["d_model", K.feat], ["nhead", K.pos], ["num_encoder_layers", count], ["num_decoder_layers", count], ["dim_feedforward", K.pos], ["dropout?", K.prob], ["activation?", K.str(["relu", "gelu"])], ["custom_encoder?", module_], ["custom_decoder?", module_], ["layer_norm_eps?", K.float], ["batch_first?", K.bool], ["norm_first?", K.bool], ["bias?", K.bool], ...FACTORY],
    [["src", floatInput], ["tgt", floatInput], ["src_mask?", K.Topt], ["tgt_mask?", K.Topt], ["memory_mask?", K.Topt]],
  ],
  ["Sequential", [["a?", (l) => fc.oneof(module_(l), K.any(l))], ["b?", module_]], X],
  ["ModuleList", [["modules?", (l) => fc.oneof(fc.array(module_(l), { maxLength: 2 }).map(arrayOf), K.any(l))]], X],
  ["ModuleDict", [["modules?", (l) => fc.oneof(fc.constant(val("{ a: new torch.nn.ReLU() }", () => ({ a: new torch.nn.ReLU() }))), K.any(l))]], X],
  ["ParameterList", [["values?", (l) => fc.oneof(K.tensors(l), K.any(l))]], X],
  ["ParameterDict", [["parameters?", (l) => fc.oneof(fc.constant(val('{ w: T("float32", [2]) }', () => ({ w: tensorOf("float32", [2], "").make() }))), K.any(l))]], X],
];

const nn = torch.nn as unknown as Record<string, new (...a: unknown[]) => Record<string, AnyFn>>;
const moduleCalls: fc.Arbitrary<Call> = fc.constantFrom(...MODULES).chain(([name, ctor, forward]) =>
  like.chain((l) =>
    fc.tuple(argsFor(params(ctor), l), argsFor(params(forward), l)).map(([c, f]) =>
      call("module", `m = ${callCode(`new nn.${name}`, c)}; ${callCode("m.forward", f)}`, () => {
        const m = new nn[name](...makeAll(c));
        return m.forward(...makeAll(f));
      }),
    ),
  ),
);

// Module methods with wrong arguments, on a module that has parameters and buffers.
const MODULE_METHODS: [string, Spec][] = [
  ["to", [["a?", (l) => fc.oneof(K.device(l), K.dtype(l), K.T(l))], ["*", K.any], ["dtype?", K.dtype], ["device?", K.device], ["non_blocking?", K.bool]]],
  ["train", [["mode?", K.bool]]], ["eval", []], ["requires_grad_", [["requires_grad?", K.bool]]],
  ["zero_grad", [["set_to_none?", K.bool]]], ["half", []], ["double", []], ["cuda", [["device?", K.any]]], ["cpu", []],
  ["state_dict", [["*", K.any], ["destination?", K.any], ["prefix?", K.str(["", "a."])], ["keep_vars?", K.bool]]],
  ["load_state_dict", [["state_dict", (l) => fc.oneof(fc.constant(val("new nn.Linear(3, 2).state_dict()", () => new torch.nn.Linear(3, 2).state_dict())), fc.constant(val('{ weight: T("float32", [4]) }', () => ({ weight: tensorOf("float32", [4], "").make() }))), K.any(l))], ["strict?", K.bool], ["assign?", K.bool]]],
  ["register_buffer", [["name", (l) => fc.oneof(K.str(["buf", "weight", "", "a.b"])(l), K.any(l))], ["tensor", K.Topt], ["persistent?", K.bool]]],
  ["register_parameter", [["name", (l) => fc.oneof(K.str(["p", "bias", "", "a.b"])(l), K.any(l))], ["param", K.Topt]]],
  ["add_module", [["name", (l) => fc.oneof(K.str(["m", "weight", ""])(l), K.any(l))], ["module", module_]]],
  ["apply", [["fn", K.fn]]], ["toString", []], ["extra_repr", []],
];

const moduleMethodCalls: fc.Arbitrary<Call> = fc.constantFrom(...MODULE_METHODS).chain(([name, spec]) =>
  like.chain((l) => argsFor(params(spec), l)).map((args) =>
    call("module", `m = new nn.Linear(3, 2); ${callCode(`m.${name}`, args)}`, () => {
      const m = new torch.nn.Linear(3, 2) as unknown as Record<string, AnyFn>;
      m.register_buffer("running", torch.zeros(2));
      const result = m[name](...makeAll(args));
      // Iterators: what the method yields is made on iteration.
      return result && typeof result === "object" && Symbol.iterator in result && !Array.isArray(result) ? [...(result as Iterable<unknown>)] : result;
    }),
  ),
);

// ---- nn.init and nn.utils ----

const GEN: Spec = [["generator?", K.gen]];
const INIT: [string, Spec][] = [
  ["calculate_gain", [["nonlinearity", K.str(["linear", "relu", "leaky_relu", "tanh", "selu", "conv2d", "sigmoid"])], ["param?", K.float]]],
  ["uniform_", [["tensor", K.T], ["a?", K.float], ["b?", K.float], ...GEN]],
  ["normal_", [["tensor", K.T], ["mean?", K.float], ["std?", K.float], ...GEN]],
  ["trunc_normal_", [["tensor", K.T], ["mean?", K.float], ["std?", K.float], ["a?", K.float], ["b?", K.float], ...GEN]],
  ["constant_", [["tensor", K.T], ["val", K.float]]], ["ones_", [["tensor", K.T]]], ["zeros_", [["tensor", K.T]]], ["eye_", [["tensor", K.T]]],
  ["xavier_uniform_", [["tensor", K.T], ["gain?", K.float], ...GEN]], ["xavier_normal_", [["tensor", K.T], ["gain?", K.float], ...GEN]],
  ["kaiming_uniform_", [["tensor", K.T], ["a?", K.float], ["mode?", K.str(["fan_in", "fan_out"])], ["nonlinearity?", K.str(["leaky_relu", "relu", "linear"])], ...GEN]],
  ["kaiming_normal_", [["tensor", K.T], ["a?", K.float], ["mode?", K.str(["fan_in", "fan_out"])], ["nonlinearity?", K.str(["leaky_relu", "relu", "linear"])], ...GEN]],
  ["orthogonal_", [["tensor", K.T], ["gain?", K.float], ...GEN]],
];
const init = torch.nn.init as unknown as Record<string, AnyFn>;
const initCalls: fc.Arbitrary<Call> = fc.constantFrom(...INIT).chain(([name, spec]) =>
  like.chain((l) => argsFor(params(spec), l)).map((args) => call("init", callCode(`nn.init.${name}`, args), () => init[name](...makeAll(args)))),
);

/** Parameters with gradients, as an optimizer or clip_grad_norm_ gets them (and wrong ones). */
const paramsVal: ArgArb = (l) =>
  mostly(
    fc.oneof(
      fc.array(fc.constantFrom("", "", "nograd", "nl", "int", "d"), { minLength: 0, maxLength: 3 }).map((kinds) =>
        val(`[${kinds.map((k) => `P(${JSON.stringify(l.shape)}, "${k}")`).join(", ")}]`, () => kinds.map((k) => P(l.shape, k))),
      ),
      fc.constant(val("[{ params: [P([2])], lr: 0.5 }, { params: [P([3])] }]", () => [{ params: [P([2], "")], lr: 0.5 }, { params: [P([3], "")] }])),
      fc.constant(val("[{ params: P([2]) }]", () => [{ params: P([2], "") }])),
      fc.constant(val("[{ lr: 1 }]", () => [{ lr: 1 }])),
      fc.constant(val("(p => [p, p])(P([2]))", () => ((p) => [p, p])(P([2], "")))),
      fc.constant(val("new nn.Linear(2, 2).parameters()", () => new torch.nn.Linear(2, 2).parameters())),
    ),
  );

/** A leaf parameter with a gradient; kinds: nograd (grad null), nl (non-leaf), int (int64), d (disposed). */
export function P(size: number[], kind: string): Tensor {
  if (kind === "int") return torch.zeros(size, { dtype: torch.int64 });
  const p = torch.randn(size, { requires_grad: true });
  if (kind !== "nograd") p.grad = torch.randn(size);
  if (kind === "nl") return p.mul(2);
  if (kind === "d") p.dispose();
  return p;
}

const UTILS: [string, Spec][] = [
  ["clip_grad_norm_", [["parameters", paramsVal], ["max_norm", K.float], ["norm_type?", K.float], ["error_if_nonfinite?", K.bool], ["foreach?", K.bool]]],
  ["clip_grad_value_", [["parameters", paramsVal], ["clip_value", K.float], ["foreach?", K.bool]]],
  ["get_total_norm", [["tensors", (l) => fc.oneof(K.tensors(l), K.T(l))], ["norm_type?", K.float], ["error_if_nonfinite?", K.bool], ["foreach?", K.bool]]],
  ["rnn.pad_sequence", [["sequences", (l) => fc.oneof(K.tensors(l), K.T(l))], ["batch_first?", K.bool], ["padding_value?", K.float], ["padding_side?", K.str(["right", "left"])]]],
  ["rnn.pack_sequence", [["sequences", K.tensors], ["enforce_sorted?", K.bool]]],
  ["rnn.pack_padded_sequence", [["input", floatInput], ["lengths", (l) => fc.oneof(K.ints(l), K.idx(l))], ["batch_first?", K.bool], ["enforce_sorted?", K.bool]]],
  ["rnn.unpad_sequence", [["padded_sequences", floatInput], ["lengths", (l) => fc.oneof(K.idx(l), K.ints(l))], ["batch_first?", K.bool]]],
  ["rnn.invert_permutation", [["permutation", K.Topt]]],
];
const utilCalls: fc.Arbitrary<Call> = fc.constantFrom(...UTILS).chain(([name, spec]) =>
  like.chain((l) => argsFor(params(spec), l)).map((args) =>
    call("utils", callCode(`nn.utils.${name}`, args), () => {
      const fn = name.split(".").reduce((o: unknown, k) => (o as Record<string, unknown>)[k], torch.nn.utils) as AnyFn;
      return fn(...makeAll(args));
    }),
  ),
);

// ---- optimizers and schedulers ----

const OPTIMIZERS: [string, Spec][] = [
  ["SGD", [["params", paramsVal], ["lr?", K.float], ["momentum?", K.float], ["dampening?", K.float], ["weight_decay?", K.float], ["nesterov?", K.bool], ["*", K.any], ["maximize?", K.bool], ["foreach?", K.bool], ["differentiable?", K.bool], ["fused?", K.bool]]],
  ["Adam", [["params", paramsVal], ["lr?", K.float], ["betas?", (l) => fc.oneof(fc.tuple(K.float(l), K.float(l)).map(arrayOf), K.any(l))], ["eps?", K.float], ["weight_decay?", K.float], ["amsgrad?", K.bool], ["*", K.any], ["foreach?", K.bool], ["maximize?", K.bool], ["capturable?", K.bool], ["differentiable?", K.bool], ["fused?", K.bool], ["decoupled_weight_decay?", K.bool]]],
  ["AdamW", [["params", paramsVal], ["lr?", K.float], ["betas?", (l) => fc.oneof(fc.tuple(K.float(l), K.float(l)).map(arrayOf), K.any(l))], ["eps?", K.float], ["weight_decay?", K.float], ["amsgrad?", K.bool], ["*", K.any], ["maximize?", K.bool], ["foreach?", K.bool], ["capturable?", K.bool], ["differentiable?", K.bool], ["fused?", K.bool]]],
  ["RMSprop", [["params", paramsVal], ["lr?", K.float], ["alpha?", K.float], ["eps?", K.float], ["weight_decay?", K.float], ["momentum?", K.float], ["centered?", K.bool], ["capturable?", K.bool], ["foreach?", K.bool], ["maximize?", K.bool], ["differentiable?", K.bool]]],
];

const SCHEDULERS: [string, Spec][] = [
  ["LambdaLR", [["lr_lambda", (l) => fc.oneof(K.fn(l), fc.array(K.fn(l), { maxLength: 2 }).map(arrayOf))], ["last_epoch?", K.int]]],
  ["StepLR", [["step_size", K.int], ["gamma?", K.float], ["last_epoch?", K.int]]],
  ["MultiStepLR", [["milestones", K.ints], ["gamma?", K.float], ["last_epoch?", K.int]]],
  ["ConstantLR", [["factor?", K.float], ["total_iters?", K.int], ["last_epoch?", K.int]]],
  ["LinearLR", [["start_factor?", K.float], ["end_factor?", K.float], ["total_iters?", K.int], ["last_epoch?", K.int]]],
  ["ExponentialLR", [["gamma", K.float], ["last_epoch?", K.int]]],
  ["CosineAnnealingLR", [["T_max", K.int], ["eta_min?", K.float], ["last_epoch?", K.int]]],
  ["OneCycleLR", [["max_lr", K.float], ["total_steps?", K.intOpt], ["epochs?", K.intOpt], ["steps_per_epoch?", K.intOpt], ["pct_start?", K.prob], ["anneal_strategy?", K.str(["cos", "linear"])], ["cycle_momentum?", K.bool], ["base_momentum?", K.float], ["max_momentum?", K.float], ["div_factor?", K.float], ["final_div_factor?", K.float], ["three_phase?", K.bool], ["last_epoch?", K.int]]],
  ["SequentialLR", [["schedulers", (l) => fc.oneof(fc.constant(val("[]", () => [])), K.any(l))], ["milestones", K.ints], ["last_epoch?", K.int]]],
];

const optim = torch.optim as unknown as Record<string, new (...a: unknown[]) => Record<string, AnyFn>>;
const schedulers = torch.optim.lr_scheduler as unknown as Record<string, new (...a: unknown[]) => Record<string, AnyFn>>;
const closure: fc.Arbitrary<Val> = fc.oneof(
  { arbitrary: fc.constant(lit(undefined)), weight: 6 },
  { arbitrary: fc.constantFrom(val("() => torch.tensor(1.5)", () => () => torch.tensor(1.5)), val("() => { throw new FuzzCallbackError() }", () => () => {
    throw new FuzzCallbackError("thrown by a fuzz closure");
  })), weight: 1 },
  { arbitrary: wildVal, weight: 1 },
);

const optimizerCalls: fc.Arbitrary<Call> = fc.tuple(fc.constantFrom(...OPTIMIZERS), fc.option(fc.constantFrom(...SCHEDULERS), { freq: 3 })).chain(([[name, spec], sched]) =>
  like.chain((l) =>
    fc.tuple(argsFor(params(spec), l), sched ? argsFor(params(sched[1]), l) : fc.constant([] as Val[]), closure, fc.integer({ min: 1, max: 3 }), K.any(l)).map(([args, sargs, clo, steps, other]) =>
      call(
        "optim",
        `opt = ${callCode(`new optim.${name}`, args)}; ${sched ? `s = ${callCode(`new lr_scheduler.${sched[0]}`, [val("opt", () => null), ...sargs])}; ` : ""}${steps} x { opt.step(${clo.code}); ${sched ? "s.step(); " : ""}}; opt.zero_grad(); opt.load_state_dict(opt.state_dict()); opt.add_param_group(${other.code})`,
        () => {
          const opt = new optim[name](...makeAll(args));
          const s = sched ? new schedulers[sched[0]](opt, ...makeAll(sargs)) : null;
          for (let i = 0; i < steps; i++) {
            opt.step(clo.make());
            if (s) (s.step(), s.get_last_lr());
          }
          opt.zero_grad();
          opt.load_state_dict(opt.state_dict());
          opt.add_param_group(other.make());
        },
      ),
    ),
  ),
);

export { objectOf };
export const nnCalls = { functionalCalls, moduleCalls, moduleMethodCalls, initCalls, utilCalls, optimizerCalls };
