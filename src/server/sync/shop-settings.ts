/**
 * [S24] The shop's settings — care settings, the care calendar, message templates (care-spec C1a) —
 * are the organisation's, not a tablet's: versioned per key on the server like the programme (S16).
 * A manager or owner saves one (S19: staff id and PIN, checked here); the value is checked by the
 * domain's `shopConfigProblem` (400 `invalid_setting`, nothing written); the next version, its audit
 * entry and their changes are one transaction under the organisation's lock. Every device pulls the
 * `setting` and `audit` changes; pairing and GET /api/setup carry the current value of each key.
 */
import { shopConfigProblem } from '../../domain/care/shop-config';
import type { AuditEntry } from '../../domain/records';
import type { ShopSetting } from '../../sync/protocol';
import type { SettingPut } from '../../sync/protocol-schemas';
import { json, type Db, type Queryable } from '../storage/db';
import { ApiFailure } from '../errors';
import type { DeviceContext } from '../device-context';
import { appendChanges, lockOrg } from './change-feed';
import { checkEditor } from './programme';

export interface SettingSaved {
  setting: ShopSetting;
  audit: AuditEntry;
}

/** The same id on the server and on every device (the audit list shows it once). */
const settingAuditId = (key: string, version: number): string => `setting-${key}-v${version}`;

/** The newest version of each key the shop has saved. */
export async function currentShopSettings(q: Queryable, orgId: string): Promise<ShopSetting[]> {
  const rows = await q.query<{ key: ShopSetting['key']; version: number; value: unknown; created_at: number; created_by: string | null }>(
    `SELECT DISTINCT ON (key) key, version, value, created_at, created_by FROM shop_settings WHERE org_id = $1 ORDER BY key, version DESC`, [orgId]);
  return rows.map((r) => ({ key: r.key, version: Number(r.version), value: r.value, createdAt: Number(r.created_at), createdBy: r.created_by }));
}

export async function putShopSetting(db: Db, ctx: DeviceContext, body: SettingPut, now: number): Promise<SettingSaved> {
  const editor = await checkEditor(db, ctx.orgId, body.staffId, body.pin, 'the shop\'s settings');
  const problem = shopConfigProblem(body.key, body.value);
  if (problem !== null) throw new ApiFailure(400, 'invalid_setting', `${problem}. Nothing was changed.`);
  return db.transaction(async (tx) => {
    await lockOrg(tx, ctx.orgId);
    const last = await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM shop_settings WHERE org_id = $1 AND key = $2', [ctx.orgId, body.key]);
    const version = Number(last[0]?.v ?? 0) + 1;
    const setting: ShopSetting = { key: body.key, version, value: body.value, createdAt: now, createdBy: editor.id };
    const audit: AuditEntry = {
      id: settingAuditId(body.key, version), at: now, staffId: editor.id, deviceId: ctx.deviceId,
      action: 'care-settings', subjectId: String(version), detail: body.key,
    };
    await tx.query('INSERT INTO shop_settings (org_id, key, version, value, created_at, created_by) VALUES ($1, $2, $3, $4::jsonb, $5, $6)',
      [ctx.orgId, body.key, version, json(body.value), now, editor.id]);
    await tx.query('INSERT INTO audit (org_id, id, data) VALUES ($1, $2, $3::jsonb)', [ctx.orgId, audit.id, json(audit)]);
    await appendChanges(tx, ctx.orgId, [
      { entity: 'setting', id: body.key, data: setting },
      { entity: 'audit', id: audit.id, data: audit },
    ]);
    return { setting, audit };
  });
}
