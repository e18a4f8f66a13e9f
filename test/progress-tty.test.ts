// The examples' progress bar (examples/common/progress.ts) on a real terminal: each example runs
// in a pseudo-terminal (test/helpers/pty_run.py) and its output is rendered by a terminal
// emulator (@xterm/headless), then the screen and scrollback are read back. The logs must be
// intact, once each, in order (the same lines as the piped output: the numbers are seeded), the
// bar only at the bottom while training and once, as its final state, before the closing lines:
// (a) at a normal end, (b) after the terminal is narrowed mid-run, (c) after Ctrl-C.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Terminal } from "@xterm/headless";
import { afterAll, describe, expect, it } from "vitest";
import { env, run } from "./helpers/examples";
import { projectRoot } from "./helpers/node";
import { referencePython } from "./helpers/python";

const work = mkdtempSync(join(tmpdir(), "torchts-progress-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const GPT = ["examples/gpt/train.ts", "--device=cpu", "--n_layer=2", "--n_head=2", "--n_embd=64", "--block_size=32", "--batch_size=8"];
const gpt = (...more: string[]) => [...GPT, "--eval_iters=3", "--log_interval=1", "--eval_interval=10", ...more];
const mnist = (root: string) => ["examples/mnist/main.ts", "--epochs=2", "--log-interval=4", "--test-batch-size=100", "--data-root", root];
const bigram = (...more: string[]) => ["examples/bigram/bigram.ts", "--device=cpu", "--eval_iters=4", "--max_new_tokens=200", ...more];

const BAR = /^step \d+\/\d+ \|/; // the bar, or what is left of one (the logs say "step N:")
const FULL_BAR = /^step (\d+)\/\1 \|█{40}\| loss \d\.\d{4} \| [\d.]+ steps\/s \| 0s left$/;

interface Screen {
  status: number | null;
  lines: string[]; // scrollback and screen, a line wrapped over rows joined into one
}

/**
 * Runs `node --import tsx ...args` in a terminal of cols x rows; `on` are pty_run.py's actions
 * (["iter 5:", "resize=50x40"], ["iter 3:", "ctrl-c"]).
 */
async function in_terminal(args: string[], cols: number, rows: number, on: [string, string][] = []): Promise<Screen> {
  const helper = join(projectRoot, "test/helpers/pty_run.py");
  const actions = on.flatMap(([text, action]) => [`--on=${text}`, action]);
  const child = spawn(referencePython(), [helper, `--size=${cols}x${rows}`, ...actions, "--", process.execPath, "--import", "tsx", ...args], { cwd: projectRoot, env });
  const chunks: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => process.stderr.write(chunk));
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));

  // Feed the bytes to the emulator, resizing it where pty_run.py resized the pty.
  const term = new Terminal({ cols, rows, scrollback: 10_000, allowProposedApi: true }); // (buffer is "proposed" in headless)
  const parts = Buffer.concat(chunks).toString("latin1").split(/\x1b\]9999;resize=(\d+)x(\d+)\x07/);
  for (let i = 0; i < parts.length; i += 3) {
    await new Promise<void>((resolve) => term.write(Buffer.from(parts[i], "latin1"), resolve));
    if (i + 1 < parts.length) term.resize(Number(parts[i + 1]), Number(parts[i + 2]));
  }
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < buffer.length; y++) {
    const row = buffer.getLine(y)!;
    if (row.isWrapped) lines[lines.length - 1] += row.translateToString();
    else lines.push(row.translateToString());
  }
  term.dispose();
  const trimmed = lines.map((line) => line.trimEnd());
  while (trimmed.at(-1) === "") trimmed.pop();
  return { status, lines: trimmed };
}

/** The same program's stdout through a pipe, as lines. */
async function piped(args: string[]): Promise<string[]> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", ...args], { cwd: projectRoot, env, encoding: "utf8" });
  return stdout.replace(/\n$/, "").split("\n").map((line) => line.trimEnd());
}

// Masks what differs from run to run: timings, and each run's own out_dir.
const same = (lines: string[], out_dir = "") =>
  lines.map((line) => line.replace(/time [\d.]+ms$/, "time #ms").replace(/^timing: .*/, "timing: #").replace(out_dir || "\0", "OUT"));

/** The index of the one bar left on the screen (there must be exactly one). */
function the_bar(lines: string[]): number {
  const bars = lines.flatMap((line, i) => (BAR.test(line) ? [i] : []));
  expect(bars, `bars left on the screen:\n${lines.join("\n")}`).toHaveLength(1);
  return bars[0];
}

/** The bar's start, "step N/N |███...| loss ", cut to `width` as a terminal that narrow shows it. */
const bar_cut = (steps: number, width: number) => `step ${steps}/${steps} |${"█".repeat(40)}| loss `.slice(0, width);

describe("the examples' progress bar in a terminal", () => {
  it("(a) gpt: logs above the bar, its final state, then the closing lines and the sample", async () => {
    const [tty_dir, pipe_dir] = [join(work, "gpt-a-tty"), join(work, "gpt-a-pipe")];
    // 40 rows: the logs scroll the screen, and the bar starts mid-screen (cli-progress's cursor
    // restore then put the closing lines over the logs).
    const [screen, expected] = await Promise.all([
      in_terminal(gpt("--max_iters=30", "--sample_new_tokens=200", `--out_dir=${tty_dir}`), 120, 40),
      piped(gpt("--max_iters=30", "--sample_new_tokens=200", `--out_dir=${pipe_dir}`)),
    ]);
    expect(screen.status).toBe(0);
    const bar = the_bar(screen.lines);
    expect(same(screen.lines.filter((_, i) => i !== bar), tty_dir)).toEqual(same(expected, pipe_dir));
    const iters = screen.lines.filter((line) => /^iter \d+: loss \d\.\d{4}, time [\d.]+ms$/.test(line));
    expect(iters.map((line) => Number(line.split(/[ :]/)[1]))).toEqual([...Array(31).keys()]);
    expect(screen.lines[bar]).toMatch(FULL_BAR);
    expect(screen.lines[bar]).toMatch(/^step 31\/31 /);
    expect(screen.lines[bar - 1]).toMatch(/^iter 30: /); // after every log line
    expect(screen.lines[bar + 1]).toMatch(/^best val loss \d\.\d{4}$/);
    expect(screen.lines.slice(bar + 3, bar + 5)).toEqual(["sample:", ""]); // the sample starts with "\n"
  });

  it("(b) gpt: the terminal narrowed from 120 to 50 columns mid-run", async () => {
    // a long out_dir: "saving checkpoint to ..." wraps at 50 columns
    const [tty_dir, pipe_dir] = [join(work, "gpt-b-tty-with-a-name-long-enough-to-wrap"), join(work, "gpt-b-pipe")];
    const [screen, expected] = await Promise.all([
      in_terminal(gpt("--max_iters=30", "--sample_new_tokens=100", `--out_dir=${tty_dir}`), 120, 40, [["iter 5:", "resize=50x40"]]),
      piped(gpt("--max_iters=30", "--sample_new_tokens=100", `--out_dir=${pipe_dir}`)),
    ]);
    expect(screen.status).toBe(0);
    const bar = the_bar(screen.lines);
    expect(screen.lines[bar]).toBe(bar_cut(31, 50));
    expect(screen.lines[bar + 1]).toMatch(/^best val loss \d\.\d{4}$/);
    expect(same(screen.lines.filter((_, i) => i !== bar), tty_dir)).toEqual(same(expected, pipe_dir));
  });

  it("(b) bigram: narrowed mid-run, while its loop never lets Node see the new size", async () => {
    // 1,000 steps after the resize: the bars drawn after it are not still on their way
    const args = bigram("--max_iters=1500", "--eval_interval=500", "--seed=7");
    const [screen, expected] = await Promise.all([in_terminal(args, 120, 40, [["step 500:", "resize=50x40"]]), piped(args)]);
    expect(screen.status).toBe(0);
    const bar = the_bar(screen.lines);
    // one row, cut by the terminal (to the width it had before, until the loop yields, plus the
    // last character written into the last column)
    expect(screen.lines[bar]).toHaveLength(50);
    expect(screen.lines[bar].slice(0, 49)).toBe(bar_cut(1500, 49));
    expect(screen.lines[bar - 1]).toMatch(/^step 1499: train loss/);
    expect(screen.lines[bar + 1]).toMatch(/^timing: 1500 steps in /);
    expect(same(screen.lines.filter((_, i) => i !== bar))).toEqual(same(expected));
  });

  it("(c) gpt: Ctrl-C mid-run stops after the step, above the bar, and saves", async () => {
    const out_dir = join(work, "gpt-c");
    const screen = await in_terminal(gpt("--max_iters=500", `--out_dir=${out_dir}`), 120, 40, [["iter 3:", "ctrl-c"]]);
    expect(screen.status).toBe(0);
    const bar = the_bar(screen.lines);
    const k = Number(/^interrupted at iteration (\d+): /.exec(screen.lines[bar + 1])?.[1]);
    expect(k).toBeGreaterThanOrEqual(4);
    expect(screen.lines[bar]).toMatch(new RegExp(`^step ${k}/501 \\|█*░*\\| loss \\d\\.\\d{4} \\| [\\d.]+ steps/s \\| \\S+ left$`));
    expect(screen.lines.slice(bar + 1)).toEqual([
      `interrupted at iteration ${k}: saved ${join(out_dir, "last.pt")} (continue with --init_from=resume)`,
      expect.stringMatching(/^best val loss \d\.\d{4}$/),
      expect.stringMatching(new RegExp(`^timing: ${k} steps in [\\d.]+ s, [\\d.]+ steps/s$`)),
    ]);
    // above the bar: the start-up lines, then only logs, every iteration once and in order
    const logs = screen.lines.slice(screen.lines.findIndex((line) => line.startsWith("step 0: ")), bar);
    for (const line of logs) {
      expect(line).toMatch(/^(iter \d+: loss \d\.\d{4}, time [\d.]+ms|step \d+: train loss \d\.\d{4}, val loss \d\.\d{4}|saving checkpoint to .*)$|^interrupted: stopping after this step \(Ctrl-C again to quit now\)$/);
    }
    expect(logs.filter((line) => line.startsWith("iter ")).map((line) => Number(line.split(/[ :]/)[1]))).toEqual([...Array(k).keys()]);
    expect(logs.filter((line) => line.startsWith("interrupted: "))).toHaveLength(1);
  });

  it("(c) transformer_lm: Ctrl-C mid-run, its trainer's logs above the bar", async () => {
    const args = ["examples/transformer_lm/train.ts", "--device=cpu", "--epochs=100", "--seed=7", `--out_dir=${join(work, "transformer_lm")}`];
    const screen = await in_terminal(args, 120, 40, [["epoch 2/", "ctrl-c"]]);
    expect(screen.status).toBe(0);
    const bar = the_bar(screen.lines);
    expect(screen.lines[bar]).toMatch(/^step \d+\/600 \|█*░*\| loss \d\.\d{4} \| [\d.]+ steps\/s \| \S+ left$/);
    // above the bar: its start-up line, the epochs so far in order (the Ctrl-C came in epoch 3, or
    // later on a slow machine), the notices of the Ctrl-C
    const above = screen.lines.slice(0, bar);
    expect(above[0]).toMatch(/^\d+ parameters, vocabulary of \d+$/);
    expect(above.slice(-2)).toEqual(["interrupted: stopping after this step (Ctrl-C again to quit now)", "interrupted: saving the checkpoint"]);
    const epochs = above.slice(1, -2);
    expect(epochs.length).toBeGreaterThanOrEqual(2);
    epochs.forEach((line, i) => expect(line).toMatch(new RegExp(`^epoch ${i + 1}/100: loss \\d\\.\\d{4}$`)));
    expect(screen.lines.slice(bar + 1)).toEqual([expect.stringMatching(/^timing: \d+ steps in [\d.]+ s, [\d.]+ steps\/s$/)]);
  });

  it("(a) mnist: the tutorials' ports draw the bar on a terminal only, their lines above it", async () => {
    // MNIST files in the real format (640 training images: 10 steps an epoch), as examples-vision.test.ts
    const root = join(work, "mnist-data");
    await run(referencePython(), [join(projectRoot, "test/helpers/vision_data.py"), root, "MNIST", "640", "100"]);
    const [screen, expected] = await Promise.all([in_terminal(mnist(root), 120, 40), piped(mnist(root))]);
    expect(screen.status).toBe(0);
    const bar = the_bar(screen.lines);
    expect(screen.lines[bar]).toMatch(FULL_BAR);
    expect(screen.lines[bar]).toMatch(/^step 20\/20 /);
    expect(bar).toBe(screen.lines.length - 1); // nothing printed after training
    // (a terminal shows main.py's tab as spaces to the next multiple of 8)
    const expandtabs = (line: string) => line.replace(/^([^\t]*)\t/, (_, head: string) => head + " ".repeat(8 - (head.length % 8)));
    expect(screen.lines.slice(0, bar)).toEqual(expected.map(expandtabs));
    expect(expected.filter((line) => line.startsWith("Train Epoch: "))).toHaveLength(6); // batches 0, 4, 8 of each epoch
  });
});
