// torchts/text against Python reimplementations of torchtext's rules (torchtext itself is
// not installed with the reference Python), and the datasets against Python reading the same
// files: fixtures in the real formats (test/helpers/fixtures.ts) and, with TORCHTS_TEST_DATA,
// the full IMDB archive (test/helpers/data.ts).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import * as tar from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import torch from "torchts";
import * as text from "torchts/text";
import { projectRoot } from "./helpers/node";
import { execFile } from "node:child_process";
import { referencePython } from "./helpers/python";
import { shippedShakespeare, testData, testDataPaths } from "./helpers/data";
import { IMDB_FIXTURE_COUNTS, makeImdbArchive, makeShakespeareRoot } from "./helpers/fixtures";

// Python runs asynchronously here, so that the worker's event loop stays free for vitest
// while the reference computes (some of these take seconds).
function pythonJson<T>(code: string, input?: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      referencePython(),
      ["-c", `import json\n${code}`],
      { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout) as T)),
    );
    child.stdin!.end(input ?? "");
  });
}

// The fixtures, made once for this file: <tmp>/imdb/aclImdb_v1.tar.gz.
const fixtures = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-text-fixtures-"));
afterAll(() => fs.rmSync(fixtures, { recursive: true, force: true }));
const fixtureArchive = path.join(fixtures, "imdb", "aclImdb_v1.tar.gz");
makeImdbArchive(fixtureArchive);

// The full data, when TORCHTS_TEST_DATA names it (the suites that need it are skipped otherwise).
const full = testData();
const fullPaths = full === undefined ? undefined : testDataPaths(full);

// torchtext's rules in plain Python (torchtext does not install beside torch 2.11): the
// module examples/lstm_lm/python uses, a transcription of torchtext/data/utils.py and
// torchtext/vocab/vocab_factory.py.
const PY_TORCHTEXT = `
import sys
sys.path.insert(0, ${JSON.stringify(path.join(projectRoot, "examples", "lstm_lm", "python"))})
from torchtext_compat import get_tokenizer, build_vocab_from_iterator
`;
const PY_BASIC_ENGLISH = `${PY_TORCHTEXT}
basic_english = get_tokenizer("basic_english")
`;
// build_vocab_from_iterator, as an itos list.
const PY_VOCAB = `${PY_TORCHTEXT}
def build(iterator, **options):
    return build_vocab_from_iterator(iterator, **options).get_itos()
`;

const HARD = [
  "Hello, World!",
  "I didn't like it... at ALL!!! (Really?)",
  'He said "great" <br /><br />and left.<br />The end',
  "<BR />upper-case br <br/> no space <br  /> two spaces",
  "tabs\tand\nnewlines\r\nand   multiple    spaces",
  "  leading and trailing  ",
  "'quoted' ''double'' rock'n'roll o'clock",
  "semi;colon: colon;; ::",
  "Ünïcödé ÉLAN Straße İstanbul ΣΊΣΥΦΟΣ naïve café",
  "emoji 😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and ｆｕｌｌｗｉｄｔｈ！",
  "nbsp\u00a0here, ideographic\u3000space, line\u2028sep, x\u001cy, bom\ufeffz, nel\u0085w",
  "numbers 3.14, 1,000 and (a)(b)(c)",
  "?!?!...,,,",
  "",
  "   \t\n ",
  "a-b_c/d\\e [f] {g} #h @i $j %k ^l &m *n +o =p |q ~r `s",
];

describe("get_tokenizer", () => {
  it("basic_english equals torchtext's rules, run in Python", async () => {
    const expected = await pythonJson<string[][]>(
      `${PY_BASIC_ENGLISH}\nimport sys\nprint(json.dumps([basic_english(s) for s in json.load(sys.stdin)]))`,
      JSON.stringify(HARD),
    );
    const tokenize = text.get_tokenizer("basic_english");
    HARD.forEach((s, i) => expect(tokenize(s), JSON.stringify(s)).toStrictEqual(expected[i]));
  });

  it("basic_english on every BMP character and a few astral ones equals Python", async () => {
    const chars: string[] = [];
    for (let c = 1; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) chars.push(String.fromCodePoint(c));
    chars.push("😀", "𝔘", "𐐀");
    const line = chars.map((c) => `a${c}b`).join(" ");
    const expected = await pythonJson<string[]>(
      `${PY_BASIC_ENGLISH}\nimport sys\nprint(json.dumps(basic_english(json.load(sys.stdin))))`,
      JSON.stringify(line),
    );
    const got = text.get_tokenizer("basic_english")(line);
    // JS's toLowerCase and Python's lower() may follow different Unicode versions: report
    // the characters where they differ, and require the whitespace/punctuation rules to agree.
    const diff = got.length === expected.length ? got.filter((t, i) => t !== expected[i]) : got;
    expect(got.length).toBe(expected.length);
    expect(diff.length, `differs on ${diff.slice(0, 10).join(" ")}`).toBeLessThanOrEqual(20);
  });

  it("null splits as Python's str.split()", async () => {
    const expected = await pythonJson<string[][]>(
      "import sys\nprint(json.dumps([s.split() for s in json.load(sys.stdin)]))",
      JSON.stringify(HARD),
    );
    const tokenize = text.get_tokenizer(null);
    HARD.forEach((s, i) => expect(tokenize(s), JSON.stringify(s)).toStrictEqual(expected[i]));
  });

  it("rejects unknown tokenizers and non-English basic_english", () => {
    expect(() => text.get_tokenizer("spacy")).toThrow(torch.ValueError);
    expect(() => text.get_tokenizer("basic_english", "de")).toThrow("Basic normalization is only available");
    const f = (s: string) => [s];
    expect(text.get_tokenizer(f)).toBe(f);
    expect(text.data.utils.get_tokenizer).toBe(text.get_tokenizer);
  });
});

describe("build_vocab_from_iterator", () => {
  const corpus = [
    ["the", "cat", "sat", "on", "the", "mat"],
    ["the", "dog", "sat", "on", "the", "log", "<unk>"],
    ["b", "a", "c", "B", "A", "é", "z", "😀", "\uff01", "ab", "a"],
    ["cat", "dog", "<pad>", "zebra", "apple", "apple"],
  ];
  const cases: [string, text.BuildVocabOptions][] = [
    ["defaults", {}],
    ["min_freq 2", { min_freq: 2 }],
    ["specials first", { specials: ["<unk>", "<pad>"] }],
    ["specials last", { specials: ["<unk>", "<pad>"], special_first: false }],
    ["max_tokens", { max_tokens: 5 }],
    ["max_tokens with specials", { max_tokens: 6, specials: ["<unk>", "<bos>"] }],
    ["max_tokens, specials, min_freq", { max_tokens: 8, specials: ["<pad>"], min_freq: 2 }],
    ["max_tokens above the count", { max_tokens: 1000, specials: ["<unk>"], special_first: false }],
  ];

  it("orders as torchtext's algorithm (Counter, by token, then by frequency desc), run in Python", async () => {
    const expected = await pythonJson<string[][]>(
      `${PY_VOCAB}\nimport sys\nd = json.load(sys.stdin)\nprint(json.dumps([build(d["corpus"], **o) for o in d["options"]]))`,
      JSON.stringify({ corpus, options: cases.map(([, o]) => o) }),
    );
    cases.forEach(([name, options], i) =>
      expect(text.build_vocab_from_iterator(corpus, options).get_itos(), name).toStrictEqual(expected[i]),
    );
  });

  it("asserts len(specials) < max_tokens; rejects unknown options", () => {
    expect(() => text.build_vocab_from_iterator(corpus, { max_tokens: 2, specials: ["a", "b"] })).toThrow(
      "len(specials) >= max_tokens, so the vocab will be entirely special tokens.",
    );
    expect(() => text.build_vocab_from_iterator(corpus, { maxTokens: 2 } as never)).toThrow(
      "build_vocab_from_iterator() got an unexpected keyword argument 'maxTokens'",
    );
  });
});

describe("Vocab", () => {
  const v = text.build_vocab_from_iterator([["a", "b", "b", "c", "c", "c"]], { specials: ["<unk>"] });

  it("looks tokens and indices up as torchtext's Vocab", () => {
    expect(v.get_itos()).toStrictEqual(["<unk>", "c", "b", "a"]);
    expect([...v.get_stoi()]).toStrictEqual([["<unk>", 0], ["c", 1], ["b", 2], ["a", 3]]);
    expect(v.length).toBe(4);
    expect(v.__len__()).toBe(4);
    expect(v.has("c")).toBe(true);
    expect(v.__contains__("zz")).toBe(false);
    expect(v.get("b")).toBe(2);
    expect(v.forward(["a", "c"])).toStrictEqual([3, 1]);
    expect(v.lookup_indices(["c", "a"])).toStrictEqual([1, 3]);
    expect(v.lookup_token(2)).toBe("b");
    expect(v.lookup_tokens([0, 3])).toStrictEqual(["<unk>", "a"]);
    expect(v.get_default_index()).toBeNull();
  });

  it("raises torchtext's errors, and falls back to the default index once set", () => {
    const w = text.vocab(new Map([["x", 1], ["y", 1]]));
    expect(() => w.get("nope")).toThrow(torch.RuntimeError);
    expect(() => w.get("nope")).toThrow("Token nope not found and default index is not set");
    expect(() => w.lookup_token(5)).toThrow(torch.IndexError);
    expect(() => w.lookup_token(2)).toThrow("Specified index 2 is out of bounds of the size of itos dictionary: 2.");
    w.set_default_index(0);
    expect(w.get_default_index()).toBe(0);
    expect(w.lookup_indices(["y", "nope"])).toStrictEqual([1, 0]);
    w.append_token("z");
    expect(() => w.append_token("x")).toThrow("Token x already exists in the Vocab with index: 0");
    w.insert_token("w", 0);
    expect(w.get_itos()).toStrictEqual(["w", "x", "y", "z"]);
    expect(w.get("z")).toBe(3);
  });

  it("get_stoi() is a Map, safe for any token", () => {
    const w = text.build_vocab_from_iterator([["__proto__", "constructor", "toString"]]);
    expect(w.get_stoi().get("__proto__")).toBe(0);
    expect(w.get("constructor")).toBe(1);
    expect(() => w.get("hasOwnProperty")).toThrow("Token hasOwnProperty not found");
  });
});

describe("CharTokenizer and TinyShakespeare", () => {
  it("the shipped copy is char-rnn's (the sha256 of its input.txt), and its 65 characters", async () => {
    const shakespeare = text.TinyShakespeare();
    const sha = createHash("sha256").update(fs.readFileSync(shippedShakespeare)).digest("hex");
    expect(sha).toBe("86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed");
    expect(shakespeare.length).toBe(1115394);
    expect(shakespeare).toBe(fs.readFileSync(shippedShakespeare, "utf8"));
    const tok = new text.CharTokenizer(shakespeare);
    const py = await pythonJson<{ chars: string[]; enc: number[] }>(
      `import sys\ns = sys.stdin.read()\nchars = sorted(list(set(s)))\nstoi = {c: i for i, c in enumerate(chars)}\nprint(json.dumps({"chars": chars, "enc": [stoi[c] for c in s[:1000]]}))`,
      shakespeare,
    );
    expect(tok.chars).toStrictEqual(py.chars);
    expect(tok.vocab_size).toBe(65);
    expect(tok.encode(shakespeare.slice(0, 1000))).toStrictEqual(py.enc);
    const all = tok.encode(shakespeare);
    expect(tok.decode(all)).toBe(shakespeare);
    expect(tok.decode(torch.tensor(all.slice(0, 500)))).toBe(shakespeare.slice(0, 500));
    expect(tok.itos[tok.stoi.get("Q")!]).toBe("Q");
  });

  it("reads root as a file, a folder holding tinyshakespeare/input.txt, or that folder", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-shakespeare-"));
    try {
      // Not the shipped text, so that reading the shipped copy instead shows.
      const own = fs.readFileSync(shippedShakespeare, "utf8").slice(0, 5000) + "\nTHE END\n";
      const file = makeShakespeareRoot(dir, own);
      expect(text.TinyShakespeare({ root: dir })).toBe(own);
      expect(text.TinyShakespeare({ root: path.join(dir, "tinyshakespeare") })).toBe(own);
      expect(text.TinyShakespeare({ root: file })).toBe(own);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!full)("the shipped copy is the one of TORCHTS_TEST_DATA (needs TORCHTS_TEST_DATA)", () => {
    expect(text.TinyShakespeare({ root: full })).toBe(text.TinyShakespeare());
  });

  it("sorts by code point and names what it cannot encode", () => {
    const tok = new text.CharTokenizer("b😀a\uff01a");
    expect(tok.chars).toStrictEqual(["a", "b", "\uff01", "😀"]);
    expect(tok.decode(tok.encode("😀ab"))).toBe("😀ab");
    expect(() => tok.encode("abz")).toThrow(torch.KeyError);
    expect(() => tok.encode("abz")).toThrow(`character "z" (U+007A) at position 2 is not in the vocabulary`);
    expect(() => tok.decode([7])).toThrow("index 7 is not in the vocabulary (size 4)");
  });

  it("a missing file names the path where it belongs", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-text-"));
    try {
      expect(() => text.TinyShakespeare({ root: dir })).toThrow(path.join(dir, "tinyshakespeare", "input.txt"));
      expect(() => text.IMDB({ root: dir, split: "train" })).toThrow(path.join(dir, "IMDB", "aclImdb_v1.tar.gz"));
      expect(() => text.IMDB({ root: dir, split: "valid" as never })).toThrow(torch.ValueError);
      expect(() => text.IMDB({ root: dir, spilt: "train" } as never)).toThrow("unexpected keyword argument 'spilt'");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

const imdbCache = new Map<string, { train: text.IMDBSample[]; test: text.IMDBSample[] }>();
function imdbFromArchive(archive: string) {
  if (!imdbCache.has(archive)) {
    const [train, test] = text.IMDB({ root: archive });
    imdbCache.set(archive, { train, test });
  }
  return imdbCache.get(archive)!;
}

const count = (samples: text.IMDBSample[], label: number) => samples.filter(([l]) => l === label).length;
type Counts = Record<"train" | "test", { neg: number; pos: number }>;

/** The checks of IMDB on an archive (.../imdb/aclImdb_v1.tar.gz) with these reviews per split and label. */
function imdbChecks(archive: string, counts: Counts) {
  it("from the archive: the reviews of each split and label, labels 1 (neg) and 2 (pos), neg first", () => {
    const { train, test } = imdbFromArchive(archive);
    for (const [split, samples] of [["train", train], ["test", test]] as const) {
      expect(samples.length).toBe(counts[split].neg + counts[split].pos);
      expect(count(samples, 1)).toBe(counts[split].neg);
      expect(count(samples, 2)).toBe(counts[split].pos);
      expect(samples.every(([, t]) => typeof t === "string" && t.length > 0)).toBe(true);
      // Archive order: the neg reviews, then the pos ones.
      expect(samples[0][0]).toBe(1);
      expect(samples[samples.length - 1][0]).toBe(2);
    }
    // root: the archive, or a folder holding imdb/aclImdb_v1.tar.gz
    expect(text.IMDB({ root: path.dirname(path.dirname(archive)), split: "test" })).toStrictEqual(test);
    expect(text.IMDB({ root: archive, split: ["test"] })).toStrictEqual([test]);
  });

  it("the texts of both splits equal Python's tarfile reading of the archive, in its order", async () => {
    const py = await pythonJson<Record<"train" | "test", [number, string][]>>(
      `import tarfile
out = {"train": [], "test": []}
with tarfile.open(${JSON.stringify(archive)}) as t:
    for m in t:
        parts = m.name.split("/")
        if m.isfile() and len(parts) == 4 and parts[1] in out and parts[2] in ("neg", "pos"):
            out[parts[1]].append([{"neg": 1, "pos": 2}[parts[2]], t.extractfile(m).read().decode("utf-8")])
print(json.dumps(out))`,
    );
    const { train, test } = imdbFromArchive(archive);
    expect(train.length).toBe(py.train.length);
    expect(train).toStrictEqual(py.train);
    expect(test).toStrictEqual(py.test);
  });

  it("build_vocab_from_iterator over the test split's basic_english tokens equals Python's, tokens and order", async () => {
    const reviews = imdbFromArchive(archive).test.map(([, t]) => t);
    const tokenize = text.get_tokenizer("basic_english");
    const itos = text.build_vocab_from_iterator(reviews.map(tokenize), { specials: ["<unk>"], min_freq: 3 }).get_itos();
    const expected = await pythonJson<string[]>(
      `${PY_BASIC_ENGLISH}\n${PY_VOCAB}\nimport sys\nprint(json.dumps(build((basic_english(s) for s in json.load(sys.stdin)), min_freq=3, specials=["<unk>"])))`,
      JSON.stringify(reviews),
    );
    expect(itos.length).toBe(expected.length);
    expect(itos).toStrictEqual(expected);
  });

  it("from an unpacked aclImdb folder: the same reviews", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-imdb-"));
    try {
      await tar.x({ file: archive, cwd: dir });
      const fromArchive = imdbFromArchive(archive);
      const sorted = (samples: text.IMDBSample[], label: number) => samples.filter(([l]) => l === label).map(([, t]) => t).sort();
      for (const split of ["train", "test"] as const) {
        const fromFolder = text.IMDB({ root: dir, split });
        expect(fromFolder.length).toBe(counts[split].neg + counts[split].pos);
        expect(count(fromFolder, 1)).toBe(counts[split].neg);
        expect(count(fromFolder, 2)).toBe(counts[split].pos);
        // The same reviews as the archive's, label by label; a folder lists neg, then pos.
        for (const label of [1, 2]) expect(sorted(fromFolder, label)).toStrictEqual(sorted(fromArchive[split], label));
        expect(fromFolder[0][0]).toBe(1);
        expect(fromFolder[fromFolder.length - 1][0]).toBe(2);
      }
      expect(text.IMDB({ root: path.join(dir, "aclImdb"), split: "test" })).toStrictEqual(text.IMDB({ root: dir, split: "test" }));
      fs.rmSync(path.join(dir, "aclImdb", "train", "neg"), { recursive: true });
      expect(() => text.IMDB({ root: dir, split: "train" })).toThrow(path.join(dir, "aclImdb", "train", "neg"));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
}

describe("IMDB, on a fixture archive in the real layout", () => {
  imdbChecks(fixtureArchive, IMDB_FIXTURE_COUNTS);

  it("the fixture's files are laid out as the real archive's, in an order that is not the sorted one", async () => {
    const names: string[] = [];
    await tar.t({ file: fixtureArchive, onReadEntry: (entry) => names.push(entry.path) });
    expect(names.slice(0, 4)).toStrictEqual(["aclImdb/", "aclImdb/imdb.vocab", "aclImdb/test/", "aclImdb/test/neg/"]);
    expect(names[names.length - 1]).toBe("aclImdb/README");
    const reviews = names.filter((n) => n.endsWith(".txt"));
    expect(reviews.every((n) => /^aclImdb\/(train|test)\/(neg\/\d+_[1-4]|pos\/\d+_([7-9]|10))\.txt$/.test(n))).toBe(true);
    expect(reviews).not.toStrictEqual([...reviews].sort());
  });
});

const fullCounts: Counts = { train: { neg: 12500, pos: 12500 }, test: { neg: 12500, pos: 12500 } };
describe.skipIf(!full)("IMDB, the full archive (needs TORCHTS_TEST_DATA)", () => {
  const archive = fullPaths?.imdbArchive ?? "";
  imdbChecks(archive, fullCounts);

  it("the first train review is the archive's first", () => {
    expect(imdbFromArchive(archive).train[0][1].startsWith("This, for lack of a better term, movie is lousy.")).toBe(true);
  });
});

describe("downloads", () => {
  const body = Buffer.from("First Citizen:\nBefore we proceed any further, hear me speak.\n".repeat(2000));
  const sha = createHash("sha256").update(body).digest("hex");
  let server: http.Server;
  let base = "";

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === "/input.txt") {
        res.writeHead(200, { "content-length": body.length });
        res.end(body);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("download_url_to_file checks the sha256 and leaves nothing behind on a mismatch", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-dl-"));
    try {
      const dst = path.join(dir, "sub", "input.txt");
      await text.download_url_to_file(`${base}/input.txt`, dst, { hash_prefix: sha.slice(0, 10), progress: false });
      expect(fs.readFileSync(dst)).toStrictEqual(body);
      const bad = path.join(dir, "bad.txt");
      await expect(text.download_url_to_file(`${base}/input.txt`, bad, { hash_prefix: "0000", progress: false })).rejects.toThrow(
        `invalid hash value (expected "0000", got "${sha}")`,
      );
      expect(fs.readdirSync(dir)).toStrictEqual(["sub"]);
      await expect(text.download_url_to_file(`${base}/missing`, bad, { progress: false })).rejects.toThrow("HTTP Error 404");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("TinyShakespeare({ download: true }) fetches into root with a progress bar, checked by sha256", async () => {
    // The dataset call blocks this process (it waits on a child Node process), so the server
    // runs in its own process; it stops by itself after 20 s.
    const child = spawn(
      process.execPath,
      [
        "-e",
        `const http = require("http"); const body = Buffer.from(${JSON.stringify(body.toString())});
         const s = http.createServer((q, r) => { r.writeHead(200, { "content-length": body.length }); r.end(body); });
         s.listen(0, "127.0.0.1", () => console.log(s.address().port)); setTimeout(() => process.exit(0), 20000);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const port = await new Promise<string>((resolve) => child.stdout!.once("data", (d) => resolve(String(d).trim())));
    const saved = { ...text._RESOURCES.TinyShakespeare };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-dl-"));
    try {
      text._RESOURCES.TinyShakespeare.url = `http://127.0.0.1:${port}/input.txt`;
      text._RESOURCES.TinyShakespeare.sha256 = "f".repeat(64);
      expect(() => text.TinyShakespeare({ root: dir, download: true })).toThrow(
        `invalid hash value (expected "${"f".repeat(64)}", got "${sha}")`,
      );
      expect(fs.existsSync(path.join(dir, "tinyshakespeare", "input.txt"))).toBe(false);
      text._RESOURCES.TinyShakespeare.sha256 = sha;
      expect(text.TinyShakespeare({ root: dir, download: true })).toBe(body.toString());
      expect(fs.existsSync(path.join(dir, "tinyshakespeare", "input.txt"))).toBe(true);
    } finally {
      Object.assign(text._RESOURCES.TinyShakespeare, saved);
      child.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
