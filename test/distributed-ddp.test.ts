// DistributedDataParallel, DistributedSampler, SyncBatchNorm and the object collectives (with
// tensors inside objects) over gloo: groups of 2 Node processes (test/fixtures/distributed/ddp_worker.cjs) against the same
// group of Python processes (ddp_worker.py, torch's own DDP), same seeds, same launch contract
// (env:// with RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT).
import { spawn } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { freePort } from "./helpers/node";
import { referencePython } from "./helpers/python";

const fixtures = path.join(__dirname, "fixtures", "distributed");
type Kind = "node" | "py";
type Result = Record<string, any> & { error?: string };


function runRank(kind: Kind, rank: number, worldSize: number, port: number, mode: string): Promise<Result> {
  const [cmd, script] = kind === "node" ? [process.execPath, "ddp_worker.cjs"] : [referencePython(), "ddp_worker.py"];
  return new Promise((resolve) => {
    const child = spawn(cmd, [script, mode], {
      cwd: fixtures,
      env: { ...process.env, RANK: String(rank), WORLD_SIZE: String(worldSize), MASTER_ADDR: "127.0.0.1", MASTER_PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      const line = stdout.trim().split("\n").pop() ?? "";
      if (!line.startsWith("{")) return resolve({ error: `no result (exit ${code}): ${stderr.slice(-2000)}` });
      resolve(JSON.parse(line));
    });
  });
}

async function runGroup(kinds: Kind[], mode: string): Promise<Result[]> {
  const port = await freePort();
  return Promise.all(kinds.map((kind, rank) => runRank(kind, rank, kinds.length, port, mode)));
}

/** Python's group, then torchts's, each rank's result checked for errors. */
async function both(mode: string, world = 2): Promise<[Result[], Result[]]> {
  const py = await runGroup(Array(world).fill("py"), mode);
  const ts = await runGroup(Array(world).fill("node"), mode);
  for (let r = 0; r < world; r++) {
    expect(py[r].error, `python rank ${r}`).toBeUndefined();
    expect(ts[r].error, `torchts rank ${r}`).toBeUndefined();
  }
  return [py, ts];
}

const paramsOf = (state: Record<string, unknown>) => Object.fromEntries(Object.entries(state).filter(([k]) => !k.includes("running_") && !k.includes("num_batches")));

describe("nn.parallel.DistributedDataParallel against Python's", () => {
  it("2 ranks, an MLP with BatchNorm, SGD momentum, 10 steps: Python's losses at every step, bitwise its final state", async () => {
    const [py, ts] = await both("mlp");
    for (let r = 0; r < 2; r++) {
      expect(ts[r].losses).toHaveLength(10);
      expect(ts[r].losses).toEqual(py[r].losses);
      expect(ts[r].state).toEqual(py[r].state);
      expect(ts[r].keys).toEqual(py[r].keys);
    }
    expect(ts[0].keys[0]).toBe("module.0.weight");
    // the ranks started from different weights (seeded by rank) and end with the same parameters
    expect(paramsOf(ts[0].state)).toEqual(paramsOf(ts[1].state));
    expect(ts[0].losses).not.toEqual(ts[1].losses);
  });

  it("no_sync: gradient accumulation over 3 micro-steps, synced on the last", async () => {
    const [py, ts] = await both("nosync");
    for (let r = 0; r < 2; r++) {
      expect(ts[r].losses).toHaveLength(30);
      expect(ts[r].losses).toEqual(py[r].losses);
      expect(ts[r].state).toEqual(py[r].state);
    }
    expect(paramsOf(ts[0].state)).toEqual(paramsOf(ts[1].state));
  });

  it("find_unused_parameters: a submodule forward never uses", async () => {
    const [py, ts] = await both("unused");
    for (let r = 0; r < 2; r++) {
      expect(ts[r].losses).toEqual(py[r].losses);
      expect(ts[r].state).toEqual(py[r].state);
      expect(ts[r].unused_grad).toBe(py[r].unused_grad);
    }
  });

  it("static_graph", async () => {
    const [py, ts] = await both("static");
    for (let r = 0; r < 2; r++) {
      expect(ts[r].losses).toEqual(py[r].losses);
      expect(ts[r].state).toEqual(py[r].state);
    }
  });
});

describe("utils.data.distributed.DistributedSampler against Python's", () => {
  it("shuffle, seed, set_epoch, padding and drop_last: each rank's indices", async () => {
    const [py, ts] = await both("sampler");
    for (let r = 0; r < 2; r++) expect(ts[r].sampler).toEqual(py[r].sampler);
    expect(Object.keys(ts[0].sampler).length).toBeGreaterThan(5);
  });
});

describe("object collectives (pickled as Python pickles them) against Python's", () => {
  it("broadcast_object_list, all_gather_object, gather_object, scatter_object_list: 2 torchts ranks, and 3 ranks mixing a Python rank 0", async () => {
    const py = await runGroup(["py", "py", "py"], "objects");
    const mixed = await runGroup(["py", "node", "node"], "objects");
    const [py2, ts2] = await both("objects");
    for (let r = 0; r < 3; r++) {
      expect(py[r].error, `python rank ${r}`).toBeUndefined();
      expect(mixed[r].error, `rank ${r}`).toBeUndefined();
      expect(mixed[r]).toEqual(py[r]);
    }
    for (let r = 0; r < 2; r++) expect(ts2[r]).toEqual(py2[r]);
    expect(mixed[2].scatter_object_list).toEqual([["x", 2, { i: 2 }]]);
    expect(mixed[0].all_gather_object).toHaveLength(3);
  });

  it("tensors inside objects (float32, int64, a non-contiguous float64 view, requires_grad, a 0-d bool): 2 torchts ranks, and Python and torchts ranks in both orders", async () => {
    const [py, ts] = await both("tensor_objects");
    for (let r = 0; r < 2; r++) expect(ts[r], `torchts rank ${r}`).toEqual(py[r]);
    for (const kinds of [["py", "node"], ["node", "py"]] as Kind[][]) {
      const mixed = await runGroup(kinds, "tensor_objects");
      for (let r = 0; r < 2; r++) {
        expect(mixed[r].error, `${kinds} rank ${r}`).toBeUndefined();
        expect(mixed[r], `${kinds} rank ${r}`).toEqual(py[r]);
      }
    }
    // what came through: a float64 view of 3x3 (its values, not its storage), a leaf that requires grad
    const view = py[0].broadcast_object_list[0].view;
    expect(view).toMatchObject({ dtype: "float64", shape: [3, 3], requires_grad: false });
    expect(py[1].gather_object[0].grad).toEqual({ dtype: "float32", shape: [2], values: [20.5, 20.5], requires_grad: true });
    expect(py[0].all_gather_object[1].i64.values).toEqual([1, -7, 2 ** 40 + 1]);
  });
});

describe("nn.SyncBatchNorm against Python's", () => {
  // LibTorch's sync kernels (batch_norm_stats, batch_norm_gather_stats_with_counts, ...) are
  // CUDA-only, so the synchronized path needs GPU tensors, in Python as here; what CPU ranks
  // can check: BatchNorm's behaviour outside a group, Python's refusal of CPU input in a group
  // of two in training, eval mode in the group, convert_sync_batchnorm.
  it("BatchNorm outside a group (forward, backward, running stats), CPU training in a group of 2 refused as Python, eval in the group, convert_sync_batchnorm", async () => {
    const [py, ts] = await both("syncbn");
    for (let r = 0; r < 2; r++) {
      expect(ts[r].local).toEqual(py[r].local);
      expect(ts[r].eval).toEqual(py[r].eval);
      expect(py[r].cpu_training).toMatch(/^ValueError: /);
      expect(ts[r].cpu_training).toMatch(/^ValueError: /);
      expect(ts[r].cpu_training).toContain(py[r].cpu_training.replace(/^ValueError: /, ""));
    }
    expect(ts[0].local.converted).toEqual(["Sequential", "Linear", "SyncBatchNorm", "Sequential", "SyncBatchNorm"]);
  });
});

describe("examples/gpt in data-parallel mode (nanoGPT's ddp)", () => {
  // torchts-run starts 2 ranks of train.ts; Python's nanoGPT twin gets torchrun's environment
  // by hand. Gradient accumulation 2 = 1 micro-step per rank (sync on it); 4 = 2 per rank, the
  // first without sync (require_backward_grad_sync). Rank 0 logs the losses and writes last.pt.
  const root = path.join(__dirname, "..");
  const env = { ...process.env, OMP_NUM_THREADS: "1", PYTHONDONTWRITEBYTECODE: "1" };
  const run = (cmd: string, args: string[], extra: Record<string, string> = {}) => new Promise<string>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...env, ...extra }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exit ${code}: ${out.slice(-3000)}`))));
  });
  for (const accumulation of [2, 4]) {
    it(`--config=small, 20 steps, gradient_accumulation_steps=${accumulation}: Python DDP nanoGPT's loss at every step and its final weights`, async () => {
      const fs = await import("node:fs");
      const os = await import("node:os");
      const work = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-gpt-ddp-"));
      try {
        const args = ["--config=small", "--device=cpu", "--max_iters=19", "--eval_iters=2", "--sample_new_tokens=0", `--gradient_accumulation_steps=${accumulation}`];
        await run(process.execPath, [path.join(root, "scripts", "torchts-run"), "--nproc_per_node=2", "--standalone", "examples/gpt/train.ts", ...args,
          `--out_dir=${work}/ts`, `--loss_log=${work}/ts.json`]);
        const port = String(await freePort());
        await Promise.all([0, 1].map((rank) => run(referencePython(), ["examples/gpt/python/train.py", ...args, `--out_dir=${work}/py`, `--loss_log=${work}/py.json`],
          { RANK: String(rank), LOCAL_RANK: String(rank), WORLD_SIZE: "2", LOCAL_WORLD_SIZE: "2", MASTER_ADDR: "127.0.0.1", MASTER_PORT: port })));
        const ts = JSON.parse(fs.readFileSync(`${work}/ts.json`, "utf8"));
        const py = JSON.parse(fs.readFileSync(`${work}/py.json`, "utf8"));
        expect(ts).toHaveLength(20);
        expect(ts).toEqual(py);
        const gap = await new Promise<string>((resolve, reject) => {
          const code = "import torch,sys\na,b=(torch.load(p,map_location='cpu')['model'] for p in sys.argv[1:3])\nassert sorted(a)==sorted(b)\nprint(max((a[k]-b[k]).abs().max().item() for k in a))";
          run(referencePython(), ["-c", code, `${work}/ts/last.pt`, `${work}/py/last.pt`]).then(resolve, reject);
        });
        expect(Number(gap.trim())).toBe(0);
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
      }
    });
  }
});

describe("DistributedDataParallel in one process (a world of one)", () => {
  it("before init_process_group: Python's error; in a world of one: the gradients of the module alone; a module without trainable parameters refused", async () => {
    const { nn } = torch;
    const dist = torch.distributed;
    const DDP = nn.parallel.DistributedDataParallel;
    expect(() => new DDP(new nn.Linear(2, 2))).toThrow("Default process group has not been initialized, please make sure to call init_process_group.");
    dist.init_process_group("gloo", `tcp://127.0.0.1:${await freePort()}`, { rank: 0, world_size: 1, timeout: 10 });
    try {
      torch.manual_seed(0);
      const plain = new nn.Linear(3, 2);
      const wrapped = new nn.Linear(3, 2);
      wrapped.load_state_dict(plain.state_dict());
      const ddp = new DDP(wrapped);
      expect(ddp.module).toBe(wrapped);
      expect(Object.keys(ddp.state_dict())).toEqual(["module.weight", "module.bias"]);
      const x = torch.randn([4, 3]);
      plain.forward(x).pow(2).sum().backward();
      (ddp.forward(x) as InstanceType<typeof torch.Tensor>).pow(2).sum().backward();
      expect(wrapped.weight.grad!.tolist()).toEqual(plain.weight.grad!.tolist());
      const frozen = new nn.Linear(2, 2).requires_grad_(false);
      expect(() => new DDP(frozen)).toThrow("DistributedDataParallel is not needed when a module doesn't have any parameter that requires a gradient.");
    } finally {
      dist.destroy_process_group();
    }
  });
});
