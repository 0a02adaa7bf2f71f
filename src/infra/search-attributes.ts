/**
 * The custom search attributes that agreementWorkflow upserts, with their Temporal types.
 *
 * One list for every place that registers them (the embedded dev server, tests, the
 * compose setup job), because upserting an unregistered attribute fails the workflow task.
 * Values go to the visibility store unencrypted: never put personal data in them.
 */
export const SEARCH_ATTRIBUTES = {
  AgreementStage: 'Keyword',
  AgreementKind: 'Keyword',
  UnitCode: 'Keyword',
  TrackingCode: 'Keyword',
  DueAt: 'Datetime',
  Overdue: 'Bool',
} as const;

export type SearchAttributeName = keyof typeof SEARCH_ATTRIBUTES;

/** `Name=Type` pairs, the form `temporal server start-dev --search-attribute` takes. */
export function searchAttributePairs(): string[] {
  return Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) => `${name}=${type}`);
}
