// The training text: short sentences about cats and dogs, one sample per sentence
// (python/data.py). Most sentences start with "cats" or "dogs", so a prompt like "cats"
// is one the model has seen begin a sentence.
import torch from "torchts";
import type { CharTokenizer } from "./utils";

const { Dataset, DataLoader } = torch.utils.data;
type Tensor = InstanceType<typeof torch.Tensor>;

export const SENTENCES = [
  "cats like to sleep in the sun.",
  "cats like to chase mice.",
  "cats like warm milk.",
  "cats sleep all day long.",
  "cats sleep on the soft bed.",
  "cats chase mice at night.",
  "cats chase the red ball.",
  "cats climb tall trees.",
  "cats purr when they are happy.",
  "cats wash their paws.",
  "cats watch the birds outside.",
  "cats hide under the bed.",
  "cats and dogs can be friends.",
  "cats are quiet and clever.",
  "cats eat fish and chicken.",
  "cats jump onto the table.",
  "dogs like to play in the park.",
  "dogs like to chase cats.",
  "dogs like long walks.",
  "dogs bark at the mailman.",
  "dogs bark when they hear a noise.",
  "dogs chase the ball.",
  "dogs chase cats up the tree.",
  "dogs dig holes in the garden.",
  "dogs wag their tails when they are happy.",
  "dogs guard the house at night.",
  "dogs swim in the lake.",
  "dogs and cats can be friends.",
  "dogs are loyal and friendly.",
  "dogs eat meat and bones.",
  "dogs sleep by the door.",
  "dogs fetch the stick.",
  "the cat sat on the mat.",
  "the cat drank the milk.",
  "the cat is asleep on the chair.",
  "the dog ran across the field.",
  "the dog is barking at the cat.",
  "the dog sleeps in its kennel.",
  "a kitten is a young cat.",
  "a puppy is a young dog.",
  "kittens play with yarn.",
  "puppies play with toys.",
  "my cat likes to sleep on my bed.",
  "my dog likes to run with me.",
  "the big dog chased the small cat.",
  "the small cat climbed the tall tree.",
  "some cats do not like water.",
  "most dogs love to swim.",];

/** (input, target) pairs: a sentence and its end token, padded, shifted by one character. */
export class SentenceDataset extends Dataset<[Tensor, Tensor]> {
  seq_len: number;
  data: Tensor;

  constructor(sentences: string[], tokenizer: CharTokenizer) {
    super();
    this.seq_len = Math.max(...sentences.map((s) => [...s].length)) + 1; // the end token too
    const rows = sentences.map((s) => tokenizer.pad(tokenizer.encode(s, true), this.seq_len));
    this.data = torch.tensor(rows, { dtype: torch.long });
  }

  __len__(): number {
    return this.data.shape[0];
  }

  __getitem__(idx: number): [Tensor, Tensor] {
    const ids = this.data.index(idx);
    return [ids.index(":-1"), ids.index("1:")];
  }
}

export function get_dataloader(tokenizer: CharTokenizer, batch_size: number, sentences = SENTENCES) {
  const dataset = new SentenceDataset(sentences, tokenizer);
  return new DataLoader(dataset, { batch_size, shuffle: true });
}
