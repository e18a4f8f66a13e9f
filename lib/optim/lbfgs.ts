// torch.optim.LBFGS, ported from torch/optim/lbfgs.py, with its strong_wolfe line search.
// Python mixes floats and 0-dim tensors (ys, ro, H_diag, gtd, and t after the first
// iteration): the arithmetic below keeps each value what it is in Python (a number or a
// Tensor) and does each operation as Python's operators do it (`1.0 / ys` is
// ys.reciprocal() * 1.0, `f_new > tensor` compares in the tensor's dtype), so that the
// numbers and the state are Python's.
import { aten } from "../_aten";
import { contiguous_format } from "../dtype";
import { AssertionError, RuntimeError, ValueError } from "../errors";
import { Tensor } from "../tensor";
import { checkLr } from "./_common";
import { _to_scalar, _use_grad_for_differentiable, evalClosure, Optimizer, ParamsT, parseArgs, REQUIRED, setdefault, stateOf } from "./optimizer";
import { bindArgs } from "../_args";
import { pyTypeName, TypeError } from "../errors";

type V = number | Tensor;

// ---- Python's operators on floats and 0-dim tensors ----
const isT = (x: V): x is Tensor => x instanceof Tensor;
const add = (a: V, b: V): V => (isT(a) ? a.add(b) : isT(b) ? b.add(a) : a + b);
const sub = (a: V, b: V): V => (isT(a) ? a.sub(b) : isT(b) ? aten.rsub(b, a) : a - b);
const mul = (a: V, b: V): V => (isT(a) ? a.mul(b) : isT(b) ? b.mul(a) : a * b);
const div = (a: V, b: V): V => (isT(a) ? a.div(b) : isT(b) ? b.reciprocal().mul(a) : a / b);
const neg = (a: V): V => (isT(a) ? a.neg() : -a);
const pyabs = (a: V): V => (isT(a) ? a.abs() : Math.abs(a));
const gt = (a: V, b: V): boolean => (isT(a) ? a.gt(b as Tensor).item() : isT(b) ? b.lt(a).item() : a > b) as boolean;
const lt = (a: V, b: V): boolean => gt(b, a);
const ge = (a: V, b: V): boolean => (isT(a) ? a.ge(b as Tensor).item() : isT(b) ? b.le(a).item() : a >= b) as boolean;
const le = (a: V, b: V): boolean => ge(b, a);
/** Python's min(a, b) / max(a, b): the first unless the second is strictly smaller / greater. */
const pymin = (...xs: V[]): V => xs.reduce((m, x) => (lt(x, m) ? x : m));
const pymax = (...xs: V[]): V => xs.reduce((m, x) => (gt(x, m) ? x : m));
/** A Python scalar as add_'s alpha (a Tensor alpha is its value). */
const scalar = (x: V): number => (isT(x) ? (x.item() as number) : x);

function _cubic_interpolate(x1: V, f1: V, g1: V, x2: V, f2: V, g2: V, bounds: [V, V] | null = null): V {
  let xmin_bound: V, xmax_bound: V;
  if (bounds !== null) [xmin_bound, xmax_bound] = bounds;
  else [xmin_bound, xmax_bound] = le(x1, x2) ? [x1, x2] : [x2, x1];
  const d1 = sub(add(g1, g2), div(mul(3, sub(f1, f2)), sub(x1, x2)));
  const d2_square = sub(isT(d1) ? d1.pow(2) : d1 ** 2, mul(g1, g2));
  if (ge(d2_square, 0)) {
    const d2 = (d2_square as Tensor).sqrt();
    let min_pos: V;
    if (le(x1, x2)) min_pos = sub(x2, mul(sub(x2, x1), div(sub(add(g2, d2), d1), add(sub(g2, g1), mul(2, d2)))));
    else min_pos = sub(x1, mul(sub(x1, x2), div(sub(add(g1, d2), d1), add(sub(g1, g2), mul(2, d2)))));
    return pymin(pymax(min_pos, xmin_bound), xmax_bound);
  }
  return div(add(xmin_bound, xmax_bound), 2.0);
}

type ObjFunc = (x: Tensor[], t: V, d: Tensor) => [number, Tensor];

function _strong_wolfe(
  obj_func: ObjFunc, x: Tensor[], t: V, d: Tensor, f: number, g: Tensor, gtd: Tensor,
  c1 = 1e-4, c2 = 0.9, tolerance_change = 1e-9, max_ls = 25,
): [number, Tensor, V, number] {
  const d_norm = d.abs().max();
  g = g.clone({ memory_format: contiguous_format });
  let [f_new, g_new] = obj_func(x, t, d);
  let ls_func_evals = 1;
  let gtd_new: Tensor = g_new.dot(d);

  let t_prev: V = 0, f_prev: number = f, g_prev: Tensor = g, gtd_prev: Tensor = gtd;
  let done = false;
  let ls_iter = 0;
  let bracket: V[] = [], bracket_f: number[] = [], bracket_g: Tensor[] = [], bracket_gtd: Tensor[] = [];
  while (ls_iter < max_ls) {
    if (gt(f_new, add(f, mul(mul(c1, t), gtd))) || (ls_iter > 1 && f_new >= f_prev)) {
      bracket = [t_prev, t]; bracket_f = [f_prev, f_new];
      bracket_g = [g_prev, g_new.clone({ memory_format: contiguous_format })]; bracket_gtd = [gtd_prev, gtd_new];
      break;
    }
    if (le(pyabs(gtd_new), mul(-c2, gtd))) {
      bracket = [t]; bracket_f = [f_new]; bracket_g = [g_new];
      done = true;
      break;
    }
    if (ge(gtd_new, 0)) {
      bracket = [t_prev, t]; bracket_f = [f_prev, f_new];
      bracket_g = [g_prev, g_new.clone({ memory_format: contiguous_format })]; bracket_gtd = [gtd_prev, gtd_new];
      break;
    }
    const min_step = add(t, mul(0.01, sub(t, t_prev)));
    const max_step = mul(t, 10);
    const tmp = t;
    t = _cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, [min_step, max_step]);
    t_prev = tmp; f_prev = f_new;
    g_prev = g_new.clone({ memory_format: contiguous_format });
    gtd_prev = gtd_new;
    [f_new, g_new] = obj_func(x, t, d);
    ls_func_evals += 1;
    gtd_new = g_new.dot(d);
    ls_iter += 1;
  }
  if (ls_iter === max_ls) {
    bracket = [0, t]; bracket_f = [f, f_new]; bracket_g = [g, g_new];
  }

  let insuf_progress = false;
  let [low_pos, high_pos] = bracket_f[0] <= bracket_f[bracket_f.length - 1] ? [0, 1] : [1, 0];
  while (!done && ls_iter < max_ls) {
    if (lt(mul(pyabs(sub(bracket[1], bracket[0])), d_norm), tolerance_change)) break;
    t = _cubic_interpolate(bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1], bracket_gtd[1]);
    const eps = mul(0.1, sub(pymax(...bracket), pymin(...bracket)));
    if (lt(pymin(sub(pymax(...bracket), t), sub(t, pymin(...bracket))), eps)) {
      if (insuf_progress || ge(t, pymax(...bracket)) || le(t, pymin(...bracket))) {
        if (lt(pyabs(sub(t, pymax(...bracket))), pyabs(sub(t, pymin(...bracket))))) t = sub(pymax(...bracket), eps);
        else t = add(pymin(...bracket), eps);
        insuf_progress = false;
      } else {
        insuf_progress = true;
      }
    } else {
      insuf_progress = false;
    }
    [f_new, g_new] = obj_func(x, t, d);
    ls_func_evals += 1;
    gtd_new = g_new.dot(d);
    ls_iter += 1;

    if (gt(f_new, add(f, mul(mul(c1, t), gtd))) || f_new >= bracket_f[low_pos]) {
      bracket[high_pos] = t; bracket_f[high_pos] = f_new;
      bracket_g[high_pos] = g_new.clone({ memory_format: contiguous_format }); bracket_gtd[high_pos] = gtd_new;
      [low_pos, high_pos] = bracket_f[0] <= bracket_f[1] ? [0, 1] : [1, 0];
    } else {
      if (le(pyabs(gtd_new), mul(-c2, gtd))) {
        done = true;
      } else if (ge(mul(gtd_new, sub(bracket[high_pos], bracket[low_pos])), 0)) {
        bracket[high_pos] = bracket[low_pos]; bracket_f[high_pos] = bracket_f[low_pos];
        bracket_g[high_pos] = bracket_g[low_pos]; bracket_gtd[high_pos] = bracket_gtd[low_pos];
      }
      bracket[low_pos] = t; bracket_f[low_pos] = f_new;
      bracket_g[low_pos] = g_new.clone({ memory_format: contiguous_format }); bracket_gtd[low_pos] = gtd_new;
    }
  }
  return [bracket_f[low_pos], bracket_g[low_pos], bracket[low_pos], ls_func_evals];
}

export interface LBFGSOptions {
  lr?: number | Tensor;
  max_iter?: number;
  max_eval?: number | null;
  tolerance_grad?: number;
  tolerance_change?: number;
  history_size?: number;
  line_search_fn?: string | null;
}

const LBFGS_ARGS = { params: REQUIRED, lr: 1, max_iter: 20, max_eval: null, tolerance_grad: 1e-7, tolerance_change: 1e-9, history_size: 100, line_search_fn: null };

/** L-BFGS; step(closure) takes a closure that re-evaluates the model and returns the loss. */
export class LBFGS extends Optimizer {
  declare _params: Tensor[];
  declare _numel_cache: number | null;

  /** new LBFGS(params, lr = 1, max_iter = 20, max_eval = null, tolerance_grad = 1e-7, tolerance_change = 1e-9, history_size = 100, line_search_fn = null) */
  constructor(params: ParamsT, lr?: number | Tensor | LBFGSOptions, ...rest: (number | string | Tensor | LBFGSOptions | null | undefined)[]);
  constructor(...args: unknown[]) {
    const a = parseArgs("LBFGS.__init__", LBFGS_ARGS, args);
    const { lr, max_iter, tolerance_grad, tolerance_change, history_size, line_search_fn } = a;
    let max_eval = a.max_eval;
    checkLr(lr);
    if (max_eval === null) max_eval = Math.floor((max_iter * 5) / 4);
    super(a.params, { lr, max_iter, max_eval, tolerance_grad, tolerance_change, history_size, line_search_fn });
    if (this.param_groups.length !== 1) throw new ValueError("LBFGS doesn't support per-parameter options (parameter groups)");
    this._params = this.param_groups[0].params;
    this._numel_cache = null;
  }

  _numel(): number {
    if (this._numel_cache === null) this._numel_cache = this._params.reduce((s, p) => s + (p.dtype.is_complex ? 2 * p.numel() : p.numel()), 0);
    return this._numel_cache;
  }

  _gather_flat_grad(): Tensor {
    const views = this._params.map((p) => {
      let view = p.grad === null ? aten.zeros([p.numel()], { dtype: p.dtype, device: p.device }) : p.grad.view(-1);
      if (view.dtype.is_complex) view = aten.view_as_real(view).view(-1);
      return view;
    });
    return aten.cat(views, 0);
  }

  _add_grad(step_size: V, update: Tensor): void {
    let offset = 0;
    for (let p of this._params) {
      if (p.dtype.is_complex) p = aten.view_as_real(p);
      const numel = p.numel();
      p.add_(update.narrow(0, offset, numel).view_as(p), { alpha: scalar(step_size) });
      offset += numel;
    }
    if (offset !== this._numel()) throw new AssertionError(`Expected offset ${offset} to equal ${this._numel()}`);
  }

  _clone_param(): Tensor[] {
    return this._params.map((p) => p.clone({ memory_format: contiguous_format }));
  }

  _set_param(params_data: Tensor[]): void {
    this._params.forEach((p, i) => p.copy_(params_data[i]));
  }

  _directional_evaluate(closure: () => unknown, x: Tensor[], t: V, d: Tensor): [number, Tensor] {
    this._add_grad(t, d);
    const loss = toFloat(evalClosure(closure));
    const flat_grad = this._gather_flat_grad();
    this._set_param(x);
    return [loss, flat_grad];
  }

  /** One optimization step (up to max_iter iterations): step(closure), the closure re-evaluating the loss. */
  step(...args: [closure?: (() => unknown) | { closure?: () => unknown }]): any {
    const [closure] = bindArgs("step", ["closure"], args, 1) as [unknown];
    if (typeof closure !== "function") throw new TypeError(`'${pyTypeName(closure)}' object is not callable`);
    return _use_grad_for_differentiable(this, () => this._step(closure as () => unknown));
  }

  _step(closure: () => unknown): unknown {
    if (this.param_groups.length !== 1) throw new AssertionError(`Expected exactly one param_group, but got ${this.param_groups.length}`);
    const group = this.param_groups[0];
    const lr: V = _to_scalar(group.lr);
    const { max_iter, max_eval, tolerance_grad, tolerance_change, line_search_fn, history_size } = group;

    const state = stateOf(this.state, this._params[0]);
    setdefault(state, "func_evals", 0);
    setdefault(state, "n_iter", 0);

    const orig_loss = evalClosure(closure);
    let loss: number = toFloat(orig_loss);
    let current_evals = 1;
    state.func_evals += 1;

    let flat_grad = this._gather_flat_grad();
    let opt_cond = le(flat_grad.abs().max(), tolerance_grad);
    if (opt_cond) return orig_loss;

    let d: Tensor = state.d;
    let t: V = state.t;
    let old_dirs: Tensor[] = state.old_dirs;
    let old_stps: Tensor[] = state.old_stps;
    let ro: V[] = state.ro;
    let H_diag: V = state.H_diag;
    let prev_flat_grad: Tensor | undefined = state.prev_flat_grad;
    let prev_loss: number = state.prev_loss;

    let n_iter = 0;
    while (n_iter < max_iter) {
      n_iter += 1;
      state.n_iter += 1;
      if (state.n_iter === 1) {
        d = flat_grad.neg();
        old_dirs = []; old_stps = []; ro = [];
        H_diag = 1;
      } else {
        const y = flat_grad.sub(prev_flat_grad!);
        const s = d.mul(t as Tensor);
        const ys = y.dot(s);
        if (gt(ys, 1e-10)) {
          if (old_dirs.length === history_size) {
            old_dirs.shift(); old_stps.shift(); ro.shift();
          }
          old_dirs.push(y); old_stps.push(s);
          ro.push(div(1.0, ys));
          H_diag = ys.div(y.dot(y));
        }
        const num_old = old_dirs.length;
        if (!("al" in state)) state.al = new Array(history_size).fill(null);
        const al: V[] = state.al;
        const q = flat_grad.neg();
        for (let i = num_old - 1; i > -1; i--) {
          al[i] = mul(old_stps[i].dot(q), ro[i]);
          q.add_(old_dirs[i], { alpha: scalar(neg(al[i])) });
        }
        const r = aten.mul(q, isT(H_diag) ? H_diag : (H_diag as number));
        d = r;
        for (let i = 0; i < num_old; i++) {
          const be_i = mul(old_dirs[i].dot(r), ro[i]);
          r.add_(old_stps[i], { alpha: scalar(sub(al[i], be_i)) });
        }
      }
      if (prev_flat_grad === undefined || prev_flat_grad === null) prev_flat_grad = flat_grad.clone({ memory_format: contiguous_format });
      else prev_flat_grad.copy_(flat_grad);
      prev_loss = loss;

      if (state.n_iter === 1) t = mul(pymin(1.0, div(1.0, flat_grad.abs().sum())), lr);
      else t = lr;

      const gtd = flat_grad.dot(d);
      if (gt(gtd, -tolerance_change)) break;

      let ls_func_evals = 0;
      if (line_search_fn !== null && line_search_fn !== undefined) {
        if (line_search_fn !== "strong_wolfe") throw new RuntimeError("only 'strong_wolfe' is supported");
        const x_init = this._clone_param();
        const obj_func: ObjFunc = (x, tt, dd) => this._directional_evaluate(closure, x, tt, dd);
        [loss, flat_grad, t, ls_func_evals] = _strong_wolfe(obj_func, x_init, t, d, loss, flat_grad, gtd, 1e-4, 0.9, 1e-9, max_eval - current_evals);
        this._add_grad(t, d);
        opt_cond = le(flat_grad.abs().max(), tolerance_grad);
      } else {
        this._add_grad(t, d);
        if (n_iter !== max_iter) {
          loss = toFloat(evalClosure(closure));
          flat_grad = this._gather_flat_grad();
          opt_cond = le(flat_grad.abs().max(), tolerance_grad);
          ls_func_evals = 1;
        }
      }
      current_evals += ls_func_evals;
      state.func_evals += ls_func_evals;

      if (n_iter === max_iter) break;
      if (current_evals >= max_eval) break;
      if (opt_cond) break;
      if (le(d.mul(t as Tensor).abs().max(), tolerance_change)) break;
      if (Math.abs(loss - prev_loss) < tolerance_change) break;
    }

    state.d = d; state.t = t; state.old_dirs = old_dirs; state.old_stps = old_stps; state.ro = ro;
    state.H_diag = H_diag; state.prev_flat_grad = prev_flat_grad; state.prev_loss = prev_loss;
    return orig_loss;
  }
}

/** Python's float(loss): a Tensor's value, or the number. */
function toFloat(x: unknown): number {
  return x instanceof Tensor ? (x.item() as number) : Number(x);
}
