/**
 * Text people typed, as it must appear inside a message the bot writes: Teams renders messages and
 * card text as markdown, so every markdown character is escaped — `[verify your payment](https://…)`
 * or a display name `**IT support**` shows as typed, never as a link or formatting.
 */
export function md(text: string | undefined): string {
  return (text ?? '')
    .replace(/[\\`*_[\]~|<>#]/g, (c) => `\\${c}`)
    .replace(
      /^(\s*)([+-]|\d+\.)(?=\s|$)/gm,
      (_m, space: string, marker: string) =>
        `${space}${marker.replace(/^(\d+)\./, '$1\\.').replace(/^([+-])/, '\\$1')}`,
    );
}

/** A message whose interpolated values are user text (escaped); the literal parts keep their markdown. */
export function safe(strings: TemplateStringsArray, ...values: readonly unknown[]): string {
  return strings.reduce((out, part, i) => out + part + (i < values.length ? md(String(values[i] ?? '')) : ''), '');
}
