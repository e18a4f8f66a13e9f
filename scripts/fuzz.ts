// The long fuzz run (issue #8): the calls of test/fuzz.test.ts, a million by default, in
// batches run by child processes so that a crash or a hang costs one batch, not the run.
//
//   npx tsx scripts/fuzz.ts [--calls=1000000] [--seed=N] [--batch=250000] [--out=DIR]
//   npx tsx scripts/fuzz.ts --seed=N --replay=I      runs call I of seed N alone, printing it
//
// Call i of seed N is always the same call (its fast-check seed is derived from N and i), so any
// call the report names can be replayed. Each child logs a call before making it, so when a
// child dies (a signal, an abort in LibTorch) or stops making progress (a hang), the last line
// of its log names the culprit; the parent reports it and goes on from the next call. At the
// end: calls, time, calls/s, each exception class's count, crashes, hangs, property failures,
// and each child's resident memory after warm-up and at its end (fuzz tensors are garbage, so
// it must stay flat).
import { fork } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import fc from "fast-check";
import type { Call } from "../test/fuzz/call";

const { values: args } = parseArgs({
  options: {
    calls: { type: "string", default: "1000000" },
    seed: { type: "string" },
    batch: { type: "string", default: "250000" },
    out: { type: "string" },
    replay: { type: "string" },
    worker: { type: "boolean", default: false },
    start: { type: "string" },
    end: { type: "string" },
  },
});

const seed = args.seed !== undefined ? Number(args.seed) : Math.floor(Math.random() * 2 ** 31);
/** No progress for this long: the child is hung (one call may take CALL_LIMIT_MS; allow much more). */
const HANG_MS = 120_000;
const PROGRESS_EVERY = 500;

/** The fast-check seed of call i: a 32-bit mix of the run's seed and i. */
function callSeed(i: number): number {
  let h = (seed ^ Math.imul(i + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) | 0;
}

interface Problem {
  index: number;
  code: string;
  problem: string;
}

interface Report {
  kind: "progress" | "done";
  done: number;
  histogram: Record<string, number>;
  problems: Problem[];
  problemCount: number;
  rss: number[];
  slowest: { index: number; ms: number; code: string };
}

// ---- the child: runs calls [start, end) ----

async function worker(): Promise<void> {
  const { anyCall } = await import("../test/fuzz/calls");
  const { runCall } = await import("../test/fuzz/call");
  const { FUZZ_DIR } = await import("../test/fuzz/io");
  const start = Number(args.start);
  const end = Number(args.end);
  const log = fs.openSync(path.join(args.out!, `calls-${start}.log`), "w");
  let offset = 0;
  const report: Report = { kind: "progress", done: 0, histogram: {}, problems: [], problemCount: 0, rss: [], slowest: { index: -1, ms: 0, code: "" } };
  const seenProblems = new Set<string>();
  for (let i = start; i < end; i++) {
    const [c] = fc.sample(anyCall, { seed: callSeed(i), numRuns: 1 }) as Call[];
    // The log holds the calls since the last progress report; its last line is the call running now.
    const line = Buffer.from(`${i}\t${c.family}\t${c.code.replace(/\n/g, " ")}\n`);
    fs.writeSync(log, line, 0, line.length, offset);
    offset += line.length;
    const { outcome, problem, ms } = runCall(c);
    report.histogram[outcome] = (report.histogram[outcome] ?? 0) + 1;
    report.done++;
    if (ms > report.slowest.ms) report.slowest = { index: i, ms: Math.round(ms), code: c.code.slice(0, 300) };
    if (problem) {
      report.problemCount++;
      // One report per kind of problem (its first line, numbers blanked): the rest are repeats.
      const kind = problem.split("\n")[0].replace(/\d+/g, "N").slice(0, 120);
      if (!seenProblems.has(kind) && report.problems.length < 100) {
        seenProblems.add(kind);
        report.problems.push({ index: i, code: c.code, problem });
      }
    }
    if (report.done % PROGRESS_EVERY === 0 || i === end - 1) {
      if (report.done === PROGRESS_EVERY || report.done === 2000 || report.done % 50_000 === 0 || i === end - 1) report.rss.push(process.memoryUsage.rss());
      report.kind = i === end - 1 ? "done" : "progress";
      process.send!(report);
      report.histogram = {};
      report.problems = [];
      report.rss = [];
      fs.ftruncateSync(log, 0);
      offset = 0;
    }
  }
  fs.closeSync(log);
  fs.rmSync(FUZZ_DIR, { recursive: true, force: true });
  // Wait for the last message to leave before exiting.
  await new Promise<void>((resolve) => process.send!({ kind: "bye" }, () => resolve()));
  process.disconnect();
}

// ---- the parent: batches, crash and hang detection, the report ----

interface Batch {
  start: number;
  end: number;
}

function lastLine(file: string): string {
  try {
    const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
    return lines[lines.length - 1] ?? "";
  } catch {
    return "";
  }
}

async function parent(): Promise<void> {
  const total = Number(args.calls);
  const batchSize = Number(args.batch);
  const out = args.out ?? fs.mkdtempSync(path.join(os.tmpdir(), `torchts-fuzz-run-${seed}-`));
  fs.mkdirSync(out, { recursive: true });
  console.log(`fuzz: ${total} calls, seed ${seed}, batches of ${batchSize}, logs in ${out}`);
  const histogram: Record<string, number> = {};
  const problems: Problem[] = [];
  const seen = new Set<string>();
  let problemCount = 0;
  const crashes: { index: number; call: string; how: string }[] = [];
  const memory: { batch: string; rss: number[] }[] = [];
  let slowest = { index: -1, ms: 0, code: "" };
  let done = 0;
  const began = performance.now();
  const stderr = fs.openSync(path.join(out, "stderr.log"), "a");
  let current: ReturnType<typeof fork> | null = null;

  const runBatch = (batch: Batch) =>
    new Promise<number>((resolve) => {
      // Resolves with the index to resume from (batch.end when the batch completed).
      const child = fork(__filename, ["--worker", `--seed=${seed}`, `--start=${batch.start}`, `--end=${batch.end}`, `--out=${out}`], {
        execArgv: ["--import", "tsx"],
        stdio: ["ignore", stderr, stderr, "ipc"],
      });
      current = child;
      const logFile = path.join(out, `calls-${batch.start}.log`);
      const doneBefore = done;
      const problemsBefore = problemCount;
      let reached = batch.start;
      let hung = false;
      const rss: number[] = [];
      memory.push({ batch: `${batch.start}..${batch.end}`, rss });
      const hang = () => {
        hung = true;
        child.kill("SIGKILL");
      };
      let watchdog = setTimeout(hang, HANG_MS);
      child.on("message", (m: Report | { kind: "bye" }) => {
        if (m.kind === "bye") return;
        clearTimeout(watchdog);
        watchdog = setTimeout(hang, HANG_MS);
        // done and problemCount are the batch's running totals.
        reached = batch.start + m.done;
        done = doneBefore + m.done;
        problemCount = problemsBefore + m.problemCount;
        for (const [k, v] of Object.entries(m.histogram)) histogram[k] = (histogram[k] ?? 0) + v;
        for (const p of m.problems) {
          const kind = p.problem.split("\n")[0].replace(/\d+/g, "N").slice(0, 120);
          if (!seen.has(kind)) (seen.add(kind), problems.push(p));
        }
        rss.push(...m.rss);
        if (m.slowest.ms > slowest.ms) slowest = m.slowest;
        const elapsed = (performance.now() - began) / 1000;
        process.stdout.write(`\r${done} calls, ${Math.round(done / elapsed)} calls/s, ${crashes.length} crashes, ${problemCount} problems   `);
      });
      child.on("exit", (code, signal) => {
        clearTimeout(watchdog);
        if (reached >= batch.end || stopped) return resolve(batch.end);
        // The child died or hung: the last line of its log is the call it was making.
        const culprit = lastLine(logFile);
        const index = Number(culprit.split("\t")[0]);
        const how = hung ? `no progress for ${HANG_MS / 1000} s (killed)` : signal ? `killed by ${signal}` : `exited with code ${code}`;
        crashes.push({ index, call: culprit, how });
        fs.copyFileSync(logFile, path.join(out, `crash-${index}.log`));
        const resume = Number.isInteger(index) && index >= reached ? index + 1 : reached + 1;
        done = doneBefore + (resume - batch.start);
        resolve(resume);
      });
    });

  let stopped = false;
  process.once("SIGINT", () => {
    // Ctrl-C: stop the batch running now and report what ran so far.
    stopped = true;
    current?.kill("SIGKILL");
  });
  for (let start = 0; start < total && !stopped; ) {
    const end = Math.min(start + batchSize, total);
    start = await runBatch({ start, end });
  }
  fs.closeSync(stderr);
  const seconds = (performance.now() - began) / 1000;
  const mb = (b: number) => `${Math.round(b / 2 ** 20)} MiB`;
  console.log(`\n\nfuzz: ${done} calls in ${seconds.toFixed(0)} s (${Math.round(done / seconds)} calls/s), seed ${seed}`);
  console.log("outcomes:", Object.entries(histogram).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(", "));
  console.log(`slowest call: ${slowest.ms} ms, call ${slowest.index}: ${slowest.code}`);
  console.log("resident memory per batch (after 500 calls, 2,000, every 50,000, and at the end):");
  for (const m of memory) console.log(`  calls ${m.batch}: ${m.rss.map(mb).join(" -> ")}`);
  console.log(`crashes and hangs: ${crashes.length}`);
  for (const c of crashes) console.log(`  ${c.how}: call ${c.call} (replay: npx tsx scripts/fuzz.ts --seed=${seed} --replay=${c.index})`);
  console.log(`property failures: ${problemCount} (${problems.length} kinds)`);
  for (const p of problems) console.log(`  call ${p.index}: ${p.code.slice(0, 400)}\n    ${p.problem.split("\n").slice(0, 4).join("\n    ")}`);
  process.exitCode = crashes.length + problemCount > 0 ? 1 : 0;
}

// ---- one call alone ----

async function replay(index: number): Promise<void> {
  const { anyCall } = await import("../test/fuzz/calls");
  const { runCall } = await import("../test/fuzz/call");
  const [c] = fc.sample(anyCall, { seed: callSeed(index), numRuns: 1 }) as Call[];
  console.log(`call ${index} of seed ${seed} (${c.family}):\n  ${c.code}`);
  const r = runCall(c);
  console.log(`outcome: ${r.outcome} in ${r.ms.toFixed(1)} ms${r.problem ? `\nPROBLEM: ${r.problem}` : ""}`);
}

if (args.worker) void worker();
else if (args.replay !== undefined) void replay(Number(args.replay));
else void parent();
