// Calls of the hand-written tensor API: torch.tensor and friends, Tensor methods (to, tolist,
// item, size, view, ...), indexing, autograd, grad modes, and the small torch functions.
import fc from "fast-check";
import torch from "torchts";
import { Call, call } from "./call";
import { argsFor, callCode, K, Like, like, makeAll, params } from "./signature";
import {
  arrayOf, deviceVal, dtypeVal, FuzzCallbackError, HUGE, indexTensorVal, intVal, lit, mostly, shape, tensorOf, tensorVal, val, Val, wildVal, type Tensor,
} from "./values";

const torchFn = (name: string) => (torch as unknown as Record<string, (...a: unknown[]) => unknown>)[name];

// ---- torch.tensor, as_tensor, frombuffer: data of every shape and kind ----

const leaf: fc.Arbitrary<Val> = fc.oneof(
  { arbitrary: fc.integer({ min: -9, max: 9 }).map(lit), weight: 4 },
  { arbitrary: fc.double().map(lit), weight: 2 },
  { arbitrary: fc.boolean().map(lit), weight: 1 },
  { arbitrary: fc.constantFrom(...HUGE, NaN, Infinity, -0).map(lit), weight: 1 },
  { arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(lit), weight: 1 },
  { arbitrary: wildVal, weight: 1 },
);
/** Nested arrays, regular (a shape) or ragged. */
const nested: fc.Arbitrary<Val> = fc.oneof(
  { arbitrary: fc.tuple(shape, leaf).map(([s, v]) => regular(s, v)), weight: 3 },
  { arbitrary: fc.letrec((tie) => ({ node: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("node") as fc.Arbitrary<Val>, { maxLength: 3 }).map(arrayOf)) })).node, weight: 2 },
  {
    arbitrary: fc.constantFrom(
      val("new Float32Array([1, NaN, -Infinity])", () => new Float32Array([1, NaN, -Infinity])),
      val("new BigInt64Array([1n, -(2n ** 63n)])", () => new BigInt64Array([1n, -(2n ** 63n)])),
      val("new BigUint64Array([2n ** 64n - 1n])", () => new BigUint64Array([2n ** 64n - 1n])),
      val("new Uint8ClampedArray(3)", () => new Uint8ClampedArray(3)),
      val("new Uint32Array(0)", () => new Uint32Array(0)),
      val("[new Int16Array(2), new Int16Array(3)]", () => [new Int16Array(2), new Int16Array(3)]),
      val("[new Int16Array(2), [1, 2]]", () => [new Int16Array(2), [1, 2]]),
      val("new DataView(new ArrayBuffer(8))", () => new DataView(new ArrayBuffer(8))),
      val('T("float32", [2, 2])', () => tensorOf("float32", [2, 2], "").make()),
      val('T("float32", [2], "d")', () => tensorOf("float32", [2], "d").make()),
    ),
    weight: 1,
  },
);

function regular(s: number[], v: Val): Val {
  const build = (d: number): Val => (d === s.length ? v : arrayOf(Array.from({ length: s[d] }, () => build(d + 1))));
  return build(0);
}

const factoryOptions = params([["*", K.any], ["dtype?", K.dtype], ["device?", K.device], ["requires_grad?", K.bool]]);
const buffers: fc.Arbitrary<Val> = mostly(
  fc.tuple(fc.integer({ min: 0, max: 17 }), fc.constantFrom("ArrayBuffer", "Uint8Array", "Float64Array")).map(([n, kind]) =>
    val(`new ${kind}(${n})`, () => new (globalThis as unknown as Record<string, new (n: number) => unknown>)[kind](n)),
  ),
);

const creationCalls: fc.Arbitrary<Call> = fc.oneof(
  fc.tuple(nested, like.chain((l) => argsFor(factoryOptions, l))).map(([data, opts]) => call("creation", callCode("torch.tensor", [data, ...opts]), () => torch.tensor(...(makeAll([data, ...opts]) as [never])))),
  fc.tuple(nested, like.chain((l) => argsFor(factoryOptions, l))).map(([data, opts]) => call("creation", callCode("torch.as_tensor", [data, ...opts]), () => torch.as_tensor(...(makeAll([data, ...opts]) as [never])))),
  fc
    .tuple(buffers, like.chain((l) => argsFor(params([["*", K.any], ["dtype", K.dtype], ["count?", K.int], ["offset?", K.int], ["requires_grad?", K.bool]]), l)))
    .map(([buf, opts]) => call("creation", callCode("torch.frombuffer", [buf, ...opts]), () => torch.frombuffer(...(makeAll([buf, ...opts]) as [never, never])))),
  // Sizes spread as varargs, with huge ones that must fail at once.
  fc
    .tuple(fc.constantFrom("zeros", "ones", "empty", "rand", "randn"), fc.array(fc.oneof(fc.integer({ min: -1, max: 4 }), fc.constantFrom(...HUGE)), { maxLength: 4 }), fc.option(dtypeVal))
    .map(([fn, sizes, d]) => {
      const args: Val[] = [...sizes.map(lit), ...(d ? [val(`{ dtype: ${d.code} }`, () => ({ dtype: d.make() }))] : [])];
      return call("creation", callCode(`torch.${fn}`, args), () => torchFn(fn)(...makeAll(args)));
    }),
);

// ---- Tensor methods written by hand ----

const METHODS: [string, [string, (l: Like) => fc.Arbitrary<Val>][]][] = [
  ["to", [["a?", (l) => fc.oneof(deviceVal, dtypeVal, tensorVal(l), wildVal)], ["b?", () => fc.oneof(dtypeVal, deviceVal, wildVal)], ["*", K.any], ["non_blocking?", K.bool], ["copy?", K.bool], ["device?", K.device], ["dtype?", K.dtype]]],
  ["cuda", [["device?", () => fc.oneof(intVal, deviceVal)], ["*", K.any], ["non_blocking?", K.bool]]],
  ["cpu", []], ["float", []], ["double", []], ["half", []], ["bfloat16", []], ["long", []], ["int", []], ["bool", []],
  ["type_as", [["other", K.T]]],
  ["item", []], ["tolist", []], ["to_typed_array", []], ["toString", []], ["numel", []], ["dim", []], ["element_size", []],
  ["size", [["dim?", K.int]]], ["stride", [["dim?", K.int]]],
  ["view", [["size", (l) => fc.oneof(K.size(l), K.dtype(l))]]],
  ["reshape", [["shape", K.size]]], ["permute", [["dims", K.ints]]], ["expand", [["size", K.size]]],
  ["norm", [["p?", (l) => fc.oneof(K.float(l), fc.constantFrom(lit("fro"), lit("nuc"), lit(null)))], ["dim?", (l) => fc.oneof(K.int(l), K.ints(l))], ["keepdim?", K.bool], ["*", K.any], ["dtype?", K.dtype]]],
  ["requires_grad_", [["requires_grad?", K.bool]]], ["retain_grad", []], ["detach", []], ["detach_", []],
  ["register_hook", [["hook", K.fn]]],
  ["backward", [["gradient?", K.Topt], ["retain_graph?", K.bool], ["create_graph?", K.bool], ["inputs?", K.tensors]]],
  ["dispose", []],
];

const methodCalls: fc.Arbitrary<Call> = fc.constantFrom(...METHODS).chain(([name, spec]) =>
  like.chain((l) =>
    fc.tuple(tensorVal(l), argsFor(params(spec), l)).map(([x, args]) =>
      call("method", `${x.code}.${name}(${args.map((a) => a.code).join(", ")})`, () => {
        const t = x.make() as Record<string, (...a: unknown[]) => unknown>;
        return t[name](...makeAll(args));
      }),
    ),
  ),
);

// Properties: reading grad, grad_fn, is_leaf, shape of any tensor; setting requires_grad and grad.
const propertyCalls: fc.Arbitrary<Call> = like.chain((l) =>
  fc.tuple(tensorVal(l), fc.constantFrom("grad", "grad_fn", "is_leaf", "shape", "dtype", "device", "requires_grad", "ndim", "is_cuda", "retains_grad"), fc.option(mostly(fc.oneof(tensorVal(l), fc.constant(lit(null)), K.bool(l)), 2, 3))).map(([x, prop, value]) =>
    // Only grad and requires_grad have setters: assigning a getter-only property is JS's own TypeError, at the caller.
    value === null || !["grad", "requires_grad"].includes(prop)
      ? call("method", `${x.code}.${prop}`, () => String((x.make() as Record<string, unknown>)[prop]))
      : call("method", `${x.code}.${prop} = ${value.code}`, () => {
          (x.make() as Record<string, unknown>)[prop] = value.make();
        }),
  ),
);

// ---- indexing ----

const indexItem = (l: Like): fc.Arbitrary<Val> =>
  fc.oneof(
    { arbitrary: fc.integer({ min: -6, max: 6 }).map(lit), weight: 4 },
    { arbitrary: fc.constantFrom(":", "...", "1:", ":-1", "::2", "::-1", "::0", "5:1", "a:b", ":::", " 1 : 3 ", "-99:99", "99999999999999999999:").map(lit), weight: 4 },
    { arbitrary: fc.constantFrom(lit(null), lit(true), lit(false), lit(undefined)), weight: 2 },
    { arbitrary: fc.array(fc.integer({ min: -4, max: 4 }), { maxLength: 3 }).map((a) => val(JSON.stringify(a), () => [...a])), weight: 2 },
    { arbitrary: fc.array(fc.boolean(), { maxLength: 4 }).map((a) => val(JSON.stringify(a), () => [...a])), weight: 1 },
    { arbitrary: indexTensorVal, weight: 2 },
    { arbitrary: fc.constantFrom("", "t", "d").map((f) => tensorOf("bool", l.shape, f)), weight: 2 },
    { arbitrary: fc.tuple(fc.option(intVal), fc.option(intVal), fc.option(intVal)).map(([a, b, c]) => val(`torch.slice(${[a, b, c].map((v) => v?.code ?? "null").join(", ")})`, () => torch.slice(...([a, b, c].map((v) => (v?.make() ?? null) as number | null))))), weight: 1 },
    { arbitrary: wildVal, weight: 1 },
  );

const indexCalls: fc.Arbitrary<Call> = like.chain((l) =>
  fc.oneof(
    fc.tuple(tensorVal(l), fc.array(indexItem(l), { maxLength: 5 })).map(([x, idx]) => call("index", `${x.code}.index(${idx.map((i) => i.code).join(", ")})`, () => (x.make() as Tensor).index(...(makeAll(idx) as never[])))),
    fc
      .tuple(tensorVal(l), fc.oneof(fc.array(indexItem(l), { maxLength: 4 }).map(arrayOf), indexItem(l)), fc.oneof(tensorVal(l), K.scalar(l), wildVal))
      .map(([x, idx, v]) => call("index", `${x.code}.index_set_(${idx.code}, ${v.code})`, () => (x.make() as Tensor).index_set_(idx.make() as never, v.make() as never))),
  ),
);

// ---- autograd and grad modes ----

const callback: fc.Arbitrary<Val> = fc.oneof(
  { arbitrary: fc.constantFrom(
      val('() => T("float32", [2], "rg").mul(2).sum()', () => () => (tensorOf("float32", [2], "rg").make() as Tensor).mul(2).sum()),
      val("() => { throw new FuzzCallbackError() }", () => () => {
        throw new FuzzCallbackError("thrown inside a grad-mode block");
      }),
      val("() => torch.no_grad(() => { throw new FuzzCallbackError() })", () => () =>
        torch.no_grad(() => {
          throw new FuzzCallbackError("thrown inside nested grad-mode blocks");
        }),
      ),
      val("() => torch.inference_mode(() => { throw new FuzzCallbackError() })", () => () =>
        torch.inference_mode(() => {
          throw new FuzzCallbackError("thrown inside inference mode");
        }),
      ),
      val("() => torch.set_grad_enabled(false)", () => () => torch.set_grad_enabled(false)),
      val("async () => 1", () => async () => 1),
    ), weight: 6 },
  { arbitrary: wildVal, weight: 1 },
);

const gradModeCalls: fc.Arbitrary<Call> = fc.oneof(
  fc.tuple(fc.constantFrom("no_grad", "enable_grad", "inference_mode"), callback).map(([fn, cb]) => call("grad-mode", `torch.${fn}(${cb.code})`, () => torchFn(fn)(cb.make()))),
  fc.tuple(fc.constantFrom("set_grad_enabled", "inference_mode"), K.bool({ shape: [], dtype: "float32" }), callback).map(([fn, mode, cb]) =>
    call("grad-mode", `torch.${fn}(${mode.code}, ${cb.code})`, () => {
      // set_grad_enabled(mode) without a callback sets the mode for good, as in Python: undo it.
      try {
        return torchFn(fn)(mode.make(), cb.make());
      } finally {
        if (fn === "set_grad_enabled" && typeof cb.make() !== "function") torch.set_grad_enabled(true);
      }
    }),
  ),
);

/** A graph to differentiate: y = f(x), scalar or not, with or without grad. */
const graph = fc.tuple(shape, fc.constantFrom("rg", "rg", "", "nl", "d"), fc.constantFrom("sum()", "mul(2)", "exp().mean()", "detach().sum()", "sum().mul(0)")).map(([s, flags, f]) => ({
  code: `T("float32", ${JSON.stringify(s)}, "${flags}")`,
  s,
  flags,
  f,
}));

const autogradCalls: fc.Arbitrary<Call> = fc.oneof(
  // backward on non-scalars, on tensors without grad, twice, with wrong gradients
  fc.tuple(graph, fc.integer({ min: 1, max: 2 }), like.chain((l) => argsFor(params([["gradient?", K.Topt], ["retain_graph?", K.bool], ["create_graph?", K.bool], ["inputs?", K.tensors]]), l))).map(([g, times, args]) =>
    call("autograd", `x = ${g.code}; y = x.${g.f}; ${times} x y.backward(${args.map((a) => a.code).join(", ")}); x.grad`, () => {
      const x = tensorOf("float32", g.s, g.flags).make() as Tensor;
      const y = new Function("x", `return x.${g.f}`)(x) as Tensor;
      for (let i = 0; i < times; i++) y.backward(...(makeAll(args) as never[]));
      return x.grad;
    }),
  ),
  fc.tuple(graph, like.chain((l) => argsFor(params([["inputs", (ll) => fc.oneof(K.tensors(ll), K.T(ll))], ["grad_outputs?", K.Topt], ["retain_graph?", K.bool], ["create_graph?", K.bool], ["allow_unused?", K.bool]]), l))).map(([g, args]) =>
    call("autograd", `x = ${g.code}; torch.autograd.grad(x.${g.f}, ${args.map((a) => a.code).join(", ")})`, () => {
      const x = tensorOf("float32", g.s, g.flags).make() as Tensor;
      const y = new Function("x", `return x.${g.f}`)(x);
      const rest = makeAll(args);
      // inputs: x itself half the time, so that some calls get through.
      if (rest.length === 0 || rest[0] === undefined) rest[0] = [x];
      return torch.autograd.grad(y, ...(rest as [never]));
    }),
  ),
  // a hook that throws or returns garbage, then backward
  fc.tuple(graph, K.fn({ shape: [], dtype: "float32" })).map(([g, hook]) =>
    call("autograd", `x = ${g.code}; x.register_hook(${hook.code}); x.${g.f}.backward()`, () => {
      const x = tensorOf("float32", g.s, g.flags).make() as Tensor;
      x.register_hook(hook.make() as never);
      (new Function("x", `return x.${g.f}`)(x) as Tensor).backward();
    }),
  ),
  fc.tuple(wildVal, wildVal).map(([a, b]) => call("autograd", `torch.autograd.backward(${a.code}, ${b.code})`, () => torch.autograd.backward(a.make() as never, b.make() as never))),
);

// ---- small torch functions ----

const TORCH_FUNCTIONS: [string, [string, (l: Like) => fc.Arbitrary<Val>][]][] = [
  ["device", [["type", (l) => fc.oneof(deviceVal, K.any(l))], ["index?", K.int]]],
  ["einsum", [["equation", K.str(["ij,jk->ik", "i,i->", "ii", "...->", "ab"])], ["a?", (l) => fc.oneof(K.T(l), K.tensors(l))], ["b?", K.T]]],
  ["norm", [["input", K.T], ["p?", (l) => fc.oneof(K.float(l), fc.constantFrom(lit("fro"), lit("nuc")))], ["dim?", (l) => fc.oneof(K.int(l), K.ints(l))], ["keepdim?", K.bool], ["*", K.any], ["dtype?", K.dtype]]],
  ["manual_seed", [["seed", (l) => fc.oneof(K.int(l), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(lit))]]],
  ["get_rng_state", []],
  ["set_rng_state", [["new_state", (l) => fc.oneof(fc.constant(val("torch.get_rng_state()", () => torch.get_rng_state())), K.T(l), indexTensorVal)]]],
  ["initial_seed", []],
  ["get_default_dtype", []],
  ["scope", [["fn", K.fn]]],
  ["slice", [["a?", K.intOpt], ["b?", K.intOpt], ["c?", K.intOpt], ["d?", K.intOpt]]],
  ["is_grad_enabled", []],
  ["get_num_threads", []],
];

const torchFunctionCalls: fc.Arbitrary<Call> = fc.constantFrom(...TORCH_FUNCTIONS).chain(([name, spec]) =>
  like.chain((l) => argsFor(params(spec), l)).map((args) => call("torch", callCode(`torch.${name}`, args), () => torchFn(name)(...makeAll(args)))),
);

const generatorCalls: fc.Arbitrary<Call> = fc
  .tuple(fc.option(fc.oneof(deviceVal, wildVal)), fc.constantFrom("manual_seed", "seed", "initial_seed", "get_state", "set_state"), fc.oneof(intVal, wildVal, indexTensorVal))
  .map(([dev, method, arg]) =>
    call("torch", `new torch.Generator(${dev?.code ?? ""}).${method}(${arg.code})`, () => {
      const g = (dev ? new torch.Generator(dev.make() as never) : new torch.Generator()) as unknown as Record<string, (a: unknown) => unknown>;
      return g[method](arg.make());
    }),
  );

export const apiCalls = { creationCalls, methodCalls, propertyCalls, indexCalls, gradModeCalls, autogradCalls, torchFunctionCalls, generatorCalls };
