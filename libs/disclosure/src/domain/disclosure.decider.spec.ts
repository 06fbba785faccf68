import { deciderSpec } from '../../../../test/support/decider-spec';
import { DisclosureCommand, disclosureDecider } from './disclosure.decider';
import { DisclosureEvent, DisclosureSubmitted } from './disclosure.events';

const spec = deciderSpec(disclosureDecider);
const now = '2026-03-01T02:00:00.000Z';

const submit: Extract<DisclosureCommand, { type: 'SubmitDisclosure' }> = {
  type: 'SubmitDisclosure',
  disclosureId: 'd-1',
  title: '一种低温固态电池电解质',
  technicalField: 'materials',
  abstract: 'A solid electrolyte that conducts at -20 °C.',
  submittedBy: 'li',
  inventors: [
    { userId: 'li', name: '李雷', shareBasisPoints: 6_000 },
    { userId: 'han', name: '韩梅梅', shareBasisPoints: 4_000 },
  ],
  now,
};

const submitted: DisclosureSubmitted = {
  type: 'DisclosureSubmitted',
  disclosureId: 'd-1',
  title: submit.title,
  technicalField: 'materials',
  abstract: submit.abstract,
  submittedBy: 'li',
  inventors: submit.inventors,
  submittedAt: now,
};

const acknowledged: DisclosureEvent = {
  type: 'DisclosureAcknowledged',
  disclosureId: 'd-1',
  acknowledgedBy: 'tto-wang',
  acknowledgedAt: '2026-03-02T02:00:00.000Z',
};

describe('disclosure decider', () => {
  describe('SubmitDisclosure (R1)', () => {
    it('records the submission', () => spec.given([]).when(submit).then([submitted]));

    it('refuses a second submission of the same disclosure', () =>
      spec.given([submitted]).when(submit).thenFails('DISCLOSURE_ALREADY_SUBMITTED', 409));

    it('refuses a disclosure without inventors', () =>
      spec.given([]).when({ ...submit, inventors: [] }).thenFails('R1_DISCLOSURE_WITHOUT_INVENTORS', 422));

    it('refuses shares that do not total exactly 100%', () =>
      spec
        .given([])
        .when({ ...submit, inventors: [{ ...submit.inventors[0] }, { ...submit.inventors[1], shareBasisPoints: 3_999 }] })
        .thenFails('R1_SHARES_NOT_100_PERCENT', 422, { totalBasisPoints: 9_999 }));

    it('refuses an inventor listed twice', () =>
      spec
        .given([])
        .when({ ...submit, inventors: [{ ...submit.inventors[0], shareBasisPoints: 5_000 }, { ...submit.inventors[0], shareBasisPoints: 5_000 }] })
        .thenFails('R1_DUPLICATE_INVENTOR'));

    it('refuses a submitter who is not an inventor', () =>
      spec.given([]).when({ ...submit, submittedBy: 'zhao' }).thenFails('R1_SUBMITTER_NOT_INVENTOR', 422));
  });

  describe('AcknowledgeDisclosure', () => {
    const acknowledge: DisclosureCommand = {
      type: 'AcknowledgeDisclosure',
      disclosureId: 'd-1',
      acknowledgedBy: 'tto-wang',
      now: '2026-03-02T02:00:00.000Z',
    };

    it('records the acknowledgement', () => spec.given([submitted]).when(acknowledge).then([acknowledged]));
    it('refuses an unknown disclosure', () => spec.given([]).when(acknowledge).thenFails('DISCLOSURE_NOT_FOUND', 404));
    it('refuses a second acknowledgement', () =>
      spec.given([submitted, acknowledged]).when(acknowledge).thenFails('DISCLOSURE_ALREADY_ACKNOWLEDGED', 409));
  });

  describe('RecordAcknowledgementOverdue (R1 escalation)', () => {
    const overdue: DisclosureCommand = { type: 'RecordAcknowledgementOverdue', disclosureId: 'd-1', dueAt: '2026-03-16T02:00:00.000Z' };
    const overdueEvent: DisclosureEvent = {
      type: 'DisclosureAcknowledgementOverdue',
      disclosureId: 'd-1',
      dueAt: '2026-03-16T02:00:00.000Z',
      escalatedToRole: 'unit_leader',
      ruleKey: 'R1',
    };

    it('escalates an unacknowledged disclosure to the unit leader', () =>
      spec.given([submitted]).when(overdue).then([overdueEvent]));
    it('says nothing once acknowledged', () => spec.given([submitted, acknowledged]).when(overdue).then([]));
    it('escalates only once', () => spec.given([submitted, overdueEvent]).when(overdue).then([]));
  });
});
