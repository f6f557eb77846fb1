#!/bin/sh
# vitest's worker ("$@": node, its options and script) in a PID and mount namespace of its own;
# see pidns-pool.ts. pid 1 is a shell that waits for the worker and meanwhile reaps orphans.
exec unshare --pid --fork --kill-child --mount-proc sh -c '"$0" "$@" & wait $!' "$@"
