import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isUtf8Locale } from './locale.ts';

describe('isUtf8Locale', () => {
  const root = mkdtempSync(join(tmpdir(), 'tproc-locale-'));
  mkdirSync(join(root, 'de_DE.utf8'));
  afterAll(() => rmSync(root, { recursive: true }));
  it.each([
    [{ LANG: 'C.UTF-8' }, true],
    [{ LANG: 'C.utf8' }, true],
    [{ LC_ALL: 'POSIX.UTF-8' }, true],
    [{ LANG: 'C' }, false],
    [{}, false],
    [{ LC_ALL: 'C', LANG: 'C.UTF-8' }, false],
    [{ LC_CTYPE: 'C.UTF-8', LANG: 'C' }, true],
    [{ LC_ALL: '', LC_CTYPE: '', LANG: 'C.UTF-8' }, true],
    // Not installed: glibc stays in C.
    [{ LC_ALL: 'ko_KR.UTF-8' }, false],
    [{ LANG: 'de_DE.UTF-8' }, true],
    [{ LANG: 'de_DE.utf8' }, true],
    [{ LANG: 'de_DE.ISO-8859-1' }, false],
    [{ LANG: 'de_DE' }, false],
  ])('%j: %s', (env, expected) => {
    expect(isUtf8Locale(env, root)).toBe(expected);
  });
});
