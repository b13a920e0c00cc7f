/**
 * Exports a CSV file (I1): a manager's PIN first (the shell's prompt), then an audit entry (ids and
 * counts only, never personal data), then the download. Cancelled: nothing is written or saved.
 */
import { askManager } from '../../app/ui/manager-pin';
import type { Repositories } from '../../db/repositories';

export interface ExportArgs {
  repos: Repositories;
  deviceId: string;
  now: () => number;
  newId: () => string;
  /** What was exported, for the audit list: 'insights:pareto', 'members:filtered'. */
  subject: string;
  fileName: string;
  /** Builds the file after the manager approved (a filtered list is read only then). */
  build: () => Promise<{ csv: string; rows: number }>;
}

/** Resolves true when exported, false when no manager approved. */
export async function exportCsv(a: ExportArgs): Promise<boolean> {
  const manager = await askManager('export');
  if (!manager) return false;
  const { csv, rows } = await a.build();
  await a.repos.audit.append({
    id: a.newId(), at: a.now(), staffId: manager.id, deviceId: a.deviceId, action: 'export', subjectId: null,
    detail: `${a.subject} rows=${rows}`,
  });
  download(a.fileName, csv);
  return true;
}

function download(fileName: string, csv: string): void {
  if (typeof URL.createObjectURL !== 'function') return; // jsdom: the audit entry is what tests check
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
