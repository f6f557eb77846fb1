// The controlling terminal's size, loaded only when needed (--info, --headers): it costs node:tty.
import { closeSync, openSync } from 'node:fs';
import { WriteStream } from 'node:tty';
import type { ScreenSize } from './screen.ts';

/** The controlling terminal's size (observed: ps asks it even when no descriptor is on it). */
export function controllingTerminalSize(): ScreenSize | undefined {
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch {
    return undefined;
  }
  let stream: WriteStream | undefined;
  try {
    stream = new WriteStream(fd);
    const [cols = 0, rows = 0] = stream.getWindowSize();
    return { cols, rows };
  } catch {
    return undefined;
  } finally {
    if (stream) stream.destroy();
    else closeSync(fd);
  }
}
