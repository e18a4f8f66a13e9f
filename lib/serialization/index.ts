// torch.save / torch.load (Python's checkpoint format) and safetensors files.
export { save } from "./save";
export { load } from "./load";
export type { LoadOptions, MapLocation } from "./load";
export { save_file, load_file } from "./safetensors";
export { UnpicklingError } from "./errors";
export { add_safe_globals, clear_safe_globals, get_safe_globals, safe_globals } from "./safe_globals";
export type { SafeGlobalEntry } from "./safe_globals";
