// The error torch.load and safetensors.load_file raise for a file they cannot read: it names
// the file and what is wrong with it (Python's pickle.UnpicklingError for refused globals).
export class UnpicklingError extends Error {}
Object.defineProperty(UnpicklingError.prototype, "name", { value: "UnpicklingError", writable: true, configurable: true });

/** An Error for a file that cannot be read: "<what>: <file>: <problem>". */
export function fileError(what: string, file: string, problem: string): Error {
  return new UnpicklingError(`${what}: ${file}: ${problem}`);
}
