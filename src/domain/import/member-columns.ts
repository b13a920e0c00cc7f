/**
 * Which CSV column holds which member field, guessed from the header row in Chinese or English
 * (rule M3 in docs/care-spec.md); the manager confirms or changes the guess before the dry run.
 */

export const IMPORT_FIELDS = ['name', 'phone', 'birthday', 'points', 'cardNo', 'wechat', 'notes', 'enrolledOn', 'occupation'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Column index per field; null when the file has no such column. */
export type ColumnMapping = Record<ImportField, number | null>;

const HEADERS: Record<ImportField, string[]> = {
  name: ['姓名', '名字', '会员姓名', '客户姓名', '会员名称', '顾客姓名', 'name', 'fullname', 'customername', 'membername'],
  phone: ['手机', '手机号', '手机号码', '电话', '电话号码', '联系电话', '联系方式', 'phone', 'mobile', 'tel', 'telephone', 'cell', 'phonenumber', 'mobilephone'],
  birthday: ['生日', '出生日期', '生日日期', '出生年月日', 'birthday', 'birthdate', 'dob', 'dateofbirth'],
  points: ['积分', '当前积分', '可用积分', '积分余额', '剩余积分', 'points', 'pointbalance', 'pointsbalance', 'balance'],
  cardNo: ['卡号', '会员卡号', '会员编号', '会员号', 'card', 'cardno', 'cardnumber', 'memberno', 'membernumber'],
  wechat: ['微信', '微信号', 'wechat', 'weixin', 'wechatid'],
  notes: ['备注', '说明', 'notes', 'note', 'remarks', 'comment'],
  enrolledOn: ['入会日期', '注册日期', '开卡日期', '入会时间', '注册时间', 'joined', 'enrolled', 'joindate', 'enrolledon', 'since'],
  occupation: ['职业', '工作', 'occupation', 'job', 'profession'],
};

/** Lower case, full-width folded, without spaces, punctuation or a trailing "(必填)" style remark. */
export function normaliseHeader(h: string): string {
  return h.normalize('NFKC').toLowerCase().replace(/[(（][^)）]*[)）]/g, '').replace(/[\s_\-.:：*#/]/g, '');
}

/** [M3] Guesses the mapping: exact header names first, then headers that contain a known name. */
export function guessMapping(headers: readonly string[]): ColumnMapping {
  const norm = headers.map(normaliseHeader);
  const mapping = Object.fromEntries(IMPORT_FIELDS.map((f) => [f, null])) as ColumnMapping;
  const taken = new Set<number>();
  const pass = (match: (header: string, known: string) => boolean): void => {
    for (const field of IMPORT_FIELDS) {
      if (mapping[field] !== null) continue;
      const idx = norm.findIndex((h, i) => !taken.has(i) && h !== '' && HEADERS[field].some((k) => match(h, k)));
      if (idx >= 0) {
        mapping[field] = idx;
        taken.add(idx);
      }
    }
  };
  pass((h, k) => h === k);
  // Only Chinese names are matched inside longer headers ("会员手机号码"); short English words would misfire.
  pass((h, k) => /\p{Script=Han}/u.test(k) && h.includes(k));
  return mapping;
}

/** [M3] A mapping the import can use: name and phone present, no column used twice, all in range. */
export function mappingProblems(m: ColumnMapping, columnCount: number): string[] {
  const problems: string[] = [];
  if (m.name === null) problems.push('mapping.name-missing');
  if (m.phone === null) problems.push('mapping.phone-missing');
  const used = IMPORT_FIELDS.map((f) => m[f]).filter((i): i is number => i !== null);
  if (used.some((i) => !Number.isInteger(i) || i < 0 || i >= columnCount)) problems.push('mapping.out-of-range');
  if (new Set(used).size !== used.length) problems.push('mapping.column-twice');
  return problems;
}
