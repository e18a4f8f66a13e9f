// PyTorch's "Training a Classifier" tutorial (https://docs.pytorch.org/tutorials/beginner/blitz/cifar10_tutorial.html)
// in torchts: CIFAR10, a LeNet-style CNN trained by SGD with momentum for 2 epochs, saved to
// ./cifar_net.pth, loaded back and tested, overall and per class. python/cifar10_tutorial.py is
// the original; both print the same lines. The data root is $DATA_ROOT when set ("./data" otherwise).
//
//   npx tsx examples/cifar10_tutorial/cifar10_tutorial.ts
//
// One difference: the images are not shown (there is no matplotlib imshow: only their labels
// are printed, as the tutorial prints them). The loaders' two workers are threads.
import torch from "torchts";
import { datasets, transforms } from "torchts/vision";
import { fixed } from "../common/format.ts";
import { TutorialProgress } from "../common/tty_progress.ts";

const { nn } = torch;
const F = torch.nn.functional;
const optim = torch.optim;
type Tensor = InstanceType<typeof torch.Tensor>;

const DATA_ROOT = process.env.DATA_ROOT || "./data";

// 1. Load and normalize CIFAR10

const transform = new transforms.Compose([new transforms.ToTensor(), new transforms.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])]);

const batch_size = 4;

const trainset = new datasets.CIFAR10(DATA_ROOT, { train: true, download: true, transform });
const trainloader = new torch.utils.data.DataLoader(trainset, { batch_size, shuffle: true, num_workers: 2 });

const testset = new datasets.CIFAR10(DATA_ROOT, { train: false, download: true, transform });
const testloader = new torch.utils.data.DataLoader(testset, { batch_size, shuffle: false, num_workers: 2 });

const classes = ["plane", "car", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

// get some random training images
let dataiter = trainloader[Symbol.iterator]();
let [images, labels]: [Tensor, Tensor] = dataiter.next().value;

// (the tutorial shows them here: imshow(torchvision.utils.make_grid(images)))
// print labels
console.log(Array.from({ length: batch_size }, (_, j) => classes[labels.index(j).item()].padEnd(5)).join(" "));

// 2. Define a Convolutional Neural Network

class Net extends nn.Module {
  conv1 = new nn.Conv2d(3, 6, 5);
  pool = new nn.MaxPool2d(2, 2);
  conv2 = new nn.Conv2d(6, 16, 5);
  fc1 = new nn.Linear(16 * 5 * 5, 120);
  fc2 = new nn.Linear(120, 84);
  fc3 = new nn.Linear(84, 10);

  forward(x: Tensor): Tensor {
    x = this.pool.forward(F.relu(this.conv1.forward(x)));
    x = this.pool.forward(F.relu(this.conv2.forward(x)));
    x = torch.flatten(x, 1); // flatten all dimensions except batch
    x = F.relu(this.fc1.forward(x));
    x = F.relu(this.fc2.forward(x));
    x = this.fc3.forward(x);
    return x;
  }
}

let net = new Net();

// 3. Define a Loss function and optimizer

const criterion = new nn.CrossEntropyLoss();
const optimizer = new optim.SGD(net.parameters(), { lr: 0.001, momentum: 0.9 });

// 4. Train the network

const epochs = 2;
const progress = new TutorialProgress(epochs * trainloader.length);
for (let epoch = 0; epoch < epochs; epoch++) { // loop over the dataset multiple times
  let running_loss = 0.0;
  let i = 0;
  for (const data of trainloader) {
    // get the inputs; data is a list of [inputs, labels]
    const [inputs, labels] = data;

    // zero the parameter gradients
    optimizer.zero_grad();

    // forward + backward + optimize
    const outputs = net.forward(inputs);
    const loss = criterion.forward(outputs, labels);
    loss.backward();
    optimizer.step();

    // print statistics
    const value = loss.item();
    running_loss += value;
    progress.update(epoch * trainloader.length + i + 1, value);
    if (i % 2000 === 1999) { // print every 2000 mini-batches
      progress.print(`[${epoch + 1}, ${String(i + 1).padStart(5)}] loss: ${fixed(running_loss / 2000, 3)}`);
      running_loss = 0.0;
    }
    i++;
  }
}
progress.stop();

console.log("Finished Training");

// Let's quickly save our trained model:

const PATH = "./cifar_net.pth";
torch.save(net.state_dict(), PATH);

// 5. Test the network on the test data

dataiter = testloader[Symbol.iterator]();
[images, labels] = dataiter.next().value;

// print images (the tutorial shows them: imshow(torchvision.utils.make_grid(images)))
console.log("GroundTruth: ", Array.from({ length: 4 }, (_, j) => classes[labels.index(j).item()].padEnd(5)).join(" "));

// Next, let's load back in our saved model

net = new Net();
net.load_state_dict(torch.load(PATH, { weights_only: true }));

// Okay, now let us see what the neural network thinks these examples above are:

let outputs = net.forward(images);

// The outputs are energies for the 10 classes.

let [, predicted] = torch.max(outputs, 1);

console.log("Predicted: ", Array.from({ length: 4 }, (_, j) => classes[predicted.index(j).item()].padEnd(5)).join(" "));

// Let us look at how the network performs on the whole dataset.

let correct = 0;
let total = 0;
// since we're not training, we don't need to calculate the gradients for our outputs
torch.no_grad(() => {
  for (const data of testloader) {
    [images, labels] = data;
    // calculate outputs by running images through the network
    outputs = net.forward(images);
    // the class with the highest energy is what we choose as prediction
    [, predicted] = torch.max(outputs, 1);
    total += labels.size(0);
    correct += predicted.eq(labels).sum().item();
  }
});

console.log(`Accuracy of the network on the 10000 test images: ${Math.floor((100 * correct) / total)} %`);

// what are the classes that performed well, and the classes that did not perform well:

// prepare to count predictions for each class
const correct_pred = Object.fromEntries(classes.map((classname) => [classname, 0]));
const total_pred = Object.fromEntries(classes.map((classname) => [classname, 0]));

// again no gradients needed
torch.no_grad(() => {
  for (const data of testloader) {
    [images, labels] = data;
    outputs = net.forward(images);
    const [, predictions] = torch.max(outputs, 1);
    // collect the correct predictions for each class
    const prediction_list: number[] = predictions.tolist();
    (labels.tolist() as number[]).forEach((label, k) => {
      if (label === prediction_list[k]) correct_pred[classes[label]] += 1;
      total_pred[classes[label]] += 1;
    });
  }
});

// print accuracy for each class
for (const [classname, correct_count] of Object.entries(correct_pred)) {
  const accuracy = (100 * correct_count) / total_pred[classname];
  console.log(`Accuracy for class: ${classname.padEnd(5)} is ${fixed(accuracy, 1)} %`);
}

// Training on GPU

const device = torch.device(torch.cuda.is_available() ? "cuda:0" : "cpu");

// Assuming that we are on a CUDA machine, this should print a CUDA device:

console.log(`${device}`);
