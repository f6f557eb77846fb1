import { describe, expect, it } from 'vitest';
import { parseHosts, parseServices } from './services.ts';

describe('parseServices', () => {
  it('reads name, port, protocol and aliases, skipping comments', () => {
    const text = '# comment\nssh\t\t22/tcp\t\t\t\t# SSH\ndomain\t\t53/udp\nsmtp 25/tcp mail\nbad x/tcp\n\n';
    expect(parseServices(text)).toEqual([
      { name: 'ssh', port: 22, protocol: 'tcp', aliases: [] },
      { name: 'domain', port: 53, protocol: 'udp', aliases: [] },
      { name: 'smtp', port: 25, protocol: 'tcp', aliases: ['mail'] },
    ]);
  });
});

describe('parseHosts', () => {
  it('reads address and names', () => {
    expect(parseHosts('127.0.0.1 localhost\n::1\tlocalhost ip6-localhost # x\n# c\n10.0.0.1\n')).toEqual([
      { address: '127.0.0.1', names: ['localhost'] },
      { address: '::1', names: ['localhost', 'ip6-localhost'] },
    ]);
  });
});
