// Runs a tutorial's torchts port (argv[3]: the script, then its arguments) after
// torch.manual_seed(argv[2]), with CIFAR10's md5 lists cleared: what tutorial_run.py does for
// the Python original (see there why).
import { pathToFileURL } from "node:url";
import * as path from "node:path";
import torch from "torchts";
import { datasets } from "torchts/vision";

const [seed, script, ...args] = process.argv.slice(2);
torch.manual_seed(Number(seed));
const cifar = datasets.CIFAR10 as unknown as { train_list: [string, string | null][]; test_list: [string, string | null][]; meta: { md5: string | null } };
for (const entry of [...cifar.train_list, ...cifar.test_list]) entry[1] = null;
cifar.meta.md5 = null;

process.argv = [process.argv[0], path.resolve(script), ...args];
await import(pathToFileURL(path.resolve(script)).href);
