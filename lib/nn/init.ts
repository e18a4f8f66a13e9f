// torch.nn.init, ported from torch/nn/init.py (torch 2.11): the same checks, the same
// arithmetic on Python floats (JS numbers are the same doubles), and the same in-place ops
// drawing from the generator in the same order, so that after torch.manual_seed(s) a tensor
// initialised here is bitwise equal to one initialised in Python.
import { bindArgs } from "../_args";
import { callOp } from "../_dispatch";
import { no_grad } from "../autograd";
import { ValueError } from "../errors";
import type { Generator } from "../generator";
import { OPS } from "../generated/ops";
import { Tensor } from "../tensor";
import type { PyCall } from "./functional";

type T = Tensor;
type Gen = Generator | null;


function op(name: keyof typeof OPS, args: unknown[]): unknown {
  return callOp(OPS[name], null, args);
}

/** A Python default: `undefined` (not given) takes the default; null stays None. */
function given<V>(value: unknown, fallback: V): V {
  return (value === undefined ? fallback : value) as V;
}

const warned = new Set<string>();

/**
 * warnings.warn: Python's default filter shows a warning once per place it is raised from;
 * here, once per distinct message.
 */
function warn(message: string, category = "UserWarning"): void {
  if (warned.has(`${category}: ${message}`)) return;
  warned.add(`${category}: ${message}`);
  process.emitWarning(message, category);
}

function pyStr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return `[${value.map((v) => (typeof v === "string" ? `'${v}'` : pyStr(v))).join(", ")}]`;
  return String(value);
}

function shapeOf(tensor: unknown): number[] {
  return tensor instanceof Tensor ? tensor.shape : [];
}

// ---- math.erf ----
// Python's math.erf is the C library's erf; this is glibc's (sysdeps/ieee754/dbl-64/s_erf.c,
// fdlibm's rational approximations evaluated in glibc's order), so the bounds trunc_normal_
// computes are Python's to the bit.

const ERX = 8.45062911510467529297e-1;
const EFX = 1.28379167095512586316e-1;
const PP = [1.28379167095512558561e-1, -3.25042107247001499370e-1, -2.84817495755985104766e-2, -5.77027029648944159157e-3, -2.37630166566501626084e-5];
const QQ = [0, 3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3, 1.32494738004321644526e-4, -3.96022827877536812320e-6];
const PA = [-2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1, 3.18346619901161753674e-1, -1.10894694282396677476e-1, 3.54783043256182359371e-2, -2.16637559486879084300e-3];
const QA = [0, 1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2, 1.26171219808761642112e-1, 1.36370839120290507362e-2, 1.19844998467991074170e-2];
const RA = [-9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1, -6.23753324503260060396e1, -1.62396669462573470355e2, -1.84605092906711035994e2, -8.12874355063065934246e1, -9.81432934416914548592];
const SA = [0, 1.96512716674392571292e1, 1.37657754143519042600e2, 4.34565877475229228821e2, 6.45387271733267880336e2, 4.29008140027567833386e2, 1.08635005541779435134e2, 6.57024977031928170135, -6.04244152148580987438e-2];
const RB = [-9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1, -1.60636384855821916062e2, -6.37566443368389627722e2, -1.02509513161107724954e3, -4.83519191608651397019e2];
const SB = [0, 3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3, 3.19985821950859553908e3, 2.55305040643316442583e3, 4.74528541206955367215e2, -2.24409524465858183362e1];

const words = new DataView(new ArrayBuffer(8));

// exp, correctly rounded: glibc's exp (which Python's math.exp and the C library's erf use)
// errs by at most 0.509 ulp, so it is correctly rounded all but never, while V8's Math.exp
// differs from it in the last bit for about one argument in ten. Double-double arithmetic
// (about 100 bits) and one final rounding give the correctly rounded value.
type DD = [number, number];

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return [s, b - (s - a)];
}

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function splitDouble(a: number): DD {
  const c = 134217729 * a; // 2^27 + 1
  const hi = c - (c - a);
  return [hi, a - hi];
}

function twoProd(a: number, b: number): DD {
  const p = a * b;
  const [ah, al] = splitDouble(a);
  const [bh, bl] = splitDouble(b);
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function ddAdd(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0]);
  const [t, f] = twoSum(a[1], b[1]);
  const [s2, e2] = quickTwoSum(s, e + t);
  return quickTwoSum(s2, e2 + f);
}

function ddMul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  return quickTwoSum(p, e + (a[0] * b[1] + a[1] * b[0]));
}

function ddDivSmall(a: DD, n: number): DD {
  const q = a[0] / n;
  const [p, e] = twoProd(q, n);
  return quickTwoSum(q, (a[0] - p - e + a[1]) / n);
}

const LN2: DD = [6.93147180559945286227e-1, 2.31904681384629955842e-17];

/** exp(x), correctly rounded, for the normal-range arguments erf needs. */
function exp(x: number): number {
  if (!(x > -700 && x < 700)) return Math.exp(x);
  const k = Math.round(x / LN2[0]);
  // r = x - k ln2, in double-double.
  const [kh, kl] = twoProd(k, LN2[0]);
  const r = ddAdd([x, 0], [-kh, -(kl + k * LN2[1])]);
  // exp(r) = 1 + r(1 + r/2(1 + r/3(...))), |r| <= 0.35: 27 terms reach 2^-110.
  let sum: DD = [1, 0];
  for (let n = 27; n >= 1; n--) sum = ddAdd([1, 0], ddDivSmall(ddMul(r, sum), n));
  return (sum[0] + sum[1]) * 2 ** k;
}

/** erf(x), as glibc computes it. */
export function _erf(x: number): number {
  words.setFloat64(0, x);
  const hx = words.getInt32(0);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) return Number.isNaN(x) ? x : x > 0 ? 1 : -1;
  if (ix < 0x3feb0000) {
    // |x| < 0.84375
    if (ix < 0x3e300000) {
      if (ix < 0x00800000) return 0.0625 * (16.0 * x + 16.0 * EFX * x);
      return x + EFX * x;
    }
    const z = x * x;
    const r1 = PP[0] + z * PP[1];
    const z2 = z * z;
    const r2 = PP[2] + z * PP[3];
    const z4 = z2 * z2;
    const s1 = 1 + z * QQ[1];
    const s2 = QQ[2] + z * QQ[3];
    const s3 = QQ[4] + z * QQ[5];
    const r = r1 + z2 * r2 + z4 * PP[4];
    const s = s1 + z2 * s2 + z4 * s3;
    return x + x * (r / s);
  }
  if (ix < 0x3ff40000) {
    // 0.84375 <= |x| < 1.25
    const s = Math.abs(x) - 1;
    const P1 = PA[0] + s * PA[1];
    const s2 = s * s;
    const Q1 = 1 + s * QA[1];
    const s4 = s2 * s2;
    const P2 = PA[2] + s * PA[3];
    const s6 = s4 * s2;
    const Q2 = QA[2] + s * QA[3];
    const P3 = PA[4] + s * PA[5];
    const Q3 = QA[4] + s * QA[5];
    const P = P1 + s2 * P2 + s4 * P3 + s6 * PA[6];
    const Q = Q1 + s2 * Q2 + s4 * Q3 + s6 * QA[6];
    return hx >= 0 ? ERX + P / Q : -ERX - P / Q;
  }
  if (ix >= 0x40180000) return hx >= 0 ? 1 - 1e-300 : 1e-300 - 1;
  const ax = Math.abs(x);
  const s = 1 / (ax * ax);
  let R: number;
  let S: number;
  if (ix < 0x4006db6e) {
    // |x| < 1/0.35
    const R1 = RA[0] + s * RA[1];
    const s2 = s * s;
    const S1 = 1 + s * SA[1];
    const s4 = s2 * s2;
    const R2 = RA[2] + s * RA[3];
    const s6 = s4 * s2;
    const S2 = SA[2] + s * SA[3];
    const s8 = s4 * s4;
    const R3 = RA[4] + s * RA[5];
    const S3 = SA[4] + s * SA[5];
    const R4 = RA[6] + s * RA[7];
    const S4 = SA[6] + s * SA[7];
    R = R1 + s2 * R2 + s4 * R3 + s6 * R4;
    S = S1 + s2 * S2 + s4 * S3 + s6 * S4 + s8 * SA[8];
  } else {
    const R1 = RB[0] + s * RB[1];
    const s2 = s * s;
    const S1 = 1 + s * SB[1];
    const s4 = s2 * s2;
    const R2 = RB[2] + s * RB[3];
    const s6 = s4 * s2;
    const S2 = SB[2] + s * SB[3];
    const R3 = RB[4] + s * RB[5];
    const S3 = SB[4] + s * SB[5];
    const S4 = SB[6] + s * SB[7];
    R = R1 + s2 * R2 + s4 * R3 + s6 * RB[6];
    S = S1 + s2 * S2 + s4 * S3 + s6 * S4;
  }
  // z: |x| with the low 32 bits of its mantissa cleared.
  words.setFloat64(0, ax);
  words.setUint32(4, 0);
  const z = words.getFloat64(0);
  const r = exp(-z * z - 0.5625) * exp((z - ax) * (z + ax) + R / S);
  return hx >= 0 ? 1 - r / ax : r / ax - 1;
}

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
  const mean = given(v[1], 0.0);
  const std = given(v[2], 1.0);
  const a = given(v[3], -2.0);
  const b = given(v[4], 2.0);
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
  const t = tensor as Tensor;
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
  const std = given(gain, 1.0) * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return noGradUniform(tensor, -a, a, generator);
}

/** nn.init.xavier_normal_(tensor, gain=1.0, generator=None): Glorot normal. */
export function xavier_normal_(...args: PyCall<[tensor: T], [gain: number, generator: Gen], XavierOptions>): Tensor {
  const [tensor, gain, generator] = bindArgs("xavier_normal_", ["tensor", "gain", "generator"], args, 1);
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor as Tensor);
  const std = given(gain, 1.0) * Math.sqrt(2.0 / (fanIn + fanOut));
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
  const t = tensor as Tensor;
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
