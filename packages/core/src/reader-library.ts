// A program's own choice of the reader's C (reader-thread.ts): the library the build compiled
// (dist/tproc/reader-thread-<hash>.so), loaded from the path it names. Under Node, which carries
// no C compiler, this is the only way to it: through koffi, the C's calls that are done when they
// return (read_each, read_listing, socket_links, netlink_dump, read_processes, may_hold); a read-ahead's
// thread stays Bun's.
import { koffiLibrary } from '@tproc/syscalls/sync';
import { bunFfi } from './bun-ffi.ts';
import { bunReader, type Ffi, type ReaderSymbols, readsInCalls, SIGNATURES, useReader } from './reader-thread.ts';

/** C prototypes of the functions Node's reader calls (reader-thread-source.ts). */
const PROTOTYPES = {
  read_each:
    'void read_each(const char *root, int root_length, int32_t *pids, int count, const char *name, uint8_t *data, int slot, int32_t *lengths)',
  read_listing:
    'int read_listing(const char *root, int root_length, const char *name, uint8_t *data, int slot, int32_t *lengths, int32_t *pids, int capacity, int ways, int32_t *named)',
  socket_links: 'int socket_links(const char *root, int root_length, uint32_t *out, int capacity)',
  netlink_dump: 'int netlink_dump(int protocol, const uint8_t *request, int request_length, uint8_t *out, int size)',
  may_hold:
    'int may_hold(const char *root, int root_length, const int32_t *pids, int listed, const uint64_t *inodes, int count, uint8_t *marks)',
  dumps_begin: 'void *dumps_begin(int protocol, const uint8_t *requests, int count, int request_length)',
  dumps_end: 'int dumps_end(void *handle, uint8_t *out, int size, int32_t *lengths)',
  read_processes:
    'int read_processes(const char *root, int root_length, uint8_t *stats, int stat_slot, uint8_t *args, int args_size, int32_t *out, int capacity, const int32_t *fields, int field_count, double *numbers)',
};

/**
 * Loads the reader library at `path` for this program's listings from now on: `listProcesses`
 * reads every process's stat, and the holders of sockets are found, on two threads. False (and
 * nothing changed) when it cannot load: koffi missing, no such library, another architecture.
 */
export function loadReaderLibrary(path: string): boolean {
  try {
    const ffi = bunFfi<Ffi>();
    if (ffi !== undefined) {
      useReader(bunReader(ffi, ffi.dlopen<ReaderSymbols>(path, SIGNATURES).symbols));
    } else {
      const library = koffiLibrary(path);
      useReader(
        readsInCalls({
          read_each: library.func(PROTOTYPES.read_each),
          read_listing: library.func(PROTOTYPES.read_listing),
          socket_links: library.func(PROTOTYPES.socket_links),
          netlink_dump: library.func(PROTOTYPES.netlink_dump),
          read_processes: library.func(PROTOTYPES.read_processes),
          may_hold: library.func(PROTOTYPES.may_hold),
          dumps_begin: library.func(PROTOTYPES.dumps_begin),
          dumps_end: library.func(PROTOTYPES.dumps_end),
        }),
      );
    }
    return true;
  } catch {
    return false;
  }
}
