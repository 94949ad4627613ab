// One call's abort signal: the client's cancel or the gateway's shutdown. Not AbortSignal.any: the MCP SDK adds an
// abort listener to every request's signal and never removes it, and a composite signal with a listener lives as
// long as its sources, so each call kept its signal (and the SDK's closure) until shutdown, which then sent the
// upstream a notifications/cancelled for every call ever made. Here the link to the long-lived shutdown signal is
// removed when the call ends, and what the call left behind goes with it.
export function callSignal(request: AbortSignal, shutdown: AbortSignal): { signal: AbortSignal; done(): void } {
  const ac = new AbortController();
  const sources = [request, shutdown];
  const onAbort = (e: Event) => ac.abort((e.target as AbortSignal).reason);
  const done = () => {
    for (const s of sources) s.removeEventListener('abort', onAbort);
  };
  const first = sources.find((s) => s.aborted);
  if (first) ac.abort(first.reason);
  else for (const s of sources) s.addEventListener('abort', onAbort, { once: true });
  return { signal: ac.signal, done };
}
