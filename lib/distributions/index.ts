// torch.distributions, ported from torch/distributions/ (torch 2.11): the distributions below,
// their constraints, kl_divergence and register_kl. Constructors take Python's positional
// arguments and one trailing options object: new Normal(loc, scale), new Categorical({ logits }).
import * as constraints from "./constraints";
import * as utils from "./utils";
import * as transforms from "./transforms";
import * as constraint_registry from "./constraint_registry";
import { biject_to, transform_to } from "./constraint_registry";
import { Bernoulli } from "./bernoulli";
import { Binomial } from "./binomial";
import { Cauchy } from "./cauchy";
import { Chi2 } from "./chi2";
import { Geometric } from "./geometric";
import { HalfNormal } from "./half_normal";
import { Multinomial } from "./multinomial";
import { InverseGamma } from "./inverse_gamma";
import { FisherSnedecor } from "./fishersnedecor";
import * as relaxed_bernoulli from "./relaxed_bernoulli";
import * as relaxed_categorical from "./relaxed_categorical";
import { RelaxedBernoulli } from "./relaxed_bernoulli";
import { RelaxedOneHotCategorical } from "./relaxed_categorical";
import { Gumbel } from "./gumbel";
import { HalfCauchy } from "./half_cauchy";
import { NegativeBinomial } from "./negative_binomial";
import { Pareto } from "./pareto";
import { Weibull } from "./weibull";
import { MixtureSameFamily } from "./mixture_same_family";
import { StudentT } from "./studentT";
import { LogNormal } from "./log_normal";
import { TransformedDistribution } from "./transformed_distribution";
import { Beta } from "./beta";
import { Categorical } from "./categorical";
import { Dirichlet } from "./dirichlet";
import { Distribution } from "./distribution";
import { ExponentialFamily } from "./exp_family";
import { Exponential } from "./exponential";
import { Gamma } from "./gamma";
import { Independent } from "./independent";
import { kl_divergence, register_kl } from "./kl";
import { Laplace } from "./laplace";
import { MultivariateNormal } from "./multivariate_normal";
import { Normal } from "./normal";
import { OneHotCategorical, OneHotCategoricalStraightThrough } from "./one_hot_categorical";
import { Poisson } from "./poisson";
import { Uniform } from "./uniform";

export {
  constraints,
  utils,
  transforms,
  biject_to,
  transform_to,
  constraint_registry,
  Bernoulli,
  Binomial,
  Cauchy,
  Chi2,
  Geometric,
  HalfNormal,
  Multinomial,
  InverseGamma,
  FisherSnedecor,
  RelaxedBernoulli,
  RelaxedOneHotCategorical,
  /** torch.distributions.relaxed_bernoulli (LogitRelaxedBernoulli), relaxed_categorical (ExpRelaxedCategorical). */
  relaxed_bernoulli,
  relaxed_categorical,
  Gumbel,
  HalfCauchy,
  NegativeBinomial,
  Pareto,
  Weibull,
  OneHotCategoricalStraightThrough,
  MixtureSameFamily,
  StudentT,
  LogNormal,
  TransformedDistribution,
  Beta,
  Categorical,
  Dirichlet,
  Distribution,
  ExponentialFamily,
  Exponential,
  Gamma,
  Independent,
  kl_divergence,
  register_kl,
  Laplace,
  MultivariateNormal,
  Normal,
  OneHotCategorical,
  Poisson,
  Uniform,
};
export {
  Transform,
  ComposeTransform,
  ExpTransform,
  PowerTransform,
  SigmoidTransform,
  TanhTransform,
  AbsTransform,
  AffineTransform,
  SoftplusTransform,
  IndependentTransform,
  SoftmaxTransform,
  StickBreakingTransform,
  identity_transform,
} from "./transforms";
export const kl = { kl_divergence, register_kl };
