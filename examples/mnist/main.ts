// pytorch/examples mnist/main.py (https://github.com/pytorch/examples/blob/main/mnist/main.py) in
// torchts: a CNN trained on MNIST with Adadelta and StepLR, tested after every epoch.
// python/main.py is the original; with the same options both print the same lines.
//
//   npx tsx examples/mnist/main.ts [--epochs 14] [--batch-size 64] [--no-accel] [--dry-run] ...
import { parseArgs } from "node:util";
import torch from "torchts";
import { datasets, transforms } from "torchts/vision";
import { fixed } from "../common/format.ts";
import { TutorialProgress } from "../common/tty_progress.ts";

const { nn } = torch;
const F = torch.nn.functional;
const optim = torch.optim;
const { StepLR } = torch.optim.lr_scheduler;
type Tensor = InstanceType<typeof torch.Tensor>;
type Loader = InstanceType<typeof torch.utils.data.DataLoader>;

class Net extends nn.Module {
  conv1 = new nn.Conv2d(1, 32, 3, 1);
  conv2 = new nn.Conv2d(32, 64, 3, 1);
  dropout1 = new nn.Dropout(0.25);
  dropout2 = new nn.Dropout(0.5);
  fc1 = new nn.Linear(9216, 128);
  fc2 = new nn.Linear(128, 10);

  forward(x: Tensor): Tensor {
    x = this.conv1.forward(x);
    x = F.relu(x);
    x = this.conv2.forward(x);
    x = F.relu(x);
    x = F.max_pool2d(x, 2);
    x = this.dropout1.forward(x);
    x = torch.flatten(x, 1);
    x = this.fc1.forward(x);
    x = F.relu(x);
    x = this.dropout2.forward(x);
    x = this.fc2.forward(x);
    const output = F.log_softmax(x, { dim: 1 });
    return output;
  }
}

// Training settings: argparse's options, as node:util's parseArgs reads them.
const OPTIONS = {
  "batch-size": { type: "int", default: 64, metavar: "N", help: "input batch size for training (default: 64)" },
  "test-batch-size": { type: "int", default: 1000, metavar: "N", help: "input batch size for testing (default: 1000)" },
  epochs: { type: "int", default: 14, metavar: "N", help: "number of epochs to train (default: 14)" },
  lr: { type: "float", default: 1.0, metavar: "LR", help: "learning rate (default: 1.0)" },
  gamma: { type: "float", default: 0.7, metavar: "M", help: "Learning rate step gamma (default: 0.7)" },
  "no-accel": { type: "flag", default: false, help: "disables accelerator" },
  "dry-run": { type: "flag", default: false, help: "quickly check a single pass" },
  seed: { type: "int", default: 1, metavar: "S", help: "random seed (default: 1)" },
  "log-interval": { type: "int", default: 10, metavar: "N", help: "how many batches to wait before logging training status" },
  "save-model": { type: "flag", default: false, help: "For Saving the current Model" },
  "data-root": { type: "str", default: "../data", metavar: "DIR", help: "the data sets' root (default: ../data)" },
} as const;

type Args = { [K in keyof typeof OPTIONS as K extends `${infer A}-${infer B}-${infer C}` ? `${A}_${B}_${C}` : K extends `${infer A}-${infer B}` ? `${A}_${B}` : K]: (typeof OPTIONS)[K]["default"] extends boolean ? boolean : (typeof OPTIONS)[K]["default"] extends number ? number : string };

function parse_args(argv = process.argv.slice(2)): Args {
  const usage = "usage: main.ts [-h] " + Object.entries(OPTIONS).map(([k, o]) => (o.type === "flag" ? `[--${k}]` : `[--${k} ${o.metavar}]`)).join(" ");
  const fail = (message: string): never => {
    console.error(`${usage}\nmain.ts: error: ${message}`);
    process.exit(2);
  };
  const spec: Record<string, { type: "string" | "boolean"; short?: string }> = { help: { type: "boolean", short: "h" } };
  for (const [k, o] of Object.entries(OPTIONS)) spec[k] = { type: o.type === "flag" ? "boolean" : "string" };
  let values: Record<string, string | boolean | undefined> = {};
  try {
    ({ values } = parseArgs({ args: argv, options: spec, strict: true, allowPositionals: false }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(`${usage}\n\nPyTorch MNIST Example\n\noptions:\n  -h, --help            show this help message and exit`);
    for (const [k, o] of Object.entries(OPTIONS)) console.log(`  --${k}${o.type === "flag" ? "" : ` ${o.metavar}`}\n                        ${o.help}`);
    process.exit(0);
  }
  const args: Record<string, unknown> = {};
  for (const [k, o] of Object.entries(OPTIONS)) {
    const raw = values[k];
    let value: unknown = raw ?? o.default;
    if (typeof raw === "string" && (o.type === "int" || o.type === "float")) {
      value = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(value) || (o.type === "int" && !/^\s*[-+]?\d+\s*$/.test(raw))) {
        fail(`argument --${k}: invalid ${o.type} value: '${raw}'`);
      }
    }
    args[k.replaceAll("-", "_")] = value;
  }
  return args as Args;
}

let progress: TutorialProgress;
let step = 0;

function train(args: Args, model: Net, device: string, train_loader: Loader, optimizer: InstanceType<typeof optim.Adadelta>, epoch: number) {
  model.train();
  let batch_idx = 0;
  for (let [data, target] of train_loader as Iterable<[Tensor, Tensor]>) {
    [data, target] = [data.to(device), target.to(device)];
    optimizer.zero_grad();
    const output = model.forward(data);
    const loss = F.nll_loss(output, target);
    loss.backward();
    optimizer.step();
    if (progress.active) progress.update(++step, loss.item());
    if (batch_idx % args.log_interval === 0) {
      const size = (train_loader.dataset as { __len__(): number }).__len__();
      progress.print(
        `Train Epoch: ${epoch} [${batch_idx * data.shape[0]}/${size} (${fixed((100 * batch_idx) / train_loader.length, 0)}%)]\tLoss: ${fixed(loss.item(), 6)}`,
      );
      if (args.dry_run) break;
    }
    batch_idx++;
  }
}

function test(model: Net, device: string, test_loader: Loader) {
  model.eval();
  let test_loss = 0;
  let correct = 0;
  torch.no_grad(() => {
    for (let [data, target] of test_loader as Iterable<[Tensor, Tensor]>) {
      [data, target] = [data.to(device), target.to(device)];
      const output = model.forward(data);
      test_loss += F.nll_loss(output, target, { reduction: "sum" }).item(); // sum up batch loss
      const pred = output.argmax({ dim: 1, keepdim: true }); // get the index of the max log-probability
      correct += pred.eq(target.view_as(pred)).sum().item();
    }
  });

  const size = (test_loader.dataset as { __len__(): number }).__len__();
  test_loss /= size;

  progress.print(`\nTest set: Average loss: ${fixed(test_loss, 4)}, Accuracy: ${correct}/${size} (${fixed((100 * correct) / size, 0)}%)\n`);
}

function main() {
  const args = parse_args();

  const use_accel = !args.no_accel && torch.accelerator.is_available();

  torch.manual_seed(args.seed);

  const device = use_accel ? torch.accelerator.current_accelerator()!.type : "cpu";

  // (With an accelerator the original also asks for one worker process, persistent and with
  // pinned memory: torchts's DataLoader loads in the main process, so only shuffle is kept.)
  const train_kwargs: Record<string, unknown> = { batch_size: args.batch_size };
  const test_kwargs: Record<string, unknown> = { batch_size: args.test_batch_size };
  if (use_accel) {
    const accel_kwargs = { shuffle: true };
    Object.assign(train_kwargs, accel_kwargs);
    Object.assign(test_kwargs, accel_kwargs);
  }

  const transform = new transforms.Compose([new transforms.ToTensor(), new transforms.Normalize([0.1307], [0.3081])]);
  const dataset1 = new datasets.MNIST(args.data_root, { train: true, download: true, transform });
  const dataset2 = new datasets.MNIST(args.data_root, { train: false, transform });
  const train_loader = new torch.utils.data.DataLoader(dataset1, train_kwargs);
  const test_loader = new torch.utils.data.DataLoader(dataset2, test_kwargs);

  const model = new Net().to(device);
  const optimizer = new optim.Adadelta(model.parameters(), { lr: args.lr });

  const scheduler = new StepLR(optimizer, 1, { gamma: args.gamma });
  progress = new TutorialProgress(args.epochs * train_loader.length);
  for (let epoch = 1; epoch <= args.epochs; epoch++) {
    train(args, model, device, train_loader, optimizer, epoch);
    test(model, device, test_loader);
    scheduler.step();
  }
  progress.stop();

  if (args.save_model) torch.save(model.state_dict(), "mnist_cnn.pt");
}

main();
