export const REDACTED = '<redacted>';

export type Redact = (text: string) => string;

/**
 * The secrets of one run. `redact` replaces each, and its lowercase form (the hub prints the token
 * lowercased in "Logged in as static-<token>@kedge.local"), with <redacted>. Secrets added later
 * (a token generated mid-run) are covered from then on.
 */
export class SecretSet {
  private forms: string[] = [];

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.add(secret);
  }

  add(secret: string): void {
    if (!secret) return;
    for (const form of [secret, secret.toLowerCase()]) if (!this.forms.includes(form)) this.forms.push(form);
    this.forms.sort((a, b) => b.length - a.length);
  }

  readonly redact: Redact = (text) => {
    let out = text;
    for (const form of this.forms) out = out.split(form).join(REDACTED);
    return out;
  };
}
