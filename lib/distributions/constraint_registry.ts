// torch.distributions.constraint_registry, ported from torch/distributions/constraint_registry.py
// (torch 2.11): biject_to(constraint) and transform_to(constraint), the transforms from
// unconstrained space onto a constraint's region. Python's `biject_to(c)` is `biject_to.__call__(c)`.
import { NotImplementedError, TypeError } from "../errors";
import * as constraints from "./constraints";
import * as transforms from "./transforms";

type Constraint = constraints.Constraint;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ConstraintClass = abstract new (...args: any[]) => Constraint;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Factory = (constraint: any) => transforms.Transform;

/** The factory functions of constraints (Python's classes) to the classes they make. */
const FACTORY_CLASSES = new Map<unknown, ConstraintClass>([
  [constraints.independent, constraints._IndependentConstraint],
  [constraints.greater_than, constraints._GreaterThan],
  [constraints.greater_than_eq, constraints._GreaterThanEq],
  [constraints.less_than, constraints._LessThan],
  [constraints.interval, constraints._Interval],
  [constraints.half_open_interval, constraints._HalfOpenInterval],
  [constraints.integer_interval, constraints._IntegerInterval],
  [constraints.multinomial, constraints._Multinomial],
]);

export class ConstraintRegistry {
  _registry = new Map<ConstraintClass, Factory>();

  /** register(constraint, factory): a Constraint instance, subclass, or factory (constraints.interval). */
  register(constraint: unknown, factory?: Factory): Factory | ((factory: Factory) => Factory) {
    if (factory === undefined) return (f: Factory) => this.register(constraint, f) as Factory;
    let cls: unknown = constraint;
    if (constraint instanceof constraints.Constraint) cls = constraint.constructor;
    else if (FACTORY_CLASSES.has(constraint)) cls = FACTORY_CLASSES.get(constraint);
    if (typeof cls !== "function" || !(cls === constraints.Constraint || cls.prototype instanceof constraints.Constraint)) {
      throw new TypeError(`Expected constraint to be either a Constraint subclass or instance, but got ${String(constraint)}`);
    }
    this._registry.set(cls as ConstraintClass, factory);
    return factory;
  }

  /** Python's `registry(constraint)`. */
  __call__(constraint: Constraint): transforms.Transform {
    const factory = this._registry.get(constraint.constructor as ConstraintClass);
    if (factory === undefined) throw new NotImplementedError(`Cannot transform ${constraint.constructor.name} constraints`);
    return factory(constraint);
  }
}

export const biject_to = new ConstraintRegistry();
export const transform_to = new ConstraintRegistry();

const both = (constraint: unknown, factory: Factory) => {
  biject_to.register(constraint, factory);
  transform_to.register(constraint, factory);
};

both(constraints.real, () => transforms.identity_transform);
biject_to.register(constraints.independent, (c: constraints._IndependentConstraint) =>
  new transforms.IndependentTransform(biject_to.__call__(c.base_constraint), c.reinterpreted_batch_ndims),
);
transform_to.register(constraints.independent, (c: constraints._IndependentConstraint) =>
  new transforms.IndependentTransform(transform_to.__call__(c.base_constraint), c.reinterpreted_batch_ndims),
);
both(constraints.positive, () => new transforms.ExpTransform());
both(constraints.nonnegative, () => new transforms.ExpTransform());
const toGreaterThan = (c: constraints._GreaterThan | constraints._GreaterThanEq) =>
  new transforms.ComposeTransform([new transforms.ExpTransform(), new transforms.AffineTransform(c.lower_bound, 1)]);
both(constraints.greater_than, toGreaterThan);
both(constraints.greater_than_eq, toGreaterThan);
both(constraints.less_than, (c: constraints._LessThan) =>
  new transforms.ComposeTransform([new transforms.ExpTransform(), new transforms.AffineTransform(c.upper_bound, -1)]),
);
const toInterval = (c: constraints._Interval | constraints._HalfOpenInterval) => {
  const lower_is_0 = typeof c.lower_bound === "number" && c.lower_bound === 0;
  const upper_is_1 = typeof c.upper_bound === "number" && c.upper_bound === 1;
  if (lower_is_0 && upper_is_1) return new transforms.SigmoidTransform();
  const loc = c.lower_bound;
  const scale =
    typeof c.upper_bound === "number" && typeof loc === "number"
      ? c.upper_bound - loc
      : typeof c.upper_bound === "number"
        ? (loc as import("../tensor").Tensor).neg().add(c.upper_bound)
        : c.upper_bound.sub(loc as never);
  return new transforms.ComposeTransform([new transforms.SigmoidTransform(), new transforms.AffineTransform(loc, scale)]);
};
both(constraints.interval, toInterval);
both(constraints.half_open_interval, toInterval);
biject_to.register(constraints.simplex, () => new transforms.StickBreakingTransform());
transform_to.register(constraints.simplex, () => new transforms.SoftmaxTransform());
