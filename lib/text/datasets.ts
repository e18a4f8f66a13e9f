// Datasets: torchtext.datasets.IMDB, and Tiny Shakespeare (not in torchtext: the corpus of
// char-level tutorials) as its text.
import * as fs from "node:fs";
import * as path from "node:path";
import * as tar from "tar";
import { RuntimeError, ValueError } from "../errors";
import { checkOptions } from "../_args";
import { _datasets_cache, _download_sync } from "./_download";

/**
 * Where each dataset comes from. sha256 of the official files: Tiny Shakespeare's as
 * published with it; IMDB's is the official aclImdb_v1.tar.gz's (84,125,825 bytes) as
 * recorded by TensorFlow Datasets (torchtext checks MD5 7c2ac02c03563afcf9b574c7e56c153a).
 * Tests point these at a local server (not a stable API).
 */
export const _RESOURCES = {
  IMDB: {
    url: "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz",
    sha256: "c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe",
    filename: "aclImdb_v1.tar.gz",
  },
  TinyShakespeare: {
    url: "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt",
    sha256: "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed",
    filename: "input.txt",
  },
};

const isFile = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
const isDir = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;

// ---------------------------------------------------------------------------------------
// Tiny Shakespeare

/** The copy shipped with the package (data/ at the package root; this file is dist/text/). */
export function _shipped_tinyshakespeare(): string {
  return path.join(__dirname, "..", "..", "data", "tinyshakespeare.txt");
}

export interface TinyShakespeareOptions {
  /** The text file, or a folder holding input.txt, tinyshakespeare/input.txt or tinyshakespeare.txt. */
  root?: string | null;
  download?: boolean;
}

/**
 * TinyShakespeare({ root, download = false }): the Tiny Shakespeare text (1,115,394
 * characters). Without root: the download cache ($TORCHTS_CACHE/datasets/tinyshakespeare/
 * input.txt) when it holds a copy, else the copy shipped with torchts. With root: the file
 * there; when it is missing, download: true fetches it into root/tinyshakespeare/input.txt
 * (sha256-checked), otherwise the error names the path where the file belongs.
 */
export function TinyShakespeare(options: TinyShakespeareOptions = {}): string {
  checkOptions("TinyShakespeare", options, ["root", "download"]);
  const download = options.download ?? false;
  const res = _RESOURCES.TinyShakespeare;
  let candidates: string[];
  let target: string;
  if (options.root === undefined || options.root === null) {
    target = path.join(_datasets_cache(), "tinyshakespeare", "input.txt");
    candidates = [target, _shipped_tinyshakespeare()];
  } else {
    const root = options.root;
    if (isFile(root)) return fs.readFileSync(root, "utf8");
    candidates = ["input.txt", path.join("tinyshakespeare", "input.txt"), "tinyshakespeare.txt"].map((p) => path.join(root, p));
    target = path.join(root, "tinyshakespeare", "input.txt");
  }
  const found = candidates.find(isFile);
  if (found) return fs.readFileSync(found, "utf8");
  if (!download) {
    throw new RuntimeError(
      `Tiny Shakespeare not found: put the file at ${target} (looked for ${candidates.join(", ")}), ` +
        `or pass download: true to fetch it from ${res.url}`,
    );
  }
  _download_sync(res.url, target, { hash_prefix: res.sha256 });
  return fs.readFileSync(target, "utf8");
}

// ---------------------------------------------------------------------------------------
// IMDB

export type IMDBSplit = "train" | "test";
/** [label, text]: label 1 for a negative review, 2 for a positive one (torchtext ≥ 0.14). */
export type IMDBSample = [number, string];

export interface IMDBOptions {
  /** aclImdb_v1.tar.gz, an unpacked aclImdb folder, or a folder holding either (directly or under IMDB/ or imdb/). */
  root?: string | null;
  split?: IMDBSplit | IMDBSplit[];
  download?: boolean;
}

const LABELS: Record<string, number> = { neg: 1, pos: 2 };
const MEMBER = /^(?:\.\/)?aclImdb\/(train|test)\/(neg|pos)\/[^/]+\.txt$/;

type Source = { kind: "archive" | "folder"; path: string };

function imdbSource(rootOption: string | null | undefined, download: boolean): Source {
  const root = rootOption ?? _datasets_cache();
  if (isFile(root)) return { kind: "archive", path: root };
  const isAclFolder = (p: string) => isDir(path.join(p, "train")) || isDir(path.join(p, "test"));
  if (isDir(root) && isAclFolder(root) && path.basename(root) !== "IMDB") return { kind: "folder", path: root };
  const looked: string[] = [];
  for (const sub of ["", "IMDB", "imdb"]) {
    const dir = path.join(root, sub);
    const folder = path.join(dir, "aclImdb");
    const archive = path.join(dir, _RESOURCES.IMDB.filename);
    looked.push(folder, archive);
    if (isDir(folder) && isAclFolder(folder)) return { kind: "folder", path: folder };
    if (isFile(archive)) return { kind: "archive", path: archive };
  }
  const target = path.join(root, "IMDB", _RESOURCES.IMDB.filename);
  if (!download) {
    throw new RuntimeError(
      `IMDB not found: put aclImdb_v1.tar.gz at ${target} (looked for ${looked.join(", ")}), ` +
        `or pass download: true to fetch it from ${_RESOURCES.IMDB.url}`,
    );
  }
  _download_sync(_RESOURCES.IMDB.url, target, { hash_prefix: _RESOURCES.IMDB.sha256 });
  return { kind: "archive", path: target };
}

function readArchive(file: string, splits: Set<string>): Map<string, IMDBSample[]> {
  const out = new Map<string, IMDBSample[]>([...splits].map((s) => [s, []]));
  const decoder = new TextDecoder("utf-8");
  tar.t({
    file,
    sync: true,
    onReadEntry: (entry) => {
      const m = MEMBER.exec(entry.path);
      if (!m || entry.type !== "File" || !splits.has(m[1])) return;
      const chunks: Buffer[] = [];
      const list = out.get(m[1])!;
      const label = LABELS[m[2]];
      entry.on("data", (c: Buffer) => chunks.push(c));
      entry.on("end", () => list.push([label, decoder.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks))]));
    },
  });
  return out;
}

function readFolder(folder: string, splits: Set<string>): Map<string, IMDBSample[]> {
  const out = new Map<string, IMDBSample[]>();
  for (const split of splits) {
    const list: IMDBSample[] = [];
    for (const name of ["neg", "pos"]) {
      const dir = path.join(folder, split, name);
      if (!isDir(dir)) throw new RuntimeError(`IMDB: missing folder ${dir}`);
      const files = fs.readdirSync(dir).filter((f) => f.endsWith(".txt")).sort();
      for (const f of files) list.push([LABELS[name], fs.readFileSync(path.join(dir, f), "utf8")]);
    }
    out.set(split, list);
  }
  return out;
}

/**
 * IMDB({ root, split = ["train", "test"], download = false }): the Large Movie Review
 * Dataset as torchtext (≥ 0.14) yields it: [label, text] with label 1 = neg, 2 = pos,
 * 25,000 reviews per split. A split name gives that split's array; an array of names (the
 * default) gives one array per name, as torchtext returns a tuple. From the archive, the
 * order is the archive's (torchtext's reading order within a label: neg reviews, then pos
 * ones in the official archive); from an unpacked folder, neg then pos, files by name.
 * The archive is read straight from the .tar.gz (nothing unpacked to disk).
 */
export function IMDB(options: IMDBOptions & { split: IMDBSplit }): IMDBSample[];
export function IMDB(options?: IMDBOptions): IMDBSample[][];
export function IMDB(options: IMDBOptions = {}): IMDBSample[] | IMDBSample[][] {
  checkOptions("IMDB", options, ["root", "split", "download"]);
  const split = options.split ?? ["train", "test"];
  const names = typeof split === "string" ? [split] : [...split];
  for (const s of names) {
    if (s !== "train" && s !== "test") {
      throw new ValueError(`Expected split to be one of ('train', 'test') but got ${JSON.stringify(s)}`);
    }
  }
  const source = imdbSource(options.root, options.download ?? false);
  const wanted = new Set(names);
  const data = source.kind === "archive" ? readArchive(source.path, wanted) : readFolder(source.path, wanted);
  const result = names.map((s) => data.get(s)!);
  return typeof split === "string" ? result[0] : result;
}
