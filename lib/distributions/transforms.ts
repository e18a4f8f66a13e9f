// torch.distributions.transforms, ported from torch/distributions/transforms.py (torch 2.11):
// the common bijections for TransformedDistribution. Python's `t(x)` is `t.__call__(x)` (a JS
// object cannot be called), `t.inv` is the inverse transform; caching (cache_size=1) as Python's.
import { _nn, aten } from "../_aten";
import { AssertionError, NotImplementedError, ValueError } from "../errors";
import { finfo } from "../finfo";
import { broadcast_shapes } from "../functional";
import { printsAsStr } from "../_python";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { _sum_rightmost, broadcast_all } from "./utils";

type T = Tensor;
type Constraint = constraints.Constraint;

export class Transform {
  _cache_size: number;
  _inv: Transform | null = null;
  _cached_x_y: [T | null, T | null] = [null, null];
  get bijective(): boolean {
    return false;
  }
  get domain(): Constraint {
    throw new NotImplementedError();
  }
  get codomain(): Constraint {
    throw new NotImplementedError();
  }

  constructor(options: { cache_size?: number } = {}) {
    const cache_size = options.cache_size ?? 0;
    this._cache_size = cache_size;
    if (cache_size !== 0 && cache_size !== 1) throw new ValueError("cache_size must be 0 or 1");
  }
  get event_dim(): number {
    if (this.domain.event_dim === this.codomain.event_dim) return this.domain.event_dim;
    throw new ValueError("Please use either .domain.event_dim or .codomain.event_dim");
  }
  get inv(): Transform {
    if (this._inv === null) this._inv = new _InverseTransform(this);
    return this._inv;
  }
  get sign(): number | T {
    throw new NotImplementedError();
  }
  with_cache(cache_size = 1): Transform {
    if (this._cache_size === cache_size) return this;
    const ctor = this.constructor as new (options: { cache_size: number }) => Transform;
    if (ctor.length <= 1) return new ctor({ cache_size });
    throw new NotImplementedError(`<class '${this.constructor.name}'>.with_cache is not implemented`);
  }
  /** Python's `t1 == t2`: the same object (the parameterless transforms: the same class). */
  __eq__(other: unknown): boolean {
    return this === other;
  }
  /** Python's `transform(x)`. */
  __call__(x: T): T {
    if (this._cache_size === 0) return this._call(x);
    const [x_old, y_old] = this._cached_x_y;
    if (x === x_old) return y_old!;
    const y = this._call(x);
    this._cached_x_y = [x, y];
    return y;
  }
  _inv_call(y: T): T {
    if (this._cache_size === 0) return this._inverse(y);
    const [x_old, y_old] = this._cached_x_y;
    if (y === y_old) return x_old!;
    const x = this._inverse(y);
    this._cached_x_y = [x, y];
    return x;
  }
  _call(x: T): T {
    void x;
    throw new NotImplementedError();
  }
  _inverse(y: T): T {
    void y;
    throw new NotImplementedError();
  }
  log_abs_det_jacobian(x: T, y: T): T {
    void x;
    void y;
    throw new NotImplementedError();
  }
  __repr__(): string {
    return `${this.constructor.name}()`;
  }
  toString(): string {
    return this.__repr__();
  }
  forward_shape(shape: readonly number[]): number[] {
    return [...shape];
  }
  inverse_shape(shape: readonly number[]): number[] {
    return [...shape];
  }
}

export class _InverseTransform extends Transform {
  declare _inv: Transform;
  constructor(transform: Transform) {
    super({ cache_size: transform._cache_size });
    this._inv = transform;
  }
  override get domain(): Constraint {
    return this._inv.codomain;
  }
  override get codomain(): Constraint {
    return this._inv.domain;
  }
  override get bijective(): boolean {
    return this._inv.bijective;
  }
  override get sign(): number | T {
    return this._inv.sign;
  }
  override get inv(): Transform {
    return this._inv;
  }
  override with_cache(cache_size = 1): Transform {
    return this.inv.with_cache(cache_size).inv;
  }
  override __eq__(other: unknown): boolean {
    return other instanceof _InverseTransform && this._inv.__eq__(other._inv);
  }
  override __repr__(): string {
    return `${this.constructor.name}(${this._inv.__repr__()})`;
  }
  override __call__(x: T): T {
    return this._inv._inv_call(x);
  }
  override log_abs_det_jacobian(x: T, y: T): T {
    return this._inv.log_abs_det_jacobian(y, x).neg();
  }
  override forward_shape(shape: readonly number[]): number[] {
    return this._inv.inverse_shape(shape);
  }
  override inverse_shape(shape: readonly number[]): number[] {
    return this._inv.forward_shape(shape);
  }
}

export class ComposeTransform extends Transform {
  parts: Transform[];
  constructor(parts: Transform[], options: { cache_size?: number } = {}) {
    const cache_size = options.cache_size ?? 0;
    if (cache_size) parts = parts.map((part) => part.with_cache(cache_size));
    super({ cache_size });
    this.parts = parts;
  }
  override get domain(): Constraint {
    if (this.parts.length === 0) return constraints.real;
    let domain = this.parts[0].domain;
    let event_dim = this.parts[this.parts.length - 1].codomain.event_dim;
    for (const part of [...this.parts].reverse()) {
      event_dim += part.domain.event_dim - part.codomain.event_dim;
      event_dim = Math.max(event_dim, part.domain.event_dim);
    }
    if (event_dim < domain.event_dim) throw new AssertionError(`event_dim ${event_dim} must be >= domain.event_dim ${domain.event_dim}`);
    if (event_dim > domain.event_dim) domain = constraints.independent(domain, event_dim - domain.event_dim);
    return domain;
  }
  override get codomain(): Constraint {
    if (this.parts.length === 0) return constraints.real;
    let codomain = this.parts[this.parts.length - 1].codomain;
    let event_dim = this.parts[0].domain.event_dim;
    for (const part of this.parts) {
      event_dim += part.codomain.event_dim - part.domain.event_dim;
      event_dim = Math.max(event_dim, part.codomain.event_dim);
    }
    if (event_dim < codomain.event_dim) throw new AssertionError(`event_dim ${event_dim} must be >= codomain.event_dim ${codomain.event_dim}`);
    if (event_dim > codomain.event_dim) codomain = constraints.independent(codomain, event_dim - codomain.event_dim);
    return codomain;
  }
  override get bijective(): boolean {
    return this.parts.every((p) => p.bijective);
  }
  override __eq__(other: unknown): boolean {
    return other instanceof ComposeTransform && other.parts.length === this.parts.length && this.parts.every((p, i) => p.__eq__(other.parts[i]));
  }
  override get sign(): number | T {
    let sign: number | T = 1;
    for (const p of this.parts) {
      const s = p.sign;
      sign = typeof sign === "number" && typeof s === "number" ? sign * s : s instanceof Tensor ? s.mul(sign as T) : (sign as T).mul(s);
    }
    return sign;
  }
  override get inv(): Transform {
    if (this._inv === null) {
      const inv = new ComposeTransform([...this.parts].reverse().map((p) => p.inv));
      this._inv = inv;
      inv._inv = this;
    }
    return this._inv;
  }
  override with_cache(cache_size = 1): Transform {
    if (this._cache_size === cache_size) return this;
    return new ComposeTransform(this.parts, { cache_size });
  }
  override __call__(x: T): T {
    for (const part of this.parts) x = part.__call__(x);
    return x;
  }
  override log_abs_det_jacobian(x: T, y: T): T {
    if (this.parts.length === 0) return aten.zeros_like(x);
    const xs = [x];
    for (const part of this.parts.slice(0, -1)) xs.push(part.__call__(xs[xs.length - 1]));
    xs.push(y);
    const terms: T[] = [];
    let event_dim = this.domain.event_dim;
    this.parts.forEach((part, i) => {
      terms.push(_sum_rightmost(part.log_abs_det_jacobian(xs[i], xs[i + 1]), event_dim - part.domain.event_dim));
      event_dim += part.codomain.event_dim - part.domain.event_dim;
    });
    return terms.reduce((a, b) => a.add(b));
  }
  override forward_shape(shape: readonly number[]): number[] {
    let s = [...shape];
    for (const part of this.parts) s = part.forward_shape(s);
    return s;
  }
  override inverse_shape(shape: readonly number[]): number[] {
    let s = [...shape];
    for (const part of [...this.parts].reverse()) s = part.inverse_shape(s);
    return s;
  }
  override __repr__(): string {
    return `${this.constructor.name}(\n    ${this.parts.map((p) => p.__repr__()).join(",\n    ")}\n)`;
  }
}

export const identity_transform = new ComposeTransform([]);

export class ExpTransform extends Transform {
  override __eq__(other: unknown): boolean {
    return other instanceof ExpTransform;
  }
  override get domain(): Constraint {
    return constraints.real;
  }
  override get codomain(): Constraint {
    return constraints.positive;
  }
  override get bijective(): boolean {
    return true;
  }
  override get sign(): number {
    return 1;
  }
  override _call(x: T): T {
    return x.exp();
  }
  override _inverse(y: T): T {
    return y.log();
  }
  override log_abs_det_jacobian(x: T, y: T): T {
    void y;
    return x;
  }
}

export class PowerTransform extends Transform {
  exponent: T;
  constructor(exponent: T | number, options: { cache_size?: number } = {}) {
    super(options);
    [this.exponent] = broadcast_all(exponent);
  }
  override get domain(): Constraint {
    return constraints.positive;
  }
  override get codomain(): Constraint {
    return constraints.positive;
  }
  override get bijective(): boolean {
    return true;
  }
  override with_cache(cache_size = 1): Transform {
    if (this._cache_size === cache_size) return this;
    return new PowerTransform(this.exponent, { cache_size });
  }
  override get sign(): T {
    return this.exponent.sign();
  }
  override __eq__(other: unknown): boolean {
    return other instanceof PowerTransform && Boolean(this.exponent.eq(other.exponent).all().item());
  }
  override _call(x: T): T {
    return x.pow(this.exponent);
  }
  override _inverse(y: T): T {
    return y.pow(this.exponent.reciprocal());
  }
  override log_abs_det_jacobian(x: T, y: T): T {
    return this.exponent.mul(y).div(x).abs().log();
  }
  override forward_shape(shape: readonly number[]): number[] {
    return broadcast_shapes([...shape], this.exponent.shape);
  }
  override inverse_shape(shape: readonly number[]): number[] {
    return broadcast_shapes([...shape], this.exponent.shape);
  }
}

function _clipped_sigmoid(x: T): T {
  const fi = new finfo(x.dtype);
  return aten.clamp(aten.sigmoid(x), { min: fi.tiny, max: 1.0 - fi.eps } as never);
}

export class SigmoidTransform extends Transform {
  override __eq__(other: unknown): boolean {
    return other instanceof SigmoidTransform;
  }
  override get domain(): Constraint {
    return constraints.real;
  }
  override get codomain(): Constraint {
    return constraints.unit_interval;
  }
  override get bijective(): boolean {
    return true;
  }
  override get sign(): number {
    return 1;
  }
  override _call(x: T): T {
    return _clipped_sigmoid(x);
  }
  override _inverse(y: T): T {
    const fi = new finfo(y.dtype);
    y = y.clamp({ min: fi.tiny, max: 1.0 - fi.eps } as never);
    return y.log().sub(y.neg().log1p());
  }
  override log_abs_det_jacobian(x: T, y: T): T {
    void y;
    return _nn.softplus(x.neg()).neg().sub(_nn.softplus(x));
  }
}

export class TanhTransform extends Transform {
  override __eq__(other: unknown): boolean {
    return other instanceof TanhTransform;
  }
  override get domain(): Constraint {
    return constraints.real;
  }
  override get codomain(): Constraint {
    return new constraints._Interval(-1, 1, true);
  }
  override get bijective(): boolean {
    return true;
  }
  override get sign(): number {
    return 1;
  }
  override _call(x: T): T {
    return x.tanh();
  }
  override _inverse(y: T): T {
    return aten.atanh(y);
  }
  override log_abs_det_jacobian(x: T, y: T): T {
    void y;
    return aten.rsub(x, Math.log(2.0)).sub(_nn.softplus(x.mul(-2.0))).mul(2.0);
  }
}

export class AbsTransform extends Transform {
  override __eq__(other: unknown): boolean {
    return other instanceof AbsTransform;
  }
  override get domain(): Constraint {
    return constraints.real;
  }
  override get codomain(): Constraint {
    return constraints.positive;
  }
  override _call(x: T): T {
    return x.abs();
  }
  override _inverse(y: T): T {
    return y;
  }
}

export class AffineTransform extends Transform {
  loc: T | number;
  scale: T | number;
  _event_dim: number;
  /** AffineTransform(loc, scale, event_dim=0, cache_size=0). */
  constructor(loc: T | number, scale: T | number, event_dim = 0, options: { event_dim?: number; cache_size?: number } = {}) {
    if (typeof event_dim === "object") {
      options = event_dim;
      event_dim = 0;
    }
    super({ cache_size: options.cache_size });
    this.loc = loc;
    this.scale = scale;
    this._event_dim = options.event_dim ?? event_dim;
  }
  override get event_dim(): number {
    return this._event_dim;
  }
  override get bijective(): boolean {
    return true;
  }
  override get domain(): Constraint {
    return this.event_dim === 0 ? constraints.real : constraints.independent(constraints.real, this.event_dim);
  }
  override get codomain(): Constraint {
    return this.event_dim === 0 ? constraints.real : constraints.independent(constraints.real, this.event_dim);
  }
  override with_cache(cache_size = 1): Transform {
    if (this._cache_size === cache_size) return this;
    return new AffineTransform(this.loc, this.scale, this.event_dim, { cache_size });
  }
  override __eq__(other: unknown): boolean {
    if (!(other instanceof AffineTransform)) return false;
    const same = (a: T | number, b: T | number) =>
      typeof a === "number" && typeof b === "number" ? a === b : Boolean((a instanceof Tensor ? a.eq(b as T) : (b as T).eq(a)).all().item());
    return same(this.loc, other.loc) && same(this.scale, other.scale);
  }
  override get sign(): number | T {
    if (typeof this.scale === "number") return this.scale > 0 ? 1 : this.scale < 0 ? -1 : 0;
    return this.scale.sign();
  }
  override _call(x: T): T {
    // Python's loc + scale * x, whichever of them are numbers.
    const sx = typeof this.scale === "number" ? x.mul(this.scale) : this.scale.mul(x);
    return typeof this.loc === "number" ? sx.add(this.loc) : this.loc.add(sx);
  }
  override _inverse(y: T): T {
    return y.sub(this.loc as T).div(this.scale as T);
  }
  override log_abs_det_jacobian(x: T, y: T): T {
    void y;
    let shape: number[] = [...x.shape];
    const scale = this.scale;
    let result = typeof scale === "number" ? aten.full_like(x, Math.log(Math.abs(scale))) : aten.abs(scale).log();
    if (this.event_dim) {
      result = result.view([...result.shape.slice(0, -this.event_dim), -1]).sum(-1);
      shape = shape.slice(0, -this.event_dim);
    }
    return result.expand(shape);
  }
  override forward_shape(shape: readonly number[]): number[] {
    const s = (v: T | number): number[] => (v instanceof Tensor ? [...v.shape] : []);
    return broadcast_shapes([...shape], s(this.loc), s(this.scale));
  }
  override inverse_shape(shape: readonly number[]): number[] {
    return this.forward_shape(shape);
  }
}

export class SoftplusTransform extends Transform {
  override __eq__(other: unknown): boolean {
    return other instanceof SoftplusTransform;
  }
  override get domain(): Constraint {
    return constraints.real;
  }
  override get codomain(): Constraint {
    return constraints.positive;
  }
  override get bijective(): boolean {
    return true;
  }
  override get sign(): number {
    return 1;
  }
  override _call(x: T): T {
    return _nn.softplus(x);
  }
  override _inverse(y: T): T {
    return y.neg().expm1().neg().log().add(y);
  }
  override log_abs_det_jacobian(x: T, y: T): T {
    void y;
    return _nn.softplus(x.neg()).neg();
  }
}
export class IndependentTransform extends Transform {
  base_transform: Transform;
  reinterpreted_batch_ndims: number;
  /** IndependentTransform(base_transform, reinterpreted_batch_ndims, cache_size=0). */
  constructor(base_transform: Transform, reinterpreted_batch_ndims: number, options: { cache_size?: number } = {}) {
    super(options);
    this.base_transform = base_transform.with_cache(options.cache_size ?? 0);
    this.reinterpreted_batch_ndims = reinterpreted_batch_ndims;
  }
  override with_cache(cache_size = 1): Transform {
    if (this._cache_size === cache_size) return this;
    return new IndependentTransform(this.base_transform, this.reinterpreted_batch_ndims, { cache_size });
  }
  override get domain(): Constraint {
    return constraints.independent(this.base_transform.domain, this.reinterpreted_batch_ndims);
  }
  override get codomain(): Constraint {
    return constraints.independent(this.base_transform.codomain, this.reinterpreted_batch_ndims);
  }
  override get bijective(): boolean {
    return this.base_transform.bijective;
  }
  override get sign(): number | T {
    return this.base_transform.sign;
  }
  override _call(x: T): T {
    if (x.dim() < this.domain.event_dim) throw new ValueError("Too few dimensions on input");
    return this.base_transform.__call__(x);
  }
  override _inverse(y: T): T {
    if (y.dim() < this.codomain.event_dim) throw new ValueError("Too few dimensions on input");
    return this.base_transform.inv.__call__(y);
  }
  override log_abs_det_jacobian(x: T, y: T): T {
    return _sum_rightmost(this.base_transform.log_abs_det_jacobian(x, y), this.reinterpreted_batch_ndims);
  }
  override __repr__(): string {
    return `${this.constructor.name}(${this.base_transform.__repr__()}, ${this.reinterpreted_batch_ndims})`;
  }
  override forward_shape(shape: readonly number[]): number[] {
    return this.base_transform.forward_shape(shape);
  }
  override inverse_shape(shape: readonly number[]): number[] {
    return this.base_transform.inverse_shape(shape);
  }
}

export class SoftmaxTransform extends Transform {
  override __eq__(other: unknown): boolean {
    return other instanceof SoftmaxTransform;
  }
  override get domain(): Constraint {
    return constraints.real_vector;
  }
  override get codomain(): Constraint {
    return constraints.simplex;
  }
  override _call(x: T): T {
    const probs = x.sub(x.max(-1, true)[0]).exp();
    return probs.div(probs.sum(-1, true));
  }
  override _inverse(y: T): T {
    return y.log();
  }
  override forward_shape(shape: readonly number[]): number[] {
    if (shape.length < 1) throw new ValueError("Too few dimensions on input");
    return [...shape];
  }
  override inverse_shape(shape: readonly number[]): number[] {
    if (shape.length < 1) throw new ValueError("Too few dimensions on input");
    return [...shape];
  }
}

export class StickBreakingTransform extends Transform {
  override __eq__(other: unknown): boolean {
    return other instanceof StickBreakingTransform;
  }
  override get domain(): Constraint {
    return constraints.real_vector;
  }
  override get codomain(): Constraint {
    return constraints.simplex;
  }
  override get bijective(): boolean {
    return true;
  }
  override _call(x: T): T {
    const n = x.shape[x.dim() - 1];
    const offset = aten.rsub(x.new_ones([n]).cumsum(-1), n + 1);
    const z = _clipped_sigmoid(x.sub(offset.log()));
    const z_cumprod = aten.rsub(z, 1).cumprod(-1);
    return _nn.pad(z, [0, 1], { value: 1 } as never).mul(_nn.pad(z_cumprod, [1, 0], { value: 1 } as never));
  }
  override _inverse(y: T): T {
    const y_crop = y.index("...", ":-1");
    const offset = aten.rsub(y.new_ones([y_crop.shape[y_crop.dim() - 1]]).cumsum(-1), y.shape[y.dim() - 1]);
    let sf = aten.rsub(y_crop.cumsum(-1), 1);
    sf = aten.clamp(sf, { min: new finfo(y.dtype).tiny } as never);
    return y_crop.log().sub(sf.log()).add(offset.log());
  }
  override log_abs_det_jacobian(x: T, y: T): T {
    const n = x.shape[x.dim() - 1];
    const offset = aten.rsub(x.new_ones([n]).cumsum(-1), n + 1);
    x = x.sub(offset.log());
    return x.neg().add(_nn.log_sigmoid(x)).add(y.index("...", ":-1").log()).sum(-1);
  }
  override forward_shape(shape: readonly number[]): number[] {
    if (shape.length < 1) throw new ValueError("Too few dimensions on input");
    return [...shape.slice(0, -1), shape[shape.length - 1] + 1];
  }
  override inverse_shape(shape: readonly number[]): number[] {
    if (shape.length < 1) throw new ValueError("Too few dimensions on input");
    return [...shape.slice(0, -1), shape[shape.length - 1] - 1];
  }
}

printsAsStr(Transform);
