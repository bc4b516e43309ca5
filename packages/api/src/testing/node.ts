// Test helpers for Node only.
export {
  type LoggedRequest,
  type RangeServer,
  type RangeServerOptions,
  startRangeServer,
} from './range-server.ts';
