// The list of processes registers their achievement links, upcasters and audit folds.
import '@chengguo/processes';
import {
  ACHIEVEMENT_SCHEMA_VERSIONS,
  AchievementCommand,
  achievementDecider,
  AchievementState,
  achievementStreamId,
} from '@chengguo/achievement-register';
import {
  DEFAULT_DISCLOSURE_POLICY,
  DISCLOSURE_SCHEMA_VERSIONS,
  DisclosureCommand,
  disclosureDecider,
  DisclosureState,
  disclosureStreamId,
} from '@chengguo/disclosure';
import { PostgresEventStore } from '@chengguo/eventstore';
import { isRuleViolation } from '@chengguo/kernel';
import { Client } from 'pg';
import { log, now, seconds } from './report';
import { content, PROTOTYPE_RESULTS } from './workload';

/** The achievement id every template is written with; each copy replaces it with its own. */
const TEMPLATE_ID = '00000000-0000-4000-8000-0000000a11ce';

interface TemplateEvent {
  type: string;
  schemaVersion: number;
  data: string;
  metadata: string;
}

interface TemplateStream {
  streamId: string;
  events: TemplateEvent[];
}

/** One achievement's whole history: its streams, each opened and written to in order. */
export interface AchievementTemplate {
  name: string;
  streams: TemplateStream[];
}

const inventor = { userId: 'li.lei', role: 'inventor' };
const tto = { userId: 'wang.tto', role: 'tto_officer' };
const leader = { userId: 'sun.leader', role: 'unit_leader' };
const evaluator = { userId: 'zhao.eval', role: 'tto_officer' };

function run<S, C, E extends { type: string }>(
  decider: { decide(c: C, s: S): E[] | unknown; evolve(s: S, e: E): S; initialState: S },
  commands: Array<{ command: C; actor: { userId: string; role: string }; at: string }>,
  achievementId: string,
  versions: Record<string, number>,
): TemplateEvent[] {
  let state = decider.initialState;
  const events: TemplateEvent[] = [];
  for (const { command, actor, at } of commands) {
    const outcome = decider.decide(command, state);
    if (isRuleViolation(outcome)) throw new Error(`template command ${(command as { type: string }).type} refused: ${outcome.code}`);
    for (const event of outcome as E[]) {
      state = decider.evolve(state, event);
      const { type, ...data } = event;
      events.push({
        type,
        schemaVersion: versions[type],
        data: JSON.stringify(data),
        metadata: JSON.stringify({ occurredAt: at, actor, correlationId: `bench-${achievementId}`, causationId: null, achievementId }),
      });
    }
  }
  return events;
}

/**
 * Histories of one achievement, made by the real deciders (so every projection reads events of the
 * shapes it meets in production): a disclosure drafted, updated, submitted, acknowledged, evaluated
 * and decided, and the register's stream that follows it (registered, evaluation started, filing
 * decided, and — for those filed — the application and, for some, the grant). Variants differ in
 * confidentiality, decision and how far they got, so the ledger's filters have something to sort.
 */
export function achievementTemplates(): AchievementTemplate[] {
  const variants = [
    { name: 'filed and granted', confidentiality: 'internal', decision: 'file', updates: 3, granted: true },
    { name: 'filed', confidentiality: 'commercial_secret', decision: 'file', updates: 2, granted: false },
    { name: 'not filed', confidentiality: 'internal', decision: 'do_not_file', updates: 1, granted: false },
    { name: 'trade secret', confidentiality: 'commercial_secret', decision: 'trade_secret', updates: 4, granted: false },
  ] as const;
  return variants.map((v, index) => {
    const id = TEMPLATE_ID;
    const t = (minutes: number) => new Date(Date.parse('2026-03-02T01:00:00.000Z') + index * 86_400_000 + minutes * 60_000).toISOString();
    const body = {
      ...content(index),
      confidentiality: v.confidentiality,
      inventors: [{ userId: 'li.lei', name: '李雷', shareBasisPoints: 10_000 }],
    };
    const attachments = { attachmentsOnRecord: [PROTOTYPE_RESULTS] };
    const disclosure: Array<{ command: DisclosureCommand; actor: typeof inventor; at: string }> = [
      {
        command: { type: 'DraftDisclosure', disclosureId: id, content: body, actor: inventor, now: t(0), ...attachments },
        actor: inventor,
        at: t(0),
      },
      ...Array.from({ length: v.updates }, (_, u) => ({
        command: {
          type: 'UpdateDraft' as const,
          content: { ...body, title: `${body.title} (v${u + 2})` },
          actor: inventor,
          now: t(10 + u),
          ...attachments,
        },
        actor: inventor,
        at: t(10 + u),
      })),
      {
        command: { type: 'SubmitDisclosure', actor: inventor, now: t(60), policy: DEFAULT_DISCLOSURE_POLICY, ...attachments },
        actor: inventor,
        at: t(60),
      },
      { command: { type: 'AcknowledgeDisclosure', actor: tto, now: t(120) }, actor: tto, at: t(120) },
      {
        command: {
          type: 'AssignEvaluator',
          evaluator: { kind: 'tto_staff', userId: evaluator.userId },
          actor: tto,
          now: t(180),
          policy: DEFAULT_DISCLOSURE_POLICY,
        },
        actor: tto,
        at: t(180),
      },
      {
        command: {
          type: 'RecordEvaluation',
          evaluationId: `evaluation-${id}`,
          patentability: {
            novelty: 'yes',
            inventiveness: 'yes',
            practicalApplicability: 'uncertain',
            notes: '新颖性、创造性、实用性均满足。',
          },
          technologyReadinessLevel: 4,
          marketAssessment: '电池企业有明确需求 / clear demand from battery makers',
          recommendation: v.decision,
          actor: evaluator,
          now: t(240),
        } as DisclosureCommand,
        actor: evaluator,
        at: t(240),
      },
      {
        command: {
          type: 'DecideOnFiling',
          decision: v.decision,
          reasons: '评估意见充分 / the evaluation supports it',
          evaluationId: `evaluation-${id}`,
          actor: leader,
          now: t(300),
        },
        actor: leader,
        at: t(300),
      },
    ];
    // The disclosure events each register command answers (the register keeps their ids to ignore a redelivery).
    const sourceIds: Record<string, string> = {
      DisclosureSubmitted: '00000000-0000-4000-8000-000000000001',
      EvaluatorAssigned: '00000000-0000-4000-8000-000000000002',
      DisclosureDecided: '00000000-0000-4000-8000-000000000003',
    };
    const source = (eventType: string) => ({
      kind: 'process_event' as const,
      streamId: disclosureStreamId(id),
      eventId: sourceIds[eventType],
      eventType,
    });
    const classification = { confidentiality: v.confidentiality, nationalSecurity: false, keyCoreTechnology: false };
    const register: Array<{ command: AchievementCommand; actor: typeof tto; at: string }> = [
      {
        command: {
          type: 'RegisterDisclosedAchievement',
          disclosureId: id,
          title: body.title,
          inventors: body.inventors,
          classification,
          submittedBy: inventor.userId,
          submittedAt: t(60),
          source: source('DisclosureSubmitted'),
        } as AchievementCommand,
        actor: tto,
        at: t(61),
      },
      { command: { type: 'RecordEvaluationStarted', startedAt: t(180), source: source('EvaluatorAssigned') }, actor: tto, at: t(181) },
      {
        command: {
          type: 'RecordFilingDecision',
          decision: v.decision,
          decidedBy: leader.userId,
          decidedAt: t(300),
          source: source('DisclosureDecided'),
        },
        actor: tto,
        at: t(301),
      },
    ];
    if (v.decision === 'file') {
      const evidence = { summary: 'CNIPA receipt', documentSha256: ['c'.repeat(64)] };
      register.push({
        command: {
          type: 'RecordPatentApplication',
          patentKind: 'invention_patent',
          applicationNumber: 'CN202610000001.X',
          filingDate: '2026-04-01',
          now: t(2_000),
          from: { kind: 'tto', actor: tto, evidence },
        } as AchievementCommand,
        actor: tto,
        at: t(2_000),
      });
      if (v.granted) {
        register.push({
          command: {
            type: 'RecordPatentGrant',
            patentNumber: 'ZL202610000001.X',
            grantDate: '2026-10-01',
            now: t(9_000),
            from: { kind: 'tto', actor: tto, evidence },
          } as AchievementCommand,
          actor: tto,
          at: t(9_000),
        });
      }
    }
    return {
      name: v.name,
      streams: [
        {
          streamId: disclosureStreamId(id),
          events: run<DisclosureState, DisclosureCommand, { type: string }>(
            disclosureDecider as never,
            disclosure,
            id,
            DISCLOSURE_SCHEMA_VERSIONS,
          ),
        },
        {
          streamId: achievementStreamId(id),
          events: run<AchievementState, AchievementCommand, { type: string }>(
            achievementDecider as never,
            register,
            id,
            ACHIEVEMENT_SCHEMA_VERSIONS,
          ),
        },
      ],
    };
  });
}

/** Events one copy of every template writes, on average. */
export function eventsPerAchievement(templates: AchievementTemplate[]): number {
  return templates.reduce((sum, t) => sum + t.streams.reduce((s, stream) => s + stream.events.length, 0), 0) / templates.length;
}

const ACHIEVEMENTS_PER_STATEMENT = 250;

/**
 * Grows a store by `achievements` copies of the templates (round robin), each copy under a fresh
 * achievement id, through event_store.append_events itself: hash chain, stream catalogue and the
 * achievement index exactly as in production. A batch writes every copy's first stream, then every
 * copy's second stream, so achievements interleave in $all as concurrent cases do.
 * Returns the ids written, in order.
 */
export async function fillAchievements(url: string, templates: AchievementTemplate[], achievements: number): Promise<string[]> {
  const store = new PostgresEventStore({ connectionString: url });
  await store.migrate();
  await store.close();
  const client = new Client({ connectionString: url });
  await client.connect();
  const ids: string[] = [];
  const start = now();
  for (let done = 0; done < achievements; done += ACHIEVEMENTS_PER_STATEMENT) {
    const batch = Math.min(ACHIEVEMENTS_PER_STATEMENT, achievements - done);
    // One template per batch (cycled), so a batch is a handful of statements.
    const template = templates[(done / ACHIEVEMENTS_PER_STATEMENT) % templates.length];
    const { rows } = await client.query<{ id: string }>('SELECT gen_random_uuid()::text AS id FROM generate_series(1, $1)', [batch]);
    const batchIds = rows.map((r) => r.id);
    for (const stream of template.streams) {
      await client.query(
        `SELECT count(*) FROM unnest($1::text[]) AS d(id),
           LATERAL event_store.append_events(
             replace($2, $3, d.id), 'no_stream', NULL,
             ARRAY(SELECT gen_random_uuid() FROM generate_series(1, $4) WHERE d.id IS NOT NULL),
             $5::text[], $6::int[],
             ARRAY(SELECT replace(x, $3, d.id)::json FROM unnest($7::text[]) WITH ORDINALITY AS u(x, n) ORDER BY n),
             ARRAY(SELECT replace(x, $3, d.id)::json FROM unnest($8::text[]) WITH ORDINALITY AS u(x, n) ORDER BY n))`,
        [
          batchIds,
          stream.streamId,
          TEMPLATE_ID,
          stream.events.length,
          stream.events.map((e) => e.type),
          stream.events.map((e) => e.schemaVersion),
          stream.events.map((e) => e.data),
          stream.events.map((e) => e.metadata),
        ],
      );
    }
    ids.push(...batchIds);
  }
  await client.query('VACUUM ANALYZE event_store.events');
  await client.query('VACUUM ANALYZE event_store.achievement_events');
  await client.end();
  log(`filled ${achievements.toLocaleString('en-US')} achievements in ${seconds(start).toFixed(1)} s`);
  return ids;
}
