// Property-based fuzzing of the whole public API (issue #8): random shapes, dtypes, devices
// and argument kinds for every generated op, the factories, indexing, Tensor methods,
// autograd and grad modes, nn.functional, nn modules, optimizers, save/load and
// utils.data. The property (test/fuzz/call.ts): every call returns or throws one of torchts's
// exception classes, leaves grad mode as it found it, and finishes within CALL_LIMIT_MS.
//
// Seeded: TORCHTS_FUZZ_SEED=<n> replays a run (the seed is printed when a property fails, with
// the shrunk call as JS source). Calls are logged to a file before they run, so that if the
// worker process dies (a crash in LibTorch), the last line of the log names the call.
// The long run is `npx tsx scripts/fuzz.ts --calls=1000000`.
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import torch from "torchts";
import { Call, runCall } from "./fuzz/call";
import { anyCall, FAMILIES, PUBLIC_OPS } from "./fuzz/calls";
import { FUZZ_DIR } from "./fuzz/io";
import { functionForm } from "./fuzz/ops";

const SEED = process.env.TORCHTS_FUZZ_SEED ? Number(process.env.TORCHTS_FUZZ_SEED) : 20251127;
const LOG = path.join(FUZZ_DIR, "calls.log");
const log = fs.openSync(LOG, "w");
console.log(`fuzz: seed ${SEED} (TORCHTS_FUZZ_SEED), calls logged to ${LOG}`);

const histogram: Record<string, number> = {};
let calls = 0;

/** Runs one call, logged first; fails with the problem and the call's source. */
function check(c: Call): void {
  fs.writeSync(log, `${c.family}\t${c.code}\n`);
  const { outcome, problem } = runCall(c);
  calls++;
  histogram[outcome] = (histogram[outcome] ?? 0) + 1;
  if (problem) throw new Error(`${problem}\n  call: ${c.code}`);
}

function assertProperty(arbitrary: fc.Arbitrary<Call>, numRuns: number, seedOffset: number): void {
  fc.assert(fc.property(arbitrary, check), { seed: SEED + seedOffset, numRuns, endOnFailure: false });
}

afterAll(() => {
  fs.closeSync(log);
  console.log(`fuzz: ${calls} calls, outcomes ${JSON.stringify(histogram)}`);
  fs.rmSync(FUZZ_DIR, { recursive: true, force: true });
});

describe("fuzz: every call returns or throws a torchts error, and the process lives on", () => {
  it("covers every public op of the schema table", () => {
    // The table-driven family reaches each op: names from lib/generated/ops.ts, installed on torch or Tensor.
    expect(PUBLIC_OPS.length).toBeGreaterThan(100);
    for (const op of PUBLIC_OPS) {
      const form = functionForm(op);
      const installed = form ? typeof form[1][form[2]] : typeof (torch.Tensor.prototype as unknown as Record<string, unknown>)[op.name];
      expect(installed, op.name).toBe("function");
    }
  });

  it("generated ops: 4,000 calls", () => assertProperty(FAMILIES.ops, 4000, 1));

  it("every family together: 6,000 calls", () => assertProperty(anyCall, 6000, 2));

  // Each family on its own too, so that a rare one is not starved by the weighted mix.
  for (const [name, arbitrary] of Object.entries(FAMILIES)) {
    if (name === "ops") continue;
    it(`${name}: 150 calls`, () => assertProperty(arbitrary, 150, 3 + name.length));
  }

  // Calls the fuzz found that killed the process (each ran in a child of scripts/fuzz.ts): a
  // regression would kill this worker, which vitest reports as a failed file.
  it("inputs that once crashed the process now throw or return", () => {
    const F = torch.nn.functional;
    // LibTorch divides by the number of key heads (SIGFPE; Python's process dies too).
    const empty = torch.randn(0, 3, 3);
    expect(() => F.scaled_dot_product_attention(empty, empty, empty, { enable_gqa: true })).toThrow(torch.RuntimeError);
    // A meta tensor of 2**61 elements: its size was reported to V8, which aborts past 2**60 bytes.
    expect(torch.ones([1e18, 2], { device: "meta" }).shape).toEqual([1e18, 2]);
    // An array that contains itself: torch.tensor walked it until V8 ran out of array size.
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(() => torch.tensor(cyclic as never)).toThrow(torch.ValueError);
    expect(() => torch.tensor(cyclic as never)).toThrow("too many dimensions 'list'");
    // RandomSampler of an empty dataset with num_samples: an endless loop (Python: ZeroDivisionError).
    const sampler = new torch.utils.data.RandomSampler([], { num_samples: 5 });
    expect(() => [...sampler]).toThrow(torch.ValueError);
    // num_layers = Infinity: the layers were made one by one, forever (Python: TypeError).
    expect(() => new torch.nn.GRU(4, 3, Infinity)).toThrow("'float' object cannot be interpreted as an integer");
  });

  it("the property can fail: a plain Error, a leaked grad mode", () => {
    const bad = { family: "self-test", code: "throw new Error('plain')", run: () => { throw new Error("plain"); } };
    expect(runCall(bad).problem).toMatch(/^threw Error/);
    const internal = { family: "self-test", code: "undefined.x", run: () => (undefined as unknown as { x: number }).x };
    expect(runCall(internal).problem).toMatch(/^threw TypeError/);
    const leak = { family: "self-test", code: "torch.set_grad_enabled(false)", run: () => torch.set_grad_enabled(false) };
    expect(runCall(leak).problem).toMatch(/left grad mode changed/);
    expect(torch.is_grad_enabled()).toBe(true);
    const fine = { family: "self-test", code: "torch.zeros(-1)", run: () => torch.zeros(-1) };
    expect(runCall(fine)).toMatchObject({ outcome: "RuntimeError", problem: undefined });
  });
});
