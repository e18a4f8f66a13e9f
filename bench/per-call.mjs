// Cost per call of small ops, torchts and Python torch on the same LibTorch, in one run.
// Tiny tensors, so the figure is the overhead of crossing into LibTorch, not the math.
//   node bench/per-call.mjs [--iterations N]
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import torch from "torchts";

const require = createRequire(import.meta.url);
const { findLibtorch } = require("../scripts/libtorch.cjs");

const { values } = parseArgs({ options: { iterations: { type: "string", default: "200000" } } });
const iterations = Number(values.iterations);
const repeats = 5;

// Each case: the setup and the call, in TS and in Python.
const cases = [
  { name: "x.add(y), 4-element float32", ts: () => { const x = torch.ones(4), y = torch.ones(4); return () => x.add(y); }, py: ["x = torch.ones(4); y = torch.ones(4)", "x.add(y)"] },
  { name: "x.mul(2.5), 4-element float32", ts: () => { const x = torch.ones(4); return () => x.mul(2.5); }, py: ["x = torch.ones(4)", "x.mul(2.5)"] },
  { name: "a.matmul(b), 4x4 float32", ts: () => { const a = torch.randn(4, 4), b = torch.randn(4, 4); return () => a.matmul(b); }, py: ["a = torch.randn(4, 4); b = torch.randn(4, 4)", "a.matmul(b)"] },
  { name: "x.index(':', 0), x[:, 0] of 4x4", ts: () => { const x = torch.randn(4, 4); return () => x.index(":", 0); }, py: ["x = torch.randn(4, 4)", "x[:, 0]"] },
  { name: "x.index('1:3'), x[1:3] of 4x4", ts: () => { const x = torch.randn(4, 4); return () => x.index("1:3"); }, py: ["x = torch.randn(4, 4)", "x[1:3]"] },
  { name: "x.sum(), 4-element float32", ts: () => { const x = torch.ones(4); return () => x.sum(); }, py: ["x = torch.ones(4)", "x.sum()"] },
  // Keyword arguments: a trailing options object, as the porting contract writes them.
  { name: "torch.cat([x, x], { dim: 1 }), 2x2", ts: () => { const x = torch.ones(2, 2); return () => torch.cat([x, x], { dim: 1 }); }, py: ["x = torch.ones(2, 2)", "torch.cat([x, x], dim=1)"] },
  { name: "a.addcmul_(a, b, { value: 0.5 }), 4", ts: () => { const a = torch.ones(4), b = torch.ones(4); return () => a.addcmul_(a, b, { value: 0.5 }); }, py: ["a = torch.ones(4); b = torch.ones(4)", "a.addcmul_(a, b, value=0.5)"] },
  { name: "x.view(2, 2), 4-element float32", ts: () => { const x = torch.ones(4); return () => x.view(2, 2); }, py: ["x = torch.ones(4)", "x.view(2, 2)"] },
  // Larger results: what freeing garbage tensors late costs (fresh, cache-cold memory per op).
  { name: "x.add(y), 12x64x128 float32 (400 kB)", large: true, ts: () => { const x = torch.randn(12, 64, 128), y = torch.randn(12, 64, 128); return () => x.add(y); }, py: ["x = torch.randn(12, 64, 128); y = torch.randn(12, 64, 128)", "x.add(y)"] },
  { name: "x.relu(), 8x48x64 float32 (100 kB)", large: true, ts: () => { const x = torch.randn(8, 48, 64); return () => x.relu(); }, py: ["x = torch.randn(8, 48, 64)", "x.relu()"] },
];

/** Best of `repeats` timings, in microseconds per call. */
// Large cases do a twentieth of the calls.
const callsOf = (c) => (c.large ? Math.ceil(iterations / 20) : iterations);

function timeTs(makeCall, calls) {
  const call = makeCall();
  for (let i = 0; i < Math.min(calls, 20_000); i++) call(); // warm-up: JIT, allocator
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) call();
    const us = Number(process.hrtime.bigint() - start) / 1e3 / calls;
    best = Math.min(best, us);
  }
  return best;
}

function timePython(python) {
  const program = `
import json, timeit, torch
torch.set_num_threads(${torch.get_num_threads()})
cases = json.loads(${JSON.stringify(JSON.stringify(cases.map((c) => [...c.py, callsOf(c)])))})
out = []
for setup, stmt, calls in cases:
    g = {"torch": torch}
    exec(setup, g)
    timeit.timeit(stmt, globals=g, number=min(calls, 20000))
    out.append(min(timeit.repeat(stmt, globals=g, number=calls, repeat=${repeats})) / calls * 1e6)
print(json.dumps(out))`;
  return JSON.parse(execFileSync(python, ["-c", program], { encoding: "utf8" }));
}

const libtorch = findLibtorch();
const python = libtorch.python ?? process.env.TORCHTS_PYTHON;
const pyTimes = python ? timePython(python) : cases.map(() => NaN);
console.log(`torch ${torch.__version__}, ${torch.get_num_threads()} threads, Node ${process.version}, ${iterations} calls x ${repeats} (best)`);
console.log("op".padEnd(36), "torchts us".padStart(11), "python us".padStart(10), "ratio".padStart(7));
cases.forEach((c, i) => {
  const ts = timeTs(c.ts, callsOf(c));
  console.log(c.name.padEnd(36), ts.toFixed(3).padStart(11), pyTimes[i].toFixed(3).padStart(10), (ts / pyTimes[i]).toFixed(2).padStart(7));
});
