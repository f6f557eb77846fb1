// The part of Bun's built-in FFI module that ffi.ts and scripts/multicall.ts use (Bun's own
// types are not installed: vitest and tsc run on Node).
declare module 'bun:ffi' {
  type FFIType = 'i32' | 'i64' | 'ptr';
  interface Signature {
    args: FFIType[];
    returns: FFIType;
  }
  export function dlopen<T extends Record<string, Signature>>(
    path: string,
    symbols: T,
  ): { symbols: { [K in keyof T]: (...args: (number | bigint)[]) => number | bigint } };
  export const read: { i32(pointer: number, offset: number): number };
  /** The address of a typed array's first byte. */
  export function ptr(view: ArrayBufferView): number;
}
