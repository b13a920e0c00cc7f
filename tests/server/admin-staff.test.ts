// [S25] The owner's command line manages staff as the till's staff screen does: list-staff names each
// one with their role and state; set-staff gives a new PIN, a new role, deactivates or takes back, for
// every tablet (the change is in the feed they pull), with the last active owner kept and clear errors.
// Through runAdmin (the CLI without a running server), the loopback admin route (the CLI while the server
// runs) and scripts/admin.ts itself on an embedded database.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdmin } from '../../src/server/admin-ops';
import { verifyPin } from '../../src/server/secrets';
import type { StaffPublic } from '../../src/sync/protocol';
import { api, backends, OWNER_PIN, orgWithDevice, pullAll, serverOn, T0 } from './support';

describe.each(backends)('the admin tool manages staff on $name', (backend) => {
  const s = serverOn(backend);
  const row = async (orgId: string, id: string) =>
    (await s.db.query<{ data: StaffPublic }>('SELECT data FROM staff WHERE org_id = $1 AND id = $2', [orgId, id]))[0]?.data;

  it('[S25] list-staff, then set-staff: a new PIN the server checks, a new role, deactivated and taken back, each pulled by the tablets', async () => {
    const d = await orgWithDevice(s.app, s.db);
    const { staffId: li } = await runAdmin(s.db, 'add-staff', { org: d.orgId, name: 'Li', role: 'cashier', pin: '1357' }, T0) as { staffId: string };
    expect(await runAdmin(s.db, 'list-staff', { org: d.orgId }, T0)).toEqual({ staff: expect.arrayContaining([
      { id: li, name: 'Li', role: 'cashier', active: true }, { id: d.ownerId, name: expect.any(String), role: 'owner', active: true },
    ]) });
    const { cursor } = await pullAll(s.app, d.token);
    expect(await runAdmin(s.db, 'set-staff', { org: d.orgId, staff: li, pin: '97531', role: 'manager' }, T0))
      .toEqual({ staffId: li, role: 'manager', active: true, pinChanged: true });
    const changed = await row(d.orgId, li);
    expect(changed && verifyPin('97531', changed)).toBe(true);
    expect((await api(s.app, d.token).getAs('/api/devices', { staffId: li, pin: '97531' })).statusCode).toBe(200);
    expect(await runAdmin(s.db, 'set-staff', { org: d.orgId, staff: li, active: 'no' }, T0)).toMatchObject({ active: false });
    expect((await api(s.app, d.token).getAs('/api/devices', { staffId: li, pin: '97531' })).statusCode).toBe(403);
    expect((await pullAll(s.app, d.token, cursor)).changes.filter((c) => c.id === li).at(-1)?.data).toMatchObject({ role: 'manager', active: false });
    expect(await runAdmin(s.db, 'set-staff', { org: d.orgId, staff: li, active: 'yes' }, T0)).toMatchObject({ active: true });
    expect((await row(d.orgId, li))?.active).toBe(true);
  });

  it('[S25] the last owner stays, and a bad flag, an unknown staff member or nothing to change is a clear error that changes nothing', async () => {
    const d = await orgWithDevice(s.app, s.db);
    const before = await row(d.orgId, d.ownerId);
    await expect(runAdmin(s.db, 'set-staff', { org: d.orgId, staff: d.ownerId, active: 'no' }, T0)).rejects.toThrow('The last owner can be neither demoted nor deactivated');
    await expect(runAdmin(s.db, 'set-staff', { org: d.orgId, staff: d.ownerId, role: 'cashier' }, T0)).rejects.toThrow(/last owner/);
    await expect(runAdmin(s.db, 'set-staff', { org: d.orgId, staff: d.ownerId }, T0)).rejects.toThrow('Nothing to change: give --pin, --role or --active yes|no');
    await expect(runAdmin(s.db, 'set-staff', { org: d.orgId, staff: d.ownerId, active: 'false' }, T0)).rejects.toThrow('--active is yes');
    await expect(runAdmin(s.db, 'set-staff', { org: d.orgId, staff: d.ownerId, role: 'boss' }, T0)).rejects.toThrow('--role is cashier, manager or owner');
    await expect(runAdmin(s.db, 'set-staff', { org: d.orgId, staff: d.ownerId, pin: '12' }, T0)).rejects.toThrow('A PIN is 4 to 12 digits');
    await expect(runAdmin(s.db, 'set-staff', { org: d.orgId, staff: 'nobody', pin: '5555' }, T0)).rejects.toThrow('No such staff member');
    await expect(runAdmin(s.db, 'set-staff', { org: d.orgId, pin: '5555' }, T0)).rejects.toThrow('--staff is required');
    expect(await row(d.orgId, d.ownerId)).toEqual(before);
    // A second owner may now be demoted; then the first is the last again.
    const { staffId: wang } = await runAdmin(s.db, 'add-staff', { org: d.orgId, name: 'Wang', role: 'owner', pin: OWNER_PIN }, T0) as { staffId: string };
    expect(await runAdmin(s.db, 'set-staff', { org: d.orgId, staff: d.ownerId, role: 'manager' }, T0)).toMatchObject({ role: 'manager' });
    await expect(runAdmin(s.db, 'set-staff', { org: d.orgId, staff: wang, active: 'no' }, T0)).rejects.toThrow(/last owner/);
  });
});

describe('scripts/admin.ts set-staff on an embedded database', () => {
  it('[S25] the owner changes a PIN from the command line; refusing the last owner exits 1 with the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'regulars-admin-staff-'));
    const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: '' };
    const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], { env, encoding: 'utf8' });
    try {
      const org = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', 'create-org', '--name', 'Tea', '--owner-name', 'Wang', '--owner-pin', '2468'], { env, encoding: 'utf8' }).trim()) as { orgId: string; ownerId: string };
      const refused = cli('set-staff', '--org', org.orgId, '--staff', org.ownerId, '--active', 'no');
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('The last owner can be neither demoted nor deactivated');
      const ok = cli('set-staff', '--org', org.orgId, '--staff', org.ownerId, '--pin', '8642');
      expect(ok.status).toBe(0);
      expect(JSON.parse(ok.stdout.trim())).toEqual({ staffId: org.ownerId, role: 'owner', active: true, pinChanged: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
