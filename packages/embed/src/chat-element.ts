// <wgllm-chat model="..." system="..." temperature="0.7" ...>: a chat UI in a shadow root, on the shared engine
// (the origin's; engine-scope="tab" for this page's own).
// Events: `ready` (ModelInfo), `progress` (LoadProgress), `token` ({delta, text}), `done` ({text, stats}),
// `error` ({error, message}).
import type { LoadProgress, LocalEngine, ModelInfo } from '@wgllm/api';
import { ChatSession } from './chat-session.ts';
import { ChatView } from './chat-view.ts';
import { friendlyError } from './friendly-error.ts';
import { absoluteModelUrl } from './model-url.ts';
import { type ChatSettings, samplingParams, settingAttributes, settingsFromAttributes } from './settings.ts';
import { loadOnce, sharedEngine } from './shared-engine.ts';

const phaseNames = {
  download: 'Downloading',
  parse: 'Reading the model header',
  upload: 'Uploading to the GPU',
} as const;

function formatSize(bytes: number): string {
  return bytes < 1e6 ? `${Math.round(bytes / 1e3)} KB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

export class WgllmChatElement extends HTMLElement {
  static readonly observedAttributes = ['model', 'system', ...Object.keys(settingAttributes)];

  private readonly view: ChatView;
  private readonly session: ChatSession;
  private customEngine: LocalEngine | undefined;
  private modelInfo: ModelInfo | undefined;
  private loading: Promise<ModelInfo | undefined> | undefined;
  /** Counts loads, so that only the latest one started updates the element when several overlap. */
  private loadCount = 0;
  private loadStartedAt = 0;
  /**
   * Set when the element first joins a document and loads its model; from then on a new `model`, `context-size`
   * or engine reloads it. (Upgrading an element reports each attribute as changed: that must not load twice.)
   */
  private started = false;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    this.session = new ChatSession(
      () => this.engine,
      () => this.modelInfo?.id ?? '',
      () => samplingParams(this.settings),
      {
        onToken: (delta, turn) => {
          this.view.updateReply(turn);
          this.emit('token', { delta, text: turn.content });
        },
        onDone: (turn) => {
          this.view.renderTurns(this.session.conversation.turns);
          this.refreshBusy();
          this.emit('done', { text: turn.content, stats: turn.stats });
        },
        onError: (error) => this.fail(error),
      },
    );
    this.view = new ChatView(root, {
      send: (text) => void this.send(text),
      stop: () => this.stop(),
      regenerate: () => void this.regenerate(),
      newChat: () => this.newChat(),
      edit: (index, text) => void this.editAndResend(index, text),
    });
  }

  /**
   * The engine this element talks to; default: the origin's engine, shared by every element of every tab
   * (`engine-scope="tab"`: one shared by the elements of this page only).
   */
  get engine(): LocalEngine {
    return this.customEngine ?? sharedEngine(this.getAttribute('engine-scope') === 'tab' ? 'tab' : 'origin');
  }

  set engine(engine: LocalEngine) {
    this.customEngine = engine;
    this.modelInfo = undefined;
    if (this.started) void this.loadModel();
  }

  get settings(): ChatSettings {
    return settingsFromAttributes(this);
  }

  get model(): ModelInfo | undefined {
    return this.modelInfo;
  }

  connectedCallback(): void {
    if (this.started) return; // moved within the page: the model stays
    this.started = true;
    void this.loadModel();
  }

  attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null): void {
    if (oldValue === newValue) return;
    if (name === 'system') this.session.conversation.system = newValue ?? '';
    if ((name === 'model' || name === 'context-size') && this.started) void this.loadModel();
  }

  /** Loads the `model` attribute's URL / Hugging Face path / cache key, or the given File. */
  loadModel(file?: File | Blob): Promise<ModelInfo | undefined> {
    const input = file ?? this.getAttribute('model');
    if (!input) return Promise.resolve(undefined);
    this.modelInfo = undefined;
    const current = ++this.loadCount;
    this.refreshBusy();
    this.loadStartedAt = performance.now();
    this.view.setStatus('Loading the model…');
    const { contextSize } = this.settings;
    const options = {
      onProgress: (progress: LoadProgress) => {
        if (current === this.loadCount) this.showProgress(progress);
      },
    };
    const engine = this.engine;
    const load =
      typeof input === 'string'
        ? loadOnce(
            engine,
            absoluteModelUrl(input),
            contextSize ? { ...options, contextLength: contextSize } : options,
          )
        : engine.load(input, contextSize ? { ...options, contextLength: contextSize } : options);
    this.loading = load.then(
      (info) => {
        if (current !== this.loadCount) return undefined;
        this.modelInfo = info;
        this.view.setProgress(undefined);
        this.view.setStatus(`${info.id} ready · ${info.architecture} · context ${info.contextLength} tokens`);
        this.refreshBusy();
        this.emit('ready', info);
        return info;
      },
      (error: unknown) => {
        if (current !== this.loadCount) return undefined;
        this.view.setProgress(undefined);
        this.fail(error);
        return undefined;
      },
    );
    return this.loading;
  }

  async send(text: string): Promise<void> {
    if (!this.modelInfo) await this.loading;
    if (!this.modelInfo || this.session.busy) return;
    const reply = this.session.send(text);
    this.startReply();
    await reply;
  }

  async regenerate(): Promise<void> {
    if (!this.modelInfo || this.session.busy) return;
    const reply = this.session.regenerate();
    this.startReply();
    await reply;
  }

  async editAndResend(index: number, text: string): Promise<void> {
    if (!this.modelInfo || this.session.busy) return;
    const reply = this.session.editAndResend(index, text);
    this.startReply();
    await reply;
  }

  stop(): void {
    this.session.stop();
  }

  newChat(): void {
    this.session.newChat();
    this.view.renderTurns(this.session.conversation.turns);
    this.refreshBusy();
  }

  private startReply(): void {
    this.view.beginReply(this.session.conversation.turns);
    this.refreshBusy();
  }

  private refreshBusy(): void {
    this.view.setBusy(this.session.busy, this.modelInfo !== undefined);
  }

  private showProgress(progress: LoadProgress): void {
    const fraction = progress.totalBytes > 0 ? progress.loadedBytes / progress.totalBytes : 0;
    const seconds = (performance.now() - this.loadStartedAt) / 1000;
    const speed =
      seconds > 0 && progress.phase === 'download' && !progress.fromCache
        ? ` · ${formatSize(progress.loadedBytes / seconds)}/s`
        : '';
    const phase =
      progress.fromCache && progress.phase === 'download'
        ? 'Reading from the cache'
        : phaseNames[progress.phase];
    this.view.setProgress(fraction);
    this.view.setStatus(
      `${phase}: ${formatSize(progress.loadedBytes)} of ${formatSize(progress.totalBytes)}${speed}`,
    );
    this.emit('progress', progress);
  }

  private fail(error: unknown): void {
    const message = friendlyError(error);
    this.view.renderTurns(this.session.conversation.turns);
    this.view.setStatus(message, true);
    this.refreshBusy();
    this.emit('error', { error, message });
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

/** Registers <wgllm-chat> (once). */
export function defineWgllmChat(name = 'wgllm-chat'): void {
  if (!customElements.get(name)) customElements.define(name, WgllmChatElement);
}
