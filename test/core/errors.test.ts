import { readFileSync } from 'node:fs'
import t from 'tap'
import { commonErrors } from '../../core/contract/contract.js'
import { errorStatus } from '../../core/errors.js'

const docs = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8')

t.test('docs/errors.md has a row for every HTTP error code, with its status', async t => {
  for (const [code, status] of Object.entries(errorStatus)) {
    t.match(docs, new RegExp(`\\| \`${code}\` \\| ${status} \\|`), code)
  }
})

t.test('docs/errors.md lists every common failure code', async t => {
  for (const code of Object.keys(commonErrors)) t.match(docs, `| \`${code}\` |`, code)
})
