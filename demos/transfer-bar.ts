/**
 * A cli-progress bar for one transfer, fed with httprx `Progress` values. It starts on the
 * first value (when the total becomes known) and also shows a status text, here the pool line.
 * When stdout is not a terminal (CI, a pipe) it prints a plain line every half second instead.
 * The bar is cyan where stdout shows colour (demos/style.ts).
 */
import cliProgress from 'cli-progress';
import type { Progress } from '../src/index.ts';
import { paint } from './style.ts';

const MiB = 1024 * 1024;

export class TransferBar {
  readonly #label: string;
  readonly #bar = new cliProgress.SingleBar(
    {
      // Only the bar is coloured: cli-progress cuts lines at the terminal's width counting the
      // colour codes too, and a cut must not fall inside one.
      format: `{label} |${paint('cyan', '{bar}')}| {percentage}% {value}/{total} MiB  {status}`,
      formatValue: (value, options, type) =>
        type === 'value' || type === 'total'
          ? (value / MiB).toFixed(1)
          : cliProgress.Format.ValueFormat(value, options, type),
      barsize: 30,
      hideCursor: true,
      stream: process.stdout,
      noTTYOutput: true,
      notTTYSchedule: 500,
      // Off a terminal, the last line is already printed when the bar stops: no blank line after it.
      clearOnComplete: !process.stdout.isTTY,
    },
    cliProgress.Presets.shades_classic,
  );

  constructor(label: string) {
    this.#label = label.padEnd(8);
  }

  show({ loaded, total }: Progress, status: string): void {
    if (!this.#bar.isActive) {
      this.#bar.start(total ?? loaded, loaded, { label: this.#label, status });
      return;
    }
    this.#bar.setTotal(total ?? loaded); // an unknown total grows with what arrived
    this.#bar.update(loaded, { status });
  }

  stop(): void {
    this.#bar.stop();
  }
}
