// torchtext.vocab: Vocab, vocab() and build_vocab_from_iterator, with torchtext's ordering
// (torchtext/vocab/vocab_factory.py) and its C++ Vocab's lookups and error messages
// (torchtext/csrc/vocab.cpp).
import { AssertionError, IndexError, RuntimeError } from "../errors";
import { checkOptions } from "../_args";
import { printsAsStr } from "../_python";

// Python's AssertionError (build_vocab_from_iterator asserts on max_tokens), torchts/text's too.
export { AssertionError };

/** Python's string order: by code point (JS's `<` compares UTF-16 code units). */
export function _compare_str(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // A surrogate (0xD800..0xDFFF) stands for a code point above 0xFFFF: above every BMP unit.
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1;
      return x - y;
    }
  }
  return a.length - b.length;
}

/**
 * torchtext.vocab.Vocab: maps tokens to indices. `vocab[token]` is `vocab.get(token)`,
 * `vocab(tokens)` is `vocab.forward(tokens)`, `len(vocab)` is `vocab.length`,
 * `token in vocab` is `vocab.has(token)`. get_stoi() returns a Map (a plain object would
 * mistake tokens such as "__proto__" or "constructor" for its own properties).
 */
export class Vocab {
  private itos: string[];
  private stoi: Map<string, number>;
  private default_index: number | null = null;

  constructor(tokens: Iterable<string>) {
    this.itos = [];
    this.stoi = new Map();
    for (const token of tokens) {
      if (this.stoi.has(token)) throw new RuntimeError(`Duplicate token found in tokens list: ${token}`);
      this.stoi.set(token, this.itos.length);
      this.itos.push(token);
    }
  }

  /** len(vocab) */
  get length(): number {
    return this.itos.length;
  }

  /** vocab.__len__() */
  __len__(): number {
    return this.itos.length;
  }

  /** `token in vocab` */
  has(token: string): boolean {
    return this.stoi.has(token);
  }

  /** vocab.__contains__(token) */
  __contains__(token: string): boolean {
    return this.stoi.has(token);
  }

  /** vocab[token]: its index, else the default index; RuntimeError when there is none. */
  get(token: string): number {
    const index = this.stoi.get(token);
    if (index !== undefined) return index;
    if (this.default_index !== null) return this.default_index;
    throw new RuntimeError(`Token ${token} not found and default index is not set`);
  }

  /** vocab.__getitem__(token) */
  __getitem__(token: string): number {
    return this.get(token);
  }

  /** vocab(tokens): lookup_indices(tokens). */
  forward(tokens: string[]): number[] {
    return this.lookup_indices(tokens);
  }

  set_default_index(index: number | null): void {
    this.default_index = index ?? null;
  }

  /** The default index, or null when unset (Python's None). */
  get_default_index(): number | null {
    return this.default_index;
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.itos.length) {
      throw new IndexError(
        `Specified index ${index} is out of bounds of the size of itos dictionary: ${this.itos.length}.`,
      );
    }
  }

  lookup_token(index: number): string {
    this.checkIndex(index);
    return this.itos[index];
  }

  lookup_tokens(indices: Iterable<number>): string[] {
    const out: string[] = [];
    for (const i of indices) out.push(this.lookup_token(i));
    return out;
  }

  lookup_indices(tokens: Iterable<string>): number[] {
    const out: number[] = [];
    for (const t of tokens) out.push(this.get(t));
    return out;
  }

  /** A new Map from token to index. */
  get_stoi(): Map<string, number> {
    return new Map(this.stoi);
  }

  /** A new array of the tokens, by index. */
  get_itos(): string[] {
    return this.itos.slice();
  }

  append_token(token: string): void {
    const index = this.stoi.get(token);
    if (index !== undefined) {
      throw new RuntimeError(`Token ${token} already exists in the Vocab with index: ${index}`);
    }
    this.stoi.set(token, this.itos.length);
    this.itos.push(token);
  }

  insert_token(token: string, index: number): void {
    if (!Number.isInteger(index) || index < 0 || index > this.itos.length) {
      throw new RuntimeError(`Specified index ${index} is out of bounds for vocab of size ${this.itos.length}`);
    }
    if (this.stoi.has(token)) {
      throw new RuntimeError(`Token ${token} already exists in the Vocab with index: ${this.stoi.get(token)}`);
    }
    this.itos.splice(index, 0, token);
    for (let i = index; i < this.itos.length; i++) this.stoi.set(this.itos[i], i);
  }

  *[Symbol.iterator](): IterableIterator<string> {
    yield* this.itos;
  }

  toString(): string {
    return `Vocab(${this.itos.length} tokens)`;
  }
}
printsAsStr(Vocab);

export interface VocabOptions {
  min_freq?: number;
  specials?: string[] | null;
  special_first?: boolean;
}

/**
 * vocab(ordered_dict, min_freq = 1, specials = null, special_first = true): a Vocab of the
 * tokens of `ordered_dict` (a Map, or [token, freq] pairs, in the order they will take)
 * whose frequency is at least min_freq, with the specials first or last.
 */
export function vocab(
  ordered_dict: Map<string, number> | Iterable<[string, number]>,
  options: VocabOptions = {},
): Vocab {
  checkOptions("vocab", options, ["min_freq", "specials", "special_first"]);
  const min_freq = options.min_freq ?? 1;
  const specials = options.specials ?? [];
  const special_first = options.special_first ?? true;
  const dict = new Map(ordered_dict);
  for (const token of specials) dict.delete(token);
  const tokens: string[] = [];
  for (const [token, freq] of dict) if (freq >= min_freq) tokens.push(token);
  return new Vocab(special_first ? [...specials, ...tokens] : [...tokens, ...specials]);
}

export interface BuildVocabOptions extends VocabOptions {
  max_tokens?: number | null;
}

/**
 * build_vocab_from_iterator(iterator, min_freq = 1, specials = null, special_first = true,
 * max_tokens = null): counts the tokens of every list the iterator yields, orders them by
 * descending frequency, ties by token (code-point order, as Python compares strings), keeps
 * the first max_tokens - len(specials) of them (before min_freq and before removing the
 * specials from the counted tokens, as torchtext does), then builds vocab() of them.
 */
export function build_vocab_from_iterator(iterator: Iterable<Iterable<string>>, options: BuildVocabOptions = {}): Vocab {
  checkOptions("build_vocab_from_iterator", options, ["min_freq", "specials", "special_first", "max_tokens"]);
  const counter = new Map<string, number>();
  for (const tokens of iterator) {
    for (const token of tokens) counter.set(token, (counter.get(token) ?? 0) + 1);
  }
  const specials = options.specials ?? [];
  let sorted = [...counter].sort((a, b) => b[1] - a[1] || _compare_str(a[0], b[0]));
  const max_tokens = options.max_tokens ?? null;
  if (max_tokens !== null) {
    if (!(specials.length < max_tokens)) {
      throw new AssertionError("len(specials) >= max_tokens, so the vocab will be entirely special tokens.");
    }
    sorted = sorted.slice(0, max_tokens - specials.length);
  }
  return vocab(sorted, { min_freq: options.min_freq, specials, special_first: options.special_first });
}
