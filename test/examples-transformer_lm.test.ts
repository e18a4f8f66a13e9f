// examples/transformer_lm: the torchts port of the from-scratch Transformer language model
// against its Python original (examples/transformer_lm/python), both run as programs on the
// CPU with the same seed; then a short end-to-end run: checkpoints (also read by the other
// language), resuming, the loss plot, and generation.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import torch from "torchts";
import { projectRoot } from "./helpers/node";
import { referencePython } from "./helpers/python";

const exec = promisify(execFile);
// One intra-op thread in both, so that CPU reductions add in the same order; Python leaves
// no __pycache__ in the example's folder.
const env = { ...process.env, OMP_NUM_THREADS: "1", PYTHONDONTWRITEBYTECODE: "1" };

const TS = (script: string) => [process.execPath, ["--import", "tsx", `examples/transformer_lm/${script}.ts`]] as const;
const PY = (script: string) => [referencePython(), [`examples/transformer_lm/python/${script}.py`]] as const;

async function run([command, args]: readonly [string, readonly string[]], options: string[]): Promise<string> {
  const { stdout } = await exec(command, [...args, "--device=cpu", ...options], {
    cwd: projectRoot,
    env,
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

const read_losses = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as number[];

function expect_same_losses(actual: number[], expected: number[], what: string): void {
  expect(actual).toHaveLength(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i]), `${what}, step ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThan(1e-5);
  }
}

// 48 sentences in batches of 8: 6 steps an epoch.
const steps_per_epoch = 6;
const steps = 5 * steps_per_epoch;
let tmp: string;
const dir = (name: string) => path.join(tmp, name);

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "transformer_lm-"));
  const options = (name: string) => [`--max_steps=${steps}`, "--seed=7", `--out_dir=${dir(name)}`, `--loss_log=${dir(name)}.json`];
  await Promise.all([run(TS("train"), options("ts")), run(PY("train"), options("py"))]);
}, 120_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("examples/transformer_lm", () => {
  it("loses what the Python original loses at every step", () => {
    const py = read_losses(`${dir("py")}.json`);
    expect(py).toHaveLength(steps);
    expect_same_losses(read_losses(`${dir("ts")}.json`), py, "torchts vs Python");
  });

  it("samples the same text from a checkpoint in both languages, whichever wrote it", async () => {
    const generate = (which: typeof TS, out_dir: string) =>
      run(which("generate"), ["--prompt=cats", "--max_new_tokens=30", "--seed=3", `--out_dir=${out_dir}`]);
    const [ts_of_py, py_of_py, ts_of_ts, py_of_ts] = await Promise.all([
      generate(TS, dir("py")), generate(PY, dir("py")), generate(TS, dir("ts")), generate(PY, dir("ts")),
    ]);
    expect(ts_of_py).toMatch(/^cats/);
    expect(ts_of_py).toBe(py_of_py);
    expect(ts_of_ts).toBe(py_of_ts);
    // the two checkpoints hold the same weights, so the samples agree across them too
    expect(ts_of_ts).toBe(ts_of_py);
  }, 120_000);

  it("trains end to end: checkpoint, loss plot, resume, generation", async () => {
    // two epochs at once; one epoch, then the second resumed from its checkpoint, in both languages
    const train = (which: typeof TS, name: string, epochs: number, ...more: string[]) =>
      run(which("train"), [`--epochs=${epochs}`, "--seed=11", `--out_dir=${dir(name)}`, `--loss_log=${dir(name)}.json`, ...more]);
    const [stdout] = await Promise.all([train(TS, "whole", 2), train(TS, "half", 1)]);
    expect(stdout).toMatch(/^epoch 1\/2: loss \d+\.\d{4}$/m);
    expect(stdout).toMatch(/^epoch 2\/2: loss \d+\.\d{4}$/m);
    expect(stdout).toMatch(new RegExp(`^timing: ${2 * steps_per_epoch} steps in \\d+\\.\\d+ s, \\d+\\.\\d+ steps/s$`, "m"));

    fs.cpSync(dir("half"), dir("half_py"), { recursive: true });
    await Promise.all([train(TS, "half", 2, "--resume"), train(PY, "half_py", 2, "--resume")]);

    const checkpoint = torch.load(path.join(dir("whole"), "checkpoint.pt"));
    expect(Object.keys(checkpoint)).toEqual(["model", "optimizer", "epoch", "losses", "vocab", "config", "rng_state"]);
    expect(checkpoint.epoch).toBe(2);
    expect(checkpoint.losses).toHaveLength(2);
    expect(Object.keys(checkpoint.model)).toContain("pos_encoding.pe");
    expect(Object.keys(checkpoint.model)).toContain("layers.1.attention.q_proj.weight");
    expect(Object.keys(checkpoint.optimizer.state)).toHaveLength(Object.keys(checkpoint.model).length - 1); // every parameter: all but the pe buffer
    expect(checkpoint.config.vocab_size).toBe(checkpoint.vocab.length);

    // resuming continues with the same optimizer state and random numbers: the same second epoch
    const whole = read_losses(`${dir("whole")}.json`);
    expect(whole).toHaveLength(2 * steps_per_epoch);
    const second_epoch = whole.slice(steps_per_epoch);
    expect(read_losses(`${dir("half")}.json`)).toEqual(second_epoch);
    expect(torch.load(path.join(dir("half"), "checkpoint.pt")).losses).toEqual(checkpoint.losses);
    // and Python resumes torchts's checkpoint the same way
    expect_same_losses(read_losses(`${dir("half_py")}.json`), second_epoch, "Python resuming torchts's checkpoint");

    // the loss curve: a PNG with a nonempty image header
    const png = fs.readFileSync(path.join(dir("whole"), "loss.png"));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.toString("latin1", 12, 16)).toBe("IHDR");
    expect(png.readUInt32BE(16)).toBeGreaterThan(0);
    expect(png.readUInt32BE(20)).toBeGreaterThan(0);

    const max_new_tokens = 40;
    const text = (await run(TS("generate"), ["--prompt=cats", `--max_new_tokens=${max_new_tokens}`, `--out_dir=${dir("whole")}`])).replace(/\n$/, "");
    expect(text.startsWith("cats")).toBe(true);
    expect([...text].length).toBeLessThanOrEqual(4 + max_new_tokens);
    const characters = new Set((checkpoint.vocab as string[]).filter((token) => [...token].length === 1));
    expect([...text].filter((c) => !characters.has(c))).toEqual([]);
  }, 180_000);
});
