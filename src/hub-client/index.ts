// The one HTTP client of the hub (protocol v1, docs/protocol.md): typed endpoints whose answers are checked against
// the protocol's zod schemas, one error class for the hub's answers, one retry policy. Imports only src/shared.
export { HubError, isRetryable } from './errors.js';
export { DEFAULT_RETRY, isRateLimited, retryAfterMs } from './retry.js';
export { anySignal, hubSend, type HubConnection } from './transport.js';
export type { MalformedItem } from './answers.js';
export { findRequestByKey, getLogPublicKey, getRequest, getRequestLog, reportOutcome, submitRequest, withdrawRequest } from './agents.js';
export {
  createStreamTicket,
  createToken,
  getActionClasses,
  getMe,
  getPolicyClasses,
  getChanges,
  openChangeStream,
  postDecisions,
  postOwnership,
  putActionClasses,
  rotateOwnToken,
} from './consoles.js';
export { changePolicy, getPolicy, getPolicyDiff, getPolicyVersion, listPolicyVersions, proposePolicyChange } from './policy.js';
