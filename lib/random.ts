// Seeding: torch.manual_seed seeds the CPU generator and every CUDA device's generator.
import { argumentError } from "./errors";
import { native } from "./native";

/** torch.manual_seed(seed): a number or bigint; negative seeds wrap to 64 bits, as in Python. */
export function manual_seed(seed: number | bigint): void {
  if (typeof seed === "number" && !Number.isInteger(seed)) throw argumentError("manual_seed", "seed", "int", seed);
  if (typeof seed !== "number" && typeof seed !== "bigint") throw argumentError("manual_seed", "seed", "int", seed);
  const big = BigInt(seed);
  if (big < -(1n << 63n) || big >= 1n << 64n) {
    throw new RangeError(`Overflow when unpacking long long`);
  }
  native.manualSeed(BigInt.asUintN(64, big));
}
