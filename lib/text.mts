// The ES module entry of torchts/text: the same bindings as the CommonJS one.
import text from "./text/index.js";

export const {
  get_tokenizer,
  _basic_english_normalize,
  _split,
  build_vocab_from_iterator,
  vocab,
  Vocab,
  AssertionError,
  CharTokenizer,
  IMDB,
  TinyShakespeare,
  datasets,
  data,
  download_url_to_file,
  _download_sync,
  _datasets_cache,
  _RESOURCES,
} = text;
export type * from "./text/index.js";
// The classes as types too (the destructured bindings above are values only).
export type Vocab = import("./text/index.js").Vocab;
export type CharTokenizer = import("./text/index.js").CharTokenizer;
export type AssertionError = import("./text/index.js").AssertionError;
export default text;
