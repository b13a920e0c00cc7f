// The text rule and the limits every till and the server keep (docs/sync-protocol.md S23).
import { describe, expect, it } from 'vitest';
import { allTextClean, textProblem, withoutBadCharacters } from '../../src/domain/input-rules';

describe('input rules', () => {
  it.each([
    ['张三', null],
    ['Ann 😀', null], // a whole surrogate pair is a character like any other
    ['', null],
    ['a\u0000b', 'text.invalid'],
    ['Ann \ud83d', 'text.invalid'], // half an emoji at the end
    ['\ude00 Ann', 'text.invalid'], // the other half, alone
    ['\ude00\ud83d', 'text.invalid'], // two halves the wrong way round
    ['x'.repeat(11), 'text.long'],
  ])('[S23] %j → %s', (text, problem) => {
    expect(textProblem(text, 10)).toBe(problem);
  });

  it('[S23] a bad key or value anywhere, at any depth, is found; bad characters are replaced for a message', () => {
    expect(allTextClean({ a: [{ b: 'ok' }, 1, null] })).toBe(true);
    expect(allTextClean({ a: [{ b: 'x\u0000' }] })).toBe(false);
    expect(allTextClean({ a: [{ ['k\ud800']: 1 }] })).toBe(false);
    expect(withoutBadCharacters('a\u0000b\ud800 😀')).toBe('a\ufffdb\ufffd 😀');
  });
});
