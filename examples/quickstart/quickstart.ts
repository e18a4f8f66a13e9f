// PyTorch's "Quickstart" tutorial (https://docs.pytorch.org/tutorials/beginner/basics/quickstart_tutorial.html)
// in torchts: FashionMNIST, a three-layer perceptron trained by SGD for 5 epochs, saved to
// model.pth, loaded back and asked for one prediction. python/quickstart.py is the original;
// both print the same lines. The data root is $DATA_ROOT when set ("data" otherwise).
//
//   npx tsx examples/quickstart/quickstart.ts
import torch from "torchts";
import { datasets, transforms } from "torchts/vision";
import { fixed } from "../common/format.ts";
import { TutorialProgress } from "../common/tty_progress.ts";

const { nn } = torch;
const { DataLoader } = torch.utils.data;
const { ToTensor } = transforms;
type Tensor = InstanceType<typeof torch.Tensor>;
const len = (dataset: unknown) => (dataset as { __len__(): number }).__len__(); // Python's len(dataset)

const DATA_ROOT = process.env.DATA_ROOT || "data";

// Download training data from open datasets.
const training_data = new datasets.FashionMNIST(DATA_ROOT, {
  train: true,
  download: true,
  transform: new ToTensor(),
});

// Download test data from open datasets.
const test_data = new datasets.FashionMNIST(DATA_ROOT, {
  train: false,
  download: true,
  transform: new ToTensor(),
});

const batch_size = 64;

// Create data loaders.
const train_dataloader = new DataLoader(training_data, { batch_size });
const test_dataloader = new DataLoader(test_data, { batch_size });

for (const [X, y] of test_dataloader) {
  console.log(`Shape of X [N, C, H, W]: ${X.shape}`);
  console.log(`Shape of y: ${y.shape} ${y.dtype}`);
  break;
}

const device = torch.accelerator.is_available() ? torch.accelerator.current_accelerator()!.type : "cpu";
console.log(`Using ${device} device`);

// Define model
class NeuralNetwork extends nn.Module {
  flatten = new nn.Flatten();
  linear_relu_stack = new nn.Sequential(
    new nn.Linear(28 * 28, 512),
    new nn.ReLU(),
    new nn.Linear(512, 512),
    new nn.ReLU(),
    new nn.Linear(512, 10),
  );

  forward(x: Tensor): Tensor {
    x = this.flatten.forward(x);
    const logits = this.linear_relu_stack.forward(x);
    return logits;
  }
}

let model = new NeuralNetwork().to(device);
console.log(`${model}`);

const loss_fn = new nn.CrossEntropyLoss();
const optimizer = new torch.optim.SGD(model.parameters(), { lr: 1e-3 });

const epochs = 5;
const progress = new TutorialProgress(epochs * train_dataloader.length);
let step = 0;

function train(dataloader: typeof train_dataloader, model: NeuralNetwork, loss_fn: InstanceType<typeof nn.CrossEntropyLoss>, optimizer: InstanceType<typeof torch.optim.SGD>) {
  const size = len(dataloader.dataset);
  model.train();
  let batch = 0;
  for (let [X, y] of dataloader) {
    [X, y] = [X.to(device), y.to(device)];

    // Compute prediction error
    const pred = model.forward(X);
    const loss = loss_fn.forward(pred, y);

    // Backpropagation
    loss.backward();
    optimizer.step();
    optimizer.zero_grad();

    if (batch % 100 === 0) {
      const [value, current] = [loss.item(), (batch + 1) * X.shape[0]];
      progress.print(`loss: ${fixed(value).padStart(7)}  [${String(current).padStart(5)}/${String(size).padStart(5)}]`);
    }
    if (progress.active) progress.update(++step, loss.item());
    batch++;
  }
}

function test(dataloader: typeof test_dataloader, model: NeuralNetwork, loss_fn: InstanceType<typeof nn.CrossEntropyLoss>) {
  const size = len(dataloader.dataset);
  const num_batches = dataloader.length;
  model.eval();
  let [test_loss, correct] = [0, 0];
  torch.no_grad(() => {
    for (let [X, y] of dataloader) {
      [X, y] = [X.to(device), y.to(device)];
      const pred = model.forward(X);
      test_loss += loss_fn.forward(pred, y).item();
      correct += pred.argmax(1).eq(y).type(torch.float).sum().item();
    }
  });
  test_loss /= num_batches;
  correct /= size;
  progress.print(`Test Error: \n Accuracy: ${fixed(100 * correct, 1)}%, Avg loss: ${fixed(test_loss).padStart(8)} \n`);
}

for (let t = 0; t < epochs; t++) {
  progress.print(`Epoch ${t + 1}\n-------------------------------`);
  train(train_dataloader, model, loss_fn, optimizer);
  test(test_dataloader, model, loss_fn);
}
progress.stop();
console.log("Done!");

torch.save(model.state_dict(), "model.pth");
console.log("Saved PyTorch Model State to model.pth");

model = new NeuralNetwork().to(device);
model.load_state_dict(torch.load("model.pth", { weights_only: true }));

const classes = [
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
];

model.eval();
let [x, y] = [test_data.__getitem__(0)[0] as Tensor, test_data.__getitem__(0)[1] as number];
torch.no_grad(() => {
  x = x.to(device);
  const pred = model.forward(x);
  const [predicted, actual] = [classes[pred.index(0).argmax(0).item()], classes[y]];
  console.log(`Predicted: "${predicted}", Actual: "${actual}"`);
});
