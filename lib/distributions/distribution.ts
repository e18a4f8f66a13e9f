// torch.distributions.Distribution, ported from torch/distributions/distribution.py (torch 2.11):
// the base class. A subclass sets its parameters and then calls this._init(batch_shape,
// event_shape, validate_args) (Python's super().__init__), which checks arg_constraints.
import { no_grad } from "../autograd";
import { NotImplementedError, ValueError, AssertionError } from "../errors";
import { printsAsStr, warn } from "../_python";
import { aten } from "../_aten";
import { SizeCtor } from "../size";
import { Tensor } from "../tensor";
import { Constraint, is_dependent } from "./constraints";
import { formatTensor, isUnsetLazy, pyTuple } from "./utils";
export { formatTensor };

type T = Tensor;

/** A torch.Size's printout: torch.Size([2, 3]). */
export const sizeStr = (shape: readonly number[]): string => `torch.Size([${shape.join(", ")}])`;

export class Distribution {
  /** Python's class attribute Distribution._validate_args (__debug__: true). */
  static _default_validate_args = true;

  static set_default_validate_args(value: boolean): void {
    if (value !== true && value !== false) throw new ValueError();
    Distribution._default_validate_args = value;
  }

  _batch_shape: number[] = [];
  _event_shape: number[] = [];
  /** @internal */ _own_validate_args: boolean | undefined;

  get _validate_args(): boolean {
    return this._own_validate_args ?? Distribution._default_validate_args;
  }
  set _validate_args(value: boolean) {
    this._own_validate_args = value;
  }

  get has_rsample(): boolean {
    return false;
  }
  get has_enumerate_support(): boolean {
    return false;
  }

  /** Python's Distribution.__init__(batch_shape, event_shape, validate_args). */
  protected _init(batch_shape: readonly number[] = [], event_shape: readonly number[] = [], validate_args?: boolean | null): void {
    this._batch_shape = [...batch_shape];
    this._event_shape = [...event_shape];
    if (validate_args !== undefined && validate_args !== null) this._validate_args = validate_args;
    if (this._validate_args) {
      let arg_constraints: Record<string, Constraint>;
      try {
        arg_constraints = this.arg_constraints;
      } catch (e) {
        if (!(e instanceof NotImplementedError)) throw e;
        arg_constraints = {};
        warn(
          `<class '${this.constructor.name}'> does not define \`arg_constraints\`. ` +
            "Please set `arg_constraints = {}` or initialize the distribution " +
            "with `validate_args=False` to turn off validation.",
        );
      }
      for (const [param, constraint] of Object.entries(arg_constraints)) {
        if (is_dependent(constraint)) continue; // skip constraints that cannot be checked
        if (isUnsetLazy(this, param)) continue; // skip lazily-constructed args
        const value = (this as unknown as Record<string, T>)[param];
        const valid = constraint.check(value);
        if (!valid.all().item()) {
          throw new ValueError(
            `Expected parameter ${param} ` +
              `(${value.constructor.name} of shape ${pyTuple(value.shape)}) ` +
              `of distribution ${this.__repr__()} ` +
              `to satisfy the constraint ${constraint.__repr__()}, ` +
              `but found invalid values:\n${formatTensor(value)}`,
          );
        }
      }
    }
  }

  expand(batch_shape: readonly number[], _instance?: Distribution): Distribution {
    void batch_shape;
    void _instance;
    throw new NotImplementedError();
  }

  /** A torch.Size, as Python's. */
  get batch_shape(): number[] {
    return SizeCtor(this._batch_shape);
  }
  /** A torch.Size, as Python's. */
  get event_shape(): number[] {
    return SizeCtor(this._event_shape);
  }
  get arg_constraints(): Record<string, Constraint> {
    throw new NotImplementedError();
  }
  get support(): Constraint | null {
    throw new NotImplementedError();
  }
  get mean(): T {
    throw new NotImplementedError();
  }
  get mode(): T {
    throw new NotImplementedError(`<class '${this._qualname()}'> does not implement mode`);
  }
  get variance(): T {
    throw new NotImplementedError();
  }
  get stddev(): T {
    return this.variance.sqrt();
  }

  sample(sample_shape: readonly number[] = []): T {
    return no_grad(() => this.rsample(sample_shape));
  }
  rsample(sample_shape: readonly number[] = []): T {
    void sample_shape;
    throw new NotImplementedError();
  }
  /** Deprecated: sample([n]). */
  sample_n(n: number): T {
    warn("`sample_n(n)` will be deprecated. Use `sample((n,))` instead.", "FutureWarning");
    return this.sample([n]);
  }
  log_prob(value: T): T {
    void value;
    throw new NotImplementedError();
  }
  cdf(value: T): T {
    void value;
    throw new NotImplementedError();
  }
  icdf(value: T): T {
    void value;
    throw new NotImplementedError();
  }
  enumerate_support(expand = true): T {
    void expand;
    throw new NotImplementedError();
  }
  entropy(): T {
    throw new NotImplementedError();
  }
  perplexity(): T {
    return aten.exp(this.entropy());
  }

  _extended_shape(sample_shape: readonly number[] = []): number[] {
    return [...sample_shape, ...this._batch_shape, ...this._event_shape];
  }

  _validate_sample(value: T): void {
    if (!(value instanceof Tensor)) throw new ValueError("The value argument to log_prob must be a Tensor");
    const event_dim_start = value.dim() - this._event_shape.length;
    const tail = value.shape.slice(Math.max(event_dim_start, 0));
    if (event_dim_start < 0 || tail.length !== this._event_shape.length || tail.some((s, i) => s !== this._event_shape[i])) {
      throw new ValueError(
        `The right-most size of value must match event_shape: ${sizeStr(value.shape)} vs ${sizeStr(this._event_shape)}.`,
      );
    }
    const actual_shape = value.shape;
    const expected_shape = [...this._batch_shape, ...this._event_shape];
    for (let k = 1; k <= Math.min(actual_shape.length, expected_shape.length); k++) {
      const i = actual_shape[actual_shape.length - k];
      const j = expected_shape[expected_shape.length - k];
      if (i !== 1 && j !== 1 && i !== j) {
        throw new ValueError(
          `Value is not broadcastable with batch_shape+event_shape: ${sizeStr(actual_shape)} vs ${sizeStr(expected_shape)}.`,
        );
      }
    }
    let support: Constraint | null;
    try {
      support = this.support;
    } catch (e) {
      if (!(e instanceof NotImplementedError)) throw e;
      warn(
        `<class '${this._qualname()}'> does not define \`support\` to enable ` +
          "sample validation. Please initialize the distribution with " +
          "`validate_args=False` to turn off validation.",
      );
      return;
    }
    if (support === null) throw new AssertionError("support is unexpectedly None");
    const valid = support.check(value);
    if (!valid.all().item()) {
      throw new ValueError(
        "Expected value argument " +
          `(${value.constructor.name} of shape ${pyTuple(value.shape)}) ` +
          `to be within the support (${support.__repr__()}) ` +
          `of the distribution ${this.__repr__()}, ` +
          `but found invalid values:\n${formatTensor(value)}`,
      );
    }
  }

  /** A new instance of this distribution's class, for expand() to fill (Python's __new__). */
  _get_checked_instance<D extends Distribution>(_instance?: D): D {
    return (_instance ?? Object.create(Object.getPrototypeOf(this))) as D;
  }

  /** The class's qualified name as Python's f"{self.__class__}" shows it. */
  _qualname(): string {
    const module = this.constructor.name.toLowerCase();
    const file = ({ MultivariateNormal: "multivariate_normal", OneHotCategorical: "one_hot_categorical", LogNormal: "log_normal", TransformedDistribution: "transformed_distribution" } as Record<string, string>)[this.constructor.name] ?? module;
    return `torch.distributions.${file}.${this.constructor.name}`;
  }

  __repr__(): string {
    const self = this as unknown as Record<string, T>;
    const param_names = Object.keys(this.arg_constraints).filter((k) => Object.prototype.hasOwnProperty.call(this, k));
    const args_string = param_names.map((p) => `${p}: ${self[p].numel() === 1 ? formatTensor(self[p]) : sizeStr(self[p].shape)}`).join(", ");
    return `${this.constructor.name}(${args_string})`;
  }
  toString(): string {
    return this.__repr__();
  }
}
printsAsStr(Distribution);
