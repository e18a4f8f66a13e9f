"""Samples text from the trained model.

    python examples/transformer_lm/python/generate.py --prompt="cats" [--max_new_tokens=60] [--temperature=0.8] [--top_k=10] ...
"""
import argparse
import os

import torch

from generator import Generator
from trainer import load_model

# examples/transformer_lm/trained_model, where the TypeScript version writes too
TRAINED_MODEL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "trained_model")

parser = argparse.ArgumentParser()
parser.add_argument("--prompt", type=str, default="cats")
parser.add_argument("--max_new_tokens", type=int, default=60)
parser.add_argument("--temperature", type=float, default=0.8)
parser.add_argument("--top_k", type=int, default=10, help="0: no top-k cut")
parser.add_argument("--seed", type=int, default=1337)
parser.add_argument("--device", type=str, default="cuda" if torch.cuda.is_available() else "cpu")
parser.add_argument("--out_dir", type=str, default=TRAINED_MODEL)
args = parser.parse_args()

torch.manual_seed(args.seed)
model, tokenizer = load_model(args.out_dir, args.device)
generator = Generator(model, tokenizer, args.device)
print(generator.generate(args.prompt, args.max_new_tokens, args.temperature, args.top_k or None))
