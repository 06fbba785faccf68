import { ProblemException } from '@chengguo/common';
import { initialAchievementState } from '../../domain/achievement.decider';
import { AchievementRegisterRow } from './achievement-register.entity';
import { decodeLedgerCursor, encodeLedgerCursor } from './achievement-register.queries';
import { csvCell } from '@chengguo/common';
import { ledgerCsv } from './achievement-ledger.view';

const row = (overrides: Partial<AchievementRegisterRow>): AchievementRegisterRow =>
  Object.assign(new AchievementRegisterRow(), {
    achievementId: '3f1c2a9e-5b7d-4c1e-9a8b-0d2e4f6a8c10',
    kind: 'invention_patent',
    title: '一种青稞秸秆生物质炭制备方法',
    status: 'granted',
    owner: { kind: 'unit' },
    ownerKind: 'unit',
    inventors: [
      { userId: 'li.lei', name: '李雷', shareBasisPoints: 6000 },
      { userId: 'han.meimei', name: '韩梅梅', shareBasisPoints: 4000 },
    ],
    inventorIds: ['li.lei', 'han.meimei'],
    classification: { confidentiality: 'internal', nationalSecurity: false, keyCoreTechnology: true },
    confidentiality: 'internal',
    r5FilingRequired: true,
    filingDecision: null,
    rights: {
      patentKind: 'invention_patent',
      applicationNumber: 'CN201910000001.2',
      filingDate: '2019-03-01',
      grantDate: '2021-06-18',
      patentNumber: 'ZL201910000001.2',
    },
    applicationNumber: 'CN201910000001.2',
    patentNumber: 'ZL201910000001.2',
    openCaseIds: [],
    disclosureId: null,
    irregularityCount: 0,
    registeredAt: new Date('2026-03-01T02:00:00.000Z'),
    nextDueDate: '2027-03-01',
    graceEndsOn: '2027-09-01',
    annuityStatus: 'due',
    state: initialAchievementState,
    revision: '2',
    updatedAt: new Date('2026-03-02T02:00:00.000Z'),
    ...overrides,
  });

describe('the ledger as CSV', () => {
  it('starts with a BOM and a header row, ends every line with CRLF, and shows the facts of each row', () => {
    const csv = ledgerCsv([row({})]);
    expect(csv.startsWith('\uFEFFachievementId,title,kind,status,owner,inventors,')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines[1]).toContain('3f1c2a9e-5b7d-4c1e-9a8b-0d2e4f6a8c10,一种青稞秸秆生物质炭制备方法,invention_patent,granted,unit,');
    expect(lines[1]).toContain('李雷 (li.lei) 60.00%; 韩梅梅 (han.meimei) 40.00%');
    expect(lines[1]).toContain(',internal,false,true,true,,invention_patent,CN201910000001.2,2019-03-01,ZL201910000001.2,2021-06-18,');
    // R12 rights maintenance: the next annual fee's due date and the annuity status.
    expect(lines[0]).toContain(',irregularityCount,nextDueDate,annuityStatus,registeredAt,');
    expect(lines[1]).toContain(',0,2027-03-01,due,');
  });

  it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "x"')).toBe('"say ""x"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
    expect(csvCell(false)).toBe('false');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(ledgerCsv([row({ title: '=1+1' })])).toContain(",'=1+1,");
  });
});

describe('the ledger cursor', () => {
  it('round-trips the sort key of the last row, never-registered rows as the epoch', () => {
    const cursor = encodeLedgerCursor(row({}));
    expect(decodeLedgerCursor(cursor)).toEqual(['2026-03-01T02:00:00.000Z', '3f1c2a9e-5b7d-4c1e-9a8b-0d2e4f6a8c10']);
    expect(decodeLedgerCursor(encodeLedgerCursor(row({ registeredAt: null })))[0]).toBe('1970-01-01T00:00:00.000Z');
  });

  it.each([
    ['not base64 JSON', '!!!'],
    ['a JSON object', Buffer.from('{"a":1}').toString('base64url')],
    ['a bad date', Buffer.from('["yesterday","x"]').toString('base64url')],
    ['an SQL fragment as id', Buffer.from(`["2026-03-01T02:00:00.000Z","x'; DROP TABLE t; --"]`).toString('base64url')],
  ])('refuses %s with 422 LEDGER_CURSOR_INVALID', (_, cursor) => {
    expect(() => decodeLedgerCursor(cursor)).toThrow(ProblemException);
    try {
      decodeLedgerCursor(cursor);
    } catch (error) {
      expect(error).toMatchObject({ status: 422, code: 'LEDGER_CURSOR_INVALID' });
    }
  });
});
