export type { Command, CommandInput, CommandIo } from './command.ts';
export { commands, main, usage } from './main.ts';
export { type ModelSummary, summarizeModel } from './model-summary.ts';
export { openModel } from './open-model.ts';
