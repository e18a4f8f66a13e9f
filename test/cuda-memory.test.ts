// torch.cuda's memory functions against Python torch 2.11 on the same machine: without a GPU,
// every result and error (class and message); with one, the caching allocator's figures for
// the same steps (each process has its own allocator, so deltas are compared).
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { Case, expectSame, pythonResults } from "./helpers/compare";
import { pythonJson } from "./helpers/python";

const hasCuda = torch.cuda.is_available();
const MiB = 1024 * 1024;

/** A function that returns nothing, as Python's None (null). */
function none(f: () => void): () => unknown {
  return () => {
    const r: unknown = f();
    return r === undefined ? null : r;
  };
}

const cuda = torch.cuda;

// Without CUDA: statistics read 0 (CUDA never initialized), empty_cache does nothing,
// reset_peak_memory_stats reaches the uninitialized allocator, and whatever needs a device
// fails in CUDA's initialization. The order matters: no case may initialize CUDA.
const withoutCuda: Case[] = [
  { name: "is_initialized", ts: () => cuda.is_initialized(), py: "r = torch.cuda.is_initialized()" },
  { name: "memory_allocated()", ts: () => cuda.memory_allocated(), py: "r = torch.cuda.memory_allocated()" },
  { name: "memory_allocated(0)", ts: () => cuda.memory_allocated(0), py: "r = torch.cuda.memory_allocated(0)" },
  { name: "memory_allocated('cuda:1')", ts: () => cuda.memory_allocated("cuda:1"), py: "r = torch.cuda.memory_allocated('cuda:1')" },
  {
    name: "memory_allocated(device('cuda', 0))",
    ts: () => cuda.memory_allocated(torch.device("cuda", 0)),
    py: "r = torch.cuda.memory_allocated(torch.device('cuda', 0))",
  },
  { name: "memory_allocated('cpu') (never looked at)", ts: () => cuda.memory_allocated("cpu"), py: "r = torch.cuda.memory_allocated('cpu')" },
  { name: "max_memory_allocated()", ts: () => cuda.max_memory_allocated(), py: "r = torch.cuda.max_memory_allocated()" },
  { name: "max_memory_allocated('cuda')", ts: () => cuda.max_memory_allocated("cuda"), py: "r = torch.cuda.max_memory_allocated('cuda')" },
  { name: "memory_reserved()", ts: () => cuda.memory_reserved(), py: "r = torch.cuda.memory_reserved()" },
  { name: "memory_reserved(1)", ts: () => cuda.memory_reserved(1), py: "r = torch.cuda.memory_reserved(1)" },
  { name: "max_memory_reserved()", ts: () => cuda.max_memory_reserved(), py: "r = torch.cuda.max_memory_reserved()" },
  { name: "max_memory_reserved(device('cpu'))", ts: () => cuda.max_memory_reserved(torch.device("cpu")), py: "r = torch.cuda.max_memory_reserved(torch.device('cpu'))" },
  { name: "reset_peak_memory_stats()", ts: none(() => cuda.reset_peak_memory_stats()), py: "r = torch.cuda.reset_peak_memory_stats()" },
  { name: "reset_peak_memory_stats('cuda')", ts: none(() => cuda.reset_peak_memory_stats("cuda")), py: "r = torch.cuda.reset_peak_memory_stats('cuda')" },
  { name: "reset_peak_memory_stats(0)", ts: none(() => cuda.reset_peak_memory_stats(0)), py: "r = torch.cuda.reset_peak_memory_stats(0)" },
  { name: "reset_peak_memory_stats(5)", ts: none(() => cuda.reset_peak_memory_stats(5)), py: "r = torch.cuda.reset_peak_memory_stats(5)" },
  { name: "reset_peak_memory_stats(127)", ts: none(() => cuda.reset_peak_memory_stats(127)), py: "r = torch.cuda.reset_peak_memory_stats(127)" },
  { name: "reset_peak_memory_stats(128)", ts: none(() => cuda.reset_peak_memory_stats(128)), py: "r = torch.cuda.reset_peak_memory_stats(128)" },
  { name: "reset_peak_memory_stats(-129)", ts: none(() => cuda.reset_peak_memory_stats(-129)), py: "r = torch.cuda.reset_peak_memory_stats(-129)" },
  { name: "reset_peak_memory_stats('cuda:3')", ts: none(() => cuda.reset_peak_memory_stats("cuda:3")), py: "r = torch.cuda.reset_peak_memory_stats('cuda:3')" },
  {
    name: "reset_peak_memory_stats(device('cuda', 2))",
    ts: none(() => cuda.reset_peak_memory_stats(torch.device("cuda", 2))),
    py: "r = torch.cuda.reset_peak_memory_stats(torch.device('cuda', 2))",
  },
  { name: "reset_peak_memory_stats('cpu')", ts: none(() => cuda.reset_peak_memory_stats("cpu")), py: "r = torch.cuda.reset_peak_memory_stats('cpu')" },
  { name: "reset_peak_memory_stats('meta')", ts: none(() => cuda.reset_peak_memory_stats("meta")), py: "r = torch.cuda.reset_peak_memory_stats('meta')" },
  {
    name: "reset_peak_memory_stats(device('cpu'))",
    ts: none(() => cuda.reset_peak_memory_stats(torch.device("cpu"))),
    py: "r = torch.cuda.reset_peak_memory_stats(torch.device('cpu'))",
  },
  { name: "empty_cache()", ts: none(() => cuda.empty_cache()), py: "r = torch.cuda.empty_cache()" },
  { name: "synchronize()", ts: none(() => cuda.synchronize()), py: "r = torch.cuda.synchronize()" },
  { name: "synchronize(0)", ts: none(() => cuda.synchronize(0)), py: "r = torch.cuda.synchronize(0)" },
  { name: "synchronize('cuda:1')", ts: none(() => cuda.synchronize("cuda:1")), py: "r = torch.cuda.synchronize('cuda:1')" },
  { name: "synchronize('cpu') (initialization fails first)", ts: none(() => cuda.synchronize("cpu")), py: "r = torch.cuda.synchronize('cpu')" },
  { name: "current_device()", ts: () => cuda.current_device(), py: "r = torch.cuda.current_device()" },
  { name: "get_device_name()", ts: () => cuda.get_device_name(), py: "r = torch.cuda.get_device_name()" },
  { name: "get_device_name(0)", ts: () => cuda.get_device_name(0), py: "r = torch.cuda.get_device_name(0)" },
  { name: "get_device_name('cpu')", ts: () => cuda.get_device_name("cpu"), py: "r = torch.cuda.get_device_name('cpu')" },
  // A failed initialization leaves CUDA uninitialized, and the statistics at 0.
  { name: "is_initialized after failed calls", ts: () => cuda.is_initialized(), py: "r = torch.cuda.is_initialized()" },
  { name: "memory_allocated after failed calls", ts: () => cuda.memory_allocated(), py: "r = torch.cuda.memory_allocated()" },
  { name: "empty_cache after failed calls", ts: none(() => cuda.empty_cache()), py: "r = torch.cuda.empty_cache()" },
];

describe.runIf(!hasCuda)("torch.cuda memory functions without CUDA, against Python", () => {
  const expected = hasCuda ? [] : pythonResults(withoutCuda);
  it.each(withoutCuda.map((c, i) => [c.name, c, i] as const))("%s", (_name, c, i) => {
    expectSame(c, expected[i]);
  });

  it("a device that is not an integer, string or torch.device is a TypeError where it is looked at", () => {
    expect(() => cuda.reset_peak_memory_stats(1.5)).toThrow(torch.TypeError);
    expect(() => cuda.reset_peak_memory_stats({} as never)).toThrow(torch.TypeError);
    // Statistics never look at the device until CUDA is initialized, as in Python.
    expect(cuda.memory_allocated(1.5)).toBe(0);
  });

  it("the process goes on, CPU work included", () => {
    expect(() => cuda.synchronize()).toThrow(torch.RuntimeError);
    expect(torch.ones(3).sum().item()).toBe(3);
  });
});

// With CUDA: cases compared with Python in one process each. The first initializes CUDA on
// both sides, so the rest see initialized CUDA as they do in Python.
const withCuda: Case[] = [
  { name: "synchronize() initializes CUDA", ts: none(() => cuda.synchronize()), py: "r = torch.cuda.synchronize()" },
  { name: "is_initialized", ts: () => cuda.is_initialized(), py: "r = torch.cuda.is_initialized()" },
  { name: "current_device()", ts: () => cuda.current_device(), py: "r = torch.cuda.current_device()" },
  { name: "get_device_name()", ts: () => cuda.get_device_name(), py: "r = torch.cuda.get_device_name()" },
  { name: "get_device_name('cuda:0')", ts: () => cuda.get_device_name("cuda:0"), py: "r = torch.cuda.get_device_name('cuda:0')" },
  { name: "get_device_name(-1)", ts: () => cuda.get_device_name(-1), py: "r = torch.cuda.get_device_name(-1)" },
  {
    name: "get_device_name(device_count())",
    ts: () => cuda.get_device_name(cuda.device_count()),
    py: "r = torch.cuda.get_device_name(torch.cuda.device_count())",
  },
  { name: "synchronize(0)", ts: none(() => cuda.synchronize(0)), py: "r = torch.cuda.synchronize(0)" },
  { name: "synchronize('cuda')", ts: none(() => cuda.synchronize("cuda")), py: "r = torch.cuda.synchronize('cuda')" },
  { name: "synchronize(device('cuda:0'))", ts: none(() => cuda.synchronize(torch.device("cuda:0"))), py: "r = torch.cuda.synchronize(torch.device('cuda:0'))" },
  { name: "synchronize(-1)", ts: none(() => cuda.synchronize(-1)), py: "r = torch.cuda.synchronize(-1)" },
  { name: "synchronize('cpu')", ts: none(() => cuda.synchronize("cpu")), py: "r = torch.cuda.synchronize('cpu')" },
  { name: "memory_allocated('cpu')", ts: () => cuda.memory_allocated("cpu"), py: "r = torch.cuda.memory_allocated('cpu')" },
  { name: "memory_reserved(128)", ts: () => cuda.memory_reserved(128), py: "r = torch.cuda.memory_reserved(128)" },
  {
    name: "memory_allocated(device_count())",
    ts: () => cuda.memory_allocated(cuda.device_count()),
    py: "r = torch.cuda.memory_allocated(torch.cuda.device_count())",
  },
  { name: "reset_peak_memory_stats()", ts: none(() => cuda.reset_peak_memory_stats()), py: "r = torch.cuda.reset_peak_memory_stats()" },
  { name: "reset_peak_memory_stats('cuda:0')", ts: none(() => cuda.reset_peak_memory_stats("cuda:0")), py: "r = torch.cuda.reset_peak_memory_stats('cuda:0')" },
  { name: "reset_peak_memory_stats('cpu')", ts: none(() => cuda.reset_peak_memory_stats("cpu")), py: "r = torch.cuda.reset_peak_memory_stats('cpu')" },
  { name: "empty_cache()", ts: none(() => cuda.empty_cache()), py: "r = torch.cuda.empty_cache()" },
];

// The same steps in Python: from an emptied cache, a 4 MiB float32 tensor, freed, then the
// cache emptied; the allocated and reserved figures relative to the start, at each step.
const PY_STEPS = `
torch.cuda.synchronize()
torch.cuda.empty_cache()
a0, r0 = torch.cuda.memory_allocated(), torch.cuda.memory_reserved()
t = torch.zeros(1024 * 1024, device='cuda')
a1, r1 = torch.cuda.memory_allocated(), torch.cuda.memory_reserved()
del t
a2, r2 = torch.cuda.memory_allocated(), torch.cuda.memory_reserved()
torch.cuda.empty_cache()
a3, r3 = torch.cuda.memory_allocated(), torch.cuda.memory_reserved()
print(json.dumps({"allocated": [a1 - a0, a2 - a0, a3 - a0], "reserved": [r1 - r0, r2 - r0, r3 - r0]}))
`;

// Every CUDA tensor made below is disposed at once, so no collected garbage can free CUDA
// memory in the middle of a measurement.
describe.runIf(hasCuda)("torch.cuda memory functions on a GPU, against Python", () => {
  const expected = hasCuda ? pythonResults(withCuda) : [];
  it.each(withCuda.map((c, i) => [c.name, c, i] as const))("%s", (_name, c, i) => {
    expectSame(c, expected[i]);
  });

  it("synchronize returns undefined", () => {
    expect(cuda.synchronize()).toBeUndefined();
    expect(cuda.synchronize(0)).toBeUndefined();
  });

  it("a 4 MiB float32 tensor raises memory_allocated by Python's figure (at least 4 MiB); dispose lowers it again", () => {
    cuda.synchronize();
    const before = cuda.memory_allocated();
    const t = torch.zeros(1024 * 1024, { device: "cuda" });
    const during = cuda.memory_allocated();
    expect(during - before).toBeGreaterThanOrEqual(4 * MiB);
    // The same figure by device index, string and torch.device.
    expect(cuda.memory_allocated(0)).toBe(during);
    expect(cuda.memory_allocated("cuda:0")).toBe(during);
    expect(cuda.memory_allocated(torch.device("cuda"))).toBe(during);
    t.dispose();
    expect(cuda.memory_allocated()).toBe(before);
    expect(cuda.memory_allocated()).toBeLessThan(during);
  });

  it("follows Python's allocated and reserved figures step by step, empty_cache included", () => {
    const py = pythonJson<{ allocated: number[]; reserved: number[] }>(PY_STEPS);
    cuda.synchronize();
    cuda.empty_cache();
    const a0 = cuda.memory_allocated();
    const r0 = cuda.memory_reserved();
    const t = torch.zeros(1024 * 1024, { device: "cuda" });
    const a1 = cuda.memory_allocated();
    const r1 = cuda.memory_reserved();
    t.dispose();
    const a2 = cuda.memory_allocated();
    const r2 = cuda.memory_reserved();
    cuda.empty_cache();
    const a3 = cuda.memory_allocated();
    const r3 = cuda.memory_reserved();
    expect({ allocated: [a1 - a0, a2 - a0, a3 - a0], reserved: [r1 - r0, r2 - r0, r3 - r0] }).toStrictEqual(py);
    expect(a1 - a0).toBeGreaterThanOrEqual(4 * MiB);
    // The freed block stays cached until empty_cache returns it.
    expect(r2).toBe(r1);
    expect(r3).toBeLessThan(r2);
  });

  it("max_memory_allocated >= memory_allocated; reset_peak_memory_stats brings the peaks to the current values", () => {
    const keep = torch.zeros(1024, { device: "cuda" });
    const t = torch.zeros(2 * 1024 * 1024, { device: "cuda" });
    const peak = cuda.memory_allocated();
    t.dispose();
    expect(cuda.max_memory_allocated()).toBeGreaterThanOrEqual(peak);
    expect(cuda.max_memory_allocated()).toBeGreaterThan(cuda.memory_allocated());
    expect(cuda.max_memory_reserved()).toBeGreaterThanOrEqual(cuda.memory_reserved());
    cuda.reset_peak_memory_stats();
    expect(cuda.max_memory_allocated()).toBe(cuda.memory_allocated());
    expect(cuda.max_memory_reserved()).toBe(cuda.memory_reserved());
    expect(cuda.memory_allocated()).toBeGreaterThan(0);
    keep.dispose();
    expect(cuda.max_memory_allocated()).toBeGreaterThan(cuda.memory_allocated());
  });

  it("synchronize(device_count()) is a RuntimeError (CUDA's invalid device ordinal)", () => {
    expect(() => cuda.synchronize(cuda.device_count())).toThrow(torch.RuntimeError);
    expect(cuda.synchronize()).toBeUndefined();
  });
});
