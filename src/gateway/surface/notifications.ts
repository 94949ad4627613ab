// Upstream notifications to the gateway's clients: log messages (filtered per client by its logging/setLevel),
// resources/updated (to the clients subscribed to that resource, under the URI they subscribed with) and the
// resources / prompts list_changed announcements. Tools' list_changed stays with the catalog (src/gateway/gateway.ts).
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  ElicitationCompleteNotificationSchema,
  LoggingMessageNotificationSchema,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  type LoggingLevel,
} from '@modelcontextprotocol/sdk/types.js';
import type { Sessions } from './sessions.js';

const LEVELS: LoggingLevel[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];
const rank = (l: LoggingLevel) => LEVELS.indexOf(l);

export function subscriptionKey(upstream: string, uri: string): string {
  return `${upstream}\n${uri}`;
}

/** The lowest level any client asked for: what the gateway asks each upstream for (each client is filtered after). */
export function lowestLevel(sessions: Sessions): LoggingLevel | undefined {
  let low: LoggingLevel | undefined;
  for (const s of sessions.all) if (s.level && (!low || rank(s.level) < rank(low))) low = s.level;
  return low;
}

export function forwardNotifications(upstream: string, client: Client, sessions: Sessions): void {
  client.setNotificationHandler(LoggingMessageNotificationSchema, async (n) => {
    // One connection serves every client, so a message goes to each client whose level admits it.
    const params = { ...n.params, logger: n.params.logger ?? upstream };
    for (const s of sessions.all) {
      if (s.level && rank(n.params.level) < rank(s.level)) continue;
      void s.server.notification({ method: 'notifications/message', params }).catch(() => {});
    }
  });
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, async (n) => {
    const key = subscriptionKey(upstream, n.params.uri);
    for (const s of sessions.all) {
      const uri = s.subscriptions.get(key);
      if (uri !== undefined) void s.server.sendResourceUpdated({ ...n.params, uri }).catch(() => {});
    }
  });
  client.setNotificationHandler(ResourceListChangedNotificationSchema, async () => {
    for (const s of sessions.all) void s.server.sendResourceListChanged().catch(() => {});
  });
  client.setNotificationHandler(ElicitationCompleteNotificationSchema, async (n) => {
    // The end of a URL-mode elicitation: only clients that can hold one care (the id means nothing to the others).
    for (const s of sessions.all) if (s.server.getClientCapabilities()?.elicitation?.url) void s.server.notification(n).catch(() => {});
  });
  client.setNotificationHandler(PromptListChangedNotificationSchema, async () => {
    for (const s of sessions.all) void s.server.sendPromptListChanged().catch(() => {});
  });
}
