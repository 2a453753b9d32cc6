import type { estypes } from '@elastic/elasticsearch';

/**
 * nameKeyPrefixes (customer-search.ts) in Painless: every prefix of nameSort, by code point (a
 * prefix never ends between the two halves of a surrogate pair).
 */
const NAME_PREFIXES_SCRIPT = `
String key = ctx._source.nameSort;
List prefixes = new ArrayList();
for (int end = 1; end <= key.length(); end++) {
  if (end < key.length() && Character.isHighSurrogate(key.charAt(end - 1))) continue;
  prefixes.add(key.substring(0, end));
}
ctx._source.namePrefixes = prefixes;
`.trim();

/**
 * Gives customers written before ranked search their `namePrefixes`, in place. Run at every
 * start under the migration lock; once done it matches nothing. A document changed while it
 * runs is skipped (`conflicts: proceed`): the write that changed it stored the field.
 */
export function namePrefixesBackfill(index: string): estypes.UpdateByQueryRequest {
  return {
    index,
    query: { bool: { must_not: [{ exists: { field: 'namePrefixes' } }] } },
    script: { lang: 'painless', source: NAME_PREFIXES_SCRIPT },
    conflicts: 'proceed',
    refresh: true,
    wait_for_completion: true,
  };
}
