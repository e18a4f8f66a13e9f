// torch.nn.utils: parameters_to_vector / vector_to_parameters (convert_parameters.py), the
// deprecated hook-based weight_norm / remove_weight_norm (weight_norm.py), fuse_conv_bn_eval,
// fuse_conv_bn_weights, fuse_linear_bn_eval, fuse_linear_bn_weights (fusion.py), skip_init
// (init.py) and stateless.functional_call (stateless.py; also torch.func.functional_call).
import { callOp } from "../../_dispatch";
import { AssertionError, RuntimeError, TypeError, ValueError, pyTypeName } from "../../errors";
import { OPS } from "../../generated/ops";
import { Tensor } from "../../tensor";
import { Module, _assignRaw } from "../module";
import { Parameter } from "../parameter";
import { _get_clones } from "../modules/transformer";
import { no_grad } from "../../autograd";
import { normalize } from "../functional";

type Tensors = Tensor | Iterable<Tensor>;
const asIterable = (parameters: Tensors): Tensor[] => (parameters instanceof Tensor ? [parameters] : [...parameters]);

function checkParamDevice(param: Tensor, oldDevice: number | null): number {
  const dev = param.is_cuda ? (param.get_device() as number) : -1;
  if (oldDevice === null) return dev;
  if (dev !== oldDevice) {
    throw new TypeError(param.is_cuda ? "Found two parameters on different devices, this is currently not supported." : "Found two parameters on different devices, this is currently not supported.");
  }
  return oldDevice;
}

/** parameters_to_vector(parameters): every parameter flattened into one vector. */
export function parameters_to_vector(parameters: Tensors): Tensor {
  let device: number | null = null;
  const vec: Tensor[] = [];
  for (const param of asIterable(parameters)) {
    device = checkParamDevice(param, device);
    vec.push(param.view(-1));
  }
  return callOp(OPS.cat, null, [vec]) as Tensor;
}

/** vector_to_parameters(vec, parameters): copies slices of vec into the parameters' data. */
export function vector_to_parameters(vec: Tensor, parameters: Tensors): void {
  if (!(vec instanceof Tensor)) throw new TypeError(`expected torch.Tensor, but got: ${pyTypeName(vec)}`);
  let device: number | null = null;
  let pointer = 0;
  for (const param of asIterable(parameters)) {
    device = checkParamDevice(param, device);
    const n = param.numel();
    callOp(OPS.set_data, param, [vec.narrow(0, pointer, n).view_as(param).detach()]);
    pointer += n;
  }
}

// ---- deprecated weight_norm ----

interface WeightNormHook {
  (module: Module, inputs: unknown): void;
  _weightNorm: { name: string; dim: number };
}

function computeWeight(module: Module, name: string, dim: number): Tensor {
  const self = module as unknown as Record<string, Tensor>;
  return callOp(OPS._weight_norm, null, [self[`${name}_v`], self[`${name}_g`], dim]) as Tensor;
}

/** nn.utils.weight_norm(module, name = "weight", dim = 0): deprecated for parametrizations.weight_norm. */
export function weight_norm<M extends Module>(module: M, name: string | { name?: string; dim?: number | null } = "weight", dim: number | null = 0): M {
  if (typeof name === "object" && name !== null) ({ name = "weight", dim = 0 } = name);
  const n = name as string;
  process.emitWarning("`torch.nn.utils.weight_norm` is deprecated in favor of `torch.nn.utils.parametrizations.weight_norm`.", "FutureWarning");
  for (const hook of module._forward_pre_hooks.values()) {
    if ((hook as Partial<WeightNormHook>)._weightNorm?.name === n) throw new RuntimeError(`Cannot register two weight_norm hooks on the same parameter ${n}`);
  }
  const d = dim ?? -1;
  const weight = (module as unknown as Record<string, Tensor>)[n];
  module._parameters.delete(n);
  module.register_parameter(`${n}_g`, new Parameter(callOp(OPS.norm_except_dim, null, [weight, 2, d]) as Tensor));
  module.register_parameter(`${n}_v`, new Parameter(weight.detach()));
  (module as unknown as Record<string, Tensor>)[n] = computeWeight(module, n, d);
  const hook = Object.assign((m: Module) => {
    (m as unknown as Record<string, Tensor>)[n] = computeWeight(m, n, d);
  }, { _weightNorm: { name: n, dim: d } });
  module.register_forward_pre_hook(hook);
  return module;
}

/** nn.utils.remove_weight_norm(module, name = "weight"). */
export function remove_weight_norm<M extends Module>(module: M, name: string | { name?: string } = "weight"): M {
  if (typeof name === "object" && name !== null) ({ name = "weight" } = name);
  for (const [k, hook] of module._forward_pre_hooks) {
    const wn = (hook as Partial<WeightNormHook>)._weightNorm;
    if (wn && wn.name === name) {
      const weight = computeWeight(module, wn.name, wn.dim);
      delete (module as unknown as Record<string, unknown>)[wn.name];
      module._parameters.delete(`${wn.name}_g`);
      module._parameters.delete(`${wn.name}_v`);
      delete (module as unknown as Record<string, unknown>)[`${wn.name}_g`];
      delete (module as unknown as Record<string, unknown>)[`${wn.name}_v`];
      (module as unknown as Record<string, unknown>)[wn.name] = new Parameter(weight.detach());
      module._forward_pre_hooks.delete(k);
      return module;
    }
  }
  throw new ValueError(`weight_norm of '${name}' not found in ${module}`);
}

// ---- fusion ----

const deepcopy = <M extends Module>(m: M): M => [..._get_clones(m, 1)][0];
type Any = Record<string, any>;

/** fuse_conv_bn_weights(conv_w, conv_b, bn_rm, bn_rv, bn_eps, bn_w, bn_b, transpose = false): [weight, bias] Parameters. */
export function fuse_conv_bn_weights(
  conv_w: Tensor, conv_b: Tensor | null, bn_rm: Tensor, bn_rv: Tensor, bn_eps: number, bn_w: Tensor | null, bn_b: Tensor | null, transpose = false,
): [Parameter, Parameter] {
  const convWeightDtype = conv_w.dtype;
  const convBiasDtype = conv_b !== null ? conv_b.dtype : convWeightDtype;
  const zeros = () => callOp(OPS.zeros_like, null, [bn_rm]) as Tensor;
  const cb = conv_b ?? zeros();
  const bw = bn_w ?? (callOp(OPS.ones_like, null, [bn_rm]) as Tensor);
  const bb = bn_b ?? zeros();
  const rsqrt = bn_rv.add(bn_eps).rsqrt();
  const ones = new Array(conv_w.shape.length - 2).fill(1);
  const shape = transpose ? [1, -1, ...ones] : [-1, 1, ...ones];
  const w = conv_w.mul(bw.mul(rsqrt).reshape(shape)).to({ dtype: convWeightDtype });
  const b = cb.sub(bn_rm).mul(rsqrt).mul(bw).add(bb).to({ dtype: convBiasDtype });
  return [new Parameter(w, conv_w.requires_grad), new Parameter(b, cb.requires_grad)];
}

/** fuse_conv_bn_eval(conv, bn, transpose = false): a copy of conv with bn folded in (both in eval mode). */
export function fuse_conv_bn_eval<M extends Module>(conv: M, bn: Module, transpose = false): M {
  if (conv.training || bn.training) throw new AssertionError("Fusion only for eval!");
  const fused = deepcopy(conv) as unknown as Any;
  const b = bn as Module & Any;
  if (b.running_mean == null || b.running_var == null) throw new AssertionError("");
  [fused.weight, fused.bias] = fuse_conv_bn_weights(fused.weight, fused.bias, b.running_mean, b.running_var, b.eps, b.weight, b.bias, transpose);
  return fused as M;
}

/** fuse_linear_bn_weights(linear_w, linear_b, bn_rm, bn_rv, bn_eps, bn_w, bn_b): [weight, bias] Parameters. */
export function fuse_linear_bn_weights(
  linear_w: Tensor, linear_b: Tensor | null, bn_rm: Tensor, bn_rv: Tensor, bn_eps: number, bn_w: Tensor, bn_b: Tensor,
): [Parameter, Parameter] {
  const wDtype = linear_w.dtype;
  const bDtype = linear_b !== null ? linear_b.dtype : wDtype;
  const lb = linear_b ?? (callOp(OPS.zeros_like, null, [bn_rm]) as Tensor);
  const scale = bn_w.mul(bn_rv.add(bn_eps).rsqrt());
  const w = linear_w.mul(scale.unsqueeze(-1).to({ dtype: wDtype }));
  const b = lb.sub(bn_rm).mul(scale).add(bn_b).to({ dtype: bDtype });
  return [new Parameter(w, linear_w.requires_grad), new Parameter(b, lb.requires_grad)];
}

/** fuse_linear_bn_eval(linear, bn): a copy of linear with bn folded in (both in eval mode). */
export function fuse_linear_bn_eval<M extends Module>(linear: M, bn: Module): M {
  if (linear.training || bn.training) throw new AssertionError("Fusion only for eval!");
  const fused = deepcopy(linear) as unknown as Any;
  const b = bn as Module & Any;
  if (!(fused.out_features === b.num_features || b.num_features === 1)) {
    throw new AssertionError("To fuse, linear.out_features == bn.num_features or bn.num_features == 1");
  }
  if (b.running_mean == null || b.running_var == null) throw new AssertionError("");
  [fused.weight, fused.bias] = fuse_linear_bn_weights(fused.weight, fused.bias, b.running_mean, b.running_var, b.eps, b.weight, b.bias);
  return fused as M;
}

// ---- skip_init ----

/**
 * skip_init(module_cls, ...args): Python builds the module on the meta device and then makes
 * uninitialized tensors; torchts constructs it and replaces every parameter and buffer with an
 * uninitialized (torch.empty_like) one, which is what the caller gets either way.
 */
export function skip_init<A extends unknown[], M extends Module>(module_cls: new (...args: A) => M, ...args: A): M {
  if (typeof module_cls !== "function" || !(module_cls.prototype instanceof Module)) {
    throw new RuntimeError(`Expected a Module; got ${pyTypeName(module_cls)}`);
  }
  const m = new module_cls(...args);
  return m._apply((t) => callOp(OPS.empty_like, null, [t]) as Tensor);
}

// ---- functional_call ----

export interface FunctionalCallOptions {
  tie_weights?: boolean;
  strict?: boolean;
}

function ownerOf(module: Module, key: string): [Module, string] {
  const dot = key.lastIndexOf(".");
  return [dot < 0 ? module : module.get_submodule(key.slice(0, dot)), key.slice(dot + 1)];
}

/**
 * functional_call(module, parameters_and_buffers, args = None, kwargs = None, { tie_weights = true, strict = false }):
 * calls module with the given tensors in place of its parameters and buffers (a dict, or an
 * array of dicts), and restores them afterwards. args: an array of positional arguments, or one.
 */
export function functional_call(
  module: Module,
  parameter_and_buffer_dicts: Record<string, Tensor> | Record<string, Tensor>[],
  args: unknown = null,
  kwargs: Record<string, unknown> | FunctionalCallOptions | null = null,
  options: FunctionalCallOptions = {},
): unknown {
  let dicts = parameter_and_buffer_dicts;
  let params: Record<string, Tensor>;
  if (Array.isArray(dicts)) {
    const seen = new Map<string, number>();
    params = {};
    dicts.forEach((d, i) => {
      for (const k of Object.keys(d)) {
        if (seen.has(k)) {
          throw new ValueError(`${k} appeared in multiple dictionaries; behavior of functional call is ambiguous`);
        }
        seen.set(k, i);
      }
      Object.assign(params, d);
    });
  } else params = dicts as Record<string, Tensor>;
  dicts = params;
  const { tie_weights = true, strict = false } = options ?? {};
  // Tied weights: every name of a tensor given under one of its names gets it.
  const allNamed = new Map<string, Tensor>();
  for (const [n, p] of module.named_parameters("", true, false)) allNamed.set(n, p);
  for (const [n, b] of module.named_buffers("", true, false)) allNamed.set(n, b);
  const swap: Map<string, Tensor> = new Map(Object.entries(params));
  if (tie_weights) {
    const byTensor = new Map<Tensor, string[]>();
    for (const [n, t] of allNamed) byTensor.set(t, [...(byTensor.get(t) ?? []), n]);
    for (const names of byTensor.values()) {
      if (names.length < 2) continue;
      const given = names.filter((n) => swap.has(n));
      if (given.length === 0) continue;
      const value = swap.get(given[0])!;
      for (const g of given) {
        if (swap.get(g) !== value) {
          throw new ValueError(
            `functional_call got multiple values for keys ${JSON.stringify(given)}, which are tied. Consider using tie_weights=False`,
          );
        }
      }
      for (const n of names) swap.set(n, value);
    }
  }
  if (strict) {
    const missing = [...allNamed.keys()].filter((k) => !swap.has(k)).sort();
    const unexpected = [...swap.keys()].filter((k) => !allNamed.has(k)).sort();
    const errors: string[] = [];
    if (unexpected.length) errors.push(`Unexpected key(s): ${unexpected.map((k) => `'${k}'`).join(", ")}.`);
    if (missing.length) errors.push(`Missing key(s): ${missing.map((k) => `'${k}'`).join(", ")}.`);
    if (errors.length) throw new RuntimeError(`Error(s) in reparametrizing for ${module._get_name()}:\n\t${errors.join("\n\t")}`);
  }
  const restore: (() => void)[] = [];
  try {
    for (const [key, value] of swap) {
      const [owner, name] = ownerOf(module, key);
      const registry = owner._parameters.has(name) ? owner._parameters : owner._buffers.has(name) ? owner._buffers : null;
      const old = (owner as unknown as Record<string, unknown>)[name];
      if (registry) {
        const prev = registry.get(name);
        (registry as Map<string, unknown>).set(name, value);
        restore.push(() => {
          (registry as Map<string, unknown>).set(name, prev);
          _assignRaw(owner, name, old);
        });
      } else {
        restore.push(() => _assignRaw(owner, name, old));
      }
      _assignRaw(owner, name, value);
    }
    const callArgs = args === null || args === undefined ? [] : Array.isArray(args) ? args : [args];
    const kw = kwargs && Object.keys(kwargs).length ? [kwargs] : [];
    return module.__call__(...callArgs, ...kw);
  } finally {
    for (const r of restore.reverse()) r();
  }
}

// ---- deprecated spectral_norm (torch/nn/utils/spectral_norm.py) ----

interface SpectralNormHook {
  (module: Module, inputs: unknown): void;
  _spectralNorm: SpectralNormFn;
}

class SpectralNormFn {
  constructor(
    public name: string,
    public n_power_iterations: number,
    public dim: number,
    public eps: number,
  ) {
    if (n_power_iterations <= 0) {
      throw new ValueError(`Expected n_power_iterations to be positive, but got n_power_iterations=${n_power_iterations}`);
    }
  }

  reshape_weight_to_matrix(weight: Tensor): Tensor {
    let w = weight;
    if (this.dim !== 0) {
      const rest = Array.from({ length: w.dim() }, (_, d) => d).filter((d) => d !== this.dim);
      w = w.permute([this.dim, ...rest]);
    }
    return w.reshape([w.shape[0], -1]);
  }

  compute_weight(module: Module, do_power_iteration: boolean): Tensor {
    const self = module as unknown as Record<string, Tensor>;
    const weight = self[`${this.name}_orig`];
    let u = self[`${this.name}_u`];
    let v = self[`${this.name}_v`];
    const weightMat = this.reshape_weight_to_matrix(weight);
    if (do_power_iteration) {
      no_grad(() => {
        for (let i = 0; i < this.n_power_iterations; i++) {
          v.copy_(normalize(callOp(OPS.mv, null, [weightMat.t(), u]) as Tensor, { dim: 0, eps: this.eps }));
          u.copy_(normalize(callOp(OPS.mv, null, [weightMat, v]) as Tensor, { dim: 0, eps: this.eps }));
        }
        u = u.clone();
        v = v.clone();
      });
    }
    const sigma = callOp(OPS.dot, null, [u, callOp(OPS.mv, null, [weightMat, v])]) as Tensor;
    return weight.div(sigma);
  }
}

/** nn.utils.spectral_norm(module, name = "weight", n_power_iterations = 1, eps = 1e-12, dim = None): the hook-based form. */
export function spectral_norm<M extends Module>(
  module: M,
  ...args: (string | number | null | { name?: string; n_power_iterations?: number; eps?: number; dim?: number | null })[]
): M {
  let [name, n_power_iterations, eps, dim] = ["weight", 1, 1e-12, null] as [string, number, number, number | null];
  const last = args[args.length - 1];
  const isOpts = last !== null && typeof last === "object";
  const pos = isOpts ? args.slice(0, -1) : args;
  if (pos[0] !== undefined) name = pos[0] as string;
  if (pos[1] !== undefined) n_power_iterations = pos[1] as number;
  if (pos[2] !== undefined) eps = pos[2] as number;
  if (pos[3] !== undefined) dim = pos[3] as number | null;
  if (isOpts) ({ name = name, n_power_iterations = n_power_iterations, eps = eps, dim = dim } = last as Record<string, never>);
  if (dim === null || dim === undefined) dim = /^ConvTranspose[123]d$/.test(module.constructor.name) ? 1 : 0;
  for (const hook of module._forward_pre_hooks.values()) {
    if ((hook as Partial<SpectralNormHook>)._spectralNorm?.name === name) {
      throw new RuntimeError(`Cannot register two spectral_norm hooks on the same parameter ${name}`);
    }
  }
  const fn = new SpectralNormFn(name, n_power_iterations, dim, eps);
  const weight = module._parameters.get(name);
  if (weight === null || weight === undefined) {
    throw new ValueError(`\`SpectralNorm\` cannot be applied as parameter \`${name}\` is None`);
  }
  const [u, v] = no_grad(() => {
    const [h, w] = fn.reshape_weight_to_matrix(weight).shape;
    return [
      normalize(weight.new_empty([h]).normal_(0, 1), { dim: 0, eps: fn.eps }),
      normalize(weight.new_empty([w]).normal_(0, 1), { dim: 0, eps: fn.eps }),
    ];
  });
  module._parameters.delete(name);
  delete (module as unknown as Record<string, unknown>)[name];
  module.register_parameter(`${name}_orig`, weight);
  (module as unknown as Record<string, unknown>)[name] = weight.detach();
  module.register_buffer(`${name}_u`, u);
  module.register_buffer(`${name}_v`, v);
  const hook = Object.assign((m: Module) => {
    (m as unknown as Record<string, Tensor>)[name] = fn.compute_weight(m, m.training);
  }, { _spectralNorm: fn });
  module.register_forward_pre_hook(hook);
  return module;
}

/** nn.utils.remove_spectral_norm(module, name = "weight"). */
export function remove_spectral_norm<M extends Module>(module: M, name: string | { name?: string } = "weight"): M {
  if (typeof name === "object" && name !== null) ({ name = "weight" } = name);
  for (const [k, hook] of module._forward_pre_hooks) {
    const fn = (hook as Partial<SpectralNormHook>)._spectralNorm;
    if (fn && fn.name === name) {
      const weight = no_grad(() => fn.compute_weight(module, false));
      const self = module as unknown as Record<string, unknown>;
      for (const n of [fn.name, `${fn.name}_u`, `${fn.name}_v`, `${fn.name}_orig`]) {
        module._parameters.delete(n);
        module._buffers.delete(n);
        delete self[n];
      }
      module.register_parameter(fn.name, new Parameter(weight.detach()));
      module._forward_pre_hooks.delete(k);
      return module;
    }
  }
  throw new ValueError(`spectral_norm of '${name}' not found in ${module}`);
}
