"""Trains the Transformer language model on the cat-and-dog sentences.

    python examples/transformer_lm/python/train.py [--epochs=150] [--resume] ...
"""
import argparse
import json
import os

import torch

from data import SENTENCES, get_dataloader
from model import TransformerLanguageModel
from trainer import CHECKPOINT, Trainer
from utils import CharTokenizer

# examples/transformer_lm/trained_model, where the TypeScript version writes too
TRAINED_MODEL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "trained_model")

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=150)
parser.add_argument("--batch_size", type=int, default=8)
parser.add_argument("--lr", type=float, default=3e-3)
parser.add_argument("--clip", type=float, default=1.0)
parser.add_argument("--d_model", type=int, default=64)
parser.add_argument("--n_heads", type=int, default=4)
parser.add_argument("--n_layers", type=int, default=2)
parser.add_argument("--d_ff", type=int, default=256)
parser.add_argument("--max_len", type=int, default=64)
parser.add_argument("--dropout", type=float, default=0.1)
parser.add_argument("--max_steps", type=int, default=0, help="stop after this many steps (0: no cap)")
parser.add_argument("--seed", type=int, default=1337)
parser.add_argument("--device", type=str, default="cuda" if torch.cuda.is_available() else "cpu")
parser.add_argument("--out_dir", type=str, default=TRAINED_MODEL)
parser.add_argument("--resume", action=argparse.BooleanOptionalAction, default=False,
                    help="continue from out_dir's checkpoint")
parser.add_argument("--loss_log", type=str, default="", help="write every step's loss (JSON) here")
args = parser.parse_args()

torch.manual_seed(args.seed)
tokenizer = CharTokenizer.from_texts(SENTENCES)
train_loader = get_dataloader(tokenizer, args.batch_size)
model = TransformerLanguageModel(tokenizer.vocab_size, args.d_model, args.n_heads, args.n_layers, args.d_ff,
                                 args.max_len, args.dropout, tokenizer.pad_idx).to(args.device)
print(f"{sum(p.numel() for p in model.parameters())} parameters, vocabulary of {tokenizer.vocab_size}")

trainer = Trainer(model, tokenizer, train_loader, lr=args.lr, clip=args.clip, device=args.device,
                  out_dir=args.out_dir, max_steps=args.max_steps)
if args.resume and os.path.exists(os.path.join(args.out_dir, CHECKPOINT)):
    trainer.load_checkpoint()
    print(f"resuming after epoch {trainer.epoch}")

try:
    trainer.train(args.epochs)
except KeyboardInterrupt:
    print("interrupted: saving the checkpoint")
    trainer.save_checkpoint()

steps = len(trainer.step_losses)
print(f"timing: {steps} steps in {trainer.step_time:.3f} s, {steps / max(trainer.step_time, 1e-9):.2f} steps/s")
if args.loss_log:
    with open(args.loss_log, "w") as f:
        json.dump(trainer.step_losses, f)

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.plot(range(1, len(trainer.losses) + 1), trainer.losses)
    plt.xlabel("epoch")
    plt.ylabel("loss")
    plt.title("training loss")
    plt.savefig(os.path.join(args.out_dir, "loss.png"))
except ImportError:
    print("matplotlib is not installed: no loss.png")
