import { describe, expect, it } from 'vitest';
import { parseCgroup } from './cgroup.ts';
import { containerOf, containerOfPath } from './container.ts';

const ID = `${'a'.repeat(32)}0123456789abcdef0123456789abcdef`;

describe('containerOfPath', () => {
  it('names each runtime by its cgroup layout', () => {
    expect(containerOfPath(`/system.slice/docker-${ID}.scope`)).toEqual({ runtime: 'docker', id: ID });
    expect(containerOfPath(`/docker/${ID}`)).toEqual({ runtime: 'docker', id: ID });
    expect(containerOfPath(`/machine.slice/libpod-${ID}.scope/container`)).toEqual({ runtime: 'podman', id: ID });
    expect(containerOfPath(`/libpod_parent/libpod-${ID}`)).toEqual({ runtime: 'podman', id: ID });
    expect(containerOfPath('/lxc.payload.web1/init.scope')).toEqual({ runtime: 'lxc', id: 'web1' });
    expect(containerOfPath('/machine.slice/machine-deb12.scope')).toEqual({ runtime: 'systemd-nspawn', id: 'deb12' });
  });
  it('adds the pod of a Kubernetes container', () => {
    const systemd = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1b4e1f2a_7c3d_4e5f_8a9b_0c1d2e3f4a5b.slice/cri-containerd-${ID}.scope`;
    expect(containerOfPath(systemd)).toEqual({
      runtime: 'containerd',
      id: ID,
      podUid: '1b4e1f2a-7c3d-4e5f-8a9b-0c1d2e3f4a5b',
    });
    expect(containerOfPath(`/kubepods/besteffort/pod1b4e1f2a-7c3d-4e5f-8a9b-0c1d2e3f4a5b/${ID}`)).toEqual({
      runtime: 'kubernetes',
      id: ID,
      podUid: '1b4e1f2a-7c3d-4e5f-8a9b-0c1d2e3f4a5b',
    });
    expect(
      containerOfPath(`/kubepods.slice/x-pod1b4e1f2a_7c3d_4e5f_8a9b_0c1d2e3f4a5b.slice/crio-${ID}.scope`)?.runtime,
    ).toBe('cri-o');
  });
  it('finds none on a host process or podman’s monitor', () => {
    expect(containerOfPath('/user.slice/user-0.slice/session-3.scope')).toBeUndefined();
    expect(containerOfPath('/init.scope')).toBeUndefined();
    expect(containerOfPath('/')).toBeUndefined();
    expect(containerOfPath(`/machine.slice/libpod-conmon-${ID}.scope`)).toBeUndefined();
    expect(containerOfPath(`/system.slice/docker-${ID.slice(1)}.scope`)).toBeUndefined();
  });
});

describe('containerOf', () => {
  it('asks the unified hierarchy first, then v1 ones', () => {
    expect(containerOf(parseCgroup(`0::/system.slice/docker-${ID}.scope\n`))?.runtime).toBe('docker');
    expect(containerOf(parseCgroup(`12:pids:/docker/${ID}\n1:name=systemd:/docker/${ID}\n0::/\n`))).toEqual({
      runtime: 'docker',
      id: ID,
    });
    expect(containerOf(parseCgroup('0::/user.slice\n'))).toBeUndefined();
  });
});
