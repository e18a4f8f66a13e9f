// torch.distributions.constraints, ported from torch/distributions/constraints.py (torch 2.11):
// the regions a distribution's parameters and samples live in. check(value) returns a bool
// tensor of sample_shape + batch_shape; the printouts (repr) are Python's.
import { aten } from "../_aten";
import { bool } from "../dtype";
import { linalg } from "../linalg";
import { AssertionError, NotImplementedError, ValueError, pyTypeName } from "../errors";
import { printsAsStr } from "../_python";
import { Tensor } from "../tensor";
import { formatTensor } from "./utils";

type T = Tensor;
type Bound = number | T;

/** Python's repr of a float bound (0.0, 1.0) or a tensor's printout. */
export function boundStr(b: Bound, isFloat: boolean): string {
  if (b instanceof Tensor) return formatTensor(b);
  if (isFloat && Number.isInteger(b)) return b.toFixed(1);
  return String(b);
}

export class Constraint {
  is_discrete = false;
  event_dim = 0;
  check(value: T): T {
    void value;
    throw new NotImplementedError();
  }
  /** Python's class name without its leading underscore. */
  protected get _name(): string {
    return this.constructor.name.replace(/^_/, "");
  }
  __repr__(): string {
    return `${this._name}()`;
  }
  toString(): string {
    return this.__repr__();
  }
}

export class _Dependent extends Constraint {
  _is_discrete: boolean | undefined;
  _event_dim: number | undefined;
  constructor(options: { is_discrete?: boolean; event_dim?: number } = {}) {
    super();
    this._is_discrete = options.is_discrete;
    this._event_dim = options.event_dim;
    Object.defineProperty(this, "is_discrete", {
      get: () => {
        if (this._is_discrete === undefined) throw new NotImplementedError(".is_discrete cannot be determined statically");
        return this._is_discrete;
      },
    });
    Object.defineProperty(this, "event_dim", {
      get: () => {
        if (this._event_dim === undefined) throw new NotImplementedError(".event_dim cannot be determined statically");
        return this._event_dim;
      },
    });
  }
  /** dependent(is_discrete=..., event_dim=...): a copy with these set. */
  call(options: { is_discrete?: boolean; event_dim?: number } = {}): _Dependent {
    return new _Dependent({ is_discrete: options.is_discrete ?? this._is_discrete, event_dim: options.event_dim ?? this._event_dim });
  }
  override check(value: T): T {
    void value;
    throw new ValueError("Cannot determine validity of dependent constraint");
  }
}

/** Whether constraint is a _Dependent one (checks skip it). */
export function is_dependent(constraint: unknown): boolean {
  return constraint instanceof _Dependent;
}

export class _IndependentConstraint extends Constraint {
  base_constraint: Constraint;
  reinterpreted_batch_ndims: number;
  constructor(base_constraint: Constraint, reinterpreted_batch_ndims: number) {
    super();
    if (!(base_constraint instanceof Constraint)) {
      throw new AssertionError(`base_constraint must be a Constraint, got ${pyTypeName(base_constraint)}`);
    }
    if (!Number.isInteger(reinterpreted_batch_ndims)) {
      throw new AssertionError(`reinterpreted_batch_ndims must be an int, got ${pyTypeName(reinterpreted_batch_ndims)}`);
    }
    if (reinterpreted_batch_ndims < 0) {
      throw new AssertionError(`reinterpreted_batch_ndims must be >= 0, got ${reinterpreted_batch_ndims}`);
    }
    this.base_constraint = base_constraint;
    this.reinterpreted_batch_ndims = reinterpreted_batch_ndims;
    Object.defineProperty(this, "is_discrete", { get: () => this.base_constraint.is_discrete });
    Object.defineProperty(this, "event_dim", { get: () => this.base_constraint.event_dim + this.reinterpreted_batch_ndims });
  }
  override check(value: T): T {
    let result = this.base_constraint.check(value);
    if (result.dim() < this.reinterpreted_batch_ndims) {
      const expected = this.base_constraint.event_dim + this.reinterpreted_batch_ndims;
      throw new ValueError(`Expected value.dim() >= ${expected} but got ${value.dim()}`);
    }
    result = result.reshape([...result.shape.slice(0, result.dim() - this.reinterpreted_batch_ndims), -1]);
    return result.all(-1);
  }
  override __repr__(): string {
    return `${this._name}(${this.base_constraint.__repr__()}, ${this.reinterpreted_batch_ndims})`;
  }
}

/** The support of a MixtureSameFamily: its components' support, checked against every component. */
export class MixtureSameFamilyConstraint extends Constraint {
  base_constraint: Constraint;
  constructor(base_constraint: Constraint) {
    super();
    if (!(base_constraint instanceof Constraint)) {
      throw new AssertionError(`base_constraint must be a Constraint, got ${pyTypeName(base_constraint)}`);
    }
    this.base_constraint = base_constraint;
    Object.defineProperty(this, "is_discrete", { get: () => this.base_constraint.is_discrete });
    Object.defineProperty(this, "event_dim", { get: () => this.base_constraint.event_dim });
  }
  override check(value: T): T {
    const unsqueezed_value = value.unsqueeze(-1 - this.event_dim);
    let result = this.base_constraint.check(unsqueezed_value);
    if (value.dim() < this.event_dim) throw new ValueError(`Expected value.dim() >= ${this.event_dim} but got ${value.dim()}`);
    const num_dim_to_keep = value.dim() - this.event_dim;
    result = result.reshape([...result.shape.slice(0, num_dim_to_keep), -1]);
    return result.all(-1);
  }
  override __repr__(): string {
    return `${this.constructor.name}(${this.base_constraint.__repr__()})`;
  }
}

export class _Boolean extends Constraint {
  override is_discrete = true;
  override check(value: T): T {
    return value.eq(0).logical_or(value.eq(1));
  }
}

export class _OneHot extends Constraint {
  override is_discrete = true;
  override event_dim = 1;
  override check(value: T): T {
    const is_boolean = value.eq(0).logical_or(value.eq(1));
    const is_normalized = value.sum(-1).eq(1);
    return is_boolean.all(-1).logical_and(is_normalized);
  }
}

const isInt = (value: T): T => value.remainder(1).eq(0);

export class _IntegerInterval extends Constraint {
  override is_discrete = true;
  constructor(public lower_bound: Bound, public upper_bound: Bound) {
    super();
  }
  override check(value: T): T {
    return isInt(value).logical_and(value.ge(this.lower_bound as T)).logical_and(value.le(this.upper_bound as T));
  }
  override __repr__(): string {
    return `${this._name}(lower_bound=${boundStr(this.lower_bound, false)}, upper_bound=${boundStr(this.upper_bound, false)})`;
  }
}

export class _IntegerLessThan extends Constraint {
  override is_discrete = true;
  constructor(public upper_bound: Bound) {
    super();
  }
  override check(value: T): T {
    return isInt(value).logical_and(value.le(this.upper_bound as T));
  }
  override __repr__(): string {
    return `${this._name}(upper_bound=${boundStr(this.upper_bound, false)})`;
  }
}

export class _IntegerGreaterThan extends Constraint {
  override is_discrete = true;
  constructor(public lower_bound: Bound) {
    super();
  }
  override check(value: T): T {
    return isInt(value).logical_and(value.ge(this.lower_bound as T));
  }
  override __repr__(): string {
    return `${this._name}(lower_bound=${boundStr(this.lower_bound, false)})`;
  }
}

export class _Real extends Constraint {
  override check(value: T): T {
    return value.eq(value); // False for NANs.
  }
}

/** The bounded constraints: `_float` says Python wrote the bound as a float (0.0). */
export class _GreaterThan extends Constraint {
  constructor(public lower_bound: Bound, public _float = false) {
    super();
  }
  override check(value: T): T {
    return value.gt(this.lower_bound as T);
  }
  override __repr__(): string {
    return `${this._name}(lower_bound=${boundStr(this.lower_bound, this._float)})`;
  }
}

export class _GreaterThanEq extends Constraint {
  constructor(public lower_bound: Bound, public _float = false) {
    super();
  }
  override check(value: T): T {
    return value.ge(this.lower_bound as T);
  }
  override __repr__(): string {
    return `${this._name}(lower_bound=${boundStr(this.lower_bound, this._float)})`;
  }
}

export class _LessThan extends Constraint {
  constructor(public upper_bound: Bound, public _float = false) {
    super();
  }
  override check(value: T): T {
    return value.lt(this.upper_bound as T);
  }
  override __repr__(): string {
    return `${this._name}(upper_bound=${boundStr(this.upper_bound, this._float)})`;
  }
}

export class _Interval extends Constraint {
  constructor(public lower_bound: Bound, public upper_bound: Bound, public _float = false) {
    super();
  }
  override check(value: T): T {
    return value.ge(this.lower_bound as T).logical_and(value.le(this.upper_bound as T));
  }
  override __repr__(): string {
    return `${this._name}(lower_bound=${boundStr(this.lower_bound, this._float)}, upper_bound=${boundStr(this.upper_bound, this._float)})`;
  }
}

export class _HalfOpenInterval extends Constraint {
  constructor(public lower_bound: Bound, public upper_bound: Bound, public _float = false) {
    super();
  }
  override check(value: T): T {
    return value.ge(this.lower_bound as T).logical_and(value.lt(this.upper_bound as T));
  }
  override __repr__(): string {
    return `${this._name}(lower_bound=${boundStr(this.lower_bound, this._float)}, upper_bound=${boundStr(this.upper_bound, this._float)})`;
  }
}

export class _Simplex extends Constraint {
  override event_dim = 1;
  override check(value: T): T {
    return aten.all(value.ge(0), -1).logical_and(value.sum(-1).sub(1).abs().lt(1e-6));
  }
}

export class _Multinomial extends Constraint {
  override is_discrete = true;
  override event_dim = 1;
  constructor(public upper_bound: Bound) {
    super();
  }
  override check(x: T): T {
    return x.ge(0).all(-1).logical_and(x.sum(-1).le(this.upper_bound as T));
  }
}

export class _LowerTriangular extends Constraint {
  override event_dim = 2;
  override check(value: T): T {
    const value_tril = value.tril();
    return value_tril.eq(value).view([...value.shape.slice(0, -2), -1]).min(-1)[0];
  }
}

export class _LowerCholesky extends Constraint {
  override event_dim = 2;
  override check(value: T): T {
    const value_tril = value.tril();
    const lower_triangular = value_tril.eq(value).view([...value.shape.slice(0, -2), -1]).min(-1)[0];
    const positive_diagonal = value.diagonal(0, -2, -1).gt(0).min(-1)[0];
    return lower_triangular.logical_and(positive_diagonal);
  }
}

export class _Square extends Constraint {
  override event_dim = 2;
  override check(value: T): T {
    const n = value.shape.length;
    return aten.full(value.shape.slice(0, -2), value.shape[n - 2] === value.shape[n - 1], { dtype: bool, device: value.device } as never);
  }
}

export class _Symmetric extends _Square {
  override check(value: T): T {
    const square_check = super.check(value);
    if (!square_check.all().item()) return square_check;
    return aten.isclose(value, value.mT, { atol: 1e-6 }).all(-2).all(-1);
  }
}

export class _PositiveSemidefinite extends _Symmetric {
  override check(value: T): T {
    const sym_check = super.check(value);
    if (!sym_check.all().item()) return sym_check;
    return linalg.eigvalsh(value).ge(0).all(-1);
  }
}

export class _PositiveDefinite extends _Symmetric {
  override check(value: T): T {
    const sym_check = super.check(value);
    if (!sym_check.all().item()) return sym_check;
    return (linalg.cholesky_ex(value) as unknown as T[])[1].eq(0);
  }
}

// Public interface.
export const dependent = new _Dependent();
/** constraints.dependent_property: torchts's distributions define support as getters; this is the marker. */
export const dependent_property = (options: { is_discrete?: boolean; event_dim?: number } = {}) => new _Dependent(options);
export const independent = (base_constraint: Constraint, reinterpreted_batch_ndims: number) =>
  new _IndependentConstraint(base_constraint, reinterpreted_batch_ndims);
export const boolean = new _Boolean();
export const one_hot = new _OneHot();
export const nonnegative_integer = new _IntegerGreaterThan(0);
export const positive_integer = new _IntegerGreaterThan(1);
export const integer_interval = (lower_bound: Bound, upper_bound: Bound) => new _IntegerInterval(lower_bound, upper_bound);
export const real = new _Real();
export const real_vector = independent(real, 1);
export const positive = new _GreaterThan(0, true);
export const nonnegative = new _GreaterThanEq(0, true);
export const greater_than = (lower_bound: Bound) => new _GreaterThan(lower_bound);
export const greater_than_eq = (lower_bound: Bound) => new _GreaterThanEq(lower_bound);
export const less_than = (upper_bound: Bound) => new _LessThan(upper_bound);
export const multinomial = (upper_bound: Bound) => new _Multinomial(upper_bound);
export const unit_interval = new _Interval(0, 1, true);
export const interval = (lower_bound: Bound, upper_bound: Bound) => new _Interval(lower_bound, upper_bound);
export const half_open_interval = (lower_bound: Bound, upper_bound: Bound) => new _HalfOpenInterval(lower_bound, upper_bound);
export const simplex = new _Simplex();
export const lower_triangular = new _LowerTriangular();
export const lower_cholesky = new _LowerCholesky();
export const square = new _Square();
export const symmetric = new _Symmetric();
export const positive_semidefinite = new _PositiveSemidefinite();
export const positive_definite = new _PositiveDefinite();
printsAsStr(Constraint);
