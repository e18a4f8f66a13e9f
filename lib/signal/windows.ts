// torch.signal.windows (torch/signal/windows/windows.py): window functions computed from
// torch.linspace as Python's are, with Python's checks. M is positional; the rest keyword-only.
import { bindArgs } from "../_args";
import { callOp } from "../_dispatch";
import { device } from "../device";
import { dtype, float32, float64, get_default_dtype } from "../dtype";
import { pyStr, TypeError, ValueError } from "../errors";
import { OPS } from "../generated/ops";
import { layout, strided } from "../layout";
import { tensor } from "../creation";
import { Tensor } from "../tensor";

type T = Tensor;

/** The factory keywords every window takes. */
export interface WindowOptions {
  sym?: boolean;
  dtype?: dtype | null;
  layout?: layout;
  device?: string | device | null;
  requires_grad?: boolean;
}

const COMMON = ["sym", "dtype", "layout", "device", "requires_grad"];

interface Factory {
  dtype: dtype;
  layout: layout;
  device: string | device | null;
  requires_grad: boolean;
}

/** Binds (M, { ...keywords }) and checks them as _window_function_checks does. */
function windowArgs(name: string, args: unknown[], extra: string[] = [], required = 1): [number, Record<string, unknown>, Factory, boolean] {
  const names = ["M", ...extra, ...COMMON];
  const values = bindArgs(name, names, args, required, 1);
  const kw: Record<string, unknown> = {};
  names.forEach((n, i) => (kw[n] = values[i]));
  const M = kw.M as number;
  const factory: Factory = {
    dtype: (kw.dtype ?? get_default_dtype()) as dtype,
    layout: (kw.layout ?? strided) as layout,
    device: (kw.device ?? null) as string | device | null,
    requires_grad: (kw.requires_grad ?? false) as boolean,
  };
  const sym = (kw.sym ?? true) as boolean;
  return [M, kw, factory, sym];
}

function checks(name: string, M: number, f: Factory): void {
  if (M < 0) throw new ValueError(`${name} requires non-negative window length, got M=${pyStr(M)}`);
  if (f.layout !== strided) throw new ValueError(`${name} is implemented for strided tensors only, got: ${pyStr(f.layout)}`);
  if (f.dtype !== float32 && f.dtype !== float64) throw new ValueError(`${name} expects float32 or float64 dtypes, got: ${pyStr(f.dtype)}`);
}

const op = (name: keyof typeof OPS, args: unknown[]): T => callOp(OPS[name], null, args) as T;
const factoryKw = (f: Factory) => ({ dtype: f.dtype, layout: f.layout, device: f.device, requires_grad: f.requires_grad });
const empty = (f: Factory) => op("empty", [[0], factoryKw(f)]);
const ones = (f: Factory) => op("ones", [[1], factoryKw(f)]);
const linspace = (start: unknown, end: unknown, steps: number, f: Factory) => op("linspace", [start, end, steps, factoryKw(f)]);

/** exponential(M, *, center=None, tau=1.0, sym=True, dtype=None, layout=torch.strided, device=None, requires_grad=False). */
export function exponential(...args: [M: number, options?: WindowOptions & { center?: number | null; tau?: number }]): T {
  const [m, kw, f, sym] = windowArgs("exponential", args, ["center", "tau"]);
  checks("exponential", m, f);
  const tau = (kw.tau ?? 1.0) as number;
  let center = (kw.center ?? null) as number | null;
  if (tau <= 0) throw new ValueError(`Tau must be positive, got: ${pyStr(tau)} instead.`);
  if (sym && center !== null) throw new ValueError("Center must be None for symmetric windows");
  if (m === 0) return empty(f);
  if (center === null) center = (!sym && m > 1 ? m : m - 1) / 2.0;
  const constant = 1 / tau;
  const k = linspace(-center * constant, (-center + (m - 1)) * constant, m, f);
  return op("exp", [op("abs", [k]).neg()]);
}

/** cosine(M, *, sym=True, dtype=None, layout=torch.strided, device=None, requires_grad=False). */
export function cosine(...args: [M: number, options?: WindowOptions]): T {
  const [m, , f, sym] = windowArgs("cosine", args);
  checks("cosine", m, f);
  if (m === 0) return empty(f);
  const start = 0.5;
  const constant = Math.PI / (!sym && m > 1 ? m + 1 : m);
  return op("sin", [linspace(start * constant, (start + (m - 1)) * constant, m, f)]);
}

/** gaussian(M, *, std=1.0, sym=True, ...). */
export function gaussian(...args: [M: number, options?: WindowOptions & { std?: number }]): T {
  const [m, kw, f, sym] = windowArgs("gaussian", args, ["std"]);
  checks("gaussian", m, f);
  const std = (kw.std ?? 1.0) as number;
  if (std <= 0) throw new ValueError(`Standard deviation must be positive, got: ${pyStr(std)} instead.`);
  if (m === 0) return empty(f);
  const start = -(!sym && m > 1 ? m : m - 1) / 2.0;
  const constant = 1 / (std * Math.sqrt(2));
  const k = linspace(start * constant, (start + (m - 1)) * constant, m, f);
  return op("exp", [k.pow(2).neg()]);
}

/** kaiser(M, *, beta=12.0, sym=True, ...). */
export function kaiser(...args: [M: number, options?: WindowOptions & { beta?: number }]): T {
  const [m, kw, f, sym] = windowArgs("kaiser", args, ["beta"]);
  checks("kaiser", m, f);
  const betaValue = (kw.beta ?? 12.0) as number;
  if (betaValue < 0) throw new ValueError(`beta must be non-negative, got: ${pyStr(betaValue)} instead.`);
  if (m === 0) return empty(f);
  if (m === 1) return ones(f);
  const b = op("scalar_tensor", [betaValue, { dtype: f.dtype, device: f.device }]);
  const start = b.neg();
  const constant = b.mul(2.0).div(!sym ? m : m - 1);
  const end = op("minimum", [b, start.add(constant.mul(m - 1))]);
  const k = linspace(start, end, m, f);
  return op("i0", [op("sqrt", [b.mul(b).sub(op("pow", [k, 2]))])]).div(op("i0", [b]));
}

/** hamming(M, *, sym=True, ...): general_hamming with alpha 0.54. */
export function hamming(...args: [M: number, options?: WindowOptions]): T {
  const [m, kw] = windowArgs("hamming", args);
  return general_hamming(m, common(kw));
}

/** hann(M, *, sym=True, ...): general_hamming with alpha 0.5. */
export function hann(...args: [M: number, options?: WindowOptions]): T {
  const [m, kw] = windowArgs("hann", args);
  return general_hamming(m, { alpha: 0.5, ...common(kw) });
}

/** blackman(M, *, sym=True, ...): general_cosine with a = [0.42, 0.5, 0.08]. */
export function blackman(...args: [M: number, options?: WindowOptions]): T {
  const [m, kw, f] = windowArgs("blackman", args);
  checks("blackman", m, f);
  return general_cosine(m, { a: [0.42, 0.5, 0.08], ...common(kw), dtype: f.dtype });
}

/** bartlett(M, *, sym=True, ...). */
export function bartlett(...args: [M: number, options?: WindowOptions]): T {
  const [m, , f, sym] = windowArgs("bartlett", args);
  checks("bartlett", m, f);
  if (m === 0) return empty(f);
  if (m === 1) return ones(f);
  const start = -1;
  const constant = 2 / (!sym ? m : m - 1);
  const k = linspace(start, start + (m - 1) * constant, m, f);
  return op("abs", [k]).neg().add(1);
}

/** general_cosine(M, *, a, sym=True, ...): sum of (-1)^i a_i cos(2 pi i n / (M - 1)). */
export function general_cosine(...args: [M: number, options: WindowOptions & { a: number[] }]): T {
  const [m, kw, f, sym] = windowArgs("general_cosine", args, ["a"], 1);
  if (kw.a === undefined) throw new TypeError("general_cosine() missing 1 required keyword-only argument: 'a'");
  checks("general_cosine", m, f);
  if (m === 0) return empty(f);
  if (m === 1) return ones(f);
  const a = kw.a;
  if (!Array.isArray(a)) throw new TypeError("Coefficients must be a list/tuple");
  if (a.length === 0) throw new ValueError("Coefficients cannot be empty");
  const constant = (2 * Math.PI) / (!sym ? m : m - 1);
  const k = linspace(0, (m - 1) * constant, m, f);
  const coefficients = (a as number[]).map((w, i) => (-1) ** i * w);
  const A = tensor(coefficients, { device: f.device ?? undefined, dtype: f.dtype, requires_grad: f.requires_grad });
  const i = op("arange", [A.shape[0], { dtype: A.dtype, device: A.device, requires_grad: A.requires_grad }]);
  return A.unsqueeze(-1).mul(op("cos", [i.unsqueeze(-1).mul(k)])).sum(0);
}

/** general_hamming(M, *, alpha=0.54, sym=True, ...): general_cosine with a = [alpha, 1 - alpha]. */
export function general_hamming(...args: [M: number, options?: WindowOptions & { alpha?: number }]): T {
  const [m, kw] = windowArgs("general_hamming", args, ["alpha"]);
  const alpha = (kw.alpha ?? 0.54) as number;
  return general_cosine(m, { a: [alpha, 1.0 - alpha], ...common(kw) });
}

/** nuttall(M, *, sym=True, ...): the minimum 4-term Blackman-Harris window. */
export function nuttall(...args: [M: number, options?: WindowOptions]): T {
  const [m, kw] = windowArgs("nuttall", args);
  return general_cosine(m, { a: [0.3635819, 0.4891775, 0.1365995, 0.0106411], ...common(kw) });
}

/** The common keywords as given (undefined ones left out, so the callee's defaults apply). */
function common(kw: Record<string, unknown>): WindowOptions {
  const out: Record<string, unknown> = {};
  for (const n of COMMON) if (kw[n] !== undefined) out[n] = kw[n];
  return out as WindowOptions;
}
