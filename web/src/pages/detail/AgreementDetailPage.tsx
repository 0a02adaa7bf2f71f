/**
 * One agreement: where it stands on its path, who must act and by when, the decision panel for
 * the role that must act now, documents, monitoring, obligations and history.
 */
import { useState } from 'react';
import { useActing } from '../../acting';
import { api } from '../../api/client';
import type { AgreementDetail } from '../../api/types';
import { Alert } from '../../components/Alert';
import { PageTitle } from '../../components/PageTitle';
import { StageBadge } from '../../components/StageBadge';
import { Stepper } from '../../components/Stepper';
import { takeFlash } from '../../flash';
import { STAGE_RULES } from '../../labels';
import { Link } from '../../router';
import { useSession } from '../../session';
import { useApi } from '../../useApi';
import type { ActiveStage } from '../../../../src/domain/stages';
import { DecisionPanel } from './DecisionPanel';
import { DocumentsSection } from './DocumentsSection';
import { Facts } from './Facts';
import { MonitoringSection } from './MonitoringSection';
import { ObligationsSection } from './ObligationsSection';
import { OtherActions } from './OtherActions';
import type { Outcome } from './outcome';
import { PendingTaskCard } from './PendingTaskCard';
import { stepperState } from './stepperState';
import { Timeline } from './Timeline';

export function AgreementDetailPage({ id }: { id: string }) {
  const { user } = useSession();
  const detail = useApi(() => api.get<AgreementDetail>(`/api/agreements/${encodeURIComponent(id)}`), [id]);
  // Roles held as acting official (Plt./Plh.) count as the user's own here, as on the server.
  const { acts, delegationFor } = useActing([id]);
  const [outcome, setOutcome] = useState<Outcome | null>(() => takeFlash());

  const onOutcome = (next: Outcome) => {
    setOutcome(next);
    if (next.detail) detail.set(next.detail);
    else if (next.reload) void detail.reload();
  };

  if (detail.error && !detail.data) {
    return (
      <>
        <PageTitle>Kerja sama</PageTitle>
        <Alert tone="error">
          {detail.error.status === 404
            ? 'Kerja sama tidak ditemukan atau tidak dapat Anda lihat.'
            : detail.error.message}
        </Alert>
        <p>
          <Link to="/agreements">Kembali ke daftar</Link>
        </p>
      </>
    );
  }
  if (!detail.data || !user) return <p className="muted">Memuat kerja sama…</p>;

  const agreement = detail.data;
  const ownUnit = agreement.unitCode === user.unitCode;
  const rule = STAGE_RULES[agreement.stage as ActiveStage];
  // The server decides; the panel only appears for the role that must act (initiators: own unit),
  // held as the user's own or handed to them as Plt./Plh.
  const mayDecide = Boolean(rule && acts(rule.role) && (rule.role !== 'initiator' || ownUnit));
  const running = agreement.stage === 'implementation' || agreement.stage === 'evaluation';
  const closed = agreement.status === 'closed';
  const steps = stepperState(agreement);

  return (
    <>
      <PageTitle subtitle={`Kode lacak ${agreement.trackingCode} · ${agreement.unitCode}`}>{agreement.title}</PageTitle>
      <div className="detail-head">
        <StageBadge stage={agreement.stage} overdue={agreement.overdue} />
        {agreement.confidential ? <span className="badge badge-warning">Rahasia</span> : null}
        <Link to={`/lacak/${agreement.trackingCode}`}>Lihat tampilan publik</Link>
      </div>
      <Alert tone={outcome?.tone ?? 'info'}>{outcome?.text}</Alert>

      <Stepper
        path={agreement.path}
        currentIndex={steps.currentIndex}
        finished={steps.finished}
        currentNote={steps.note}
      />

      <div className="detail-grid">
        <div className="stack">
          {agreement.pendingTask ? <PendingTaskCard task={agreement.pendingTask} /> : null}
          {mayDecide && rule ? (
            <DecisionPanel
              key={agreement.stage}
              detail={agreement}
              role={rule.role}
              acting={delegationFor(rule.role)}
              decisions={rule.decisions}
              onOutcome={onOutcome}
            />
          ) : null}
          <Facts detail={agreement} />
          <DocumentsSection detail={agreement} canUpload={!closed} onOutcome={onOutcome} />
          {running || agreement.reports.length > 0 ? (
            <MonitoringSection
              detail={agreement}
              canFile={running && ownUnit && acts('initiator', 'unit_head')}
              canReview={acts('verifier')}
              onOutcome={onOutcome}
            />
          ) : null}
        </div>
        <div className="stack">
          <ObligationsSection detail={agreement} />
          <Timeline events={agreement.timeline} />
          <OtherActions
            detail={agreement}
            canExtend={acts('verifier') && !closed}
            canTerminate={running && acts('verifier', 'approver')}
            onOutcome={onOutcome}
          />
        </div>
      </div>
    </>
  );
}
