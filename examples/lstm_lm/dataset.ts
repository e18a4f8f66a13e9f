// IMDB reviews as language-model data: basic_english tokens, a vocabulary of the training
// reviews, each review framed <bos> ... <eos> and shifted into (input, target) pairs.
import torch from "torchts";
import { IMDB, Vocab, build_vocab_from_iterator, get_tokenizer } from "torchts/text";

type Tensor = InstanceType<typeof torch.Tensor>;
const { pad_sequence } = torch.nn.utils.rnn;

export const specials = ["<unk>", "<pad>", "<bos>", "<eos>"];
export const tokenizer = get_tokenizer("basic_english");

/** The texts of the first reviews of each split, in archive order (labels unused). */
export function load_reviews(root: string | null, max_train_reviews: number, max_test_reviews: number): [string[], string[]] {
  const [train_iter, test_iter] = IMDB({ root, split: ["train", "test"] });
  const train_texts = train_iter.map(([, text]) => text).slice(0, max_train_reviews);
  const test_texts = test_iter.map(([, text]) => text).slice(0, max_test_reviews);
  return [train_texts, test_texts];
}

export function build_vocab(texts: string[], min_freq: number): Vocab {
  const vocab = build_vocab_from_iterator(texts.map(tokenizer), { min_freq, specials });
  vocab.set_default_index(vocab.get("<unk>"));
  return vocab;
}

/**
 * (input, target) pairs: <bos> tokens <eos>, cut to max_seq_len + 1 tokens (a longer review
 * loses its <eos>), then shifted by one: both max_seq_len tokens at most.
 */
export function encode_reviews(texts: string[], vocab: Vocab, max_seq_len: number): [Tensor, Tensor][] {
  return texts.map((text) => {
    const ids = vocab.forward(["<bos>", ...tokenizer(text), "<eos>"]).slice(0, max_seq_len + 1);
    return [torch.tensor(ids.slice(0, -1), { dtype: torch.long }), torch.tensor(ids.slice(1), { dtype: torch.long })];
  });
}

export function make_collate_fn(pad_idx: number): (batch: [Tensor, Tensor][]) => [Tensor, Tensor] {
  return function collate_batch(batch) {
    const inputs = pad_sequence(batch.map(([input]) => input), { batch_first: true, padding_value: pad_idx });
    const targets = pad_sequence(batch.map(([, target]) => target), { batch_first: true, padding_value: pad_idx });
    return [inputs, targets];
  };
}
