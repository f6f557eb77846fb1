// Injected into the CommonJS bundles (scripts/build.mjs) in place of `import.meta.url`, which
// yargs' Node entry reads at load time and a CommonJS bundle lacks: the bundle's own file URL.
// A getter, so that a bundle which never reads it (every classic command) runs nothing.
export const import_meta = {
  get url() {
    return require('node:url').pathToFileURL(__filename).href;
  },
};
