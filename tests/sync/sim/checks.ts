/**
 * The simulation's end state, with every tablet fully synced: what an owner would check.
 * Returns a list of problems (empty when all is well), so a failing seed says what went wrong.
 */
import type { SimOrg, SimServer } from './server';
import type { Tablet } from './tablet';

export async function convergenceProblems(server: SimServer, org: SimOrg, tablets: Tablet[], madeSales: string[]): Promise<string[]> {
  const problems: string[] = [];
  const q = server.db.query.bind(server.db);
  const serverSales = new Set((await q<{ id: string }>('SELECT id FROM sales WHERE org_id = $1', [org.orgId])).map((r) => r.id));
  for (const s of madeSales) if (!serverSales.has(s)) problems.push(`sale ${s} is missing on the server`);
  if (serverSales.size !== madeSales.length) problems.push(`server has ${serverSales.size} sales, ${madeSales.length} were made`);

  const ledger = await q<{ member_id: string; total: string }>('SELECT member_id, SUM(points)::text AS total FROM ledger WHERE org_id = $1 GROUP BY member_id', [org.orgId]);
  const serverPoints = new Map(ledger.map((r) => [r.member_id, Number(r.total)]));
  const stats = await q<{ member_id: string; points: number }>('SELECT member_id, points FROM member_stats WHERE org_id = $1', [org.orgId]);
  for (const s of stats) {
    if ((serverPoints.get(s.member_id) ?? 0) !== Number(s.points)) problems.push(`server: member ${s.member_id} kept ${s.points} points, ledger sums ${serverPoints.get(s.member_id) ?? 0}`);
  }
  const live = await q<{ id: string }>('SELECT id FROM members WHERE org_id = $1 AND merged_into IS NULL', [org.orgId]);

  for (const t of tablets) {
    const tag = t.name;
    const outbox = await t.repos.outbox.count();
    if (outbox !== 0) problems.push(`${tag}: ${outbox} outbox rows left`);
    const sales = await t.db.sales.toCollection().primaryKeys();
    if (sales.length !== serverSales.size || sales.some((id) => !serverSales.has(id))) problems.push(`${tag}: has ${sales.length} sales, the server ${serverSales.size}`);
    for (const { id } of live) {
      const hit = await t.repos.members.get(id);
      if (!hit) { problems.push(`${tag}: member ${id} missing`); continue; }
      const check = await t.repos.members.verifyStats(id);
      const want = serverPoints.get(id) ?? 0;
      if (!check.ok) problems.push(`${tag}: member ${id} kept ${check.cachedPoints} points, its ledger sums ${check.ledgerPoints}`);
      if (check.ledgerPoints !== want) problems.push(`${tag}: member ${id} has ${check.ledgerPoints} points, the server ${want}`);
    }
    const localLive = (await t.db.members.toArray()).filter((m) => !m.mergedInto);
    if (localLive.length !== live.length) problems.push(`${tag}: ${localLive.length} live members, the server ${live.length}`);
    const phones = new Set(localLive.map((m) => m.phone));
    if (phones.size !== localLive.length) problems.push(`${tag}: two live members share a phone`);
    // C-S15: the only rejection a cashier can cause here is two offline tablets returning the same items;
    // the tablet keeps the return, cancels its points (checked above with the balances) and lists it.
    const rejections = t.engine.status().rejections;
    const unexpected = rejections.filter((r) => r.code !== 'return_exceeds_sale');
    if (unexpected.length > 0) problems.push(`${tag}: server rejected ${unexpected.map((r) => `${r.kind} ${r.code}: ${r.message}`).join('; ')}`);
    const kept = new Set((await t.store.rejections()).map((r) => r.mutationId));
    for (const r of rejections) if (!kept.has(r.mutationId)) problems.push(`${tag}: rejection of ${r.mutationId} not kept on the tablet`);
  }
  const serverRejected = await q<{ device_id: string; mutation_id: string }>('SELECT device_id, mutation_id FROM rejections WHERE org_id = $1', [org.orgId]);
  for (const r of serverRejected) {
    const t = tablets.find((x) => x.deviceId === r.device_id);
    if (t && !(await t.store.rejections()).some((x) => x.mutationId === r.mutation_id)) problems.push(`${t.name}: the server rejected ${r.mutation_id}, the tablet does not list it`);
  }
  return problems;
}
