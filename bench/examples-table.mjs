// The examples as bench/examples.mjs and bench/ab.mjs (speed) and bench/soak.mjs (memory) run
// them: the TS script, its Python original, the arguments of a timed run (evaluation and
// generation turned down), and those of a soak run of a given number of training steps.
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Runs an example's script (TS or Python) from the project root and returns the training steps
 * per second of its closing line, "timing: <steps> steps in <seconds> s, <rate> steps/s".
 */
export function stepsPerSecond(command, args, env = process.env) {
  const out = execFileSync(command, args, { cwd: root, env, encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "ignore"] });
  const match = /^timing: (\d+) steps in ([\d.]+) s, ([\d.]+) steps\/s/m.exec(out);
  if (!match) throw new Error(`no timing line from ${command} ${args.join(" ")}:\n${out.slice(-2000)}`);
  return Number(match[3]);
}

export const EXAMPLES = {
  bigram: {
    ts: "examples/bigram/bigram.ts",
    python: "examples/bigram/python/bigram.py",
    bench: ["--max_iters=3000", "--eval_interval=100000", "--eval_iters=1", "--max_new_tokens=1"],
    soak: (steps) => [`--max_iters=${steps}`, "--eval_interval=100000", "--eval_iters=1", "--max_new_tokens=1"],
  },
  lstm_lm: {
    ts: "examples/lstm_lm/lstm_lm.ts",
    python: "examples/lstm_lm/python/lstm_lm.py",
    // the default model and data, one epoch's first 30 batches
    bench: ["--max_steps=30", "--max_test_reviews=32"],
    // a smaller model over many epochs of a small review set
    soak: (steps) => [
      `--max_steps=${steps}`,
      "--epochs=100000",
      "--max_train_reviews=256",
      "--max_test_reviews=32",
      "--max_seq_len=32",
      "--batch_size=16",
      "--hidden_dim=64",
      "--embedding_dim=32",
      "--log_interval=1000",
    ],
  },
  gpt: {
    ts: "examples/gpt/train.ts",
    python: "examples/gpt/python/train.py",
    // the small (CPU) configuration, 200 iterations, output to a scratch folder
    bench: ["--config=small", "--max_iters=200", "--eval_interval=100000", "--eval_iters=1", "--sample_new_tokens=0", "--out_dir=bench/.out/gpt"],
    soak: (steps) => [
      "--config=small",
      `--max_iters=${steps}`,
      `--lr_decay_iters=${steps}`,
      "--eval_interval=2500",
      "--eval_iters=5",
      "--sample_new_tokens=0",
      "--out_dir=bench/.out/gpt-soak",
    ],
  },
  transformer_lm: {
    ts: "examples/transformer_lm/train.ts",
    python: "examples/transformer_lm/python/train.py",
    // the default model: 300 steps (50 epochs of the 48 sentences), into a scratch folder
    bench: ["--max_steps=300", "--out_dir=bench/.out/transformer_lm"],
    soak: (steps) => ["--epochs=100000", `--max_steps=${steps}`, "--out_dir=bench/.out/transformer_lm-soak"],
  },
};
