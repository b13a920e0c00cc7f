/**
 * Pinyin initials without a dictionary. Under the pinyin collation ('zh-CN-u-co-pinyin', in ICU
 * since Node 13 and in every Chromium) Han characters sort by their reading, so the initial of
 * a character is the last letter whose first character sorts at or before it. Each boundary
 * below is the first common character read with that letter (there are none for i, u, v).
 * Known limits (docs/loyalty-spec.md, search): characters with several readings get the
 * collation's main reading; for a name's first character (the surname) a short table of
 * surname readings corrects the usual ones (曾 zēng, not céng; 覃 qín, not tán).
 */
const BOUNDARIES: ReadonlyArray<readonly [string, string]> = [
  ['a', '阿'], ['b', '八'], ['c', '嚓'], ['d', '哒'], ['e', '妸'], ['f', '发'], ['g', '旮'], ['h', '哈'],
  ['j', '讥'], ['k', '咔'], ['l', '垃'], ['m', '妈'], ['n', '拏'], ['o', '噢'], ['p', '妑'], ['q', '七'],
  ['r', '呥'], ['s', '仨'], ['t', '他'], ['w', '屲'], ['x', '夕'], ['y', '丫'], ['z', '帀'],
];

/** Surnames whose surname reading differs from the character's common reading. */
const SURNAME_READING: Readonly<Record<string, string>> = {
  曾: 'z', 覃: 'q', 单: 's', 仇: 'q', 解: 'x', 区: 'o', 查: 'z', 朴: 'p', 尉: 'y', 缪: 'm', 乐: 'y', 召: 's',
};

const HAN = /\p{Script=Han}/u;
let collator: Intl.Collator | null = null;

function pinyinCollator(): Intl.Collator {
  collator ??= new Intl.Collator('zh-CN-u-co-pinyin');
  return collator;
}

export function isHan(ch: string): boolean {
  return HAN.test(ch);
}

/** The initial letter of one Han character, or '' when it sorts before every boundary. */
export function hanInitial(ch: string): string {
  const c = pinyinCollator();
  let found = '';
  for (const [letter, first] of BOUNDARIES) {
    if (c.compare(ch, first) >= 0) found = letter;
    else break;
  }
  return found;
}

/**
 * '张三' → 'zs'. Latin words give their first letters ('Zoe Smith' → 'zs'), digits and marks
 * are skipped, so a mixed name like '小Li' gives 'xl'.
 */
export function pinyinInitials(name: string): string {
  const text = name.normalize('NFKC').trim();
  let out = '';
  let inLatinWord = false;
  let first = true;
  for (const ch of text) {
    if (isHan(ch)) {
      out += (first ? SURNAME_READING[ch] : undefined) ?? hanInitial(ch);
      inLatinWord = false;
      first = false;
    } else if (/\p{L}/u.test(ch)) {
      if (!inLatinWord) out += ch.toLowerCase().normalize('NFD').charAt(0);
      inLatinWord = true;
      first = false;
    } else {
      inLatinWord = false;
    }
  }
  return out.replace(/[^a-z]/g, '');
}
