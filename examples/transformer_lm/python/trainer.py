"""Training loop and checkpoints."""
import os
import time

import torch
import torch.nn as nn

from model import TransformerLanguageModel
from utils import CharTokenizer

CHECKPOINT = "checkpoint.pt"


class Trainer:
    def __init__(self, model, tokenizer, train_loader, lr=3e-3, clip=1.0, device="cpu", out_dir="trained_model",
                 max_steps=0):
        self.model = model
        self.tokenizer = tokenizer
        self.train_loader = train_loader
        self.clip = clip
        self.device = device
        self.out_dir = out_dir
        self.max_steps = max_steps  # 0: no cap
        self.criterion = nn.CrossEntropyLoss(ignore_index=tokenizer.pad_idx)
        self.optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        self.epoch = 0  # epochs done
        self.losses = []  # mean loss of each epoch
        self.step_losses = []  # every step's loss, this run
        self.step_time = 0.0  # seconds spent in training steps

    def train_step(self, inputs, targets):
        start = time.perf_counter()
        inputs, targets = inputs.to(self.device), targets.to(self.device)
        logits = self.model(inputs)
        loss = self.criterion(logits.view(-1, logits.size(-1)), targets.view(-1))
        self.optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(self.model.parameters(), self.clip)
        self.optimizer.step()
        loss = loss.item()
        self.step_time += time.perf_counter() - start
        self.step_losses.append(loss)
        return loss

    def capped(self):
        return self.max_steps > 0 and len(self.step_losses) >= self.max_steps

    def train_epoch(self):
        self.model.train()
        total = 0.0
        batches = 0
        for inputs, targets in self.train_loader:
            total += self.train_step(inputs, targets)
            batches += 1
            if self.capped():
                break
        return total / batches

    def train(self, epochs):
        while self.epoch < epochs and not self.capped():
            loss = self.train_epoch()
            self.epoch += 1
            self.losses.append(loss)
            print(f"epoch {self.epoch}/{epochs}: loss {loss:.4f}")
            self.save_checkpoint()

    def save_checkpoint(self):
        os.makedirs(self.out_dir, exist_ok=True)
        torch.save({
            "model": self.model.state_dict(),
            "optimizer": self.optimizer.state_dict(),
            "epoch": self.epoch,
            "losses": self.losses,
            "vocab": self.tokenizer.itos,
            "config": self.model.config,
            # The data order and dropout draw from this generator: resuming restores it.
            "rng_state": torch.get_rng_state(),
        }, os.path.join(self.out_dir, CHECKPOINT))

    def load_checkpoint(self):
        checkpoint = load_checkpoint(self.out_dir, self.device)
        self.model.load_state_dict(checkpoint["model"])
        self.optimizer.load_state_dict(checkpoint["optimizer"])
        self.epoch = checkpoint["epoch"]
        self.losses = list(checkpoint["losses"])
        torch.set_rng_state(checkpoint["rng_state"])


def load_checkpoint(out_dir, device="cpu"):
    return torch.load(os.path.join(out_dir, CHECKPOINT), map_location=device)


def load_model(out_dir, device="cpu"):
    """The trained model (in eval mode) and its tokenizer, from out_dir's checkpoint."""
    checkpoint = load_checkpoint(out_dir, device)
    tokenizer = CharTokenizer(checkpoint["vocab"])
    model = TransformerLanguageModel(**checkpoint["config"]).to(device)
    model.load_state_dict(checkpoint["model"])
    model.eval()
    return model, tokenizer
