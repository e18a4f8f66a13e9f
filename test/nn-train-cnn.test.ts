// Two CNNs trained 20 steps in torchts and in Python torch 2.11 on the same generated data
// (torch.manual_seed, then torch.randn inputs and torch.randint labels drawn each step in both
// languages): (a) the 60-minute blitz's LeNet (Conv2d, F.max_pool2d, Linear, CrossEntropyLoss,
// SGD with momentum) on 1x32x32 inputs and (b) a CIFAR-style CNN (Conv2d, BatchNorm2d, ReLU,
// MaxPool2d, Dropout, AdaptiveAvgPool2d, CrossEntropyLoss, SGD momentum=0.9 with
// lr_scheduler.OneCycleLR stepped every step) on 3x32x32 inputs. The same seed gives the same
// initial parameters (reset_parameters) and the same dropout masks, so the loss at every step is
// Python's within 1e-5, and so are the final parameters (1e-4) and BatchNorm's running stats.
import { beforeAll, describe, expect, it } from "vitest";
import torch from "torchts";
import { pythonJsonAsync } from "./helpers/python";

const nn = torch.nn;
const F = torch.nn.functional;
type T = InstanceType<typeof torch.Tensor>;
type Module = InstanceType<typeof nn.Module>;

const STEPS = 20;
const BATCH = 16;

class LeNet extends nn.Module {
  conv1 = new nn.Conv2d(1, 6, 5);
  conv2 = new nn.Conv2d(6, 16, 5);
  fc1 = new nn.Linear(16 * 5 * 5, 120);
  fc2 = new nn.Linear(120, 84);
  fc3 = new nn.Linear(84, 10);

  forward(x: T): T {
    x = F.max_pool2d(F.relu(this.conv1.forward(x)), [2, 2]);
    x = F.max_pool2d(F.relu(this.conv2.forward(x)), 2);
    x = torch.flatten(x, 1);
    x = F.relu(this.fc1.forward(x));
    x = F.relu(this.fc2.forward(x));
    return this.fc3.forward(x);
  }
}

/** The CIFAR-style CNN, in bench/cnn-step.mjs too. */
const cifarNet = (): Module =>
  new nn.Sequential(
    new nn.Conv2d(3, 32, 3, { padding: 1 }), new nn.BatchNorm2d(32), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(32, 64, 3, { padding: 1 }), new nn.BatchNorm2d(64), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(64, 128, 3, { padding: 1 }), new nn.BatchNorm2d(128), new nn.ReLU(),
    new nn.AdaptiveAvgPool2d(1), new nn.Flatten(), new nn.Dropout(0.5), new nn.Linear(128, 10),
  );

const PY = `
from torch import nn
import torch.nn.functional as F
class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)
    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)
def cifar_net():
    return nn.Sequential(
        nn.Conv2d(3, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 128, 3, padding=1), nn.BatchNorm2d(128), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.5), nn.Linear(128, 10))
def train(net, channels, scheduled):
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=${STEPS}) if scheduled else None
    criterion = nn.CrossEntropyLoss()
    initial = {k: v.tolist() for k, v in net.state_dict().items()}
    losses, lrs = [], []
    net.train()
    for step in range(${STEPS}):
        x = torch.randn(${BATCH}, channels, 32, 32)
        y = torch.randint(10, (${BATCH},))
        optimizer.zero_grad()
        loss = criterion(net(x), y)
        loss.backward()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        losses.append(loss.item())
        lrs.append(optimizer.param_groups[0]["lr"])
    return {"str": str(net), "initial": initial, "losses": losses, "lrs": lrs,
            "final": {k: v.tolist() for k, v in net.state_dict().items()}}
torch.manual_seed(0)
lenet = train(LeNet(), 1, False)
torch.manual_seed(1)
cifar = train(cifar_net(), 3, True)
print(json.dumps({"lenet": lenet, "cifar": cifar}))
`;
const pyResults = pythonJsonAsync<Record<string, Trained>>(PY);

interface Trained {
  str: string;
  initial: Record<string, unknown>;
  losses: number[];
  lrs: number[];
  final: Record<string, unknown>;
}

const stateLists = (net: Module): Record<string, unknown> =>
  Object.fromEntries(Object.entries(net.state_dict()).map(([k, v]) => [k, (v as T).tolist()]));

function train(net: Module, channels: number, scheduled: boolean): Trained {
  const optimizer = new torch.optim.SGD(net.parameters(), { lr: 0.01, momentum: 0.9 });
  const scheduler = scheduled ? new torch.optim.lr_scheduler.OneCycleLR(optimizer, 0.1, { total_steps: STEPS }) : null;
  const criterion = new nn.CrossEntropyLoss();
  const initial = stateLists(net);
  const losses: number[] = [];
  const lrs: number[] = [];
  net.train();
  for (let step = 0; step < STEPS; step++) {
    const x = torch.randn(BATCH, channels, 32, 32);
    const y = torch.randint(10, [BATCH]);
    optimizer.zero_grad();
    const loss = criterion.forward((net.forward as (x: T) => T)(x), y);
    loss.backward();
    optimizer.step();
    scheduler?.step();
    losses.push(loss.item());
    lrs.push(optimizer.param_groups[0].lr as number);
  }
  return { str: String(net), initial, losses, lrs, final: stateLists(net) };
}

/** The largest |a - b| over two nested lists of numbers of the same shape. */
function maxDiff(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    expect(a.length).toBe(b.length);
    return a.reduce((m: number, x, i) => Math.max(m, maxDiff(x, b[i])), 0);
  }
  return Math.abs((a as number) - (b as number));
}

const CASES: [name: "lenet" | "cifar", build: () => Module, channels: number, seed: number, scheduled: boolean][] = [
  ["lenet", () => new LeNet(), 1, 0, false],
  ["cifar", cifarNet, 3, 1, true],
];

describe("CNNs trained 20 steps as in Python", () => {
  let py: Record<string, Trained>;
  beforeAll(async () => {
    py = await pyResults;
  }, 120_000);

  for (const [name, build, channels, seed, scheduled] of CASES) {
    describe(name, () => {
      let ts: Trained;
      beforeAll(() => {
        torch.manual_seed(seed);
        ts = train(build(), channels, scheduled);
      }, 120_000);

      it("prints as Python and starts from Python's parameters (the same seed)", () => {
        expect(ts.str).toBe(py[name].str);
        expect(Object.keys(ts.initial)).toStrictEqual(Object.keys(py[name].initial));
        expect(ts.initial).toStrictEqual(py[name].initial);
      });

      it("has Python's loss at every step within 1e-5 (and the scheduler's learning rates)", () => {
        ts.losses.forEach((l, i) => expect(Math.abs(l - py[name].losses[i]), `step ${i}: ${l} vs ${py[name].losses[i]}`).toBeLessThanOrEqual(1e-5));
        ts.lrs.forEach((lr, i) => expect(lr, `lr after step ${i}`).toBeCloseTo(py[name].lrs[i], 12));
        // the model learns something: the loss moved
        expect(new Set(ts.losses.map((l) => l.toFixed(4))).size).toBeGreaterThan(1);
      });

      it("ends with Python's parameters (1e-4) and BatchNorm running stats", () => {
        expect(Object.keys(ts.final)).toStrictEqual(Object.keys(py[name].final));
        for (const [k, v] of Object.entries(ts.final)) {
          if (k.endsWith("num_batches_tracked")) expect(v, k).toBe(py[name].final[k]);
          else expect(maxDiff(v, py[name].final[k]), k).toBeLessThanOrEqual(1e-4);
        }
        if (name === "cifar") expect(Object.keys(ts.final).filter((k) => k.includes("running_")).length).toBe(6);
      });
    });
  }
});
