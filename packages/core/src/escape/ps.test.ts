import { describe, expect, it } from 'vitest';
import { COMMAND_BYTES } from '../names.ts';
import { argAreaText, cutToWidth, displayWidth, psEscape, psEscapeCommand } from './ps.ts';
import { codePointClass } from './unicode-classes.ts';

const b = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

// Every expectation below was observed from procps 4.0.2 on this machine.
describe('psEscape in a UTF-8 locale', () => {
  it.each([
    ['control byte and é', b('zq\x01é'), 'zq?é'],
    ['escape sequence', b('é\x01b c\x1b[31m'), 'é?b c?[31m'],
    ['tab and DEL', b('a\tb\x7f'), 'a?b?'],
    ['wide and combining kept', b('一丁x a\u0301'), '一丁x a\u0301'],
    ['C1 control as one ?', b('\u0085x'), '?x'],
    ['lone lead byte then ASCII', b([0xc3], '('), '?('],
    ['cut-short sequence before a space', b([0xe4, 0xb8], ' \t'), '?? ?'],
    ['surrogate', b([0xed, 0xa0, 0x80]), '???'],
    ['beyond U+10FFFF decodes to one ?', b([0xf4, 0x90, 0x80, 0x80]), '?'],
    ['bad lead switches to C rendering', b([0xff], '\t一'), '?.???'],
    ['the walk lands on a continuation byte', b([0xe4, 0xb8, 0xc3, 0xa9], '\t'), '????.'],
    ['valid character inside the walk survives', b([0xe4], 'é', [0xa9], '\t'), '?é?.'],
  ])('%s', (_name, bytes, expected) => {
    expect(psEscape(bytes, true)).toBe(expected);
  });
});

describe('psEscape on valid UTF-8 (decoded natively)', () => {
  // The byte walk's rule for valid text: each character as is, or one ? when not printable.
  const oracle = (text: string): string =>
    [...text]
      .map((ch) => {
        const cp = ch.codePointAt(0) ?? 0;
        if (cp < 0x20 || cp === 0x7f) return '?';
        return cp < 0x80 || codePointClass(cp) >= 0 ? ch : '?';
      })
      .join('');
  it('matches the per-character rule over every class of the table', () => {
    const samples = [
      0x41, 0x09, 0x7f, 0x85, 0x9f, 0xa0, 0xe9, 0x300, 0x378, 0x4e00, 0xfffe, 0x1f600, 0xe0001, 0x10fffe,
    ];
    let text = '';
    for (let i = 0; i < 2000; i++) text += String.fromCodePoint(samples[(i * 7) % samples.length] ?? 0x41);
    expect(psEscape(Buffer.from(text, 'utf8'), true)).toBe(oracle(text));
  });
  it('keeps the walk for a character cut at the end', () => {
    expect(psEscape(b('ab\x01é', [0xc3]), true)).toBe('ab?é?');
    expect(psEscape(b('éé', [0xe4, 0xb8]), true)).toBe('éé??');
    expect(psEscape(b('é', [0xff], 'é'), true)).toBe('é???');
  });
});

describe('psEscape in the C locale', () => {
  it.each([
    ['control and non-ASCII', b('zq\x01é'), 'zq.??'],
    ['tab, DEL, escape', b('a\tb\x7f\x1b'), 'a.b..'],
    ['plain ASCII untouched', b('sleep 10'), 'sleep 10'],
  ])('%s', (_name, bytes, expected) => {
    expect(psEscape(bytes, false)).toBe(expected);
  });
});

describe('psEscapeCommand', () => {
  const latin1 = (text: string) => Buffer.from(text).toString('latin1');
  const tail = (text: string) => text.slice(-6);
  it('reads 131071 bytes; a character cut there is shown as ? per byte', () => {
    const odd = latin1(`${'x'.repeat(COMMAND_BYTES - 1)}é`);
    expect(tail(psEscapeCommand(odd, true, COMMAND_BYTES))).toBe('xxxxx?');
    expect(psEscapeCommand(odd, false, COMMAND_BYTES)).toHaveLength(COMMAND_BYTES);
  });
  it('prints a whole character only if it ends before the room does', () => {
    const even = latin1(`${'x'.repeat(COMMAND_BYTES - 2)}éé`);
    expect(tail(psEscapeCommand(even, true, COMMAND_BYTES))).toBe('xxxxxx');
    expect(tail(psEscapeCommand(latin1(`${'x'.repeat(100)}éé`), true, 103))).toBe('xxxxxé');
    expect(psEscapeCommand('x'.repeat(200), true, 150)).toHaveLength(150);
  });
});

describe('argAreaText', () => {
  it('turns separators and newlines into spaces, drops trailing empty arguments', () => {
    expect(argAreaText(b('a\0b\nc\0\0\0'))).toBe('a b c');
    expect(argAreaText(b('a\0\0x\0'))).toBe('a  x');
    expect(argAreaText(b(''))).toBe('');
  });
});

describe('display width', () => {
  it('counts wide characters twice and combining ones not at all', () => {
    expect(displayWidth('一丁x')).toBe(5);
    expect(displayWidth('a\u0301')).toBe(1);
    expect(cutToWidth('一丁x', 3)).toBe('一');
    expect(cutToWidth('abc', 5)).toBe('abc');
  });
  it('counts one column per character when every one takes one', () => {
    expect(displayWidth('é'.repeat(1000))).toBe(1000);
    expect(cutToWidth(`${'é'.repeat(10)}x`, 5)).toBe('ééééé');
    expect(cutToWidth('éé', 5)).toBe('éé');
    expect(displayWidth('é😀')).toBe(3);
    expect(cutToWidth('é😀x', 2)).toBe('é');
  });
});
