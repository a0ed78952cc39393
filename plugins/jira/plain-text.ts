/**
 * How the plugin reads the plain text of a description or comment: paragraphs separated by blank
 * lines, lines inside one paragraph; blank and whitespace-only lines carry nothing.
 */
export function paragraphs (text: string): string[][] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => block.split('\n').filter((line) => line.trim() !== ''))
    .filter((lines) => lines.length > 0)
}
