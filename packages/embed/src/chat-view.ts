// The chat's DOM inside a shadow root: status line, load progress, messages, input and actions.

import { chatCss } from './chat-styles.ts';
import type { ReplyStats, Turn } from './conversation.ts';
import { renderMarkdown } from './markdown.ts';

export interface ChatViewActions {
  send(text: string): void;
  stop(): void;
  regenerate(): void;
  newChat(): void;
  edit(index: number, text: string): void;
}

let sharedSheet: CSSStyleSheet | undefined;

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = '',
  text = '',
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function describeStats(stats: ReplyStats): string {
  const parts = [`${stats.completionTokens} tokens`];
  if (stats.prefillTokensPerSecond > 0)
    parts.push(`prefill ${stats.prefillTokensPerSecond.toFixed(1)} tok/s`);
  if (stats.decodeTokensPerSecond > 0) parts.push(`decode ${stats.decodeTokensPerSecond.toFixed(1)} tok/s`);
  if (stats.finishReason !== 'stop') parts.push(stats.finishReason === 'abort' ? 'stopped' : 'length limit');
  return parts.join(' · ');
}

/** Enter sends, Shift+Enter starts a new line. */
function submitOnEnter(field: HTMLTextAreaElement, form: HTMLFormElement): void {
  field.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
}

export class ChatView {
  readonly status = element('div', 'status', 'No model loaded');
  readonly progress = element('progress');
  readonly messages = element('div', 'messages');
  private readonly input = element('textarea');
  private readonly sendButton = element('button', 'primary', 'Send');
  private readonly stopButton = element('button', '', 'Stop');
  private readonly regenerateButton = element('button', '', 'Regenerate');
  private readonly newChatButton = element('button', '', 'New chat');
  /** The element showing the reply being streamed, rendered again on each token. */
  private streaming: HTMLElement | undefined;
  /** The turns last drawn, to draw again when an edit is cancelled. */
  private turns: readonly Turn[] = [];

  constructor(root: ShadowRoot, actions: ChatViewActions) {
    sharedSheet ??= new CSSStyleSheet();
    sharedSheet.replaceSync(chatCss);
    root.adoptedStyleSheets = [sharedSheet];
    this.progress.hidden = true;
    this.input.placeholder = 'Message';
    this.input.rows = 2;
    this.input.setAttribute('aria-label', 'Message');
    const form = element('form');
    form.append(this.input, this.sendButton, this.stopButton);
    const actionsRow = element('div', 'actions');
    actionsRow.append(this.regenerateButton, this.newChatButton);
    root.append(this.status, this.progress, this.messages, form, actionsRow);

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = this.input.value.trim();
      if (!text) return;
      this.input.value = '';
      actions.send(text);
    });
    submitOnEnter(this.input, form);
    this.stopButton.type = 'button';
    this.regenerateButton.type = 'button';
    this.newChatButton.type = 'button';
    this.stopButton.addEventListener('click', () => actions.stop());
    this.regenerateButton.addEventListener('click', () => actions.regenerate());
    this.newChatButton.addEventListener('click', () => actions.newChat());
    this.messages.addEventListener('click', (event) => {
      const target = event.target as HTMLElement;
      if (target.classList.contains('edit')) this.openEditor(target, actions);
    });
    this.setBusy(false, false);
  }

  setBusy(busy: boolean, ready: boolean): void {
    this.sendButton.disabled = busy || !ready;
    this.stopButton.disabled = !busy;
    this.regenerateButton.disabled = busy || !ready;
  }

  setStatus(text: string, isError = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', isError);
  }

  /** Load progress as a fraction 0..1; undefined hides the bar. */
  setProgress(fraction: number | undefined): void {
    this.progress.hidden = fraction === undefined;
    if (fraction !== undefined) this.progress.value = fraction;
  }

  /** Draws every turn again (after a new chat, an edit or a regenerate). */
  renderTurns(turns: readonly Turn[]): void {
    this.turns = turns;
    this.messages.replaceChildren(...turns.map((turn, index) => this.renderTurn(turn, index)));
    this.streaming = undefined;
  }

  /** Starts showing a reply that tokens will be appended to. */
  beginReply(turns: readonly Turn[]): void {
    this.renderTurns(turns);
    this.streaming = this.messages.lastElementChild as HTMLElement | undefined;
  }

  updateReply(turn: Turn): void {
    if (!this.streaming) return;
    this.streaming.innerHTML = renderMarkdown(turn.content);
    this.messages.scrollTop = this.messages.scrollHeight;
  }

  /**
   * Edits a user message in place (not with prompt(): embeds often live in iframes that may not open dialogs).
   * Resending replaces that message and everything after it.
   */
  private openEditor(editButton: HTMLElement, actions: ChatViewActions): void {
    const bubble = editButton.closest('.turn');
    if (!bubble) return;
    const index = Number(editButton.dataset.index);
    const editor = element('form', 'editor');
    const field = element('textarea');
    field.value = editButton.dataset.text ?? '';
    field.setAttribute('aria-label', 'Edit message');
    const cancel = element('button', '', 'Cancel');
    cancel.type = 'button';
    cancel.addEventListener('click', () => this.renderTurns(this.turns));
    editor.append(field, element('button', 'primary', 'Resend'), cancel);
    editor.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = field.value.trim();
      if (text) actions.edit(index, text);
    });
    submitOnEnter(field, editor);
    bubble.replaceChildren(editor);
    field.focus();
  }

  private renderTurn(turn: Turn, index: number): HTMLElement {
    const node = element('div', `turn ${turn.role}`);
    if (turn.role === 'user') {
      node.textContent = turn.content;
      const edit = element('button', 'edit', 'edit');
      edit.type = 'button';
      edit.dataset.index = String(index);
      edit.dataset.text = turn.content;
      node.append(edit);
    } else {
      node.innerHTML = renderMarkdown(turn.content);
      if (turn.stats) node.append(element('span', 'meta', describeStats(turn.stats)));
    }
    return node;
  }
}
