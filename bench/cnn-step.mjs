// Time of one training step (forward, cross-entropy loss, backward, SGD momentum step,
// OneCycleLR step) of a CIFAR-style CNN (Conv2d, BatchNorm2d, ReLU, MaxPool2d,
// AdaptiveAvgPool2d, Dropout, Linear; the model of test/nn-train-cnn.test.ts) at batch 64 of
// 3x32x32, on CPU, torchts and Python torch (bench/cnn_step.py) in one run. Prints the ratio
// torchts time / Python time.
//   node bench/cnn-step.mjs [--steps N] [--batch B]
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import torch from "torchts";

const { nn } = torch;
const require = createRequire(import.meta.url);
const { findLibtorch } = require("../scripts/libtorch.cjs");
const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { steps: { type: "string", default: "20" }, batch: { type: "string", default: "64" } } });
const STEPS = Number(values.steps);
const BATCH = Number(values.batch);
const WARMUP = 3;

const cifarNet = () =>
  new nn.Sequential(
    new nn.Conv2d(3, 32, 3, { padding: 1 }), new nn.BatchNorm2d(32), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(32, 64, 3, { padding: 1 }), new nn.BatchNorm2d(64), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(64, 128, 3, { padding: 1 }), new nn.BatchNorm2d(128), new nn.ReLU(),
    new nn.AdaptiveAvgPool2d(1), new nn.Flatten(), new nn.Dropout(0.5), new nn.Linear(128, 10),
  );

torch.manual_seed(0);
const model = cifarNet();
const optimizer = new torch.optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
const scheduler = new torch.optim.lr_scheduler.OneCycleLR(optimizer, 0.1, { total_steps: WARMUP + STEPS });
const criterion = new nn.CrossEntropyLoss();
const x = torch.randn(BATCH, 3, 32, 32);
const y = torch.randint(10, [BATCH]);
const step = () => {
  optimizer.zero_grad();
  const loss = criterion.forward(model.forward(x), y);
  loss.backward();
  optimizer.step();
  scheduler.step();
};
for (let i = 0; i < WARMUP; i++) step();
const start = process.hrtime.bigint();
for (let i = 0; i < STEPS; i++) step();
const ts = Number(process.hrtime.bigint() - start) / 1e6 / STEPS;

const python = findLibtorch().python;
const py = python
  ? JSON.parse(execFileSync(python, [path.join(here, "cnn_step.py"), String(torch.get_num_threads()), String(STEPS), String(BATCH)], { encoding: "utf8" }))
  : { ms: NaN };
console.log(`one CIFAR-style CNN training step on CPU, batch ${BATCH}, ${torch.get_num_threads()} threads, mean of ${STEPS} steps, torch ${torch.__version__}, Node ${process.version}`);
console.log("torchts ms".padStart(11), "python ms".padStart(10), "ratio".padStart(7));
console.log(ts.toFixed(2).padStart(11), py.ms.toFixed(2).padStart(10), (ts / py.ms).toFixed(3).padStart(7));
