/** The token file holds one token a line: usually one, two during a rotation overlap. */
export function tokensInTokenFile(text: string): string[] {
  return text.split('\n').map((line) => line.trim()).filter(Boolean);
}

export function renderTokenFile(tokens: readonly string[]): string {
  return `${tokens.join('\n')}\n`;
}
