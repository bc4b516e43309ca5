import type { CommandIo } from '../command.ts';

/** A CommandIo for tests that keeps what a command writes: stdout and stderr as strings. */
export function collectIo(): CommandIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (text: string) => {
      io.stdout += text;
    },
    err: (text: string) => {
      io.stderr += text;
    },
  };
  return io;
}
