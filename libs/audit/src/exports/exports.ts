import { csvCell, UTF8_BOM } from '@chengguo/common';
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

/** Objects (the event's data) go in as their JSON; the JSON Lines export is the byte-exact form. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return csvCell(null);
  return csvCell(typeof value === 'object' ? JSON.stringify(value) : (value as string | number | boolean));
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
      cell(c === 'actorId' ? e.actor?.userId : c === 'actorRole' ? e.actor?.role : c === 'ruleKeys' ? e.ruleKeys.join(' ') : e[c]),
    ).join(','),
  );
  return UTF8_BOM + [summary.map(cell).join(','), CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}
