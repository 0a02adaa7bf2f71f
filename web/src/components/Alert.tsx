import type { ReactNode } from 'react';

type Tone = 'error' | 'success' | 'info' | 'warning';

/**
 * A message box. Errors are `role="alert"` (announced at once); the others are polite status
 * messages. Render the box always and change its content, so the live region is already known
 * to assistive technology when the message arrives.
 */
export function Alert({ tone = 'info', children, id }: { tone?: Tone; children?: ReactNode; id?: string }) {
  const urgent = tone === 'error' || tone === 'warning';

  return (
    <div
      id={id}
      role={urgent ? 'alert' : 'status'}
      aria-live={urgent ? 'assertive' : 'polite'}
      className={children ? `alert alert-${tone}` : 'alert-empty'}
    >
      {children}
    </div>
  );
}
