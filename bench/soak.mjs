// Soak: each example's own training loop (no manual frees) for many steps, with the child
// process's RSS read from /proc every 200 ms. Reports RSS after warm-up (10% of the run,
// counted from the example's first output, the end of its start-up), at half-way and at the
// end, and the growth after warm-up: the highest RSS of the second half over the RSS at 10%
// (target under 5%).
//   node bench/soak.mjs [--steps 10000] [--only bigram,gpt]
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { EXAMPLES } from "./examples-table.mjs";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { steps: { type: "string", default: "10000" }, only: { type: "string" } } });
const steps = Number(values.steps);

function rssOf(pid) {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return kb ? Number(kb[1]) * 1024 : null;
  } catch {
    return null;
  }
}

function soak(example) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", example.ts, ...example.soak(steps), "--device=cpu"], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    const started = Date.now();
    // The first output marks the end of start-up (loading LibTorch, data): warm-up is counted
    // from there, so that a short run's 10% mark does not fall inside start-up.
    let firstOutput = null;
    child.stdout.on("data", (d) => {
      firstOutput ??= (Date.now() - started) / 1000;
      out += d;
    });
    const samples = [];
    const timer = setInterval(() => {
      const rss = rssOf(child.pid);
      if (rss !== null) samples.push({ t: (Date.now() - started) / 1000, rss });
    }, 200);
    child.on("exit", (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`${example.ts} exited with ${code}:\n${out.slice(-2000)}`));
      const timing = /^timing: (\d+) steps/m.exec(out);
      resolve({ samples, steps: timing ? Number(timing[1]) : null, firstOutput: firstOutput ?? 0 });
    });
  });
}

/** RSS at a fraction of the way from `from` seconds to the run's end. */
const at = (samples, fraction, from = 0) => {
  const t = from + fraction * (samples[samples.length - 1].t - from);
  return (samples.find((s) => s.t >= t) ?? samples[samples.length - 1]).rss;
};
const mb = (bytes) => +(bytes / 2 ** 20).toFixed(1);
const only = values.only?.split(",");
const rows = [];
for (const [name, example] of Object.entries(EXAMPLES)) {
  if (only && !only.includes(name)) continue;
  const { samples, steps: done, firstOutput } = await soak(example);
  const warm = at(samples, 0.1, firstOutput);
  const end = samples[samples.length - 1].rss;
  const peak = Math.max(...samples.map((s) => s.rss));
  const half = samples[samples.length - 1].t / 2 + firstOutput / 2;
  const secondHalfPeak = Math.max(...samples.filter((s) => s.t >= half).map((s) => s.rss));
  const row = {
    example: name,
    steps: done,
    seconds: samples[samples.length - 1].t,
    "rss@10% MB": mb(warm),
    "rss@50% MB": mb(at(samples, 0.5, firstOutput)),
    "rss@end MB": mb(end),
    "peak MB": mb(peak),
    "growth after warm-up %": +((100 * (secondHalfPeak - warm)) / warm).toFixed(2),
  };
  rows.push(row);
  console.log(JSON.stringify(row));
  // the whole series, for a closer look (time in s, RSS in MB)
  mkdirSync(path.join(root, "bench", ".out"), { recursive: true });
  writeFileSync(path.join(root, "bench", ".out", `soak-${name}.json`), JSON.stringify(samples.map((s) => [s.t, mb(s.rss)])));
}
console.table(rows);
