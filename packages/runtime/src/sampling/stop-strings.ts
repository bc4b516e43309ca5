/**
 * Emits generated text while hiding stop strings, even when one spans several tokens: text that could be
 * the start of a stop string is held back until the next piece settles it.
 */
export class StopStringFilter {
  private pending = '';
  private stoppedFlag = false;

  constructor(private readonly stops: readonly string[]) {}

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  /** Adds decoded text; returns what may be shown now (never any part of a stop string). */
  push(text: string): string {
    if (this.stoppedFlag) return '';
    this.pending += text;
    let cut = -1;
    for (const stop of this.stops) {
      const at = stop.length > 0 ? this.pending.indexOf(stop) : -1;
      if (at >= 0 && (cut < 0 || at < cut)) cut = at;
    }
    if (cut >= 0) {
      this.stoppedFlag = true;
      const out = this.pending.slice(0, cut);
      this.pending = '';
      return out;
    }
    const hold = this.heldBackLength();
    const out = this.pending.slice(0, this.pending.length - hold);
    this.pending = this.pending.slice(this.pending.length - hold);
    return out;
  }

  /** Text still held back at the end of generation: it did not become a stop string, so it is shown. */
  flush(): string {
    const out = this.stoppedFlag ? '' : this.pending;
    this.pending = '';
    return out;
  }

  /** Length of the longest suffix of the pending text that is a proper prefix of some stop string. */
  private heldBackLength(): number {
    let longest = 0;
    for (const stop of this.stops) {
      for (let n = Math.min(stop.length - 1, this.pending.length); n > longest; n--) {
        if (this.pending.endsWith(stop.slice(0, n))) {
          longest = n;
          break;
        }
      }
    }
    return longest;
  }
}
