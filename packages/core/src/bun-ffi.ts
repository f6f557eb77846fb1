/**
 * bun:ffi, typed as the caller uses it, when this runs under Bun on x86-64 (import.meta.require
 * is Bun's synchronous require); undefined elsewhere.
 */
export function bunFfi<T>(): T | undefined {
  const require = (import.meta as { require?: (id: string) => unknown }).require;
  if (require === undefined || process.arch !== 'x64') return undefined;
  try {
    return require('bun:ffi') as T;
  } catch {
    return undefined;
  }
}
