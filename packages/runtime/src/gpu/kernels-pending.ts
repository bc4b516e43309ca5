// TEMPORARY: re-exports of kernels that @wgllm/kernels does not export from its index yet. Deleted (and
// step-plan.ts imports them from '@wgllm/kernels') once the index has them.
export { prepareAttention } from '../../../kernels/src/attention/attention.ts';
export { prepareKvWrite } from '../../../kernels/src/kv-write/kv-write.ts';
