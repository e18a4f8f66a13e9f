// Downloads for the datasets: torch.hub.download_url_to_file's behaviour (a temporary file
// next to the destination, a sha256 check, then a rename) with a cli-progress bar on stderr.
// The datasets are synchronous, as in Python, so they download through a child Node process
// running this file (`_download_sync`), whose result comes back as JSON on its stdout.
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RuntimeError, TypeError } from "../errors";

/** The folder datasets download into: $TORCHTS_CACHE/datasets, else ~/.cache/torchts/datasets. */
export function _datasets_cache(): string {
  const base = process.env.TORCHTS_CACHE || path.join(os.homedir(), ".cache", "torchts");
  return path.join(base, "datasets");
}

export interface DownloadOptions {
  hash_prefix?: string | null;
  progress?: boolean;
}

/**
 * download_url_to_file(url, dst, hash_prefix = null, progress = true), as torch.hub's:
 * fetches url into dst (through a temporary file in dst's folder), checks that the sha256 of
 * the bytes starts with hash_prefix when given, and shows a progress bar on stderr.
 */
export async function download_url_to_file(url: string, dst: string, options: DownloadOptions = {}): Promise<void> {
  for (const key of Object.keys(options)) {
    if (key !== "hash_prefix" && key !== "progress") {
      throw new TypeError(`download_url_to_file() got an unexpected keyword argument '${key}'`);
    }
  }
  const hash_prefix = options.hash_prefix ?? null;
  const progress = options.progress ?? true;
  const response = await fetch(url);
  if (!response.ok || !response.body) {
    throw new RuntimeError(`HTTP Error ${response.status}: ${response.statusText} (${url})`);
  }
  const total = Number(response.headers.get("content-length") ?? 0) || 0;
  fs.mkdirSync(path.dirname(path.resolve(dst)), { recursive: true });
  const tmp = `${path.resolve(dst)}.${process.pid}.${Date.now()}.partial`;
  const fd = fs.openSync(tmp, "w");
  const sha256 = createHash("sha256");
  let bar: { start(t: number, v: number): void; update(v: number): void; stop(): void } | null = null;
  if (progress) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cliProgress = require("cli-progress") as typeof import("cli-progress");
    bar = new cliProgress.SingleBar(
      {
        format: `${path.basename(dst)} [{bar}] {percentage}% | {value}/{total} bytes | {eta_formatted}`,
        stream: process.stderr,
        hideCursor: false,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
  }
  let received = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      fs.writeSync(fd, chunk);
      sha256.update(chunk);
      received += chunk.length;
      bar?.update(received);
    }
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    bar?.stop();
    throw error;
  }
  fs.closeSync(fd);
  bar?.stop();
  if (total && received !== total) {
    fs.rmSync(tmp, { force: true });
    throw new RuntimeError(`incomplete download of ${url}: got ${received} of ${total} bytes`);
  }
  const digest = sha256.digest("hex");
  if (hash_prefix !== null && !digest.startsWith(hash_prefix)) {
    fs.rmSync(tmp, { force: true });
    throw new RuntimeError(`invalid hash value (expected "${hash_prefix}", got "${digest}")`);
  }
  fs.renameSync(tmp, dst);
}

/** download_url_to_file, synchronously: runs it in a child Node process and waits. */
export function _download_sync(url: string, dst: string, options: DownloadOptions = {}): void {
  const child = spawnSync(
    process.execPath,
    [__filename, url, dst, options.hash_prefix ?? "", options.progress === false ? "0" : "1"],
    { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" },
  );
  let result: { ok?: true; error?: { name: string; message: string } } | undefined;
  try {
    result = JSON.parse(child.stdout.trim().split("\n").pop() ?? "");
  } catch {
    result = undefined;
  }
  if (result?.ok) return;
  const message = result?.error?.message ?? `download of ${url} failed (exit status ${child.status}, signal ${child.signal})`;
  throw new RuntimeError(message);
}

if (require.main === module) {
  const [url, dst, hash, progress] = process.argv.slice(2);
  download_url_to_file(url, dst, { hash_prefix: hash || null, progress: progress !== "0" }).then(
    () => process.stdout.write(`${JSON.stringify({ ok: true })}\n`),
    (error: Error) => {
      const cause = (error as { cause?: Error }).cause;
      const message = cause ? `${error.message}: ${cause.message} (${url})` : error.message;
      process.stdout.write(`${JSON.stringify({ error: { name: error.name, message } })}\n`);
      process.exitCode = 1;
    },
  );
}
