// Pure checks of the Electron shell (no electron import, so they are unit-tested without Electron):
// which frame is our renderer, and what an IPC invoke may carry.
import { APP_INDEX_URL, isAppRendererUrl } from '../node-shared/app-scheme.js';
import { IpcInvokeArgs, type IpcAnswer } from '../shared/transport.js';
import type { ConsoleCore } from '../core/api.js';
import { toRpcError } from '../core/errors.js';

export interface RendererLocation {
  devUrl: string | null;
  /** The bundle folder app://countersign/ serves (out/renderer). */
  bundleDir: string;
  /** What the window loads: the dev server, else app://countersign/index.html. */
  url: string;
}

/** Where our renderer is loaded from: the dev server in development, the app:// scheme over the bundle otherwise. */
export function rendererLocation(bundleDir: string, devUrl = process.env.ELECTRON_RENDERER_URL ?? null): RendererLocation {
  return { devUrl, bundleDir, url: devUrl ?? APP_INDEX_URL };
}

export function isOurRendererUrl(frameUrl: string | null | undefined, loc: RendererLocation): boolean {
  if (!frameUrl) return false;
  let u: URL;
  try {
    u = new URL(frameUrl);
  } catch {
    return false;
  }
  if (loc.devUrl) return u.origin === new URL(loc.devUrl).origin;
  // Never file://: a file page shares its origin with every local file; only our privileged app:// page counts.
  return isAppRendererUrl(frameUrl);
}

/** The http(s) URL a link may open in the user's browser (normalised, so what is shown is what opens), else null. */
export function externalUrl(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

/** One `countersign:invoke`: sender checked, payload shape checked, then the core validates the input itself. */
export async function answerInvoke(core: Pick<ConsoleCore, 'dispatch'>, loc: RendererLocation, frameUrl: string | null | undefined, args: unknown[]): Promise<IpcAnswer> {
  if (!isOurRendererUrl(frameUrl, loc)) return { ok: false, error: { code: 'forbidden', message: 'IPC from a frame that is not the Countersign renderer' } };
  const parsed = IpcInvokeArgs.safeParse(args);
  if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: 'IPC payload must be (method, input)' } };
  try {
    return { ok: true, output: await core.dispatch(parsed.data[0], parsed.data[1]) };
  } catch (err) {
    return { ok: false, error: toRpcError(err) };
  }
}
