/** Progress on stderr: one rewritten line on a terminal, a line every few seconds in a log. */
export class ProgressLine {
  private lastPrinted = 0;
  private readonly tty = process.stderr.isTTY === true;

  constructor(private readonly intervalMs = 5_000) {}

  update(text: string): void {
    if (this.tty) {
      process.stderr.write(`\r\x1b[2K${text}`);
      return;
    }
    const now = Date.now();
    if (now - this.lastPrinted >= this.intervalMs) {
      this.lastPrinted = now;
      process.stderr.write(`${text}\n`);
    }
  }

  /** Clears the progress line on a terminal; the caller prints the summary. */
  finish(): void {
    if (this.tty) process.stderr.write('\r\x1b[2K');
  }
}
