// PyTorch's ModuleInfo database (torch.testing._internal.common_modules.module_db), replayed:
// scripts/moduledb-fixtures.py records, for each ModuleInfo on CPU in float32 and float64, up
// to 4 of its module inputs (training mode): the constructor's and forward's arguments, the
// state_dict right after construction under torch.manual_seed(0) (a lazy module's after its
// first forward, built with dtype= instead of moved with .to), and the output of the
// forward under torch.manual_seed(1) (or Python's error class). Here each is rebuilt with
// `new nn[Name](...args, kwargs)` under the same seed and must give the same parameters and
// buffers (bit for bit), the same output (torch.testing's default tolerances) and the same
// gradients of the sum of the floating outputs for parameters and inputs (rtol/atol 1e-5 in
// float32), or raise the same exception class. Prints the pass rate by sample and by ModuleInfo, and why the
// others fail; the target is 90% of the samples.
import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { referencePython, yieldToEventLoop } from "./helpers/python";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type T = InstanceType<typeof torch.Tensor>;

interface Sample {
  desc: string;
  dtype: string;
  unenc?: string;
  lazy?: boolean;
  ctor?: [Json[], Record<string, Json>];
  fwd?: [Json[], Record<string, Json>];
  state?: [string, Json][];
  out?: Json;
  error?: { cls: string; msg: string };
  pgrads?: [string, Json][];
  igrads?: Json[];
  grad_error?: { cls: string; msg: string };
}
interface Entry {
  name: string;
  variant: string;
  samples: Sample[];
}

const TARGET = 0.9;
const TOLERANCE: Record<string, [number, number]> = { float32: [1.3e-6, 1e-5], float64: [1e-7, 1e-7] };

class Fail extends Error {}

function dtypeOf(name: string): unknown {
  return (torch as unknown as Record<string, unknown>)[name];
}

function decode(v: Json): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(decode);
  if ("t" in v) {
    const t = torch.frombuffer(Buffer.from(v.b as string, "base64"), { dtype: dtypeOf(v.t as string) as never }).reshape(v.s as number[]);
    return v.rg ? t.detach().requires_grad_(true) : t.clone();
  }
  if ("f" in v) return typeof v.f === "string" ? Number(v.f.replace("inf", "Infinity").replace("nan", "NaN")) : v.f;
  if ("i" in v) return Number(v.i);
  if ("dtype" in v) return dtypeOf(v.dtype as string);
  if ("device" in v) return v.device;
  if ("fn" in v) {
    const fn = (torch.nn.functional as unknown as Record<string, unknown>)[v.fn as string];
    if (typeof fn !== "function") throw new Fail(`F.${v.fn} missing`);
    return fn;
  }
  if ("module" in v) {
    // A module given to a constructor: rebuilt from its arguments, with Python's state loaded.
    const Cls = (torch.nn as unknown as Record<string, new (...a: unknown[]) => InstanceType<typeof torch.nn.Module>>)[v.module as string];
    if (typeof Cls !== "function") throw new Fail(`nn.${v.module} missing`);
    const [args, kw] = v.ctor as [Json[], Record<string, Json>];
    const m = new Cls(...(decode(args) as unknown[]).concat(Object.keys(kw).length ? [decode({ kw })] : []));
    const state = Object.fromEntries((v.state as [string, Json][]).map(([k, t]) => [k, decode(t)]));
    m.load_state_dict(state as never);
    return m;
  }
  if ("kw" in v) return Object.fromEntries(Object.entries(v.kw as Record<string, Json>).map(([k, x]) => [k, decode(x)]));
  throw new Fail(`undecodable ${JSON.stringify(v).slice(0, 40)}`);
}

function sameTensor(actual: unknown, expected: { [key: string]: Json }, where: string, exact: boolean): void {
  if (!(actual instanceof torch.Tensor)) throw new Fail(`${where}: not a tensor`);
  const a = actual as T;
  if (a.dtype.name !== expected.t) throw new Fail(`${where}: dtype ${a.dtype.name}, expected ${expected.t}`);
  if (a.shape.join() !== (expected.s as number[]).join()) throw new Fail(`${where}: shape [${a.shape}], expected [${expected.s}]`);
  if (a.numel() === 0) return;
  const want = Buffer.from(expected.b as string, "base64");
  const plain = torch.empty(a.shape, { dtype: a.dtype }).copy_(a.detach());
  const got = Buffer.from(plain.reshape([-1]).view(torch.uint8).to_typed_array() as Uint8Array);
  const tol = TOLERANCE[expected.t as string];
  if (exact || !tol) {
    if (!got.equals(want)) throw new Fail(`${where}: values differ${exact ? " (bitwise)" : ""}`);
    return;
  }
  const size = expected.t === "float32" ? 4 : 8;
  const read = (b: Buffer, i: number) => (size === 4 ? b.readFloatLE(i * size) : b.readDoubleLE(i * size));
  for (let i = 0; i < want.length / size; i++) {
    const x = read(got, i), y = read(want, i);
    const ok = Number.isNaN(y) ? Number.isNaN(x) : !Number.isFinite(y) ? x === y : Math.abs(x - y) <= tol[1] + tol[0] * Math.abs(y);
    if (!ok) throw new Fail(`${where}: element ${i} is ${x}, expected ${y}`);
  }
}

function compare(actual: unknown, expected: Json, where: string): void {
  if (expected === null) {
    if (actual != null) throw new Fail(`${where}: expected None`);
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) throw new Fail(`${where}: expected a sequence of ${expected.length}`);
    expected.forEach((e, i) => compare(actual[i], e, `${where}[${i}]`));
  } else if (typeof expected === "object" && "t" in expected) {
    sameTensor(actual, expected, where, false);
  } else if (typeof expected === "object" && ("f" in expected || "i" in expected)) {
    const want = decode(expected) as number;
    const got = actual instanceof torch.Tensor ? Number((actual as T).item()) : actual;
    if (typeof got !== "number" || Math.abs(got - want) > 1e-5 + 1e-5 * Math.abs(want)) throw new Fail(`${where}: ${String(got)}, expected ${want}`);
  } else if (actual !== expected) {
    throw new Fail(`${where}: ${String(actual)}, expected ${String(expected)}`);
  }
}

/** The tensors of a value, depth first (arrays, then options objects' values), as Python's flat_tensors. */
function flatTensors(v: unknown): T[] {
  if (v instanceof torch.Tensor) return [v as T];
  if (Array.isArray(v)) return v.flatMap(flatTensors);
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) return Object.values(v).flatMap(flatTensors);
  return [];
}

const GRAD_TOLERANCE: Record<string, [number, number]> = { float32: [1e-5, 1e-5], float64: [1e-7, 1e-7] };

function compareGrad(actual: T | null | undefined, expected: Json, where: string): void {
  if (expected === null) {
    if (actual != null) throw new Fail(`${where}: expected None`);
    return;
  }
  const saved = { ...TOLERANCE };
  Object.assign(TOLERANCE, GRAD_TOLERANCE);
  try {
    sameTensor(actual ?? null, expected as { [key: string]: Json }, where, false);
  } finally {
    Object.assign(TOLERANCE, saved);
  }
}

/** Replays one sample; returns null when it passes, else why not. */
function replay(entry: Entry, s: Sample): string | null {
  if (s.unenc) return `unencodable: ${s.unenc}`;
  const Cls = (torch.nn as unknown as Record<string, unknown>)[entry.name] as (new (...a: unknown[]) => InstanceType<typeof torch.nn.Module>) | undefined;
  if (typeof Cls !== "function") return `nn.${entry.name} missing`;
  try {
    const [cargs, ckw] = s.ctor!;
    const [fargs, fkw] = s.fwd!;
    const args = (decode(cargs) as unknown[]).concat(Object.keys(ckw).length ? [decode({ kw: ckw })] : []);
    let m: InstanceType<typeof torch.nn.Module> | undefined;
    let y: unknown;
    let inputs: unknown[] | undefined;
    try {
      torch.manual_seed(0);
      m = new Cls(...args);
      if (!s.lazy) m = m.to(dtypeOf(s.dtype) as never);
      m.train(true);
      const checkState = () => {
        const state = Object.entries(m!.state_dict());
        if (state.map(([k]) => k).join() !== s.state!.map(([k]) => k).join()) throw new Fail(`state_dict keys ${state.map(([k]) => k)}`);
        state.forEach(([k, v], i) => sameTensor(v, s.state![i][1] as { [key: string]: Json }, `state_dict ${k}`, true));
      };
      if (!s.lazy) checkState();
      inputs = (decode(fargs) as unknown[]).concat(Object.keys(fkw).length ? [decode({ kw: fkw })] : []);
      torch.manual_seed(1);
      y = (m.forward as (...a: unknown[]) => unknown).call(m, ...inputs);
      if (s.lazy && !s.error) checkState();
    } catch (e) {
      if (e instanceof Fail) throw e;
      if (s.error) {
        const name = (e as Error).name;
        return name === s.error.cls ? null : `raised ${name}, Python ${s.error.cls}`;
      }
      return `raised ${(e as Error).name}: ${(e as Error).message.split("\n")[0].slice(0, 120)}`;
    }
    if (s.error) return `Python raised ${s.error.cls}: ${s.error.msg.slice(0, 80)}`;
    compare(y, s.out!, "output");
    if (s.pgrads || s.grad_error) {
      const flat = flatTensors(y).filter((t) => t.is_floating_point() && t.requires_grad);
      try {
        flat.map((t) => t.sum()).reduce((a, b) => a.add(b)).backward();
      } catch (e) {
        if (s.grad_error && (e as Error).name === s.grad_error.cls) return null;
        return `backward raised ${(e as Error).name}: ${(e as Error).message.split("\n")[0].slice(0, 100)}`;
      }
      if (s.grad_error) return `Python's backward raised ${s.grad_error.cls}`;
      const params = [...m!.named_parameters()];
      if (params.map(([n]) => n).join() !== s.pgrads!.map(([n]) => n).join()) throw new Fail("parameter names");
      params.forEach(([n, p], i) => compareGrad(p.grad, s.pgrads![i][1], `${n}.grad`));
      // (Inputs that require grad arrive as leaves; Python's non-leaf ones have no gradient to compare.)
      const leaves = flatTensors(inputs!).filter((t) => t.requires_grad);
      if (leaves.length !== s.igrads!.length) throw new Fail(`${leaves.length} inputs requiring grad, Python ${s.igrads!.length}`);
      leaves.forEach((t, i) => {
        const want = s.igrads![i];
        if (want !== null && typeof want === "object" && "nonleaf" in want) return;
        compareGrad(t.grad, want, `input ${i} grad`);
      });
    }
    return null;
  } catch (e) {
    return e instanceof Fail ? e.message : `harness: ${(e as Error).message.slice(0, 120)}`;
  }
}

describe("ModuleInfo replay (module_db) against Python", () => {
  it("replays module_db's CPU float32/float64 samples: parameters, outputs, gradients, errors", async () => {
    // Asynchronously, and yielding in the loop: vitest's worker RPC times out when a test blocks for a minute.
    const fixtures = await new Promise<{ torch: string; entries: Entry[] }>((resolve, reject) =>
      execFile(
        referencePython(),
        [new URL("../scripts/moduledb-fixtures.py", import.meta.url).pathname],
        { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
        (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout))),
      ),
    );
    let samples = 0, passed = 0, entriesPassed = 0;
    const reasons = new Map<string, number>();
    const failing: string[] = [];
    for (const entry of fixtures.entries) {
      let ok = true;
      for (const s of entry.samples) {
        await yieldToEventLoop();
        samples++;
        const why = replay(entry, s);
        if (why === null) passed++;
        else {
          ok = false;
          const key = why.replace(/[\d.e+-]+/g, "#").slice(0, 90);
          reasons.set(key, (reasons.get(key) ?? 0) + 1);
          failing.push(`${entry.name}${entry.variant ? `.${entry.variant}` : ""} [${s.dtype}${s.desc ? ` ${s.desc}` : ""}]: ${why}`);
        }
      }
      if (ok) entriesPassed++;
    }
    const share = passed / samples;
    console.log(
      `module_db replay (torch ${fixtures.torch}): ${passed}/${samples} samples (${(100 * share).toFixed(1)}%), ` +
        `${entriesPassed}/${fixtures.entries.length} ModuleInfos with every sample passing\n` +
        `failures by reason:\n${[...reasons].sort((a, b) => b[1] - a[1]).map(([r, n]) => `  ${n}  ${r}`).join("\n")}\n` +
        `failing samples:\n${failing.map((f) => `  ${f}`).join("\n")}`,
    );
    expect(share).toBeGreaterThanOrEqual(TARGET);
  }, 600_000);
});
