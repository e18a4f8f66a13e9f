// An ImageFolder of 2,000 generated 64x64 JPEGs (Pillow, in a temp dir) through decode (libjpeg-turbo) +
// RandomResizedCrop(56) + RandomHorizontalFlip + ToTensor + Normalize + default_collate in
// batches of 64, shuffled, with num_workers 0 and 2: images/s, torchts next to Python
// (bench/imagefolder.py, torchvision) in one run, best of --repeats epochs each. torchts's
// workers are threads (PORTING.md, "Workers"); Python's are processes (fork). The speed-up of
// 2 workers over 0 is printed for each.
// The first epoch's per-batch label sums are compared: the same seed gives the same shuffle.
//   node bench/imagefolder.mjs [--images 2000] [--repeats 3] [--workers 0,2]
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import torch from "torchts";
import { datasets, transforms } from "torchts/vision";

const require = createRequire(import.meta.url);
const { findLibtorch } = require("../scripts/libtorch.cjs");
const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { images: { type: "string", default: "2000" }, repeats: { type: "string", default: "3" }, workers: { type: "string", default: "0,2" } } });
const workers = values.workers.split(",").map(Number);
const repeats = Number(values.repeats);
const python = findLibtorch().python || process.env.TORCHTS_PYTHON || "python3";
const script = path.join(here, "imagefolder.py");

const root = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-imagefolder-"));
try {
  execFileSync(python, [script, "generate", root, values.images]);
  const usedThreads = torch.utils.data._worker_thread_stats;
  const tf = new transforms.Compose([
    new transforms.RandomResizedCrop(56),
    new transforms.RandomHorizontalFlip(),
    new transforms.ToTensor(),
    new transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
  ]);
  const ds = new datasets.ImageFolder(root, { transform: tf });
  const ts = { images: ds.__len__() };
  for (const w of workers) {
    torch.manual_seed(0);
    const loader = new torch.utils.data.DataLoader(ds, { batch_size: 64, shuffle: true, num_workers: w });
    let best = Infinity;
    for (let r = 0; r < repeats; r++) {
      const t0 = process.hrtime.bigint();
      const labels = [];
      for (const [x, y] of loader) labels.push(y.sum().item());
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
      if (r === 0) ts[`labels_w${w}`] = labels;
    }
    ts[`w${w}`] = ts.images / best;
  }
  const py = JSON.parse(execFileSync(python, [script, "bench", root, String(repeats), values.workers], { encoding: "utf8" }));
  for (const w of workers) {
    const same = JSON.stringify(ts[`labels_w${w}`]) === JSON.stringify(py[`labels_w${w}`]);
    if (!same) console.warn(`warning: num_workers=${w}: the batches' labels differ from Python's`);
  }
  console.log(`ImageFolder: ${ts.images} JPEGs 64x64 -> RandomResizedCrop(56), flip, ToTensor, Normalize, batches of 64; best of ${repeats}, CPU (${os.cpus().length} cores)`);
  console.log(`${"num_workers".padEnd(14)}${"torchts img/s".padStart(15)}${"Python img/s".padStart(15)}${"ratio".padStart(8)}`);
  for (const w of workers) {
    const [a, b] = [ts[`w${w}`], py[`w${w}`]];
    console.log(`${String(w).padEnd(14)}${a.toFixed(0).padStart(15)}${b.toFixed(0).padStart(15)}${(a / b).toFixed(2).padStart(8)}`);
  }
  console.log(`speed-up of 2 workers over 0: torchts ${(ts.w2 / ts.w0).toFixed(2)}x (${usedThreads.started} worker threads started), Python ${(py.w2 / py.w0).toFixed(2)}x`);
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
