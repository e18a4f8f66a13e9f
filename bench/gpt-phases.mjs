// Where a training step of examples/gpt's small model goes, torchts next to Python torch in one
// run: forward, backward, clip_grad_norm_, optimizer step + zero_grad, in one process and with
// DistributedDataParallel over 2 ranks (gloo; torchts-run / torch.distributed.run), CPU, the
// same fixed 12x64 batch on every rank (bench/gpt_phases/phases.ts and phases.py). The first
// round is warm-up and left out; the table gives each phase's range over the other rounds.
//   node bench/gpt-phases.mjs [--rounds 5] [--steps 40] [--threads 1]
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const require = createRequire(import.meta.url);
const { findLibtorch } = require("../scripts/libtorch.cjs");
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" }, steps: { type: "string", default: "40" }, threads: { type: "string", default: "1" } } });
const python = process.env.TORCHTS_PYTHON ?? findLibtorch().python;
const env = { ...process.env, OMP_NUM_THREADS: values.threads };
const tsx = require("node:url").pathToFileURL(require.resolve("tsx")).href;
const ts = "bench/gpt_phases/phases.ts";
const py = "bench/gpt_phases/phases.py";
const n = [values.rounds, values.steps];

/** The rounds a run printed (its JSON lines, rank prefixes stripped), warm-up round left out. */
function rounds(cmd, args) {
  const out = execFileSync(cmd, args, { cwd: root, env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  return out.split("\n").map((l) => l.replace(/^\[rank\d+\]:/, "")).filter((l) => l.startsWith("{")).map((l) => JSON.parse(l)).slice(1);
}

const runs = [
  ["one process", rounds(process.execPath, ["--import", tsx, ts, ...n]), rounds(python, [py, ...n])],
  ["DDP, 2 ranks", rounds(process.execPath, ["scripts/torchts-run", "--nproc_per_node=2", "--standalone", ts, ...n]),
    rounds(python, ["-m", "torch.distributed.run", "--nproc_per_node=2", "--standalone", py, ...n])],
];
const phases = ["forward", "backward", "clip", "optimizer", "total"];
const withTotal = (r) => ({ ...r, total: r.forward + r.backward + r.clip + r.optimizer });
const range = (rs, k) => {
  const v = rs.map((r) => withTotal(r)[k]);
  return `${Math.min(...v).toFixed(1)}-${Math.max(...v).toFixed(1)}`;
};
console.log(`examples/gpt small model, CPU, OMP_NUM_THREADS=${values.threads}, ${values.rounds} rounds of ${values.steps} steps (first left out), ms per step, torchts / Python`);
console.log(["", ...phases].map((s, i) => (i === 0 ? s.padEnd(14) : s.padStart(26))).join(""));
for (const [name, t, p] of runs) {
  console.log([name.padEnd(14), ...phases.map((k) => `${range(t, k)} / ${range(p, k)}`.padStart(26))].join(""));
}
