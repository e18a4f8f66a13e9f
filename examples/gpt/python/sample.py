"""
Sample from a trained model: nanoGPT's sample.py, trimmed (no GPT-2 checkpoints, no
torch.compile). examples/gpt/sample.ts is its TS twin.

$ python examples/gpt/python/sample.py --prompt="ROMEO:" --num_samples=2 --max_new_tokens=200
"""
import os
from contextlib import nullcontext

import torch

from model import GPTConfig, GPT
from data import load_shakespeare_char

# -----------------------------------------------------------------------------
out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'out-python') # reads ckpt.pt, else last.pt
start = "\n" # or "<|endoftext|>" or etc. Can also specify a file, use as: "FILE:prompt.txt"
prompt = '' # the same as start (the name the TS version's docs use); wins when given
num_samples = 10 # number of samples to draw
max_new_tokens = 500 # number of tokens generated in each sample
temperature = 0.8 # 1.0 = no change, < 1.0 = less random, > 1.0 = more random, in predictions
top_k = 200 # retain only the top_k most likely tokens, clamp others to have 0 probability (0: all)
seed = 1337
device = 'cuda' if torch.cuda.is_available() else 'cpu' # examples: 'cpu', 'cuda', 'cuda:0', 'cuda:1', etc.
dtype = 'bfloat16' if torch.cuda.is_available() else 'float32' # 'float32' or 'bfloat16' or 'float16' (autocast on CUDA)
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'configurator.py')).read()) # overrides from command line
# -----------------------------------------------------------------------------

torch.manual_seed(seed)
device_type = 'cuda' if 'cuda' in device else 'cpu' # for later use in torch.autocast
ptdtype = {'float32': torch.float32, 'bfloat16': torch.bfloat16, 'float16': torch.float16}[dtype]
ctx = nullcontext() if device_type == 'cpu' else torch.amp.autocast(device_type=device_type, dtype=ptdtype)

# model
ckpt_path = os.path.join(out_dir, 'ckpt.pt')
if not os.path.exists(ckpt_path):
    ckpt_path = os.path.join(out_dir, 'last.pt')
checkpoint = torch.load(ckpt_path, map_location=device)
gptconf = GPTConfig(**checkpoint['model_args'])
model = GPT(gptconf)
state_dict = checkpoint['model']
model.load_state_dict(state_dict)

model.eval()
model.to(device)

# the character vocabulary of Tiny Shakespeare (nanoGPT reads it from meta.pkl)
_, _, _, encode, decode = load_shakespeare_char()

# encode the beginning of the prompt
if prompt:
    start = prompt
if start.startswith('FILE:'):
    with open(start[5:], 'r', encoding='utf-8') as f:
        start = f.read()
start_ids = encode(start)
x = (torch.tensor(start_ids, dtype=torch.long, device=device)[None, ...])

# run generation
with torch.no_grad():
    with ctx:
        for k in range(num_samples):
            y = model.generate(x, max_new_tokens, temperature=temperature, top_k=top_k if top_k > 0 else None)
            print(decode(y[0].tolist()))
            print('---------------')
