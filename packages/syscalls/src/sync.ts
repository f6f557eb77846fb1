/**
 * The native calls for synchronous callers (core's library functions): loaded on the first call,
 * undefined when the FFI cannot load (koffi or its prebuilt binary missing, another architecture).
 * A separate entry from index.ts, whose loadSyscalls keeps the FFI out of the commands' bundles
 * until a path needs it.
 */
import { loadNativeSync, type Native } from './ffi.ts';

export { koffiLibrary } from './ffi.ts';

let native: Native | null | undefined;

export function syscallsSync(): Native | undefined {
  if (native === undefined) {
    try {
      native = loadNativeSync();
    } catch {
      native = null;
    }
  }
  return native ?? undefined;
}
