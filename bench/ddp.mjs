// Time per training step of examples/gpt (--config=small, CPU, float32) with DistributedDataParallel
// over gloo, torchts vs Python torch in the same run, and DDP's overhead vs one process:
//   torchts: 2 ranks via scripts/torchts-run, and one process;
//   Python:  2 ranks of examples/gpt/python/train.py with torchrun's environment set by hand, and one process.
// Each run's time is train.ts's own "timing: N steps in S s" (training steps only, evaluation
// excluded; rank 0's). gradient_accumulation_steps=2: one micro-step per rank with 2 ranks, two
// in one process, so every configuration trains on the same number of tokens per step. With
// --repeat R the four configurations run R times, alternating, and each keeps its best time
// (the machine is shared and noisy), as bench/examples.mjs does.
//   node bench/ddp.mjs [--steps N] [--threads T] [--repeat R]
import { spawn } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { findLibtorch } = require("../scripts/libtorch.cjs");
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { steps: { type: "string", default: "30" }, threads: { type: "string", default: "1" }, repeat: { type: "string", default: "1" } } });
const python = process.env.TORCHTS_PYTHON ?? findLibtorch().python;
const env = { ...process.env, OMP_NUM_THREADS: values.threads };
const args = ["--config=small", "--device=cpu", `--max_iters=${Number(values.steps) - 1}`, "--eval_interval=100000", "--eval_iters=1",
  "--sample_new_tokens=0", "--gradient_accumulation_steps=2", "--out_dir=/tmp/torchts-bench-ddp"];

function run(cmd, argv, extra = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: root, env: { ...env, ...extra }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exit ${code}: ${out.slice(-2000)}`))));
  });
}

// A DDP run's time is rank 0's, on both sides: torchts-run prefixes each rank's lines with
// "[rankN]:", and rank 1 may print first (rank 0 evaluates and plots before its first step,
// which rank 1 waits for inside its own first backward).
function msPerStep(out) {
  const m = /^(?:\[rank0\]:)?timing: (\d+) steps in ([\d.]+) s/m.exec(out);
  if (!m) throw new Error(`no timing line in: ${out.slice(-1000)}`);
  return (1000 * Number(m[2])) / Number(m[1]);
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const tsx = ["--import", "tsx", "examples/gpt/train.ts"];
const configurations = {
  ts_1: async () => msPerStep(await run(process.execPath, [...tsx, ...args])),
  ts_ddp2: async () => msPerStep(await run(process.execPath, ["scripts/torchts-run", "--nproc_per_node=2", "--standalone", "examples/gpt/train.ts", ...args])),
  py_1: async () => msPerStep(await run(python, ["examples/gpt/python/train.py", ...args])),
  py_ddp2: async () => {
    const port = String(await freePort());
    const out = await Promise.all([0, 1].map((r) => run(python, ["examples/gpt/python/train.py", ...args],
      { RANK: String(r), LOCAL_RANK: String(r), WORLD_SIZE: "2", LOCAL_WORLD_SIZE: "2", MASTER_ADDR: "127.0.0.1", MASTER_PORT: port })));
    return msPerStep(out[0]);
  },
};
const results = {};
for (let round = 0; round < Number(values.repeat); round++) {
  for (const [name, time] of Object.entries(configurations)) {
    const ms = await time();
    results[name] = Math.min(results[name] ?? Infinity, ms);
    if (Number(values.repeat) > 1) console.log(`round ${round + 1}: ${name} ${ms.toFixed(1)} ms/step`);
  }
}

const f = (x) => x.toFixed(1);
console.log(`examples/gpt --config=small, CPU, ${values.steps} steps, OMP_NUM_THREADS=${values.threads}, 2 micro-batches of 12x64 tokens per step, best of ${values.repeat}`);
console.log(`                     torchts ms/step   Python ms/step   torchts/Python`);
console.log(`one process          ${f(results.ts_1).padStart(15)}   ${f(results.py_1).padStart(14)}   ${(results.ts_1 / results.py_1).toFixed(2).padStart(14)}`);
console.log(`DDP, 2 ranks (gloo)  ${f(results.ts_ddp2).padStart(15)}   ${f(results.py_ddp2).padStart(14)}   ${(results.ts_ddp2 / results.py_ddp2).toFixed(2).padStart(14)}`);
console.log(`DDP 2 ranks / one process: torchts ${(results.ts_ddp2 / results.ts_1).toFixed(2)}, Python ${(results.py_ddp2 / results.py_1).toFixed(2)}`);
