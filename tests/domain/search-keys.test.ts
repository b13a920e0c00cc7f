import { describe, expect, it } from 'vitest';
import {
  classifyQuery, initialsAlternative, isCardNo, makeCardNo, maskPhone, nameKey, pinyinInitials, validatePhone,
} from '../../src/domain/search-keys';
import { hanInitial } from '../../src/domain/pinyin';

describe('phone numbers', () => {
  it.each([
    ['13812345678', '13812345678'], ['+86 138 1234 5678', '13812345678'], ['0086-138-1234-5678', '13812345678'],
    ['8613812345678', '13812345678'], ['１３８１２３４５６７８', '13812345678'], ['199 0000 1111', '19900001111'],
  ])('[F1] accepts %j as %s', (text, want) => {
    expect(validatePhone(text)).toEqual({ ok: true, phone: want });
  });
  it.each([
    ['', 'phone.empty'], ['138-1234-567', 'phone.length'], ['12812345678', 'phone.prefix'],
    ['1381234567a', 'phone.characters'], ['23812345678', 'phone.prefix'], ['138123456789', 'phone.length'],
  ])('[F1] refuses %j with %s', (text, code) => {
    expect(validatePhone(text)).toEqual({ ok: false, code });
  });
  it('[F1] other countries take 6 to 15 digits', () => {
    expect(validatePhone('+44 20 7946 0958', 'GB')).toEqual({ ok: true, phone: '442079460958' });
    expect(validatePhone('12345', 'GB')).toEqual({ ok: false, code: 'phone.length' });
  });
  it('[F2] masks the middle four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('2079460958')).toBe('******0958');
  });
});

describe('names', () => {
  it.each([['  张  三 ', '张 三'], ['Zoe   SMITH', 'zoe smith'], ['Ｚｏｅ', 'zoe']])('[F3] name key of %j is %j', (name, key) => {
    expect(nameKey(name)).toBe(key);
  });
  it.each([
    ['张三', 'zs'], ['李小龙', 'lxl'], ['欧阳娜娜', 'oynn'], ['曾志伟', 'zzw'], ['Zoe Smith', 'zs'], ['王 Li', 'wl'], ['123', ''],
  ])('[F6] pinyin initials of %j are %j', (name, want) => {
    expect(pinyinInitials(name)).toBe(want);
  });

  // The 100 most common surnames and the initial every cashier would type for them.
  // The 100 most common surnames with the initial every cashier would type for them.
  const SURNAMES = (
    '王w 李l 张z 刘l 陈c 杨y 黄h 赵z 吴w 周z 徐x 孙s 马m 朱z 胡h 郭g 何h 高g 林l 罗l 郑z 梁l 谢x 宋s 唐t ' +
    '许x 韩h 冯f 邓d 曹c 彭p 曾z 肖x 田t 董d 袁y 潘p 于y 蒋j 蔡c 余y 杜d 叶y 程c 苏s 魏w 吕l 丁d 任r ' +
    '沈s 姚y 卢l 姜j 崔c 钟z 谭t 陆l 汪w 范f 金j 石s 廖l 贾j 夏x 韦w 付f 方f 白b 邹z 孟m 熊x 秦q 邱q ' +
    '江j 尹y 薛x 闫y 段d 雷l 侯h 龙l 史s 陶t 黎l 贺h 顾g 毛m 郝h 龚g 邵s 万w 钱q 严y 覃q 武w 戴d 莫m 孔k 向x 汤t'
  ).split(' ').map((pair) => [pair.slice(0, 1), pair.slice(1)] as const);

  it('[F6] gives the right initial for all 100 common surnames', () => {
    expect(SURNAMES).toHaveLength(100);
    expect(SURNAMES.filter(([ch, want]) => pinyinInitials(ch) !== want).map(([ch]) => ch)).toEqual([]);
  });
  it('[F6] the collation alone gets 98 of 100 surnames; the two misses are surname readings the table corrects', () => {
    expect(SURNAMES.filter(([ch, want]) => hanInitial(ch) !== want).map(([ch]) => ch)).toEqual(['曾', '覃']);
  });
  it('[F6] a surname reading applies only to the first character (曾 in 何曾 is céng)', () => {
    expect(pinyinInitials('何曾')).toBe('hc');
  });
});

describe('card numbers', () => {
  it('[F4] makes M + 9 digits + a check digit that isCardNo accepts', () => {
    expect(makeCardNo(1)).toMatch(/^M000000001\d$/);
    for (const seq of [0, 1, 42, 999_999_999, '20260310']) expect(isCardNo(makeCardNo(seq))).toBe(true);
  });
  it('[F4] a mistyped digit fails the check', () => {
    const card = makeCardNo(12345);
    const bad = `${card.slice(0, 5)}${(Number(card[5]) + 1) % 10}${card.slice(6)}`;
    expect(isCardNo(bad)).toBe(false);
    expect(isCardNo('M12345')).toBe(false);
  });
});

describe('what the cashier typed', () => {
  const card = makeCardNo(77);
  it.each([
    ['13812345678', { kind: 'phone', value: '13812345678' }],
    ['+86 138 1234 5678', { kind: 'phone', value: '13812345678' }],
    ['5678', { kind: 'last4', value: '5678' }],
    ['13812', { kind: 'phonePrefix', value: '13812' }],
    ['1381234567', { kind: 'phonePrefix', value: '1381234567' }],
    [card.toLowerCase(), { kind: 'card', value: card }],
    ['张', { kind: 'name', value: '张' }],
    ['Zoe', { kind: 'name', value: 'zoe' }],
    ['zs', { kind: 'name', value: 'zs' }],
  ])('[F5] %j is looked up as %j', (text, want) => {
    expect(classifyQuery(text, 'CN')).toEqual(want);
  });
  it.each(['', '  ', '12', '138123456789012', '#$%'])('[F5] %j is no query', (text) => {
    expect(classifyQuery(text, 'CN')).toBeNull();
  });
  it('[F5] Latin letters are also tried as pinyin initials, so "zs" can find 张三 and "zoe" finds Zoe Smith', () => {
    const q = classifyQuery('zs', 'CN');
    expect(q && initialsAlternative(q)).toEqual({ kind: 'initials', value: 'zs' });
    expect(pinyinInitials('张三').startsWith('zs')).toBe(true);
    const zoe = classifyQuery('zoe', 'CN');
    expect(zoe).toEqual({ kind: 'name', value: 'zoe' });
    expect(nameKey('Zoe Smith').startsWith('zoe')).toBe(true);
    expect(initialsAlternative({ kind: 'name', value: 'zoe smith' })).toBeNull();
  });
});
