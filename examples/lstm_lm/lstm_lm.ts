// An LSTM language model trained on IMDB movie reviews: the classic torchtext recipe
// (basic_english tokens, build_vocab_from_iterator, pad_sequence in a collate_fn, a shuffling
// DataLoader, CrossEntropyLoss ignoring the padding) in torchts. python/lstm_lm.py is the
// Python original; with the same seed both compute the same losses.
//
//   npx tsx examples/lstm_lm/lstm_lm.ts [--max_train_reviews=2000] [--device=cpu] ...
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import torch from "torchts";
import { parse_config } from "../common/config";
import { TrainingProgress } from "../common/progress";
import { build_vocab, encode_reviews, load_reviews, make_collate_fn } from "./dataset";
import { LSTM_LanguageModel } from "./model";

const IMDB_URL = "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz";
const { nn } = torch;
const F = torch.nn.functional;
const { DataLoader } = torch.utils.data;

const config = parse_config({
  // aclImdb_v1.tar.gz or a folder holding it (default: ../shared/data/imdb beside the
  // project root); "" for IMDB's own default, torchts's download cache
  data: fileURLToPath(new URL("../../../shared/data/imdb", import.meta.url)),
  max_train_reviews: 2000,
  max_test_reviews: 500,
  max_seq_len: 64,
  min_freq: 3,
  epochs: 1,
  batch_size: 32,
  embedding_dim: 64,
  hidden_dim: 128,
  num_layers: 2,
  lr: 1e-3,
  log_interval: 10, // print the loss every log_interval batches
  max_steps: 0, // stop training after this many batches (0: no cap)
  seed: 0,
  device: torch.cuda.is_available() ? "cuda" : "cpu",
  loss_log: "", // when set, a JSON array of every training step's loss is written there
});
const { max_seq_len, batch_size, device, max_steps } = config;

torch.manual_seed(config.seed);

if (config.data && !existsSync(config.data)) {
  // (the default exists only beside the project's own checkouts)
  console.error(`error: no IMDB data at ${config.data}: pass --data=<aclImdb_v1.tar.gz, or a folder holding it> (${IMDB_URL})`);
  process.exit(2);
}
const [train_texts, test_texts] = load_reviews(config.data || null, config.max_train_reviews, config.max_test_reviews);
const vocab = build_vocab(train_texts, config.min_freq);
const vocab_size = vocab.length;
const pad_idx = vocab.get("<pad>");
const train_data = encode_reviews(train_texts, vocab, max_seq_len);
const test_data = encode_reviews(test_texts, vocab, max_seq_len);
console.log(`${train_data.length} training reviews, ${test_data.length} test reviews, vocabulary of ${vocab_size} tokens`);

const collate_batch = make_collate_fn(pad_idx);
const train_loader = new DataLoader(train_data, { batch_size, shuffle: true, collate_fn: collate_batch });
const test_loader = new DataLoader(test_data, { batch_size, shuffle: false, collate_fn: collate_batch });

const model = new LSTM_LanguageModel(vocab_size, config.embedding_dim, config.hidden_dim, config.num_layers).to(device);
const optimizer = new torch.optim.Adam(model.parameters(), { lr: config.lr });
const criterion = new nn.CrossEntropyLoss({ ignore_index: pad_idx });

const losses: number[] = [];
let step = 0;
let train_seconds = 0; // training steps only: the evaluation is not timed
const total_steps = config.epochs * train_loader.length;
const progress = new TrainingProgress(max_steps > 0 ? Math.min(max_steps, total_steps) : total_steps);
training: for (let epoch = 0; epoch < config.epochs; epoch++) {
  model.train();
  let i = 0;
  for (let [inputs, targets] of train_loader) {
    const started = performance.now();
    [inputs, targets] = [inputs.to(device), targets.to(device)];
    optimizer.zero_grad();
    const output = model.forward(inputs);
    const loss = criterion.forward(output.view(-1, vocab_size), targets.view(-1));
    loss.backward();
    optimizer.step();
    const loss_value = loss.item();
    train_seconds += (performance.now() - started) / 1000;
    losses.push(loss_value);
    step += 1;
    progress.update(step, loss_value);
    if (i % config.log_interval === 0) {
      progress.log(`epoch ${epoch + 1} batch ${i}/${train_loader.length}: loss ${loss_value.toFixed(4)}`);
    }
    i += 1;
    if (step === max_steps) break training;
  }
}
progress.stop();
console.log(`timing: ${step} steps in ${train_seconds.toFixed(2)} s, ${(step / train_seconds).toFixed(2)} steps/s`);
if (config.loss_log) writeFileSync(config.loss_log, JSON.stringify(losses));

// test perplexity: exp of the mean loss over every non-pad target token of the test reviews
model.eval();
let total_loss = 0;
let total_tokens = 0;
torch.no_grad(() => {
  for (let [inputs, targets] of test_loader) {
    [inputs, targets] = [inputs.to(device), targets.to(device)];
    const output = model.forward(inputs);
    total_loss += F.cross_entropy(output.view(-1, vocab_size), targets.view(-1), { ignore_index: pad_idx, reduction: "sum" }).item();
    total_tokens += targets.ne(pad_idx).sum().item();
  }
});
const test_loss = total_loss / total_tokens;
console.log(`test loss ${test_loss.toFixed(4)} over ${total_tokens} tokens, perplexity ${Math.exp(test_loss).toFixed(2)}`);
