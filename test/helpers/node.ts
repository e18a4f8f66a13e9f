// Runs a separate Node process (entry points, load failures, crashes must not take the
// test runner down with them).
import { execFile, spawnSync } from "node:child_process";
import * as net from "node:net";
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

/** runNode without blocking the test's event loop (vitest's worker RPC times out on a long block). */
export function runNodeAsync(args: string[], env: Record<string, string | undefined> = {}, cwd = projectRoot): Promise<NodeRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, env: { ...process.env, ...env }, encoding: "utf8", timeout: 120_000 }, (error, stdout, stderr) => {
      const e = error as (Error & { code?: number | string; signal?: NodeJS.Signals }) | null;
      resolve({ status: e ? (typeof e.code === "number" ? e.code : null) : 0, signal: e?.signal ?? null, stdout, stderr });
    });
  });
}

/** A TCP port free on 127.0.0.1 now (for a process group's store). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}
