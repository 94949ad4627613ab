// A gated MCP call approved in the console whose upstream then fails (#11 item 4, the gateway's part): the decided
// item says it failed at the source, with the upstream's own error, not "took effect" and not "unknown". Real parts
// end to end: the gateway process (stdio) in front of the real server-filesystem, the real hub, the console's
// browser mode in Chromium, and the MCP SDK client making the call.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fsUpstream, startGateway, textOf } from '../gateway/helpers.js';
import { SCREENS, expect, row, test } from './fixtures.js';

test('an approved call the upstream refuses shows on the item as failed at the source, with the upstream error', async ({ app, hub }) => {
  const dir = mkdtempSync(join(tmpdir(), 'cs-e2e-gw-'));
  const gw = await startGateway('stdio', { hub: { url: hub.url }, upstreams: [fsUpstream(dir)] }, { agentToken: hub.agentToken });
  try {
    // server-filesystem only writes inside its directory: this path is outside it, so the approved call fails there.
    const outside = join(tmpdir(), `cs-e2e-outside-${process.pid}.txt`);
    const call = gw.client.callTool({ name: 'write_file', arguments: { path: outside, content: 'approved, then refused upstream' } }, undefined, { timeout: 80_000 });
    const item = row(app, `write_file on fs: path="${outside}"`);
    await item.click();
    await app.getByRole('button', { name: /^Approve/ }).click();

    const result = await call;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Access denied|outside allowed/i);

    await app.getByRole('button', { name: /^Decided/ }).click();
    await row(app, `write_file on fs: path="${outside}"`).click();
    const outcome = app.getByRole('region', { name: /^Decided: Approved/ }).locator('.outcome');
    await expect(outcome).toContainText('✕ Failed after release', { timeout: 30_000 });
    await expect(outcome).toContainText('forwarded to the upstream MCP server "fs", write_file answered with an error');
    await expect(outcome).toContainText(/Access denied|outside allowed/i);
    await app.screenshot({ path: `${SCREENS}/gateway-upstream-failed.png`, fullPage: true });
  } finally {
    await gw.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
