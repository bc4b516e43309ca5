import { describe, expect, it } from 'vitest';
import { StopStringFilter } from './stop-strings.ts';

const run = (stops: string[], pieces: string[]) => {
  const f = new StopStringFilter(stops);
  const shown = pieces.map((p) => f.push(p));
  return { shown, rest: f.flush(), stopped: f.stopped };
};

describe('StopStringFilter', () => {
  it('hides a stop string split across pieces and everything after it', () => {
    expect(run(['\nUser:'], ['Hi', ' there\n', 'Us', 'er: more', 'x'])).toEqual({
      shown: ['Hi', ' there', '', '', ''],
      rest: '',
      stopped: true,
    });
  });

  it('releases held text once it cannot become a stop string', () => {
    expect(run(['END'], ['the E', 'ND', ''])).toEqual({ shown: ['the ', '', ''], rest: '', stopped: true });
    expect(run(['END'], ['the E', 'nd'])).toEqual({ shown: ['the ', 'End'], rest: '', stopped: false });
  });

  it('flushes a held partial match at the end', () => {
    expect(run(['END'], ['abc E'])).toEqual({ shown: ['abc '], rest: 'E', stopped: false });
  });

  it('stops at the earliest of several stop strings', () => {
    expect(run(['b', 'a'], ['xyab'])).toEqual({ shown: ['xy'], rest: '', stopped: true });
  });
});
