// A character-level tokenizer, as char-level tutorials build one (Karpathy's "Let's build
// GPT": chars = sorted(list(set(text))); stoi = {ch: i}; itos = {i: ch}).
import { KeyError, TypeError } from "../errors";
import { _compare_str } from "./vocab";
import { printsAsStr } from "../_python";

/** Anything with tolist() (a torchts Tensor), without loading the native addon here. */
interface ListLike {
  tolist(): unknown;
}

function codepoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * CharTokenizer(text): `chars` are the distinct characters (code points) of the text in
 * Python's sorted order; `stoi` maps each to its index (a Map), `itos[i]` is the i-th.
 * encode(s) gives the indices of the characters of s; decode(indices) joins them back.
 * A character outside the vocabulary raises KeyError naming it and its position.
 */
export class CharTokenizer {
  readonly chars: string[];
  readonly stoi: Map<string, number>;
  readonly itos: string[];

  constructor(text: string) {
    if (typeof text !== "string") throw new TypeError(`CharTokenizer(): argument 'text' must be str, not ${typeof text}`);
    this.chars = [...new Set(text)].sort(_compare_str);
    this.itos = this.chars.slice();
    this.stoi = new Map(this.chars.map((c, i) => [c, i]));
  }

  /** len(chars): the vocabulary size. */
  get vocab_size(): number {
    return this.chars.length;
  }

  encode(s: string): number[] {
    const out: number[] = [];
    let position = 0;
    for (const ch of s) {
      const i = this.stoi.get(ch);
      if (i === undefined) {
        throw new KeyError(
          `character ${JSON.stringify(ch)} (${codepoint(ch)}) at position ${position} is not in the vocabulary`,
        );
      }
      out.push(i);
      position++;
    }
    return out;
  }

  decode(indices: Iterable<number | bigint> | ListLike): string {
    let list: unknown = indices;
    if (list !== null && typeof list === "object" && typeof (list as ListLike).tolist === "function") {
      list = (list as ListLike).tolist();
      if (!Array.isArray(list)) list = [list];
      list = (list as unknown[]).flat(Infinity);
    }
    let out = "";
    for (const v of list as Iterable<unknown>) {
      const i = Number(v);
      if (!Number.isInteger(i) || i < 0 || i >= this.itos.length) {
        throw new KeyError(`index ${String(v)} is not in the vocabulary (size ${this.itos.length})`);
      }
      out += this.itos[i];
    }
    return out;
  }

  toString(): string {
    return `CharTokenizer(${this.chars.length} characters)`;
  }
}
printsAsStr(CharTokenizer);
