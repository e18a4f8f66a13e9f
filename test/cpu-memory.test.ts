// torch.cpu and the CPU caching allocator torchts installs (native/cpu_allocator.cc): its
// counts follow the tensors made and freed, freed blocks are reused rather than returned,
// empty_cache() returns them, and running out of memory raises Python's error.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { pythonJson } from "./helpers/python";

const MB = 2 ** 20;

describe("torch.cpu, as Python's", () => {
  it("is_available, device_count, current_device, synchronize", () => {
    const py = pythonJson<[boolean, number, string, null]>(
      "print(json.dumps([torch.cpu.is_available(), torch.cpu.device_count(), torch.cpu.current_device(), torch.cpu.synchronize()]))",
    );
    expect([torch.cpu.is_available(), torch.cpu.device_count(), torch.cpu.current_device(), torch.cpu.synchronize() ?? null]).toStrictEqual(py);
  });
});

describe("the CPU caching allocator", () => {
  it("counts a tensor's block while it lives, keeps it cached when freed, and returns it on empty_cache()", () => {
    torch.cpu.empty_cache();
    const before = torch.cpu.memory_allocated();
    const x = torch.empty([MB], { dtype: torch.uint8 });
    const block = torch.cpu.memory_allocated() - before;
    // A size class at most 12.5% above the bytes asked for.
    expect(block).toBeGreaterThanOrEqual(MB);
    expect(block).toBeLessThanOrEqual(1.125 * MB);
    expect(torch.cpu.memory_reserved()).toBeGreaterThanOrEqual(torch.cpu.memory_allocated());

    x.dispose();
    expect(torch.cpu.memory_allocated()).toBe(before);
    const reserved = torch.cpu.memory_reserved();
    expect(reserved - torch.cpu.memory_allocated()).toBeGreaterThanOrEqual(block);

    // The same size again takes the cached block: nothing more is reserved.
    const y = torch.empty([MB], { dtype: torch.uint8 });
    expect(torch.cpu.memory_reserved()).toBe(reserved);
    y.dispose();

    torch.cpu.empty_cache();
    expect(torch.cpu.memory_reserved()).toBe(torch.cpu.memory_allocated());
  });

  it("keeps blocks above the cache limit while live and cached bytes stay under the most ever live", () => {
    torch.cpu.empty_cache();
    const limit = Number(process.env.TORCHTS_CPU_CACHE_MB || 64) * MB;
    // (This file's process has held a few MB at most before: its high-water mark is below A.)
    const base = torch.cpu.memory_allocated();
    // A block larger than the limit (64 MB unless TORCHTS_CPU_CACHE_MB says otherwise): kept.
    const a = torch.empty([limit + 36 * MB], { dtype: torch.uint8 });
    const aBlock = torch.cpu.memory_allocated() - base;
    a.dispose();
    expect(torch.cpu.memory_reserved() - torch.cpu.memory_allocated()).toBe(aBlock);
    const again = torch.empty([limit + 36 * MB], { dtype: torch.uint8 });
    expect(torch.cpu.memory_reserved() - base).toBe(aBlock); // the cached block, reused
    again.dispose();

    // A block of another size class while the first is cached: live + cached would pass the
    // high-water mark (the first block alone), so it goes back to the system when freed.
    const b = torch.empty([limit + 6 * MB], { dtype: torch.uint8 });
    expect(torch.cpu.memory_reserved() - base).toBeGreaterThan(aBlock);
    b.dispose();
    expect(torch.cpu.memory_allocated()).toBe(base);
    expect(torch.cpu.memory_reserved() - base).toBe(aBlock);

    torch.cpu.empty_cache();
    expect(torch.cpu.memory_reserved()).toBe(torch.cpu.memory_allocated());
  });

  it("peaks, and reset_peak_memory_stats", () => {
    torch.cpu.reset_peak_memory_stats();
    const base = torch.cpu.max_memory_allocated();
    expect(base).toBe(torch.cpu.memory_allocated());
    const big = torch.zeros(4 * MB, { dtype: torch.uint8 });
    big.dispose();
    expect(torch.cpu.max_memory_allocated() - base).toBeGreaterThanOrEqual(4 * MB);
    expect(torch.cpu.max_memory_reserved()).toBeGreaterThanOrEqual(torch.cpu.max_memory_allocated());
    torch.cpu.reset_peak_memory_stats();
    expect(torch.cpu.max_memory_allocated()).toBe(torch.cpu.memory_allocated());
  });

  it("freed tensors keep their values apart: reused blocks hold the new tensor's data, results equal Python's", () => {
    const py = pythonJson<number[]>(`
torch.manual_seed(0)
out = []
for i in range(50):
    a = torch.randn(300, 70)
    b = torch.randn(300, 70)
    out.append(a.mul(b).add(i).sum().item())
print(json.dumps(out))`);
    torch.manual_seed(0);
    const ts: number[] = [];
    for (let i = 0; i < 50; i++) {
      const a = torch.randn(300, 70);
      const b = torch.randn(300, 70);
      ts.push(a.mul(b).add(i).sum().item());
      if (i % 7 === 0) torch.cpu.empty_cache();
    }
    expect(ts).toStrictEqual(py);
  });

  it("an allocation no machine can serve: Python's RuntimeError, with the bytes asked for, and the process goes on", () => {
    const py = pythonJson<string[]>(`
out = []
for n in [2**50, 2**61]:
    try: torch.empty(n, dtype=torch.uint8)
    except RuntimeError as e: out.append(str(e))
print(json.dumps(out))`);
    const messages = [2 ** 50, 2 ** 61].map((n) => {
      try {
        torch.empty([n], { dtype: torch.uint8 });
      } catch (error) {
        expect(error).toBeInstanceOf(torch.RuntimeError);
        return (error as Error).message;
      }
      return "no error";
    });
    expect(messages).toStrictEqual(py);
    expect(torch.ones(3).sum().item()).toBe(3);
  });
});
