import { EventStore, NO_ACHIEVEMENT, ProcessCommands, RecordedEvent } from '@chengguo/eventstore';
import { AnnualReportCommand, annualReportDecider, AnnualReportState } from '../domain/annual-report.decider';
import { ANNUAL_REPORT_SCHEMA_VERSIONS, AnnualReportEvent, annualReportStreamId } from '../domain/annual-report.events';
import { annualReportFigures, AnnualReportContent, reportPeriod } from '../domain/annual-report.figures';

const PAGE = 5_000;

/**
 * The year's figures from the history alone: every event committed before the next year began, read
 * from the store page by page (the report is rare; its cost is one scan of $all).
 */
export async function annualReportFromHistory(store: EventStore, year: number): Promise<AnnualReportContent> {
  const until = Date.parse(reportPeriod(year).until);
  async function* history(): AsyncGenerator<{ streamId: string; type: string; data: unknown; recordedAt: string }> {
    let after: RecordedEvent['position'] | undefined;
    for (;;) {
      const page = await store.readAll({ after, maxCount: PAGE });
      for (const e of page) {
        if (Date.parse(e.metadata.recordedAt) < until)
          yield { streamId: e.streamId, type: e.type, data: e.data, recordedAt: e.metadata.recordedAt };
      }
      if (page.length < PAGE) return;
      after = page[page.length - 1].position;
    }
  }
  const events: Array<{ streamId: string; type: string; data: unknown; recordedAt: string }> = [];
  for await (const e of history()) events.push(e);
  return annualReportFigures(year, events);
}

/** The annual report's command: the key is the year; its figures are folded here from the store, never taken from the caller. */
export const annualReportCommands: ProcessCommands<
  AnnualReportCommand,
  AnnualReportEvent,
  AnnualReportState,
  { type: 'PrepareAnnualReport'; year: number }
> = {
  process: 'annual-report',
  decider: annualReportDecider,
  schemaVersions: ANNUAL_REPORT_SCHEMA_VERSIONS,
  streamId: annualReportStreamId,
  // The report is the unit's, about no one achievement.
  achievement: NO_ACHIEVEMENT,
  async prepare(input, context, { now, store }) {
    return {
      type: 'PrepareAnnualReport',
      year: input.year,
      content: await annualReportFromHistory(store, input.year),
      actor: { userId: context.actor.userId, role: context.actor.role },
      now,
    };
  },
};
