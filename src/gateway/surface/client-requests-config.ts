// The config switch for upstream-to-client requests. Roots matter most: server-filesystem replaces its allowed
// directories with the client's roots, so forwarding them lets a client widen what the server may touch (as it
// could directly); `roots: false` keeps the directories of the upstream's command line.
import { z } from 'zod';

export const ClientRequestsConfig = z
  .object({
    sampling: z.boolean().default(true),
    elicitation: z.boolean().default(true),
    roots: z.boolean().default(true),
  })
  .strict();
export type ClientRequestsConfig = z.infer<typeof ClientRequestsConfig>;
