// Test helpers that run anywhere (pages, Workers, Node). The Node-only file server is at "./testing/node".
export { quotaLimitedStore } from './quota-limited-store.ts';
