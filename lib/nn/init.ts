// torch.nn.init, ported from torch/nn/init.py (torch 2.11): the same checks, the same
// arithmetic on Python floats (JS numbers are the same doubles), and the same in-place ops
// drawing from the generator in the same order, so that after torch.manual_seed(s) a tensor
// initialised here is bitwise equal to one initialised in Python.
import { bindArgs } from "../_args";
import { callOp } from "../_dispatch";
import { erf } from "../_pymath";
import { no_grad } from "../autograd";
import { argumentError, pyStr, ValueError } from "../errors";
import type { Generator } from "../generator";
import { OPS } from "../generated/ops";
import { Tensor } from "../tensor";
import type { PyCall } from "./functional";
import { given, warn } from "../_python";

type T = Tensor;
type Gen = Generator | null;


function op(name: keyof typeof OPS, args: unknown[]): unknown {
  return callOp(OPS[name], null, args);
}

/** A float argument used in JS arithmetic (Python's float(x): numbers and booleans), or its default. */
function floatArg(fn: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value === "boolean") return Number(value);
  if (typeof value !== "number") throw argumentError(fn, name, "float", value);
  return value;
}

/** The tensor argument of an init function, which calls its methods. */
function tensorArg(fn: string, value: unknown): Tensor {
  if (!(value instanceof Tensor)) throw argumentError(fn, "tensor", "Tensor", value);
  return value;
}

function shapeOf(tensor: unknown): number[] {
  return tensor instanceof Tensor ? tensor.shape : [];
}

// ---- math.erf ----
// Python's math.erf is the C library's erf; lib/_pymath.ts calls the same one, so the
// bounds trunc_normal_ computes are Python's to the bit.
export const _erf = erf;

// ---- gain and fans ----

const LINEAR_FNS = [
  "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
];

export type Nonlinearity =
  | "linear" | "conv1d" | "conv2d" | "conv3d" | "conv_transpose1d" | "conv_transpose2d" | "conv_transpose3d"
  | "sigmoid" | "tanh" | "relu" | "leaky_relu" | "selu";

/** nn.init.calculate_gain(nonlinearity, param=None): the recommended gain for a nonlinearity. */
export function calculate_gain(
  ...args: PyCall<[nonlinearity: Nonlinearity], [param: number | null], { nonlinearity?: Nonlinearity; param?: number | null }>
): number {
  const [nonlinearity, param] = bindArgs("calculate_gain", ["nonlinearity", "param"], args, 1);
  if (LINEAR_FNS.includes(nonlinearity as string) || nonlinearity === "sigmoid") return 1;
  if (nonlinearity === "tanh") return 5.0 / 3;
  if (nonlinearity === "relu") return Math.sqrt(2.0);
  if (nonlinearity === "leaky_relu") {
    let slope: number;
    if (param === null || param === undefined) slope = 0.01;
    else if (typeof param === "number") slope = param;
    else throw new ValueError(`negative_slope ${pyStr(param)} not a valid number`);
    return Math.sqrt(2.0 / (1 + slope * slope));
  }
  if (nonlinearity === "selu") return 3.0 / 4;
  throw new ValueError(`Unsupported nonlinearity ${pyStr(nonlinearity)}`);
}

/** nn.init._calculate_fan_in_and_fan_out(tensor): [fan_in, fan_out]. */
export function _calculate_fan_in_and_fan_out(tensor: Tensor): [number, number] {
  const shape = shapeOf(tensor);
  if (tensor instanceof Tensor ? tensor.dim() < 2 : true) {
    throw new ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
  }
  const numInputFmaps = shape[1];
  const numOutputFmaps = shape[0];
  let receptiveFieldSize = 1;
  for (const s of shape.slice(2)) receptiveFieldSize *= s;
  return [numInputFmaps * receptiveFieldSize, numOutputFmaps * receptiveFieldSize];
}

function calculateCorrectFan(tensor: Tensor, mode: unknown): number {
  const lower = String(mode).toLowerCase();
  const validModes = ["fan_in", "fan_out"];
  if (!validModes.includes(lower)) {
    throw new ValueError(`Mode ${lower} not supported, please use one of ${pyStr(validModes)}`);
  }
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
  return lower === "fan_in" ? fanIn : fanOut;
}

// ---- the no-grad fills ----

function noGradUniform(tensor: unknown, a: unknown, b: unknown, generator: unknown): Tensor {
  return no_grad(() => op("uniform_", [tensor, a, b, { generator: generator ?? null }]) as Tensor);
}

function noGradNormal(tensor: unknown, mean: unknown, std: unknown, generator: unknown): Tensor {
  return no_grad(() => op("normal_", [tensor, mean, std, { generator: generator ?? null }]) as Tensor);
}

// ---- initializers ----

export interface UniformOptions {
  tensor?: T;
  a?: number;
  b?: number;
  generator?: Gen;
}
/** nn.init.uniform_(tensor, a=0.0, b=1.0, generator=None): fills from U(a, b). */
export function uniform_(...args: PyCall<[tensor: T], [a: number, b: number, generator: Gen], UniformOptions>): Tensor {
  const [tensor, a, b, generator] = bindArgs("uniform_", ["tensor", "a", "b", "generator"], args, 1);
  return noGradUniform(tensor, given(a, 0.0), given(b, 1.0), generator);
}

export interface NormalOptions {
  tensor?: T;
  mean?: number;
  std?: number;
  generator?: Gen;
}
/** nn.init.normal_(tensor, mean=0.0, std=1.0, generator=None): fills from N(mean, std²). */
export function normal_(...args: PyCall<[tensor: T], [mean: number, std: number, generator: Gen], NormalOptions>): Tensor {
  const [tensor, mean, std, generator] = bindArgs("normal_", ["tensor", "mean", "std", "generator"], args, 1);
  return noGradNormal(tensor, given(mean, 0.0), given(std, 1.0), generator);
}

export interface TruncNormalOptions {
  tensor?: T;
  mean?: number;
  std?: number;
  a?: number;
  b?: number;
  generator?: Gen;
}
/**
 * nn.init.trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None): fills from
 * N(mean, std²) truncated to [a, b], by Python's method (uniform_, erfinv_, scale, clamp_).
 */
export function trunc_normal_(
  ...args: PyCall<[tensor: T], [mean: number, std: number, a: number, b: number, generator: Gen], TruncNormalOptions>
): Tensor {
  const v = bindArgs("trunc_normal_", ["tensor", "mean", "std", "a", "b", "generator"], args, 1);
  const tensor = v[0];
  const mean = floatArg("trunc_normal_", "mean", v[1], 0.0);
  const std = floatArg("trunc_normal_", "std", v[2], 1.0);
  const a = floatArg("trunc_normal_", "a", v[3], -2.0);
  const b = floatArg("trunc_normal_", "b", v[4], 2.0);
  const generator = v[5] ?? null;
  const normCdf = (x: number) => (1.0 + _erf(x / Math.sqrt(2.0))) / 2.0;
  if (mean < a - 2 * std || mean > b + 2 * std) {
    warn(
      "mean is more than 2 std from [a, b] in nn.init.trunc_normal_. " +
        "The distribution of values may be incorrect.",
    );
  }
  return no_grad(() => {
    const l = normCdf((a - mean) / std);
    const u = normCdf((b - mean) / std);
    op("uniform_", [tensor, 2 * l - 1, 2 * u - 1, { generator }]);
    op("erfinv_", [tensor]);
    op("mul_", [tensor, std * Math.sqrt(2.0)]);
    op("add_", [tensor, mean]);
    op("clamp_", [tensor, { min: a, max: b }]);
    return tensor as Tensor;
  });
}

/** nn.init.constant_(tensor, val): fills with val. */
export function constant_(...args: [tensor: T, val: number] | [tensor: T, options: { val: number }] | [options: { tensor: T; val: number }]): Tensor {
  const [tensor, val] = bindArgs("constant_", ["tensor", "val"], args, 2);
  return no_grad(() => op("fill_", [tensor, val]) as Tensor);
}

/** nn.init.ones_(tensor). */
export function ones_(...args: [tensor: T] | [options: { tensor: T }]): Tensor {
  const [tensor] = bindArgs("ones_", ["tensor"], args, 1);
  return no_grad(() => op("fill_", [tensor, 1.0]) as Tensor);
}

/** nn.init.zeros_(tensor). */
export function zeros_(...args: [tensor: T] | [options: { tensor: T }]): Tensor {
  const [tensor] = bindArgs("zeros_", ["tensor"], args, 1);
  return no_grad(() => op("zero_", [tensor]) as Tensor);
}

/** nn.init.eye_(tensor): the identity matrix in a 2-D tensor. */
export function eye_(...args: [tensor: T] | [options: { tensor: T }]): Tensor {
  const [tensor] = bindArgs("eye_", ["tensor"], args, 1);
  const t = tensorArg("eye_", tensor);
  if (t.dim() !== 2) throw new ValueError("Only tensors with 2 dimensions are supported");
  // torch.eye(*tensor.shape, out=tensor): the same values, copied in.
  no_grad(() => {
    const [n, m] = t.shape;
    op("copy_", [t, op("eye", [n, m, { dtype: t.dtype, device: t.device }])]);
  });
  return t;
}

export interface XavierOptions {
  tensor?: T;
  gain?: number;
  generator?: Gen;
}
/** nn.init.xavier_uniform_(tensor, gain=1.0, generator=None): Glorot uniform. */
export function xavier_uniform_(...args: PyCall<[tensor: T], [gain: number, generator: Gen], XavierOptions>): Tensor {
  const [tensor, gain, generator] = bindArgs("xavier_uniform_", ["tensor", "gain", "generator"], args, 1);
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor as Tensor);
  const std = floatArg("xavier_uniform_", "gain", gain, 1.0) * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return noGradUniform(tensor, -a, a, generator);
}

/** nn.init.xavier_normal_(tensor, gain=1.0, generator=None): Glorot normal. */
export function xavier_normal_(...args: PyCall<[tensor: T], [gain: number, generator: Gen], XavierOptions>): Tensor {
  const [tensor, gain, generator] = bindArgs("xavier_normal_", ["tensor", "gain", "generator"], args, 1);
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor as Tensor);
  const std = floatArg("xavier_normal_", "gain", gain, 1.0) * Math.sqrt(2.0 / (fanIn + fanOut));
  return noGradNormal(tensor, 0.0, std, generator);
}

export interface KaimingOptions {
  tensor?: T;
  a?: number;
  mode?: "fan_in" | "fan_out";
  nonlinearity?: Nonlinearity;
  generator?: Gen;
}
const KAIMING = ["tensor", "a", "mode", "nonlinearity", "generator"] as const;
type KaimingCall = PyCall<
  [tensor: T],
  [a: number, mode: "fan_in" | "fan_out", nonlinearity: Nonlinearity, generator: Gen],
  KaimingOptions
>;

function kaimingStd(fn: string, args: unknown[]): { tensor: Tensor; std: number; generator: unknown } | Tensor {
  const [tensor, a, mode, nonlinearity, generator] = bindArgs(fn, KAIMING, args, 1);
  const t = tensor as Tensor;
  if (shapeOf(t).includes(0)) {
    warn("Initializing zero-element tensors is a no-op");
    return t;
  }
  const fan = calculateCorrectFan(t, given(mode, "fan_in"));
  const gain = calculate_gain(given(nonlinearity, "leaky_relu"), given(a, 0));
  return { tensor: t, std: gain / Math.sqrt(fan), generator };
}

/** nn.init.kaiming_uniform_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu', generator=None): He uniform. */
export function kaiming_uniform_(...args: KaimingCall): Tensor {
  const k = kaimingStd("kaiming_uniform_", args);
  if (k instanceof Tensor) return k;
  const bound = Math.sqrt(3.0) * k.std;
  return noGradUniform(k.tensor, -bound, bound, k.generator);
}

/** nn.init.kaiming_normal_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu', generator=None): He normal. */
export function kaiming_normal_(...args: KaimingCall): Tensor {
  const k = kaimingStd("kaiming_normal_", args);
  if (k instanceof Tensor) return k;
  return noGradNormal(k.tensor, 0, k.std, k.generator);
}

/**
 * nn.init.orthogonal_(tensor, gain=1, generator=None): a (semi-)orthogonal matrix, by Python's
 * method: QR of a normal sample, signs fixed by diag(R).
 */
export function orthogonal_(...args: PyCall<[tensor: T], [gain: number, generator: Gen], XavierOptions>): Tensor {
  const [tensor, gainArg, generator] = bindArgs("orthogonal_", ["tensor", "gain", "generator"], args, 1);
  const t = tensorArg("orthogonal_", tensor);
  const gain = given(gainArg, 1);
  if (t.dim() < 2) throw new ValueError("Only tensors with 2 or more dimensions are supported");
  if (t.numel() === 0) return t;
  const rows = t.size(0) as number;
  const cols = Math.floor(t.numel() / rows);
  // tensor.new_empty((rows, cols)).normal_(0, 1, generator=generator)
  let flattened = op("empty", [[rows, cols], { dtype: t.dtype, device: t.device }]) as Tensor;
  op("normal_", [flattened, 0, 1, { generator: generator ?? null }]);
  if (rows < cols) flattened = op("t", [flattened]) as Tensor;
  const [q0, r] = op("linalg_qr", [flattened]) as Tensor[];
  let q = q0;
  const d = op("diag", [r, 0]);
  const ph = op("sign", [d]);
  op("mul_", [q, ph]);
  if (rows < cols) q = op("t", [q]) as Tensor;
  no_grad(() => {
    op("copy_", [op("view_as", [t, q]), q]);
    op("mul_", [t, gain]);
  });
  return t;
}

/**
 * nn.init.dirac_(tensor, groups=1): the Dirac delta in a {3, 4, 5}-D convolution weight, so the
 * convolution keeps as many input channels as it can (per group).
 */
export function dirac_(...args: PyCall<[tensor: T], [groups: number], { tensor?: T; groups?: number }>): Tensor {
  const [tensor, groupsArg] = bindArgs("dirac_", ["tensor", "groups"], args, 1);
  const t = tensorArg("dirac_", tensor);
  const groups = given(groupsArg, 1) as number;
  const dimensions = t.dim();
  if (![3, 4, 5].includes(dimensions)) throw new ValueError("Only tensors with 3, 4, or 5 dimensions are supported");
  const sizes = t.shape;
  if (sizes[0] % groups !== 0) throw new ValueError("dim 0 must be divisible by groups");
  const outChansPerGrp = Math.floor(sizes[0] / groups);
  const minDim = Math.min(outChansPerGrp, sizes[1]);
  const centre = sizes.slice(2).map((s) => Math.floor(s / 2));
  no_grad(() => {
    op("zero_", [t]);
    for (let g = 0; g < groups; g++) {
      for (let d = 0; d < minDim; d++) t.index_set_([g * outChansPerGrp + d, d, ...centre], 1);
    }
  });
  return t;
}

export interface SparseOptions {
  tensor?: T;
  sparsity?: number;
  std?: number;
  generator?: Gen;
}
/**
 * nn.init.sparse_(tensor, sparsity, std=0.01, generator=None): N(0, std²) with ceil(sparsity *
 * rows) zeros per column, the zero rows picked by torch.randperm (the default generator, as in Python).
 */
export function sparse_(...args: PyCall<[tensor: T, sparsity: number], [std: number, generator: Gen], SparseOptions>): Tensor {
  const [tensor, sparsity, stdArg, generator] = bindArgs("sparse_", ["tensor", "sparsity", "std", "generator"], args, 2);
  const t = tensorArg("sparse_", tensor);
  if (t.dim() !== 2) throw new ValueError("Only tensors with 2 dimensions are supported");
  const [rows, cols] = t.shape;
  const numZeros = Math.ceil(floatArg("sparse_", "sparsity", sparsity, 0) * rows);
  const std = floatArg("sparse_", "std", stdArg, 0.01);
  no_grad(() => {
    op("normal_", [t, 0, std, { generator: generator ?? null }]);
    for (let col = 0; col < cols; col++) {
      const rowIndices = op("randperm", [rows]) as Tensor;
      const zeroIndices = rowIndices.index(`:${numZeros}`);
      t.index_set_([zeroIndices, col], 0);
    }
  });
  return t;
}

// ---- the deprecated names without the underscore (Python's _make_deprecate) ----

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function deprecated<F extends (...a: any[]) => Tensor>(meth: F, newName: string): F {
  const oldName = newName.slice(0, -1);
  const fn = (...args: unknown[]): Tensor => {
    warn(`\`nn.init.${oldName}\` is now deprecated in favor of \`nn.init.${newName}\`.`, "FutureWarning");
    return meth(...args);
  };
  Object.defineProperty(fn, "name", { value: oldName });
  return fn as unknown as F;
}

export const uniform = deprecated(uniform_, "uniform_");
export const normal = deprecated(normal_, "normal_");
export const constant = deprecated(constant_, "constant_");
export const eye = deprecated(eye_, "eye_");
export const dirac = deprecated(dirac_, "dirac_");
export const xavier_uniform = deprecated(xavier_uniform_, "xavier_uniform_");
export const xavier_normal = deprecated(xavier_normal_, "xavier_normal_");
export const kaiming_uniform = deprecated(kaiming_uniform_, "kaiming_uniform_");
export const kaiming_normal = deprecated(kaiming_normal_, "kaiming_normal_");
export const orthogonal = deprecated(orthogonal_, "orthogonal_");
export const sparse = deprecated(sparse_, "sparse_");
