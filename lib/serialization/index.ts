// torch.save / torch.load (Python's checkpoint format) and safetensors files.
export { save } from "./save";
export { load } from "./load";
export type { LoadOptions, MapLocation } from "./load";
export { save_file, load_file } from "./safetensors";
export { UnpicklingError } from "./errors";
