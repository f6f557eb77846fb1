// A TCP or UDP socket's ends as JSON, the same keys in `ports` and in `inspect`'s sockets.
import type { InetProtocol } from '@tproc/core';

export interface Endpoints {
  protocol: InetProtocol;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  state: string;
}

export interface EndpointsJson {
  protocol: InetProtocol;
  local_address: string;
  local_port: number;
  /** null when unconnected (the kernel's `0.0.0.0:0` / `[::]:0`). */
  remote_address: string | null;
  remote_port: number | null;
  state: string;
}

export function endpointsJson(s: Endpoints): EndpointsJson {
  const connected = s.remotePort !== 0;
  return {
    protocol: s.protocol,
    local_address: s.localAddress,
    local_port: s.localPort,
    remote_address: connected ? s.remoteAddress : null,
    remote_port: connected ? s.remotePort : null,
    state: s.state,
  };
}
