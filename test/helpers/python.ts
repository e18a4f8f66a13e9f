// Runs Python with the reference torch (the same LibTorch 2.11 that torchts loads) so that
// tests compare against numbers PyTorch itself computes.
import { execFile, execFileSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const libtorch = require("../../scripts/libtorch.cjs");

let python: string | undefined;

/** The Python interpreter whose torch is the reference; throws when there is none. */
export function referencePython(): string {
  if (python) return python;
  const found = libtorch.findLibtorch();
  if (!found.python) {
    throw new Error(
      `tests need a Python with torch ${found.version} as their reference; set TORCHTS_PYTHON to one`,
    );
  }
  python = found.python as string;
  return python;
}

/** Runs a Python program (torch already imported as `torch`) and returns its stdout. */
export function runPython(code: string, input?: string): string {
  return execFileSync(referencePython(), ["-c", `import torch, json\n${code}`], {
    encoding: "utf8",
    input,
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Runs a Python program that prints one JSON value, and returns that value. */
export function pythonJson<T = unknown>(code: string, input?: string): T {
  return JSON.parse(runPython(code, input)) as T;
}

/**
 * pythonJson without blocking: the test's own loop can run (and yield to vitest's worker,
 * whose RPC times out when a test body blocks its event loop for a minute) while Python does.
 */
export function pythonJsonAsync<T = unknown>(code: string): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(referencePython(), ["-c", `import torch, json\n${code}`], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout) as T),
    );
  });
}

/** Lets the event loop run (timers, I/O, vitest's RPC): await it now and then in long loops. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
