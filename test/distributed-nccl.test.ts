// torch.distributed's NCCL backend on a GPU (skipped without one, or where torchts was built
// without NCCL: test/distributed.test.ts checks that case and the no-GPU error). Run by
// scripts/gpu-check on a lent GPU machine (bench/gpu/run.sh picks the test files that mention
// cuda.is_available()):
// (1) a world of one in this process, "nccl" and "cpu:gloo,cuda:nccl": all_reduce, broadcast and
//     all_gather of cuda:0 tensors, the CPU tensor's routing, against Python's same script;
// (2) examples/gpt's ddp mode on NCCL (torchts-run --nproc_per_node=1, as torchrun starts the
//     Python original): the same losses as Python's.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import torch from "torchts";
import { freePort, projectRoot } from "./helpers/node";
import { pythonJsonAsync, referencePython } from "./helpers/python";

const exec = promisify(execFile);
const dist = torch.distributed;
const hasNccl = torch.cuda.is_available() && dist.is_nccl_available();


// The same steps in Python and here: results as lists, errors as "Class: message".
const PY_WORLD_OF_ONE = `
import torch.distributed as dist
out = {}
for be in ["nccl", "cpu:gloo,cuda:nccl"]:
    r = {}
    dist.init_process_group(be, store=dist.HashStore(), rank=0, world_size=1)
    r["backend"] = dist.get_backend()
    t = torch.arange(4, dtype=torch.float32, device="cuda:0") + 1
    dist.all_reduce(t)
    r["all_reduce"] = t.tolist()
    dist.all_reduce(t, op=dist.ReduceOp.MAX)
    r["all_reduce_max"] = t.tolist()
    b = torch.tensor([7, 8], device="cuda:0")
    dist.broadcast(b, src=0)
    r["broadcast"] = b.tolist()
    outs = [torch.zeros(3, device="cuda:0")]
    dist.all_gather(outs, torch.tensor([1.5, 2.5, 3.5], device="cuda:0"))
    r["all_gather"] = [o.tolist() for o in outs]
    torch.cuda.synchronize()
    try:
        c = torch.ones(2)
        dist.all_reduce(c)
        r["cpu"] = c.tolist()
    except Exception as e:
        r["cpu"] = type(e).__name__ + ": " + str(e).split("\\n")[0]
    dist.destroy_process_group()
    out[be] = r
print(json.dumps(out))
`;

function worldOfOne(be: string): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  dist.init_process_group(be, { store: new dist.TCPStore("127.0.0.1", 0, 1, true), rank: 0, world_size: 1 });
  try {
    r.backend = dist.get_backend();
    const t = torch.arange(4, { dtype: torch.float32, device: "cuda:0" }).add(1);
    dist.all_reduce(t);
    r.all_reduce = t.tolist();
    dist.all_reduce(t, dist.ReduceOp.MAX);
    r.all_reduce_max = t.tolist();
    const b = torch.tensor([7, 8], { device: "cuda:0" });
    dist.broadcast(b, 0);
    r.broadcast = b.tolist();
    const outs = [torch.zeros(3, { device: "cuda:0" })];
    dist.all_gather(outs, torch.tensor([1.5, 2.5, 3.5], { device: "cuda:0" }));
    r.all_gather = outs.map((o) => o.tolist());
    torch.cuda.synchronize();
    try {
      const c = torch.ones(2);
      dist.all_reduce(c);
      r.cpu = c.tolist();
    } catch (e) {
      r.cpu = `${(e as Error).name}: ${(e as Error).message.split("\n")[0]}`;
    }
  } finally {
    dist.destroy_process_group();
  }
  return r;
}

describe.skipIf(!hasNccl)("torch.distributed over NCCL (a GPU)", () => {
  it("a world of one, 'nccl' and 'cpu:gloo,cuda:nccl': CUDA collectives and CPU tensors' routing as in Python", async () => {
    const py = await pythonJsonAsync<Record<string, Record<string, unknown>>>(PY_WORLD_OF_ONE);
    for (const be of ["nccl", "cpu:gloo,cuda:nccl"]) expect(worldOfOne(be), be).toEqual(py[be]);
    expect(py["cpu:gloo,cuda:nccl"].cpu).toEqual([1, 1]);
  }, 120_000);

  const work = mkdtempSync(join(tmpdir(), "torchts-nccl-gpt-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("examples/gpt's ddp mode on NCCL under torchts-run --nproc_per_node=1: Python's losses (torchrun)", async () => {
    const tiny = ["--device=cuda", "--n_layer=2", "--n_head=2", "--n_embd=64", "--block_size=32", "--batch_size=8", "--dropout=0.0",
      "--eval_iters=2", "--eval_interval=5", "--log_interval=1", "--max_iters=9", "--warmup_iters=2", "--lr_decay_iters=10",
      "--sample_new_tokens=0", "--dtype=float32"];
    const env = { ...process.env, PYTHONDONTWRITEBYTECODE: "1" };
    const options = { cwd: projectRoot, env, maxBuffer: 64 * 1024 * 1024 };
    const launcher = join(projectRoot, "scripts", "torchts-run");
    await exec(process.execPath, [launcher, "--nproc_per_node=1", "--standalone", "examples/gpt/train.ts", ...tiny,
      `--out_dir=${join(work, "ts")}`, `--loss_log=${join(work, "ts.json")}`], options);
    await exec(referencePython(), ["-m", "torch.distributed.run", "--nproc_per_node=1", "--standalone", `--master_port=${await freePort()}`,
      "examples/gpt/python/train.py", ...tiny, `--out_dir=${join(work, "py")}`, `--loss_log=${join(work, "py.json")}`], options);
    const ts: number[] = JSON.parse(readFileSync(join(work, "ts.json"), "utf8"));
    const py: number[] = JSON.parse(readFileSync(join(work, "py.json"), "utf8"));
    expect(ts).toHaveLength(py.length);
    expect(py.length).toBeGreaterThanOrEqual(10);
    // GPU kernels differ in reduction order between runs and libraries: close, not bitwise
    for (let i = 0; i < py.length; i++) expect(Math.abs(ts[i] - py[i]), `step ${i}: TS ${ts[i]}, Python ${py[i]}`).toBeLessThan(2e-3 * Math.max(1, py[i]));
  }, 300_000);
});
