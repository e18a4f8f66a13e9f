// torch/_lowrank.py: randomized low-rank SVD and PCA (Halko et al.). They draw their random
// matrix from torch.randn on the default generator, as Python's do, so the same seed gives
// Python's result. Dense (strided) inputs only: torchts has no sparse tensors.
import { bindArgs } from "./_args";
import { callOp } from "./_dispatch";
import { float16, float32, float64, type dtype } from "./dtype";
import { ValueError } from "./errors";
import { OPS } from "./generated/ops";
import { Tensor } from "./tensor";

type T = Tensor;

/** _linalg_utils.get_floating_dtype: the dtype of a float16/32/64 tensor, else float32. */
function getFloatingDtype(A: T): dtype {
  const d = A.dtype;
  return d === float16 || d === float32 || d === float64 ? d : float32;
}

const matmul = (A: T, B: T): T => callOp(OPS.matmul, null, [A, B]) as T;
const qrQ = (X: T): T => (callOp(OPS.linalg_qr, null, [X]) as T[])[0];

/** _lowrank.get_approximate_basis(A, q, niter=2, M=None): an orthonormal basis of about A's range. */
export function get_approximate_basis(...args: unknown[]): T {
  const [A, q, niterArg, M = null] = bindArgs("get_approximate_basis", ["A", "q", "niter", "M"], args, 2) as [T, number, number | null | undefined, T | null];
  const niter = niterArg ?? 2;
  const dt = A.is_complex() ? A.dtype : getFloatingDtype(A);
  const R = callOp(OPS.randn, null, [[A.shape[A.dim() - 1], q], { dtype: dt, device: A.device }]) as T;
  let X = matmul(A, R);
  if (M !== null) X = X.sub(matmul(M, R));
  let Q = qrQ(X);
  for (let i = 0; i < niter; i++) {
    X = matmul(A.mH, Q);
    if (M !== null) X = X.sub(matmul(M.mH, Q));
    Q = qrQ(X);
    X = matmul(A, Q);
    if (M !== null) X = X.sub(matmul(M, Q));
    Q = qrQ(X);
  }
  return Q;
}

export interface SvdLowrankOptions {
  q?: number | null;
  niter?: number | null;
  M?: T | null;
}

/**
 * torch.svd_lowrank(A, q=6, niter=2, M=None): [U, S, V] of a rank-q approximation of A (or
 * of A - M), A ≈ U diag(S) V^H.
 */
export function svd_lowrank(...args: (T | number | null | SvdLowrankOptions)[]): T[] {
  const [A, q, niter, M = null] = bindArgs("svd_lowrank", ["A", "q", "niter", "M"], args, 1) as [T, number | null, number | null, T | null];
  return svdLowrankImpl(A, q ?? 6, niter === undefined ? 2 : niter, M);
}

function svdLowrankImpl(A: T, q: number, niter: number | null, M: T | null): T[] {
  const [m, n] = A.shape.slice(-2);
  if (M !== null) M = M.broadcast_to(A.size());
  if (m < n) {
    A = A.mH;
    if (M !== null) M = M.mH;
  }
  const Q = get_approximate_basis(A, q, niter, M);
  let B = matmul(Q.mH, A);
  if (M !== null) B = B.sub(matmul(Q.mH, M));
  const [U0, S, Vh] = callOp(OPS.linalg_svd, null, [B, { full_matrices: false }]) as T[];
  let V = Vh.mH;
  let U = Q.matmul(U0);
  if (m < n) [U, V] = [V, U];
  return [U, S, V];
}

export interface PcaLowrankOptions {
  q?: number | null;
  center?: boolean;
  niter?: number;
}

/** torch.pca_lowrank(A, q=None, center=True, niter=2): [U, S, V] of the centered A's low-rank SVD. */
export function pca_lowrank(...args: (T | number | boolean | null | PcaLowrankOptions)[]): T[] {
  const [A, qArg = null, center = true, niter = 2] = bindArgs("pca_lowrank", ["A", "q", "center", "niter"], args, 1) as [
    T,
    number | null,
    boolean,
    number,
  ];
  const [m, n] = A.shape.slice(-2);
  let q = qArg;
  if (q === null) q = Math.min(6, m, n);
  else if (!(q >= 0 && q <= Math.min(m, n))) {
    throw new ValueError(`q(=${q}) must be non-negative integer and not greater than min(m, n)=${Math.min(m, n)}`);
  }
  if (!(niter >= 0)) throw new ValueError(`niter(=${niter}) must be non-negative integer`);
  if (!center) return svdLowrankImpl(A, q, niter, null);
  const C = A.mean({ dim: [-2], keepdim: true });
  return svdLowrankImpl(A.sub(C), q, niter, null);
}
