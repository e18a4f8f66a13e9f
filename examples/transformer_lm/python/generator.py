"""Autoregressive sampling with temperature and top-k."""
import torch
import torch.nn.functional as F


class Generator:
    def __init__(self, model, tokenizer, device="cpu"):
        self.model = model
        self.tokenizer = tokenizer
        self.device = device

    @torch.no_grad()
    def generate(self, prompt, max_new_tokens=60, temperature=1.0, top_k=None):
        """The prompt and up to max_new_tokens sampled characters, ending early at the end token."""
        self.model.eval()
        ids = torch.tensor([self.tokenizer.encode(prompt)], dtype=torch.long, device=self.device)
        for _ in range(max_new_tokens):
            context = ids[:, -self.model.max_len:]
            logits = self.model(context)[:, -1, :] / temperature
            logits[:, self.tokenizer.pad_idx] = float("-inf")  # padding is never a next token
            if top_k is not None:
                v, _ = torch.topk(logits, min(top_k, logits.size(-1)))
                logits[logits < v[:, [-1]]] = float("-inf")
            probs = F.softmax(logits, dim=-1)
            next_id = torch.multinomial(probs, num_samples=1)
            if next_id.item() == self.tokenizer.eos_idx:
                break
            ids = torch.cat([ids, next_id], dim=1)
        return self.tokenizer.decode(ids[0].tolist())
