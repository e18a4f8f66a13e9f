// examples/bigram: the torchts port against Karpathy's bigram.py (examples/bigram/python),
// both run as programs for a few steps on the CPU with the same seed.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "./helpers/node";
import { ExampleRun, runExample } from "./helpers/examples";
import { referencePython } from "./helpers/python";


const steps = 30;
const max_new_tokens = 200;
const options = [
  `--max_iters=${steps}`,
  "--eval_interval=10",
  "--eval_iters=4",
  `--max_new_tokens=${max_new_tokens}`,
  "--device=cpu",
  "--seed=7",
];


let tmp: string;
let ts: ExampleRun;
let py: ExampleRun;

/** The generated text: what the script prints after its timing line (less print's newline). */
function generated(stdout: string): string {
  const m = /^timing: .*\n/m.exec(stdout);
  if (!m) throw new Error(`no timing line in:\n${stdout}`);
  return stdout.slice(m.index + m[0].length).replace(/\n$/, "");
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bigram-"));
  [ts, py] = await Promise.all([
    runExample(process.execPath, ["--import", "tsx", "examples/bigram/bigram.ts"], options, path.join(tmp, "ts.json")),
    runExample(referencePython(), ["examples/bigram/python/bigram.py"], options, path.join(tmp, "py.json")),
  ]);
}, 120_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("examples/bigram", () => {
  it("loses what bigram.py loses at every step", () => {
    expect(py.losses).toHaveLength(steps);
    expect(ts.losses).toHaveLength(steps);
    for (let i = 0; i < steps; i++) {
      expect(Math.abs(ts.losses[i] - py.losses[i]), `step ${i}: torchts ${ts.losses[i]}, Python ${py.losses[i]}`).toBeLessThan(1e-5);
    }
  });

  it("prints bigram.py's evaluations and generates its text", () => {
    const evaluations = (out: string) => out.split("\n").filter((line) => line.startsWith("step "));
    // evaluations at 0, 10, 20 and at the last iteration, as bigram.py makes them
    expect(evaluations(ts.stdout).map((line) => line.split(":")[0])).toEqual(["step 0", "step 10", "step 20", "step 29"]);
    expect(evaluations(ts.stdout)).toEqual(evaluations(py.stdout));
    for (const line of evaluations(ts.stdout)) {
      expect(line).toMatch(/^step \d+: train loss \d\.\d{4}, val loss \d\.\d{4}$/);
    }
    expect(ts.stdout).toMatch(/^timing: 30 steps in \d+\.\d\d s, \d+\.\d\d steps\/s$/m);

    // the context (a newline, index 0) and max_new_tokens characters of the text's vocabulary
    const text = generated(ts.stdout);
    const vocabulary = new Set(fs.readFileSync(path.join(projectRoot, "data", "tinyshakespeare.txt"), "utf8"));
    expect([...text]).toHaveLength(max_new_tokens + 1);
    expect(text[0]).toBe("\n");
    expect([...text].every((c) => vocabulary.has(c))).toBe(true);
    // the same multinomial draws from the same model
    expect(text).toBe(generated(py.stdout));
  });
});
