import torch from "torchts";

const { nn } = torch;
type Tensor = InstanceType<typeof torch.Tensor>;

/** Embedding -> LSTM (batch_first) -> linear head: next-token logits at every position. */
export class LSTM_LanguageModel extends nn.Module {
  embedding: InstanceType<typeof nn.Embedding>;
  lstm: InstanceType<typeof nn.LSTM>;
  fc: InstanceType<typeof nn.Linear>;

  constructor(vocab_size: number, embedding_dim: number, hidden_dim: number, num_layers: number) {
    super();
    this.embedding = new nn.Embedding(vocab_size, embedding_dim);
    this.lstm = new nn.LSTM(embedding_dim, hidden_dim, num_layers, { batch_first: true });
    this.fc = new nn.Linear(hidden_dim, vocab_size);
  }

  forward(x: Tensor): Tensor {
    const embedded = this.embedding.forward(x); // (B, T, embedding_dim)
    const [output] = this.lstm.forward(embedded); // (B, T, hidden_dim)
    return this.fc.forward(output); // (B, T, vocab_size)
  }
}
