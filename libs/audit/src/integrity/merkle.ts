import { createHash } from 'node:crypto';

/**
 * Merkle root (hex) over event hashes in order. Leaves and inner nodes are domain-separated
 * (0x00 / 0x01, as in RFC 6962) so a leaf can never pose as a node; an odd node is carried up.
 */
export function merkleRoot(hexHashes: string[]): string {
  if (hexHashes.length === 0) return createHash('sha256').digest('hex');
  let level: Buffer[] = hexHashes.map((h) =>
    createHash('sha256')
      .update(Buffer.from([0]))
      .update(Buffer.from(h, 'utf8'))
      .digest(),
  );
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(
        i + 1 < level.length
          ? createHash('sha256')
              .update(Buffer.from([1]))
              .update(level[i])
              .update(level[i + 1])
              .digest()
          : level[i],
      );
    }
    level = next;
  }
  return level[0].toString('hex');
}
