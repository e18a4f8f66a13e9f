// Tensor's attributes and small methods that Python's C++ binds by hand (python_variable.cpp,
// python_variable_methods.cpp) rather than from ATen's schemas: where the tensor lives
// (is_cpu, is_meta, ...), its layout and sizes in bytes, storage offset and contiguity,
// real/imag views, and the deprecated or removed ones with Python's warnings and errors.
import { atenOp, callOp } from "./_dispatch";
import { RuntimeError, TypeError } from "./errors";
import { OPS } from "./generated/ops";
import { layout, strided } from "./layout";
import type { memory_format } from "./dtype";
import { tensor } from "./creation";
import { native } from "./native";
import { Tensor } from "./tensor";

type T = Tensor;

function defineMethod(name: string, fn: (this: T, ...args: never[]) => unknown): void {
  Object.defineProperty(Tensor.prototype, name, { value: fn, writable: true, configurable: true });
}

function defineGetter(name: string, get: (this: T) => unknown, set?: (this: T, value: never) => void): void {
  Object.defineProperty(Tensor.prototype, name, { get, set, configurable: true });
}

// ---- where it lives: x.is_cpu, x.is_meta, ... (torchts has CPU, CUDA and meta tensors) ----

defineGetter("is_cpu", function () {
  return this.device.type === "cpu";
});
defineGetter("is_meta", function () {
  return this.device.type === "meta";
});
for (const name of ["is_mps", "is_xpu", "is_ipu", "is_xla", "is_vulkan", "is_maia", "is_mtia", "is_nested", "is_sparse", "is_sparse_csr", "is_quantized", "is_mkldnn"]) {
  // Devices and layouts torchts does not have: never true, as in a Python build without them.
  defineGetter(name, () => false);
}
defineGetter("layout", (): layout => strided);

// ---- sizes and storage ----

defineGetter("itemsize", function () {
  return this.element_size();
});
defineGetter("nbytes", function () {
  return this.numel() * this.element_size();
});
defineMethod("ndimension", function () {
  return this.dim();
});
defineMethod("storage_offset", function () {
  return native.storageOffset(this._h);
});
defineMethod("is_contiguous", function (this: T, ...args: unknown[]) {
  const options = args.length === 1 && args[0] !== null && typeof args[0] === "object" && !("code" in (args[0] as object)) ? (args[0] as { memory_format?: memory_format }) : null;
  const format = (options ? options.memory_format : args[0]) as memory_format | undefined;
  if (args.length > 1) throw new TypeError(`is_contiguous() takes 0 positional arguments but ${args.length} were given`);
  return native.isContiguous(this._h, format === undefined ? 0 : format.code);
});
defineMethod("data_ptr", function () {
  return native.dataPtr(this._h);
});
defineMethod("is_shared", () => false); // no tensor is in shared memory: torchts has no multiprocessing
const outputNr = atenOp("output_nr");
defineGetter("output_nr", function () {
  return outputNr(this._h);
});
defineMethod("get_device", function () {
  return native.getDevice(this._h);
});
/** x.dim_order(): the dims from outermost to innermost in memory (Python's torch/_tensor.py, for strided tensors). */
defineMethod("dim_order", function () {
  const strides = this.stride() as number[];
  const dims = [...strides.keys()];
  // Stable by descending stride, as Python's sort; ties keep the logical order.
  return dims.sort((a, b) => strides[b] - strides[a]);
});

// ---- real and imaginary parts: views for complex tensors ----

const realOp = atenOp("real");
const imagOp = atenOp("imag");
defineGetter("real", function () {
  return realOp(this._h);
});
defineGetter("imag", function () {
  return imagOp(this._h);
});

// ---- x.unflatten(dim, sizes) (torch/_tensor.py over the op) ----

defineMethod("unflatten", function (this: T, ...args: unknown[]) {
  return callOp(OPS.unflatten, null, [this, ...args]);
});

// ---- set_: this tensor takes another's storage, sizes and strides ----

const setSource = atenOp("set_", "source_Tensor");
const setEmpty = atenOp("set_");
defineMethod("set_", function (this: T, source?: unknown) {
  if (source === undefined) return (setEmpty(this._h), this);
  if (!(source instanceof Tensor)) throw new TypeError(`set_(): argument 'source' (position 1) must be Tensor, not ${typeof source}`);
  setSource(this._h, source._h);
  return this;
});

// ---- deprecated and removed ----

defineMethod("resize", function (this: T, ...sizes: unknown[]) {
  process.emitWarning("non-inplace resize is deprecated", "UserWarning");
  return (this.clone() as unknown as { resize_: (...s: unknown[]) => T }).resize_(...sizes);
});
defineMethod("resize_as", function (this: T, tensor: Tensor) {
  process.emitWarning("non-inplace resize_as is deprecated", "UserWarning");
  return (this.clone() as unknown as { resize_as_: (t: Tensor) => T }).resize_as_(tensor);
});
defineGetter("volatile", () => {
  process.emitWarning("volatile was removed (Variable.volatile is always False)", "UserWarning");
  return false;
});
defineMethod("reinforce", () => {
  throw new RuntimeError(
    "reinforce() was removed.\nUse torch.distributions instead.\nSee https://pytorch.org/docs/main/distributions.html\n\nInstead of:\n\n" +
      "probs = policy_network(state)\naction = probs.multinomial()\nnext_state, reward = env.step(action)\naction.reinforce(reward)\naction.backward()\n\nUse:\n\n" +
      "probs = policy_network(state)\n# NOTE: categorical is equivalent to what used to be called multinomial\nm = torch.distributions.Categorical(probs)\n" +
      "action = m.sample()\nnext_state, reward = env.step(action)\nloss = -m.log_prob(action) * reward\nloss.backward()\n",
  );
});

// ---- element-wise JS callables on CPU tensors (x.apply_(fn), x.map_(y, fn), x.map2_(y, z, fn)) ----

function mapInPlace(self: T, others: T[], fn: (...values: number[]) => number, name: string): T {
  for (const t of [self, ...others]) if (!t.is_cpu) throw new TypeError(`${name} is only implemented on CPU tensors`);
  const flat = (t: T) => t.contiguous().flatten().tolist() as number[];
  const operands = others.map((o) => flat(o.expand_as(self)));
  const values = flat(self).map((v, i) => fn(v, ...operands.map((o) => o[i])));
  self.copy_(tensor(values, { dtype: self.dtype }).reshape(self.shape));
  return self;
}

defineMethod("apply_", function (this: T, callable: (x: number) => number) {
  return mapInPlace(this, [], callable, "apply_");
});
defineMethod("map_", function (this: T, other: T, callable: (x: number, y: number) => number) {
  return mapInPlace(this, [other], callable, "map_");
});
defineMethod("map2_", function (this: T, x: T, y: T, callable: (a: number, b: number, c: number) => number) {
  return mapInPlace(this, [x, y], callable, "map2_");
});

declare module "./tensor" {
  interface Tensor {
    readonly is_cpu: boolean;
    readonly is_meta: boolean;
    readonly is_mps: boolean;
    readonly is_xpu: boolean;
    readonly is_ipu: boolean;
    readonly is_xla: boolean;
    readonly is_vulkan: boolean;
    readonly is_maia: boolean;
    readonly is_mtia: boolean;
    readonly is_nested: boolean;
    readonly is_sparse: boolean;
    readonly is_sparse_csr: boolean;
    readonly is_quantized: boolean;
    readonly is_mkldnn: boolean;
    /** torch.strided: torchts's tensors are all strided. */
    readonly layout: layout;
    /** Bytes per element (element_size()). */
    readonly itemsize: number;
    /** Bytes of the elements (numel() * itemsize), not of the storage. */
    readonly nbytes: number;
    ndimension(): number;
    storage_offset(): number;
    /** The address of the first element. */
    data_ptr(): number;
    is_contiguous(options?: { memory_format?: memory_format }): boolean;
    is_contiguous(memory_format: memory_format): boolean;
    /** Always false: torchts shares no memory between processes. */
    is_shared(): boolean;
    /** Which output of its grad_fn this tensor is. */
    readonly output_nr: number;
    /** The CUDA device index, -1 on the CPU. */
    get_device(): number;
    dim_order(): number[];
    /** The real part: a view (of a complex tensor), or the tensor itself (a real one). */
    readonly real: Tensor;
    /** The imaginary part of a complex tensor, as a view; real tensors raise as in Python. */
    readonly imag: Tensor;
    unflatten(dim: number, sizes: number[]): Tensor;
    set_(source?: Tensor): Tensor;
    /** Deprecated: a resized copy. */
    resize(...sizes: (number | number[])[]): Tensor;
    resize_as(tensor: Tensor): Tensor;
    /** Removed: always false, with Python's warning. */
    readonly volatile: boolean;
    reinforce(reward: unknown): never;
    apply_(callable: (x: number) => number): Tensor;
    map_(other: Tensor, callable: (x: number, y: number) => number): Tensor;
    map2_(x: Tensor, y: Tensor, callable: (a: number, b: number, c: number) => number): Tensor;
  }
}
