// The interactive part of `wgllm chat`: user turns read line by line, replies streamed as they are generated,
// slash commands, and Ctrl-C to stop a reply.
import { createInterface } from 'node:readline';
import { ContextOverflowError } from '@wgllm/runtime';
import type { CommandInput, CommandIo } from '../command.ts';
import type { ChatSession } from './chat-session.ts';

const chatHelp = `/tool RESULT  answer the last reply's tool call with RESULT (with --tools)
/reset  forget the conversation (the system prompt stays)
/exit   quit (so do Ctrl-D and a second Ctrl-C at the prompt)
/help   this list
Ctrl-C during a reply stops the reply.
`;

const tooLongAdvice = '/reset to start over, or restart with a larger --ctx';

/** Runs the conversation until /exit, the end of the input or a second Ctrl-C; status notes go to stderr. */
export async function chatLoop(session: ChatSession, input: CommandInput, io: CommandIo): Promise<void> {
  const interactive = input.isTTY === true;
  // On a terminal readline edits and echoes the line itself (raw mode: Ctrl-C arrives as its 'SIGINT' event);
  // from a pipe it only splits lines (Ctrl-C arrives as the process's SIGINT), and stdout holds replies alone.
  const lines = interactive
    ? createInterface({ input, output: process.stdout, prompt: '> ' })
    : createInterface({ input, terminal: false });
  const prompt = (): void => {
    if (interactive) lines.prompt();
  };

  let reply: AbortController | undefined;
  // The user's last action was Ctrl-C: one more at the prompt quits.
  let interrupted = false;
  const onInterrupt = (): void => {
    if (reply) reply.abort();
    else if (interrupted) lines.close();
    else {
      io.err('\n(Ctrl-C again, /exit or Ctrl-D quits)\n');
      prompt();
    }
    interrupted = true;
  };
  lines.on('SIGINT', onInterrupt);
  process.on('SIGINT', onInterrupt);

  const answer = async (text: string, asToolResult: boolean): Promise<void> => {
    const controller = new AbortController();
    reply = controller;
    try {
      const onText = (t: string): void => io.out(t);
      const turn = asToolResult
        ? session.toolResult(text, onText, controller.signal)
        : session.reply(text, onText, controller.signal);
      const { finishReason, contextFull, toolCalls } = await turn;
      io.out('\n');
      for (const call of toolCalls) io.out(`[tool call ${call.id}] ${call.name}(${call.arguments})\n`);
      if (toolCalls.length > 0) io.err('[answer with /tool RESULT]\n');
      if (finishReason === 'abort') io.err('[reply stopped]\n');
      if (contextFull) io.err(`[the context is full: ${tooLongAdvice}]\n`);
    } catch (error) {
      if (!(error instanceof ContextOverflowError)) throw error;
      io.err(
        `[the conversation no longer fits the context (${error.needed} tokens, the context holds ${error.contextLength}): ${tooLongAdvice}]\n`,
      );
    } finally {
      reply = undefined;
    }
  };

  try {
    prompt();
    for await (const line of lines) {
      interrupted = false;
      const text = line.trim();
      if (text === '/exit') return;
      if (text === '/reset') {
        session.reset();
        io.err('[conversation cleared]\n');
      } else if (text === '/help') io.err(chatHelp);
      else if (text.startsWith('/tool ') || text === '/tool') {
        if (session.awaitsToolResult) await answer(text.slice('/tool'.length).trim(), true);
        else io.err('[the last reply made no tool call]\n');
      } else if (text.startsWith('/')) io.err(`unknown command '${text}'; /help lists them\n`);
      else if (text !== '') await answer(text, false);
      prompt();
    }
    if (interactive) io.out('\n'); // after Ctrl-D, leave the terminal on a fresh line
  } finally {
    process.off('SIGINT', onInterrupt);
    lines.close();
  }
}
