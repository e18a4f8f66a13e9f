// torch.cuda's random-number functions (torch/cuda/random.py): the states and seeds of the
// CUDA devices' default generators, so that a checkpoint can resume a CUDA run's dropout
// masks exactly.
//
// Python queues set_rng_state and the seeding functions until CUDA initializes (_lazy_call)
// and so never runs them where CUDA is unavailable; here they run at once where CUDA is
// available (initializing it) and do nothing where it is not, which is what a program sees
// in both cases. get_rng_state and initial_seed initialize CUDA, with its RuntimeError where
// it cannot.
import { device as torchDevice } from "./device";
import { contiguous_format } from "./dtype";
import { AttributeError, pyTypeName } from "./errors";
import { Generator, seedArg } from "./generator";
import { native } from "./native";
import { Tensor } from "./tensor";
import { current_device, device_count, is_available, type Device } from "./cuda";

// Python's conversion: a string becomes a torch.device, an int torch.device("cuda", i); no
// index means the current device.
function index(device: Device): number {
  let d: unknown = device ?? "cuda";
  if (typeof d === "string") d = torchDevice(d);
  else if (typeof d === "number") d = torchDevice("cuda", d);
  // Python reads device.index of whatever it was given.
  if (!(d instanceof torchDevice)) throw new AttributeError(`'${pyTypeName(d)}' object has no attribute 'index'`);
  return d.index ?? current_device();
}

/** torch.cuda.default_generators[i]. */
function defaultGenerator(i: number): Generator {
  return new Generator("cuda", native.defaultGenerator(`cuda:${i}`));
}

/** The state of a CUDA device's default generator (a uint8 tensor on the CPU). */
export function get_rng_state(device: Device = "cuda"): Tensor {
  native.cudaLazyInit();
  return defaultGenerator(index(device)).get_state();
}

/** get_rng_state of every CUDA device. */
export function get_rng_state_all(): Tensor[] {
  return Array.from({ length: device_count() }, (_, i) => get_rng_state(i));
}

/** Restores what get_rng_state returned. */
export function set_rng_state(new_state: Tensor, device: Device = "cuda"): void {
  if (!(new_state instanceof Tensor)) throw new AttributeError(`'${pyTypeName(new_state)}' object has no attribute 'clone'`);
  const copy = new_state.clone({ memory_format: contiguous_format });
  if (!is_available()) return;
  defaultGenerator(index(device)).set_state(copy);
}

/** set_rng_state for every CUDA device, from get_rng_state_all's list. */
export function set_rng_state_all(new_states: Iterable<Tensor>): void {
  let i = 0;
  for (const state of new_states) set_rng_state(state, i++);
}

/** Seeds the current CUDA device's default generator. */
export function manual_seed(seed: number | bigint): void {
  const s = seedArg("manual_seed", seed);
  if (!is_available()) return;
  native.generatorManualSeed(defaultGenerator(current_device())._h, s);
}

/** Seeds every CUDA device's default generator. */
export function manual_seed_all(seed: number | bigint): void {
  const s = seedArg("manual_seed_all", seed);
  if (!is_available()) return;
  for (let i = 0; i < device_count(); i++) native.generatorManualSeed(defaultGenerator(i)._h, s);
}

/** Seeds the current CUDA device's generator from a non-deterministic source. */
export function seed(): void {
  if (is_available()) defaultGenerator(current_device()).seed();
}

/** Seeds every CUDA device's generator with one non-deterministic seed. */
export function seed_all(): void {
  if (!is_available()) return;
  const first = defaultGenerator(0).seed();
  for (let i = 1; i < device_count(); i++) defaultGenerator(i).manual_seed(first);
}

/** The current CUDA device's initial seed. */
export function initial_seed(): number | bigint {
  native.cudaLazyInit();
  return defaultGenerator(current_device()).initial_seed();
}
