// A character tokenizer with a padding token and an end-of-sentence token (python/utils.py).

export class CharTokenizer {
  static readonly pad_token = "<pad>";
  static readonly eos_token = "<eos>";
  readonly itos: string[];
  readonly stoi: Map<string, number>;
  readonly pad_idx: number;
  readonly eos_idx: number;

  /** vocab: the tokens, in index order (the special tokens first). */
  constructor(vocab: string[]) {
    this.itos = [...vocab];
    this.stoi = new Map(this.itos.map((token, i) => [token, i]));
    const index = (token: string) => {
      const i = this.stoi.get(token);
      if (i === undefined) throw new Error(`the vocabulary has no ${token} token`);
      return i;
    };
    this.pad_idx = index(CharTokenizer.pad_token);
    this.eos_idx = index(CharTokenizer.eos_token);
  }

  static from_texts(texts: string[]): CharTokenizer {
    // by code point, as Python's sorted() orders characters
    const chars = [...new Set(texts.join(""))].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
    return new CharTokenizer([CharTokenizer.pad_token, CharTokenizer.eos_token, ...chars]);
  }

  get vocab_size(): number {
    return this.itos.length;
  }

  encode(text: string, add_eos = false): number[] {
    const ids: number[] = [];
    let position = 0;
    for (const ch of text) {
      const i = this.stoi.get(ch);
      if (i === undefined) throw new Error(`character ${JSON.stringify(ch)} at position ${position} is not in the vocabulary`);
      ids.push(i);
      position++;
    }
    if (add_eos) ids.push(this.eos_idx);
    return ids;
  }

  /** The text of the ids, without padding or end tokens. */
  decode(ids: number[]): string {
    return ids
      .filter((i) => i !== this.pad_idx && i !== this.eos_idx)
      .map((i) => this.itos[i])
      .join("");
  }

  /** ids followed by pad_idx up to length. */
  pad(ids: number[], length: number): number[] {
    if (ids.length > length) throw new Error(`sequence of ${ids.length} tokens is longer than ${length}`);
    return [...ids, ...Array<number>(length - ids.length).fill(this.pad_idx)];
  }
}
