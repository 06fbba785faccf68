import { ExportAnchor } from '../integrity/anchoring';
import { VerificationReport } from '../integrity/verify';
import { AuditedEvent } from '../replay/replay';

/**
 * Exports for auditors' own tools. JSON Lines: one header line (what, when, verification), one
 * line per event. CSV: UTF-8 with a byte-order mark so spreadsheet programs read Chinese
 * correctly, RFC 4180 quoting, a leading verification summary row set apart by `#`.
 */
export interface ExportHeader {
  kind: 'chengguo-audit-export';
  subject: { streamId: string } | { achievementId: string };
  exportedAt: string;
  exportedBy: string;
  verification: { ok: boolean; checkedEvents: number; firstBreak: VerificationReport['firstBreak'] };
  /**
   * The latest checkpoint's Merkle root and hash, with its RFC 3161 token when it has one: the
   * reader keeps them, and a later rewrite of the store (checkpoints included) no longer matches.
   */
  anchor: ExportAnchor | null;
}

export function summarize(reports: VerificationReport[]): ExportHeader['verification'] {
  return {
    ok: reports.every((r) => r.ok),
    checkedEvents: reports.reduce((n, r) => n + r.checkedEvents, 0),
    firstBreak: reports.map((r) => r.firstBreak).find((b) => b !== null) ?? null,
  };
}

export function toJsonLines(header: ExportHeader, events: AuditedEvent[]): string {
  return [JSON.stringify(header), ...events.map((e) => JSON.stringify(e))].join('\n') + '\n';
}

export const UTF8_BOM = '\uFEFF';
const CSV_COLUMNS: Array<keyof AuditedEvent | 'actorId' | 'actorRole'> = [
  'streamId',
  'revision',
  'eventId',
  'type',
  'schemaVersion',
  'occurredAt',
  'recordedAt',
  'actorId',
  'actorRole',
  'correlationId',
  'causationId',
  'ruleKeys',
  'verification',
  'hash',
  'prevHash',
  'data',
];

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: ExportHeader, events: AuditedEvent[]): string {
  const v = header.verification;
  const summary = [
    `# ${JSON.stringify(header.subject)}`,
    `exportedAt=${header.exportedAt}`,
    `verification=${v.ok ? 'intact' : 'BROKEN'}`,
    `checkedEvents=${v.checkedEvents}`,
    v.firstBreak
      ? `firstBreak=${v.firstBreak.kind} ${v.firstBreak.streamId}@${v.firstBreak.revision} expected ${v.firstBreak.expected} found ${v.firstBreak.found}`
      : 'firstBreak=',
    header.anchor
      ? `checkpoint=${header.anchor.sequence} root=${header.anchor.merkleRoot} hash=${header.anchor.checkpointHash ?? ''} recordedAt=${header.anchor.recordedAt}`
      : 'checkpoint=',
    header.anchor?.timestamp
      ? `timestamp=${header.anchor.timestamp.genTime} tsa=${header.anchor.timestamp.tsaUrl} token=${header.anchor.timestamp.token}`
      : 'timestamp=',
  ];
  const rows = events.map((e) =>
    CSV_COLUMNS.map((c) =>
      csvCell(c === 'actorId' ? e.actor?.userId : c === 'actorRole' ? e.actor?.role : c === 'ruleKeys' ? e.ruleKeys.join(' ') : e[c]),
    ).join(','),
  );
  return UTF8_BOM + [summary.map(csvCell).join(','), CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}
