// Running an example (its TS script or its Python original) as a program, as the example
// tests do: one intra-op thread, so that CPU reductions add in the same order in both.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import { promisify } from "node:util";
import { projectRoot } from "./node";

export const run = promisify(execFile);
export const env = { ...process.env, OMP_NUM_THREADS: "1" };

export interface ExampleRun {
  stdout: string;
  /** Every training step's loss, from the script's --loss_log file. */
  losses: number[];
}

/** Runs `command args... options... --loss_log=loss_log` in the project root. */
export async function runExample(command: string, args: string[], options: string[], loss_log: string): Promise<ExampleRun> {
  const { stdout } = await run(command, [...args, ...options, `--loss_log=${loss_log}`], {
    cwd: projectRoot,
    env,
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  return { stdout, losses: JSON.parse(fs.readFileSync(loss_log, "utf8")) as number[] };
}
