// torch.masked: reductions and normalizations over the elements a boolean mask selects.
import * as ops from "./_ops";

export const masked = {
  sum: ops.sum,
  prod: ops.prod,
  cumsum: ops.cumsum,
  cumprod: ops.cumprod,
  amax: ops.amax,
  amin: ops.amin,
  argmax: ops.argmax,
  argmin: ops.argmin,
  mean: ops.mean,
  median: ops.median,
  logsumexp: ops.logsumexp,
  logaddexp: ops.logaddexp,
  norm: ops.norm,
  /** torch.masked.var (`var` is a JS keyword, hence the module's var_). */
  var: ops.var_,
  std: ops.std,
  softmax: ops.softmax,
  log_softmax: ops.log_softmax,
  softmin: ops.softmin,
  normalize: ops.normalize,
  _canonical_dim: ops._canonical_dim,
  _input_mask: ops._input_mask,
  _reduction_identity: ops._reduction_identity,
};
