// examples/lstm_lm: the torchts port against its Python original (examples/lstm_lm/python,
// torchtext's rules in torchtext_compat.py), both run as programs on a few IMDB reviews on
// the CPU with the same seed: same vocabulary, same shuffled batches, same losses.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMDB } from "torchts/text";
import { projectRoot } from "./helpers/node";
import { ExampleRun, env, run, runExample } from "./helpers/examples";
import { referencePython } from "./helpers/python";


const steps = 20;
const options = [
  "--max_train_reviews=72",
  "--max_test_reviews=20",
  "--max_seq_len=32",
  "--batch_size=8", // 9 batches an epoch: 20 steps reach the third epoch's reshuffle
  "--epochs=3",
  `--max_steps=${steps}`,
  "--log_interval=5",
  "--embedding_dim=16",
  "--hidden_dim=24",
  "--device=cpu",
  "--seed=3",
];


let tmp: string;
let ts: ExampleRun;
let py: ExampleRun;

// No --data: the default (../shared/data/imdb beside the project root) must be found.
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lstm_lm-"));
  [ts, py] = await Promise.all([
    runExample(process.execPath, ["--import", "tsx", "examples/lstm_lm/lstm_lm.ts"], options, path.join(tmp, "ts.json")),
    runExample(referencePython(), ["examples/lstm_lm/python/lstm_lm.py"], options, path.join(tmp, "py.json")),
  ]);
}, 120_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("examples/lstm_lm", () => {
  it("reads the IMDB archive in torchts's order in Python (torchtext_compat.IMDB)", async () => {
    const root = path.join(projectRoot, "..", "shared", "data", "imdb");
    // A digest of every (label, text) of both splits, in order.
    const code = `
import hashlib, sys
sys.path.insert(0, "examples/lstm_lm/python")
from torchtext_compat import IMDB
h = hashlib.sha256()
for split in IMDB(root=sys.argv[1]):
    h.update(f"{len(split)}\\n".encode())
    for label, text in split:
        h.update(f"{label}\\0{text}\\x01".encode())
print(h.hexdigest())
`;
    const python = run(referencePython(), ["-c", code, root], { cwd: projectRoot, env, encoding: "utf8" });
    const h = createHash("sha256");
    for (const split of IMDB({ root })) {
      h.update(`${split.length}\n`);
      for (const [label, text] of split) h.update(`${label}\0${text}\x01`);
    }
    expect((await python).stdout.trim()).toBe(h.digest("hex"));
  }, 60_000);

  it("loses what the Python original loses at every step", () => {
    expect(py.losses).toHaveLength(steps);
    expect(ts.losses).toHaveLength(steps);
    for (let i = 0; i < steps; i++) {
      expect(Math.abs(ts.losses[i] - py.losses[i]), `step ${i}: torchts ${ts.losses[i]}, Python ${py.losses[i]}`).toBeLessThan(1e-5);
    }
  });

  it("reads, numbers, trains and evaluates as the Python original does", () => {
    const lines = (out: string) => out.trim().split("\n");
    const [summary, ...rest] = lines(ts.stdout);
    // the capped data and torchtext's vocabulary of it (the same size as Python's)
    expect(summary).toMatch(/^72 training reviews, 20 test reviews, vocabulary of \d+ tokens$/);
    expect(summary).toBe(lines(py.stdout)[0]);

    // the loss every 5 batches of each epoch, until 20 steps are done (2 batches into epoch 3)
    const logged = rest.filter((line) => line.startsWith("epoch "));
    expect(logged.map((line) => line.split(":")[0])).toEqual(["epoch 1 batch 0/9", "epoch 1 batch 5/9", "epoch 2 batch 0/9", "epoch 2 batch 5/9", "epoch 3 batch 0/9"]);
    expect(logged).toEqual(lines(py.stdout).filter((line) => line.startsWith("epoch ")));
    expect(ts.stdout).toMatch(/^timing: 20 steps in \d+\.\d\d s, \d+\.\d\d steps\/s$/m);

    // test perplexity: exp of the mean loss over the test reviews' non-pad target tokens
    const result = /^test loss (\d+\.\d{4}) over (\d+) tokens, perplexity (\d+\.\d\d)$/m;
    const [, loss, tokens, perplexity] = result.exec(ts.stdout)!;
    const [, py_loss, py_tokens, py_perplexity] = result.exec(py.stdout)!;
    expect(Number(tokens)).toBe(Number(py_tokens));
    expect(Number(tokens)).toBeLessThanOrEqual(20 * 32);
    expect(Number(loss)).toBeCloseTo(Number(py_loss), 3);
    // (the loss is printed to 4 decimals: its exp is known to a relative 5e-5)
    expect(Math.abs(Number(perplexity) - Math.exp(Number(loss)))).toBeLessThanOrEqual(Number(perplexity) * 6e-5 + 0.005);
    expect(Math.abs(Number(perplexity) - Number(py_perplexity))).toBeLessThanOrEqual(0.011);
  });
});
