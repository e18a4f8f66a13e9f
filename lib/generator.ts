// torch.Generator and the seeding functions of the torch namespace.
import { device, deviceSpec } from "./device";
import { argumentError, ValueError } from "./errors";
import { GeneratorHandle, native } from "./native";
import { Tensor } from "./tensor";
import { objectStr, printsAsStr } from "./_python";

/** A JS number when it is exact, else a bigint (seeds are 64-bit). */
function seedValue(seed: bigint): number | bigint {
  return seed <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(seed) : seed;
}

/** A seed as the native layer takes it: Python wraps negative seeds to 64 bits. */
export function seedArg(fn: string, seed: unknown): bigint {
  if ((typeof seed !== "number" || !Number.isInteger(seed)) && typeof seed !== "bigint") {
    throw argumentError(fn, "seed", "int", seed);
  }
  const big = BigInt(seed);
  if (big < -(1n << 63n) || big >= 1n << 64n) throw new ValueError("Overflow when unpacking long long");
  return BigInt.asUintN(64, big);
}

/** torch.Generator(device = "cpu"): a random-number generator to pass as `{ generator }`. */
export class Generator {
  /** @internal */
  readonly _h: GeneratorHandle;

  constructor(dev: string | device = "cpu", /** @internal */ handle?: GeneratorHandle) {
    this._h = handle ?? native.generatorNew(deviceSpec(dev));
  }

  manual_seed(seed: number | bigint): this {
    native.generatorManualSeed(this._h, seedArg("manual_seed", seed));
    return this;
  }

  /** Seeds from a non-deterministic source and returns the seed. */
  seed(): number | bigint {
    return seedValue(native.generatorSeed(this._h));
  }

  initial_seed(): number | bigint {
    return seedValue(native.generatorInitialSeed(this._h));
  }

  /** The generator's state, a uint8 tensor to give back to set_state. */
  get_state(): Tensor {
    return new Tensor(native.generatorGetState(this._h));
  }

  set_state(new_state: Tensor): this {
    if (!(new_state instanceof Tensor)) throw argumentError("set_state", "new_state", "Tensor", new_state);
    native.generatorSetState(this._h, new_state._h);
    return this;
  }

  get device(): device {
    return device(native.generatorDevice(this._h));
  }

  toString(): string {
    return objectStr("torch._C.Generator");
  }
}
printsAsStr(Generator);

/** torch.default_generator: the CPU generator that ops use when given none. */
export const default_generator = new Generator("cpu", native.defaultGenerator(null));

/** torch.manual_seed(seed): seeds the CPU generator and every CUDA device's, as in Python. */
export function manual_seed(seed: number | bigint): Generator {
  native.manualSeed(seedArg("manual_seed", seed));
  return default_generator;
}

/** torch.seed(): seeds the CPU generator non-deterministically and returns the seed. */
export function seed(): number | bigint {
  const s = default_generator.seed();
  native.manualSeed(BigInt(s));
  return s;
}

export function initial_seed(): number | bigint {
  return default_generator.initial_seed();
}

/** torch.get_rng_state(): the CPU generator's state (a uint8 tensor), to save in checkpoints. */
export function get_rng_state(): Tensor {
  return default_generator.get_state();
}

/** torch.set_rng_state(new_state): restores what get_rng_state returned. */
export function set_rng_state(new_state: Tensor): void {
  default_generator.set_state(new_state);
}
