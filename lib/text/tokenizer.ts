// torchtext.data.utils.get_tokenizer: "basic_english" and null (str.split()).
//
// torchtext's _basic_english_normalize (torchtext/data/utils.py), reproduced from its
// public source (torchtext itself is not installed here): lowercase the line, then apply
// these regex substitutions in this order, then str.split():
//   \'       -> " '  "
//   \"       -> ""
//   \.       -> " . "
//   <br \/>  -> " "
//   ,        -> " , "
//   \(       -> " ( "
//   \)       -> " ) "
//   \!       -> " ! "
//   \?       -> " ? "
//   \;       -> " "
//   \:       -> " "
//   \s+      -> " "
// Python's \s (on str patterns) and str.split() use str.isspace(), which is not JS's \s
// (JS adds U+FEFF, lacks U+001C..U+001F and U+0085), so PY_SPACE spells Python's set out.
import { TypeError, ValueError } from "../errors";

/** The characters for which Python's str.isspace() is true (the whole of Unicode). */
const PY_SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

const BASIC_ENGLISH: [RegExp, string][] = [
  [/'/g, " '  "],
  [/"/g, ""],
  [/\./g, " . "],
  [/<br \/>/g, " "],
  [/,/g, " , "],
  [/\(/g, " ( "],
  [/\)/g, " ) "],
  [/!/g, " ! "],
  [/\?/g, " ? "],
  [/;/g, " "],
  [/:/g, " "],
  [new RegExp(`[${PY_SPACE}]+`, "g"), " "],
];

const PY_SPLIT = new RegExp(`[${PY_SPACE}]+`);

/** Python's str.split() with no separator: runs of whitespace split, no empty strings. */
export function _split(line: string): string[] {
  const parts = line.split(PY_SPLIT);
  let start = 0;
  let end = parts.length;
  if (end > 0 && parts[0] === "") start = 1;
  if (end > start && parts[end - 1] === "") end -= 1;
  return start === 0 && end === parts.length ? parts : parts.slice(start, end);
}

/** torchtext's _basic_english_normalize: lowercase, the substitutions above, then split. */
export function _basic_english_normalize(line: string): string[] {
  line = line.toLowerCase();
  for (const [pattern, replacement] of BASIC_ENGLISH) line = line.replace(pattern, replacement);
  return _split(line);
}

export type Tokenizer = (line: string) => string[];

/**
 * get_tokenizer(tokenizer, language = "en"): a function from a string to its tokens.
 * `null` splits on whitespace (Python's str.split()); "basic_english" is torchtext's
 * basic_english normalizer; a function is returned as is. spaCy, moses, toktok, revtok and
 * subword (external libraries in torchtext) are not available.
 */
export function get_tokenizer(
  tokenizer: string | Tokenizer | null,
  language: string | { language?: string } = "en",
): Tokenizer {
  if (typeof language === "object" && language !== null) {
    for (const key of Object.keys(language)) {
      if (key !== "language") throw new TypeError(`get_tokenizer() got an unexpected keyword argument '${key}'`);
    }
    language = language.language ?? "en";
  }
  if (tokenizer === null || tokenizer === undefined) return _split;
  if (typeof tokenizer === "function") return tokenizer;
  if (tokenizer === "basic_english") {
    if (language !== "en") throw new ValueError("Basic normalization is only available for Enlish(en)");
    return _basic_english_normalize;
  }
  throw new ValueError(
    `Requested tokenizer ${tokenizer}, valid choices are a callable that takes a single string as input, ` +
      `null (str.split) or "basic_english" (spacy, moses, toktok, revtok and subword are not available in torchts)`,
  );
}
