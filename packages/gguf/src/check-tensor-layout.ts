import { GgufError } from './errors.ts';
import type { LocatedTensorInfo } from './read-tensor-infos.ts';

/** Each tensor's data must be aligned, inside the file, and not overlap another's. */
export function checkTensorLayout(
  tensors: LocatedTensorInfo[],
  dataOffset: number,
  alignment: number,
  fileSize: number,
): void {
  const dataBytes = fileSize - dataOffset;
  for (const { info, offsetFieldAt } of tensors) {
    if (info.offset % alignment !== 0) {
      throw new GgufError(
        'bad-tensor',
        offsetFieldAt,
        `tensor '${info.name}' offset ${info.offset} not ${alignment}-aligned`,
      );
    }
    if (info.offset + info.byteLength > dataBytes) {
      throw new GgufError(
        'out-of-range',
        offsetFieldAt,
        `tensor '${info.name}' data [${info.offset}, +${info.byteLength}) runs past the ${dataBytes} data bytes`,
      );
    }
  }
  const byOffset = [...tensors].sort((a, b) => a.info.offset - b.info.offset);
  for (let i = 1; i < byOffset.length; i++) {
    const prev = byOffset[i - 1]!;
    const next = byOffset[i]!;
    if (prev.info.offset + prev.info.byteLength > next.info.offset) {
      throw new GgufError(
        'overlap',
        next.offsetFieldAt,
        `tensors '${prev.info.name}' and '${next.info.name}' overlap at data offset ${next.info.offset}`,
      );
    }
  }
}
