import { describe, expect, it } from 'vitest';
import { bytesFromText, textFromBytes } from '../bytes-text.ts';
import { ESCAPE_RULES, type EscapeRule } from './index.ts';
import { tprocEscape } from './tproc.ts';

describe('tprocEscape', () => {
  it('makes controls, DEL, C1 and bidirectional overrides visible', () => {
    expect(tprocEscape('a\tb\nc\rd\x1b[2J\x7f\x9b')).toBe('a\\tb\\nc\\rd\\x1b[2J\\x7f\\x9b');
    expect(tprocEscape('evil\u202etxt.exe\u2028')).toBe('evil\\u202etxt.exe\\u2028');
  });

  it('passes valid UTF-8, wide characters included, and shows invalid bytes as \\xNN', () => {
    const text = textFromBytes(Buffer.from([0x77, 0xc3, 0xb6, 0xff, 0xe4, 0xb8, 0xad]));
    expect(tprocEscape(text)).toBe('wö\\xff中');
    expect(bytesFromText(text)).toEqual(Buffer.from([0x77, 0xc3, 0xb6, 0xff, 0xe4, 0xb8, 0xad]));
  });

  it('is the same in every locale, as the rule table gives it', () => {
    const bytes = Buffer.from('x\x1b\xff', 'latin1');
    const rule: EscapeRule = ESCAPE_RULES.tproc;
    expect(rule(bytes, false).toString()).toBe('x\\x1b\\xff');
    expect(rule(bytes, true).toString()).toBe('x\\x1b\\xff');
  });
});
