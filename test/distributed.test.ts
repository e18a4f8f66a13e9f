// torch.distributed over gloo: groups of 2 and 3 Node processes on localhost (env://
// rendezvous, a free port), each running test/fixtures/distributed/worker.cjs, whose every
// collective's result is compared with what the same group of Python processes computes
// (worker.py, the same inputs); a group that mixes a Python rank and a torchts rank; and the
// failures: a rank that dies, no server at MASTER_PORT, a world size that never fills.
import { spawn } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { freePort } from "./helpers/node";
import { pythonJsonAsync, referencePython } from "./helpers/python";

const fixtures = path.join(__dirname, "fixtures", "distributed");
type Kind = "node" | "py";
type Result = Record<string, unknown> & { error?: string; elapsed_s: number };


function runRank(kind: Kind, rank: number, worldSize: number, port: number, mode: string, timeoutS: number, extraEnv: Record<string, string> = {}): Promise<Result> {
  const [cmd, script] = kind === "node" ? [process.execPath, "worker.cjs"] : [referencePython(), "worker.py"];
  return new Promise((resolve) => {
    const child = spawn(cmd, [script, mode], {
      cwd: fixtures,
      env: { ...process.env, RANK: String(rank), WORLD_SIZE: String(worldSize), MASTER_ADDR: "127.0.0.1", MASTER_PORT: String(port), DIST_TEST_TIMEOUT: String(timeoutS), ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      const line = stdout.trim().split("\n").pop() ?? "";
      // A rank that printed nothing (one that died): its exit code, and the error says so.
      if (!line.startsWith("{")) return resolve({ error: `no result (exit ${code}): ${stderr.slice(-2000)}`, elapsed_s: 0, exit_code: code });
      resolve({ ...JSON.parse(line), exit_code: code });
    });
  });
}

/** Runs one group; ranks given by `kinds`; `only` limits which ranks are started. */
async function runGroup(kinds: Kind[], mode = "collectives", timeoutS = 30, extraEnv: Record<string, string> = {}): Promise<Result[]> {
  const port = await freePort();
  return Promise.all(kinds.map((kind, rank) => runRank(kind, rank, kinds.length, port, mode, timeoutS, extraEnv)));
}

const strip = (r: Result) => {
  const { elapsed_s, exit_code, ...rest } = r;
  return rest;
};

describe("torch.distributed: collectives against Python's", () => {
  for (const world of [2, 3]) {
    it(`${world} ranks: every collective's result on every rank is Python's`, async () => {
      const py = await runGroup(Array(world).fill("py"));
      const ts = await runGroup(Array(world).fill("node"));
      for (let r = 0; r < world; r++) {
        expect(py[r].error, `python rank ${r}`).toBeUndefined();
        expect(ts[r].error, `torchts rank ${r}`).toBeUndefined();
        expect(strip(ts[r])).toEqual(strip(py[r]));
      }
      expect(Object.keys(ts[0])).toContain("all_to_all_single_splits");
    });
  }

  // libtorch_cpu.so carries its own libuv, but inside Node most of its uv_* calls bind to
  // Node's (LD_DEBUG=bindings: uv_loop_init, uv_run, uv_tcp_init go to node): both of
  // TCPStore's server backends are run here; USE_LIBUV=0 is the fallback.
  it("2 ranks with TCPStore's older (non-libuv) backend, USE_LIBUV=0", async () => {
    const py = await runGroup(["py", "py"]);
    const ts = await runGroup(["node", "node"], "collectives", 30, { USE_LIBUV: "0" });
    for (let r = 0; r < 2; r++) {
      expect(ts[r].error, `torchts rank ${r}`).toBeUndefined();
      expect(strip(ts[r])).toEqual(strip(py[r]));
    }
  });

  it("new_group: a subgroup of 2 of 3 ranks (NON_GROUP_MEMBER on the third), group ranks, p2p in a group", async () => {
    const py = await runGroup(["py", "py", "py"], "groups");
    const ts = await runGroup(["node", "node", "node"], "groups");
    for (let r = 0; r < 3; r++) {
      expect(ts[r].error, `torchts rank ${r}`).toBeUndefined();
      expect(strip(ts[r])).toEqual(strip(py[r]));
    }
    expect(ts[2].recv_from).toEqual([0, [42]]);
    expect(ts[1].group_rank).toBe(-1);
    // the same with torchts as rank 0 (the store's server) and rank 2, Python as rank 1
    const mixed = await runGroup(["node", "py", "node"], "groups");
    for (let r = 0; r < 3; r++) expect(strip(mixed[r])).toEqual(strip(py[r]));
  });

  it("a group mixing a Python rank 0 and a torchts rank 1 (Python's store chain)", async () => {
    const py = await runGroup(["py", "py"]);
    const mixed = await runGroup(["py", "node"]);
    for (let r = 0; r < 2; r++) {
      expect(mixed[r].error, `rank ${r}`).toBeUndefined();
      expect(strip(mixed[r])).toEqual(strip(py[r]));
    }
  });
});

describe("torch.distributed: failures are errors within the timeout", () => {
  // Error classes as Python's (DistNetworkError, DistStoreError; gloo's RuntimeError), checked
  // with worker.py by hand and for the dying rank here.
  it("a rank that dies makes the others' collective throw, as in Python", async () => {
    const [r0, r1] = await runGroup(["node", "node"], "die", 20);
    const [p0] = await runGroup(["py", "py"], "die", 20);
    expect(r1.exit_code).toBe(3);
    expect(p0.error).toMatch(/^RuntimeError: .*(Connection closed by peer|Connection reset by peer)/);
    expect(r0.error).toMatch(/^RuntimeError: .*(Connection closed by peer|Connection reset by peer)/);
    expect(r0.elapsed_s).toBeLessThan(20);
  });

  it("no server at MASTER_PORT: the client gives up after its timeout", async () => {
    const port = await freePort();
    const r = await runRank("node", 1, 2, port, "init", 2);
    expect(r.error).toMatch(/^DistNetworkError: The client socket has timed out after 2000ms while trying to connect to \(127\.0\.0\.1, \d+\)/);
    expect(r.elapsed_s).toBeLessThan(15);
  });

  it("a world size larger than the ranks started: every rank times out", async () => {
    const port = await freePort();
    const rs = await Promise.all([0, 1].map((rank) => runRank("node", rank, 3, port, "init", 3)));
    expect(rs[0].error).toMatch(/^DistStoreError: Timed out after \d+ seconds waiting for clients\. 2\/3 clients joined\./);
    expect(rs[1].error).toMatch(/^DistStoreError: wait timeout after 3000ms, keys: \/default_pg\/0\/\/cpu\/\/0\/0/);
    for (const r of rs) expect(r.elapsed_s).toBeLessThan(15);
  });
});

describe("torch.distributed: in one process", () => {
  const dist = torch.distributed;
  it("is_available, is_initialized, and Python's errors before init", () => {
    expect(dist.is_available()).toBe(true);
    expect(dist.is_gloo_available()).toBe(true);
    expect(dist.is_initialized()).toBe(false);
    expect(() => dist.get_rank()).toThrow("Default process group has not been initialized, please make sure to call init_process_group.");
    expect(() => dist.all_reduce(torch.ones(2))).toThrow(/Default process group has not been initialized/);
  });

  it("env:// without RANK, and backends other than gloo", () => {
    const saved = process.env.RANK;
    delete process.env.RANK;
    try {
      expect(() => dist.init_process_group("gloo", "env://")).toThrow(
        "Error initializing torch.distributed using env:// rendezvous: environment variable RANK expected, but not set");
    } finally {
      if (saved !== undefined) process.env.RANK = saved;
    }
    expect(() => dist.init_process_group("mpi")).toThrow(/gloo and nccl backends only/);
    expect(() => dist.init_process_group("bogus")).toThrow("Invalid backend: 'bogus'");
  });

  it("a malformed device:backend string: Python's errors", async () => {
    const cases = ["cpu:gloo,cuda", "cpu:gloo,cpu:gloo"];
    const py = await pythonJsonAsync<string[]>(`
import torch.distributed as dist
out = []
for be in ${JSON.stringify(cases)}:
    try:
        dist.init_process_group(be, store=dist.HashStore(), rank=0, world_size=1)
        out.append("ok")
    except Exception as e:
        out.append(type(e).__name__ + ": " + str(e))
print(json.dumps(out))
`);
    cases.forEach((be, i) => {
      expect(() => dist.init_process_group(be, { store: new dist.TCPStore("127.0.0.1", 0, 1, true), rank: 0, world_size: 1 })).toThrow(py[i].replace(/^ValueError: /, ""));
    });
  });

  // NCCL is compiled in where the build found torch_cuda, nccl.h and complete CUDA headers
  // (CMakeLists.txt); Python's wheel has it. Without a GPU, Python's ProcessGroupNCCL refuses to
  // start: the same error here, for "nccl" and "cpu:gloo,cuda:nccl" (test/distributed-nccl.test.ts runs it on a GPU).
  // (device_count, not cuda.is_available(): bench/gpu/run.sh runs the test files naming the latter on a GPU machine.)
  it.skipIf(torch.cuda.device_count() > 0)("init_process_group(\"nccl\") without a GPU: Python's error, or no NCCL built in", async () => {
    const py = await pythonJsonAsync<Record<string, unknown>>(`
import torch.distributed as dist
out = {"available": dist.is_nccl_available()}
for be in ["nccl", "cpu:gloo,cuda:nccl"]:
    try:
        dist.init_process_group(be, store=dist.HashStore(), rank=0, world_size=1)
        out[be] = "ok"
    except Exception as e:
        out[be] = type(e).__name__ + ": " + str(e)
print(json.dumps(out))
`);
    expect(py.available).toBe(true);
    for (const be of ["nccl", "cpu:gloo,cuda:nccl"]) {
      const store = new dist.TCPStore("127.0.0.1", 0, 1, true);
      let got = "ok";
      try {
        dist.init_process_group(be, { store, rank: 0, world_size: 1 });
      } catch (e) {
        got = `${(e as Error).name}: ${(e as Error).message}`;
      }
      expect(dist.is_initialized()).toBe(false);
      if (dist.is_nccl_available()) expect(got).toBe(py[be]);
      else expect(got).toBe("RuntimeError: Distributed package doesn't have NCCL built in");
    }
    // the failed init left nothing behind: a gloo group starts, and its backend is "gloo"
    dist.init_process_group("gloo", { store: new dist.TCPStore("127.0.0.1", 0, 1, true), rank: 0, world_size: 1 });
    expect(dist.get_backend()).toBe("gloo");
    dist.destroy_process_group();
  });

  it("a world of one over tcp://, a TCPStore's set/get/add/wait, and destroy", async () => {
    const port = await freePort();
    dist.init_process_group("gloo", `tcp://127.0.0.1:${port}`, { rank: 0, world_size: 1, timeout: 10 });
    expect(() => dist.init_process_group("gloo", { store: dist._get_default_store(), rank: 0, world_size: 1 }))
      .toThrow("trying to initialize the default process group twice!");
    expect([dist.get_rank(), dist.get_world_size(), dist.get_backend()]).toEqual([0, 1, "gloo"]);
    const x = torch.tensor([1, 2, 3]);
    dist.all_reduce(x, dist.ReduceOp.MAX);
    expect(x.tolist()).toEqual([1, 2, 3]);
    const store = dist._get_default_store();
    store.set("k", "v");
    expect(store.get("k").toString()).toBe("v");
    expect(store.add("n", 2)).toBe(2);
    expect(store.add("n", 3)).toBe(5);
    store.wait(["k"]);
    expect(() => store.wait(["never"], 0.2)).toThrow(/wait timeout after 200ms, keys: \/never/);
    try {
      store.wait(["never"], 0.1);
    } catch (e) {
      expect(e).toBeInstanceOf(dist.DistStoreError);
      expect(e).toBeInstanceOf(dist.DistError);
      expect((e as Error).name).toBe("DistStoreError");
    }
    dist.destroy_process_group();
    expect(dist.is_initialized()).toBe(false);
  });
});

describe("torchts-run", () => {
  const launcher = path.join(__dirname, "..", "scripts", "torchts-run");
  const script = path.join(fixtures, "launched.ts");
  const run = (args: string[]) => new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [launcher, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });

  it("starts N ranks with torchrun's environment, output prefixed by rank", async () => {
    const r = await run(["--nproc_per_node=3", "--standalone", script, "a", "b"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n").sort()).toEqual([0, 1, 2].map((k) => `[rank${k}]:rank ${k} of 3 sum 6 args a,b local ${k}`));
  });

  it("a failing rank stops the others and gives its exit code", async () => {
    const r = await run(["--nproc-per-node", "2", "--standalone", script, "--fail"]);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain("torchts-run: rank 1 failed (exit code 5)");
  });
});
