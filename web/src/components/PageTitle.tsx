import { useEffect, useRef } from 'react';

/** False until the first page has shown: a fresh load keeps the browser's own focus order. */
let navigated = false;

/**
 * The page's h1. It names the tab and, after a client-side navigation, takes focus, so a screen
 * reader announces where the user landed. On the first page of a load the skip link stays first.
 */
export function PageTitle({ children, subtitle }: { children: string; subtitle?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} · Si Mbois Ker`;
    if (navigated) ref.current?.focus({ preventScroll: true });
    navigated = true;
  }, [children]);

  return (
    <div className="page-title">
      <h1 ref={ref} tabIndex={-1} id="page-heading">
        {children}
      </h1>
      {subtitle ? <p className="subtitle">{subtitle}</p> : null}
    </div>
  );
}
