// Atomic file writes: the bytes go to a temporary file in the same folder, which is then
// renamed over the destination, so that the destination is always either the previous
// complete file or the new complete one (a crash or kill mid-way leaves it as it was).
//
// No fsync, as Python's torch.save has none: the two fsyncs (file and folder) were 3 ms of a
// 7 ms save of a 1.3 MB checkpoint, which examples/transformer_lm makes every 6 steps. Against
// a power loss, ext4 (auto_da_alloc) and btrfs flush a file's data when it is renamed over
// another, which is this case.
//
// A process killed mid-write cannot remove its temporary file "<file>.tmp-<pid>-<random>";
// the next atomic write to the same file removes those whose process no longer runs.
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { RuntimeError } from "../errors";

function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

// Per destination file, its folder's modification time after our last write of it: while that
// is unchanged, no file was created in the folder since (a killed writer's temporary file
// would have changed it), so the scan for leftovers (a readdir, ~1 ms here) is skipped.
const lastSeen = new Map<string, bigint>();

function mtimeOf(dir: string): bigint | undefined {
  try {
    return fs.statSync(dir, { bigint: true }).mtimeNs;
  } catch {
    return undefined;
  }
}

/** Removes the temporary files that killed writers of `file` left in `dir`. */
function removeLeftovers(dir: string, file: string): void {
  const seen = lastSeen.get(file);
  if (seen !== undefined && seen === mtimeOf(dir)) return;
  const pattern = new RegExp(`^${path.basename(file).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.tmp-(\\d+)-[0-9a-f]{12}$`);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = pattern.exec(name);
    if (m && Number(m[1]) !== process.pid && processIsGone(Number(m[1]))) {
      try {
        fs.unlinkSync(path.join(dir, name));
      } catch {
        // another writer removed it first
      }
    }
  }
}

/** Writes `chunks` to `file` atomically; `what` ("torch.save") starts the error messages. */
export function atomicWrite(what: string, file: string, chunks: Uint8Array[]): void {
  const resolved = path.resolve(file);
  const dir = path.dirname(resolved);
  const tmp = path.join(dir, `${path.basename(file)}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`);
  removeLeftovers(dir, resolved);
  let fd: number | null = null;
  try {
    fd = fs.openSync(tmp, "wx", 0o644);
    for (const chunk of chunks) {
      let done = 0;
      while (done < chunk.length) done += fs.writeSync(fd, chunk, done, chunk.length - done);
    }
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(tmp, file);
    const mtime = mtimeOf(dir);
    if (mtime !== undefined) lastSeen.set(resolved, mtime);
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
    if (e.code === "ENOSPC") throw new RuntimeError(`${what}: no space left on the device while writing ${file} (ENOSPC); ${untouched}`, { cause: e });
    if (e.code === "EDQUOT") throw new RuntimeError(`${what}: disk quota exceeded while writing ${file} (EDQUOT); ${untouched}`, { cause: e });
    if (e.code === "EFBIG") throw new RuntimeError(`${what}: file too large while writing ${file} (EFBIG: over the file size limit, ulimit -f); ${untouched}`, { cause: e });
    throw new RuntimeError(`${what}: could not write ${file} (${e.code ?? e.message}); ${untouched}`, { cause: e });
  }
}
