// Streams a reply that may hold tool calls: text before the format's trigger streams as content; from the
// trigger on it is held until the end, then parsed into calls (or released as text if it holds none).
import type { ParsedToolCall, ToolCallFormat } from './tool-call-format.ts';

export class ToolCallStream {
  private text = '';
  /** Characters of `text` already released as content. */
  private released = 0;

  constructor(readonly format: ToolCallFormat) {}

  /** Adds generated text; returns the part now known to be content. */
  push(piece: string): string {
    this.text += piece;
    const trigger = this.text.indexOf(this.format.trigger, this.released);
    // Hold back a suffix that may be the start of the trigger.
    let safe = trigger >= 0 ? trigger : this.text.length;
    if (trigger < 0) {
      for (let k = Math.min(this.format.trigger.length - 1, this.text.length); k > 0; k--) {
        if (this.format.trigger.startsWith(this.text.slice(-k))) {
          safe = this.text.length - k;
          break;
        }
      }
    }
    if (safe <= this.released) return '';
    const out = this.text.slice(this.released, safe);
    this.released = safe;
    return out;
  }

  /** At the end: the calls, and the content not released yet (text after the calls, or all held text). */
  end(): { calls: ParsedToolCall[]; content: string } {
    const held = this.text.slice(this.released);
    const parsed = this.format.parse(held);
    return parsed ? { calls: parsed.calls, content: parsed.content } : { calls: [], content: held };
  }
}
