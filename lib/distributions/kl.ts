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
import { Binomial } from "./binomial";
import { Cauchy } from "./cauchy";
import { Geometric } from "./geometric";
import { HalfNormal } from "./half_normal";
import { LogNormal } from "./log_normal";
import { TransformedDistribution } from "./transformed_distribution";
import { _sum_rightmost } from "./utils";
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
void special;
