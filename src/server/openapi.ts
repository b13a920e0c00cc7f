/**
 * The OpenAPI document, generated from the same zod schemas that validate the requests
 * (src/sync/protocol.ts and sync/mutation-schemas.ts), so the documentation cannot drift.
 */
import { z } from 'zod';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, SCHEMA_HEADER } from '../sync/protocol';
import {
  historyQuerySchema, membersQuerySchema, pairRequestSchema, programmePutSchema, pullQuerySchema, pushRequestSchema, settingPutSchema,
} from '../sync/protocol-schemas';
import { mutationSchema } from './sync/mutation-schemas';

type Schema = Record<string, unknown>;
const js = (s: z.ZodType): Schema => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Schema;

const errorRef = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const body = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: js(s) } } });

function queryParams(s: z.ZodObject): Schema[] {
  const doc = js(s);
  const props = (doc.properties ?? {}) as Record<string, Schema>;
  const required = new Set((doc.required ?? []) as string[]);
  return Object.entries(props).map(([name, schema]) => ({ name, in: 'query', required: required.has(name), schema }));
}

const versionHeaders = [
  { name: PROTOCOL_HEADER, in: 'header', required: true, schema: { type: 'integer' } },
  { name: SCHEMA_HEADER, in: 'header', required: true, schema: { type: 'integer' } },
];

function op(summary: string, extra: Schema = {}, auth = true): Schema {
  return {
    summary,
    parameters: [...versionHeaders, ...((extra.parameters as Schema[] | undefined) ?? [])],
    ...(extra.requestBody ? { requestBody: extra.requestBody } : {}),
    ...(auth ? { security: [{ device: [] }] } : {}),
    responses: { 200: ok('OK'), '4XX': { description: 'Refused: { code, message }', ...errorRef }, 426: { description: 'client_outdated', ...errorRef } },
  };
}

export function openApiDocument(): Schema {
  return {
    openapi: '3.1.0',
    info: { title: 'Regulars sync API', version: String(PROTOCOL_VERSION), description: 'Rules S1... in docs/sync-protocol.md' },
    components: {
      securitySchemes: { device: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, expectedSeq: { type: 'integer' } } },
        Mutation: js(mutationSchema),
      },
    },
    paths: {
      '/api/health': { get: { summary: 'Liveness and storage kind', responses: { 200: ok('OK') } } },
      '/api/pair': { post: op('Pair a tablet with a one-time code', { requestBody: body(pairRequestSchema) }, false) },
      '/api/push': { post: op('Push outbox mutations (S4-S8)', { requestBody: body(pushRequestSchema) }) },
      '/api/pull': { get: op('Changes after a cursor (S5)', { parameters: queryParams(pullQuerySchema) }) },
      '/api/members': { get: op('Member bootstrap, paged by id (S12); with `since`, each member\'s purchases from before it (C-S18)', { parameters: queryParams(membersQuerySchema) }) },
      '/api/history': { get: op('The organisation\'s sales per day and points flow per 15 minutes from before a pairing cursor (C-S18)', { parameters: queryParams(historyQuerySchema) }) },
      '/api/setup': { get: op('Store, staff, programme versions and last seq for a re-download (SH5)') },
      '/api/programme': {
        get: op('The current programme version'),
        put: op('Add a programme version (a manager or owner with their PIN, S16, S19)', { requestBody: body(programmePutSchema) }),
      },
      '/api/settings': { put: op('Add a version of one of the shop\'s settings: care settings, calendar, templates (a manager or owner with their PIN, S24)', { requestBody: body(settingPutSchema) }) },
      '/api/rejections': { get: op('Rejected mutations (S8); a manager or owner only: x-regulars-staff and x-regulars-pin (S20)') },
      '/api/devices': { get: op('The organisation\'s tablets: last seen and unsynced changes then (S21); a manager or owner only (S20)') },
      '/api/exceptions': { get: op('Overdrafts, points mismatches, duplicates (S10, S11, S15); a manager or owner only (S20)') },
      '/api/staff/{id}': { put: op('A staff member\'s role, state or PIN; the owner only (S25)') },
    },
  };
}
