#!/usr/bin/env bash
# The GPU check in one go (what `scripts/gpu-check run` runs on a lent GPU machine, with node on
# PATH and torch in python3): the test files that have CUDA tests, then the benchmarks, torchts
# and PyTorch side by side, each run in a fresh process, then the tables. Writes to $OUT:
#   gpu.log            everything printed, in order
#   gpu-results.md     the tables (bench/gpu/report.py)
#   gpu-results.jsonl  one result a line
# A deadline (BENCH_BUDGET_S, default 450 s) keeps the whole within the device tool's limit:
# runs that would start after it are skipped and say so.
#
# Try it on CPU (every path but the CUDA-only ones), tiny and quick (TEST_FILES picks the tests):
#   BENCH_DEVICE=cpu TEST_FILES=test/backends.test.ts GPT_ARGS="--n_layer=1 --n_embd=32 --n_head=2 --block_size=16 --batch_size=4" \
#     GPT_STEPS=2 WARMUP=1 SMALL_STEPS=2 MEM_STEPS=0 PYTHON=/path/to/python-with-torch bench/gpu/run.sh
set -uo pipefail
cd "$(dirname "$0")/../.."

out="${OUT:-$PWD/.cache/gpu-out}"
mkdir -p "$out"
log="$out/gpu.log"
results="$out/gpu-results.jsonl"
: > "$results"

device="${BENCH_DEVICE:-cuda}"
python="${PYTHON:-python3}"
budget="${BENCH_BUDGET_S:-450}"
gpt_steps="${GPT_STEPS:-50}"
warmup="${WARMUP:-10}"
small_steps="${SMALL_STEPS:-200}"
mem_steps="${MEM_STEPS:-300}"
mem_every="${MEM_EVERY:-25}"
gpt_args="${GPT_ARGS:-}"
start=$SECONDS

say() { echo "$@" | tee -a "$log"; }
left() { echo $((budget - (SECONDS - start))); }

# run_bench IMPL MODEL PRECISION STEPS [extra args]: one timed run; its RESULT line goes to $results.
run_bench() {
  local impl=$1 model=$2 precision=$3 steps=$4
  shift 4
  local remaining
  remaining=$(left)
  if ((remaining < 20)); then
    say "== skipped $impl $model $precision: past the time budget"
    return
  fi
  local cmd=(node node_modules/tsx/dist/cli.mjs bench/gpu/bench.ts)
  [[ $impl == py ]] && cmd=("$python" bench/gpu/bench.py)
  say "== $impl $model $precision ($steps steps)"
  timeout "$remaining" "${cmd[@]}" --device="$device" --model="$model" --precision="$precision" \
    --steps="$steps" --warmup="$warmup" "$@" 2>&1 | tee -a "$log" | sed -n 's/^RESULT //p' >> "$results"
}

: > "$log"
say "== machine"
{ nvidia-smi || true; node --version; "$python" -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.is_available())'; } >> "$log" 2>&1
machine="torch $("$python" -c 'import torch; print(torch.__version__)' 2>/dev/null || echo '?'), node $(node --version)"

tests_summary="not run"
if [[ "${RUN_TESTS:-1}" == 1 ]]; then
  if [[ -n "${TEST_FILES:-}" ]]; then
    read -ra files <<< "$TEST_FILES"
  else
    mapfile -t files < <(grep -l "cuda.is_available()" test/*.test.ts)
  fi
  say "== CUDA tests: ${files[*]}"
  timeout "${TESTS_TIMEOUT_S:-200}" node node_modules/vitest/vitest.mjs run "${files[@]}" > "$out/tests.log" 2>&1
  status=$?
  cat "$out/tests.log" >> "$log"
  counts=$(sed 's/\x1b\[[0-9;]*m//g' "$out/tests.log" | grep -E '^ +Tests ' | tail -1 | sed 's/^ *Tests *//')
  tests_summary="\`vitest run ${files[*]}\`: ${counts:-no summary} (exit $status)"
  say "== tests: $tests_summary"
fi

for precision in fp32 bf16 fp16; do
  mem=()
  [[ $precision == bf16 ]] && mem=(--mem_steps="$mem_steps" --mem_every="$mem_every")
  for impl in ts py; do
    # shellcheck disable=SC2086
    run_bench "$impl" gpt "$precision" "$gpt_steps" $gpt_args "${mem[@]}"
  done
done
for model in bigram lstm; do
  for impl in ts py; do run_bench "$impl" "$model" fp32 "$small_steps"; done
done

echo "$tests_summary" > "$out/tests-summary.txt"
echo "$machine" > "$out/machine.txt"
python3 bench/gpu/report.py "$results" "$out/tests-summary.txt" "$out/machine.txt" > "$out/gpu-results.md" 2>> "$log"
cat "$out/gpu-results.md" | tee -a "$log"
say "== done in $((SECONDS - start)) s"
