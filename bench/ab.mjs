// A/B rounds of one example: variants of torchts (each a set of environment variables) and
// Python, each round in a rotated order, every variant's steps/s as a ratio to Python's of the
// same round. On a noisy shared machine (single rounds moved by up to 0.2 here) a variant is
// better only if it leads round after round; the rotation keeps a run's place in the round from
// passing for an effect.
//   node bench/ab.mjs --example gpt --rounds 6 [--core 0] 'base=' 'pacing_off=TORCHTS_YOUNG_GC_MB=0'
// --core N runs every process on core N alone (taskset), which leaves out contention between
// threads: set OMP_NUM_THREADS=1 with it.
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { EXAMPLES, stepsPerSecond } from "./examples-table.mjs";

const require = createRequire(import.meta.url);
const { findLibtorch } = require("../scripts/libtorch.cjs");
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { example: { type: "string", default: "gpt" }, rounds: { type: "string", default: "6" }, core: { type: "string" } },
});
const example = EXAMPLES[values.example];
if (!example) throw new Error(`--example: one of ${Object.keys(EXAMPLES).join(", ")}`);
const python = findLibtorch().python;
if (!python) throw new Error("bench/ab.mjs needs the reference Python (TORCHTS_PYTHON)");
if (positionals.length === 0) throw new Error("give at least one variant: 'label=VAR=value VAR2=value' ('label=' for none)");

/** 'label=A=1 B=2' -> { label, env: { A: "1", B: "2" } } */
function variant(spec) {
  const at = spec.indexOf("=");
  const pairs = spec.slice(at + 1).split(/\s+/).filter(Boolean);
  if (at <= 0 || pairs.some((kv) => kv.indexOf("=") <= 0)) throw new Error(`a variant is 'label=VAR=value ...', not '${spec}'`);
  if (spec.slice(0, at) === "python") throw new Error("'python' is Python's own label: name the variant otherwise");
  return { label: spec.slice(0, at), env: Object.fromEntries(pairs.map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)])) };
}

const args = [...example.bench, "--device=cpu"];
/** Steps/s of one run, on core --core alone when given. */
function rate(command, argv, env) {
  const pinned = values.core === undefined ? [command, argv] : ["taskset", ["-c", values.core, command, ...argv]];
  return stepsPerSecond(pinned[0], pinned[1], { ...process.env, ...env });
}

const runners = [
  { label: "python", run: () => rate(python, [example.python, ...args], {}) },
  ...positionals.map(variant).map(({ label, env }) => ({ label, run: () => rate(process.execPath, ["--import", "tsx", example.ts, ...args], env) })),
];
const ratios = Object.fromEntries(runners.slice(1).map((r) => [r.label, []]));
for (let round = 0; round < Number(values.rounds); round++) {
  const order = runners.map((_, i) => runners[(i + round) % runners.length]);
  const rates = Object.fromEntries(order.map((r) => [r.label, r.run()]));
  const cells = [`python ${rates.python.toFixed(1)}`];
  for (const label of Object.keys(ratios)) {
    ratios[label].push(rates[label] / rates.python);
    cells.push(`${label} ${rates[label].toFixed(1)} (${(rates[label] / rates.python).toFixed(3)})`);
  }
  console.log(`round ${round + 1} [${order.map((r) => r.label).join(", ")}]: ${cells.join("  ")}`);
}
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
for (const [label, list] of Object.entries(ratios)) {
  const mean = list.reduce((s, x) => s + x, 0) / list.length;
  console.log(`${label}: torchts / Python median ${median(list).toFixed(3)}, mean ${mean.toFixed(3)} over ${list.length} rounds`);
}
