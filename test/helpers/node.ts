// Runs a separate Node process (entry points, load failures, crashes must not take the
// test runner down with them).
import { spawnSync } from "node:child_process";
import * as path from "node:path";

export const projectRoot = path.join(__dirname, "..", "..");

export interface NodeRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `node ...args` in the project root with extra environment variables. */
export function runNode(args: string[], env: Record<string, string | undefined> = {}, cwd = projectRoot): NodeRun {
  const result = spawnSync(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}
