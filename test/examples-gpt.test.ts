// examples/gpt: the TS nanoGPT (train.ts, sample.ts) against its Python original
// (examples/gpt/python), both run as child processes on a tiny configuration:
// (1) the same loss at every step (dropout on: the masks must match too);
// (2) a run resumed from last.pt continues exactly as the uninterrupted run;
// (3) Ctrl-C (SIGINT) stops after a step with a checkpoint that resumes;
// (4) an end-to-end run: checkpoints Python loads, loss.png, the sample, sample.ts = sample.py.
import { execFile, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "./helpers/node";
import { referencePython } from "./helpers/python";

const exec = promisify(execFile);
// One thread for both sides: CPU reductions then agree (and the shared machine is spared).
const env = { ...process.env, OMP_NUM_THREADS: "1", PYTHONDONTWRITEBYTECODE: "1" };
const options = { cwd: projectRoot, env, maxBuffer: 64 * 1024 * 1024 };

// A tiny model with dropout, evaluated every few steps (evaluations draw batches too).
const tiny = [
  "--device=cpu",
  "--n_layer=2",
  "--n_head=2",
  "--n_embd=64",
  "--block_size=32",
  "--batch_size=8",
  "--dropout=0.1",
  "--eval_iters=3",
  "--log_interval=1",
  "--warmup_iters=4",
  "--lr_decay_iters=20",
  "--sample_new_tokens=0",
];

const work = mkdtempSync(join(tmpdir(), "torchts-gpt-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function train_ts(...args: string[]) {
  return exec(process.execPath, ["--import", "tsx", "examples/gpt/train.ts", ...tiny, ...args], options);
}

function train_py(...args: string[]) {
  return exec(referencePython(), ["examples/gpt/python/train.py", ...tiny, ...args], options);
}

/** Runs Python code (torch and json imported, sys.argv[1:] = args) that prints one JSON value. */
async function python_json<T = any>(code: string, ...args: string[]): Promise<T> {
  const { stdout } = await exec(referencePython(), ["-c", `import torch, json, sys\n${code}`, ...args], options);
  return JSON.parse(stdout) as T;
}

const read_losses = (path: string): number[] => JSON.parse(readFileSync(path, "utf8"));
const eval_lines = (stdout: string) => stdout.split("\n").filter((l) => l.startsWith("step "));

// Python's reading of two checkpoints: their iteration, and how far their model and optimizer
// states (step, exp_avg, exp_avg_sq of every parameter) are apart.
const compare_checkpoints = `
a, b = (torch.load(p, map_location="cpu") for p in sys.argv[1:3])
def gap(x, y):  # the largest difference between two dicts of tensors with the same keys
    assert sorted(x) == sorted(y)
    return max((x[k] - y[k]).abs().max().item() for k in x)
def state(c, key):
    return {i: s[key] for i, s in c["optimizer"]["state"].items()}
print(json.dumps({
    "iter_num": [a["iter_num"], b["iter_num"]],
    "params": [len(a["optimizer"]["state"]), len(b["optimizer"]["state"])],
    "steps": [[s.item() for s in state(c, "step").values()] for c in (a, b)],
    "exp_avg": gap(state(a, "exp_avg"), state(b, "exp_avg")),
    "exp_avg_sq": gap(state(a, "exp_avg_sq"), state(b, "exp_avg_sq")),
    "model": gap(a["model"], b["model"]),
}))
`;

describe("examples/gpt", () => {
  it("computes Python's loss at every step (dropout 0.1, evaluations between steps)", async () => {
    const common = ["--max_iters=19", "--eval_interval=10"];
    const [ts, py] = await Promise.all([
      train_ts(...common, `--out_dir=${join(work, "same-ts")}`, `--loss_log=${join(work, "same-ts.json")}`),
      train_py(...common, `--out_dir=${join(work, "same-py")}`, `--loss_log=${join(work, "same-py.json")}`),
    ]);
    const expected = read_losses(join(work, "same-py.json"));
    const actual = read_losses(join(work, "same-ts.json"));
    expect(expected).toHaveLength(20);
    expect(actual).toHaveLength(20);
    for (let step = 0; step < expected.length; step++) {
      expect(Math.abs(actual[step] - expected[step]), `step ${step}: TS ${actual[step]}, Python ${expected[step]}`).toBeLessThan(1e-5);
    }
    expect(eval_lines(ts.stdout)).toEqual(eval_lines(py.stdout));
    expect(eval_lines(ts.stdout)).toHaveLength(2);
    expect(ts.stdout).toMatch(/^timing: 20 steps in [\d.]+ s, [\d.]+ steps\/s$/m);
  }, 120_000);

  it("resumes from last.pt exactly where the run stopped", async () => {
    const [full, first] = [join(work, "full"), join(work, "first")];
    // 12 steps at once, and 6 steps (iterations 0..5) to be resumed; evaluations at 0, 3, 6, 9
    const [whole] = await Promise.all([
      train_ts("--eval_interval=3", "--max_iters=11", `--out_dir=${full}`, `--loss_log=${join(work, "full.json")}`),
      train_ts("--eval_interval=3", "--max_iters=5", `--out_dir=${first}`),
    ]);
    const [resumed, loaded] = [join(work, "resumed"), join(work, "loaded")];
    cpSync(first, resumed, { recursive: true });
    cpSync(first, loaded, { recursive: true });
    const [rest, only_loaded] = await Promise.all([
      train_ts("--init_from=resume", "--eval_interval=3", "--max_iters=11", `--out_dir=${resumed}`, `--loss_log=${join(work, "resumed.json")}`),
      // evaluates once and saves last.pt: the model and optimizer as the resume loaded them
      train_ts("--init_from=resume", "--eval_only", `--out_dir=${loaded}`),
    ]);
    expect(rest.stdout).toContain(`Resuming training from ${join(resumed, "last.pt")}`);
    expect(rest.stdout.split("\n").find((l) => l.startsWith("iter "))).toMatch(/^iter 6: /);
    expect(only_loaded.stdout).toMatch(/^step 6: /m);

    const uninterrupted = read_losses(join(work, "full.json"));
    const continued = read_losses(join(work, "resumed.json"));
    expect(uninterrupted).toHaveLength(12);
    expect(continued).toHaveLength(6);
    for (let i = 0; i < continued.length; i++) {
      expect(continued[i], `step ${6 + i}`).toBeCloseTo(uninterrupted[6 + i], 6);
    }
    // the evaluations at 6 and 9 (the same batches drawn) give the same losses
    expect(eval_lines(rest.stdout)).toEqual(eval_lines(whole.stdout).slice(2));

    // what was saved after 6 steps, and what the resumed run had loaded, as Python reads them
    const saved = await python_json(compare_checkpoints, join(first, "last.pt"), join(loaded, "last.pt"));
    expect(saved.iter_num).toEqual([6, 6]);
    expect(saved.params).toEqual([15, 15]);
    expect(saved.steps).toEqual([Array(15).fill(6), Array(15).fill(6)]);
    expect(saved.exp_avg).toBe(0);
    expect(saved.exp_avg_sq).toBe(0);
    expect(saved.model).toBe(0);
    // and the end states of the resumed and the uninterrupted run
    const end = await python_json(compare_checkpoints, join(full, "last.pt"), join(resumed, "last.pt"));
    expect(end.iter_num).toEqual([12, 12]);
    expect(end.steps).toEqual([Array(15).fill(12), Array(15).fill(12)]);
    expect(end.exp_avg).toBeLessThan(1e-6);
    expect(end.model).toBeLessThan(1e-6);
  }, 180_000);

  it("stops after the current step on Ctrl-C (SIGINT), saving a checkpoint that resumes", async () => {
    const out_dir = join(work, "interrupted");
    const args = [...tiny, "--eval_interval=1000", `--out_dir=${out_dir}`];
    const child = spawn(process.execPath, ["--import", "tsx", "examples/gpt/train.ts", ...args, "--max_iters=100000", `--loss_log=${join(work, "interrupted.json")}`], { cwd: projectRoot, env });
    let [stdout, stderr] = ["", ""];
    child.stderr.on("data", (d) => (stderr += d));
    const closed = new Promise<[number | null, string | null]>((resolve) => child.on("close", (code, signal) => resolve([code, signal])));
    // wait for a few steps, then Ctrl-C
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d) => {
        stdout += d;
        if (/^iter 3: /m.test(stdout)) resolve();
      });
      child.on("close", () => reject(new Error(`train.ts ended before step 3:\n${stdout}\n${stderr}`)));
    });
    child.kill("SIGINT");
    const [code, signal] = await closed;
    expect(signal).toBeNull();
    expect(code, stderr).toBe(0); // an orderly stop: the checkpoint is written
    expect(stderr).toContain("interrupted: stopping after this step");
    const k = Number(/^interrupted at iteration (\d+): saved (.*)$/m.exec(stdout)?.[1]);
    expect(k).toBeGreaterThanOrEqual(4);
    expect(stdout).toContain(`interrupted at iteration ${k}: saved ${join(out_dir, "last.pt")}`);
    expect(read_losses(join(work, "interrupted.json"))).toHaveLength(k); // iterations 0..k-1

    const saved = await python_json(
      `c = torch.load(sys.argv[1])
print(json.dumps({"keys": sorted(c), "iter_num": c["iter_num"], "steps": sorted({s["step"].item() for s in c["optimizer"]["state"].values()}), "rng_state": [str(c["rng_state"].dtype), c["rng_state"].numel()]}))`,
      join(out_dir, "last.pt"),
    );
    expect(saved.keys).toEqual(["best_val_loss", "config", "cuda_rng_state", "eval_log", "iter_num", "model", "model_args", "optimizer", "rng_state"]);
    expect(saved.iter_num).toBe(k);
    expect(saved.steps).toEqual([k]);
    expect(saved.rng_state).toEqual(["torch.uint8", 5056]);

    const resumed = await train_ts(...args.slice(tiny.length), "--init_from=resume", `--max_iters=${k + 1}`, `--loss_log=${join(work, "interrupted-resumed.json")}`);
    expect(resumed.stdout.split("\n").find((l) => l.startsWith("iter "))).toMatch(new RegExp(`^iter ${k}: `));
    expect(read_losses(join(work, "interrupted-resumed.json"))).toHaveLength(2); // iterations k and k+1
  }, 120_000);

  it("trains end to end: checkpoints Python loads, loss.png, a sample; sample.ts prints what sample.py prints", async () => {
    const out_dir = join(work, "e2e");
    const { stdout } = await train_ts("--max_iters=8", "--eval_interval=4", "--sample_new_tokens=60", `--out_dir=${out_dir}`);
    const vocabulary = new Set(readFileSync(join(projectRoot, "data", "tinyshakespeare.txt"), "utf8"));
    expect(eval_lines(stdout).map((l) => l.split(":")[0])).toEqual(["step 0", "step 4", "step 8"]);

    // the sample printed at the end: the prompt "\n" and 60 characters of the vocabulary
    const sample = [...stdout.slice(stdout.indexOf("\nsample:\n") + 9, -1)];
    expect(sample).toHaveLength(61);
    expect(sample[0]).toBe("\n");
    expect(sample.filter((c) => !vocabulary.has(c))).toEqual([]);

    // loss.png: a PNG image
    const png = readFileSync(join(out_dir, "loss.png"));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.subarray(12, 16).toString("latin1")).toBe("IHDR");
    expect(png.readUInt32BE(16)).toBeGreaterThan(100);
    expect(png.readUInt32BE(20)).toBeGreaterThan(100);

    // ckpt.pt (the best validation loss) and last.pt, as Python reads them
    const ckpt = await python_json(
      `c, l = torch.load(sys.argv[1]), torch.load(sys.argv[2])
print(json.dumps({"iter_num": c["iter_num"], "best_val_loss": c["best_val_loss"], "model_args": c["model_args"], "eval_log": l["eval_log"], "last_iter_num": l["iter_num"], "config": [c["config"][k] for k in ("n_layer", "max_iters", "eval_interval", "device")]}))`,
      join(out_dir, "ckpt.pt"),
      join(out_dir, "last.pt"),
    );
    expect(ckpt.model_args).toEqual({ n_layer: 2, n_head: 2, n_embd: 64, block_size: 32, bias: false, vocab_size: 65, dropout: 0.1 });
    expect(ckpt.config).toEqual([2, 8, 4, "cpu"]);
    expect(ckpt.last_iter_num).toBe(9);
    expect(ckpt.eval_log.iters).toEqual([0, 4, 8]);
    const val: number[] = ckpt.eval_log.val;
    const best = val.indexOf(Math.min(...val.slice(1)));
    expect(ckpt.iter_num).toBe(ckpt.eval_log.iters[best]);
    expect(ckpt.best_val_loss).toBe(val[best]);

    // sample.ts and sample.py on that checkpoint: the same seed, the same text
    const sample_args = [`--out_dir=${out_dir}`, "--prompt=ROMEO:", "--num_samples=2", "--max_new_tokens=40", "--device=cpu"];
    const [ts, py] = await Promise.all([
      exec(process.execPath, ["--import", "tsx", "examples/gpt/sample.ts", ...sample_args], options),
      exec(referencePython(), ["examples/gpt/python/sample.py", ...sample_args], options),
    ]);
    const samples = ts.stdout.slice(ts.stdout.indexOf("\n") + 1).split("\n---------------\n");
    expect(samples).toHaveLength(3);
    expect(samples[2]).toBe("");
    for (const text of samples.slice(0, 2)) {
      expect(text.startsWith("ROMEO:")).toBe(true);
      expect([...text]).toHaveLength(46);
      expect([...text].filter((c) => !vocabulary.has(c))).toEqual([]);
    }
    expect(ts.stdout).toBe(py.stdout);
  }, 120_000);
});
