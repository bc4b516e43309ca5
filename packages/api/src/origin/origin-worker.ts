// The SharedWorker behind createEngine({ scope: 'origin' }): one engine for every tab of the origin that asks
// for the same engine options (the worker's name says which).
import { installErrorTransfer } from '../errors/error-transfer.ts';
import { EngineHost } from './engine-host.ts';

installErrorTransfer();
const host = new EngineHost();
(self as unknown as { onconnect: (event: MessageEvent) => void }).onconnect = (event) => {
  host.connect(event.ports[0]!);
};
