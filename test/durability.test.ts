// Checkpoint durability: torch.save writes a temporary file beside the checkpoint, flushes it
// and renames it over the checkpoint, so that a save killed at any moment (SIGKILL) or failing
// for lack of space leaves the previous complete checkpoint at the path. A killed save cannot
// remove its temporary file "<file>.tmp-<pid>-<random>"; the next save to the same path does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import torch from "torchts";
import { projectRoot } from "./helpers/node";
import { runPython } from "./helpers/python";

let dir: string;
const p = (name: string) => path.join(dir, name);
const py = (s: string) => JSON.stringify(s);
const leftovers = (name: string) => fs.readdirSync(dir).filter((f) => f.startsWith(`${name}.tmp-`));

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-durability-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("a save killed with SIGKILL at random moments", () => {
  // 50M float32 = 200 MB. Save i holds { w: base + i, i }, base = arange(N) / 7.
  const N = 50_000_000;
  const ROUNDS = 5;
  const child = (file: string) => `
const torch = require(${py(projectRoot)});
const base = torch.arange(${N}, { dtype: torch.float32 }).div(7);
process.stdout.write("ready\\n");
for (let i = Number(process.argv[1]); ; i++) {
  process.stdout.write("saving " + i + "\\n");
  torch.save({ w: base.add(i), i }, ${py(file)});
  process.stdout.write("saved " + i + "\\n");
}`;

  /** Resolves once a file whose name starts with `prefix` is in the folder. */
  const appears = (prefix: string) =>
    new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (fs.readdirSync(dir).some((f) => f.startsWith(prefix))) {
          clearInterval(poll);
          resolve();
        }
      }, 2);
    });

  it("always leaves a complete checkpoint (old or new), and temporary files only of killed savers", async () => {
    const file = p("big.pt");
    const base = torch.arange(N, { dtype: torch.float32 }).div(7);
    const started = Date.now();
    torch.save({ w: base.add(0), i: 0 }, file);
    const saveMs = Date.now() - started;
    const killedPids: number[] = [];
    const report: string[] = [];
    let next = 1;
    let midWrite = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const proc = spawn(process.execPath, ["-e", child(file), String(next)], { stdio: ["ignore", "pipe", "inherit"] });
      let out = "";
      const exited = new Promise<void>((resolve) => proc.on("exit", () => resolve()));
      await new Promise<void>((resolve, reject) => {
        proc.stdout.on("data", (d) => {
          out += d;
          if (out.includes("saving ")) resolve();
        });
        proc.on("exit", () => reject(new Error(`the saver exited early: ${out}`)));
      });
      // Even rounds: anywhere in the first save (most of which is pickling and checksums, before
      // the file is opened) or the start of the second. Odd rounds: within 40 ms of the temporary
      // file appearing, inside the write of its 200 MB (up to 400 ms, as before, let a fast disk
      // finish the write and rename first: a CI run had no kill inside a write).
      const during = round % 2 === 1;
      if (during) await appears(`big.pt.tmp-${proc.pid}-`);
      const delay = Math.round(Math.random() * (during ? 40 : saveMs * 1.3));
      await new Promise((r) => setTimeout(r, delay));
      proc.kill("SIGKILL");
      await exited;
      killedPids.push(proc.pid!);
      const saved = [...out.matchAll(/saved (\d+)/g)].map((m) => Number(m[1]));
      const last = saved.length ? saved[saved.length - 1] : next - 1;
      const ck = torch.load(file);
      const stray = leftovers("big.pt");
      report.push(`round ${round}: killed ${delay} ms after ${during ? "the temporary file appeared" : "the save began"} (save ~${saveMs} ms), last saved ${last}, file holds ${ck.i}, temp files ${stray}`);
      // The file is the last complete save, or the one that completed its rename just before the kill.
      expect([last, last + 1], report.join("\n")).toContain(ck.i);
      expect(ck.w.shape).toStrictEqual([N]);
      expect(ck.w.eq(base.add(ck.i)).all().item(), report.join("\n")).toBe(true);
      // Temporary files belong to killed savers only.
      for (const f of stray) expect(killedPids.map(String), f).toContain(/\.tmp-(\d+)-/.exec(f)![1]);
      if (stray.some((f) => f.includes(`.tmp-${proc.pid}-`))) midWrite++;
      next = Math.max(ck.i, last) + 1;
    }
    // At least one kill landed inside a write, or the test has tested nothing.
    expect(midWrite, report.join("\n")).toBeGreaterThan(0);

    // The next save removes the temporary files of the killed savers.
    torch.save({ w: base.add(next), i: next }, file);
    expect(leftovers("big.pt")).toStrictEqual([]);
    const check = runPython(`
ck = torch.load(${py(file)}, weights_only=True)
base = torch.arange(${N}, dtype=torch.float32) / 7
print(json.dumps([ck["i"], torch.equal(ck["w"], base + ck["i"])]))`);
    expect(JSON.parse(check)).toStrictEqual([next, true]);
  }, 180_000);

  it("a temporary file of a process that still runs is left alone", () => {
    const file = p("alive.pt");
    const mine = `alive.pt.tmp-${process.ppid}-0123456789ab`;
    const dead = `alive.pt.tmp-999999999-0123456789ab`;
    const other = `other.pt.tmp-999999999-0123456789ab`;
    for (const f of [mine, dead, other]) fs.writeFileSync(p(f), "partial");
    torch.save({ x: torch.ones(2) }, file);
    expect(fs.existsSync(p(mine))).toBe(true);
    expect(fs.existsSync(p(dead))).toBe(false);
    expect(fs.existsSync(p(other))).toBe(true);
  });
});

/** Runs a torchts program in a child process; its stdout is one JSON value. */
function runChild(shell: string, program: string): unknown {
  const run = spawnSync("bash", ["-c", `${shell}; exec "$0" -e "$1"`, process.execPath, program], { encoding: "utf8", timeout: 120_000 });
  expect(run.signal, run.stderr).toBeNull();
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

/** A program that saves a small checkpoint, then tries a 4 MB one over it; reports the error. */
const saveOverProgram = (file: string) => `
const torch = require(${py(projectRoot)});
torch.save({ w: torch.arange(10), i: 1 }, ${py(file)});
try {
  torch.save({ w: torch.zeros(1000000), i: 2 }, ${py(file)});
  console.log(JSON.stringify({ saved: true }));
} catch (e) {
  console.log(JSON.stringify({ name: e.name, isRuntimeError: e instanceof torch.RuntimeError, message: e.message, code: e.cause && e.cause.code }));
}`;

function expectPreviousCheckpoint(file: string): void {
  const ck = torch.load(file);
  expect(ck.i).toBe(1);
  expect(ck.w.tolist()).toStrictEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
}

describe("a save that runs out of space", () => {
  it("over the file size limit (ulimit -f): RuntimeError with EFBIG and the path, the old checkpoint stays, no temporary file", () => {
    // Node ignores SIGXFSZ itself (it would otherwise kill the process), so write() fails with EFBIG.
    const file = p("limited.pt");
    const result = runChild("ulimit -f 1024", saveOverProgram(file)) as Record<string, unknown>;
    expect(result.saved).toBeUndefined();
    expect(result.name).toBe("RuntimeError");
    expect(result.isRuntimeError).toBe(true);
    expect(result.code).toBe("EFBIG");
    expect(result.message).toContain(`torch.save: file too large while writing ${file} (EFBIG`);
    expect(result.message).toContain(`the previous file at ${file} is untouched`);
    expectPreviousCheckpoint(file);
    expect(leftovers("limited.pt")).toStrictEqual([]);
  });

  // A real full filesystem needs a 1 MB tmpfs, which only root may mount (and a container may
  // refuse): the test skips itself then, and the ulimit test above still runs.
  it("on a full filesystem (a 1 MB tmpfs): RuntimeError with ENOSPC and the path, the old checkpoint stays, no temporary file", (ctx) => {
    const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-full-"));
    const mounted = process.platform === "linux" && spawnSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint]).status === 0;
    try {
      if (!mounted) ctx.skip();
      fullFilesystem(mountPoint);
    } finally {
      if (mounted) spawnSync("umount", [mountPoint]);
      fs.rmSync(mountPoint, { recursive: true, force: true });
    }
  });
});

/** A save over a small checkpoint on the full filesystem at `mountPoint`. */
function fullFilesystem(mountPoint: string): void {
  const file = path.join(mountPoint, "full.pt");
  const result = runChild("true", saveOverProgram(file)) as Record<string, unknown>;
  expect(result.name).toBe("RuntimeError");
  expect(result.code).toBe("ENOSPC");
  expect(result.message).toContain(`torch.save: no space left on the device while writing ${file} (ENOSPC)`);
  expectPreviousCheckpoint(file);
  expect(fs.readdirSync(mountPoint)).toStrictEqual(["full.pt"]);
  // In this process too, and safetensors files the same way.
  expect(() => torch.save({ w: torch.zeros(1000000) }, file)).toThrow(torch.RuntimeError);
  expect(() => torch.safetensors.save_file({ w: torch.zeros(1000000) }, path.join(mountPoint, "w.safetensors"))).toThrow(
    /safetensors\.save_file: no space left on the device while writing .*w\.safetensors \(ENOSPC\)/,
  );
  expect(fs.readdirSync(mountPoint)).toStrictEqual(["full.pt"]);
  expectPreviousCheckpoint(file);
}
