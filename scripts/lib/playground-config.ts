import { readFileSync } from 'node:fs';

export interface PlaygroundOrg {
  readonly tenantId: string;
  readonly botName: string;
  readonly currentUserName: string;
}

/** The few facts of .m365agentsplayground.yml that the dev banner and the e2e tests need. */
export function readPlaygroundOrg(file: string): PlaygroundOrg {
  const text = readFileSync(file, 'utf8');
  const field = (section: RegExp, name: string) => {
    const block = section.exec(text)?.[1] ?? '';
    const value = new RegExp(`^\\s+${name}:\\s*(.+?)\\s*$`, 'm').exec(block)?.[1];
    if (!value) throw new Error(`${file}: cannot read ${name}`);
    return value.replace(/^["']|["']$/g, '');
  };
  const tenantId = /^tenantId:\s*(\S+)/m.exec(text)?.[1];
  if (!tenantId) throw new Error(`${file}: cannot read tenantId`);
  return {
    tenantId,
    botName: field(/^bot:\n((?:\s+.*\n)+)/m, 'name'),
    currentUserName: field(/^currentUser:\n((?:\s+.*\n)+)/m, 'name'),
  };
}
