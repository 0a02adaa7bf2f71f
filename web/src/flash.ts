/** A one-time message carried to the next page (e.g. "usulan tersimpan"), read once. */
let pending: { tone: 'success' | 'warning' | 'info'; text: string } | null = null;

export function setFlash(tone: 'success' | 'warning' | 'info', text: string) {
  pending = { tone, text };
}

export function takeFlash() {
  const message = pending;
  pending = null;

  return message;
}
