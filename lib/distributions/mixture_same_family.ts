// torch.distributions.MixtureSameFamily, ported from torch/distributions/mixture_same_family.py
// (torch 2.11): a mixture whose components are one batched distribution, selected by a Categorical.
import { bindArgs } from "../_args";
import { aten } from "../_aten";
import { no_grad } from "../autograd";
import { ValueError } from "../errors";
import { Tensor } from "../tensor";
import { Categorical } from "./categorical";
import * as constraints from "./constraints";
import { Distribution, sizeStr } from "./distribution";

type T = Tensor;

export class MixtureSameFamily extends Distribution {
  _mixture_distribution!: Categorical;
  _component_distribution!: Distribution;
  _num_component!: number;
  _event_ndims!: number;
  get arg_constraints(): Record<string, constraints.Constraint> {
    return {};
  }

  /** MixtureSameFamily(mixture_distribution, component_distribution, validate_args=None). */
  constructor(mixture_distribution: Categorical, component_distribution: Distribution, options?: { validate_args?: boolean | null });
  constructor(...args: unknown[]) {
    super();
    const [mixture, component, validate_args] = bindArgs("MixtureSameFamily.__init__", ["mixture_distribution", "component_distribution", "validate_args"], args, 2) as [
      Categorical,
      Distribution,
      boolean | undefined,
    ];
    this._mixture_distribution = mixture;
    this._component_distribution = component;
    if (!(mixture instanceof Categorical)) {
      throw new ValueError(" The Mixture distribution needs to be an  instance of torch.distributions.Categorical");
    }
    if (!(component instanceof Distribution)) {
      throw new ValueError("The Component distribution need to be an instance of torch.distributions.Distribution");
    }
    const mdbs = mixture.batch_shape;
    const cdbs = component.batch_shape.slice(0, -1);
    for (let k = 1; k <= Math.min(mdbs.length, cdbs.length); k++) {
      const [size1, size2] = [mdbs[mdbs.length - k], cdbs[cdbs.length - k]];
      if (size1 !== 1 && size2 !== 1 && size1 !== size2) {
        throw new ValueError(`\`mixture_distribution.batch_shape\` (${sizeStr(mdbs)}) is not compatible with \`component_distribution.batch_shape\`(${sizeStr(cdbs)})`);
      }
    }
    const km = mixture.logits.shape[mixture.logits.dim() - 1];
    const kc = component.batch_shape[component.batch_shape.length - 1];
    if (km !== undefined && kc !== undefined && km !== kc) {
      throw new ValueError(`\`mixture_distribution component\` (${km}) does not equal \`component_distribution.batch_shape[-1]\` (${kc})`);
    }
    this._num_component = km;
    const event_shape = component.event_shape;
    this._event_ndims = event_shape.length;
    this._init(cdbs, event_shape, validate_args);
  }

  override expand(batch_shape: readonly number[], _instance?: MixtureSameFamily): MixtureSameFamily {
    const batch_shape_comp = [...batch_shape, this._num_component];
    const n = this._get_checked_instance(_instance);
    n._component_distribution = this._component_distribution.expand(batch_shape_comp);
    n._mixture_distribution = this._mixture_distribution.expand(batch_shape);
    n._num_component = this._num_component;
    n._event_ndims = this._event_ndims;
    n._init(batch_shape, n._component_distribution.event_shape, false);
    n._validate_args = this._validate_args;
    return n;
  }
  override get support(): constraints.Constraint {
    return new constraints.MixtureSameFamilyConstraint(this._component_distribution.support!);
  }
  get mixture_distribution(): Categorical {
    return this._mixture_distribution;
  }
  get component_distribution(): Distribution {
    return this._component_distribution;
  }
  override get mean(): T {
    const probs = this._pad_mixture_dimensions(this.mixture_distribution.probs);
    return aten.sum(probs.mul(this.component_distribution.mean), -1 - this._event_ndims);
  }
  override get variance(): T {
    const probs = this._pad_mixture_dimensions(this.mixture_distribution.probs);
    const mean_cond_var = aten.sum(probs.mul(this.component_distribution.variance), -1 - this._event_ndims);
    const var_cond_mean = aten.sum(probs.mul(this.component_distribution.mean.sub(this._pad(this.mean)).pow(2.0)), -1 - this._event_ndims);
    return mean_cond_var.add(var_cond_mean);
  }
  override cdf(x: T): T {
    x = this._pad(x);
    const cdf_x = this.component_distribution.cdf(x);
    const mix_prob = this.mixture_distribution.probs;
    return aten.sum(cdf_x.mul(mix_prob), -1);
  }
  override log_prob(x: T): T {
    if (this._validate_args) this._validate_sample(x);
    x = this._pad(x);
    const log_prob_x = this.component_distribution.log_prob(x);
    const log_mix_prob = aten.log_softmax(this.mixture_distribution.logits, -1);
    return aten.logsumexp(log_prob_x.add(log_mix_prob), -1);
  }
  override sample(sample_shape: readonly number[] = []): T {
    return no_grad(() => {
      const sample_len = sample_shape.length;
      const batch_len = this.batch_shape.length;
      const gather_dim = sample_len + batch_len;
      const es = this.event_shape;
      const mix_sample = this.mixture_distribution.sample(sample_shape);
      const mix_shape = mix_sample.shape;
      const comp_samples = this.component_distribution.sample(sample_shape);
      let mix_sample_r = mix_sample.reshape([...mix_shape, ...Array(es.length + 1).fill(1)]);
      mix_sample_r = mix_sample_r.repeat([...Array(mix_shape.length).fill(1), 1, ...es]);
      const samples = aten.gather(comp_samples, gather_dim, mix_sample_r);
      return samples.squeeze(gather_dim);
    });
  }
  _pad(x: T): T {
    return x.unsqueeze(-1 - this._event_ndims);
  }
  _pad_mixture_dimensions(x: T): T {
    const dist_batch_ndims = this.batch_shape.length;
    const cat_batch_ndims = this.mixture_distribution.batch_shape.length;
    const pad_ndims = cat_batch_ndims === 1 ? 0 : dist_batch_ndims - cat_batch_ndims;
    const xs = x.shape;
    return x.reshape([...xs.slice(0, -1), ...Array(pad_ndims).fill(1), ...xs.slice(-1), ...Array(this._event_ndims).fill(1)]);
  }
  override __repr__(): string {
    return `MixtureSameFamily(\n  ${this.mixture_distribution.__repr__()},\n  ${this.component_distribution.__repr__()})`;
  }
}
