# Python twin of bench/gpt_phases/phases.ts (run under torch.distributed.run for DDP).
#   python bench/gpt_phases/phases.py ROUNDS STEPS
import json, os, sys, time
import torch
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "examples", "gpt", "python"))
from model import GPT, GPTConfig

rounds, steps = int(sys.argv[1]), int(sys.argv[2])
ddp = "RANK" in os.environ
if ddp:
    torch.distributed.init_process_group(backend="gloo")
torch.manual_seed(0)
model = GPT(GPTConfig(n_layer=4, n_head=4, n_embd=128, block_size=64, vocab_size=65, dropout=0.0, bias=False))
optimizer = model.configure_optimizers(0.1, 1e-3, (0.9, 0.99), "cpu")
ddp_model = torch.nn.parallel.DistributedDataParallel(model) if ddp else None
X = torch.randint(0, 65, (12, 64))
Y = torch.randint(0, 65, (12, 64))
clock = time.perf_counter
for _ in range(rounds):
    t = {"forward": 0.0, "backward": 0.0, "clip": 0.0, "optimizer": 0.0}
    for _ in range(steps):
        a = clock(); _, loss = (ddp_model or model)(X, Y); b = clock()
        loss.backward(); c = clock()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0); d = clock()
        optimizer.step(); optimizer.zero_grad(set_to_none=True); e = clock()
        t["forward"] += b - a; t["backward"] += c - b; t["clip"] += d - c; t["optimizer"] += e - d
    if os.environ.get("RANK", "0") == "0":
        print(json.dumps({k: v * 1000 / steps for k, v in t.items()}), flush=True)
if ddp:
    torch.distributed.destroy_process_group()
