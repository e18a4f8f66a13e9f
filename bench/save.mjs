// torch.save and torch.load of a checkpoint, torchts and Python torch on the same LibTorch, in
// one run: milliseconds per call, best of the rounds. Two checkpoints, built alike on both
// sides: "small" is the size examples/transformer_lm saves every epoch (a dict with a state
// dict of 40 tensors, 1.3 MB, and some numbers and strings); "large" is 8 tensors of 12.5 MB.
//   node bench/save.mjs [--rounds 30]
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import torch from "torchts";

const require = createRequire(import.meta.url);
const { findLibtorch } = require("../scripts/libtorch.cjs");

const { values } = parseArgs({ options: { rounds: { type: "string", default: "30" } } });
const rounds = Number(values.rounds);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-bench-save-"));

// [name, number of tensors, elements per tensor]
const CASES = [
  ["small", 40, 8192],
  ["large", 8, 3_276_800],
];

function checkpoint(count, numel) {
  const model = {};
  for (let i = 0; i < count; i++) model[`layers.${i}.weight`] = torch.randn(numel);
  return { model, epoch: 3, losses: [2.5, 2.1, 1.9], vocab: Array.from({ length: 200 }, (_, i) => `w${i}`), config: { d_model: 128, n_layers: 2 } };
}

function bestMs(fn) {
  for (let i = 0; i < 3; i++) fn(); // warm-up
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}

function timePython(python) {
  const program = `
import json, os, time, torch
cases = json.loads(${JSON.stringify(JSON.stringify(CASES))})
out = []
for name, count, numel in cases:
    ck = {"model": {f"layers.{i}.weight": torch.randn(numel) for i in range(count)}, "epoch": 3, "losses": [2.5, 2.1, 1.9],
          "vocab": [f"w{i}" for i in range(200)], "config": {"d_model": 128, "n_layers": 2}}
    f = os.path.join(${JSON.stringify(dir)}, f"py-{name}.pt")
    def best(fn):
        for _ in range(3): fn()
        b = float("inf")
        for _ in range(${rounds}):
            t = time.perf_counter(); fn(); b = min(b, time.perf_counter() - t)
        return b * 1e3
    out.append([best(lambda: torch.save(ck, f)), best(lambda: torch.load(f, weights_only=True))])
print(json.dumps(out))`;
  return JSON.parse(execFileSync(python, ["-c", program], { encoding: "utf8" }));
}

const libtorch = findLibtorch();
const python = libtorch.python ?? process.env.TORCHTS_PYTHON;
const py = python ? timePython(python) : CASES.map(() => [NaN, NaN]);
console.log(`torch ${torch.__version__}, Node ${process.version}, best of ${rounds} calls, ms`);
console.log("checkpoint".padEnd(28), "op".padEnd(10), "torchts ms".padStart(11), "python ms".padStart(10), "ratio".padStart(7));
CASES.forEach(([name, count, numel], i) => {
  const ck = checkpoint(count, numel);
  const f = path.join(dir, `ts-${name}.pt`);
  const bytes = numel * 4;
  const label = `${name} (${count} x ${bytes < 2 ** 20 ? `${bytes / 1024} kB` : `${(bytes / 2 ** 20).toFixed(1)} MB`})`;
  const save = bestMs(() => torch.save(ck, f));
  const load = bestMs(() => torch.load(f));
  for (const [op, ts, p] of [["save", save, py[i][0]], ["load", load, py[i][1]]]) {
    console.log(label.padEnd(28), op.padEnd(10), ts.toFixed(2).padStart(11), p.toFixed(2).padStart(10), (ts / p).toFixed(2).padStart(7));
  }
});
fs.rmSync(dir, { recursive: true, force: true });
