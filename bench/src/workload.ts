import { DisclosureCommand, DisclosureContent } from '@chengguo/disclosure';
import { CommandContext, newId } from '@chengguo/eventstore';

export const inventor = { userId: 'li.lei', role: 'inventor' };

/** A realistic disclosure (≈ 1.5 KB of JSON per event): the same content for ours, the peer and the raw loop. */
export function content(seq: number): DisclosureContent {
  return {
    title: `一种低温固态电池电解质及其制备方法 #${seq}`,
    abstract:
      '本发明公开了一种低温固态电池电解质，由聚合物基体、锂盐和无机填料组成，在零下三十摄氏度仍保持较高离子电导率。' +
      'A polymer–ceramic composite electrolyte that keeps ionic conductivity above 1e-4 S/cm at −30 °C; the filler is surface-modified ' +
      'garnet LLZO, dispersed by a solvent-free process that avoids residual solvents and reduces interfacial resistance. '.repeat(3),
    technicalField: 'materials science',
    funding: { kind: 'fiscal', projectNumber: 'NSFC-52070001' },
    conceptionDate: '2026-01-15',
    confidentiality: 'internal',
    involvesNationalSecurity: false,
    isKeyCoreTechnology: false,
    inventors: [
      { userId: 'li.lei', name: '李雷', shareBasisPoints: 6000 },
      { userId: 'han.meimei', name: '韩梅梅', shareBasisPoints: 4000 },
    ],
    attachments: [{ name: 'prototype-results.pdf', ...PROTOTYPE_RESULTS }],
  };
}

/** The one attachment every benchmark disclosure lists, as li.lei's upload recorded it. */
export const PROTOTYPE_RESULTS = { sha256: 'a'.repeat(64), sizeBytes: 204_800, contentType: 'application/pdf' };

/** Commands per stream in the append workload: one draft, then updates (each appends one event). */
export const COMMANDS_PER_STREAM = 10;

export interface AppendOp {
  streamKey: string;
  index: number;
}

/** `commands` operations over commands/10 streams; op i of a stream is its i-th command. */
export function appendOps(commands: number): AppendOp[][] {
  const streams: AppendOp[][] = [];
  for (let s = 0; s < Math.ceil(commands / COMMANDS_PER_STREAM); s++) {
    const streamKey = newId();
    streams.push(Array.from({ length: COMMANDS_PER_STREAM }, (_, index) => ({ streamKey, index })));
  }
  return streams;
}

export function disclosureCommand(op: AppendOp, seq: number): DisclosureCommand {
  const now = new Date().toISOString();
  return op.index === 0
    ? {
        type: 'DraftDisclosure',
        disclosureId: op.streamKey,
        content: content(seq),
        actor: inventor,
        now,
        attachmentsOnRecord: [PROTOTYPE_RESULTS],
      }
    : { type: 'UpdateDraft', content: content(seq), actor: inventor, now, attachmentsOnRecord: [PROTOTYPE_RESULTS] };
}

export function context(): CommandContext {
  return { commandId: newId(), actor: inventor, correlationId: newId(), causationId: null };
}
