import { describe, expect, it } from 'vitest';
import { checkProfile, defaultTemplate, mergeProfile } from '../../src/domain/profile-template';

const TODAY = '2026-03-10';

describe('the store\'s profile template', () => {
  it.each([
    ['mother-and-baby', 'babyBirthDate'], ['clothing', 'topSize'], ['beauty', 'skinType'], ['snacks', 'tastes'], ['general', 'occupation'],
  ] as const)('[PF1] each kind of shop starts with fields of its trade (%s asks %s)', (shop, key) => {
    expect(defaultTemplate(shop).fields.map((f) => f.key)).toContain(key);
  });
  it('[PF2] keeps filled values trimmed, leaves empty ones out and ignores keys the template does not have', () => {
    const r = checkProfile({ babyBirthDate: '2026-01-02', diaperSize: ' M ', formula: '', other: 'x' }, defaultTemplate('mother-and-baby'), TODAY);
    expect(r).toEqual({ ok: true, profile: { babyBirthDate: '2026-01-02', diaperSize: 'M' } });
  });
  it('[PF3] accepts a due date up to a year ahead; refuses a later one, a date that does not exist, a bad number, an overlong text', () => {
    const baby = defaultTemplate('mother-and-baby');
    expect(checkProfile({ babyBirthDate: '2026-09-01' }, baby, TODAY).ok).toBe(true);
    expect(checkProfile({ babyBirthDate: '2027-06-01' }, baby, TODAY)).toEqual({ ok: false, errors: [{ key: 'babyBirthDate', code: 'profile.date' }] });
    expect(checkProfile({ babyBirthDate: '2026-02-30' }, baby, TODAY).ok).toBe(false);
    const clothing = defaultTemplate('clothing');
    expect(checkProfile({ height: '17O' }, clothing, TODAY)).toEqual({ ok: false, errors: [{ key: 'height', code: 'profile.number', min: 50, max: 250 }] });
    expect(checkProfile({ style: 'x'.repeat(101) }, clothing, TODAY)).toEqual({ ok: false, errors: [{ key: 'style', code: 'profile.long', max: 100 }] });
  });
  it('[PF2] an edit replaces the template\'s fields (a cleared one goes) and keeps fields from an earlier template', () => {
    const merged = mergeProfile({ topSize: 'M', style: 'casual', babyName: 'Doudou' }, { topSize: 'L' }, defaultTemplate('clothing'));
    expect(merged).toEqual({ topSize: 'L', babyName: 'Doudou' });
  });
});
