// Small data sets in the real formats, made by the tests themselves (deterministically) so
// that the suite needs nothing beside the repository:
// - an IMDB archive laid out as aclImdb_v1.tar.gz: aclImdb/imdb.vocab, aclImdb/{test,train}/
//   {neg,pos}/<id>_<rating>.txt in a shuffled order within each folder (as the real archive,
//   whose order is not the files' sorted order), aclImdb/README last;
// - a Tiny Shakespeare root: <root>/tinyshakespeare/input.txt.
// The reviews are sentences of Tiny Shakespeare's words, with <br /> breaks, punctuation and
// non-ASCII words for the tokenizers, and one review long enough to span several chunks of
// the gzip stream.
import * as fs from "node:fs";
import * as path from "node:path";
import * as tar from "tar";
import { shippedShakespeare } from "./data";

/** Reviews per split and label in the fixture archive (different counts, so a mixed-up label or split shows). */
export const IMDB_FIXTURE_COUNTS = {
  train: { neg: 40, pos: 45 },
  test: { neg: 12, pos: 15 },
} as const;

/** A seeded generator of integers in [0, n) (mulberry32). */
function randomInts(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const NON_ASCII = ["café", "naïve", "Ünïcödé", "Straße", "ΣΊΣΥΦΟΣ", "déjà-vu", "—", "“great”", "it’s", "😀", "ｆｕｌｌｗｉｄｔｈ！", "½"];
const ENDINGS = [".", ".", ".", "!", "?", "...", "!!!", " (really?)", ";", ":)"];
const BREAKS = [" ", " ", " ", "<br /><br />", " <br /><br />", "<br />"];

function reviewWriter(seed: number): (sentences: number) => string {
  const randint = randomInts(seed);
  const pick = <T>(xs: readonly T[]): T => xs[randint(xs.length)];
  const words = fs.readFileSync(shippedShakespeare, "utf8").split(/\s+/).filter(Boolean);
  const sentence = () => {
    const start = randint(words.length - 20);
    const run = words.slice(start, start + 3 + randint(14));
    if (randint(4) === 0) run.splice(randint(run.length + 1), 0, pick(NON_ASCII));
    if (randint(5) === 0) {
      const i = randint(run.length);
      run[i] = `"${run[i]}"`;
    }
    const text = run.join(" ");
    return text[0].toUpperCase() + text.slice(1) + pick(ENDINGS);
  };
  return (sentences) => {
    let text = sentence();
    for (let i = 1; i < sentences; i++) text += pick(BREAKS) + sentence();
    return text;
  };
}

/**
 * Writes an IMDB archive in the layout of aclImdb_v1.tar.gz to `file` (its folder is made),
 * with IMDB_FIXTURE_COUNTS reviews; the same bytes of text for the same seed.
 */
export function makeImdbArchive(file: string, seed = 2011): void {
  const randint = randomInts(seed);
  const review = reviewWriter(seed + 1);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const staging = fs.mkdtempSync(`${file}.staging-`);
  const entries = ["aclImdb/", "aclImdb/imdb.vocab"];
  const vocabulary = new Set<string>();
  const write = (name: string, text: string) => fs.writeFileSync(path.join(staging, name), text);
  try {
    for (const split of ["test", "train"] as const) {
      entries.push(`aclImdb/${split}/`);
      for (const label of ["neg", "pos"] as const) {
        const dir = `aclImdb/${split}/${label}`;
        fs.mkdirSync(path.join(staging, dir), { recursive: true });
        entries.push(`${dir}/`);
        const n = IMDB_FIXTURE_COUNTS[split][label];
        // ids 0..n-1 in a shuffled order (Fisher-Yates)
        const ids = [...Array(n).keys()];
        for (let i = n - 1; i > 0; i--) {
          const j = randint(i + 1);
          [ids[i], ids[j]] = [ids[j], ids[i]];
        }
        for (const id of ids) {
          const rating = label === "neg" ? 1 + randint(4) : 7 + randint(4);
          const long = split === "train" && label === "pos" && id === 0;
          const text = review(long ? 600 : 2 + randint(9));
          for (const word of text.toLowerCase().split(/\s+/)) vocabulary.add(word);
          write(`${dir}/${id}_${rating}.txt`, text);
          entries.push(`${dir}/${id}_${rating}.txt`);
        }
      }
    }
    write("aclImdb/imdb.vocab", [...vocabulary].join("\n") + "\n");
    write("aclImdb/README", "Large Movie Review Dataset, a test fixture in its layout (made by test/helpers/fixtures.ts).\n");
    entries.push("aclImdb/README");
    tar.c({ file, cwd: staging, gzip: true, sync: true, portable: true, noDirRecurse: true, mtime: new Date(0) }, entries);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Writes `text` as <root>/tinyshakespeare/input.txt, the layout TinyShakespeare({ root }) reads. */
export function makeShakespeareRoot(root: string, text: string): string {
  const file = path.join(root, "tinyshakespeare", "input.txt");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}
