/**
 * Plain text → Atlassian Document Format, the only form REST API v3 accepts for rich-text
 * fields such as `description` (Atlassian: "Atlassian Document Format" structure).
 */

export interface AdfText { type: 'text', text: string }
export interface AdfHardBreak { type: 'hardBreak' }
export interface AdfParagraph { type: 'paragraph', content: Array<AdfText | AdfHardBreak> }
export interface AdfDocument { type: 'doc', version: 1, content: AdfParagraph[] }

/**
 * Paragraphs are separated by blank lines; the lines inside one paragraph are joined with
 * `hardBreak` nodes. ADF forbids empty text nodes, so blank lines and empty paragraphs are dropped.
 */
export function textToAdf (text: string): AdfDocument {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => block.split('\n').filter((line) => line.trim() !== ''))
    .filter((lines) => lines.length > 0)
    .map((lines): AdfParagraph => ({
      type: 'paragraph',
      content: lines.flatMap((line, index): Array<AdfText | AdfHardBreak> =>
        index === 0 ? [{ type: 'text', text: line }] : [{ type: 'hardBreak' }, { type: 'text', text: line }])
    }))
  return { type: 'doc', version: 1, content: paragraphs }
}
