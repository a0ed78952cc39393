/**
 * Plain text → Jira wiki markup, the form Data Center's REST API v2 takes for rich-text fields: the
 * paragraphs and line breaks of textToAdf, with the characters that would start markup escaped so the
 * text shows as written, as it does on Cloud (Atlassian "Text formatting notation help": `\X` escapes
 * the special character X).
 */
import { paragraphs } from './plain-text.js'

/** Macros (`{code}`), links and mentions (`[~user]`), images (`!file!`), tables (`|`): escaped wherever they are. */
const structural = new Set(['{', '}', '[', ']', '!', '|'])
/**
 * Bold, emphasis, deleted, inserted, superscript, subscript, numbered and bulleted lists: markup only
 * at a word's edge (`*bold*`, `- item`), so escaped there and left alone inside words (`e-mail`, `snake_case`).
 */
const phraseMarks = new Set(['*', '_', '-', '+', '^', '~', '#'])
const wordCharacter = /[\p{L}\p{N}]/u

export function textToWikiMarkup (text: string): string {
  return paragraphs(text).map((lines) => lines.map(escapeLine).join('\n')).join('\n\n')
}

function escapeLine (line: string): string {
  const characters = [...line]
  return characters.map((character, index) => {
    const before = characters[index - 1] ?? ''
    const after = characters[index + 1] ?? ''
    const escaped = structural.has(character) ||
      (phraseMarks.has(character) && !(wordCharacter.test(before) && wordCharacter.test(after))) ||
      // A citation is `??text??`: a lone question mark is plain text.
      (character === '?' && (before === '?' || after === '?'))
    return escaped ? `\\${character}` : character
  }).join('')
}
