// Picks the transport once: Electron's preload bridge when present, else the browser host's WebSocket.
// The rest of the renderer sees only ConsoleApi and the link state, never which transport is underneath.
import type { ConsoleApi } from '../../shared/contract.js';
import { sessionCredential, sessionState, storedSession, takeLaunchCode } from './session.js';
import { type LinkState, WsTransport } from './ws-transport.js';

declare global {
  interface Window {
    countersign?: ConsoleApi;
  }
}

export interface Client {
  api: ConsoleApi;
  initialState: LinkState;
  onLinkState(fn: (s: LinkState) => void): () => void;
  /** Browser mode with neither a launch code nor a session: nothing can work, the UI says how to get one. */
  missingToken: boolean;
}

export function createClient(): Client {
  if (window.countersign) {
    // IPC cannot drop like a socket: the bridge is always open for the window's life.
    return { api: window.countersign, initialState: 'open', onLinkState: () => () => {}, missingToken: false };
  }
  const launch = takeLaunchCode();
  const missingToken = launch === null && storedSession() === null;
  const credential = sessionCredential(launch);
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new WsTransport(`${scheme}://${window.location.host}/ws`, () => credential, sessionState);
  return { api: ws, initialState: ws.state, onLinkState: (fn) => ws.onState(fn), missingToken };
}
