// Garbage collection paced by tensor bytes.
//
// Python frees a temporary tensor the moment its last reference goes, so the allocator hands
// the same, cache-warm memory to the next op. Here a tensor is freed when V8 collects its JS
// object, and V8 collects the young generation only when its own (small) objects fill it: a
// loop over 100 kB tensors would keep thousands of them alive between collections and touch
// fresh memory on every op (relu on 1e5 floats: 160 us against Python's 26). So the addon
// counts the bytes of every tensor it wraps, and the Tensor constructor runs a young-generation
// collection (a scavenge: cheap, since nearly everything young is dead) once that count passes
// a budget. TORCHTS_YOUNG_GC_MB sets the budget in MB; unset or 0, the pacing is off.
//
// Off by default: in a 10,000-step soak of examples/gpt with a 16 MB budget, RSS stayed at
// 630 MB for 5,000 steps, then climbed to 1.4 GB and stayed near 1.3 GB (forced scavenges
// promote live activations to the old generation, freed only by the rarer full collections);
// without pacing it stays between 620 and 730 MB. Pacing gave 10-35% more steps/s there.
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

const budgetMB = Number(process.env.TORCHTS_YOUNG_GC_MB ?? 0);
/** Infinity when pacing is off. */
export const youngBudget = Number.isFinite(budgetMB) && budgetMB > 0 ? budgetMB * 2 ** 20 : Infinity;

/** wrappedBytes[0]: bytes of the tensors wrapped since the last paced collection. */
export const wrappedBytes = new Float64Array(1);
// Only counted when pacing is on: off, the addon's wrap() skips the addition.
if (youngBudget !== Infinity) native.setWrappedBytesCounter(wrappedBytes);

/** A young-generation collection: frees the tensors that died young. */
export function collectYoung(): void {
  wrappedBytes[0] = 0;
  v8gc()({ type: "minor" });
}
