/**
 * Typed search attributes, so operators can filter in the Temporal UI ("everything overdue in
 * legal review"). No personal data here: Temporal stores them unencrypted.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const AgreementStage = defineSearchAttributeKey('AgreementStage', SearchAttributeType.KEYWORD);
export const AgreementKind = defineSearchAttributeKey('AgreementKind', SearchAttributeType.KEYWORD);
export const UnitCode = defineSearchAttributeKey('UnitCode', SearchAttributeType.KEYWORD);
export const TrackingCode = defineSearchAttributeKey('TrackingCode', SearchAttributeType.KEYWORD);
export const DueAt = defineSearchAttributeKey('DueAt', SearchAttributeType.DATETIME);
export const Overdue = defineSearchAttributeKey('Overdue', SearchAttributeType.BOOL);
