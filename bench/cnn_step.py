# Python half of bench/cnn-step.mjs: milliseconds per training step (forward, cross-entropy,
# backward, SGD momentum step, OneCycleLR step) of the CIFAR-style CNN, on CPU.
# Usage: python cnn_step.py <threads> <steps> <batch>; prints JSON {"ms": ms}.
import json
import sys
import time

import torch
import torch.nn as nn

torch.set_num_threads(int(sys.argv[1]))
STEPS, BATCH, WARMUP = int(sys.argv[2]), int(sys.argv[3]), 3


def cifar_net():
    return nn.Sequential(
        nn.Conv2d(3, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 128, 3, padding=1), nn.BatchNorm2d(128), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.5), nn.Linear(128, 10))


torch.manual_seed(0)
model = cifar_net()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=WARMUP + STEPS)
criterion = nn.CrossEntropyLoss()
x = torch.randn(BATCH, 3, 32, 32)
y = torch.randint(10, (BATCH,))


def step():
    optimizer.zero_grad()
    loss = criterion(model(x), y)
    loss.backward()
    optimizer.step()
    scheduler.step()


for _ in range(WARMUP):
    step()
start = time.perf_counter()
for _ in range(STEPS):
    step()
print(json.dumps({"ms": (time.perf_counter() - start) / STEPS * 1000}))
