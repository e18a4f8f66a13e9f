// A training progress bar (cli-progress): step, loss, steps per second and time left.
import cliProgress from "cli-progress";

export class TrainingProgress {
  private bar: cliProgress.SingleBar;
  private started = Date.now();
  private first_step: number;

  constructor(total_steps: number, start_step = 0) {
    this.first_step = start_step;
    this.bar = new cliProgress.SingleBar(
      {
        format: "step {value}/{total} |{bar}| loss {loss} | {rate} steps/s | {eta_formatted} left",
        hideCursor: true,
        etaBuffer: 50,
        // Without a TTY (CI, pipes) print a line now and then instead of redrawing.
        noTTYOutput: !process.stderr.isTTY,
        notTTYSchedule: 10_000,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(total_steps, start_step, { loss: "-", rate: "-" });
  }

  /** Records that `step` steps are done, the last with loss `loss`. */
  update(step: number, loss: number): void {
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? ((step - this.first_step) / seconds).toFixed(2) : "-";
    this.bar.update(step, { loss: loss.toFixed(4), rate });
  }

  /** Prints a line above the bar (evaluations, checkpoints). */
  log(line: string): void {
    if (process.stderr.isTTY) process.stderr.write("\r\x1b[2K"); // clear the bar's line
    console.log(line);
    if (process.stderr.isTTY) this.bar.render();
  }

  stop(): void {
    this.bar.stop();
  }
}
