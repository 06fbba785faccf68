import { ANCHOR_STREAM, AuditCheckpointAnchored, ChainBreak, CHECKPOINT_STREAM } from '@chengguo/audit';
import { EventStore, RecordedEvent } from '@chengguo/eventstore';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Checks the signature of every timestamp token in `audit-anchors` with openssl against the CA
 * certificate(s) the auditor trusts for the authority (`--tsa-ca FILE`): verify itself only checks
 * that each token stamps its checkpoint's hash, which anyone could fake without the authority's key.
 * openssl does the CMS and certificate-path work here, on the auditor's machine, as the README shows.
 */
export async function checkTokenSignatures(store: EventStore, caFile: string): Promise<{ checked: number; breaks: ChainBreak[] }> {
  const anchors = (await store.readStream(ANCHOR_STREAM)) as Array<RecordedEvent<Omit<AuditCheckpointAnchored, 'type'>>>;
  const dir = mkdtempSync(join(tmpdir(), 'chengguo-tokens-'));
  const breaks: ChainBreak[] = [];
  try {
    for (const anchor of anchors) {
      const file = join(dir, `${anchor.revision}.der`);
      writeFileSync(file, Buffer.from(anchor.data.token, 'base64'));
      try {
        await run('openssl', ['ts', '-verify', '-digest', anchor.data.digest, '-in', file, '-token_in', '-CAfile', caFile]);
      } catch (error) {
        const detail = String((error as { stderr?: string }).stderr ?? (error as Error).message)
          .trim()
          .split('\n')
          .slice(0, 3)
          .join(' | ');
        breaks.push({
          kind: 'anchor_mismatch',
          streamId: CHECKPOINT_STREAM,
          revision: anchor.data.sequence - 1,
          eventId: anchor.data.checkpointEventId,
          expected: `a token signed by an authority ${caFile} vouches for (anchor ${ANCHOR_STREAM}@${anchor.revision})`,
          found: `openssl ts -verify failed: ${detail}`,
        });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { checked: anchors.length, breaks };
}
