import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvError, parseCsv } from '../../../src/domain/import/csv-parse';
import { guessMapping, mappingProblems } from '../../../src/domain/import/member-columns';
import { dryRun, importedMember, openingEntryId, parseImportDate, planImport, type ImportContext } from '../../../src/domain/import/member-import';
import { toCsv } from '../../../src/domain/insights/csv';
import { DEFAULT_PROGRAMME } from '../../../src/domain/programme';
import type { Member } from '../../../src/domain/records';
import { makeCardNo } from '../../../src/domain/search-keys';

const FILE = '\uFEFF姓名,手机号码,生日,积分,会员卡号\r\n'
  + '王芳,138 1234 5678,1990/5/20,"1,280",VIP001\r\n'
  + '"李, 雷",13912345678,5月3日,0,\r\n'
  + '张三,12345,1990-02-30,-5,\r\n'
  + '赵四,13812345678,,10,\r\n'
  + ',13700000000,,abc,\r\n';

function rows(text = FILE) {
  const [header, ...data] = parseCsv(text);
  return { mapping: guessMapping(header?.cells ?? []), data };
}

function ctx(existing: Member[] = [], whenPresent: 'skip' | 'update' = 'skip'): ImportContext {
  let n = 0;
  return {
    ids: () => `id${++n}`, now: Date.UTC(2026, 4, 1, 4), timeZone: 'Asia/Shanghai', storeId: 's1', deviceId: 'd1', staffId: 'st1',
    country: 'CN', programme: DEFAULT_PROGRAMME,
    existingByPhone: new Map(existing.map((m) => [m.phone, m])), whenPresent,
  };
}

describe('reading CSV', () => {
  it('[M1] handles a BOM, quoted commas, doubled quotes, line breaks inside quotes and CRLF', () => {
    expect(parseCsv('\uFEFFa,"b,c"\r\n"say ""hi""","two\nlines"\n\nx,')).toEqual([
      { line: 1, cells: ['a', 'b,c'] }, { line: 2, cells: ['say "hi"', 'two\nlines'] }, { line: 5, cells: ['x', ''] },
    ]);
  });
  it('[M1] refuses an unterminated quote and says where; [M2] refuses text that was not UTF-8', () => {
    expect(() => parseCsv('a,b\n"open,c\n')).toThrow(CsvError);
    expect(() => parseCsv('a,b\n"open,c\n')).toThrow(/line 2/);
    expect(() => parseCsv('name\n\uFFFD\uFFFD\n')).toThrow(/not-utf8 at line 2/);
  });
  it('[M1] reads back whatever toCsv wrote', () => {
    fc.assert(fc.property(fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (table) => {
      const back = parseCsv(toCsv(table, { guardFormulas: false })).map((r) => r.cells);
      const nonBlank = table.filter((r) => !(r.length === 1 && r[0] === ''));
      expect(back).toEqual(nonBlank);
    }));
  });
});

describe('column mapping', () => {
  it.each([
    [['姓名', '手机', '生日', '积分', '卡号'], { name: 0, phone: 1, birthday: 2, points: 3, cardNo: 4 }],
    [['Name', 'Mobile', 'Date of Birth', 'Points', 'Card No.'], { name: 0, phone: 1, birthday: 2, points: 3, cardNo: 4 }],
    [['会员卡号', '客户姓名', '联系电话(必填)', '微信号', '备注', '职业'], { cardNo: 0, name: 1, phone: 2, wechat: 3, notes: 4, occupation: 5 }],
  ])('[M3] guesses %j', (headers, want) => {
    expect(guessMapping(headers)).toMatchObject(want);
  });
  it('[M3] a mapping needs a name and a phone, each column once', () => {
    const m = guessMapping(['手机', '地址']);
    expect(mappingProblems(m, 2)).toEqual(['mapping.name-missing']);
    expect(mappingProblems({ ...m, name: 0 }, 2)).toEqual(['mapping.column-twice']);
  });
});

describe('the dry run', () => {
  it('[M4] lists every row it would reject and why', () => {
    const { mapping, data } = rows();
    const r = dryRun(data, mapping, '2026-05-01', 'CN');
    expect(r.rows.map((x) => [x.line, x.name, x.phone, x.birthday, x.points, x.cardNo])).toEqual([
      [2, '王芳', '13812345678', '1990-05-20', 1280, 'VIP001'], [3, '李, 雷', '13912345678', '--05-03', 0, null],
    ]);
    expect(r.rejected).toEqual([
      { line: 4, problems: [{ field: 'phone', code: 'phone.length' }, { field: 'birthday', code: 'birthday.invalid' }, { field: 'points', code: 'points.negative' }] },
      { line: 5, problems: [{ field: 'phone', code: 'phone.duplicate-in-file', params: { line: 2 } }] },
      { line: 6, problems: [{ field: 'name', code: 'name.empty' }, { field: 'points', code: 'points.invalid' }] },
    ]);
  });
  it.each([
    ['1990-05-20', true, '1990-05-20'], ['1990/5/2', true, '1990-05-02'], ['1990年5月20日', true, '1990-05-20'],
    ['5-20', true, '--05-20'], ['5-20', false, null], ['2/30', true, null], ['20/05/1990', true, null],
  ])('[M4] reads the date %j (no year allowed: %s) as %j', (text, noYear, want) => {
    expect(parseImportDate(text, noYear)).toBe(want);
  });
  it('[M4] refuses a birthday in the future', () => {
    const { mapping, data } = rows('姓名,手机,生日\n王芳,13812345678,2027-01-01\n');
    expect(dryRun(data, mapping, '2026-05-01', 'CN').rejected[0]?.problems).toEqual([{ field: 'birthday', code: 'birthday.invalid' }]);
  });
});

describe('the import plan', () => {
  const passed = () => { const { mapping, data } = rows(); return dryRun(data, mapping, '2026-05-01', 'CN').rows; };

  // The ids the rows give (M8): 王芳 with 1,280 points and 李, 雷 with none.
  const wang = importedMember({ phone: '13812345678', points: 1280 });
  const li = importedMember({ phone: '13912345678', points: 0 });

  it('[M5] creates members with their search keys and an opening balance, without an enrolment bonus', () => {
    const plan = planImport(passed(), ctx());
    expect(plan.create.map((c) => [c.member.name, c.member.phone, c.member.cardNo, c.member.initials, c.stats.points])).toEqual([
      ['王芳', '13812345678', 'VIP001', 'wf', 1280], ['李, 雷', '13912345678', makeCardNo(li.cardDigits), 'll', 0],
    ]);
    expect(plan.openings).toEqual([expect.objectContaining({ id: openingEntryId(wang.id), memberId: wang.id, kind: 'opening', points: 1280 })]);
  });

  it('[M8] the same row gives the same member, card and opening entry on every tablet, at any time; another phone or balance another', () => {
    const onA = planImport(passed(), ctx());
    const onC = planImport(passed(), { ...ctx(), now: Date.UTC(2026, 4, 3, 9), deviceId: 'tablet-c', staffId: 'st9' });
    expect(onC.create.map((c) => [c.member.id, c.member.cardNo])).toEqual(onA.create.map((c) => [c.member.id, c.member.cardNo]));
    expect(onC.openings.map((e) => [e.id, e.memberId, e.points])).toEqual([[openingEntryId(wang.id), wang.id, 1280]]);
    expect(onA.create.map((c) => c.member.id)).toEqual([wang.id, li.id]);
    expect(wang.id).toMatch(/^imp-[0-9a-f]{32}$/);
    expect(li.cardDigits).toMatch(/^\d{9}$/);
    const others = [importedMember({ phone: '13812345678', points: 1281 }), importedMember({ phone: '13812345679', points: 1280 })];
    expect(new Set([wang.id, li.id, ...others.map((o) => o.id)]).size).toBe(4);
  });

  it('[M6] re-running the file skips everyone already present, so nobody is duplicated', () => {
    const first = planImport(passed(), ctx());
    const again = planImport(passed(), ctx(first.create.map((c) => c.member)));
    expect(again.create).toEqual([]);
    expect(again.skip.map((s) => s.memberId)).toEqual([wang.id, li.id]);
    expect(again.openings).toEqual([]);
  });

  it('[M7] in update mode only fills what the member lacks, and the opening entry keeps its id', () => {
    const first = planImport(passed(), ctx());
    const present = first.create.map((c) => ({ ...c.member, birthday: null, notes: 'VIP since 2019' }));
    const again = planImport(passed(), ctx(present, 'update'));
    expect(again.update).toEqual([
      { memberId: wang.id, line: 2, changes: { birthday: '1990-05-20' } }, { memberId: li.id, line: 3, changes: { birthday: '--05-03' } },
    ]);
    expect(again.openings.map((e) => e.id)).toEqual(first.openings.map((e) => e.id));
  });
});
