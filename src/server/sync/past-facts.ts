/**
 * C-S18: which facts are "the past" of a tablet paired at cursor `since`, as SQL fragments shared by
 * the members page (bootstrap.ts) and the organisation's history (history.ts).
 *
 * A sale, return or ledger entry is past when none of its changes in the feed is after `since`: a
 * fact with a change after it (a new fact, or one a merge re-pointed) reaches the tablet by the pull,
 * so counting it here too would count it twice. The facts changed after `since` are a short index
 * range of the feed's primary key (org_id, seq) — the tablet paired moments ago — read once into
 * `later` and anti-joined to the fact tables; no fact is looked up in the feed one by one.
 */

/** The CTE `later` (entity, entity_id): the facts changed after the cursor given as SQL parameter `param`. */
export const LATER_FACTS = (param: string): string =>
  `later AS MATERIALIZED (
       SELECT entity, entity_id FROM changes
       WHERE org_id = $1 AND seq > ${param}::bigint AND entity IN ('sale', 'return', 'ledger'))`;

/**
 * True when the fact `idExpr` of kind `entity` has no change after the cursor (needs `later`).
 * Written NOT IN (entity_id is never null) so the planner makes it a hashed subplan: `later` read once
 * into a hash table, each fact one probe. As NOT EXISTS the planner, which cannot estimate how many
 * rows of the CTE are of each entity (it guessed 1), chose a nested loop over `later` for every sale
 * of the page: 100 ms → 400 ms for a page of 1,000 members with 10 sales each.
 */
export const notLater = (entity: 'sale' | 'return' | 'ledger', idExpr: string): string =>
  `${idExpr} NOT IN (SELECT entity_id FROM later WHERE entity = '${entity}')`;

/**
 * [I6] A sale counts (as a ticket and as a purchase) unless its returns refunded it in full: the SQL
 * form of `netOf` (domain/insights/summaries.ts): net = total − refunded counts when it is positive,
 * and a sale of 0 with nothing refunded counts too.
 */
export const COUNTS_AS_PURCHASE = (total: string, refunded: string): string =>
  `((${total}) - (${refunded}) > 0 OR ((${total}) = 0 AND (${refunded}) = 0))`;
