# Turns bench/gpu/run.sh's results (one JSON object a line, from bench.ts and bench.py) and
# the CUDA tests' summary into the Markdown tables of gpu-results.md. Plain Python, no torch.
#
#   python3 bench/gpu/report.py RESULTS.jsonl TESTS_SUMMARY.txt MACHINE.txt > gpu-results.md
import json
import sys

MiB = 1024 * 1024
GPT_CONFIG = "n_layer 6, n_head 6, n_embd 384, block 256, batch 64, dropout 0.2, fused AdamW, grad clip 1.0"
PRECISIONS = [("fp32", "fp32 (TF32 matmuls)"), ("bf16", "bf16 autocast"), ("fp16", "fp16 autocast + GradScaler")]
SMALL = [
    ("bigram", "bigram (65×65 table, batch 32, block 8, AdamW)"),
    ("lstm", "LSTM LM (2 layers, emb 128, hidden 256, batch 32, seq 64, vocab 10k, Adam)"),
]


def load(path):
    results = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                r = json.loads(line)
                results[(r["model"], r["precision"], r["impl"])] = r
    return results


def num(value, fmt):
    return "—" if value is None else format(value, fmt)


def ratio(ts, py, key):
    if ts is None or py is None or not py.get(key):
        return "—"
    return f"{ts[key] / py[key]:.2f}"


def main():
    results = load(sys.argv[1])
    tests = open(sys.argv[2]).read().strip() if len(sys.argv) > 2 else "not run"
    machine = open(sys.argv[3]).read().strip() if len(sys.argv) > 3 else ""
    any_result = next(iter(results.values()), {})
    out = ["# GPU results", ""]
    out.append(f"Device: {any_result.get('device_name') or any_result.get('device', '—')}. {machine}")
    out.append("")
    out.append(f"CUDA tests: {tests}")
    out.append("")

    gpt = [results.get(("gpt", p, i)) for p, _ in PRECISIONS for i in ("ts", "py")]
    steps = next((r for r in gpt if r), {})
    params = steps.get("params")
    params = f"{params / 1e6:.2f}M" if params else "—"
    out.append(f"## GPT ({GPT_CONFIG}; {params} parameters): {steps.get('steps', '—')} timed steps after {steps.get('warmup', '—')} warm-up")
    out.append("")
    out.append("| precision | torchts ms/step | PyTorch ms/step | torchts / PyTorch time | torchts tokens/s | PyTorch tokens/s | torchts MFU | PyTorch MFU | last loss torchts / PyTorch |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for p, label in PRECISIONS:
        ts, py = results.get(("gpt", p, "ts")), results.get(("gpt", p, "py"))
        out.append(
            f"| {label} | {num(ts and ts['ms_per_step'], '.1f')} | {num(py and py['ms_per_step'], '.1f')} | {ratio(ts, py, 'ms_per_step')} "
            f"| {num(ts and ts['tokens_per_s'], ',.0f')} | {num(py and py['tokens_per_s'], ',.0f')} "
            f"| {num(ts and ts['mfu'] and 100 * ts['mfu'], '.1f')}{'%' if ts and ts['mfu'] else ''} "
            f"| {num(py and py['mfu'] and 100 * py['mfu'], '.1f')}{'%' if py and py['mfu'] else ''} "
            f"| {num(ts and ts['final_loss'], '.4f')} / {num(py and py['final_loss'], '.4f')} |"
        )
    out.append("")
    out.append("MFU: nanoGPT's estimate_mfu (6N + 12·L·H·Q·T FLOPs per token) against the card's peak bf16 dense FLOPs (H100 SXM / H200: 989e12).")
    out.append("")

    out.append("## Small models: training steps per second (fp32)")
    out.append("")
    out.append("| model | torchts steps/s | PyTorch steps/s | torchts / PyTorch |")
    out.append("| --- | ---: | ---: | ---: |")
    for m, label in SMALL:
        ts, py = results.get((m, "fp32", "ts")), results.get((m, "fp32", "py"))
        out.append(f"| {label} | {num(ts and ts['steps_per_s'], '.1f')} | {num(py and py['steps_per_s'], '.1f')} | {ratio(ts, py, 'steps_per_s')} |")
    out.append("")

    mem = [(i, results.get(("gpt", "bf16", i))) for i in ("ts", "py")]
    n = max((r["memory"][-1][0] for _, r in mem if r and r["memory"]), default=None)
    out.append(f"## Memory: torch.cuda.memory_allocated over {n or '—'} more GPT bf16 steps (sampled every few steps)")
    out.append("")
    out.append("| impl | first sample (MiB) | last sample (MiB) | min (MiB) | max (MiB) | max_memory_allocated (MiB) |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    for impl, r in mem:
        samples = [b for _, b in r["memory"]] if r else []
        row = [f"{s / MiB:.0f}" for s in (samples[0], samples[-1], min(samples), max(samples))] if samples else ["—"] * 4
        peak = num(r and r["max_memory_allocated"] and r["max_memory_allocated"] / MiB, ".0f")
        out.append(f"| {'torchts' if impl == 'ts' else 'PyTorch'} | {' | '.join(row)} | {peak} |")
    out.append("")
    print("\n".join(out))


main()
