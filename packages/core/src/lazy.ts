/**
 * Tables a command builds on first use, never at import: a path that does not ask for one
 * does not pay for it (issue 14). Each is named so a test can check that importing a module
 * builds none (`tablesBuilt()` is empty right after the import).
 */
const built = new Set<string>();

/** A function that builds the table on its first call and returns the same value ever after. */
export function onFirstUse<T>(name: string, build: () => T): () => T {
  let table: { value: T } | undefined;
  return () => {
    if (table === undefined) {
      table = { value: build() };
      built.add(name);
    }
    return table.value;
  };
}

/** The names of the tables built so far in this process, in the order they were built. */
export function tablesBuilt(): readonly string[] {
  return [...built];
}
