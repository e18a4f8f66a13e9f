// End to end on CPU: the same models, seeds and data in TS and in Python (test/e2e/*.py,
// run here) train to the same loss at every one of 50 steps, to 1e-5, on the package's copy
// of Tiny Shakespeare (data/tinyshakespeare.txt).
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { trainCharLSTM, trainGPT } from "./e2e/models";
import { shippedShakespeare as shakespeare } from "./helpers/data";
import { projectRoot } from "./helpers/node";
import { referencePython } from "./helpers/python";

async function python(script: string): Promise<number[]> {
  const args = [path.join(projectRoot, "test", "e2e", script), shakespeare, String(torch.get_num_threads())];
  const { stdout } = await promisify(execFile)(referencePython(), args, { encoding: "utf8" });
  return JSON.parse(stdout);
}

function expectSameLosses(ts: number[], py: number[]): void {
  expect(ts.length).toBe(50);
  ts.forEach((loss, step) => expect(Math.abs(loss - py[step]), `step ${step}: ${loss} vs ${py[step]}`).toBeLessThanOrEqual(1e-5));
}

describe("training end to end, against Python", () => {
  it("a 2-layer character LSTM with Adam and clip_grad_norm_", async () => {
    const expected = python("char_lstm.py");
    expectSameLosses(await trainCharLSTM(shakespeare), await expected);
  });

  it("a 2-layer GPT with causal attention, weight tying, AdamW groups and a cosine schedule", async () => {
    const expected = python("gpt.py");
    expectSameLosses(await trainGPT(shakespeare), await expected);
  });
});
