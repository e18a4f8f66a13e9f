// Autograd, as PyTorch has it: Tensor.backward, .grad, .grad_fn, .is_leaf, requires_grad_,
// retain_grad, register_hook; torch.autograd.backward and torch.autograd.grad (ported from
// torch/autograd/__init__.py, with the engine call of torch/csrc/autograd/python_engine.cpp in
// native/autograd.cc); and the grad and inference modes.
//
// Grad mode and inference mode are thread-local in LibTorch, and JS runs on one thread, so the
// callback forms (no_grad(fn), enable_grad(fn), set_grad_enabled(mode, fn), inference_mode(fn))
// set the mode, run fn, and restore the previous mode when fn returns or throws. For an async
// fn, the mode applies to its synchronous part only (up to its first await): it is restored as
// soon as fn returns its Promise, because other code runs on this thread while it waits.
import { bindArgs } from "./_args";
import { argumentError, describe, RuntimeError, TypeError, ValueError } from "./errors";
import { Handle, native } from "./native";
import { Tensor } from "./tensor";
import { objectStr, printsAsStr } from "./_python";

declare const nodeBrand: unique symbol;
/** A native torch::autograd::Node (an external that owns a shared_ptr to it). */
type NodeHandle = { readonly [nodeBrand]: true };
/** A node as it crosses: the handle, and the node's address (its identity). */
type NodeRef = [NodeHandle, number];
declare const hookBrand: unique symbol;
type HookHandle = { readonly [hookBrand]: true };

/** The native functions of native/autograd.cc. */
interface AutogradNative {
  runBackward(
    tensors: Handle[],
    grads: (Handle | null)[],
    keepGraph: boolean,
    createGraph: boolean,
    inputs: Handle[] | null,
    allowUnreachable: boolean,
    accumulateGrad: boolean,
  ): (Handle | null)[] | undefined;
  onesLike(t: Handle): Handle;
  zerosLike(t: Handle, requiresGrad: boolean): Handle;
  gradGet(t: Handle, known: Handle | null): Handle | null;
  gradSet(t: Handle, grad: Handle | null): void;
  isLeaf(t: Handle): boolean;
  requiresGrad_(t: Handle, requiresGrad: boolean): void;
  retainGrad(t: Handle): void;
  retainsGrad(t: Handle): boolean;
  isInference(t: Handle): boolean;
  detach(t: Handle): Handle;
  detach_(t: Handle): Handle;
  gradFn(t: Handle): NodeRef | null;
  nodeName(n: NodeHandle): string;
  nodeNextFunctions(n: NodeHandle): [NodeRef | null, number][];
  /** The runner gets a gradient (a tensor hook) or the list of them (an autograd.Function's backward). */
  setHookRunner(
    runner: (id: number, grad: Handle | null | [(Handle | null)[], (Handle | null)[]]) => Handle | undefined | (Handle | null)[],
  ): void;
  functionApply(name: string, materialize: boolean, inputs: Handle[], outputs: (Handle | null)[], saved: (Handle | null)[]): number;
  registerHook(t: Handle, name: string): [number, HookHandle];
  removeHook(h: HookHandle): void;
  takeDeadHooks(): number[];
  setGradEnabled(enabled: boolean): void;
  isGradEnabled(): boolean;
  enterInferenceMode(enabled: boolean): void;
  exitInferenceMode(): void;
  isInferenceModeEnabled(): boolean;
  setBackwardOnWorkerThread(on: boolean): void;
  getBackwardOnWorkerThread(): boolean;
  marshalledJsCallCount(): number;
}

const anative = native as unknown as AutogradNative;

// ---- arguments ----

function optBool(fn: string, name: string, value: unknown): boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "boolean") throw argumentError(fn, name, "bool", value);
  return value;
}

function bool(fn: string, name: string, value: unknown, fallback: boolean): boolean {
  return optBool(fn, name, value) ?? fallback;
}

/** A Tensor or a sequence of them as a list, as Python's `(t,) if is_tensor_like(t) else tuple(t)`. */
function tensorTuple(fn: string, name: string, value: unknown): unknown[] {
  if (value instanceof Tensor) return [value];
  if (Array.isArray(value)) return [...value];
  throw argumentError(fn, name, "Tensor or a sequence of Tensors", value);
}

/** The roots of a backward: element i must be a Tensor (the engine's check). */
function outputTensors(values: unknown[]): Tensor[] {
  values.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new RuntimeError(`element ${i} of tensors tuple is neither a Tensor nor a GradientEdge`);
  });
  return values as Tensor[];
}

function inputTensors(values: unknown[]): Tensor[] {
  for (const t of values) {
    if (!(t instanceof Tensor)) throw new RuntimeError(`all inputs have to be Tensors or GradientEdges, but got ${describe(t)}`);
  }
  return values as Tensor[];
}

function warn(message: string, category: string): void {
  process.emitWarning(message, category);
}

// ---- torch.autograd.backward and torch.autograd.grad ----

/** Python's _tensor_or_tensors_to_tuple. */
function tensorOrTensorsToTuple(fn: string, name: string, value: unknown, length: number): unknown[] {
  if (value === undefined || value === null) return new Array(length).fill(null);
  if (value instanceof Tensor) return [value];
  if (Array.isArray(value)) return [...value];
  throw new TypeError(`gradients can be either Tensors or None, but got ${describe(value)}`);
}

const sizeString = (shape: number[]) => `torch.Size([${shape.join(", ")}])`;

/** Python's _make_grads: checks the given gradients and makes the implicit ones. */
function makeGrads(outputs: Tensor[], grads: unknown[]): (Tensor | null)[] {
  const result: (Tensor | null)[] = [];
  const n = Math.min(outputs.length, grads.length);
  for (let i = 0; i < n; i++) {
    const out = outputs[i];
    const grad = grads[i];
    if (grad instanceof Tensor) {
      const outShape = out.shape;
      const gradShape = grad.shape;
      if (outShape.length !== gradShape.length || outShape.some((s, d) => s !== gradShape[d])) {
        throw new RuntimeError(
          `Mismatch in shape: grad_output[${grads.indexOf(grad)}] has a shape of ${sizeString(gradShape)} and ` +
            `output[${outputs.indexOf(out)}] has a shape of ${sizeString(outShape)}.`,
        );
      }
      if (out.dtype.is_complex !== grad.dtype.is_complex) {
        throw new RuntimeError(
          "For complex Tensors, both grad_output and output are required to have the same dtype. " +
            `Mismatch in dtype: grad_output[${grads.indexOf(grad)}] has a dtype of ${grad.dtype} and ` +
            `output[${outputs.indexOf(out)}] has a dtype of ${out.dtype}.`,
        );
      }
      result.push(grad);
    } else if (grad === null || grad === undefined) {
      if (out.requires_grad) {
        if (out.shape.reduce((a, b) => a * b, 1) !== 1) {
          throw new RuntimeError("grad can be implicitly created only for scalar outputs");
        }
        if (!out.dtype.is_floating_point) {
          throw new RuntimeError(`grad can be implicitly created only for real scalar outputs but got ${out.dtype}`);
        }
        result.push(new Tensor(anative.onesLike(out._h)));
      } else {
        result.push(null);
      }
    } else {
      throw new TypeError(`gradients can be either Tensors or None, but got ${describe(grad)}`);
    }
  }
  return result;
}

/** Runs the engine, then lets go of the JS functions of hooks that can no longer run. */
function runBackward(
  tensors: Tensor[],
  grads: (Tensor | null)[],
  keepGraph: boolean,
  createGraph: boolean,
  inputs: Tensor[],
  allowUnreachable: boolean,
  accumulateGrad: boolean,
): (Handle | null)[] | undefined {
  try {
    return anative.runBackward(
      tensors.map((t) => t._h),
      grads.map((g) => (g === null ? null : g._h)),
      keepGraph,
      createGraph,
      inputs.map((t) => t._h),
      allowUnreachable,
      accumulateGrad,
    );
  } finally {
    if (hookFunctions.size > 0) pruneHooks();
  }
}

export interface BackwardOptions {
  grad_tensors?: Tensor | (Tensor | null)[] | null;
  retain_graph?: boolean | null;
  create_graph?: boolean;
  /** Deprecated in Python: use grad_tensors. */
  grad_variables?: Tensor | (Tensor | null)[] | null;
  inputs?: Tensor | Tensor[] | null;
}

const BACKWARD_PARAMS = ["tensors", "grad_tensors", "retain_graph", "create_graph", "grad_variables", "inputs"] as const;

/**
 * torch.autograd.backward(tensors, grad_tensors?, retain_graph?, create_graph?, grad_variables?,
 * inputs?), each also by name in a trailing options object: accumulates the gradients of
 * `tensors` into the .grad of the leaves (or of `inputs` only).
 */
function backward(
  tensors: Tensor | Tensor[],
  ...args: (Tensor | (Tensor | null)[] | boolean | null | undefined | BackwardOptions)[]
): void;
function backward(...args: unknown[]): void {
  const fn = "backward";
  let [tensors, gradTensors, retainGraph, createGraph, gradVariables, inputs] = bindArgs(fn, BACKWARD_PARAMS, args, 1);
  if (gradVariables !== undefined && gradVariables !== null) {
    warn("`grad_variables` is deprecated. Use `grad_tensors` instead.", "FutureWarning");
    if (gradTensors === undefined || gradTensors === null) {
      gradTensors = gradVariables;
    } else {
      throw new RuntimeError(
        "`grad_tensors` and `grad_variables` (deprecated) arguments both passed to `backward()`. " +
          "Please only use `grad_tensors`.",
      );
    }
  }
  let inputList: unknown[] = [];
  if (inputs !== undefined && inputs !== null) {
    inputList = tensorTuple(fn, "inputs", inputs);
    if (inputList.length === 0) throw new RuntimeError("`inputs` argument to `backward()` cannot be empty.");
  }
  const outputs = outputTensors(tensorTuple(fn, "tensors", tensors));
  const create = bool(fn, "create_graph", createGraph, false);
  const retain = optBool(fn, "retain_graph", retainGraph) ?? create;
  const grads = makeGrads(outputs, tensorOrTensorsToTuple(fn, "grad_tensors", gradTensors, outputs.length));
  runBackward(outputs, grads, retain, create, inputTensors(inputList), true, true);
}

export interface GradOptions {
  grad_outputs?: Tensor | (Tensor | null)[] | null;
  retain_graph?: boolean | null;
  create_graph?: boolean;
  /** Deprecated in Python and ignored. */
  only_inputs?: boolean;
  allow_unused?: boolean | null;
  /** Only false: batched gradients (vmap) are not supported. */
  is_grads_batched?: boolean;
  materialize_grads?: boolean;
}

const GRAD_PARAMS = [
  "outputs",
  "inputs",
  "grad_outputs",
  "retain_graph",
  "create_graph",
  "only_inputs",
  "allow_unused",
  "is_grads_batched",
  "materialize_grads",
] as const;

/**
 * torch.autograd.grad(outputs, inputs, grad_outputs?, retain_graph?, create_graph?,
 * only_inputs?, allow_unused?, is_grads_batched?, materialize_grads?), each also by name in a
 * trailing options object: the gradients of `outputs` with respect to `inputs`, one per input
 * (null for an input the outputs do not depend on, with allow_unused).
 */
function grad(
  outputs: Tensor | Tensor[],
  inputs: Tensor | Tensor[],
  ...args: (Tensor | (Tensor | null)[] | boolean | null | undefined | GradOptions)[]
): (Tensor | null)[];
function grad(...args: unknown[]): (Tensor | null)[] {
  const fn = "grad";
  const [outputs, inputs, gradOutputs, retainGraph, createGraph, onlyInputs, allowUnusedArg, isGradsBatched, materializeArg] =
    bindArgs(fn, GRAD_PARAMS, args, 2);
  const materialize = bool(fn, "materialize_grads", materializeArg, false);
  let allowUnused = optBool(fn, "allow_unused", allowUnusedArg);
  if (materialize && allowUnused === false) {
    throw new ValueError(
      "Expected allow_unused to be True or not passed when materialize_grads=True, but got: allow_unused=False.",
    );
  }
  if (allowUnused === null) allowUnused = materialize;
  const outputList = outputTensors(tensorTuple(fn, "outputs", outputs));
  const inputList = inputTensors(tensorTuple(fn, "inputs", inputs));
  if (!bool(fn, "only_inputs", onlyInputs, true)) {
    warn(
      "only_inputs argument is deprecated and is ignored now (defaults to True). To accumulate gradient for other " +
        "parts of the graph, please use torch.autograd.backward.",
      "FutureWarning",
    );
  }
  if (bool(fn, "is_grads_batched", isGradsBatched, false)) {
    throw new RuntimeError("torchts does not support grad(is_grads_batched=True) yet (it needs vmap)");
  }
  const create = bool(fn, "create_graph", createGraph, false);
  const retain = optBool(fn, "retain_graph", retainGraph) ?? create;
  const grads = makeGrads(outputList, tensorOrTensorsToTuple(fn, "grad_outputs", gradOutputs, outputList.length));
  const result = runBackward(outputList, grads, retain, create, inputList, allowUnused, false) ?? [];
  return result.map((h, i) => {
    if (h !== null) return new Tensor(h);
    return materialize ? new Tensor(anative.zerosLike(inputList[i]._h, create)) : null;
  });
}

// ---- grad_fn nodes ----

const nodes = new Map<number, WeakRef<Node>>();
const nodeRegistry = new FinalizationRegistry<number>((address) => {
  if (nodes.get(address)?.deref() === undefined) nodes.delete(address);
});

/** The same Node object for the same node, while that object lives (`y.grad_fn === y.grad_fn`). */
function nodeOf(ref: NodeRef | null): Node | null {
  if (ref === null) return null;
  const [handle, address] = ref;
  const cached = nodes.get(address)?.deref();
  if (cached) return cached;
  const node = new Node(handle);
  nodes.set(address, new WeakRef(node));
  nodeRegistry.register(node, address);
  return node;
}

/** torch.autograd.graph.Node: a function of the backward graph (a tensor's grad_fn). */
export class Node {
  /** @internal */
  _n: NodeHandle;

  /** @internal Nodes come from Tensor.grad_fn and next_functions. */
  constructor(handle: NodeHandle) {
    this._n = handle;
  }

  /** The node's name: "AddBackward0", "torch::autograd::AccumulateGrad", ... */
  name(): string {
    return anative.nodeName(this._n);
  }

  /** The nodes that this node's gradients flow to, each with the input it feeds. */
  get next_functions(): [Node | null, number][] {
    return anative.nodeNextFunctions(this._n).map(([ref, inputNr]) => [nodeOf(ref), inputNr]);
  }

  toString(): string {
    return objectStr(this.name().replace(/^torch::autograd::/, ""));
  }
}
printsAsStr(Node);

// ---- hooks ----

/** A tensor hook: gets the gradient; may return a Tensor to use instead. */
export type TensorHook = (grad: Tensor) => Tensor | null | undefined | void;

const hookFunctions = new Map<number, TensorHook>();
/** The backward of each torch.autograd.Function node alive (lib/autograd_function.ts): (grads, saved tensors) => input grads. */
type FunctionBackward = (grads: (Tensor | null)[], saved: (Tensor | null)[]) => (Tensor | null)[];
const functionBackwards = new Map<number, FunctionBackward>();

/** Forgets the JS functions of hooks whose C++ side is gone (removed, or their tensor freed, or their graph). */
function pruneHooks(): void {
  for (const id of anative.takeDeadHooks()) {
    hookFunctions.delete(id);
    functionBackwards.delete(id);
  }
}

/**
 * @internal Gives `outputs` (made under no_grad) a grad_fn named `name` whose backward is
 * `backward`, with edges to `inputs`, keeping `saved` in the node for it: what Python's
 * Function.apply does in C++. `backward` must not hold tensors (see JsFunctionNode).
 */
export function _wireFunction(
  name: string,
  materialize: boolean,
  inputs: Tensor[],
  outputs: (Tensor | null)[],
  saved: (Tensor | null)[],
  backward: FunctionBackward,
): void {
  pruneHooks();
  const handles = (ts: (Tensor | null)[]) => ts.map((t) => (t === null ? null : t._h));
  const id = anative.functionApply(name, materialize, inputs.map((t) => t._h), handles(outputs), handles(saved));
  functionBackwards.set(id, backward);
}

anative.setHookRunner((id, gradHandle) => {
  const backward = functionBackwards.get(id);
  if (backward) {
    const tensors = (hs: (Handle | null)[]) => hs.map((h) => (h === null ? null : new Tensor(h)));
    const [grads, saved] = gradHandle as [(Handle | null)[], (Handle | null)[]];
    return backward(tensors(grads), tensors(saved)).map((g) => (g === null ? null : g._h));
  }
  const hook = hookFunctions.get(id);
  if (!hook || Array.isArray(gradHandle)) return undefined;
  const result = hook((gradHandle === null ? null : new Tensor(gradHandle)) as Tensor);
  if (result === undefined || result === null) return undefined;
  if (!(result instanceof Tensor)) throw new TypeError(`expected Variable, but hook returned '${describe(result)}'`);
  return result._h;
});

/** What register_hook returns: remove() takes the hook off again (also `using`). */
export class RemovableHandle {
  /** @internal */
  _handle: HookHandle;
  readonly id: number;

  /** @internal */
  constructor(id: number, handle: HookHandle) {
    this.id = id;
    this._handle = handle;
  }

  remove(): void {
    anative.removeHook(this._handle);
    hookFunctions.delete(this.id);
  }

  [Symbol.dispose](): void {
    this.remove();
  }

  toString(): string {
    return objectStr("torch.utils.hooks.RemovableHandle");
  }
}
printsAsStr(RemovableHandle);

// ---- Tensor methods ----

export interface TensorBackwardOptions {
  gradient?: Tensor | null;
  retain_graph?: boolean | null;
  create_graph?: boolean;
  inputs?: Tensor | Tensor[] | null;
}

declare module "./tensor" {
  interface Tensor {
    /**
     * backward(gradient?, retain_graph?, create_graph?, inputs?), each also by name in a
     * trailing options object: accumulates this tensor's gradient into the leaves' .grad.
     */
    backward(...args: (Tensor | Tensor[] | boolean | null | undefined | TensorBackwardOptions)[]): void;
    /** The accumulated gradient, or null; assignable (a Tensor of the same size, dtype and device, or null). */
    grad: Tensor | null;
    /** True for tensors that do not require grad and for those made by the user, not by an op. */
    readonly is_leaf: boolean;
    /** The node that made this tensor, or null for a leaf. */
    readonly grad_fn: Node | null;
    /** Whether a non-leaf tensor keeps its .grad (see retain_grad). */
    readonly retains_grad: boolean;
    /** Sets requires_grad (default true) on a leaf tensor; returns the tensor. */
    requires_grad_(requires_grad?: boolean | { requires_grad?: boolean }): this;
    /** Makes backward fill in the .grad of this non-leaf tensor. */
    retain_grad(): void;
    /**
     * Calls `hook(grad)` each time the gradient of this tensor is computed; a Tensor that the
     * hook returns replaces the gradient. On CUDA tensors the hook still runs on the JS thread
     * (native/autograd.cc runs such a backward off the JS thread and hands JS calls back to it).
     */
    register_hook(hook: TensorHook): RemovableHandle;
    /** A new tensor sharing this one's data, out of the graph. */
    detach(): Tensor;
    /** Takes this tensor out of the graph, in place. */
    detach_(): Tensor;
    /** Whether this tensor was made in inference mode. */
    is_inference(): boolean;
  }
}

let nonLeafGradWarned = false;

function define(name: string, descriptor: PropertyDescriptor): void {
  Object.defineProperty(Tensor.prototype, name, { configurable: true, ...descriptor });
}

function method(name: string, value: (this: Tensor, ...args: any[]) => unknown): void {
  define(name, { value, writable: true });
}

const TENSOR_BACKWARD_PARAMS = ["gradient", "retain_graph", "create_graph", "inputs"] as const;

/** Puts the autograd methods and attributes on Tensor.prototype (also after generated ops, which may define some). */
export function installAutogradMethods(): void {
  method("backward", function (this: Tensor, ...args: unknown[]) {
    const [gradient, retainGraph, createGraph, inputs] = bindArgs("backward", TENSOR_BACKWARD_PARAMS, args, 0);
    backward(this, { grad_tensors: gradient, retain_graph: retainGraph, create_graph: createGraph, inputs } as BackwardOptions);
  });

  define("grad", {
    get(this: Tensor): Tensor | null {
      const cached = this._cachedGrad;
      const handle = anative.gradGet(this._h, cached ? cached._h : null);
      if (cached && handle === cached._h) return cached;
      this._cachedGrad = null;
      if (handle === null && !nonLeafGradWarned && !anative.isLeaf(this._h) && !anative.retainsGrad(this._h)) {
        nonLeafGradWarned = true;
        warn(
          "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be " +
            "populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf " +
            "Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make " +
            "sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more information.",
          "UserWarning",
        );
      }
      return handle === null ? null : (this._cachedGrad = new Tensor(handle));
    },
    set(this: Tensor, value: unknown) {
      if (value === null || value === undefined) {
        // dropped here too, or the old gradient's memory would live on in the cached object
        this._cachedGrad = null;
        return anative.gradSet(this._h, null);
      }
      if (!(value instanceof Tensor)) {
        throw new TypeError(`assigned grad expected to be a Tensor or None but got grad of type ${describe(value)}`);
      }
      anative.gradSet(this._h, value._h);
      this._cachedGrad = value;
    },
  });

  define("is_leaf", {
    get(this: Tensor): boolean {
      return anative.isLeaf(this._h);
    },
  });

  define("grad_fn", {
    get(this: Tensor): Node | null {
      return nodeOf(anative.gradFn(this._h));
    },
  });

  define("retains_grad", {
    get(this: Tensor): boolean {
      return anative.retainsGrad(this._h);
    },
  });

  method("requires_grad_", function (this: Tensor, ...args: unknown[]) {
    const [requiresGrad] = bindArgs("requires_grad_", ["requires_grad"], args, 0);
    if (requiresGrad !== undefined && typeof requiresGrad !== "boolean") {
      throw argumentError("requires_grad_", "requires_grad", "bool", requiresGrad);
    }
    anative.requiresGrad_(this._h, requiresGrad ?? true);
    return this;
  });

  method("retain_grad", function (this: Tensor) {
    anative.retainGrad(this._h);
  });

  method("register_hook", function (this: Tensor, hook: unknown) {
    if (typeof hook !== "function") throw argumentError("register_hook", "hook", "a function", hook);
    if (!this.requires_grad) throw new RuntimeError("cannot register a hook on a tensor that doesn't require gradient");
    pruneHooks();
    const [id, handle] = anative.registerHook(this._h, hook.name || "<anonymous>");
    hookFunctions.set(id, hook as TensorHook);
    return new RemovableHandle(id, handle);
  });

  // The generated op layer may define these too; either does the same.
  if (!("detach" in Tensor.prototype)) {
    method("detach", function (this: Tensor) {
      return new Tensor(anative.detach(this._h));
    });
  }
  if (!("detach_" in Tensor.prototype)) {
    method("detach_", function (this: Tensor) {
      anative.detach_(this._h);
      return this;
    });
  }
  if (!("is_inference" in Tensor.prototype)) {
    method("is_inference", function (this: Tensor) {
      return anative.isInference(this._h);
    });
  }
}

installAutogradMethods();

// ---- grad mode and inference mode ----

function callback<T>(fnName: string, fn: unknown): () => T {
  if (typeof fn !== "function") throw argumentError(fnName, "fn", "a function", fn);
  return fn as () => T;
}

function withGradMode<T>(mode: boolean, fn: () => T): T {
  const previous = anative.isGradEnabled();
  anative.setGradEnabled(mode);
  try {
    return fn();
  } finally {
    anative.setGradEnabled(previous);
  }
}

/** Runs fn with gradient tracking off (Python's `with torch.no_grad():`) and returns its result. */
export function no_grad<T>(fn: () => T): T {
  return withGradMode(false, callback<T>("no_grad", fn));
}

/** Runs fn with gradient tracking on (Python's `with torch.enable_grad():`) and returns its result. */
export function enable_grad<T>(fn: () => T): T {
  return withGradMode(true, callback<T>("enable_grad", fn));
}

/**
 * set_grad_enabled(mode) turns gradient tracking on or off; set_grad_enabled(mode, fn) runs fn
 * under that mode, restores the previous one and returns fn's result.
 */
export function set_grad_enabled(mode: boolean): void;
export function set_grad_enabled<T>(mode: boolean, fn: () => T): T;
export function set_grad_enabled<T>(mode: boolean, fn?: () => T): T | void {
  if (typeof mode !== "boolean") throw argumentError("set_grad_enabled", "mode", "bool", mode);
  if (fn === undefined) return anative.setGradEnabled(mode);
  return withGradMode(mode, callback<T>("set_grad_enabled", fn));
}

/** Whether gradient tracking is on. */
export function is_grad_enabled(): boolean {
  return anative.isGradEnabled();
}

/**
 * inference_mode(fn) or inference_mode(mode, fn): runs fn in inference mode (or, with mode
 * false, out of it), restores the previous mode and returns fn's result. Tensors made in
 * inference mode cannot be used in autograd later.
 */
export function inference_mode<T>(fn: () => T): T;
export function inference_mode<T>(mode: boolean, fn: () => T): T;
export function inference_mode<T>(modeOrFn: boolean | (() => T), maybeFn?: () => T): T {
  let mode = true;
  let fn: unknown = modeOrFn;
  if (typeof modeOrFn !== "function") {
    if (typeof modeOrFn !== "boolean") throw argumentError("inference_mode", "mode", "bool", modeOrFn);
    mode = modeOrFn;
    fn = maybeFn;
  }
  const body = callback<T>("inference_mode", fn);
  anative.enterInferenceMode(mode);
  try {
    return body();
  } finally {
    anative.exitInferenceMode();
  }
}

/** Whether inference mode is on. */
export function is_inference_mode_enabled(): boolean {
  return anative.isInferenceModeEnabled();
}

// ---- torchts internals of the worker-thread backward (torch._C) ----

/**
 * Runs every backward off the JS thread, as a backward that reaches CUDA with JS hooks runs
 * (native/autograd.cc): for tests of that path on CPU. TORCHTS_BACKWARD_THREAD=1 at load sets it.
 */
export function _set_backward_on_worker_thread(on: boolean): void {
  if (typeof on !== "boolean") throw argumentError("_set_backward_on_worker_thread", "on", "bool", on);
  anative.setBackwardOnWorkerThread(on);
}

/** Whether every backward runs off the JS thread (_set_backward_on_worker_thread). */
export function _get_backward_on_worker_thread(): boolean {
  return anative.getBackwardOnWorkerThread();
}

/** How many JS calls (hooks, Function backwards) autograd engine threads have had the JS thread run. */
export function _backward_thread_js_calls(): number {
  return anative.marshalledJsCallCount();
}

/** What lib/index.ts puts in torch._C from here. */
export const autogradC = {
  _set_backward_on_worker_thread,
  _get_backward_on_worker_thread,
  _backward_thread_js_calls,
};

/** torch.autograd */
export const autogradNamespace = {
  backward,
  grad,
  no_grad,
  enable_grad,
  set_grad_enabled,
  is_grad_enabled,
  inference_mode,
  is_inference_mode_enabled,
  graph: { Node },
};
