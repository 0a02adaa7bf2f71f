/**
 * Who may decide what (matriks kewenangan). Pure: the workflow's Update validators and the API
 * both ask these questions, so a refusal reads the same wherever it happens.
 */
import { ROLE_LABELS, type Role } from './glossary.js';
import { DECISION_LABELS, STAGE_LABELS, STAGE_RULES, type Decision, type Stage } from './stages.js';

export interface Actor {
  username: string;
  name: string;
  roles: Role[];
  unitCode: string;
  /** Set when the actor acts for an office holder (Plt./Plh.): that holder's username. */
  actingFor?: string | null;
  /** The role the actor acted in, filled in when a decision is recorded. */
  role?: Role | null;
}

export type Refusal =
  | { code: 'stage_moved'; expected: Stage; actual: Stage }
  | { code: 'decision_not_allowed'; stage: Stage; decision: string; allowed: readonly Decision[] }
  | { code: 'role_not_allowed'; stage: Stage; role: Role }
  | { code: 'unit_not_allowed'; stage: Stage; unitCode: string };

/** Checks a decision against the current stage; returns the reason it is refused, or null. */
export function checkDecision(input: {
  currentStage: Stage;
  seenStage: Stage;
  decision: string;
  actor: Actor;
  agreementUnitCode: string;
}): Refusal | null {
  const { currentStage, seenStage, decision, actor } = input;
  if (seenStage !== currentStage) return { code: 'stage_moved', expected: seenStage, actual: currentStage };

  const rule = STAGE_RULES[currentStage as keyof typeof STAGE_RULES];
  if (!rule || !(rule.decisions as readonly string[]).includes(decision)) {
    return { code: 'decision_not_allowed', stage: currentStage, decision, allowed: rule?.decisions ?? [] };
  }
  if (!actor.roles.includes(rule.role)) return { code: 'role_not_allowed', stage: currentStage, role: rule.role };
  // Initiators act only for their own office (perangkat daerah).
  if (rule.role === 'initiator' && actor.unitCode !== input.agreementUnitCode) {
    return { code: 'unit_not_allowed', stage: currentStage, unitCode: input.agreementUnitCode };
  }

  return null;
}

/**
 * Indonesian sentence for a refusal, naming stages, decisions and roles by the words users see;
 * the code and the structured fields stay English for clients.
 */
export function refusalMessage(refusal: Refusal): string {
  switch (refusal.code) {
    case 'stage_moved':
      return (
        `Tahap sudah berubah: Anda melihat tahap ${stageName(refusal.expected)}, ` +
        `kini ${stageName(refusal.actual)}. Muat ulang lalu putuskan lagi.`
      );
    case 'decision_not_allowed': {
      const allowed = refusal.allowed.map(decisionName).join(', ') || 'tidak ada';

      return (
        `Keputusan ${decisionName(refusal.decision)} tidak berlaku pada tahap ${stageName(refusal.stage)} ` +
        `(yang berlaku: ${allowed}).`
      );
    }
    case 'role_not_allowed':
      return (
        `Tahap ${stageName(refusal.stage)} diputuskan oleh peran ${ROLE_LABELS[refusal.role]}, ` +
        'yang tidak Anda miliki.'
      );
    case 'unit_not_allowed':
      return `Hanya pemrakarsa dari unit ${refusal.unitCode} yang dapat memutuskan tahap ${stageName(refusal.stage)}.`;
  }
}

/** A stage as users know it, quoted: "Verifikasi berkas". */
export function stageName(stage: Stage): string {
  return `"${STAGE_LABELS[stage] ?? stage}"`;
}

/** A decision by its button's word; a code the product does not know is quoted as sent. */
function decisionName(decision: string): string {
  return `"${DECISION_LABELS[decision as Decision] ?? decision}"`;
}
