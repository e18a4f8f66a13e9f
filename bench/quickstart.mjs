// Training steps per second of the Quickstart tutorial (examples/quickstart), torchts and its
// Python original, in one run on the same machine, on FashionMNIST-format data that Python
// writes (test/helpers/vision_data.py). The scripts print the tutorial's lines only (no timing
// line), so each runs end to end twice, on a small and a large training set with the same
// 64-image test set, and the rate is the difference:
//   (steps_large - steps_small) / (seconds_large - seconds_small)
// the cost of a training step with its DataLoader batch (ToTensor of 64 images, collate), start-up,
// loading, the test loops and saving cancelled out. Runs alternate TS, Python, ...; the shortest
// time of each (script, size) is kept (the machine is shared and noisy). CPU.
//   node bench/quickstart.mjs [--repeat 2] [--small 640] [--large 12800]
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const require = createRequire(import.meta.url);
const { findLibtorch } = require("../scripts/libtorch.cjs");
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    repeat: { type: "string", default: "2" },
    small: { type: "string", default: "640" },
    large: { type: "string", default: "12800" },
  },
});
const python = findLibtorch().python;
if (!python) throw new Error("bench/quickstart.mjs needs the reference Python (TORCHTS_PYTHON)");

const EPOCHS = 5; // the tutorial's
const BATCH = 64;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-bench-quickstart-"));
const helpers = path.join(root, "test/helpers");
const sides = {
  torchts: [process.execPath, ["--import", path.join(root, "node_modules/tsx/dist/loader.mjs"), path.join(helpers, "tutorial_run.mts"), "0", path.join(root, "examples/quickstart/quickstart.ts")]],
  python: [python, [path.join(helpers, "tutorial_run.py"), "0", path.join(root, "examples/quickstart/python/quickstart.py")]],
};

try {
  const sizes = [Number(values.small), Number(values.large)];
  const data = Object.fromEntries(sizes.map((n) => {
    const dir = path.join(tmp, `data-${n}`);
    execFileSync(python, [path.join(helpers, "vision_data.py"), dir, "FashionMNIST", String(n), "64"]);
    return [n, dir];
  }));
  const best = {}; // `${side} ${n}` -> seconds
  for (let r = 0; r < Number(values.repeat); r++) {
    for (const n of sizes) {
      for (const [side, [command, args]] of Object.entries(sides)) {
        const cwd = fs.mkdtempSync(path.join(tmp, "run-"));
        const started = performance.now();
        execFileSync(command, args, { cwd, env: { ...process.env, DATA_ROOT: data[n] }, stdio: "ignore" });
        const seconds = (performance.now() - started) / 1000;
        best[`${side} ${n}`] = Math.min(best[`${side} ${n}`] ?? Infinity, seconds);
      }
    }
  }
  const steps = (n) => EPOCHS * Math.ceil(n / BATCH);
  const rate = (side) => (steps(sizes[1]) - steps(sizes[0])) / (best[`${side} ${sizes[1]}`] - best[`${side} ${sizes[0]}`]);
  const [ts, py] = [rate("torchts"), rate("python")];
  console.table(Object.keys(sides).map((side) => ({
    side,
    [`s, ${steps(sizes[0])} steps`]: +best[`${side} ${sizes[0]}`].toFixed(2),
    [`s, ${steps(sizes[1])} steps`]: +best[`${side} ${sizes[1]}`].toFixed(2),
    "training steps/s": +rate(side).toFixed(1),
  })));
  console.log(`quickstart: torchts ${ts.toFixed(1)} steps/s, python ${py.toFixed(1)} steps/s, ratio (ts/py) ${(ts / py).toFixed(2)}`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
