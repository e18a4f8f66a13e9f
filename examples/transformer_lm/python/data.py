"""The training text: short sentences about cats and dogs, one sample per sentence."""
import torch
from torch.utils.data import DataLoader, Dataset

SENTENCES = [
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
    "most dogs love to swim.",
]


class SentenceDataset(Dataset):
    """(input, target) pairs: a sentence and its end token, padded, shifted by one character."""

    def __init__(self, sentences, tokenizer):
        self.seq_len = max(len(s) for s in sentences) + 1  # the end token too
        rows = [tokenizer.pad(tokenizer.encode(s, add_eos=True), self.seq_len) for s in sentences]
        self.data = torch.tensor(rows, dtype=torch.long)

    def __len__(self):
        return len(self.data)

    def __getitem__(self, idx):
        ids = self.data[idx]
        return ids[:-1], ids[1:]


def get_dataloader(tokenizer, batch_size, sentences=SENTENCES):
    dataset = SentenceDataset(sentences, tokenizer)
    return DataLoader(dataset, batch_size=batch_size, shuffle=True)
