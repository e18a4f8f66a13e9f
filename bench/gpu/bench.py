# One timed training run of a benchmark model in Python torch: bench/gpu/bench.ts's twin, with
# the same arguments and the same `RESULT {json}` line.
#
#   python3 bench/gpu/bench.py --model=gpt --precision=bf16 --steps=50 [--device=cuda]
import argparse
import json
import os
import re
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from models import GPT, LSTMLM, Bigram  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--device", default="cuda")
parser.add_argument("--model", default="gpt")
parser.add_argument("--precision", default="fp32")
parser.add_argument("--steps", type=int, default=50)
parser.add_argument("--warmup", type=int, default=10)
parser.add_argument("--mem_steps", type=int, default=0)
parser.add_argument("--mem_every", type=int, default=10)
parser.add_argument("--n_layer", type=int, default=6)
parser.add_argument("--n_embd", type=int, default=384)
parser.add_argument("--n_head", type=int, default=6)
parser.add_argument("--block_size", type=int, default=256)
parser.add_argument("--batch_size", type=int, default=64)
args = parser.parse_args()

device = args.device
device_type = "cuda" if device.startswith("cuda") else "cpu"
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "..", "..", "data", "tinyshakespeare.txt"), encoding="utf8") as f:
    text = f.read()


def peak_flops(name):
    if name is None:
        return None
    if re.search(r"H100.*PCIe", name):
        return 756e12
    if re.search(r"H100|H200", name):
        return 989e12
    if "A100" in name:
        return 312e12
    return None


def sync():
    if device_type == "cuda":
        torch.cuda.synchronize()


chars = sorted(set(text))
stoi = {c: i for i, c in enumerate(chars)}
data = torch.tensor([stoi[c] for c in text], dtype=torch.long)


def char_batch(batch_size, block_size):
    ix = torch.randint(data.numel() - block_size - 1, (batch_size, 1))
    idx = ix + torch.arange(block_size)
    x, y = data[idx], data[idx + 1]
    if device_type == "cuda":
        return x.pin_memory().to(device, non_blocking=True), y.pin_memory().to(device, non_blocking=True)
    return x.to(device), y.to(device)


torch.manual_seed(1337)
torch.backends.cuda.matmul.allow_tf32 = True
torch.backends.cudnn.allow_tf32 = True

if args.model == "gpt":
    config = dict(block_size=args.block_size, vocab_size=len(chars), n_layer=args.n_layer, n_head=args.n_head,
                  n_embd=args.n_embd, dropout=0.2, bias=False)
    model = GPT(config).to(device)
    optimizer = model.configure_optimizers(0.1, 1e-3, (0.9, 0.99), device_type)
    get_batch = lambda: char_batch(args.batch_size, args.block_size)  # noqa: E731
    tokens_per_step, grad_clip = args.batch_size * args.block_size, 1.0
elif args.model == "bigram":
    model = Bigram(len(chars)).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    get_batch = lambda: char_batch(32, 8)  # noqa: E731
    tokens_per_step, grad_clip = 32 * 8, 0.0
elif args.model == "lstm":
    model = LSTMLM(10000, 128, 256).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    get_batch = lambda: (torch.randint(0, 10000, (32, 64), device=device), torch.randint(0, 10000, (32, 64), device=device))  # noqa: E731
    tokens_per_step, grad_clip = 32 * 64, 1.0
else:
    sys.exit(f"unknown --model={args.model}")

autocast_dtype = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(args.precision)
scaler = torch.amp.GradScaler(device_type, enabled=args.precision == "fp16")
model.train()
loss = None


def step():
    global loss
    X, Y = get_batch()
    if autocast_dtype is None:
        _, loss = model(X, Y)
    else:
        with torch.autocast(device_type, dtype=autocast_dtype):
            _, loss = model(X, Y)
    scaler.scale(loss).backward()
    if grad_clip != 0.0:
        scaler.unscale_(optimizer)
        torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
    scaler.step(optimizer)
    scaler.update()
    optimizer.zero_grad(set_to_none=True)


for _ in range(args.warmup):
    step()
sync()
t0 = time.perf_counter()
for _ in range(args.steps):
    step()
sync()
dt = (time.perf_counter() - t0) / args.steps

memory = []
if device_type == "cuda" and args.mem_steps > 0:
    for i in range(1, args.mem_steps + 1):
        step()
        if i % args.mem_every == 0:
            memory.append([i, torch.cuda.memory_allocated()])

device_name = torch.cuda.get_device_name() if device_type == "cuda" else None
peak = peak_flops(device_name)
result = {
    "impl": "py",
    "model": args.model,
    "precision": args.precision,
    "device": device,
    "device_name": device_name,
    "steps": args.steps,
    "warmup": args.warmup,
    "ms_per_step": dt * 1000,
    "steps_per_s": 1 / dt,
    "tokens_per_s": tokens_per_step / dt,
    "mfu": model.estimate_mfu(tokens_per_step / model.config["block_size"], dt, peak) if args.model == "gpt" and peak else None,
    "params": model.get_num_params() if args.model == "gpt" else None,
    "final_loss": loss.item() if loss is not None else None,
    "scale": scaler.get_scale(),
    "memory": memory,
    "max_memory_allocated": torch.cuda.max_memory_allocated() if device_type == "cuda" else None,
}
print("RESULT " + json.dumps(result))
