// torch.nn.utils.parametrize, ported from torch/nn/utils/parametrize.py: register_parametrization
// moves a parameter (or buffer) into module.parametrizations[name].original (original0, ... where
// right_inverse returns several tensors) and makes module[name] a property computing it.
import { no_grad } from "../../autograd";
import { callOp } from "../../_dispatch";
import { NotImplementedError, RuntimeError, ValueError, pyTypeName } from "../../errors";
import { OPS } from "../../generated/ops";
import { Tensor } from "../../tensor";
import { Module } from "../module";
import { Parameter } from "../parameter";
import { ModuleDict, ModuleList } from "../modules/container";

let cacheEnabled = 0;
const cache = new Map<Module, Map<string, Tensor>>();

/** parametrize.cached(fn): parametrized tensors are computed once while fn runs (Python's `with cached():`). */
export function cached<T>(fn: () => T): T {
  cacheEnabled += 1;
  try {
    return fn();
  } finally {
    cacheEnabled -= 1;
    if (!cacheEnabled) cache.clear();
  }
}

function maybeSet(dest: Tensor, src: Tensor): void {
  callOp(OPS.set_data, dest, [src]);
}

function registerParameterOrBuffer(module: Module, name: string, x: Tensor): void {
  if (x instanceof Parameter) module.register_parameter(name, x);
  else module.register_buffer(name, x);
}

const sizeStr = (t: Tensor) => `torch.Size([${t.shape.join(", ")}])`;
const sameShape = (a: Tensor, b: Tensor) => sizeStr(a) === sizeStr(b);
type Parametrization = Module & { right_inverse?: (x: Tensor) => Tensor | Tensor[] };
const call = (m: Module, ...args: unknown[]): unknown => (m.forward as (...a: unknown[]) => unknown)(...args);

/** Python's ParametrizationList: the parametrizations of one tensor, and its original(s). */
export class ParametrizationList extends ModuleList<Module> {
  unsafe: boolean;
  is_tensor: boolean;
  ntensors: number;
  declare original?: Tensor;

  constructor(modules: Module[], original: Tensor, unsafe = false) {
    super(modules);
    if (modules.length === 0) throw new ValueError("ParametrizationList requires one or more modules.");
    this.unsafe = unsafe;
    const originalShape = sizeStr(original);
    const originalDtype = original.dtype;
    let newValue: Tensor | Tensor[] = original;
    no_grad(() => {
      for (const module of [...modules].reverse() as Parametrization[]) {
        if (typeof module.right_inverse === "function") {
          try {
            newValue = module.right_inverse(newValue as Tensor);
          } catch (e) {
            if (!(e instanceof NotImplementedError)) throw e;
          }
        }
      }
    });
    const nv = newValue as Tensor | Tensor[];
    if (!(nv instanceof Tensor) && !Array.isArray(nv)) {
      throw new ValueError(`'right_inverse' must return a Tensor or a Sequence of tensors (list, tuple...). Got ${pyTypeName(nv)}`);
    }
    this.is_tensor = nv instanceof Tensor;
    this.ntensors = nv instanceof Tensor ? 1 : nv.length;
    if (nv instanceof Tensor) {
      if (originalDtype !== nv.dtype) {
        throw new ValueError(
          `When \`right_inverse\` outputs one tensor, it may not change the dtype.\noriginal.dtype: ${originalDtype}\nright_inverse(original).dtype: ${nv.dtype}`,
        );
      }
      no_grad(() => maybeSet(original, nv));
      registerParameterOrBuffer(this, "original", original);
    } else {
      nv.forEach((originali, i) => {
        if (!(originali instanceof Tensor)) {
          throw new ValueError(`'right_inverse' must return a Tensor or a Sequence of tensors (list, tuple...). Got element ${i} of the sequence with type ${pyTypeName(originali)}.`);
        }
        let t: Tensor = originali;
        if (original instanceof Parameter) t = new Parameter(originali, original.requires_grad);
        t.requires_grad_(original.requires_grad);
        registerParameterOrBuffer(this, `original${i}`, t);
      });
    }
    if (!this.unsafe) {
      const z = this.forward() as unknown as Tensor;
      if (!((z as unknown) instanceof Tensor)) throw new ValueError(`A parametrization must return a tensor. Got ${pyTypeName(z)}.`);
      if (z.dtype !== originalDtype) {
        throw new ValueError(
          `Registering a parametrization may not change the dtype of the tensor, unless \`unsafe\` flag is enabled.\nunparametrized dtype: ${originalDtype}\nparametrized dtype: ${z.dtype}`,
        );
      }
      if (sizeStr(z) !== originalShape) {
        throw new ValueError(
          `Registering a parametrization may not change the shape of the tensor, unless \`unsafe\` flag is enabled.\nunparametrized shape: ${originalShape}\nparametrized shape: ${sizeStr(z)}`,
        );
      }
    }
  }

  /** Sets the original(s) so that the parametrized tensor is `value` (each right_inverse, last first). */
  right_inverse(value: Tensor): void {
    no_grad(() => {
      let v: Tensor | Tensor[] = value;
      for (const module of [...this].reverse() as Parametrization[]) {
        if (typeof module.right_inverse === "function") v = module.right_inverse(v as Tensor);
        else throw new RuntimeError(`parametrization ${module.constructor.name} does not implement right_inverse.`);
      }
      if (this.is_tensor) {
        if (!(v instanceof Tensor)) throw new ValueError(`\`right_inverse\` should return a tensor. Got ${pyTypeName(v)}`);
        const original = this.original!;
        if (v.dtype !== original.dtype) {
          throw new ValueError(`The tensor returned by \`right_inverse\` has dtype ${v.dtype} while \`original\` has dtype ${original.dtype}`);
        }
        if (!sameShape(v, original)) {
          throw new ValueError(`The tensor returned by \`right_inverse\` has shape ${sizeStr(v)} while \`original\` has shape ${sizeStr(original)}`);
        }
        maybeSet(original, v);
      } else {
        if (!Array.isArray(v)) throw new ValueError(`'right_inverse' must return a sequence of tensors. Got ${pyTypeName(v)}.`);
        if (v.length !== this.ntensors) {
          throw new ValueError(`'right_inverse' must return a sequence of tensors of length ${this.ntensors}. Got a sequence of length ${v.length}.`);
        }
        v.forEach((t, i) => maybeSet((this as unknown as Record<string, Tensor>)[`original${i}`], t));
      }
    });
  }

  forward(): never;
  forward(): unknown {
    const mods = [...this];
    const self = this as unknown as Record<string, Tensor>;
    let x = this.is_tensor ? call(mods[0], self.original) : call(mods[0], ...Array.from({ length: this.ntensors }, (_, i) => self[`original${i}`]));
    for (const m of mods.slice(1)) x = call(m, x);
    return x as never;
  }

  _get_name(): string {
    return "ParametrizationList";
  }
}

/** is_parametrized(module, tensor_name = None). */
export function is_parametrized(module: Module, tensor_name: string | null = null): boolean {
  const p = (module as unknown as { parametrizations?: unknown }).parametrizations;
  if (p === undefined || p === null || !(p instanceof Module) || p._get_name() !== "ModuleDict") return false;
  const dict = p as Module;
  if (tensor_name === null || tensor_name === undefined) return dict._modules.size > 0;
  return dict._modules.has(tensor_name);
}

function injectProperty(module: Module, tensorName: string): void {
  Object.defineProperty(module, tensorName, {
    configurable: true,
    enumerable: true,
    get(this: Module) {
      const parametrization = (this as unknown as { parametrizations: Record<string, ParametrizationList> }).parametrizations[tensorName];
      if (cacheEnabled) {
        let perModule = cache.get(this);
        if (!perModule) cache.set(this, (perModule = new Map()));
        let t = perModule.get(tensorName);
        if (t === undefined) {
          t = parametrization.forward() as unknown as Tensor;
          perModule.set(tensorName, t);
        }
        return t;
      }
      return parametrization.forward();
    },
    set(this: Module, value: Tensor) {
      (this as unknown as { parametrizations: Record<string, ParametrizationList> }).parametrizations[tensorName].right_inverse(value);
    },
  });
}

/** register_parametrization(module, tensor_name, parametrization, { unsafe = false }): returns module. */
export function register_parametrization<M extends Module>(module: M, tensor_name: string, parametrization: Module, options: { unsafe?: boolean } = {}): M {
  const unsafe = options?.unsafe ?? false;
  parametrization.train(module.training);
  const self = module as unknown as Record<string, unknown>;
  if (is_parametrized(module, tensor_name)) {
    if (!unsafe) {
      const y = self[tensor_name] as Tensor;
      const x = call(parametrization, y);
      if (!(x instanceof Tensor)) throw new ValueError(`A parametrization must return a tensor. Got ${pyTypeName(x)}.`);
      if (x.dtype !== y.dtype) {
        throw new ValueError(
          `Registering a parametrization may not change the dtype of the tensor, unless the \`unsafe\` flag is enabled.\nmodule.${tensor_name}.dtype: ${y.dtype}\nparametrization(module.${tensor_name}).dtype: ${x.dtype}`,
        );
      }
      if (!sameShape(x, y)) {
        throw new ValueError(
          `Registering a parametrization may not change the shape of the tensor, unless the \`unsafe\` flag is enabled.\nmodule.${tensor_name}.shape: ${sizeStr(y)}\nparametrization(module.${tensor_name}).shape: ${sizeStr(x)}`,
        );
      }
    }
    const list = (self.parametrizations as Record<string, ParametrizationList>)[tensor_name];
    list.append(parametrization);
    list.unsafe ||= unsafe;
  } else if (module._buffers.has(tensor_name) || module._parameters.has(tensor_name)) {
    const original = self[tensor_name] as Tensor;
    const parametrizations = new ParametrizationList([parametrization], original, unsafe);
    module._parameters.delete(tensor_name);
    module._buffers.delete(tensor_name);
    delete self[tensor_name];
    if (!is_parametrized(module)) {
      self.parametrizations = new ModuleDict();
      const name = module._get_name();
      Object.defineProperty(module, "_get_name", { value: () => `Parametrized${name}`, configurable: true, enumerable: false, writable: true });
    }
    (self.parametrizations as Module).add_module(tensor_name, parametrizations);
    injectProperty(module, tensor_name);
  } else {
    throw new ValueError(`Module '${module}' does not have a parameter, a buffer, or a parametrized element with name '${tensor_name}'`);
  }
  return module;
}

/** remove_parametrizations(module, tensor_name, leave_parametrized = true): returns module. */
export function remove_parametrizations<M extends Module>(module: M, tensor_name: string, leave_parametrized: boolean | { leave_parametrized?: boolean } = true): M {
  const leave = typeof leave_parametrized === "object" ? leave_parametrized.leave_parametrized ?? true : leave_parametrized;
  if (!is_parametrized(module, tensor_name)) throw new ValueError(`Module ${module} does not have a parametrization on ${tensor_name}`);
  const self = module as unknown as Record<string, unknown>;
  const dict = self.parametrizations as Module;
  const parametrizations = (dict as unknown as Record<string, ParametrizationList>)[tensor_name];
  let original: Tensor;
  if (parametrizations.is_tensor) {
    original = parametrizations.original!;
    if (leave) {
      const t = no_grad(() => self[tensor_name] as Tensor);
      no_grad(() => maybeSet(original, t));
    }
  } else {
    if (!leave) {
      throw new ValueError("Cannot leave unparametrized (`leave_parametrized=False`) a tensor that is parametrized in terms of a sequence of tensors.");
    }
    const t = self[tensor_name] as Tensor;
    const o0 = (parametrizations as unknown as Record<string, Tensor>).original0;
    original = o0 instanceof Parameter ? new Parameter(t.detach(), t.requires_grad) : t.detach();
  }
  delete self[tensor_name];
  dict._modules.delete(tensor_name);
  delete (dict as unknown as Record<string, unknown>)[tensor_name];
  registerParameterOrBuffer(module, tensor_name, original);
  if (!is_parametrized(module)) {
    module._modules.delete("parametrizations");
    delete self.parametrizations;
    delete self._get_name;
  }
  return module;
}

/** type_before_parametrizations(module): the class before register_parametrization renamed it. */
export function type_before_parametrizations(module: Module): Function {
  return module.constructor;
}

export { Tensor as _Tensor };
