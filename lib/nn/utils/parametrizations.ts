// torch.nn.utils.parametrizations (torch/nn/utils/parametrizations.py): weight_norm and
// spectral_norm as parametrizations.
import { no_grad } from "../../autograd";
import { callOp } from "../../_dispatch";
import { IndexError, ValueError } from "../../errors";
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
