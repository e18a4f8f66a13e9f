// Calls of torch.utils.data: datasets, samplers, DataLoader (then one epoch), random_split and
// default_collate, with wrong datasets, lengths, options and collate functions.
import fc from "fast-check";
import torch from "torchts";
import { Call, call } from "./call";
import { argsFor, ArgArb, callCode, K, like, makeAll, params } from "./signature";
import { arrayOf, lit, mostly, tensorOf, val, wildVal } from "./values";

type AnyFn = (...a: unknown[]) => unknown;

/** The first n items of an iterable: a sampler may be asked for 2**63 samples (Python would take forever too). */
function first<T>(iterable: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  for (const item of iterable) if (out.push(item) >= n) break;
  return out;
}
type Ctor = new (...a: unknown[]) => unknown;

/** A dataset: a TensorDataset of n rows, a JS array of samples, or anything. */
const dataset: ArgArb = (l) =>
  mostly(
    fc.oneof(
      fc.integer({ min: 0, max: 5 }).map((n) => val(`new TensorDataset(T("float32", [${n}, 2]), T("int64", [${n}]))`, () => new torch.utils.data.TensorDataset(tensorOf("float32", [n, 2], "").make() as never, tensorOf("int64", [n], "").make() as never))),
      fc.array(fc.oneof(K.T(l), K.scalar(l), fc.constant(val('{ x: T("float32", [2]), y: 1 }', () => ({ x: tensorOf("float32", [2], "").make(), y: 1 }))), wildVal), { maxLength: 4 }).map(arrayOf),
    ),
  );

const batchSize: ArgArb = () => mostly(fc.oneof(fc.integer({ min: -1, max: 4 }).map(lit), fc.constant(lit(null))), 1, 6);

const loaderCalls: fc.Arbitrary<Call> = like.chain((l) =>
  argsFor(params([["dataset", dataset], ["batch_size?", batchSize], ["shuffle?", K.bool], ["sampler?", (ll) => fc.oneof(fc.constant(lit(null)), K.ints(ll), K.any(ll))], ["batch_sampler?", (ll) => fc.oneof(fc.constant(lit(null)), K.any(ll))], ["num_workers?", K.int], ["collate_fn?", (ll) => fc.oneof(fc.constant(lit(null)), K.fn(ll))], ["pin_memory?", K.bool], ["drop_last?", K.bool], ["*", K.any], ["generator?", K.gen]]), l).map((args) =>
    call("data", `loader = ${callCode("new DataLoader", args)}; [...loader]; loader.length`, () => {
      const loader = new torch.utils.data.DataLoader(...(makeAll(args) as [never]));
      return [first(loader, 100).length, loader.length];
    }),
  ),
);

const FUNCTIONS: [string, [string, ArgArb][]][] = [
  ["random_split", [["dataset", dataset], ["lengths", (l) => mostly(fc.oneof(fc.array(fc.oneof(fc.integer({ min: -1, max: 5 }), fc.constantFrom(0.5, 0.25, 1.5, NaN, 2 ** 40)), { maxLength: 3 }).map((a) => val(JSON.stringify(a), () => [...a])), K.ints(l)))], ["*", K.any], ["generator?", K.gen]]],
  ["default_collate", [["batch", (l) => fc.oneof(dataset(l), fc.array(fc.oneof(K.T(l), wildVal), { maxLength: 3 }).map(arrayOf))]]],
  ["default_convert", [["data", (l) => fc.oneof(K.T(l), wildVal)]]],
];
const CLASSES: [string, [string, ArgArb][]][] = [
  ["TensorDataset", [["a?", K.T], ["b?", K.T]]],
  ["Subset", [["dataset", dataset], ["indices", K.ints]]],
  ["SequentialSampler", [["data_source", dataset]]],
  ["RandomSampler", [["data_source", dataset], ["replacement?", K.bool], ["num_samples?", K.intOpt], ["generator?", K.gen]]],
  ["BatchSampler", [["sampler", (l) => fc.oneof(K.ints(l), K.any(l))], ["batch_size", batchSize], ["drop_last", K.bool]]],
];

const data = torch.utils.data as unknown as Record<string, AnyFn & Ctor>;
const functionCalls: fc.Arbitrary<Call> = fc.constantFrom(...FUNCTIONS).chain(([name, spec]) =>
  like.chain((l) => argsFor(params(spec), l)).map((args) => call("data", callCode(name, args), () => data[name](...makeAll(args)))),
);
const classCalls: fc.Arbitrary<Call> = fc.constantFrom(...CLASSES).chain(([name, spec]) =>
  like.chain((l) => argsFor(params(spec), l)).map((args) =>
    call("data", `x = ${callCode(`new ${name}`, args)}; x.__len__(); [...x] or x.__getitem__(0)`, () => {
      const x = new data[name](...makeAll(args)) as Record<string | symbol, AnyFn>;
      const n = x.__len__();
      return Symbol.iterator in x ? [n, first(x as unknown as Iterable<unknown>, 1000)] : [n, x.__getitem__(0)];
    }),
  ),
);

export const dataCalls = { loaderCalls, functionCalls, classCalls };
