// Training steps per second of each example, torchts and its Python original, in one run on
// the same machine (CPU unless --device says otherwise). Each side runs the example's own
// script with evaluation and generation turned down, and prints the example's closing line
//   timing: <steps> steps in <seconds> s, <rate> steps/s
// which counts training steps only. Runs alternate TS, Python, TS, Python...; the best rate
// of each side is kept (the machine is shared and noisy).
//   node bench/examples.mjs [--repeat 2] [--only bigram,gpt] [--device cpu]
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { EXAMPLES, stepsPerSecond as rate } from "./examples-table.mjs";

const require = createRequire(import.meta.url);
const { findLibtorch } = require("../scripts/libtorch.cjs");
const { values } = parseArgs({
  options: {
    repeat: { type: "string", default: "2" },
    only: { type: "string" },
    device: { type: "string", default: "cpu" },
  },
});
const python = findLibtorch().python;
if (!python) throw new Error("bench/examples.mjs needs the reference Python (TORCHTS_PYTHON)");

const only = values.only?.split(",");
const rows = [];
for (const [name, example] of Object.entries(EXAMPLES)) {
  if (only && !only.includes(name)) continue;
  const args = [...example.bench, `--device=${values.device}`];
  let ts = 0;
  let py = 0;
  for (let r = 0; r < Number(values.repeat); r++) {
    ts = Math.max(ts, rate(process.execPath, ["--import", "tsx", example.ts, ...args]));
    py = Math.max(py, rate(python, [example.python, ...args]));
  }
  rows.push({ example: name, config: example.bench.join(" "), "torchts steps/s": ts, "python steps/s": py, "ratio (ts/py)": +(ts / py).toFixed(2) });
  console.log(`${name}: torchts ${ts} steps/s, python ${py} steps/s, ratio ${(ts / py).toFixed(2)}`);
}
console.table(rows);
