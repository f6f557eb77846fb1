// A listener held by two processes: ours, and a sleep that inherited it as its fd 3.
import { type ChildProcess, spawn } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import type { Server } from 'node:net';

/** A sleep holding `server`'s socket as fd 3, once its fd 3 shows it (kill it when done). */
export async function inheritedBy(server: Server): Promise<ChildProcess> {
  const fd = (server as unknown as { _handle: { fd: number } })._handle.fd;
  const holder = spawn('sleep', ['100000'], { stdio: ['ignore', 'ignore', 'ignore', fd] });
  const inherited = () => {
    try {
      return readlinkSync(`/proc/${holder.pid}/fd/3`).startsWith('socket:');
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 500 && !inherited(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return holder;
}
