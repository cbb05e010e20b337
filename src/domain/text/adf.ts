/**
 * The text of an Atlassian Document Format value (Jira's rich-text description), for indexing and
 * classification. Blocks end with a newline so words of adjacent paragraphs never run together.
 */
export function adfText(node: unknown): string {
  if (typeof node === 'string') return node;
  if (typeof node !== 'object' || node === null) return '';
  const { type, text, content } = node as { type?: unknown; text?: unknown; content?: unknown };
  if (typeof text === 'string') return text;
  const inner = Array.isArray(content) ? content.map(adfText).join('') : '';
  return type === 'text' || type === 'hardBreak' || type === 'inlineCard' ? inner : `${inner}\n`;
}
