import { describe, expect, it } from 'vitest';
import { validate } from './json-schema.ts';

// The validator must catch what the schemas forbid, or the schema tests cannot fail.
const proc = {
  pid: 1,
  ppid: 0,
  pgid: 1,
  sid: 1,
  uid: 0,
  user: 'root',
  state: 'S',
  name: 'init',
  command: '/sbin/init',
  argv: ['/sbin/init'],
  start_time: '2026-01-01T00:00:00.000Z',
  start_time_epoch_seconds: 1767225600,
  start_ticks: 10,
  age_seconds: 5,
  cpu_seconds: 0.5,
  cpu_percent: 1,
  mem_percent: 0.1,
  rss_bytes: 4096,
  vsz_bytes: 8192,
  threads: 1,
  nice: 0,
  token: '1@10',
};

describe('validate', () => {
  it('accepts a valid document', () => {
    expect(validate('ps', [proc])).toEqual([]);
    expect(validate('tree', [{ ...proc, children: [{ ...proc, pid: 2, children: [] }] }])).toEqual([]);
  });
  it('rejects a missing key, a wrong type, an unknown key, a bad time, a bad token', () => {
    const { token: _token, ...noToken } = proc;
    expect(validate('ps', [noToken])).toEqual(['$[0]: missing token']);
    expect(validate('ps', [{ ...proc, pid: '1' }])[0]).toMatch(/^\$\[0\]\.pid: "1" is string, not integer/);
    expect(validate('ps', [{ ...proc, cpu: 1 }])).toEqual(['$[0]: unexpected key cpu']);
    expect(validate('ps', [{ ...proc, start_time: 'yesterday' }])[0]).toMatch(/not an ISO 8601/);
    expect(validate('ps', [{ ...proc, token: '1:10' }])[0]).toMatch(/does not match/);
    expect(validate('tree', [proc])).toEqual(['$[0]: missing children']);
    expect(validate('tree', [{ ...proc, children: [{ ...proc }] }])).toEqual(['$[0].children[0]: missing children']);
  });
  it('checks oneOf, enums and nested refs', () => {
    expect(validate('ps', [{ ...proc, container: { runtime: 'docker', id: 'x', pod_uid: null } }])).toEqual([]);
    expect(validate('ps', [{ ...proc, container: { runtime: 'vmware', id: 'x', pod_uid: null } }])[0]).toMatch(
      /0 of oneOf/,
    );
    expect(
      validate('files', {
        lsof_version: '4.95.0',
        processes: [{ pid: 1, command: 'x', files: [{ fd: '3', name: 'a', size: 12 }] }],
      })[0],
    ).toMatch(/size: 12 is integer, not string/);
  });
});
