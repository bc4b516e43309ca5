// One streamed call between the page and the engine Worker on its own MessagePort: events and the outcome
// flow to the page with no reply per message; the page sends 'abort' the other way.
import { deserializeError, type SerializedError, serializeError } from '../errors/error-transfer.ts';

type WorkerMessage<E, R> =
  | { type: 'event'; event: E }
  | { type: 'done'; value: R }
  | { type: 'error'; error: SerializedError };

interface AbortMessage {
  type: 'abort';
}

/** Worker side: runs `work`, posting its events and outcome to the page; 'abort' from the page fires `signal`. */
export function servePortCall<E, R>(
  port: MessagePort,
  work: (emit: (event: E) => void, signal: AbortSignal) => Promise<R>,
): void {
  const controller = new AbortController();
  port.onmessage = (message: MessageEvent<AbortMessage>) => {
    if (message.data.type === 'abort') controller.abort();
  };
  const post = (message: WorkerMessage<E, R>): void => port.postMessage(message);
  work((event) => post({ type: 'event', event }), controller.signal).then(
    (value) => post({ type: 'done', value }),
    (error: unknown) => post({ type: 'error', error: serializeError(error) }),
  );
}

export interface PortCall<R> {
  /** The Worker's end: transfer it with the call. */
  port: MessagePort;
  result: Promise<R>;
  /** Asks the Worker to abort the call. */
  abort(): void;
}

/** Page side: a channel whose events go to `onEvent`; `signal` forwards an abort to the Worker. */
export function openPortCall<E, R>(onEvent: (event: E) => void, signal?: AbortSignal): PortCall<R> {
  const channel = new MessageChannel();
  const page = channel.port1;
  const abort = (): void => page.postMessage({ type: 'abort' } satisfies AbortMessage);
  signal?.addEventListener('abort', abort, { once: true });
  const result = new Promise<R>((resolve, reject) => {
    page.onmessage = ({ data }: MessageEvent<WorkerMessage<E, R>>) => {
      if (data.type === 'event') return onEvent(data.event);
      signal?.removeEventListener('abort', abort);
      page.close();
      if (data.type === 'done') resolve(data.value);
      else reject(deserializeError(data.error));
    };
  });
  if (signal?.aborted) abort();
  return { port: channel.port2, result, abort };
}
