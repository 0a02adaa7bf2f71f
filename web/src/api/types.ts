/** Shapes of the API's answers as the portal reads them (see the HTTP contract). */
import type { Instrument, Kind, PartnerType, Role } from '../../../src/domain/glossary';
import type { Decision, Stage, Status } from '../../../src/domain/stages';

export interface User {
  username: string;
  name: string;
  roles: Role[];
  unitCode: string;
}

export interface LoginResponse {
  token: string;
  expiresAt: string;
  user: User;
}

export interface Partner {
  name: string;
  type: PartnerType;
  country?: string;
}

export interface AgreementSummary {
  id: string;
  trackingCode: string;
  title: string;
  kind: Kind;
  instrument: Instrument;
  stage: Stage;
  status: Status;
  unitCode: string;
  partners: Partner[];
  dueAt: string | null;
  overdue: boolean;
  startDate: string | null;
  endDate: string | null;
}

export interface Page<T> {
  items: T[];
  /** A search counts at most 1,000 matches; `totalCapped` then says there are more. */
  total: number;
  totalCapped?: boolean;
  page: number;
  pageSize: number;
  /** For `cursor`: the page after this one, null on the last. */
  nextCursor?: string | null;
}

export interface PendingTask {
  stage: Stage;
  role: Role;
  unitCode: string | null;
  startedAt: string;
  dueAt: string | null;
  overdue: boolean;
  remindersSent: number;
  escalatedTo: Role | null;
  sla: { workingDays: number; basis: string | null } | null;
  calendarMissingForYears: number[];
}

export interface TimelineEvent {
  seq: number;
  type: string;
  fromStage: Stage | null;
  stage: Stage;
  decision: Decision | null;
  actor: { username: string; name: string | null; role: Role | null; actingFor: string | null } | null;
  at: string;
  note: string | null;
}

export interface MonitoringReport {
  id: string;
  period: string;
  activities: string;
  progressPercent: number;
  problems: string | null;
  followUp: string | null;
  filedBy: string;
  filedAt: string;
  status: 'submitted' | 'accepted' | 'returned' | string;
  reviewNote: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
}

export interface Obligation {
  key: string;
  type: string;
  label: string;
  dueAt: string;
  doneAt: string | null;
  overdue: boolean;
}

/** A stored document as the detail may list it; fields beyond `type` are read defensively. */
export interface DocumentEntry {
  id?: string;
  documentId?: string;
  type: string;
  filename?: string;
  version?: number;
  sha256?: string;
  size?: number;
  uploadedAt?: string;
  uploadedBy?: string;
  label?: string;
  versions?: {
    version: number;
    sha256?: string;
    size?: number;
    mime?: string;
    filename?: string;
    uploadedBy?: string;
    uploadedAt?: string;
  }[];
}

export interface LinkedAgreement {
  id: string;
  instrument: Instrument;
  title: string;
  stage: Stage;
}

export interface AgreementDetail extends AgreementSummary {
  purpose: string;
  scope: string;
  plannedStart: string | null;
  durationMonths: number;
  valueIdr: number | null;
  fundingSource: string | null;
  dprdTrigger: { burdensPublic: boolean; unbudgeted: boolean };
  initiatedBy: 'region' | 'partner';
  parentId: string | null;
  confidential: boolean;
  signedAt: string | null;
  ourNumber: string | null;
  partnerNumbers: string[];
  createdAt: string;
  path: Stage[];
  pendingTask: PendingTask | null;
  timeline: TimelineEvent[];
  obligations: Obligation[];
  reports: MonitoringReport[];
  documents: DocumentEntry[];
  links: { parentId: string | null; renewalOf: string | null; children: LinkedAgreement[]; renewals: LinkedAgreement[] };
}

export interface Task {
  agreementId: string;
  trackingCode: string;
  title: string;
  kind: Kind;
  unitCode: string;
  stage: Stage;
  role: Role;
  reason: 'assigned' | 'delegated' | 'escalated' | string;
  /** For a delegated task: the office holder the user acts for (Plt./Plh.). */
  actingFor?: string | null;
  startedAt: string;
  dueAt: string | null;
  overdue: boolean;
  remindersSent: number;
  escalatedTo: Role | null;
}

export interface PublicStagePeriod {
  stage: Stage;
  startedAt: string;
  endedAt: string | null;
  dueAt: string | null;
  onTime: boolean | null;
}

export interface PublicView {
  trackingCode: string;
  stage: Stage;
  confidential: boolean;
  title?: string;
  kind?: Kind;
  instrument?: Instrument;
  partners?: { name: string; type: PartnerType }[];
  unitCode?: string;
  status?: Status;
  path?: Stage[];
  startDate?: string | null;
  endDate?: string | null;
  stages?: PublicStagePeriod[];
}

/** A delegation in force that the signed-in user holds as acting official (`/api/auth/me`). */
export interface ActingDelegation {
  id: string;
  role: Role;
  holderUsername: string;
  holderUnitCode: string;
  title: 'plt' | 'plh' | string;
  warrantNumber: string;
}

/** `/api/auth/me`: the caller with delegated roles added, and the delegations behind them. */
export interface Me extends User {
  actingFor: string | null;
  delegations: ActingDelegation[];
}

/** A delegation (Plt./Plh.) as `/api/delegations` lists it. */
export interface Delegation {
  id: string;
  holderUsername: string;
  holderUnitCode: string;
  toUsername: string;
  role: Role;
  title: 'plt' | 'plh' | string;
  warrantNumber: string;
  from: string;
  until: string;
  createdBy: string;
  revokedAt: string | null;
  inForce: boolean;
}

/** A user account as the admin sees it. */
export interface AdminUser {
  id: string;
  username: string;
  name: string;
  email: string;
  roles: Role[];
  unitCode: string;
  active: boolean;
  createdAt: string;
}

export interface Unit {
  code: string;
  name: string;
  createdAt: string;
}

export interface HolidayEntry {
  date: string;
  kind: 'libur_nasional' | 'cuti_bersama';
  name: string;
  basis: string;
}

export interface CalendarData {
  coveredYears: { year: number; basis: string }[];
  holidays: HolidayEntry[];
}

export interface AdminSettings {
  slaOverrides: Partial<Record<string, Partial<Record<string, number>>>>;
  defaults: {
    slas: Partial<Record<string, { workingDays: number; basis: string }>>;
    reminderPolicy: { intervalWorkingDays: number; remindersBeforeEscalation: number };
  };
}
