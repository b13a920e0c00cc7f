/**
 * The zod schemas that validate every request on the server (S3) and generate its OpenAPI
 * document. Server-only: the till imports the plain types and constants from protocol.ts.
 */
import { z } from 'zod';
import { allTextClean, hasBadCharacter, TEXT_MAX } from '../domain/input-rules';
import { MUTATION_KINDS } from './protocol';

/** Text under the text rule (S23, src/domain/input-rules.ts); the character check comes first, so it names the problem. */
export const text = (max: number) => z.string()
  .refine((s) => !hasBadCharacter(s), { message: 'has a NUL or a broken character (half of an emoji)', params: { rule: 'invalid_text' } })
  .max(max);
const id = text(TEXT_MAX.id).min(1);
const int = z.number().int().safe();

export const pairRequestSchema = z.object({
  code: text(32).min(4),
  deviceName: text(TEXT_MAX.name).min(1),
}).strict();

/** The envelope is validated strictly (a malformed request writes nothing, S3); the content of each
 *  mutation is checked against the rules when applied and a bad one is rejected, not refused (S8). */
export const mutationEnvelopeSchema = z.object({
  kind: z.enum(MUTATION_KINDS),
  id,
  at: z.number(),
}).loose();

export const pushRequestSchema = z.object({
  deviceId: id,
  batch: z.array(z.object({ seq: int.positive(), mutation: mutationEnvelopeSchema }).strict()).min(1).max(500),
  /** S21: the device's outbox size, this batch included. */
  pending: int.nonnegative().optional(),
}).strict();

export const pullQuerySchema = z.object({
  cursor: z.string().regex(/^\d{1,15}$/).default('0'),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
  /** S21: the device's outbox size as it pulls (kept as what it held when last seen). */
  pending: z.coerce.number().int().min(0).max(1_000_000_000).optional(),
}).strict();

export const membersQuerySchema = z.object({
  after: text(TEXT_MAX.id).default(''),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
  /** C-S18: the tablet's pairing cursor; each member then carries `past`, their purchases from before it. */
  since: z.string().regex(/^\d{1,15}$/).optional(),
}).strict();

/** C-S18: `GET /api/history?since=`: the organisation's sales and points flow from before a pairing cursor. */
export const historyQuerySchema = z.object({
  since: z.string().regex(/^\d{1,15}$/),
}).strict();

export const programmePutSchema = z.object({
  staffId: id,
  pin: text(12).min(4),
  /** The programme configuration (src/domain's programme), validated by the engine; its texts keep the text rule (S23). */
  config: z.record(z.string(), z.unknown()).refine(allTextClean, 'a text has a NUL or a broken character (half of an emoji)'),
}).strict();
export type ProgrammePut = z.infer<typeof programmePutSchema>;

/** S24: a new version of one of the shop's settings, by a manager or owner with their PIN. */
export const settingPutSchema = z.object({
  staffId: id,
  pin: text(12).min(4),
  key: z.enum(['careSettings', 'careCalendar', 'careTemplates']),
  /** Checked by the domain's `shopConfigProblem` (400 `invalid_setting`); its texts keep the text rule (S23). */
  value: z.unknown().refine(allTextClean, 'a text has a NUL or a broken character (half of an emoji)'),
}).strict();
export type SettingPut = z.infer<typeof settingPutSchema>;
