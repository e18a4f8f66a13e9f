// Atomic file writes: the bytes go to a temporary file in the same folder, which is flushed
// to disk and then renamed over the destination, so that the destination is always either
// the previous complete file or the new complete one (a crash or kill mid-way leaves it as it was).
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";

/** Writes `chunks` to `file` atomically; `what` ("torch.save") starts the error messages. */
export function atomicWrite(what: string, file: string, chunks: Uint8Array[]): void {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `${path.basename(file)}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`);
  let fd: number | null = null;
  try {
    fd = fs.openSync(tmp, "wx", 0o644);
    for (const chunk of chunks) {
      let done = 0;
      while (done < chunk.length) done += fs.writeSync(fd, chunk, done, chunk.length - done);
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(tmp, file);
  } catch (error) {
    if (fd !== null) {
      try {
        fs.closeSync(fd);
      } catch {
        // already reporting the first error
      }
    }
    try {
      fs.unlinkSync(tmp);
    } catch {
      // it may not exist
    }
    const e = error as NodeJS.ErrnoException;
    const untouched = `the previous file at ${file} is untouched`;
    if (e.code === "ENOSPC") throw new Error(`${what}: no space left on the device while writing ${file}; ${untouched}`, { cause: e });
    if (e.code === "EDQUOT") throw new Error(`${what}: disk quota exceeded while writing ${file}; ${untouched}`, { cause: e });
    throw new Error(`${what}: could not write ${file} (${e.code ?? e.message}); ${untouched}`, { cause: e });
  }
  // Make the rename itself durable where the platform allows it.
  try {
    const dfd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(dfd);
    } finally {
      fs.closeSync(dfd);
    }
  } catch {
    // not supported on every platform (Windows); the file itself is complete
  }
}
