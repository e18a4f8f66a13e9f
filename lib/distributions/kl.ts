// torch.distributions.kl, ported from torch/distributions/kl.py (torch 2.11): kl_divergence(p, q)
// dispatches on the pair of classes to the most specific function register_kl recorded.
import { _nn, _VF, aten } from "../_aten";
import { NotImplementedError, TypeError, ValueError } from "../errors";
import { warn } from "../_python";
import { Tensor } from "../tensor";
import { special } from "../special";
import { linalg } from "../linalg";
import { Bernoulli } from "./bernoulli";
import { Beta } from "./beta";
import { Categorical } from "./categorical";
import { Dirichlet } from "./dirichlet";
import { Distribution } from "./distribution";
import { Exponential } from "./exponential";
import { ExponentialFamily } from "./exp_family";
import { Gamma } from "./gamma";
import { Independent } from "./independent";
import { Laplace } from "./laplace";
import { _batch_mahalanobis, MultivariateNormal } from "./multivariate_normal";
import { Normal } from "./normal";
import { OneHotCategorical } from "./one_hot_categorical";
import { Poisson } from "./poisson";
import { Uniform } from "./uniform";
import { Gumbel } from "./gumbel";
import { Pareto } from "./pareto";
import { Binomial } from "./binomial";
import { Cauchy } from "./cauchy";
import { Geometric } from "./geometric";
import { HalfNormal } from "./half_normal";
import { LogNormal } from "./log_normal";
import { TransformedDistribution } from "./transformed_distribution";
import { _sum_rightmost, euler_constant } from "./utils";
import { _Interval } from "./constraints";

type T = Tensor;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type DistClass = abstract new (...args: any[]) => Distribution;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type KLFn = (p: any, q: any) => T;

const _KL_REGISTRY = new Map<DistClass, Map<DistClass, KLFn>>();
const _KL_MEMOIZE = new Map<DistClass, Map<DistClass, KLFn | null>>();

const isSubclass = (a: DistClass, b: DistClass): boolean => a === b || a.prototype instanceof b;
const isDistClass = (t: unknown): t is DistClass => typeof t === "function" && isSubclass(t as DistClass, Distribution);

/** register_kl(type_p, type_q)(fn): registers fn as KL(p || q) for these classes (and their subclasses). */
export function register_kl(type_p: DistClass, type_q: DistClass): <F extends KLFn>(fun: F) => F {
  if (!isDistClass(type_p)) throw new TypeError(`Expected type_p to be a Distribution subclass but got ${String(type_p)}`);
  if (!isDistClass(type_q)) throw new TypeError(`Expected type_q to be a Distribution subclass but got ${String(type_q)}`);
  return (fun) => {
    if (!_KL_REGISTRY.has(type_p)) _KL_REGISTRY.set(type_p, new Map());
    _KL_REGISTRY.get(type_p)!.set(type_q, fun);
    _KL_MEMOIZE.clear(); // reset since lookup order may have changed
    return fun;
  };
}

/** Python's _Match ordering: a <= b lexicographically by subclass. */
function matchLe(a: DistClass[], b: DistClass[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (!isSubclass(a[i], b[i])) return false;
    if (a[i] !== b[i]) break;
  }
  return true;
}
function matchMin(items: DistClass[][]): DistClass[] {
  let best = items[0];
  for (const m of items.slice(1)) if (matchLe(m, best) && !matchLe(best, m)) best = m;
  return best;
}

function _dispatch_kl(type_p: DistClass, type_q: DistClass): KLFn | null {
  const matches: DistClass[][] = [];
  for (const [super_p, inner] of _KL_REGISTRY) {
    for (const super_q of inner.keys()) if (isSubclass(type_p, super_p) && isSubclass(type_q, super_q)) matches.push([super_p, super_q]);
  }
  if (matches.length === 0) return null;
  const [left_p, left_q] = matchMin(matches);
  const [right_q, right_p] = matchMin(matches.map((m) => [m[1], m[0]]));
  const left_fun = _KL_REGISTRY.get(left_p)!.get(left_q)!;
  const right_fun = _KL_REGISTRY.get(right_p)!.get(right_q)!;
  if (left_fun !== right_fun) {
    warn(`Ambiguous kl_divergence(${type_p.name}, ${type_q.name}). Please register_kl(${left_p.name}, ${right_q.name})`, "RuntimeWarning");
  }
  return left_fun;
}

const _infinite_like = (tensor: T): T => aten.full_like(tensor, Infinity);
const _batch_trace_XXT = (bmat: T): T => {
  const n = bmat.shape[bmat.dim() - 1];
  const m = bmat.shape[bmat.dim() - 2];
  return bmat.reshape([-1, m * n]).pow(2).sum(-1).reshape(bmat.shape.slice(0, -2));
};

/** kl_divergence(p, q): KL(p || q), batched over batch_shape. */
export function kl_divergence(p: Distribution, q: Distribution): T {
  const tp = p.constructor as DistClass;
  const tq = q.constructor as DistClass;
  let fun: KLFn | null | undefined = _KL_MEMOIZE.get(tp)?.get(tq);
  if (fun === undefined) {
    fun = _dispatch_kl(tp, tq);
    if (!_KL_MEMOIZE.has(tp)) _KL_MEMOIZE.set(tp, new Map());
    _KL_MEMOIZE.get(tp)!.set(tq, fun);
  }
  if (fun === null) {
    throw new NotImplementedError(`No KL(p || q) is implemented for p type ${tp.name} and q type ${tq.name}`);
  }
  return fun(p, q);
}

const softplus = (x: T): T => _nn.softplus(x);

register_kl(Bernoulli, Bernoulli)((p: Bernoulli, q: Bernoulli) => {
  const t1 = p.probs.mul(softplus(q.logits.neg()).sub(softplus(p.logits.neg())));
  t1.index_set_([q.probs.eq(0)], Infinity);
  t1.index_set_([p.probs.eq(0)], 0);
  const t2 = aten.rsub(p.probs, 1).mul(softplus(q.logits).sub(softplus(p.logits)));
  t2.index_set_([q.probs.eq(1)], Infinity);
  t2.index_set_([p.probs.eq(1)], 0);
  return t1.add(t2);
});

register_kl(Beta, Beta)((p: Beta, q: Beta) => {
  const sum_params_p = p.concentration1.add(p.concentration0);
  const sum_params_q = q.concentration1.add(q.concentration0);
  const t1 = q.concentration1.lgamma().add(q.concentration0.lgamma()).add(sum_params_p.lgamma());
  const t2 = p.concentration1.lgamma().add(p.concentration0.lgamma()).add(sum_params_q.lgamma());
  const t3 = p.concentration1.sub(q.concentration1).mul(aten.digamma(p.concentration1));
  const t4 = p.concentration0.sub(q.concentration0).mul(aten.digamma(p.concentration0));
  const t5 = sum_params_q.sub(sum_params_p).mul(aten.digamma(sum_params_p));
  return t1.sub(t2).add(t3).add(t4).add(t5);
});

const _kl_categorical_categorical = (p: Categorical, q: Categorical): T => {
  const t = p.probs.mul(p.logits.sub(q.logits));
  t.index_set_([q.probs.eq(0).expand_as(t)], Infinity);
  t.index_set_([p.probs.eq(0).expand_as(t)], 0);
  return t.sum(-1);
};
register_kl(Categorical, Categorical)(_kl_categorical_categorical);

register_kl(Dirichlet, Dirichlet)((p: Dirichlet, q: Dirichlet) => {
  const sum_p_concentration = p.concentration.sum(-1);
  const sum_q_concentration = q.concentration.sum(-1);
  const t1 = sum_p_concentration.lgamma().sub(sum_q_concentration.lgamma());
  const t2 = p.concentration.lgamma().sub(q.concentration.lgamma()).sum(-1);
  const t3 = p.concentration.sub(q.concentration);
  const t4 = p.concentration.digamma().sub(sum_p_concentration.digamma().unsqueeze(-1));
  return t1.sub(t2).add(t3.mul(t4).sum(-1));
});

register_kl(Exponential, Exponential)((p: Exponential, q: Exponential) => {
  const rate_ratio = q.rate.div(p.rate);
  const t1 = rate_ratio.log().neg();
  return t1.add(rate_ratio).sub(1);
});

register_kl(Gamma, Gamma)((p: Gamma, q: Gamma) => {
  const t1 = q.concentration.mul(p.rate.div(q.rate).log());
  const t2 = aten.lgamma(q.concentration).sub(aten.lgamma(p.concentration));
  const t3 = p.concentration.sub(q.concentration).mul(aten.digamma(p.concentration));
  const t4 = q.rate.sub(p.rate).mul(p.concentration.div(p.rate));
  return t1.add(t2).add(t3).add(t4);
});

register_kl(Laplace, Laplace)((p: Laplace, q: Laplace) => {
  const scale_ratio = p.scale.div(q.scale);
  const loc_abs_diff = p.loc.sub(q.loc).abs();
  const t1 = scale_ratio.log().neg();
  const t2 = loc_abs_diff.div(q.scale);
  const t3 = scale_ratio.mul(aten.exp(loc_abs_diff.neg().div(p.scale)));
  return t1.add(t2).add(t3).sub(1);
});

register_kl(MultivariateNormal, MultivariateNormal)((p: MultivariateNormal, q: MultivariateNormal) => {
  const pe = p.event_shape;
  const qe = q.event_shape;
  if (pe.length !== qe.length || pe.some((s, i) => s !== qe[i])) {
    throw new ValueError(
      "KL-divergence between two Multivariate Normals with                          different event shapes cannot be computed",
    );
  }
  const half_term1 = q._unbroadcasted_scale_tril
    .diagonal(0, -2, -1)
    .log()
    .sum(-1)
    .sub(p._unbroadcasted_scale_tril.diagonal(0, -2, -1).log().sum(-1));
  const combined_batch_shape = _VF.broadcast_tensors([
    aten.empty(q._unbroadcasted_scale_tril.shape.slice(0, -2)),
    aten.empty(p._unbroadcasted_scale_tril.shape.slice(0, -2)),
  ])[0].shape;
  const n = p.event_shape[0];
  const q_scale_tril = q._unbroadcasted_scale_tril.expand([...combined_batch_shape, n, n]);
  const p_scale_tril = p._unbroadcasted_scale_tril.expand([...combined_batch_shape, n, n]);
  const term2 = _batch_trace_XXT(linalg.solve_triangular(q_scale_tril, p_scale_tril, { upper: false }));
  const term3 = _batch_mahalanobis(q._unbroadcasted_scale_tril, q.loc.sub(p.loc));
  return half_term1.add(term2.add(term3).sub(n).mul(0.5));
});

const _kl_normal_normal = (p: Normal, q: Normal): T => {
  const var_ratio = p.scale.div(q.scale).pow(2);
  const t1 = p.loc.sub(q.loc).div(q.scale).pow(2);
  return var_ratio.add(t1).sub(1).sub(var_ratio.log()).mul(0.5);
};
register_kl(Normal, Normal)(_kl_normal_normal);

register_kl(Geometric, Geometric)((p: Geometric, q: Geometric) =>
  p.entropy().neg().sub(aten.log1p(q.probs.neg()).div(p.probs)).sub(q.logits),
);

register_kl(HalfNormal, HalfNormal)((p: HalfNormal, q: HalfNormal) => _kl_normal_normal(p.base_dist, q.base_dist));

register_kl(Cauchy, Cauchy)((p: Cauchy, q: Cauchy) => {
  const t1 = p.scale.add(q.scale).pow(2).add(p.loc.sub(q.loc).pow(2)).log();
  const t2 = p.scale.mul(4).mul(q.scale).log();
  return t1.sub(t2);
});

register_kl(OneHotCategorical, OneHotCategorical)((p: OneHotCategorical, q: OneHotCategorical) =>
  _kl_categorical_categorical(p._categorical, q._categorical),
);

register_kl(Poisson, Poisson)((p: Poisson, q: Poisson) => p.rate.mul(p.rate.log().sub(q.rate.log())).sub(p.rate.sub(q.rate)));

register_kl(Uniform, Uniform)((p: Uniform, q: Uniform) => {
  const result = q.high.sub(q.low).div(p.high.sub(p.low)).log();
  result.index_set_([q.low.gt(p.low).logical_or(q.high.lt(p.high))], Infinity);
  return result;
});

register_kl(Independent, Independent)((p: Independent, q: Independent) => {
  if (p.reinterpreted_batch_ndims !== q.reinterpreted_batch_ndims) throw new NotImplementedError();
  const result = kl_divergence(p.base_dist, q.base_dist);
  return _sum_rightmost(result, p.reinterpreted_batch_ndims);
});

register_kl(Beta, Uniform)((p: Beta, q: Uniform) => {
  const result = p.entropy().neg().add(q.high.sub(q.low).log());
  const support = p.support as _Interval;
  result.index_set_([q.low.gt(support.lower_bound as T).logical_or(q.high.lt(support.upper_bound as T))], Infinity);
  return result;
});

register_kl(Gamma, Normal)((p: Gamma, q: Normal) => {
  const var_normal = q.scale.pow(2);
  const beta_sqr = p.rate.pow(2);
  const t1 = aten.log(beta_sqr.mul(var_normal).mul(2).mul(Math.PI)).mul(0.5).sub(p.concentration).sub(p.concentration.lgamma());
  const t2 = p.concentration.pow(2).add(p.concentration).mul(0.5).div(beta_sqr);
  const t3 = q.loc.mul(p.concentration).div(p.rate);
  const t4 = q.loc.pow(2).mul(0.5);
  return t1.add(p.concentration.sub(1).mul(p.concentration.digamma())).add(t2.sub(t3).add(t4).div(var_normal));
});

register_kl(Uniform, Normal)((p: Uniform, q: Normal) => {
  const common_term = p.high.sub(p.low);
  const t1 = q.scale.mul(Math.sqrt(Math.PI * 2)).div(common_term).log();
  const t2 = common_term.pow(2).div(12);
  const t3 = p.high.add(p.low).sub(q.loc.mul(2)).div(2).pow(2);
  return t1.add(t2.add(t3).mul(0.5).div(q.scale.pow(2)));
});

register_kl(ExponentialFamily, ExponentialFamily)((p: ExponentialFamily, q: ExponentialFamily) => {
  if (p.constructor !== q.constructor) {
    throw new NotImplementedError(
      "The cross KL-divergence between different exponential families cannot                             be computed using Bregman divergences",
    );
  }
  // Python computes the Bregman divergence of the log-normalizer here; torchts registers an
  // explicit function for every exponential family it has, so only a user's subclass lands here.
  throw new NotImplementedError(`No KL(p || q) is implemented for p type ${p.constructor.name} and q type ${q.constructor.name}`);
});

register_kl(Binomial, Binomial)((p: Binomial, q: Binomial) => {
  if (p.total_count.lt(q.total_count).any().item()) {
    throw new NotImplementedError("KL between Binomials where q.total_count > p.total_count is not implemented");
  }
  const kl = p.total_count.mul(p.probs.mul(p.logits.sub(q.logits)).add(p.probs.neg().log1p()).sub(q.probs.neg().log1p()));
  const inf_idxs = p.total_count.gt(q.total_count);
  kl.index_set_([inf_idxs], _infinite_like(kl.index(inf_idxs)));
  return kl;
});

register_kl(TransformedDistribution, TransformedDistribution)((p: TransformedDistribution, q: TransformedDistribution) => {
  if (p.transforms.length !== q.transforms.length || p.transforms.some((t, i) => !t.__eq__(q.transforms[i]))) throw new NotImplementedError();
  const pe = p.event_shape;
  const qe = q.event_shape;
  if (pe.length !== qe.length || pe.some((s, i) => s !== qe[i])) throw new NotImplementedError();
  return kl_divergence(p.base_dist, q.base_dist);
});

const _kl_normal_infinity = (p: Normal): T => _infinite_like(p.loc);
register_kl(Normal, Gamma)(_kl_normal_infinity);
register_kl(Normal, Uniform)(_kl_normal_infinity);

// Cross-family pairs (Python's kl.py, in its order).
const _euler_gamma = euler_constant;
const _x_log_x = (t: T): T => special.xlogy(t, t);
const setInf = (result: T, mask: T): T => {
  result.index_set_([mask], Infinity);
  return result;
};

register_kl(Gumbel, Gumbel)((p: Gumbel, q: Gumbel) => {
  const ct1 = p.scale.div(q.scale);
  const ct2 = q.loc.div(q.scale);
  const ct3 = p.loc.div(q.scale);
  const t1 = ct1.log().neg().sub(ct2).add(ct3);
  const t2 = ct1.mul(_euler_gamma);
  const t3 = aten.exp(ct2.add(ct1.add(1).lgamma()).sub(ct3));
  return t1.add(t2).add(t3).sub(1 + _euler_gamma);
});

register_kl(Pareto, Pareto)((p: Pareto, q: Pareto) => {
  const scale_ratio = p.scale.div(q.scale);
  const alpha_ratio = q.alpha.div(p.alpha);
  const t1 = q.alpha.mul(scale_ratio.log());
  const t2 = alpha_ratio.log().neg();
  const result = t1.add(t2).add(alpha_ratio).sub(1);
  return setInf(result, p.scale.lt(q.scale));
});

register_kl(Bernoulli, Poisson)((p: Bernoulli, q: Poisson) => p.entropy().neg().sub(p.probs.mul(q.rate.log()).sub(q.rate)));

register_kl(Beta, Pareto)((p: Beta) => _infinite_like(p.concentration1));

register_kl(Beta, Exponential)((p: Beta, q: Exponential) =>
  p.entropy().neg().sub(q.rate.log()).add(q.rate.mul(p.concentration1.div(p.concentration1.add(p.concentration0)))),
);

register_kl(Beta, Gamma)((p: Beta, q: Gamma) => {
  const t1 = p.entropy().neg();
  const t2 = q.concentration.lgamma().sub(q.concentration.mul(q.rate.log()));
  const t3 = q.concentration.sub(1).mul(p.concentration1.digamma().sub(p.concentration1.add(p.concentration0).digamma()));
  const t4 = q.rate.mul(p.concentration1).div(p.concentration1.add(p.concentration0));
  return t1.add(t2).sub(t3).add(t4);
});

register_kl(Beta, Normal)((p: Beta, q: Normal) => {
  const E_beta = p.concentration1.div(p.concentration1.add(p.concentration0));
  const var_normal = q.scale.pow(2);
  const t1 = p.entropy().neg();
  const t2 = var_normal.mul(2).mul(Math.PI).log().mul(0.5);
  const t3 = E_beta.mul(aten.rsub(E_beta, 1)).div(p.concentration1.add(p.concentration0).add(1)).add(E_beta.pow(2)).mul(0.5);
  const t4 = q.loc.mul(E_beta);
  const t5 = q.loc.pow(2).mul(0.5);
  return t1.add(t2).add(t3.sub(t4).add(t5).div(var_normal));
});

const _kl_exponential_infinity = (p: Exponential): T => _infinite_like(p.rate);
register_kl(Exponential, Beta)(_kl_exponential_infinity);
register_kl(Exponential, Pareto)(_kl_exponential_infinity);
register_kl(Exponential, Uniform)(_kl_exponential_infinity);

register_kl(Exponential, Gamma)((p: Exponential, q: Gamma) => {
  const ratio = q.rate.div(p.rate);
  const t1 = q.concentration.neg().mul(aten.log(ratio));
  return t1.add(ratio).add(q.concentration.lgamma()).add(q.concentration.mul(_euler_gamma)).sub(1 + _euler_gamma);
});

register_kl(Exponential, Gumbel)((p: Exponential, q: Gumbel) => {
  const scale_rate_prod = p.rate.mul(q.scale);
  const loc_scale_ratio = q.loc.div(q.scale);
  const t1 = scale_rate_prod.log().sub(1);
  const t2 = aten.exp(loc_scale_ratio).mul(scale_rate_prod).div(scale_rate_prod.add(1));
  const t3 = scale_rate_prod.reciprocal();
  return t1.sub(loc_scale_ratio).add(t2).add(t3);
});

register_kl(Exponential, Normal)((p: Exponential, q: Normal) => {
  const var_normal = q.scale.pow(2);
  const rate_sqr = p.rate.pow(2);
  const t1 = aten.log(rate_sqr.mul(var_normal).mul(2).mul(Math.PI)).mul(0.5);
  const t2 = rate_sqr.reciprocal();
  const t3 = q.loc.div(p.rate);
  const t4 = q.loc.pow(2).mul(0.5);
  return t1.sub(1).add(t2.sub(t3).add(t4).div(var_normal));
});

const _kl_gamma_infinity = (p: Gamma): T => _infinite_like(p.concentration);
register_kl(Gamma, Beta)(_kl_gamma_infinity);
register_kl(Gamma, Pareto)(_kl_gamma_infinity);
register_kl(Gamma, Uniform)(_kl_gamma_infinity);

register_kl(Gamma, Exponential)((p: Gamma, q: Exponential) => p.entropy().neg().sub(q.rate.log()).add(q.rate.mul(p.concentration).div(p.rate)));

register_kl(Gamma, Gumbel)((p: Gamma, q: Gumbel) => {
  const beta_scale_prod = p.rate.mul(q.scale);
  const loc_scale_ratio = q.loc.div(q.scale);
  const t1 = p.concentration.sub(1).mul(p.concentration.digamma()).sub(p.concentration.lgamma()).sub(p.concentration);
  const t2 = beta_scale_prod.log().add(p.concentration.div(beta_scale_prod));
  const t3 = aten.exp(loc_scale_ratio).mul(beta_scale_prod.reciprocal().add(1).pow(p.concentration.neg())).sub(loc_scale_ratio);
  return t1.add(t2).add(t3);
});

const _kl_gumbel_infinity = (p: Gumbel): T => _infinite_like(p.loc);
register_kl(Gumbel, Beta)(_kl_gumbel_infinity);
register_kl(Gumbel, Exponential)(_kl_gumbel_infinity);
register_kl(Gumbel, Gamma)(_kl_gumbel_infinity);
register_kl(Gumbel, Pareto)(_kl_gumbel_infinity);
register_kl(Gumbel, Uniform)(_kl_gumbel_infinity);

register_kl(Gumbel, Normal)((p: Gumbel, q: Normal) => {
  const param_ratio = p.scale.div(q.scale);
  const t1 = param_ratio.div(Math.sqrt(2 * Math.PI)).log();
  const t2 = param_ratio.mul(Math.PI).mul(0.5).pow(2).div(3);
  const t3 = p.loc.add(p.scale.mul(_euler_gamma)).sub(q.loc).div(q.scale).pow(2).mul(0.5);
  return t1.neg().add(t2).add(t3).sub(_euler_gamma + 1);
});

const _kl_laplace_infinity = (p: Laplace): T => _infinite_like(p.loc);
register_kl(Laplace, Beta)(_kl_laplace_infinity);
register_kl(Laplace, Exponential)(_kl_laplace_infinity);
register_kl(Laplace, Gamma)(_kl_laplace_infinity);
register_kl(Laplace, Pareto)(_kl_laplace_infinity);
register_kl(Laplace, Uniform)(_kl_laplace_infinity);

register_kl(Laplace, Normal)((p: Laplace, q: Normal) => {
  const var_normal = q.scale.pow(2);
  const scale_sqr_var_ratio = p.scale.pow(2).div(var_normal);
  const t1 = aten.log(scale_sqr_var_ratio.mul(2).div(Math.PI)).mul(0.5);
  const t2 = p.loc.pow(2).mul(0.5);
  const t3 = p.loc.mul(q.loc);
  const t4 = q.loc.pow(2).mul(0.5);
  return t1.neg().add(scale_sqr_var_ratio).add(t2.sub(t3).add(t4).div(var_normal)).sub(1);
});

register_kl(Normal, Beta)(_kl_normal_infinity);
register_kl(Normal, Exponential)(_kl_normal_infinity);
register_kl(Normal, Pareto)(_kl_normal_infinity);

register_kl(Normal, Gumbel)((p: Normal, q: Gumbel) => {
  const mean_scale_ratio = p.loc.div(q.scale);
  const var_scale_sqr_ratio = p.scale.div(q.scale).pow(2);
  const loc_scale_ratio = q.loc.div(q.scale);
  const t1 = var_scale_sqr_ratio.log().mul(0.5);
  const t2 = mean_scale_ratio.sub(loc_scale_ratio);
  const t3 = aten.exp(mean_scale_ratio.neg().add(var_scale_sqr_ratio.mul(0.5)).add(loc_scale_ratio));
  return t1.neg().add(t2).add(t3).sub(0.5 * (1 + Math.log(2 * Math.PI)));
});

register_kl(Normal, Laplace)((p: Normal, q: Laplace) => {
  const loc_diff = p.loc.sub(q.loc);
  const scale_ratio = p.scale.div(q.scale);
  const loc_diff_scale_ratio = loc_diff.div(p.scale);
  const t1 = aten.log(scale_ratio);
  const t2 = p.scale.mul(Math.sqrt(2 / Math.PI)).mul(aten.exp(loc_diff_scale_ratio.pow(2).mul(-0.5)));
  const t3 = loc_diff.mul(aten.erf(loc_diff_scale_ratio.mul(Math.sqrt(0.5))));
  return t1.neg().add(t2.add(t3).div(q.scale)).sub(0.5 * (1 + Math.log(0.5 * Math.PI)));
});

const _kl_pareto_infinity = (p: Pareto): T => _infinite_like(p.scale);
register_kl(Pareto, Beta)(_kl_pareto_infinity);
register_kl(Pareto, Uniform)(_kl_pareto_infinity);

register_kl(Pareto, Exponential)((p: Pareto, q: Exponential) => {
  const scale_rate_prod = p.scale.mul(q.rate);
  const t1 = p.alpha.div(scale_rate_prod).log();
  const t2 = p.alpha.reciprocal();
  const t3 = p.alpha.mul(scale_rate_prod).div(p.alpha.sub(1));
  return setInf(t1.sub(t2).add(t3).sub(1), p.alpha.le(1));
});

register_kl(Pareto, Gamma)((p: Pareto, q: Gamma) => {
  const common_term = p.scale.log().add(p.alpha.reciprocal());
  const t1 = p.alpha.log().sub(common_term);
  const t2 = q.concentration.lgamma().sub(q.concentration.mul(q.rate.log()));
  const t3 = aten.rsub(q.concentration, 1).mul(common_term);
  const t4 = q.rate.mul(p.alpha).mul(p.scale).div(p.alpha.sub(1));
  return setInf(t1.add(t2).add(t3).add(t4).sub(1), p.alpha.le(1));
});

register_kl(Pareto, Normal)((p: Pareto, q: Normal) => {
  const var_normal = q.scale.pow(2).mul(2);
  const common_term = p.scale.div(p.alpha.sub(1));
  const t1 = q.scale.mul(Math.sqrt(2 * Math.PI)).mul(p.alpha).div(p.scale).log();
  const t2 = p.alpha.reciprocal();
  const t3 = p.alpha.mul(common_term.pow(2)).div(p.alpha.sub(2));
  const t4 = p.alpha.mul(common_term).sub(q.loc).pow(2);
  return setInf(t1.sub(t2).add(t3.add(t4).div(var_normal)).sub(1), p.alpha.le(2));
});

const _kl_poisson_infinity = (p: Poisson): T => _infinite_like(p.rate);
register_kl(Poisson, Bernoulli)(_kl_poisson_infinity);
register_kl(Poisson, Binomial)(_kl_poisson_infinity);

register_kl(Uniform, Beta)((p: Uniform, q: Beta) => {
  const common_term = p.high.sub(p.low);
  const t1 = aten.log(common_term);
  const t2 = q.concentration1.sub(1).mul(_x_log_x(p.high).sub(_x_log_x(p.low)).sub(common_term)).div(common_term);
  const t3 = q.concentration0.sub(1).mul(_x_log_x(aten.rsub(p.high, 1)).sub(_x_log_x(aten.rsub(p.low, 1))).add(common_term)).div(common_term);
  const t4 = q.concentration1.lgamma().add(q.concentration0.lgamma()).sub(q.concentration1.add(q.concentration0).lgamma());
  const result = t3.add(t4).sub(t1).sub(t2);
  const support = q.support as _Interval;
  return setInf(result, p.high.gt(support.upper_bound as T).logical_or(p.low.lt(support.lower_bound as T)));
});

register_kl(Uniform, Exponential)((p: Uniform, q: Exponential) => {
  const result = q.rate.mul(p.high.add(p.low)).div(2).sub(p.high.sub(p.low).mul(q.rate).log());
  return setInf(result, p.low.lt(0.0));
});

register_kl(Uniform, Gamma)((p: Uniform, q: Gamma) => {
  const common_term = p.high.sub(p.low);
  const t1 = common_term.log();
  const t2 = q.concentration.lgamma().sub(q.concentration.mul(q.rate.log()));
  const t3 = aten.rsub(q.concentration, 1).mul(_x_log_x(p.high).sub(_x_log_x(p.low)).sub(common_term)).div(common_term);
  const t4 = q.rate.mul(p.high.add(p.low)).div(2);
  return setInf(t1.neg().add(t2).add(t3).add(t4), p.low.lt(0.0));
});

register_kl(Uniform, Gumbel)((p: Uniform, q: Gumbel) => {
  const common_term = q.scale.div(p.high.sub(p.low));
  const high_loc_diff = p.high.sub(q.loc).div(q.scale);
  const low_loc_diff = p.low.sub(q.loc).div(q.scale);
  const t1 = common_term.log().add(high_loc_diff.add(low_loc_diff).mul(0.5));
  const t2 = common_term.mul(aten.exp(high_loc_diff.neg()).sub(aten.exp(low_loc_diff.neg())));
  return t1.sub(t2);
});

register_kl(Uniform, Pareto)((p: Uniform, q: Pareto) => {
  const support_uniform = p.high.sub(p.low);
  const t1 = q.alpha.mul(q.scale.pow(q.alpha)).mul(support_uniform).log();
  const t2 = _x_log_x(p.high).sub(_x_log_x(p.low)).sub(support_uniform).div(support_uniform);
  const result = t2.mul(q.alpha.add(1)).sub(t1);
  return setInf(result, p.low.lt(q.scale));
});
