// torch.distributions.ExponentialFamily (torch/distributions/exp_family.py): the base class of
// the exponential-family distributions. Its Bregman-divergence entropy is not ported: every
// distribution here defines its own entropy.
import { Distribution } from "./distribution";

export class ExponentialFamily extends Distribution {}
