/**
 * Secret values sealed to a public key, so an exported file can travel and only the holder of the
 * private key reads it (`${sealed:…}` references). X25519: an ephemeral key agreement per value,
 * HKDF-SHA256 to an AES-256-GCM key. RSA (2048 bits or more): a random AES-256-GCM key per value,
 * wrapped with RSA-OAEP-SHA256. Each value carries the id of the key it was sealed for, which is
 * also authenticated with it, so the wrong key is named as such.
 *
 *   x25519.<key id>.<ephemeral public key>.<nonce>.<ciphertext+tag>
 *   rsa.<key id>.<wrapped key>.<nonce>.<ciphertext+tag>      (each part base64url)
 */
import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, constants, diffieHellman, generateKeyPairSync, hkdfSync, privateDecrypt, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto'
import { startupErrors } from '../errors.js'

export interface SealingKey {
  kind: 'x25519' | 'rsa'
  /** Short id of the public key: the first 11 base64url characters of its SPKI SHA-256. */
  id: string
  /** The public key (to seal) or the private key (to open). */
  key: KeyObject
  /** The public key, always. */
  publicKey: KeyObject
}

const INFO = 'integration-hub sealed value v1'
const MIN_RSA_BITS = 2048

/** The key to seal with, from a PEM file's text (a public key, or a private key whose public half is used). */
export function publicSealingKey (pem: string, file: string): SealingKey {
  let publicKey: KeyObject
  try {
    publicKey = createPublicKey(pem)
  } catch (error) {
    throw startupErrors.sealingKey(file, 'is not a PEM public or private key', error)
  }
  return sealingKey(publicKey, publicKey, file)
}

/** The key to open sealed values with, from a PEM file's text (an unencrypted private key). */
export function privateSealingKey (pem: string, file: string): SealingKey {
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey(pem)
  } catch (error) {
    throw startupErrors.sealingKey(file, 'is not an unencrypted PEM private key', error)
  }
  return sealingKey(privateKey, createPublicKey(privateKey), file)
}

function sealingKey (key: KeyObject, publicKey: KeyObject, file: string): SealingKey {
  const type = publicKey.asymmetricKeyType
  if (type !== 'x25519' && type !== 'rsa') {
    throw startupErrors.sealingKey(file, `is an ${type ?? 'unknown'} key; use an X25519 key (openssl genpkey -algorithm X25519 -out key.pem) or an RSA key`)
  }
  if (type === 'rsa' && (publicKey.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) {
    throw startupErrors.sealingKey(file, `is an RSA key of ${publicKey.asymmetricKeyDetails?.modulusLength ?? 0} bits; use ${MIN_RSA_BITS} or more`)
  }
  const id = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64url').slice(0, 11)
  return { kind: type, id, key, publicKey }
}

/** The text of a `${sealed:…}` reference holding `value`. */
export function sealValue (value: string, recipient: SealingKey): string {
  const header = `${recipient.kind}.${recipient.id}`
  let contentKey: Buffer
  let keyPart: Buffer
  if (recipient.kind === 'x25519') {
    const ephemeral = generateKeyPairSync('x25519')
    keyPart = rawX25519(ephemeral.publicKey)
    contentKey = deriveKey(diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient.publicKey }), keyPart, recipient)
  } else {
    contentKey = randomBytes(32)
    keyPart = publicEncrypt({ key: recipient.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, contentKey)
  }
  const nonce = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', contentKey, nonce).setAAD(Buffer.from(header))
  const sealed = Buffer.concat([cipher.update(value, 'utf8'), cipher.final(), cipher.getAuthTag()])
  return [header, keyPart.toString('base64url'), nonce.toString('base64url'), sealed.toString('base64url')].join('.')
}

/** Opens a `${sealed:…}` reference's text; the error says why it cannot be opened, never what it holds. */
export function openValue (text: string, holder: SealingKey): string {
  const parts = text.split('.')
  if (parts.length !== 5 || (parts[0] !== 'x25519' && parts[0] !== 'rsa')) throw new SealedValueError('is not a sealed value the hub wrote')
  const [kind, id, keyText, nonceText, sealedText] = parts as [string, string, string, string, string]
  if (id !== holder.id) throw new SealedValueError(`was sealed for key ${id}, not for the given key (${holder.id})`)
  const sealed = Buffer.from(sealedText, 'base64url')
  if (sealed.length < 16) throw new SealedValueError('is cut short')
  try {
    const keyPart = Buffer.from(keyText, 'base64url')
    const contentKey = kind === 'x25519'
      ? deriveKey(diffieHellman({ privateKey: holder.key, publicKey: createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: keyPart.toString('base64url') }, format: 'jwk' }) }), keyPart, holder)
      : privateDecrypt({ key: holder.key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, keyPart)
    const decipher = createDecipheriv('aes-256-gcm', contentKey, Buffer.from(nonceText, 'base64url')).setAAD(Buffer.from(`${kind}.${id}`))
    decipher.setAuthTag(sealed.subarray(-16))
    return Buffer.concat([decipher.update(sealed.subarray(0, -16)), decipher.final()]).toString('utf8')
  } catch (error) {
    throw new SealedValueError('does not open with the given key (it was altered, or sealed for another key)', { cause: error })
  }
}

export class SealedValueError extends Error {
  override name = 'SealedValueError'
}

function rawX25519 (publicKey: KeyObject): Buffer {
  return Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url')
}

function deriveKey (shared: Buffer, ephemeral: Buffer, recipient: SealingKey): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, rawX25519(recipient.publicKey)]), `${INFO} ${recipient.id}`, 32))
}
