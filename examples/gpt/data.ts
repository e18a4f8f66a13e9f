// Tiny Shakespeare at the character level (nanoGPT's data/shakespeare_char, kept in memory):
// the text shipped with torchts, its sorted characters as the vocabulary (65), the first 90%
// for training and the rest for validation. python/data.py is the Python twin.
import torch from "torchts";
import { CharTokenizer, TinyShakespeare } from "torchts/text";

type Tensor = InstanceType<typeof torch.Tensor>;

export interface ShakespeareChar {
  train_data: Tensor;
  val_data: Tensor;
  vocab_size: number;
  encode: (s: string) => number[];
  decode: (ids: number[] | Tensor) => string;
}

export function load_shakespeare_char(): ShakespeareChar {
  const text = TinyShakespeare();
  const tokenizer = new CharTokenizer(text);
  const ids = torch.tensor(tokenizer.encode(text), { dtype: torch.long });
  const n = ids.shape[0]; // characters (code points)
  const split = Math.floor(n * 0.9);
  return {
    train_data: ids.index(`:${split}`),
    val_data: ids.index(`${split}:`),
    vocab_size: tokenizer.vocab_size,
    encode: (s) => tokenizer.encode(s),
    decode: (ids) => tokenizer.decode(ids),
  };
}
