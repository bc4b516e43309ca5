// Speed and context figures of the last reply.
import type { ReplyStats, WgllmChatElement } from '@wgllm/embed';

export function showReplyStats(chat: WgllmChatElement, detail: { stats?: ReplyStats }): void {
  const stats = detail.stats;
  const model = chat.model;
  if (!stats || !model) return;
  const used = stats.promptTokens + stats.completionTokens;
  document.getElementById('stats')!.textContent =
    `Last reply: prefill ${stats.prefillTokensPerSecond.toFixed(1)} tok/s · decode ${stats.decodeTokensPerSecond.toFixed(1)} tok/s · ` +
    `context ${used} / ${model.contextLength} tokens · ${model.backend === 'webgpu' ? 'on the GPU' : 'on the CPU reference'}`;
}
