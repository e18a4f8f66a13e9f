// torch.distributions.MultivariateNormal, ported from torch/distributions/multivariate_normal.py
// (torch 2.11): parameterized by covariance_matrix, precision_matrix or scale_tril.
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { AssertionError, ValueError } from "../errors";
import { broadcast_shapes } from "../functional";
import { linalg } from "../linalg";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Distribution } from "./distribution";
import { _standard_normal, lazy_property } from "./utils";

type T = Tensor;
type Options = { covariance_matrix?: T | null; precision_matrix?: T | null; scale_tril?: T | null; validate_args?: boolean | null };

/** Matrix-vector product over batch dimensions. */
export function _batch_mv(bmat: T, bvec: T): T {
  return aten.matmul(bmat, bvec.unsqueeze(-1)).squeeze(-1);
}

/** The squared Mahalanobis distance x^T (L L^T)^-1 x, batched as Python's. */
export function _batch_mahalanobis(bL: T, bx: T): T {
  const n = bx.shape[bx.dim() - 1];
  const bx_batch_shape = bx.shape.slice(0, -1);
  const bx_batch_dims = bx_batch_shape.length;
  const bL_batch_dims = bL.dim() - 2;
  const outer_batch_dims = bx_batch_dims - bL_batch_dims;
  const old_batch_dims = outer_batch_dims + bL_batch_dims;
  const new_batch_dims = outer_batch_dims + 2 * bL_batch_dims;
  const bx_new_shape = bx.shape.slice(0, outer_batch_dims);
  const sLs = bL.shape.slice(0, -2);
  const sxs = bx.shape.slice(outer_batch_dims, -1);
  for (let i = 0; i < Math.min(sLs.length, sxs.length); i++) bx_new_shape.push(Math.floor(sxs[i] / sLs[i]), sLs[i]);
  bx_new_shape.push(n);
  bx = bx.reshape(bx_new_shape);
  const range = (a: number, b: number, step = 1) => {
    const r: number[] = [];
    for (let i = a; i < b; i += step) r.push(i);
    return r;
  };
  const permute_dims = [...range(0, outer_batch_dims), ...range(outer_batch_dims, new_batch_dims, 2), ...range(outer_batch_dims + 1, new_batch_dims, 2), new_batch_dims];
  bx = bx.permute(permute_dims);
  const flat_L = bL.reshape([-1, n, n]);
  const flat_x = bx.reshape([-1, flat_L.shape[0], n]);
  const flat_x_swap = flat_x.permute([1, 2, 0]);
  const M_swap = linalg.solve_triangular(flat_L, flat_x_swap, { upper: false }).pow(2).sum(-2);
  const M = M_swap.t();
  const permuted_M = M.reshape(bx.shape.slice(0, -1));
  const permute_inv_dims = range(0, outer_batch_dims);
  for (let i = 0; i < bL_batch_dims; i++) permute_inv_dims.push(outer_batch_dims + i, old_batch_dims + i);
  const reshaped_M = permuted_M.permute(permute_inv_dims);
  return reshaped_M.reshape(bx_batch_shape);
}

function _precision_to_scale_tril(P: T): T {
  const Lf = linalg.cholesky(aten.flip(P, [-2, -1]));
  const L_inv = aten.transpose(aten.flip(Lf, [-2, -1]), -2, -1);
  const Id = aten.eye(P.shape[P.dim() - 1], { dtype: P.dtype, device: P.device } as never);
  return linalg.solve_triangular(L_inv, Id, { upper: false });
}

export class MultivariateNormal extends Distribution {
  loc!: T;
  declare covariance_matrix: T;
  declare precision_matrix: T;
  declare scale_tril: T;
  _unbroadcasted_scale_tril!: T;
  get arg_constraints(): Record<string, constraints.Constraint> {
    return {
      loc: constraints.real_vector,
      covariance_matrix: constraints.positive_definite,
      precision_matrix: constraints.positive_definite,
      scale_tril: constraints.lower_cholesky,
    };
  }
  override get support(): constraints.Constraint {
    return constraints.real_vector;
  }
  override get has_rsample(): boolean {
    return true;
  }

  /** MultivariateNormal(loc, covariance_matrix=None, precision_matrix=None, scale_tril=None, validate_args=None). */
  constructor(loc: T, covariance_matrix?: T | null, precision_matrix?: T | null, scale_tril?: T | null, options?: { validate_args?: boolean | null });
  constructor(loc: T, options?: Options);
  constructor(...args: unknown[]) {
    super();
    const [loc, covariance_matrix, precision_matrix, scale_tril, validate_args] = bindArgs(
      "MultivariateNormal.__init__",
      ["loc", "covariance_matrix", "precision_matrix", "scale_tril", "validate_args"],
      args,
      1,
    ) as [T, T | null | undefined, T | null | undefined, T | null | undefined, boolean | undefined];
    if (loc.dim() < 1) throw new ValueError("loc must be at least one-dimensional.");
    if (Number(covariance_matrix != null) + Number(scale_tril != null) + Number(precision_matrix != null) !== 1) {
      throw new ValueError("Exactly one of covariance_matrix or precision_matrix or scale_tril may be specified.");
    }
    let batch_shape: number[];
    if (scale_tril != null) {
      if (scale_tril.dim() < 2) throw new ValueError("scale_tril matrix must be at least two-dimensional, with optional leading batch dimensions");
      batch_shape = broadcast_shapes(scale_tril.shape.slice(0, -2), loc.shape.slice(0, -1));
      this.scale_tril = scale_tril.expand([...batch_shape, -1, -1]);
    } else if (covariance_matrix != null) {
      if (covariance_matrix.dim() < 2) throw new ValueError("covariance_matrix must be at least two-dimensional, with optional leading batch dimensions");
      batch_shape = broadcast_shapes(covariance_matrix.shape.slice(0, -2), loc.shape.slice(0, -1));
      this.covariance_matrix = covariance_matrix.expand([...batch_shape, -1, -1]);
    } else {
      if (precision_matrix == null) throw new AssertionError("precision_matrix is unexpectedly None");
      if (precision_matrix.dim() < 2) throw new ValueError("precision_matrix must be at least two-dimensional, with optional leading batch dimensions");
      batch_shape = broadcast_shapes(precision_matrix.shape.slice(0, -2), loc.shape.slice(0, -1));
      this.precision_matrix = precision_matrix.expand([...batch_shape, -1, -1]);
    }
    this.loc = loc.expand([...batch_shape, -1]);
    this._init(batch_shape, this.loc.shape.slice(-1), validate_args);
    if (scale_tril != null) this._unbroadcasted_scale_tril = scale_tril;
    else if (covariance_matrix != null) this._unbroadcasted_scale_tril = linalg.cholesky(covariance_matrix);
    else this._unbroadcasted_scale_tril = _precision_to_scale_tril(precision_matrix!);
  }

  override expand(batch_shape: readonly number[], _instance?: MultivariateNormal): MultivariateNormal {
    const n = this._get_checked_instance(_instance);
    const loc_shape = [...batch_shape, ...this._event_shape];
    const cov_shape = [...batch_shape, ...this._event_shape, ...this._event_shape];
    n.loc = this.loc.expand(loc_shape);
    n._unbroadcasted_scale_tril = this._unbroadcasted_scale_tril;
    const own = (k: string) => Object.prototype.hasOwnProperty.call(this, k);
    if (own("covariance_matrix")) n.covariance_matrix = this.covariance_matrix.expand(cov_shape);
    if (own("scale_tril")) n.scale_tril = this.scale_tril.expand(cov_shape);
    if (own("precision_matrix")) n.precision_matrix = this.precision_matrix.expand(cov_shape);
    n._init(batch_shape, this._event_shape, false);
    n._validate_args = this._validate_args;
    return n;
  }

  override get mean(): T {
    return this.loc;
  }
  override get mode(): T {
    return this.loc;
  }
  override get variance(): T {
    return this._unbroadcasted_scale_tril.pow(2).sum(-1).expand([...this._batch_shape, ...this._event_shape]);
  }
  override rsample(sample_shape: readonly number[] = []): T {
    const shape = this._extended_shape(sample_shape);
    const eps = _standard_normal(shape, this.loc.dtype, this.loc.device);
    return this.loc.add(_batch_mv(this._unbroadcasted_scale_tril, eps));
  }
  override log_prob(value: T): T {
    if (this._validate_args) this._validate_sample(value);
    const diff = value.sub(this.loc);
    const M = _batch_mahalanobis(this._unbroadcasted_scale_tril, diff);
    const half_log_det = this._unbroadcasted_scale_tril.diagonal(0, -2, -1).log().sum(-1);
    return M.add(this._event_shape[0] * Math.log(2 * Math.PI)).mul(-0.5).sub(half_log_det);
  }
  override entropy(): T {
    const half_log_det = this._unbroadcasted_scale_tril.diagonal(0, -2, -1).log().sum(-1);
    const H = half_log_det.add(0.5 * this._event_shape[0] * (1.0 + Math.log(2 * Math.PI)));
    return this._batch_shape.length === 0 ? H : H.expand(this._batch_shape);
  }
}
const matShape = (self: MultivariateNormal) => [...self._batch_shape, ...self._event_shape, ...self._event_shape];
lazy_property(MultivariateNormal, "scale_tril", (self: MultivariateNormal) => self._unbroadcasted_scale_tril.expand(matShape(self)));
lazy_property(MultivariateNormal, "covariance_matrix", (self: MultivariateNormal) =>
  aten.matmul(self._unbroadcasted_scale_tril, self._unbroadcasted_scale_tril.mT).expand(matShape(self)),
);
lazy_property(MultivariateNormal, "precision_matrix", (self: MultivariateNormal) =>
  aten.cholesky_inverse(self._unbroadcasted_scale_tril).expand(matShape(self)),
);
