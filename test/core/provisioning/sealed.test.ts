/**
 * Values sealed to a public key (hub export --encrypt-to) open only with its private key (hub import
 * --decrypt-with); the wrong key, an altered value and an unusable key are each named as such.
 */
import { generateKeyPairSync } from 'node:crypto'
import t from 'tap'
import { openValue, privateSealingKey, publicSealingKey, sealValue, SealedValueError } from '../../../core/provisioning/sealed.js'

const pems = (type: 'x25519' | 'rsa' | 'ed25519', modulusLength = 2048): { publicPem: string, privatePem: string } => {
  const pair = type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength }) : generateKeyPairSync(type as 'x25519')
  return {
    publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  }
}

for (const kind of ['x25519', 'rsa'] as const) {
  t.test(`${kind}: what is sealed to the public key opens with the private key, and only with it`, async t => {
    const { publicPem, privatePem } = pems(kind)
    const recipient = publicSealingKey(publicPem, 'public.pem')
    const holder = privateSealingKey(privatePem, 'key.pem')
    t.equal(recipient.id, holder.id, 'both halves have the one id')
    // eslint-disable-next-line no-template-curly-in-string -- a value that merely looks like a reference
    const secret = 'p@ss wörd ${not a reference}'
    const sealed = sealValue(secret, recipient)
    t.match(sealed, new RegExp(`^${kind}\\.${recipient.id}\\.[\\w-]+\\.[\\w-]+\\.[\\w-]+$`))
    t.notMatch(sealed, secret)
    t.not(sealValue(secret, recipient), sealed, 'sealed afresh each time')
    t.equal(openValue(sealed, holder), secret)
    t.equal(sealValue('', recipient).length > 0, true)
    t.equal(openValue(sealValue('', recipient), holder), '')

    const other = privateSealingKey(pems(kind).privatePem, 'other.pem')
    t.throws(() => openValue(sealed, other), { name: 'SealedValueError', message: `was sealed for key ${recipient.id}, not for the given key (${other.id})` })
    const parts = sealed.split('.')
    const flipped = Buffer.from(parts[4]!, 'base64url')
    flipped[0] = flipped[0]! ^ 1
    t.throws(() => openValue([...parts.slice(0, 4), flipped.toString('base64url')].join('.'), holder), { message: 'does not open with the given key (it was altered, or sealed for another key)' })
    t.throws(() => openValue('plain text', holder), new SealedValueError('is not a sealed value the hub wrote'))
    t.equal(privateSealingKey(privatePem, 'key.pem') !== undefined && publicSealingKey(privatePem, 'key.pem').id, recipient.id, 'a private key may be given to seal with: its public half is used')
  })
}

t.test('keys that cannot seal are refused, naming the file and what to use instead', async t => {
  t.throws(() => publicSealingKey(pems('ed25519').publicPem, 'signing.pem'), {
    code: 'HUB_ERR_SEALING_KEY',
    message: 'The key file signing.pem is an ed25519 key; use an X25519 key (openssl genpkey -algorithm X25519 -out key.pem) or an RSA key'
  })
  t.throws(() => publicSealingKey(pems('rsa', 1024).publicPem, 'small.pem'), { message: 'The key file small.pem is an RSA key of 1024 bits; use 2048 or more' })
  t.throws(() => publicSealingKey('not a key', 'junk.pem'), { message: 'The key file junk.pem is not a PEM public or private key' })
  t.throws(() => privateSealingKey(pems('x25519').publicPem, 'public.pem'), { message: 'The key file public.pem is not an unencrypted PEM private key' })
})
