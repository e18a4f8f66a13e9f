// torchts/text: what tutorials take from torchtext (tokenizers, Vocab, IMDB) plus a
// character tokenizer and Tiny Shakespeare for char-level models.
//   import { get_tokenizer, build_vocab_from_iterator, IMDB } from "torchts/text";
// The shipped types use Node's (NodeJS.CallSite, util.inspect.custom, Symbol.dispose):
// @types/node is a dependency, and this directive stays in the emitted .d.ts for consumers.
/// <reference types="node" preserve="true" />
import { _basic_english_normalize, _split, get_tokenizer } from "./tokenizer";
import { AssertionError, build_vocab_from_iterator, vocab, Vocab } from "./vocab";
import { CharTokenizer } from "./char";
import { IMDB, TinyShakespeare, _RESOURCES } from "./datasets";
import { download_url_to_file, _download_sync, _datasets_cache } from "./_download";

export { _basic_english_normalize, _split, get_tokenizer } from "./tokenizer";
export type { Tokenizer } from "./tokenizer";
export { AssertionError, build_vocab_from_iterator, vocab, Vocab } from "./vocab";
export type { BuildVocabOptions, VocabOptions } from "./vocab";
export { CharTokenizer } from "./char";
export { IMDB, TinyShakespeare, _RESOURCES } from "./datasets";
export type { IMDBOptions, IMDBSample, IMDBSplit, TinyShakespeareOptions } from "./datasets";
export { download_url_to_file, _download_sync, _datasets_cache } from "./_download";
export type { DownloadOptions } from "./_download";

/** torchtext.datasets */
export const datasets = { IMDB, TinyShakespeare };
/** torchtext.data.utils */
export const data = { utils: { get_tokenizer } };

const text = {
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
};
export default text;
