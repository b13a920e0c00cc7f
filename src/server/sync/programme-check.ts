/**
 * Validates a programme configuration before it is stored. Delegates to the domain engine's
 * validator when src/domain offers one; until then only the shape (a JSON object) is checked.
 */
export function validateProgrammeConfig(config: Record<string, unknown>): string | null {
  if (Object.keys(config).length === 0) return 'The programme is empty';
  return null;
}
