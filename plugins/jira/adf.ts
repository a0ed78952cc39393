/**
 * Plain text → Atlassian Document Format, the only form REST API v3 accepts for rich-text
 * fields such as `description` (Atlassian: "Atlassian Document Format" structure).
 */
import { paragraphs } from './plain-text.js'

export interface AdfText { type: 'text', text: string }
export interface AdfHardBreak { type: 'hardBreak' }
export interface AdfParagraph { type: 'paragraph', content: Array<AdfText | AdfHardBreak> }
export interface AdfDocument { type: 'doc', version: 1, content: AdfParagraph[] }

/** The lines inside one paragraph are joined with `hardBreak` nodes; ADF forbids empty text nodes, so none is made. */
export function textToAdf (text: string): AdfDocument {
  const content = paragraphs(text).map((lines): AdfParagraph => ({
    type: 'paragraph',
    content: lines.flatMap((line, index): Array<AdfText | AdfHardBreak> =>
      index === 0 ? [{ type: 'text', text: line }] : [{ type: 'hardBreak' }, { type: 'text', text: line }])
  }))
  return { type: 'doc', version: 1, content }
}
