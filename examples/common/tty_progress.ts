// The tutorials' ports print what their Python originals print, line for line: their progress
// bar is drawn on a terminal only (no periodic lines on a pipe), and their prints go above it.
import { TrainingProgress } from "./progress.ts";

export class TutorialProgress {
  private bar: TrainingProgress | null;

  constructor(total_steps: number) {
    this.bar = process.stderr.isTTY ? new TrainingProgress(total_steps) : null;
  }

  /** Whether a bar is drawn (the loss is then read every step, to show it). */
  get active(): boolean {
    return this.bar !== null;
  }

  /** print(line): above the bar on a terminal, else a plain console.log. */
  print(line: string): void {
    if (this.bar) this.bar.log(line);
    else console.log(line);
  }

  update(step: number, loss: number): void {
    this.bar?.update(step, loss);
  }

  stop(): void {
    this.bar?.stop();
  }
}
