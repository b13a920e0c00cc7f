import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES, offerText, renderMessage, smsHref, templateIssues, type MessageData, type MessageTemplate } from '../../../src/domain/care/messages';
import type { Cents, Points } from '../../../src/domain/money';

const data = (over: Partial<MessageData> = {}): MessageData => ({
  member: { name: '王芳', doNotDisturb: false }, storeName: '小林童装', tierName: '金卡', points: 1280 as Points,
  expiring: { points: 200 as Points, expiresOn: '2026-12-31' }, birthdayCoupon: { percentOff: 30, amountOff: null }, ...over,
});
const tpl = (zh: string, en = zh): MessageTemplate => ({ id: 't', kind: null, text: { 'zh-CN': zh, en } });
const byId = (id: string): MessageTemplate => {
  const t = DEFAULT_TEMPLATES.find((x) => x.id === id);
  if (!t) throw new Error(id);
  return t;
};

describe('care messages', () => {
  it('[C30] writes the birthday message for this member, saying who the store is', () => {
    expect(renderMessage(byId('birthday'), data(), 'zh-CN')).toEqual({ ok: true, text: '王芳，祝您生日快乐！我是小林童装，生日当月来店可享7折，同行的朋友也一样。' });
    const en = renderMessage(byId('birthday'), data({ member: { name: 'Ann', doNotDisturb: false }, storeName: 'Lin Kids' }), 'en');
    expect(en).toEqual({ ok: true, text: 'Happy birthday, Ann! From all of us at Lin Kids: this month you get 30% off, and so do friends shopping with you.' });
  });

  it('[C30] fills expiring points and their date', () => {
    const r = renderMessage(byId('points-expiring'), data(), 'zh-CN');
    expect(r.ok && r.text).toBe('王芳您好，我是小林童装。您有200积分将于2026-12-31到期，欢迎来店使用。');
  });

  it('[C32] never writes to a do-not-disturb member', () => {
    expect(renderMessage(byId('birthday'), data({ member: { name: '王芳', doNotDisturb: true } }), 'zh-CN'))
      .toEqual({ ok: false, refusal: { code: 'do-not-disturb' } });
  });

  it('[C30] refuses when a field the text needs is unknown for this member', () => {
    expect(renderMessage(byId('birthday'), data({ birthdayCoupon: null }), 'en')).toEqual({ ok: false, refusal: { code: 'missing-field', field: 'birthdayOffer' } });
    expect(renderMessage(byId('win-back'), data({ tierName: null }), 'en')).toMatchObject({ ok: false, refusal: { field: 'tier' } });
  });

  it('[C31] flags a template that would say the same to everyone, and one that does not name the store', () => {
    expect(templateIssues(tpl('中秋快乐！{store}祝您阖家团圆'))).toEqual([
      { code: 'not-personal', locale: 'zh-CN' }, { code: 'not-personal', locale: 'en' },
    ]);
    expect(templateIssues(tpl('{name}，中秋快乐！'))).toEqual([
      { code: 'no-store-name', locale: 'zh-CN' }, { code: 'no-store-name', locale: 'en' },
    ]);
    for (const t of DEFAULT_TEMPLATES) expect(templateIssues(t)).toEqual([]);
  });

  it('[C31] refuses to render a template with an unknown field or an empty text', () => {
    expect(renderMessage(tpl('{name} {nickname} {store}'), data(), 'zh-CN')).toMatchObject({
      ok: false, refusal: { code: 'invalid-template', issues: [{ code: 'unknown-field', field: 'nickname' }] },
    });
    expect(renderMessage(tpl('{name}{store}', ' '), data(), 'en')).toMatchObject({ ok: false, refusal: { code: 'invalid-template' } });
  });

  it.each([
    [{ percentOff: 30, amountOff: null }, '7折', '30% off'], [{ percentOff: 15, amountOff: null }, '8.5折', '15% off'],
    [{ percentOff: null, amountOff: 2050 as Cents }, '立减¥20.50', '¥20.50 off'],
  ])('[C33] offer %j reads %s / %s', (c, zh, en) => {
    expect(offerText(c, 'zh-CN')).toBe(zh);
    expect(offerText(c, 'en')).toBe(en);
  });

  it('[C34] opens an SMS with the text as its body', () => {
    expect(smsHref('138 1234 5678', '王芳 生日快乐 & 7折')).toBe(`sms:13812345678?body=${encodeURIComponent('王芳 生日快乐 & 7折')}`);
    expect(smsHref('call me', 'x')).toBeNull();
  });
});
