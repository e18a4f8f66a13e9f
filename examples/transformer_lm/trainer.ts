// Training loop and checkpoints (python/trainer.py).
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import torch from "torchts";
import type { Interruption } from "../common/interrupt";
import type { TrainingProgress } from "../common/progress";
import { TransformerLanguageModel, type ModelConfig } from "./model";
import { CharTokenizer } from "./utils";

const { nn } = torch;
type Tensor = InstanceType<typeof torch.Tensor>;
type DataLoader = InstanceType<typeof torch.utils.data.DataLoader<unknown, [Tensor, Tensor]>>;

export const CHECKPOINT = "checkpoint.pt";

/** What save_checkpoint writes (torch.save of a dict, as python/trainer.py writes it). */
export interface Checkpoint {
  model: Record<string, Tensor>;
  optimizer: any;
  epoch: number;
  losses: number[];
  vocab: string[];
  config: ModelConfig;
  rng_state: Tensor;
}

export interface TrainerOptions {
  lr?: number;
  clip?: number;
  device?: string;
  out_dir?: string;
  max_steps?: number; // 0: no cap
}

export class Trainer {
  model: TransformerLanguageModel;
  tokenizer: CharTokenizer;
  train_loader: DataLoader;
  clip: number;
  device: string;
  out_dir: string;
  max_steps: number;
  criterion: InstanceType<typeof nn.CrossEntropyLoss>;
  optimizer: InstanceType<typeof torch.optim.Adam>;
  epoch = 0; // epochs done
  losses: number[] = []; // mean loss of each epoch
  step_losses: number[] = []; // every step's loss, this run
  step_time = 0; // seconds spent in training steps
  // Set by train.ts: a progress bar, and Ctrl-C handling (stop after the current step).
  progress: TrainingProgress | null = null;
  interruption: Interruption | null = null;

  constructor(model: TransformerLanguageModel, tokenizer: CharTokenizer, train_loader: DataLoader, options: TrainerOptions = {}) {
    const { lr = 3e-3, clip = 1.0, device = "cpu", out_dir = "trained_model", max_steps = 0 } = options;
    this.model = model;
    this.tokenizer = tokenizer;
    this.train_loader = train_loader;
    this.clip = clip;
    this.device = device;
    this.out_dir = out_dir;
    this.max_steps = max_steps;
    this.criterion = new nn.CrossEntropyLoss({ ignore_index: tokenizer.pad_idx });
    this.optimizer = new torch.optim.Adam(model.parameters(), { lr });
  }

  train_step(inputs: Tensor, targets: Tensor): number {
    const start = performance.now();
    [inputs, targets] = [inputs.to(this.device), targets.to(this.device)];
    const logits = this.model.forward(inputs);
    const loss_tensor = this.criterion.forward(logits.view(-1, logits.shape.at(-1)!), targets.view(-1));
    this.optimizer.zero_grad();
    loss_tensor.backward();
    nn.utils.clip_grad_norm_(this.model.parameters(), this.clip);
    this.optimizer.step();
    const loss = loss_tensor.item();
    this.step_time += (performance.now() - start) / 1000;
    this.step_losses.push(loss);
    return loss;
  }

  capped(): boolean {
    return this.max_steps > 0 && this.step_losses.length >= this.max_steps;
  }

  interrupted(): boolean {
    return this.interruption?.requested ?? false;
  }

  /** One pass over the data; the mean loss of its steps. */
  async train_epoch(): Promise<number> {
    this.model.train();
    let total = 0;
    let batches = 0;
    for (const [inputs, targets] of this.train_loader) {
      const loss = this.train_step(inputs, targets);
      total += loss;
      batches += 1;
      this.progress?.update(this.epoch * this.train_loader.length + batches, loss);
      await this.interruption?.tick(); // lets a Ctrl-C (and the progress bar) through
      if (this.capped() || this.interrupted()) break;
    }
    return total / batches;
  }

  async train(epochs: number): Promise<void> {
    while (this.epoch < epochs && !this.capped()) {
      const loss = await this.train_epoch();
      if (this.interrupted()) {
        // As python/train.py does on KeyboardInterrupt: keep what was learnt, the epoch unfinished.
        this.log("interrupted: saving the checkpoint");
        this.save_checkpoint();
        return;
      }
      this.epoch += 1;
      this.losses.push(loss);
      this.log(`epoch ${this.epoch}/${epochs}: loss ${loss.toFixed(4)}`);
      this.save_checkpoint();
    }
  }

  log(line: string): void {
    if (this.progress) this.progress.log(line);
    else console.log(line);
  }

  save_checkpoint(): void {
    mkdirSync(this.out_dir, { recursive: true });
    const checkpoint: Checkpoint = {
      model: this.model.state_dict(),
      optimizer: this.optimizer.state_dict(),
      epoch: this.epoch,
      losses: this.losses,
      vocab: this.tokenizer.itos,
      config: this.model.config,
      // The data order and dropout draw from this generator: resuming restores it.
      rng_state: torch.get_rng_state(),
    };
    torch.save(checkpoint, join(this.out_dir, CHECKPOINT));
  }

  load_checkpoint(): void {
    const checkpoint = load_checkpoint(this.out_dir, this.device);
    this.model.load_state_dict(checkpoint.model);
    this.optimizer.load_state_dict(checkpoint.optimizer);
    this.epoch = checkpoint.epoch;
    this.losses = [...checkpoint.losses];
    torch.set_rng_state(checkpoint.rng_state);
  }
}

export function checkpoint_exists(out_dir: string): boolean {
  return existsSync(join(out_dir, CHECKPOINT));
}

export function load_checkpoint(out_dir: string, device = "cpu"): Checkpoint {
  return torch.load(join(out_dir, CHECKPOINT), { map_location: device }) as Checkpoint;
}

/** The trained model (in eval mode) and its tokenizer, from out_dir's checkpoint. */
export function load_model(out_dir: string, device = "cpu"): [TransformerLanguageModel, CharTokenizer] {
  const checkpoint = load_checkpoint(out_dir, device);
  const tokenizer = new CharTokenizer(checkpoint.vocab);
  const model = TransformerLanguageModel.from_config(checkpoint.config).to(device);
  model.load_state_dict(checkpoint.model);
  model.eval();
  return [model, tokenizer];
}
