// torch.nn.utils.parametrizations (torch/nn/utils/parametrizations.py): weight_norm and
// spectral_norm as parametrizations.
import { no_grad } from "../../autograd";
import { callOp } from "../../_dispatch";
import { IndexError, NotImplementedError, ValueError } from "../../errors";
import { OPS } from "../../generated/ops";
import { Tensor } from "../../tensor";
import { Module } from "../module";
import { normalize } from "../functional";
import { register_parametrization } from "./parametrize";

/** Python's _WeightNorm: weight = g * v / ||v|| (norm over every dim but `dim`). */
export class _WeightNorm extends Module {
  dim: number;
  constructor(dim: number | null = 0) {
    super();
    this.dim = dim ?? -1;
  }
  forward(weight_g: Tensor, weight_v: Tensor): Tensor {
    return callOp(OPS._weight_norm, null, [weight_v, weight_g, this.dim]) as Tensor;
  }
  right_inverse(weight: Tensor): [Tensor, Tensor] {
    const weight_g = callOp(OPS.norm_except_dim, null, [weight, 2, this.dim]) as Tensor;
    return [weight_g, weight];
  }
}

/** parametrizations.weight_norm(module, name = "weight", dim = 0): original0 is g, original1 is v. */
export function weight_norm<M extends Module>(module: M, name: string | { name?: string; dim?: number | null } = "weight", dim: number | null = 0): M {
  if (typeof name === "object" && name !== null) ({ name = "weight", dim = 0 } = name);
  register_parametrization(module, name as string, new _WeightNorm(dim), { unsafe: true });
  return module;
}

/** Python's _SpectralNorm: weight / sigma, sigma by power iteration on buffers _u and _v. */
export class _SpectralNorm extends Module {
  dim: number;
  eps: number;
  n_power_iterations = 1;
  declare _u: Tensor;
  declare _v: Tensor;
  constructor(weight: Tensor, n_power_iterations = 1, dim = 0, eps = 1e-12) {
    super();
    const ndim = weight.dim();
    if (dim >= ndim || dim < -ndim) {
      throw new IndexError(`Dimension out of range (expected to be in range of [-${ndim}, ${ndim - 1}] but got ${dim})`);
    }
    if (n_power_iterations <= 0) {
      throw new ValueError(`Expected n_power_iterations to be positive, but got n_power_iterations=${n_power_iterations}`);
    }
    this.dim = dim >= 0 ? dim : dim + ndim;
    this.eps = eps;
    if (ndim > 1) {
      this.n_power_iterations = n_power_iterations;
      const weightMat = this._reshape_weight_to_matrix(weight);
      const [h, w] = weightMat.shape;
      const u = weightMat.new_empty([h]).normal_(0, 1);
      const v = weightMat.new_empty([w]).normal_(0, 1);
      this.register_buffer("_u", normalize(u, { dim: 0, eps: this.eps }));
      this.register_buffer("_v", normalize(v, { dim: 0, eps: this.eps }));
      this._power_method(weightMat, 15);
    }
  }
  _reshape_weight_to_matrix(weight: Tensor): Tensor {
    let w = weight;
    if (this.dim !== 0) {
      const rest = Array.from({ length: w.dim() }, (_, d) => d).filter((d) => d !== this.dim);
      w = w.permute([this.dim, ...rest]);
    }
    return w.flatten(1);
  }
  _power_method(weightMat: Tensor, n: number): void {
    no_grad(() => {
      for (let i = 0; i < n; i++) {
        this._u.copy_(normalize(callOp(OPS.mv, null, [weightMat, this._v]) as Tensor, { dim: 0, eps: this.eps }));
        this._v.copy_(normalize(callOp(OPS.mv, null, [weightMat.mH, this._u]) as Tensor, { dim: 0, eps: this.eps }));
      }
    });
  }
  forward(weight: Tensor): Tensor {
    if (weight.dim() === 1) return normalize(weight, { dim: 0, eps: this.eps });
    const weightMat = this._reshape_weight_to_matrix(weight);
    if (this.training) this._power_method(weightMat, this.n_power_iterations);
    const u = this._u.clone();
    const v = this._v.clone();
    const sigma = callOp(OPS.vdot, null, [u, callOp(OPS.mv, null, [weightMat, v])]) as Tensor;
    return weight.div(sigma);
  }
  right_inverse(value: Tensor): Tensor {
    return value;
  }
}

export interface SpectralNormOptions {
  name?: string;
  n_power_iterations?: number;
  eps?: number;
  dim?: number | null;
}

/** parametrizations.spectral_norm(module, name = "weight", n_power_iterations = 1, eps = 1e-12, dim = None). */
export function spectral_norm<M extends Module>(module: M, ...args: (string | number | null | SpectralNormOptions)[]): M {
  let [name, n_power_iterations, eps, dim] = ["weight", 1, 1e-12, null] as [string, number, number, number | null];
  const last = args[args.length - 1];
  const pos = last !== null && typeof last === "object" ? args.slice(0, -1) : args;
  if (pos[0] !== undefined) name = pos[0] as string;
  if (pos[1] !== undefined) n_power_iterations = pos[1] as number;
  if (pos[2] !== undefined) eps = pos[2] as number;
  if (pos[3] !== undefined) dim = pos[3] as number | null;
  if (last !== null && typeof last === "object") ({ name = name, n_power_iterations = n_power_iterations, eps = eps, dim = dim } = last as SpectralNormOptions);
  const weight = (module as unknown as Record<string, unknown>)[name];
  if (!(weight instanceof Tensor)) throw new ValueError(`Module '${module}' has no parameter or buffer with name '${name}'`);
  if (dim === null || dim === undefined) dim = /^ConvTranspose[123]d$/.test(module.constructor.name) ? 1 : 0;
  register_parametrization(module, name, new _SpectralNorm(weight, n_power_iterations, dim, eps));
  return module;
}

// ---- orthogonal ----

type OrthMap = "matrix_exp" | "cayley" | "householder";
const op = (name: keyof typeof OPS, ...args: unknown[]): Tensor => callOp(OPS[name], null, args) as Tensor;
const diag = (x: Tensor): Tensor => x.diagonal(0, -2, -1);
const sizeStr = (shape: number[]) => `torch.Size([${shape.join(", ")}])`;

function isOrthogonal(Q: Tensor): boolean {
  const [n, k] = Q.shape.slice(-2);
  const Id = op("eye", k, { dtype: Q.dtype, device: Q.device });
  const eps = 10.0 * n * torch_finfo_eps(Q);
  return callOp(OPS.allclose, null, [Q.mH.matmul(Q), Id, 1e-5, eps]) as boolean;
}

function torch_finfo_eps(t: Tensor): number {
  const name = t.dtype.toString();
  if (name.includes("float64") || name.includes("complex128")) return 2.220446049250313e-16;
  if (name.includes("float16")) return 0.0009765625;
  if (name.includes("bfloat16")) return 0.0078125;
  return 1.1920928955078125e-7;
}

function makeOrthogonal(A: Tensor): Tensor {
  const [X, tau] = callOp(OPS.geqrf, null, [A]) as [Tensor, Tensor];
  const Q = op("linalg_householder_product", X, tau);
  return Q.mul(diag(X).sgn().unsqueeze(-2));
}

/** Python's _Orthogonal: an orthogonal (unitary) matrix from the matrix exponential, the Cayley map or Householder reflectors. */
export class _Orthogonal extends Module {
  shape: number[];
  orthogonal_map: OrthMap;
  declare base?: Tensor | null;
  private useTrivialization: boolean;
  constructor(weight: Tensor, orthogonal_map: OrthMap, options: { use_trivialization?: boolean } = {}) {
    super();
    const use = options?.use_trivialization ?? true;
    if (weight.is_complex() && orthogonal_map === "householder") {
      throw new ValueError("The householder parametrization does not support complex tensors.");
    }
    this.shape = [...weight.shape];
    this.orthogonal_map = orthogonal_map;
    this.useTrivialization = use;
    if (use) this.register_buffer("base", null);
  }

  forward(X0: Tensor): Tensor {
    let X = X0;
    let [n, k] = X.shape.slice(-2);
    const transposed = n < k;
    if (transposed) {
      X = X.mT;
      [n, k] = [k, n];
    }
    let Q: Tensor;
    if (this.orthogonal_map === "matrix_exp" || this.orthogonal_map === "cayley") {
      X = X.tril();
      if (n !== k) {
        X = op("cat", [X, X.new_zeros([n, n - k]).expand([...X.shape.slice(0, -2), -1, -1])], -1);
      }
      const A = X.sub(X.mH);
      if (this.orthogonal_map === "matrix_exp") Q = op("matrix_exp", A);
      else {
        const Id = op("eye", n, { dtype: A.dtype, device: A.device });
        Q = op("linalg_solve", Id.add(A, { alpha: -0.5 }), Id.add(A, { alpha: 0.5 }));
      }
      if (n !== k) Q = Q.narrow(-1, 0, k);
    } else {
      const A = X.tril(-1);
      const tau = A.mul(A).sum(-2).add(1.0).reciprocal().mul(2.0);
      Q = op("linalg_householder_product", A, tau);
      Q = Q.mul(diag(X).int().unsqueeze(-2));
    }
    if (this.useTrivialization) Q = (this.base as Tensor).matmul(Q);
    if (transposed) Q = Q.mT;
    return Q;
  }

  right_inverse(Q0: Tensor): Tensor {
    return no_grad(() => {
      let Q = Q0;
      if (sizeStr(Q.shape) !== sizeStr(this.shape)) {
        throw new ValueError(`Expected a matrix or batch of matrices of shape ${sizeStr(this.shape)}. Got a tensor of shape ${sizeStr(Q.shape)}.`);
      }
      const QInit = Q;
      let [n, k] = Q.shape.slice(-2);
      const transpose = n < k;
      if (transpose) {
        Q = Q.mT;
        [n, k] = [k, n];
      }
      if (!this.useTrivialization) {
        if (this.orthogonal_map === "cayley" || this.orthogonal_map === "matrix_exp") {
          throw new NotImplementedError(
            "It is not possible to assign to the matrix exponential or the Cayley parametrizations when use_trivialization=False.",
          );
        }
        const [A, tau] = callOp(OPS.geqrf, null, [Q]) as [Tensor, Tensor];
        const d = diag(A);
        d.sign_();
        d.copy_(op("where", tau.eq(0.0), d.neg(), d));
        return transpose ? A.mT : A;
      }
      if (n === k) {
        Q = isOrthogonal(Q) ? Q.clone() : makeOrthogonal(Q);
      } else {
        const N = op("randn", [...Q.shape.slice(0, -2), n, n - k], { dtype: Q.dtype, device: Q.device });
        Q = makeOrthogonal(op("cat", [Q, N], -1));
      }
      this.base = Q;
      const negId = op("zeros_like", QInit);
      diag(negId).fill_(-1.0);
      return negId;
    });
  }
}

/** parametrizations.orthogonal(module, name = "weight", orthogonal_map = None, { use_trivialization = true }). */
export function orthogonal<M extends Module>(
  module: M,
  ...args: (string | null | { name?: string; orthogonal_map?: OrthMap | null; use_trivialization?: boolean })[]
): M {
  let name = "weight";
  let orthogonal_map: string | null = null;
  let use_trivialization = true;
  const last = args[args.length - 1];
  const pos = last !== null && typeof last === "object" ? args.slice(0, -1) : args;
  if (pos[0] !== undefined && pos[0] !== null) name = pos[0] as string;
  if (pos[1] !== undefined) orthogonal_map = pos[1] as string | null;
  if (last !== null && typeof last === "object") {
    const o = last as { name?: string; orthogonal_map?: OrthMap | null; use_trivialization?: boolean };
    name = o.name ?? name;
    if (o.orthogonal_map !== undefined) orthogonal_map = o.orthogonal_map;
    use_trivialization = o.use_trivialization ?? true;
  }
  const weight = (module as unknown as Record<string, unknown>)[name];
  if (!(weight instanceof Tensor)) throw new ValueError(`Module '${module}' has no parameter or buffer with name '${name}'`);
  if (weight.dim() < 2) throw new ValueError(`Expected a matrix or batch of matrices. Got a tensor of ${weight.dim()} dimensions.`);
  if (orthogonal_map === null) {
    const s = weight.shape;
    orthogonal_map = s[s.length - 2] === s[s.length - 1] || weight.is_complex() ? "matrix_exp" : "householder";
  }
  if (!["matrix_exp", "cayley", "householder"].includes(orthogonal_map)) {
    throw new ValueError(`orthogonal_map has to be one of "matrix_exp", "cayley", "householder". Got: ${orthogonal_map}`);
  }
  const orth = new _Orthogonal(weight, orthogonal_map as OrthMap, { use_trivialization });
  register_parametrization(module, name, orth, { unsafe: true });
  return module;
}
