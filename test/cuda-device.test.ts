// CUDA devices against Python torch 2.11: torch.cuda.set_device / current_device /
// device_count / synchronize, tensor.to(device, { non_blocking }), pin_memory / is_pinned,
// and torch.device's parsing of "cuda:0". Without a GPU, every result and error (class and
// message) is Python's on the same machine; with one, the same calls work, and a CUDA
// out-of-memory error arrives as torch.OutOfMemoryError, after which smaller allocations work.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { Case, expectSame, pythonResults } from "./helpers/compare";

type T = InstanceType<typeof torch.Tensor>;
const hasCuda = torch.cuda.is_available();

/** A function that returns nothing, as Python's None (null). */
function none(f: () => void): () => unknown {
  return () => {
    const r: unknown = f();
    return r === undefined ? null : r;
  };
}

/** A torch.device as Python's str() of it and its type and index. */
function described(d: InstanceType<typeof torch.device>): unknown {
  return [String(d), d.type, d.index];
}
const PY_DESCRIBED = (expr: string) => `d = ${expr}\nr = [str(d), d.type, d.index]`;

// torch.device's parser: the same on any machine.
const parsing: Case[] = [
  ...["cuda:0", "cuda", "cpu", "cuda:7", "meta", "cuda:01", "CUDA", "cuda:-1", "cuda:x", "cuda:0:1", " cuda", "foo", "cuda:"].map(
    (spec): Case => ({ name: `device('${spec}')`, ts: () => described(torch.device(spec)), py: PY_DESCRIBED(`torch.device('${spec}')`) }),
  ),
  { name: "device('cuda', 1)", ts: () => described(torch.device("cuda", 1)), py: PY_DESCRIBED("torch.device('cuda', 1)") },
  { name: "device('cuda', -1)", ts: () => described(torch.device("cuda", -1)), py: PY_DESCRIBED("torch.device('cuda', -1)") },
  { name: "device('cuda:0', 1)", ts: () => described(torch.device("cuda:0", 1)), py: PY_DESCRIBED("torch.device('cuda:0', 1)") },
];

// Without CUDA: whatever needs a GPU fails in CUDA's initialization, with Python's words.
const withoutCuda: Case[] = [
  { name: "device_count()", ts: () => torch.cuda.device_count(), py: "r = torch.cuda.device_count()" },
  { name: "is_initialized()", ts: () => torch.cuda.is_initialized(), py: "r = torch.cuda.is_initialized()" },
  { name: "current_device()", ts: () => torch.cuda.current_device(), py: "r = torch.cuda.current_device()" },
  { name: "set_device(0)", ts: none(() => torch.cuda.set_device(0)), py: "r = torch.cuda.set_device(0)" },
  { name: "set_device('cuda:1')", ts: none(() => torch.cuda.set_device("cuda:1")), py: "r = torch.cuda.set_device('cuda:1')" },
  { name: "set_device(device('cuda', 0))", ts: none(() => torch.cuda.set_device(torch.device("cuda", 0))), py: "r = torch.cuda.set_device(torch.device('cuda', 0))" },
  { name: "set_device(-1) (nothing)", ts: none(() => torch.cuda.set_device(-1)), py: "r = torch.cuda.set_device(-1)" },
  { name: "set_device('cuda')", ts: none(() => torch.cuda.set_device("cuda")), py: "r = torch.cuda.set_device('cuda')" },
  { name: "set_device('cpu')", ts: none(() => torch.cuda.set_device("cpu")), py: "r = torch.cuda.set_device('cpu')" },
  { name: "set_device(None)", ts: none(() => torch.cuda.set_device(null)), py: "r = torch.cuda.set_device(None)" },
  { name: "set_device(1.5)", ts: none(() => torch.cuda.set_device(1.5)), py: "r = torch.cuda.set_device(1.5)" },
  { name: "synchronize()", ts: none(() => torch.cuda.synchronize()), py: "r = torch.cuda.synchronize()" },
  { name: "synchronize('cuda:0')", ts: none(() => torch.cuda.synchronize("cuda:0")), py: "r = torch.cuda.synchronize('cuda:0')" },
  { name: "is_pinned()", ts: () => torch.ones(2).is_pinned(), py: "r = torch.ones(2).is_pinned()" },
  { name: "pin_memory()", ts: () => torch.ones(2).pin_memory(), py: "r = torch.ones(2).pin_memory()" },
  { name: "to('cuda', non_blocking=True)", ts: () => torch.ones(2).to("cuda", { non_blocking: true }), py: "r = torch.ones(2).to('cuda', non_blocking=True)" },
  { name: "to('cuda:0')", ts: () => torch.ones(2).to("cuda:0"), py: "r = torch.ones(2).to('cuda:0')" },
  { name: "to('cpu', non_blocking=True)", ts: () => torch.arange(3).to("cpu", { non_blocking: true }), py: "r = torch.arange(3).to('cpu', non_blocking=True)" },
  { name: "cuda()", ts: () => torch.ones(2).cuda(), py: "r = torch.ones(2).cuda()" },
  { name: "ones(device='cuda:1')", ts: () => torch.ones(2, { device: "cuda:1" }), py: "r = torch.ones(2, device='cuda:1')" },
  { name: "is_initialized() after all that", ts: () => torch.cuda.is_initialized(), py: "r = torch.cuda.is_initialized()" },
];

describe("torch.device parsing, against Python", () => {
  const expected = pythonResults(parsing);
  it.each(parsing.map((c, i) => [c.name, c, i] as const))("%s", (_name, c, i) => {
    expectSame(c, expected[i]);
  });
});

describe.runIf(!hasCuda)("devices without CUDA, against Python on this machine", () => {
  const expected = hasCuda ? [] : pythonResults(withoutCuda);
  it.each(withoutCuda.map((c, i) => [c.name, c, i] as const))("%s", (_name, c, i) => {
    expectSame(c, expected[i]);
  });
});

const withCuda: Case[] = [
  { name: "device_count()", ts: () => torch.cuda.device_count(), py: "r = torch.cuda.device_count()" },
  { name: "set_device(0); current_device()", ts: () => (torch.cuda.set_device(0), torch.cuda.current_device()), py: "torch.cuda.set_device(0); r = torch.cuda.current_device()" },
  { name: "set_device('cuda:0'); current_device()", ts: () => (torch.cuda.set_device("cuda:0"), torch.cuda.current_device()), py: "torch.cuda.set_device('cuda:0'); r = torch.cuda.current_device()" },
  { name: "set_device(device_count()) (out of range)", ts: none(() => torch.cuda.set_device(torch.cuda.device_count())), py: "r = torch.cuda.set_device(torch.cuda.device_count())" },
  { name: "synchronize()", ts: none(() => torch.cuda.synchronize()), py: "r = torch.cuda.synchronize()" },
  { name: "is_pinned() of a CPU tensor", ts: () => torch.ones(2).is_pinned(), py: "r = torch.ones(2).is_pinned()" },
  { name: "pin_memory().is_pinned()", ts: () => torch.ones(2).pin_memory().is_pinned(), py: "r = torch.ones(2).pin_memory().is_pinned()" },
  { name: "pin_memory() values", ts: () => torch.arange(6).reshape(2, 3).pin_memory(), py: "r = torch.arange(6).reshape(2, 3).pin_memory()" },
  {
    name: "pinned -> cuda non_blocking, synchronize, back",
    ts: () => {
      const x = torch.arange(1000, { dtype: torch.float32 }).pin_memory().to("cuda", { non_blocking: true });
      torch.cuda.synchronize();
      return x.mul(2).to("cpu", { non_blocking: true }).sum();
    },
    py: "x = torch.arange(1000, dtype=torch.float32).pin_memory().to('cuda', non_blocking=True); torch.cuda.synchronize(); r = (x * 2).to('cpu', non_blocking=True).sum()",
  },
  { name: "ones(device='cuda:0')", ts: () => torch.ones(2, { device: "cuda:0" }), py: "r = torch.ones(2, device='cuda:0')" },
  { name: "ones(device='cuda:99')", ts: () => torch.ones(2, { device: "cuda:99" }), py: "r = torch.ones(2, device='cuda:99')" },
  { name: "is_initialized()", ts: () => torch.cuda.is_initialized(), py: "r = torch.cuda.is_initialized()" },
];

describe.runIf(hasCuda)("devices with CUDA, against Python on the same GPU", () => {
  const expected = hasCuda ? pythonResults(withCuda) : [];
  it.each(withCuda.map((c, i) => [c.name, c, i] as const))("%s", (_name, c, i) => {
    expectSame(c, expected[i]);
  });

  it("allocating until the GPU is full raises torch.OutOfMemoryError, and the process goes on", () => {
    const GiB = 1024 ** 3;
    const held: T[] = [];
    let error: unknown = null;
    try {
      // 4 GiB blocks: an 80 GB card fills in about 20 allocations.
      for (let i = 0; i < 1024 && error === null; i++) {
        try {
          held.push(torch.empty(4 * GiB, { dtype: torch.uint8, device: "cuda" }));
        } catch (e) {
          error = e;
        }
      }
      expect(held.length).toBeGreaterThan(0);
      expect(error).toBeInstanceOf(torch.OutOfMemoryError);
      expect(error).toBeInstanceOf(torch.RuntimeError);
      expect((error as Error).name).toBe("OutOfMemoryError");
      expect((error as Error).message).toMatch(/^CUDA out of memory\. Tried to allocate 4\.00 GiB/);
    } finally {
      for (const t of held) t.dispose();
      torch.cuda.empty_cache();
    }
    // Freed: a smaller allocation (and work on it) succeeds.
    const small = torch.ones(256 * 1024 * 1024, { dtype: torch.uint8, device: "cuda" });
    expect(small.sum().item()).toBe(256 * 1024 * 1024);
    expect(torch.cuda.memory_allocated()).toBeLessThan(2 * GiB);
  });
});
