// A training progress bar (cli-progress): step, loss, steps per second and time left.
//
// On a terminal the bar is the last line: log() erases it, prints the line where it was and
// draws it again below. Without one (CI, pipes) cli-progress prints a line now and then instead,
// on stderr, and log() is a plain console.log.
import cliProgress from "cli-progress";

// Back to the first column of the bar's row, and erase from there to the end of the screen: all
// of the bar, also when a terminal that rewraps lines on resize (tmux) has made two rows of it.
const ERASE = "\r\x1b[J";
const [WRAP_OFF, WRAP_ON] = ["\x1b[?7l", "\x1b[?7h"];
const SAVE_CURSOR = "\x1b7";

let on_terminal: TrainingProgress | null = null;

/** The progress bar that is on the terminal now, if any (to print a line above it). */
export function progress_on_terminal(): TrainingProgress | null {
  return on_terminal;
}

export class TrainingProgress {
  private bar: cliProgress.SingleBar;
  private started = Date.now();
  private first_step: number;
  private out = process.stderr; // cli-progress's stream
  private erase = () => this.out.write(ERASE); // a crash or process.exit() leaves no bar behind

  constructor(total_steps: number, start_step = 0) {
    this.first_step = start_step;
    const tty = this.out.isTTY === true;
    this.bar = new cliProgress.SingleBar(
      {
        format: "step {value}/{total} |{bar}| loss {loss} | {rate} steps/s | {eta_formatted} left",
        etaBuffer: 50,
        // Without a TTY (CI, pipes) print a line now and then instead of redrawing.
        noTTYOutput: !tty,
        notTTYSchedule: 10_000,
        // Leave the terminal's line wrapping on for the logs (the default turns it off until
        // stop(); the bar is drawn without it below).
        linewrap: true,
        forceRedraw: true, // redraw after log() erased it, changed or not
        // The cursor stays visible: a Ctrl-C that kills the process (bigram, lstm_lm) would leave it hidden.
      },
      cliProgress.Presets.shades_classic,
    );
    if (tty) {
      // cli-progress writes the bar at the cursor. Erase the last one first; draw it without
      // line wrapping, so that it stays one row when it is wider than the terminal (cli-progress
      // cuts it to `columns`, which Node updates only when the event loop runs after a resize:
      // never during bigram's loop); leave the cursor at its start, where the next ERASE begins.
      this.bar.on("redraw-pre", () => this.out.write(ERASE + WRAP_OFF));
      this.bar.on("redraw-post", () => this.out.write(WRAP_ON + "\r"));
      process.once("exit", this.erase);
      process.once("uncaughtExceptionMonitor", this.erase);
      on_terminal = this;
    }
    this.bar.start(total_steps, start_step, { loss: "-", rate: "-" });
  }

  /** Records that `step` steps are done, the last with loss `loss`. */
  update(step: number, loss: number): void {
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? ((step - this.first_step) / seconds).toFixed(2) : "-";
    this.bar.update(step, { loss: loss.toFixed(4), rate });
  }

  /** Prints a line above the bar (evaluations, checkpoints), with console.log or `print`. */
  log(line: string, print: (line: string) => void = console.log): void {
    if (on_terminal !== this) return print(line);
    this.out.write(ERASE);
    print(line);
    this.bar.render();
  }

  /** Leaves the bar's final state on its own line; what is printed next goes below it. */
  stop(): void {
    if (on_terminal === this) {
      // cli-progress's stop() restores the cursor that start() saved, on the row where the bar was
      // first drawn: the logs have since scrolled past it, and the lines printed next would
      // overwrite theirs. Save it here, on the bar's row, instead.
      this.out.write(SAVE_CURSOR);
      on_terminal = null;
      process.off("exit", this.erase);
      process.off("uncaughtExceptionMonitor", this.erase);
    }
    this.bar.stop();
  }
}
