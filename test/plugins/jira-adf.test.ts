import t from 'tap'
import { textToAdf } from '../../plugins/jira/adf.js'

const text = (value: string) => ({ type: 'text', text: value })
const paragraph = (...content: unknown[]) => ({ type: 'paragraph', content })

t.test('blank lines separate paragraphs; lines inside one are joined with hardBreak', async (t) => {
  t.same(textToAdf('one\ntwo\n\nthree'), {
    type: 'doc',
    version: 1,
    content: [paragraph(text('one'), { type: 'hardBreak' }, text('two')), paragraph(text('three'))]
  })
})

t.test('Windows line ends, several blank lines and whitespace-only lines make no empty nodes', async (t) => {
  t.same(textToAdf('one\r\n\r\n\r\n  \t\r\ntwo\r\n'), {
    type: 'doc',
    version: 1,
    content: [paragraph(text('one')), paragraph(text('two'))]
  })
})

t.test('text without content is an empty document', async (t) => {
  t.same(textToAdf(' \n\n '), { type: 'doc', version: 1, content: [] })
})

t.test('the text itself is kept as written, indentation included', async (t) => {
  t.same(textToAdf('  indented <b>not markup</b>'), {
    type: 'doc',
    version: 1,
    content: [paragraph(text('  indented <b>not markup</b>'))]
  })
})
