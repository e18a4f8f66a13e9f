// Containers: Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict.
import { describe, IndexError, NotImplementedError, TypeError, ValueError } from "../../errors";
import { Slice } from "../../indexing";
import { Tensor } from "../../tensor";
import { addIndent, Module } from "../module";
import { Parameter } from "../parameter";
import { warn } from "../../_python";

/** A module is any object with a forward; containers just hold them. */
type AnyModule = Module;

function wrapIndex(cls: string, index: number, length: number): number {
  if (!Number.isInteger(index) || index < -length || index >= length) throw new IndexError(`index ${index} is out of range`);
  void cls;
  return index < 0 ? index + length : index;
}

/** Python's slice.indices(length): the positions a slice selects. */
function sliceIndices(index: Slice | string, length: number): number[] {
  let start: number | null, stop: number | null, step: number | null;
  if (typeof index === "string") {
    const m = SLICE.exec(index);
    if (!m) throw new TypeError(`indices must be integers or slices, not the string ${JSON.stringify(index)}`);
    [start, stop, step] = [m[1], m[2], m[3]].map((x) => (x === undefined ? null : Number(x)));
  } else {
    ({ start, stop, step } = index);
  }
  step ??= 1;
  if (step === 0) throw new ValueError("slice step cannot be zero");
  const clamp = (v: number | null, dflt: number, lo: number, hi: number) =>
    v === null ? dflt : v < 0 ? Math.max(v + length, lo) : Math.min(v, hi);
  const first = step > 0 ? clamp(start, 0, 0, length) : clamp(start, length - 1, -1, length - 1);
  const last = step > 0 ? clamp(stop, length, 0, length) : clamp(stop, -1, -1, length - 1);
  const out: number[] = [];
  for (let i = first; step > 0 ? i < last : i > last; i += step) out.push(i);
  return out;
}
const SLICE = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*)?$/;

class SequentialBase<M extends AnyModule[] = AnyModule[]> extends Module {
  [index: number]: AnyModule;
  /** @internal the modules' types (M), for typing only */
  declare readonly _types?: M;

  constructor(...modules: M | [Record<string, AnyModule>]) {
    super();
    if (modules.length === 1 && !(modules[0] instanceof Module) && typeof modules[0] === "object" && modules[0] !== null) {
      for (const [name, module] of Object.entries(modules[0] as Record<string, AnyModule>)) this.add_module(name, module);
    } else {
      (modules as AnyModule[]).forEach((module, i) => this.add_module(String(i), module));
    }
  }

  get length(): number {
    return this._modules.size;
  }

  /**
   * seq[idx]: a module by position (negative counts from the end; `seq[-1]` works too), or for
   * a slice (`torch.slice(1, 3)` or "1:3") a Sequential of those modules under their names.
   */
  __getitem__(idx: number): AnyModule;
  __getitem__(idx: Slice | string): Sequential;
  __getitem__(idx: number | Slice | string): AnyModule | Sequential {
    const items = [...this._modules.entries()];
    if (typeof idx === "number") {
      const [, module] = items[wrapIndex("Sequential", idx, items.length)];
      return module as AnyModule;
    }
    const picked = Object.fromEntries(sliceIndices(idx, items.length).map((i) => items[i])) as Record<string, AnyModule>;
    return new (this.constructor as new (m: Record<string, AnyModule>) => Sequential)(picked);
  }

  [Symbol.iterator](): Iterator<AnyModule> {
    return [...this._modules.values()].filter((m): m is AnyModule => m !== null)[Symbol.iterator]();
  }

  append(module: AnyModule): this {
    this.add_module(String(this._modules.size), module);
    return this;
  }

  /** Each module's forward on the previous one's output (tensors, as nearly always). */
  forward(input: Tensor): Tensor {
    let x = input;
    for (const module of this) x = (module.forward as (x: Tensor) => Tensor)(x);
    return x;
  }
}
Object.defineProperty(SequentialBase, "name", { value: "Sequential" });

/** The positions of a tuple of modules as typed properties: `seq[0]` is the first module's type. */
type Positions<M> = { readonly [K in keyof M as K extends `${number}` ? K : never]: M[K] };

/**
 * nn.Sequential(...modules) or nn.Sequential({ name: module, ... }): calls them in order.
 * `new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU())[0]` is typed `Linear`.
 */
export type Sequential<M extends AnyModule[] = AnyModule[]> = SequentialBase<M> & Positions<M>;
export const Sequential = SequentialBase as unknown as {
  new <M extends AnyModule[] | [Record<string, AnyModule>] = AnyModule[]>(...modules: M): Sequential<M extends AnyModule[] ? M : AnyModule[]>;
  readonly prototype: Sequential;
};

/** nn.ModuleList(modules): a list of modules, registered as "0", "1", ...; indexable and iterable. */
export class ModuleList<M extends AnyModule = AnyModule> extends Module {
  [index: number]: M;

  constructor(modules: Iterable<M> = []) {
    super();
    this.extend(modules);
  }

  get length(): number {
    return this._modules.size;
  }

  [Symbol.iterator](): Iterator<M> {
    return ([...this._modules.values()] as M[])[Symbol.iterator]();
  }

  append(module: M): this {
    this.add_module(String(this._modules.size), module);
    return this;
  }

  /** list[idx]: a module by position (negative counts from the end), or for a slice a ModuleList of those modules, renumbered. */
  __getitem__(idx: number): M;
  __getitem__(idx: Slice | string): ModuleList<M>;
  __getitem__(idx: number | Slice | string): M | ModuleList<M> {
    const modules = [...this] as M[];
    if (typeof idx === "number") return modules[wrapIndex("ModuleList", idx, modules.length)];
    return new (this.constructor as new (m: M[]) => ModuleList<M>)(sliceIndices(idx, modules.length).map((i) => modules[i]));
  }

  extend(modules: Iterable<M>): this {
    if (modules === null || typeof (modules as Partial<Iterable<M>>)[Symbol.iterator] !== "function") {
      throw new TypeError(`ModuleList.extend should be called with an iterable, but got ${describe(modules)}`);
    }
    for (const module of modules) this.append(module);
    return this;
  }

  insert(index: number, module: M): void {
    const modules = [...this] as M[];
    modules.splice(wrapIndex("ModuleList", index, modules.length + 1), 0, module);
    modules.forEach((m, i) => this.add_module(String(i), m));
  }

  forward(): never {
    throw new NotImplementedError(`Module [ModuleList] is missing the required "forward" function`);
  }

  /** As Python's: runs of identical children print once, as `(0-5): 6 x Block(...)`. */
  toString(): string {
    const reprs = [...this].map(String);
    if (reprs.length === 0) return `${this._get_name()}()`;
    const runs: [number, number, string][] = [];
    reprs.forEach((r, i) => {
      const last = runs[runs.length - 1];
      if (last && last[2] === r) last[1] = i;
      else runs.push([i, i, r]);
    });
    const lines = runs.map(([start, end, r]) =>
      addIndent(start === end ? `(${start}): ${r}` : `(${start}-${end}): ${end - start + 1} x ${r}`, 2),
    );
    return `${this._get_name()}(\n  ${lines.join("\n  ")}\n)`;
  }
}

class ModuleDictBase<T extends Record<string, AnyModule>> extends Module {
  constructor(modules?: T) {
    super();
    if (modules) this.update(modules);
  }

  update(modules: Partial<T>): void {
    for (const [name, module] of Object.entries(modules)) this.add_module(name, module as AnyModule);
  }

  keys(): string[] {
    return [...this._modules.keys()];
  }

  values(): AnyModule[] {
    return [...this._modules.values()].filter((m): m is AnyModule => m !== null);
  }

  items(): [string, AnyModule][] {
    return [...this._modules.entries()].filter((e): e is [string, AnyModule] => e[1] !== null);
  }

  get length(): number {
    return this._modules.size;
  }

  forward(): never {
    throw new NotImplementedError(`Module [ModuleDict] is missing the required "forward" function`);
  }

  _get_name(): string {
    return "ModuleDict";
  }
}

/**
 * nn.ModuleDict({ wte: ..., h: ... }): modules by name; each entry is also a typed property
 * (`transformer.wte`), as attribute access works in Python.
 */
export const ModuleDict = ModuleDictBase as unknown as {
  new <T extends Record<string, AnyModule>>(modules?: T): ModuleDictBase<T> & T;
};
export type ModuleDict<T extends Record<string, AnyModule> = Record<string, AnyModule>> = ModuleDictBase<T> & T;

/** nn.ParameterList(parameters): parameters registered as "0", "1", ... */
export class ParameterList extends Module {
  [index: number]: Parameter;

  constructor(values: Iterable<Tensor> = []) {
    super();
    if (values === null || typeof (values as Partial<Iterable<Tensor>>)[Symbol.iterator] !== "function") {
      throw new TypeError(`'${describe(values)}' object is not iterable`);
    }
    for (const v of values) this.append(v);
  }

  get length(): number {
    return this._parameters.size;
  }

  [Symbol.iterator](): Iterator<Parameter> {
    return ([...this._parameters.values()] as Parameter[])[Symbol.iterator]();
  }

  append(value: Tensor): this {
    if (!(value instanceof Tensor)) throw new TypeError(`ParameterList.append: expected a Tensor, got ${typeof value}`);
    this.register_parameter(String(this._parameters.size), value instanceof Parameter ? value : new Parameter(value));
    return this;
  }

  extra_repr(): string {
    return [...this._parameters.entries()]
      // Indented by two spaces of its own, as Python's ParameterList.extra_repr does.
      .map(([name, p]) => `  (${name}): Parameter containing: [torch.${p!.dtype.name} of size ${p!.shape.join("x")}]`)
      .join("\n");
  }

  forward(): never {
    throw new NotImplementedError(`Module [ParameterList] is missing the required "forward" function`);
  }
}

class ParameterDictBase<T extends Record<string, Tensor>> extends Module {
  constructor(parameters?: T) {
    super();
    if (parameters) this.update(parameters);
  }

  update(parameters: Partial<T>): void {
    for (const [name, value] of Object.entries(parameters)) {
      this.register_parameter(name, value instanceof Parameter ? value : new Parameter(value as Tensor));
    }
  }

  keys(): string[] {
    return [...this._parameters.keys()];
  }

  get length(): number {
    return this._parameters.size;
  }

  forward(): never {
    throw new NotImplementedError(`Module [ParameterDict] is missing the required "forward" function`);
  }

  _get_name(): string {
    return "ParameterDict";
  }
}

/** nn.ParameterDict({ name: tensor }): parameters by name, each also a typed property. */
export const ParameterDict = ParameterDictBase as unknown as {
  new <T extends Record<string, Tensor>>(parameters?: T): ParameterDictBase<T> & { [K in keyof T]: Parameter };
};

/**
 * The deprecated `new nn.Container({ name: module, ... })`: a Module with these children (its
 * functionality is nn.Module's; Python warns FutureWarning).
 */
export class Container extends Module {
  constructor(kwargs: Record<string, Module | null> = {}) {
    super();
    warn("`nn.Container` is deprecated. All of it's functionality is now implemented in `nn.Module`. Subclass that instead.", "FutureWarning");
    for (const [key, value] of Object.entries(kwargs)) this.add_module(key, value);
  }

  forward(): never {
    throw new NotImplementedError(`Module [Container] is missing the required "forward" function`);
  }
}
