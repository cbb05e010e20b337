import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Role } from '../../sandbox/jira/model';

/** The permission table of docs/SECURITY.md, parsed: the written rule the access tests hold the code to. */

export const SECURITY_DOC = path.resolve(__dirname, '../../docs/SECURITY.md');

export interface PermissionRow {
  resolver: string;
  /** As written: `issue: EDIT_ISSUES`, `project: BROWSE_PROJECTS`, `global: ADMINISTER` or `signed-in`. */
  declaredAccess: string;
  allowed: Partial<Record<Role, boolean>>;
}

const cells = (line: string): string[] =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());

export function readPermissionTable(file = SECURITY_DOC): PermissionRow[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const headerIndex = lines.findIndex((line) => /^\|\s*resolver\s*\|\s*declared access\s*\|/.test(line));
  if (headerIndex < 0) throw new Error(`${file} has no table starting "| resolver | declared access |".`);
  const roles = cells(lines[headerIndex]!).slice(2) as Role[];
  const rows: PermissionRow[] = [];
  for (const line of lines.slice(headerIndex + 2)) {
    if (!line.trim().startsWith('|')) break;
    const [resolver, declaredAccess, ...answers] = cells(line);
    if (answers.length !== roles.length)
      throw new Error(`${file}: row "${line}" has ${answers.length} answers for ${roles.length} roles.`);
    const allowed: Partial<Record<Role, boolean>> = {};
    answers.forEach((answer, index) => {
      if (answer !== 'yes' && answer !== 'no')
        throw new Error(`${file}: row ${resolver} says "${answer}" for ${roles[index]}; write yes or no.`);
      allowed[roles[index]!] = answer === 'yes';
    });
    rows.push({ resolver: resolver!.replace(/`/g, ''), declaredAccess: declaredAccess!, allowed });
  }
  return rows;
}

/** A declared access as the table writes it. */
export function describeAccess(access: { scope: string; permission?: string | string[] } | null): string {
  if (!access) return 'none';
  const permission = Array.isArray(access.permission) ? access.permission.join(' or ') : access.permission;
  return permission ? `${access.scope}: ${permission}` : access.scope;
}
