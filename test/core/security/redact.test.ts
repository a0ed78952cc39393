import t from 'tap'
import { redactor } from '../../../core/security/redact.js'

const secret = 'cs ecret*(x)/Zz+9'
const redact = redactor([secret])

t.test('a secret is scrubbed in every encoding a remote may echo it back in', async t => {
  const echoes = {
    plain: `the secret ${secret} leaked`,
    percent: `token=${encodeURIComponent(secret)}`,
    form: `grant_type=password&client_secret=${new URLSearchParams({ s: secret }).toString().slice(2)}&x=1`,
    json: JSON.stringify({ error: `bad ${secret}` }),
    base64: Buffer.from(secret).toString('base64'),
    base64url: Buffer.from(secret).toString('base64url'),
    'Basic user:secret': `Authorization: Basic ${Buffer.from(`ada@example.com:${secret}`).toString('base64')}`,
    'Basic u:secret': `Basic ${Buffer.from(`u:${secret}`).toString('base64')}`,
    'Basic uu:secret': `Basic ${Buffer.from(`uu:${secret}`).toString('base64')}`,
    'AUTH PLAIN \\0user\\0secret': `AUTH PLAIN ${Buffer.from(`\0mailer@example.com\0${secret}`).toString('base64')}`,
    'AUTH PLAIN, another user length': `AUTH PLAIN ${Buffer.from(`\0bob\0${secret}`).toString('base64')}`
  }
  for (const [encoding, text] of Object.entries(echoes)) {
    const scrubbed = redact(text)
    t.match(scrubbed, '[redacted]', encoding)
    // What is left must not decode back to the secret either.
    const leftovers = scrubbed.split('[redacted]').join('')
    t.notOk(leftovers.includes(secret), `${encoding}: not in clear`)
    for (const word of leftovers.split(/[\s=&:"]+/)) {
      t.notOk(Buffer.from(word, 'base64').toString('utf8').includes(secret), `${encoding}: no base64 word left that decodes to it`)
    }
  }
})

t.test('text without the secret is left as it is, and short values are not needles', async t => {
  t.equal(redact('Invalid API Token'), 'Invalid API Token')
  t.equal(redactor(['abc'])('abc abc'), 'abc abc')
  t.equal(redactor([])('anything'), 'anything')
})
