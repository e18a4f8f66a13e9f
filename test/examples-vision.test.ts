// The image tutorials' ports (examples/quickstart, examples/cifar10_tutorial, examples/mnist)
// against their Python originals, both run as programs on small data sets that Python writes
// in the real files' format (test/helpers/vision_data.py; the real ones cannot be downloaded
// here). The tutorials without a seed of their own run through test/helpers/tutorial_run.*,
// which seeds them alike. Each run is in a folder of its own (the scripts save their model into
// the working directory).
//
// What must agree: every printed line; the losses in them to 1e-5 relative (or one unit in the
// last printed digit, where the print has fewer digits); the accuracies exactly; and the saved
// models, which Python reads back from both files, to 1e-5 relative (+1e-6 absolute). On one
// CPU thread they come out identical, the tolerances are there for other CPUs' kernels.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env, run } from "./helpers/examples";
import { projectRoot } from "./helpers/node";
import { pythonJson, referencePython, runPython } from "./helpers/python";

let hasTorchvision = false;
try {
  runPython("import torchvision");
  hasTorchvision = true;
} catch {
  hasTorchvision = false;
}
const withTv = hasTorchvision ? describe : describe.skip;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-examples-vision-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const tsx = path.join(projectRoot, "node_modules/tsx/dist/loader.mjs");
const helper = (name: string) => path.join(projectRoot, "test/helpers", name);
const example = (file: string) => path.join(projectRoot, "examples", file);

interface Run {
  stdout: string;
  stderr: string;
  dir: string;
}

/** Runs a program in a fresh folder under tmp, with the examples' environment plus `extra`. */
async function runIn(name: string, command: string, args: string[], extra: Record<string, string> = {}): Promise<Run> {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  const { stdout, stderr } = await run(command, args, { cwd: dir, env: { ...env, ...extra }, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  return { stdout, stderr, dir };
}

/** The port and the original, side by side, each through tutorial_run with seed `seed` if given. */
function both(name: string, ts: string, py: string, args: string[], extra: Record<string, string>, seed?: number): Promise<[Run, Run]> {
  const seeded = (runner: string, script: string) => (seed === undefined ? [script] : [helper(runner), String(seed), script]);
  return Promise.all([
    runIn(`${name}-ts`, process.execPath, ["--import", tsx, ...seeded("tutorial_run.mts", example(ts)), ...args], extra),
    runIn(`${name}-py`, referencePython(), [...seeded("tutorial_run.py", example(py)), ...args], extra),
  ]);
}

function makeData(name: string, n_train: number, n_test: number): string {
  const root = path.join(tmp, `data-${name}`);
  runPython(`import subprocess, sys; subprocess.run([sys.executable, ${JSON.stringify(helper("vision_data.py"))}, ${JSON.stringify(root)}, "${name}", "${n_train}", "${n_test}"], check=True)`);
  return root;
}

const NUMBER = /-?\d+\.\d+/g;

/**
 * The two outputs line by line: `loss` picks the lines whose numbers are losses (compared to
 * 1e-5 relative, or one unit in their last printed digit); all other lines must be equal.
 */
function expectSameOutput(ts: string, py: string, loss: RegExp): number {
  const [a, b] = [ts.split("\n"), py.split("\n")];
  expect(a.length).toBe(b.length);
  let losses = 0;
  for (let i = 0; i < a.length; i++) {
    if (!loss.test(b[i])) {
      expect(a[i], `line ${i + 1}`).toBe(b[i]);
      continue;
    }
    const [x, y] = [a[i].match(NUMBER) ?? [], b[i].match(NUMBER) ?? []];
    expect(a[i].replace(NUMBER, "#"), `line ${i + 1}`).toBe(b[i].replace(NUMBER, "#"));
    x.forEach((s, k) => {
      const unit = 10 ** -(s.split(".")[1].length);
      const tolerance = Math.max(1e-5 * Math.abs(Number(y[k])), unit);
      expect(Math.abs(Number(s) - Number(y[k])), `line ${i + 1}: torchts "${a[i]}", Python "${b[i]}"`).toBeLessThanOrEqual(tolerance);
    });
    losses++;
  }
  return losses;
}

/** Python reads both saved state_dicts: same keys and shapes, worst |a - b| / (1e-6 + 1e-5 |b|). */
function compareModels(ts_file: string, py_file: string): { keys: string[]; same_keys: boolean; worst: number } {
  return pythonJson(`
a = torch.load(${JSON.stringify(ts_file)}, weights_only=True)
b = torch.load(${JSON.stringify(py_file)}, weights_only=True)
worst = max(((a[k] - b[k]).abs() / (1e-6 + 1e-5 * b[k].abs())).max().item() for k in b if a[k].shape == b[k].shape)
same = list(a) == list(b) and all(a[k].shape == b[k].shape and a[k].dtype == b[k].dtype for k in b)
print(json.dumps(dict(keys=list(b), same_keys=same, worst=worst)))
`);
}

withTv("examples/quickstart (FashionMNIST, 6464 training images, 1000 test images)", () => {
  let ts: Run, py: Run;
  beforeAll(async () => {
    const root = makeData("FashionMNIST", 6464, 1000); // 101 batches: the loss of batches 0 and 100 printed
    [ts, py] = await both("quickstart", "quickstart/quickstart.ts", "quickstart/python/quickstart.py", [], { DATA_ROOT: root }, 0);
  }, 240_000);

  it("prints quickstart.py's lines: shapes, model, losses, test accuracy, prediction", () => {
    expect(expectSameOutput(ts.stdout, py.stdout, /^loss: /)).toBe(10); // 2 per epoch, 5 epochs
    const accuracies = ts.stdout.split("\n").filter((line) => line.startsWith(" Accuracy: "));
    expect(accuracies).toHaveLength(5);
    expect(ts.stdout).toMatch(/^Predicted: ".+", Actual: ".+"$/m);
    expect(ts.stderr).toBe(""); // no progress bar without a terminal
  });

  it("saves the model that quickstart.py saves (model.pth, read by torch.load)", () => {
    const cmp = compareModels(path.join(ts.dir, "model.pth"), path.join(py.dir, "model.pth"));
    expect(cmp.same_keys).toBe(true);
    expect(cmp.keys).toHaveLength(6);
    expect(cmp.worst).toBeLessThanOrEqual(1);
  });
});

withTv("examples/cifar10_tutorial (CIFAR10 batches, 8000 training images, 400 test images)", () => {
  let ts: Run, py: Run;
  beforeAll(async () => {
    const root = makeData("CIFAR10", 8000, 400); // 2000 mini-batches of 4: one loss line per epoch
    [ts, py] = await both("cifar", "cifar10_tutorial/cifar10_tutorial.ts", "cifar10_tutorial/python/cifar10_tutorial.py", [], { DATA_ROOT: root }, 0);
  }, 240_000);

  it("prints the tutorial's lines: labels, losses, predictions, accuracy overall and per class", () => {
    expect(expectSameOutput(ts.stdout, py.stdout, /^\[\d, \s*\d+\] loss: /)).toBe(2);
    expect(ts.stdout).toMatch(/^Accuracy of the network on the 10000 test images: \d+ %$/m);
    expect(ts.stdout.split("\n").filter((line) => line.startsWith("Accuracy for class: "))).toHaveLength(10);
    expect(ts.stderr).toBe("");
  });

  it("saves the net the tutorial saves (./cifar_net.pth)", () => {
    const cmp = compareModels(path.join(ts.dir, "cifar_net.pth"), path.join(py.dir, "cifar_net.pth"));
    expect(cmp.same_keys).toBe(true);
    expect(cmp.keys).toHaveLength(10);
    expect(cmp.worst).toBeLessThanOrEqual(1);
  });
});

withTv("examples/mnist (MNIST, 640 training images, 200 test images)", () => {
  let ts: Run, py: Run;
  const options = (root: string) => ["--epochs=2", "--log-interval=1", "--batch-size=64", "--test-batch-size=100", "--save-model", "--seed=3", "--data-root", root];
  beforeAll(async () => {
    const root = makeData("MNIST", 640, 200);
    [ts, py] = await both("mnist", "mnist/main.ts", "mnist/python/main.py", options(root), {});
  }, 240_000);

  it("prints main.py's lines: the loss of every step, the test loss and accuracy per epoch", () => {
    expect(expectSameOutput(ts.stdout, py.stdout, /^Train Epoch: |^Test set: /)).toBe(2 * 10 + 2);
    expect(ts.stdout).toMatch(/^Test set: Average loss: \d\.\d{4}, Accuracy: \d+\/200 \(\d+%\)$/m);
    expect(ts.stderr).toBe("");
  });

  it("saves the model main.py saves (--save-model: mnist_cnn.pt)", () => {
    const cmp = compareModels(path.join(ts.dir, "mnist_cnn.pt"), path.join(py.dir, "mnist_cnn.pt"));
    expect(cmp.same_keys).toBe(true);
    expect(cmp.keys).toHaveLength(8);
    expect(cmp.worst).toBeLessThanOrEqual(1);
  });

  it("--dry-run stops each epoch after its first step, as main.py does", async () => {
    const root = path.join(tmp, "data-MNIST");
    const [a, b] = await both("mnist-dry", "mnist/main.ts", "mnist/python/main.py", ["--dry-run", "--epochs=1", "--data-root", root], {});
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.split("\n").filter((line) => line.startsWith("Train Epoch: "))).toEqual([expect.stringMatching(/^Train Epoch: 1 \[0\/640 \(0%\)\]\tLoss: /)]);
  });

  it("rejects a bad option as argparse does (exit status 2, a usage line)", async () => {
    const bad = runIn("mnist-bad", process.execPath, ["--import", tsx, example("mnist/main.ts"), "--epochs=x"]);
    await expect(bad).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/^usage: main\.ts .*\nmain\.ts: error: argument --epochs: invalid int value: 'x'\n$/s) });
  });
});
