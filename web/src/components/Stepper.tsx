/**
 * The stages of an agreement's path as an ordered list: done, current (aria-current="step")
 * and still to come. Optional lines under each stage carry dates (the public view).
 */
import type { ReactNode } from 'react';
import { stageLabel } from '../labels';

export interface StepperProps {
  path: string[];
  /** Index in `path` of the stage the agreement is at (or stopped at); -1 when none. */
  currentIndex: number;
  /** True when the agreement is closed: the current step then shows as finished. */
  finished?: boolean;
  /** A note on the current step, e.g. "dalam perbaikan". */
  currentNote?: string;
  details?: (stage: string, index: number) => ReactNode;
  label?: string;
}

export function Stepper({ path, currentIndex, finished, currentNote, details, label = 'Tahapan' }: StepperProps) {
  return (
    <nav aria-label={label} className="stepper-wrap">
      <ol className="stepper">
        {path.map((stage, index) => {
          const state =
            index < currentIndex || (finished && index === currentIndex)
              ? 'done'
              : index === currentIndex
                ? 'current'
                : 'todo';
          const stateText = state === 'done' ? 'selesai' : state === 'current' ? 'tahap saat ini' : 'belum';

          return (
            <li
              key={`${stage}-${index}`}
              className={`step step-${state}`}
              aria-current={state === 'current' ? 'step' : undefined}
            >
              <span className="step-marker" aria-hidden="true">
                {state === 'done' ? '✓' : index + 1}
              </span>
              <span className="step-body">
                <span className="step-label">{stageLabel(stage)}</span>
                <span className="visually-hidden"> ({stateText})</span>
                {state === 'current' && currentNote ? <span className="step-note">{currentNote}</span> : null}
                {details ? details(stage, index) : null}
              </span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
