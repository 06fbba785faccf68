import { DomainRuleViolation } from '@chengguo/kernel';

/**
 * The positive and negative lists (正面、负面“双清单”, R13 / XZ-18; MOST): which situations qualify
 * for the due-diligence exemption and which behaviours rule it out. Versioned, unit-configurable
 * data in the `policy-exemption-lists` stream: a version takes effect from its date and never
 * rewrites the past; a claim records the version whose items it asserts. Version 0 is built in,
 * drawn from the XZ-18 text.
 */
export interface ListItem {
  id: string;
  text: string;
}

export interface ExemptionLists {
  version: number;
  effectiveFrom: string;
  positive: ListItem[];
  negative: ListItem[];
}

export const DEFAULT_EXEMPTION_LISTS: ExemptionLists = {
  version: 0,
  effectiveFrom: '1970-01-01T00:00:00.000Z',
  positive: [
    { id: 'P1', text: '已履行民主决策程序 / the democratic decision procedure was followed (R13)' },
    { id: 'P2', text: '已履行监督管理职责 / supervision and management duties were performed (R13)' },
    { id: 'P3', text: '已履行信息公示义务 / information-publicity duties were performed (R7, R13)' },
    { id: 'P4', text: '未牟取非法利益 / no illegal benefit was sought (R4, R13)' },
    {
      id: 'P5',
      text: '勤勉尽责后仍发生投资亏损，经主管部门审核 / an investment loss despite diligent conduct, reviewed by the supervisory department (R13)',
    },
    {
      id: 'P6',
      text: '放弃申请专利经评估且与完成人订立合同 / a patent application was abandoned after evaluation, with a contract with the inventors (R3, R4)',
    },
  ],
  negative: [
    { id: 'N1', text: '牟取非法利益、收受财物 / seeking illegal benefit or accepting gifts (R13)' },
    { id: 'N2', text: '未经集体决策擅自决定 / deciding alone without the democratic decision procedure (R13)' },
    { id: 'N3', text: '隐瞒、虚报成果信息或定价 / concealing or falsifying the achievement’s information or price (R7, R13)' },
    { id: 'N4', text: '存在利益冲突未回避 / failing to recuse despite a conflict of interest (R13)' },
    { id: 'N5', text: '涉密或关键核心技术未经备案转化 / transforming a classified achievement without the supervisory filing (R5)' },
  ],
};

export const EXEMPTION_LISTS_STREAM = 'policy-exemption-lists';

export interface ExemptionListsPublished extends ExemptionLists {
  type: 'ExemptionListsPublished';
  publishedBy: string;
  publishedAt: string;
  ruleKey: 'R13';
}

export type ExemptionListsState = ExemptionLists[];

export interface PublishExemptionLists {
  type: 'PublishExemptionLists';
  positive: ListItem[];
  negative: ListItem[];
  effectiveFrom: string;
  publishedBy: string;
  now: string;
}

export function listsInEffect(versions: ExemptionListsState, at: string): ExemptionLists {
  const t = Date.parse(at);
  return [DEFAULT_EXEMPTION_LISTS, ...versions].filter((v) => Date.parse(v.effectiveFrom) <= t).at(-1)!;
}

const violation = (code: string, detail: string) => new DomainRuleViolation(code, 422, detail);

function invalidItems(items: ListItem[], prefix: 'P' | 'N'): string | null {
  if (items.length === 0) return `the ${prefix === 'P' ? 'positive' : 'negative'} list names at least one item`;
  const ids = new Set<string>();
  for (const item of items) {
    if (!/^[A-Z][A-Z0-9-]{0,31}$/.test(item.id)) return `item id ${item.id} is 1–32 capitals, digits or hyphens`;
    if (ids.has(item.id)) return `item id ${item.id} appears twice`;
    if (item.text.trim().length === 0) return `item ${item.id} has no text`;
    ids.add(item.id);
  }
  return null;
}

/** Publishing a version: effective now or later, after the last one, items with unique ids across both lists. */
export const exemptionListsDecider = {
  initialState: [] as ExemptionListsState,
  decide(command: PublishExemptionLists, state: ExemptionListsState): ExemptionListsPublished[] | DomainRuleViolation {
    if (Number.isNaN(Date.parse(command.effectiveFrom)) || Date.parse(command.effectiveFrom) < Date.parse(command.now)) {
      return violation('POLICY_EFFECTIVE_IN_PAST', 'A list version takes effect now or later; the past is not rewritten.');
    }
    const last = state.at(-1);
    if (last && Date.parse(command.effectiveFrom) < Date.parse(last.effectiveFrom)) {
      return violation('POLICY_OUT_OF_ORDER', `Version ${last.version} already takes effect at ${last.effectiveFrom}.`);
    }
    const invalid = invalidItems(command.positive, 'P') ?? invalidItems(command.negative, 'N');
    if (invalid) return violation('R13_LIST_INVALID', `Invalid list: ${invalid}.`);
    const positiveIds = new Set(command.positive.map((i) => i.id));
    const shared = command.negative.find((i) => positiveIds.has(i.id));
    if (shared) return violation('R13_LIST_INVALID', `Item id ${shared.id} is on both lists.`);
    return [
      {
        type: 'ExemptionListsPublished',
        version: (last?.version ?? 0) + 1,
        effectiveFrom: command.effectiveFrom,
        positive: command.positive.map(({ id, text }) => ({ id, text })),
        negative: command.negative.map(({ id, text }) => ({ id, text })),
        publishedBy: command.publishedBy,
        publishedAt: command.now,
        ruleKey: 'R13',
      },
    ];
  },
  evolve(state: ExemptionListsState, event: ExemptionListsPublished): ExemptionListsState {
    const { version, effectiveFrom, positive, negative } = event;
    return [...state, { version, effectiveFrom, positive, negative }];
  },
};
