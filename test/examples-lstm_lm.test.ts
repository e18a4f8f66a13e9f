// examples/lstm_lm: the torchts port against its Python original (examples/lstm_lm/python,
// torchtext's rules in torchtext_compat.py), both run as programs on a few IMDB reviews on
// the CPU with the same seed: same vocabulary, same shuffled batches, same losses. The
// reviews: a fixture archive in the real layout (test/helpers/fixtures.ts) and, with
// TORCHTS_TEST_DATA, the real one.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMDB } from "torchts/text";
import { projectRoot } from "./helpers/node";
import { ExampleRun, env, run, runExample } from "./helpers/examples";
import { referencePython } from "./helpers/python";
import { testData, testDataIsExampleDefault, testDataPaths } from "./helpers/data";
import { makeImdbArchive } from "./helpers/fixtures";

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

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lstm_lm-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const fixture = path.join(tmp, "imdb", "aclImdb_v1.tar.gz");
makeImdbArchive(fixture);
const full = testData();

const tsProgram = ["--import", "tsx", "examples/lstm_lm/lstm_lm.ts"];
const pyProgram = ["examples/lstm_lm/python/lstm_lm.py"];

/** The TS port and the Python original, run at once with these options. */
function runBoth(name: string, options: string[]): Promise<[ExampleRun, ExampleRun]> {
  return Promise.all([
    runExample(process.execPath, tsProgram, options, path.join(tmp, `${name}-ts.json`)),
    runExample(referencePython(), pyProgram, options, path.join(tmp, `${name}-py.json`)),
  ]);
}

/** The checks of the example on IMDB data: `root` a folder holding aclImdb_v1.tar.gz, `data` the --data given. */
function exampleChecks(name: string, root: string, data: string) {
  let ts: ExampleRun;
  let py: ExampleRun;
  beforeAll(async () => {
    [ts, py] = await runBoth(name, [...options, `--data=${data}`]);
  }, 120_000);

  it("reads the IMDB archive in torchts's order in Python (torchtext_compat.IMDB)", async () => {
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
}

describe("examples/lstm_lm on a fixture IMDB archive", () => {
  exampleChecks("fixture", path.dirname(fixture), fixture);

  it("stops with an error naming --data when the data is not there, in both", async () => {
    const missing = path.join(tmp, "no-such-folder");
    const message = `error: no IMDB data at ${missing}: pass --data=`;
    const failure = (program: Promise<unknown>) =>
      program.then(
        () => ({ code: 0, stderr: "" }),
        (error: { code: number; stderr: string }) => error,
      );
    const [tsFailure, pyFailure] = await Promise.all([
      failure(run(process.execPath, [...tsProgram, `--data=${missing}`], { cwd: projectRoot, env, encoding: "utf8" })),
      failure(run(referencePython(), [...pyProgram, `--data=${missing}`], { cwd: projectRoot, env, encoding: "utf8" })),
    ]);
    for (const { code, stderr } of [tsFailure, pyFailure]) {
      expect(code).toBe(2);
      expect(stderr).toContain(message);
    }
  });
});

describe.skipIf(!full)("examples/lstm_lm on the full IMDB archive (needs TORCHTS_TEST_DATA)", () => {
  const imdb = full === undefined ? "" : testDataPaths(full).imdb;
  exampleChecks("full", imdb, imdb);
});

// The examples' default --data is the project's shared data folder beside the project root
// (exampleDefaultData): there only when TORCHTS_TEST_DATA is that folder.
describe.skipIf(!testDataIsExampleDefault())("examples/lstm_lm with no --data (needs TORCHTS_TEST_DATA to be its default data folder)", () => {
  it("finds the default data: both read the same reviews and lose the same", async () => {
    const [ts, py] = await runBoth("default", ["--max_train_reviews=16", "--max_test_reviews=8", "--max_steps=2", "--batch_size=8", "--device=cpu"]);
    const summary = ts.stdout.split("\n")[0];
    expect(summary).toMatch(/^16 training reviews, 8 test reviews, vocabulary of \d+ tokens$/);
    expect(summary).toBe(py.stdout.split("\n")[0]);
    expect(ts.losses).toHaveLength(2);
    ts.losses.forEach((loss, i) => expect(Math.abs(loss - py.losses[i])).toBeLessThan(1e-5));
  });
});
