"""
Trains a character-level GPT on Tiny Shakespeare: nanoGPT's train.py with
config/train_shakespeare_char.py, trimmed to one GPU or the CPU (no DDP, no torch.compile, no
wandb). examples/gpt/train.ts is its TS twin: same options, same random
draws, same numbers.

$ python examples/gpt/python/train.py                    # full on CUDA, small on CPU
$ python examples/gpt/python/train.py --config=small --max_iters=500
$ python examples/gpt/python/train.py --init_from=resume # continue from out_dir/last.pt

Beyond nanoGPT: checkpoints also hold torch.get_rng_state() (taken before the pending training
batch was drawn; on CUDA also torch.cuda.get_rng_state(), which dropout draws from there), so a
resumed run draws the batches and dropout masks of an uninterrupted one;
out_dir/last.pt is written at every evaluation, at the end and on Ctrl-C (the first Ctrl-C
stops after the current step; exit status 0), beside nanoGPT's best-val-loss ckpt.pt;
--loss_log=path writes every step's loss as JSON; a sample is printed at the end.
"""
import json
import math
import os
import signal
import sys
import time
from contextlib import nullcontext

import torch
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.distributed import init_process_group, destroy_process_group

from model import GPTConfig, GPT
from data import load_shakespeare_char

# -----------------------------------------------------------------------------
# default config values: the full shakespeare_char run (nanoGPT's config/train_shakespeare_char.py)
# I/O
out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'out-python')
eval_interval = 250
log_interval = 10
eval_iters = 200
eval_only = False # if True, script exits right after the first eval (at any iter_num, also on resume)
always_save_checkpoint = False # if True, always save a checkpoint after each eval
init_from = 'scratch' # 'scratch' or 'resume'
# data
gradient_accumulation_steps = 1 # used to simulate larger batch sizes
batch_size = 64 # if gradient_accumulation_steps > 1, this is the micro-batch size
block_size = 256
# model
n_layer = 6
n_head = 6
n_embd = 384
dropout = 0.2
bias = False # do we use bias inside LayerNorm and Linear layers?
# adamw optimizer
learning_rate = 1e-3 # max learning rate
max_iters = 5000 # total number of training iterations
weight_decay = 1e-1
beta1 = 0.9
beta2 = 0.99
grad_clip = 1.0 # clip gradients at this value, or disable if == 0.0
# learning rate decay settings
decay_lr = True # whether to decay the learning rate
warmup_iters = 100 # how many steps to warm up for
lr_decay_iters = 5000 # should be ~= max_iters per Chinchilla
min_lr = 1e-4 # minimum learning rate, should be ~= learning_rate/10 per Chinchilla
# system
device = 'cuda' if torch.cuda.is_available() else 'cpu' # or 'cpu', 'cuda:0', ...
dtype = 'bfloat16' if torch.cuda.is_available() else 'float32' # 'float32', 'bfloat16', or 'float16' (CUDA only: autocast; float16 adds a GradScaler)
config = '' # preset of ../presets.json: 'full' or 'small' (default: full on CUDA, small on CPU)
seed = 1337
loss_log = '' # a path: write every training step's loss there as a JSON array
sample_new_tokens = 300 # length of the sample printed at the end (0: none)
# -----------------------------------------------------------------------------
config_keys = [k for k,v in globals().items() if not k.startswith('_') and isinstance(v, (int, float, bool, str))]
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'configurator.py')).read()) # overrides from command line
run_config = {k: globals()[k] for k in config_keys} # will be useful for logging
# -----------------------------------------------------------------------------

# various inits, derived attributes, I/O setup
ddp = int(os.environ.get('RANK', -1)) != -1 # is this a ddp run?
if ddp:
    init_process_group(backend='nccl' if 'cuda' in device else 'gloo')
    ddp_rank = int(os.environ['RANK'])
    ddp_local_rank = int(os.environ['LOCAL_RANK'])
    ddp_world_size = int(os.environ['WORLD_SIZE'])
    if 'cuda' in device:
        device = f'cuda:{ddp_local_rank}'
        torch.cuda.set_device(device)
    master_process = ddp_rank == 0 # this process will do logging, checkpointing etc.
    seed_offset = ddp_rank # each process gets a different seed
    # world_size number of processes will be training simultaneously, so we can scale
    # down the desired gradient accumulation iterations per process proportionally
    assert gradient_accumulation_steps % ddp_world_size == 0
    gradient_accumulation_steps //= ddp_world_size
else:
    # if not ddp, we are running on a single gpu, and one process
    master_process = True
    seed_offset = 0
    ddp_world_size = 1
tokens_per_iter = gradient_accumulation_steps * ddp_world_size * batch_size * block_size
if master_process:
    print(f"config {config}, device {device}, tokens per iteration will be: {tokens_per_iter:,}")
    os.makedirs(out_dir, exist_ok=True)
torch.manual_seed(seed + seed_offset)
torch.backends.cuda.matmul.allow_tf32 = True # allow tf32 on matmul
torch.backends.cudnn.allow_tf32 = True # allow tf32 on cudnn
device_type = 'cuda' if 'cuda' in device else 'cpu' # for later use in torch.autocast
# note: float16 data type will automatically use a GradScaler
ptdtype = {'float32': torch.float32, 'bfloat16': torch.bfloat16, 'float16': torch.float16}[dtype]
ctx = nullcontext() if device_type == 'cpu' else torch.amp.autocast(device_type=device_type, dtype=ptdtype)

# poor man's data loader: the encoded text as a tensor, random windows of it
train_data, val_data, meta_vocab_size, encode, decode = load_shakespeare_char()
def get_batch(split):
    data = train_data if split == 'train' else val_data
    ix = torch.randint(len(data) - block_size, (batch_size,))
    x = torch.stack([data[i:i+block_size] for i in ix])
    y = torch.stack([data[i+1:i+1+block_size] for i in ix])
    x, y = x.to(device), y.to(device)
    return x, y

# init these up here, can override if init_from='resume' (i.e. from a checkpoint)
iter_num = 0
best_val_loss = 1e9
eval_log = {'iters': [], 'train': [], 'val': []} # the losses of each evaluation (the TS version plots them)

# model init
model_args = dict(n_layer=n_layer, n_head=n_head, n_embd=n_embd, block_size=block_size,
                  bias=bias, vocab_size=None, dropout=dropout) # start with model_args from command line
if init_from == 'scratch':
    # init a new model from scratch
    print("Initializing a new model from scratch")
    model_args['vocab_size'] = meta_vocab_size
    gptconf = GPTConfig(**model_args)
    model = GPT(gptconf)
elif init_from == 'resume':
    # the latest state (last.pt) if there is one, else the best (ckpt.pt)
    ckpt_path = os.path.join(out_dir, 'last.pt')
    if not os.path.exists(ckpt_path):
        ckpt_path = os.path.join(out_dir, 'ckpt.pt')
    if not os.path.exists(ckpt_path):
        raise FileNotFoundError(f"--init_from=resume: no last.pt or ckpt.pt in {out_dir}")
    print(f"Resuming training from {ckpt_path}")
    checkpoint = torch.load(ckpt_path, map_location=device)
    checkpoint_model_args = checkpoint['model_args']
    # force these config attributes to be equal otherwise we can't even resume training
    # the rest of the attributes (e.g. dropout) can stay as desired from command line
    for k in ['n_layer', 'n_head', 'n_embd', 'block_size', 'bias', 'vocab_size']:
        model_args[k] = checkpoint_model_args[k]
    block_size = model_args['block_size'] # the batches have the model's context length
    # create the model
    gptconf = GPTConfig(**model_args)
    model = GPT(gptconf)
    state_dict = checkpoint['model']
    model.load_state_dict(state_dict)
    iter_num = checkpoint['iter_num']
    best_val_loss = checkpoint['best_val_loss']
    eval_log = checkpoint.get('eval_log', eval_log)
else:
    raise ValueError(f"--init_from: expected 'scratch' or 'resume', got {init_from!r}")
model.to(device)

# initialize a GradScaler. If enabled=False scaler is a no-op
scaler = torch.amp.GradScaler(device_type, enabled=(dtype == 'float16'))

# optimizer
optimizer = model.configure_optimizers(weight_decay, learning_rate, (beta1, beta2), device)
if init_from == 'resume':
    optimizer.load_state_dict(checkpoint['optimizer'])
    torch.set_rng_state(checkpoint['rng_state'].cpu())
    if device_type == 'cuda' and checkpoint.get('cuda_rng_state') is not None:
        torch.cuda.set_rng_state(checkpoint['cuda_rng_state'].cpu())
checkpoint = None # free up memory

# wrap model into DDP container
if ddp:
    model = DDP(model, device_ids=[ddp_local_rank] if 'cuda' in device else None)
raw_model = model.module if ddp else model # unwrap DDP container if needed

# helps estimate an arbitrarily accurate loss over either split using many batches
@torch.no_grad()
def estimate_loss():
    out = {}
    model.eval()
    for split in ['train', 'val']:
        losses = torch.zeros(eval_iters)
        for k in range(eval_iters):
            X, Y = get_batch(split)
            with ctx:
                logits, loss = model(X, Y)
            losses[k] = loss.item()
        out[split] = losses.mean().item()
    model.train()
    return out

# learning rate decay scheduler (cosine with warmup)
def get_lr(it):
    # 1) linear warmup for warmup_iters steps
    if it < warmup_iters:
        return learning_rate * (it + 1) / (warmup_iters + 1)
    # 2) if it > lr_decay_iters, return min learning rate
    if it > lr_decay_iters:
        return min_lr
    # 3) in between, use cosine decay down to min learning rate
    decay_ratio = (it - warmup_iters) / (lr_decay_iters - warmup_iters)
    assert 0 <= decay_ratio <= 1
    coeff = 0.5 * (1.0 + math.cos(math.pi * decay_ratio)) # coeff ranges 0..1
    return min_lr + coeff * (learning_rate - min_lr)

def save_checkpoint(name):
    checkpoint = {
        'model': raw_model.state_dict(),
        'optimizer': optimizer.state_dict(),
        'model_args': model_args,
        'iter_num': iter_num,
        'best_val_loss': best_val_loss,
        'config': run_config,
        'rng_state': rng_state,
        'cuda_rng_state': torch.cuda.get_rng_state() if device_type == 'cuda' else None,
        'eval_log': eval_log,
    }
    torch.save(checkpoint, os.path.join(out_dir, name))

# Ctrl-C: the first one stops after the current step (and saves last.pt), a second one quits
interrupted = False
def on_sigint(signum, frame):
    global interrupted
    if interrupted:
        raise KeyboardInterrupt
    interrupted = True
    print("\ninterrupted: stopping after this step (Ctrl-C again to quit now)", file=sys.stderr)
signal.signal(signal.SIGINT, on_sigint)

# training loop
rng_state = torch.get_rng_state() # the random state before the pending batch was drawn
X, Y = get_batch('train') # fetch the very first batch
losses_log = []
train_time = 0.0 # seconds spent in training steps (evaluation excluded)
steps = 0
while True:

    # determine and set the learning rate for this iteration
    lr = get_lr(iter_num) if decay_lr else learning_rate
    for param_group in optimizer.param_groups:
        param_group['lr'] = lr

    # evaluate the loss on train/val sets and write checkpoints
    if (iter_num % eval_interval == 0 or eval_only) and master_process:
        losses = estimate_loss()
        print(f"step {iter_num}: train loss {losses['train']:.4f}, val loss {losses['val']:.4f}")
        eval_log['iters'].append(iter_num)
        eval_log['train'].append(losses['train'])
        eval_log['val'].append(losses['val'])
        if losses['val'] < best_val_loss or always_save_checkpoint:
            best_val_loss = losses['val']
            if iter_num > 0:
                print(f"saving checkpoint to {out_dir}")
                save_checkpoint('ckpt.pt')
        save_checkpoint('last.pt')
    if eval_only:
        break

    # forward backward update, with optional gradient accumulation to simulate larger batch size
    t0 = time.time()
    for micro_step in range(gradient_accumulation_steps):
        if ddp:
            # in DDP training we only need to sync gradients at the last micro step.
            model.require_backward_grad_sync = (micro_step == gradient_accumulation_steps - 1)
        with ctx:
            logits, loss = model(X, Y)
            loss = loss / gradient_accumulation_steps # scale the loss to account for gradient accumulation
        # immediately async prefetch next batch while model is doing the forward pass on the GPU
        rng_state = torch.get_rng_state()
        X, Y = get_batch('train')
        # backward pass, with gradient scaling if training in fp16
        scaler.scale(loss).backward()
    # clip the gradient
    if grad_clip != 0.0:
        scaler.unscale_(optimizer)
        torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
    # step the optimizer and scaler if training in fp16
    scaler.step(optimizer)
    scaler.update()
    # flush the gradients as soon as we can, no need for this memory anymore
    optimizer.zero_grad(set_to_none=True)

    # timing and logging
    lossf = loss.item() * gradient_accumulation_steps
    t1 = time.time()
    dt = t1 - t0
    train_time += dt
    steps += 1
    losses_log.append(lossf)
    if iter_num % log_interval == 0 and master_process:
        print(f"iter {iter_num}: loss {lossf:.4f}, time {dt*1000:.2f}ms")
    iter_num += 1

    # termination conditions
    if interrupted:
        if master_process:
            save_checkpoint('last.pt')
        print(f"interrupted at iteration {iter_num}: saved {os.path.join(out_dir, 'last.pt')} (continue with --init_from=resume)")
        break
    if iter_num > max_iters:
        if master_process:
            save_checkpoint('last.pt')
        break

print(f"best val loss {best_val_loss:.4f}")
print(f"timing: {steps} steps in {train_time:.2f} s, {steps / train_time if train_time > 0 else 0:.2f} steps/s")
if ddp:
    destroy_process_group()
if loss_log and master_process:
    with open(loss_log, 'w') as f:
        json.dump(losses_log, f)

if sample_new_tokens > 0 and not interrupted and master_process:
    model = raw_model
    model.eval()
    x = torch.tensor(encode('\n'), dtype=torch.long, device=device)[None, ...]
    with torch.no_grad():
        with ctx:
            y = model.generate(x, sample_new_tokens, temperature=0.8, top_k=200)
    print('sample:')
    print(decode(y[0].tolist()))
