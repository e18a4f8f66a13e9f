// Memory over a long training loop written with no manual frees (bench/training-loop.mjs):
// RSS at steps 1,000, 5,000 and 10,000, in torchts and in Python torch on the same LibTorch.
//   node bench/memory.mjs [--steps N]
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import torch from "torchts";
import { makeLoop, PYTHON_LOOP } from "./training-loop.mjs";

const require = createRequire(import.meta.url);
const { findLibtorch } = require("../scripts/libtorch.cjs");
const { values } = parseArgs({ options: { steps: { type: "string", default: "10000" } } });
const steps = Number(values.steps);
const marks = [1000, 5000, 10000, 20000, 50000, 100000].filter((m) => m <= steps);

const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);

function runTs() {
  const step = makeLoop();
  const rss = {};
  const start = process.hrtime.bigint();
  let loss;
  for (let i = 1; i <= steps; i++) {
    loss = step();
    if (marks.includes(i)) rss[i] = process.memoryUsage().rss;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { rss, seconds, loss: loss.item() };
}

function runPython(python) {
  const program = `${PYTHON_LOOP}
import time, os
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
torch.set_num_threads(${torch.get_num_threads()})
step = make_loop()
marks = ${JSON.stringify(marks)}
out = {}
start = time.perf_counter()
for i in range(1, ${steps} + 1):
    loss = step()
    if i in marks:
        out[i] = rss()
print(json.dumps({"rss": out, "seconds": time.perf_counter() - start, "loss": loss.item()}))`;
  return JSON.parse(execFileSync(python, ["-c", program], { encoding: "utf8" }));
}

const ts = runTs();
const python = findLibtorch().python;
const py = python ? runPython(python) : null;
console.log(`training loop (MLP 64-128-10, batch 32, SGD), ${steps} steps, torch ${torch.__version__}, Node ${process.version}`);
console.log("step".padStart(8), "torchts RSS MB".padStart(15), "python RSS MB".padStart(14));
for (const m of marks) console.log(String(m).padStart(8), mb(ts.rss[m]).padStart(15), (py ? mb(py.rss[m]) : "-").padStart(14));
const first = ts.rss[marks[0]];
const last = ts.rss[marks[marks.length - 1]];
console.log(`torchts growth after step ${marks[0]}: ${(((last - first) / first) * 100).toFixed(1)}%`);
console.log(`time: torchts ${ts.seconds.toFixed(2)} s, python ${py ? py.seconds.toFixed(2) : "-"} s (ratio ${py ? (ts.seconds / py.seconds).toFixed(2) : "-"})`);
console.log(`final loss: torchts ${ts.loss}, python ${py ? py.loss : "-"}`);
