// Test helpers that run anywhere (pages, Workers, Node). The Node-only file server is at "./testing/node".
export { quotaLimitedStore } from './quota-limited-store.ts';
export { type ScriptedEngine, type ScriptedRun, scriptedEngine } from './scripted-engine.ts';
