/**
 * What the embedded start prints for operators once everything is up (English, like the logs).
 * The demo password appears only on the start that created the demo users with a random one:
 * src/db/seed.ts reads DEMO_PASSWORD only then, so the banner says so rather than promising
 * that setting it later would change anything.
 */
export interface StartBannerInput {
  /** Base address of the portal and API, e.g. `http://localhost:3000`. */
  base: string;
  /** Temporal UI address, or null when Temporal is external. */
  temporalUi: string | null;
  database: string;
  email: string;
  /** The random password the demo users were just created with, else null. */
  demoPassword: string | null;
}

export function startBanner(input: StartBannerInput): string {
  const lines = [
    '',
    'Si Mbois Ker berjalan / is running',
    `  Portal & API : ${input.base}/`,
    `  API docs     : ${input.base}/docs`,
    `  Temporal UI  : ${input.temporalUi ?? '(external Temporal: see your cluster UI)'}`,
    `  Database     : ${input.database}`,
    `  Email        : ${input.email}`,
  ];
  if (input.demoPassword) {
    lines.push(
      `  Demo users   : verifikator, pemrakarsa.dlh, hukum, tkksd, sekda, ... password: ${input.demoPassword}`,
      '                 (shown this once: note it down. DEMO_PASSWORD is read only when the demo users',
      '                 are first created, in an empty database; setting it on a later start changes nothing)',
    );
  }

  return `${lines.join('\n')}\n\n`;
}
