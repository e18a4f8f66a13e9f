// Calls of torch.save / torch.load and safetensors: random objects saved and loaded back,
// files of random bytes, valid files with bytes flipped or cut off, and wrong paths. Files go
// to one private temporary folder (FUZZ_DIR): the fuzz never writes elsewhere.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import torch from "torchts";
import { Call, call } from "./call";
import { argsFor, K, like, makeAll, params } from "./signature";
import { arrayOf, deviceVal, dtypeName, HUGE, lit, objectOf, shape, tensorOf, val, Val, wildVal, type Tensor } from "./values";

export const FUZZ_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-fuzz-"));
const FILE = path.join(FUZZ_DIR, "f.pt");
const file = val("FILE", () => FILE);

const leaf: fc.Arbitrary<Val> = fc.oneof(
  { arbitrary: fc.tuple(dtypeName, shape, fc.constantFrom("", "", "", "t", "rg", "nl", "meta", "d")).map(([d, s, f]) => tensorOf(d, s, f)), weight: 4 },
  { arbitrary: fc.oneof(fc.integer().map(lit), fc.double().map(lit), fc.constantFrom(...HUGE).map(lit), fc.string({ maxLength: 5 }).map(lit), fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(lit)), weight: 3 },
  { arbitrary: wildVal, weight: 2 },
  {
    arbitrary: fc.constantFrom(
      val("new Set([1, 'a'])", () => new Set([1, "a"])),
      val("new torch.nn.Linear(2, 2).state_dict()", () => new torch.nn.Linear(2, 2).state_dict()),
      val("torch.float16", () => torch.float16),
      val("new torch.nn.Parameter(T('float32', [2]))", () => new torch.nn.Parameter(tensorOf("float32", [2], "").make() as never)),
      val("((t) => [t, t.index(0), t.t()])(T('float32', [2, 2]))", () => ((t: Tensor) => [t, t.index(0), t.t()])(tensorOf("float32", [2, 2], "").make() as Tensor)),
      val("{ '': 1, '0': 2, 'é': 3 }", () => ({ "": 1, "0": 2, "é": 3 })),
    ),
    weight: 1,
  },
);

const KEYS = fc.constantFrom("a", "b", "", "0", "__proto__", "constructor", "weight", "é", "a.b");
export const objVal: fc.Arbitrary<Val> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("node") as fc.Arbitrary<Val>, { maxLength: 4 }).map(arrayOf),
    fc.array(fc.tuple(KEYS, tie("node") as fc.Arbitrary<Val>), { maxLength: 4 }).map(objectOf),
  ),
})).node;

const loadOptions = like.chain((l) => argsFor(params([["*", K.any], ["map_location?", (ll) => fc.oneof(deviceVal, K.fn(ll), fc.constant(val('{ cpu: "meta" }', () => ({ cpu: "meta" }))))], ["weights_only?", K.bool], ["mmap?", K.bool]]), l));

/** Bytes of a valid checkpoint, damaged: some bytes changed, or the end cut off. */
const damage = fc.record({ flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), cut: fc.option(fc.nat()) });

function writeDamaged(obj: unknown, flips: [number, number][], cut: number | null): void {
  torch.save(obj, FILE);
  let bytes = fs.readFileSync(FILE);
  for (const [at, b] of flips) bytes[at % bytes.length] = b;
  if (cut !== null) bytes = bytes.subarray(0, cut % (bytes.length + 1));
  fs.writeFileSync(FILE, bytes);
}

const bytesVal = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((b) => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...b])),
  fc.uint8Array({ maxLength: 60 }).map((b) => Uint8Array.from([0x80, 0x02, ...b])),
);

const savePath = fc.oneof(
  { arbitrary: fc.constant(file), weight: 8 },
  { arbitrary: fc.constantFrom(val("FUZZ_DIR", () => FUZZ_DIR), val("FUZZ_DIR + '/no/such/dir/f.pt'", () => path.join(FUZZ_DIR, "no/such/dir/f.pt"))), weight: 1 },
  { arbitrary: fc.constantFrom(lit(null), lit(undefined), lit(3), val("Buffer.from('x')", () => Buffer.from("x")), val("{}", () => ({}))), weight: 1 },
);
const loadPath = fc.oneof(
  { arbitrary: fc.constant(file), weight: 8 },
  { arbitrary: fc.constantFrom(val("FUZZ_DIR", () => FUZZ_DIR), val("FUZZ_DIR + '/missing.pt'", () => path.join(FUZZ_DIR, "missing.pt"))), weight: 1 },
  { arbitrary: wildVal, weight: 1 },
);

const ioCallsList: fc.Arbitrary<Call>[] = [
  fc.tuple(objVal, savePath, loadOptions).map(([obj, f, opts]) =>
    call("io", `torch.save(${obj.code}, ${f.code}); torch.load(FILE, ${opts.map((o) => o.code).join(", ")})`, () => {
      fs.rmSync(FILE, { force: true });
      torch.save(obj.make(), f.make() as string);
      return torch.load(FILE, ...(makeAll(opts) as [never]));
    }),
  ),
  fc.tuple(objVal, damage).map(([obj, { flips, cut }]) =>
    call("io", `save ${obj.code}, set bytes ${JSON.stringify(flips)}, cut at ${cut}, load`, () => {
      writeDamaged(obj.make(), flips, cut);
      return torch.load(FILE);
    }),
  ),
  fc.tuple(bytesVal, loadPath).map(([bytes, f]) =>
    call("io", `write bytes [${Array.from(bytes).join(", ")}] to FILE; torch.load(${f.code})`, () => {
      fs.writeFileSync(FILE, bytes);
      return torch.load(f.make() as string);
    }),
  ),
  fc.tuple(fc.array(fc.tuple(KEYS, leaf), { maxLength: 3 }).map(objectOf), fc.oneof(fc.constant(lit(undefined)), wildVal, fc.constant(val("{ k: 'v' }", () => ({ k: "v" })))), savePath, fc.option(deviceVal)).map(([tensors, meta, f, dev]) =>
    call("io", `torch.safetensors.save_file(${tensors.code}, ${f.code}, ${meta.code}); load_file(FILE${dev ? `, { device: ${dev.code} }` : ""})`, () => {
      fs.rmSync(FILE, { force: true });
      torch.safetensors.save_file(tensors.make() as never, f.make() as string, meta.make() as never);
      return torch.safetensors.load_file(FILE, dev ? { device: dev.make() as never } : undefined);
    }),
  ),
  fc.tuple(bytesVal, fc.option(fc.tuple(fc.nat({ max: 64 }), fc.string({ maxLength: 40 })))).map(([bytes, header]) =>
    call("io", `write ${header ? `a safetensors header ${JSON.stringify(header)} and ` : ""}bytes to FILE; load_file(FILE)`, () => {
      const head = header ? Buffer.from(header[1]) : null;
      const prefix = head ? Buffer.concat([Buffer.from(new BigUint64Array([BigInt(head.length + header![0])]).buffer), head]) : Buffer.alloc(0);
      fs.writeFileSync(FILE, Buffer.concat([prefix, bytes]));
      return torch.safetensors.load_file(FILE);
    }),
  ),
];

export const ioCalls: fc.Arbitrary<Call> = fc.oneof(...ioCallsList);
