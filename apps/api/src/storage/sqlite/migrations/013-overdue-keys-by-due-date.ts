import type { Migration } from '../migrations.js';

/**
 * Overdue notifications' dedupe keys were `overdue:<customer id>:<due date>`; they are now
 * `overdue:<due date>:<customer id>`, so that a scan (which goes through due dates in order)
 * appends to the unique index instead of writing a random page of it per customer. Keys of the
 * old form are rewritten, so none of them is notified again.
 */
export const migration013OverdueKeysByDueDate: Migration = {
  version: 13,
  name: 'overdue-keys-by-due-date',
  sql: `
    UPDATE notifications
    SET dedupe_key = 'overdue:' || substr(dedupe_key, -10) || ':'
                     || substr(dedupe_key, 9, length(dedupe_key) - 19)
    WHERE dedupe_key LIKE 'overdue:%'
      AND dedupe_key GLOB '*:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
      AND dedupe_key NOT GLOB 'overdue:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]:*';
  `,
};
