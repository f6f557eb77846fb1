import { describe, expect, it } from 'vitest';
import { NAMESPACE_TYPES, parseNsLink } from './namespaces.ts';

describe('parseNsLink', () => {
  it('parses link targets from ls -l /proc/self/ns', () => {
    expect(parseNsLink('net:[4026531833]')).toEqual({ type: 'net', inode: 4026531833 });
    expect(parseNsLink('cgroup:[4026531835]')).toEqual({ type: 'cgroup', inode: 4026531835 });
    // pid_for_children and time_for_children point at pid:[..] and time:[..].
    expect(parseNsLink('pid:[4026531836]')).toEqual({ type: 'pid', inode: 4026531836 });
  });

  it('rejects other strings', () => {
    expect(parseNsLink('')).toBeUndefined();
    expect(parseNsLink('net:4026531833')).toBeUndefined();
    expect(parseNsLink('socket:[123]x')).toBeUndefined();
    expect(parseNsLink('net:[]')).toBeUndefined();
  });

  it('lists the ten namespace link names', () => {
    expect(NAMESPACE_TYPES).toHaveLength(10);
    expect(NAMESPACE_TYPES).toContain('time_for_children');
  });
});
