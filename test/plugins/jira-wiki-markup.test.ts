import t from 'tap'
import { textToWikiMarkup } from '../../plugins/jira/wiki-markup.js'

t.test('paragraphs and line breaks are kept, blank and whitespace-only lines dropped, as for ADF', async (t) => {
  t.equal(textToWikiMarkup('one\r\ntwo\r\n\r\n  \t\r\n\r\nthree\n'), 'one\ntwo\n\nthree')
  t.equal(textToWikiMarkup(' \n\n '), '')
})

t.test('macros, links, mentions, images and tables are escaped wherever they are', async (t) => {
  t.equal(textToWikiMarkup('{code} [~admin] !logo.png! a|b'), '\\{code\\} \\[\\~admin\\] \\!logo.png\\! a\\|b')
})

t.test('phrase and list marks are escaped at a word’s edge and left alone inside words', async (t) => {
  t.equal(textToWikiMarkup('*bold* _em_ -gone- +new+ ^up^ ~down~'), '\\*bold\\* \\_em\\_ \\-gone\\- \\+new\\+ \\^up\\^ \\~down\\~')
  t.equal(textToWikiMarkup('* item\n# step\n- dash'), '\\* item\n\\# step\n\\- dash')
  t.equal(textToWikiMarkup('e-mail snake_case 09:00-10:00 2+2'), 'e-mail snake_case 09:00-10:00 2+2')
})

t.test('a citation needs two question marks; one is plain text', async (t) => {
  t.equal(textToWikiMarkup('Down? ??quote??'), 'Down? \\?\\?quote\\?\\?')
})
