// Where the pinned Bun lies: the `bun` devDependency's platform package (@oven/bun-linux-x64 and
// its siblings). pnpm runs no dependency's install script, so bun's own postinstall, which would
// copy that binary over the placeholder node_modules/.bin/bun, never runs: the binary is used
// where it lies, and its absence is an error that says what to do.
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** The platform packages that may carry the binary here, in order of preference. */
function candidates() {
  const arch = { x64: 'x64', arm64: 'aarch64' }[process.arch] ?? process.arch;
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  return [`@oven/bun-${os}-${arch}`, `@oven/bun-${os}-${arch}-musl`, `@oven/bun-${os}-${arch}-baseline`];
}

/** Absolute path of the Bun binary the build uses; throws with instructions when it is missing. */
export function bunPath() {
  let fromBun;
  try {
    fromBun = createRequire(createRequire(join(root, 'package.json')).resolve('bun/package.json'));
  } catch {
    throw new Error('Bun is missing: the `bun` devDependency is not installed (run `npx -y pnpm@12.4.2 install`)');
  }
  for (const name of candidates()) {
    let file;
    try {
      file = join(dirname(fromBun.resolve(`${name}/package.json`)), 'bin', 'bun');
    } catch {
      continue;
    }
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      throw new Error(
        `Bun is missing: ${file} is not an executable file (reinstall: npx -y pnpm@12.4.2 install --force)`,
      );
    }
  }
  throw new Error(
    `Bun is missing: none of ${candidates().join(', ')} is installed beside the \`bun\` package ` +
      `(no Bun build for ${process.platform}-${process.arch}?)`,
  );
}
