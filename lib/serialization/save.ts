// torch.save(obj, f): Python's zip format (pickle protocol 2 in <name>/data.pkl, one record per
// storage in <name>/data/<key>), written atomically.
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { atomicWrite } from "./atomic";
import { pickle } from "./pickler";
import { zipChunks } from "./zip";
import { TypeError } from "../errors";

/**
 * torch.save(obj, f): writes `obj` (tensors, plain objects, arrays, numbers, strings, ...) to
 * the file `f` as Python's torch.save does, so that Python's torch.load reads it. The file is
 * replaced atomically: it is the previous file or the new one, never a partial one. A save
 * killed mid-way leaves its temporary file `<f>.tmp-<pid>-<random>` beside `f`; the next save
 * to `f` removes it. A failed write (ENOSPC, EFBIG, ...) raises a RuntimeError naming `f`.
 */
export function save(obj: unknown, f: string): void {
  if (typeof f !== "string") throw new TypeError(`torch.save: f must be a file path (a string), not ${typeof f}`);
  const { pickle: data, storages } = pickle(obj);
  // The archive's folder name is the file's name without its extension, as in Python.
  const name = path.basename(f).replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9_.-]/g, "_") || "archive";
  const text = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));
  const sid = Array.from(randomBytes(20), (x) => String(x % 100).padStart(2, "0")).join("");
  const records = [
    { name: `${name}/data.pkl`, data },
    { name: `${name}/.format_version`, data: text("1") },
    { name: `${name}/.storage_alignment`, data: text("64") },
    { name: `${name}/byteorder`, data: text("little") },
    ...storages.map((s) => ({ name: `${name}/data/${s.key}`, data: s.bytes })),
    { name: `${name}/version`, data: text("3\n") },
    { name: `${name}/.data/serialization_id`, data: text(sid) },
  ];
  atomicWrite("torch.save", f, zipChunks(records));
}
