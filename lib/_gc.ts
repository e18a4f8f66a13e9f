// Garbage collection paced by tensor bytes.
//
// Python frees a temporary tensor the moment its last reference goes, so the allocator hands
// the same, cache-warm memory to the next op. Here a tensor is freed when V8 collects its JS
// object, and V8 collects the young generation only when its own (small) objects fill it: a
// loop over 100 kB tensors would keep thousands of them alive between collections and touch
// fresh memory on every op (relu on 1e5 floats: 160 us against Python's 26). So the addon
// counts the bytes of every tensor it wraps, and the Tensor constructor runs a young-generation
// collection (a scavenge: cheap, since nearly everything young is dead) once that count passes
// a budget: TORCHTS_YOUNG_GC_MB, in MB (default 16; 0 turns the pacing off).
//
// In examples/gpt (small configuration, CPU) pacing takes torchts from 0.79 to about 0.9 of
// Python's steps/s; with it, RSS stays within 650 MB over 10,000 steps thanks to the full
// collections below (without those, RSS once climbed from 630 MB to 1.4 GB after step 3,000).
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { native } from "./native";

type GcFunction = (options?: { type?: "major" | "minor"; execution?: "sync" }) => void;
let gcFunction: GcFunction | null = null;

/** V8's gc() (as with --expose-gc), obtained without the flag on the command line. */
export function v8gc(): GcFunction {
  if (gcFunction === null) {
    v8.setFlagsFromString("--expose-gc");
    gcFunction = vm.runInNewContext("gc") as GcFunction;
  }
  return gcFunction;
}

/** A size in MB from the environment, in bytes; `fallback` MB when unset or not a number. */
function envBytes(name: string, fallback: number): number {
  const mb = Number(process.env[name] ?? fallback);
  return (Number.isFinite(mb) ? mb : fallback) * 2 ** 20;
}

const budget = envBytes("TORCHTS_YOUNG_GC_MB", 16);
/** Infinity when pacing is off. */
export const youngBudget = budget > 0 ? budget : Infinity;

// V8 sets its old generation's limit from the JS heap alone, growing it by a factor that
// shrinks toward 1.1 when JS allocates slowly: here most memory is tensors outside the heap
// and JS allocates little, so the limit settled about 9 MB above a 30 MB heap, below the
// young generation's capacity, and V8 started a full marking right after each one ended. In
// examples/gpt that was a full collection every 2-3 steps (53 in 120), each marking the whole
// heap on the second core the kernels' threads want. A fixed factor of 2 (V8's flag, read at
// each collection) leaves 8 in 120 steps. TORCHTS_HEAP_GROWING_PERCENT sets it (0: V8's own);
// a --heap-growing-percent given to node wins.
const growingPercent = Number(process.env.TORCHTS_HEAP_GROWING_PERCENT ?? 100);
const nodeFlags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];
if (Number.isInteger(growingPercent) && growingPercent > 0 && !nodeFlags.some((f) => /^--heap[-_]growing[-_]percent/.test(f))) {
  v8.setFlagsFromString(`--heap-growing-percent=${growingPercent}`);
}

/** wrappedBytes[0]: bytes of the tensors wrapped since the last paced collection. */
export const wrappedBytes = new Float64Array(1);
// Only counted when pacing is on: off, the addon's wrap() skips the addition.
if (youngBudget !== Infinity) native.setWrappedBytesCounter(wrappedBytes);

// Tensors that outlive two scavenges (a forward pass's activations, kept for backward) move to
// the old generation, which only a full collection frees, and V8 runs those by its JS heap's
// growth, not by the tensors': in a GPT soak it once went a minute without one, and RSS rose
// by 560 MB. So a full collection also runs when the memory of live CPU tensors has grown by
// MAJOR_SLACK (and by a quarter) since the last one. That count comes from torchts's CPU
// allocator (native/cpu_allocator.cc), which sees every storage, views' and autograd's too, at
// the cost of a plain read; with the allocator turned off (TORCHTS_CPU_CACHE_MB=0), the
// process's RSS stands in (7.7 us a read).
const MAJOR_SLACK = Math.max(envBytes("TORCHTS_MAJOR_GC_MB", 128), 2 ** 20);
const liveBytes: () => number = native.cpuMemoryStats().cache_limit_bytes > 0 ? native.cpuAllocatedBytes : process.memoryUsage.rss;
let majorAt = -1;

/** A young-generation collection, and a full one when the memory of live tensors has grown. */
export function collectYoung(): void {
  const gc = v8gc();
  wrappedBytes[0] = 0;
  gc({ type: "minor" });
  const live = liveBytes();
  if (majorAt < 0) majorAt = live + MAJOR_SLACK;
  if (live > majorAt) {
    gc(); // a full collection (Node 20's V8 reads { type: "major" } as a minor one)
    const after = liveBytes();
    majorAt = after + Math.max(MAJOR_SLACK, after / 4);
  }
}
