/**
 * Importing members from CSV (rules M4–M7 in docs/care-spec.md): a dry run that lists every row
 * it would reject and why, then a plan the repository writes in one transaction. Re-running the
 * same file creates nobody twice: members already present (by phone) are skipped or updated, and
 * an opening balance is a ledger entry with the deterministic id `opening:<memberId>`, written
 * only if absent. The same row imported on two tablets is one fact (M8): a new member's id and card
 * number are derived from the row (phone and opening balance), so both tablets make the same member
 * and the same opening entry, and the server applies them once. Pure: time comes from the caller.
 */
import type { Programme } from '../programme';
import type { Id, LedgerEntry, Member, MemberStats } from '../records';
import { points, type Points } from '../money';
import { buildEnrollment, type EnrollmentContext } from '../enrollment';
import { expiresOnFor } from '../ledger';
import { isLocalDate, localDate } from '../time';
import { validatePhone } from '../search-keys';
import { sha256Hex } from '../digest';
import { MAX_POINTS, textProblem, TEXT_MAX } from '../input-rules';
import type { CsvRow } from './csv-parse';
import type { ColumnMapping, ImportField } from './member-columns';

export interface RowProblem { field: ImportField; code: string; params?: Record<string, string | number> }
export interface RejectedRow { line: number; problems: RowProblem[] }

/** A row that passed: values normalised, ready to create or update a member. */
export interface ImportRow {
  line: number;
  name: string;
  phone: string;
  birthday: string | null;
  points: Points;
  cardNo: string | null;
  wechat: string | null;
  notes: string;
  enrolledOn: string | null;
  occupation: string | null;
}

export interface DryRun {
  rows: ImportRow[];
  rejected: RejectedRow[];
}

/** '1990-05-20', '1990/5/20', '1990.5.20', '1990年5月20日' → YYYY-MM-DD; '5-20', '5月20日' → '--MM-DD'. */
export function parseImportDate(text: string, allowNoYear: boolean): string | null {
  const t = text.normalize('NFKC').trim();
  const full = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
  const pad = (s: string | undefined): string => (s ?? '').padStart(2, '0');
  if (full) {
    const d = `${full[1]}-${pad(full[2])}-${pad(full[3])}`;
    return isLocalDate(d) ? d : null;
  }
  const md = allowNoYear ? /^(\d{1,2})[-/.月](\d{1,2})日?$/.exec(t) : null;
  if (md) return isLocalDate(`2000-${pad(md[1])}-${pad(md[2])}`) ? `--${pad(md[1])}-${pad(md[2])}` : null;
  return null;
}

/** [M4] Checks every data row (the header row excluded) and lists each problem of each rejected row. */
export function dryRun(rows: readonly CsvRow[], mapping: ColumnMapping, today: string, country: string): DryRun {
  const ok: ImportRow[] = [];
  const rejected: RejectedRow[] = [];
  const firstLineOfPhone = new Map<string, number>();
  for (const row of rows) {
    const cell = (f: ImportField): string => {
      const i = mapping[f];
      return i === null ? '' : (row.cells[i] ?? '').normalize('NFKC').trim();
    };
    const problems: RowProblem[] = [];
    // sync-protocol S23: a cell the server would refuse is refused here, with the same words.
    const texts: [ImportField, number][] = [['name', TEXT_MAX.name], ['cardNo', 64], ['wechat', 100], ['notes', TEXT_MAX.notes], ['occupation', TEXT_MAX.profileValue]];
    for (const [f, max] of texts) {
      const p = textProblem(cell(f), max);
      if (p && !(f === 'name' && p === 'text.long')) problems.push({ field: f, code: p });
    }
    const name = cell('name').replace(/\s+/g, ' ');
    if (name === '') problems.push({ field: 'name', code: 'name.empty' });
    else if ([...name].length > 50) problems.push({ field: 'name', code: 'name.long' });
    const phone = validatePhone(cell('phone'), country);
    if (!phone.ok) problems.push({ field: 'phone', code: phone.code });
    else {
      const first = firstLineOfPhone.get(phone.phone);
      if (first !== undefined) problems.push({ field: 'phone', code: 'phone.duplicate-in-file', params: { line: first } });
      else firstLineOfPhone.set(phone.phone, row.line);
    }
    let birthday: string | null = null;
    if (cell('birthday') !== '') {
      birthday = parseImportDate(cell('birthday'), true);
      if (birthday === null || (!birthday.startsWith('--') && (birthday > today || birthday < '1900-01-01'))) {
        problems.push({ field: 'birthday', code: 'birthday.invalid' });
      }
    }
    let enrolledOn: string | null = null;
    if (cell('enrolledOn') !== '') {
      enrolledOn = parseImportDate(cell('enrolledOn'), false);
      if (enrolledOn === null || enrolledOn > today) problems.push({ field: 'enrolledOn', code: 'enrolledOn.invalid' });
    }
    let pts = 0;
    const rawPoints = cell('points').replace(/[,\s]/g, '');
    if (rawPoints !== '') {
      if (!/^-?\d+$/.test(rawPoints) || !Number.isSafeInteger(Number(rawPoints))) problems.push({ field: 'points', code: 'points.invalid' });
      else if (Number(rawPoints) < 0) problems.push({ field: 'points', code: 'points.negative' });
      else if (Number(rawPoints) > MAX_POINTS) problems.push({ field: 'points', code: 'points.tooLarge', params: { max: MAX_POINTS } });
      else pts = Number(rawPoints);
    }
    if (problems.length > 0 || !phone.ok) {
      rejected.push({ line: row.line, problems });
      continue;
    }
    ok.push({
      line: row.line, name, phone: phone.phone, birthday, points: points(pts), cardNo: cell('cardNo') || null,
      wechat: cell('wechat') || null, notes: cell('notes'), enrolledOn, occupation: cell('occupation') || null,
    });
  }
  return { rows: ok, rejected };
}

/** What an enrolment needs, except the member's id and card digits, which the row gives (M8). */
export interface ImportContext extends Omit<EnrollmentContext, 'cardSeq'> {
  /** Members already on the device, by phone (national digits). */
  existingByPhone: ReadonlyMap<string, Member>;
  /** 'skip': leave them as they are; 'update': fill in what the file has and they lack. */
  whenPresent: 'skip' | 'update';
}

export interface ImportPlan {
  create: { member: Member; stats: MemberStats }[];
  update: { memberId: Id; line: number; changes: Partial<Pick<Member, 'name' | 'birthday' | 'wechat' | 'notes' | 'profile'>> }[];
  skip: { memberId: Id; line: number }[];
  /** Opening balances: write each only if no entry with its id exists. */
  openings: LedgerEntry[];
}

export const openingEntryId = (memberId: Id): Id => `opening:${memberId}`;

/**
 * [M8] The identity of an imported person: the same phone (national digits) with the same opening
 * balance is the same fact on every tablet, whichever file or tablet it came from. Not the file's own
 * bytes: the same export saved again, or with rows added, must not make anyone twice.
 */
export function importedMember(row: { phone: string; points: number }): { id: Id; cardDigits: string } {
  const key = sha256Hex(`regulars/member-import/v1\n${row.phone}\n${row.points}`);
  return { id: `imp-${key.slice(0, 32)}`, cardDigits: String(Number.parseInt(key.slice(32, 40), 16) % 1_000_000_000).padStart(9, '0') };
}

/** [M5] The plan for rows that passed the dry run. */
export function planImport(rows: readonly ImportRow[], ctx: ImportContext): ImportPlan {
  const plan: ImportPlan = { create: [], update: [], skip: [], openings: [] };
  const noBonus: Programme = { ...ctx.programme, bonus: { ...ctx.programme.bonus, enroll: 0 } };
  const today = localDate(ctx.now, ctx.timeZone);
  const opening = (memberId: Id, pts: Points): void => {
    if (pts <= 0) return;
    plan.openings.push({
      id: openingEntryId(memberId), memberId, kind: 'opening', points: pts, at: ctx.now, sourceId: null, reason: 'import',
      note: '', staffId: ctx.staffId, deviceId: ctx.deviceId, expiresOn: expiresOnFor(today, ctx.programme),
    });
  };
  for (const row of rows) {
    const present = ctx.existingByPhone.get(row.phone);
    if (present) {
      if (ctx.whenPresent === 'skip') {
        plan.skip.push({ memberId: present.id, line: row.line });
        continue;
      }
      const changes: ImportPlan['update'][number]['changes'] = {};
      if (present.birthday === null && row.birthday !== null) changes.birthday = row.birthday;
      if (present.wechat === null && row.wechat !== null) changes.wechat = row.wechat;
      if (present.notes === '' && row.notes !== '') changes.notes = row.notes;
      if (row.occupation !== null && !present.profile.occupation) changes.profile = { ...present.profile, occupation: row.occupation };
      plan.update.push({ memberId: present.id, line: row.line, changes });
      opening(present.id, row.points);
      continue;
    }
    const same = importedMember(row);
    let idTaken = false;
    const ids = (): Id => {
      if (idTaken) return ctx.ids();
      idTaken = true;
      return same.id;
    };
    const built = buildEnrollment({
      name: row.name, phone: row.phone, birthday: row.birthday, wechat: row.wechat, referredBy: null, consent: false,
      notes: row.notes, profile: row.occupation ? { occupation: row.occupation } : {},
    }, { ...ctx, ids, programme: noBonus, cardSeq: same.cardDigits });
    if (!built.ok) throw new Error(`Row ${row.line} passed the dry run but not enrolment: ${built.errors.map((e) => e.code).join(', ')}`);
    const member: Member = {
      ...built.member, cardNo: row.cardNo ?? built.member.cardNo, enrolledOn: row.enrolledOn ?? built.member.enrolledOn,
    };
    plan.create.push({ member, stats: { ...built.stats, points: row.points, pendingPoints: row.points } });
    opening(member.id, row.points);
  }
  return plan;
}
