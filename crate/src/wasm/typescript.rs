//! TypeScript declarations of the objects the exports return (no `any` in the public API).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A key's algorithm in the vocabulary of the Passbolt server's Gpgkey `type`. */
export type ServerKeyType = "RSA" | "ELGAMAL" | "DSA" | "ECC" | "ECDSA" | "DH" | "EdDSA" | "UNKNOWN";

/** A usage flag of a key (GnuPG's c, s, e, a). */
export type Capability = "certify" | "sign" | "encrypt" | "authenticate";

/** One subkey of a key. Dates are ISO 8601 with `+00:00`. */
export interface SubkeyInfo {
  fingerprint: string;
  key_id: string;
  algorithm: string;
  type: ServerKeyType;
  bits: number;
  curve: string | null;
  capabilities: Capability[];
  created: string;
  expires: string | null;
  is_expired: boolean;
  is_revoked: boolean;
}

/** Key information: the server's `/gpgkeys.json` fields, then validity, user ids, subkeys. */
export interface KeyInfo {
  /** 40 upper-case hex digits (64 for v6 keys). */
  fingerprint: string;
  /** The last 8 hex digits of the fingerprint. */
  key_id: string;
  bits: number;
  type: ServerKeyType;
  /** The primary user id, e.g. `Ada Lovelace <ada@example.com>`. */
  uid: string;
  /** ISO 8601, e.g. `2026-01-15T10:00:00+00:00`. */
  key_created: string;
  /** `null` when the key never expires. */
  expires: string | null;
  is_private: boolean;
  is_expired: boolean;
  is_revoked: boolean;
  user_ids: string[];
  /** OpenPGP algorithm name, e.g. `RSA`, `EdDSALegacy`, `ECDSA`. */
  algorithm: string;
  /** GnuPG's curve name (`ed25519`, `cv25519`, `nistp256`, ...) or `null`. */
  curve: string | null;
  capabilities: Capability[];
  /** Key packet version: 4 or 6. */
  version: number;
  subkeys: SubkeyInfo[];
}

/** A rule of the server's validation of a user's public key (`armored_key.<rule>`). */
export type KeyRule =
  | "isParsableArmoredKeyRule" | "isValidAlgorithmRule" | "isValidFingerprintRule"
  | "isValidKeyIdRule" | "isValidKeySizeRule" | "isNotCreatedInTheFutureRule"
  | "isNotExpiredRule" | "isNotRevokedRule" | "hasNoExpiryDateRule" | "hasNoExtraBreakLineRule"
  | "hasMultipleMainPacketsRule" | "isValidKeySizeStrictRule" | "isValidAlgorithmStrictRule";

/** A failed key rule with the server's message for it. */
export interface KeyRuleViolation {
  rule: KeyRule;
  message: string;
}

/** One signature found in a decrypted message. */
export interface SignatureCheck {
  /** 16 upper-case hex digits, when the signature names its issuer's key id. */
  issuer_key_id: string | null;
  issuer_fingerprint: string | null;
  /** ISO 8601. */
  created: string | null;
  /** True when it verified against one of the verification keys. */
  verified: boolean;
  /** The primary fingerprint of the key it verified against. */
  signer_fingerprint: string | null;
}

/** A third-party certification of a user id (`verifyCertifications`). */
export interface Certification {
  user_id: string;
  /** `verified` is true when it verified against one of the certifier keys given. */
  signature: SignatureCheck;
  /** True when a verified revocation by the same certifier withdraws it. */
  revoked: boolean;
}

/** The result of a decryption. */
export interface DecryptResult {
  data: Uint8Array;
  /** The data as text when it is valid UTF-8, else null. */
  text: string | null;
  /** Passbolt's form: algorithm id, colon, upper-case hex (`9:` + 64 hex for AES-256). */
  session_key: string;
  signatures: SignatureCheck[];
}

/** Signed data (a cleartext message's text has LF line endings) and its signatures. */
export interface VerifyResult {
  data: Uint8Array;
  /** The data as text when it is valid UTF-8, else null. */
  text: string | null;
  signatures: SignatureCheck[];
}

/** One message for `decryptMany`, with its cached session key if any. */
export interface DecryptManyItem {
  id: string;
  message: string;
  session_key?: string | null;
}

/** One result of `decryptMany`: the decryption, or the error of this item alone. */
export type DecryptManyResult =
  | ({ id: string; ok: true } & DecryptResult)
  | { id: string; ok: false; error: { name: "PgpError"; code: string; message: string } };

/** A generated key: the passphrase-locked private key and the public key, armored. */
export interface GeneratedKey {
  private_armored: string;
  public_armored: string;
  /** 40 upper-case hex digits. */
  fingerprint: string;
}

/** The pagination block of index endpoints. */
export interface Pagination {
  count: number;
  page: number;
  limit: number | null;
}

/** The header of a Passbolt API response. */
export interface EnvelopeHeader {
  id: string;
  status: "success" | "error";
  servertime: number;
  action: string;
  message: string;
  url: string;
  code: number;
  pagination?: Pagination;
}

/** One failed validation rule, e.g. path `secrets.0.data`, rule `isValidOpenPGPMessage`. */
export interface ValidationError {
  path: string;
  rule: string;
  message: string;
}

/** A parsed Passbolt API response. */
export interface Envelope {
  http_status: number;
  /** True only for a 2xx status with `header.status == "success"`. */
  ok: boolean;
  header: EnvelopeHeader;
  /** The body as sent by the server. */
  body: unknown;
  /** For a 400 error envelope (the server's validation tree), every failed rule. */
  validation_errors: ValidationError[];
}

/** The errors thrown by this package are `Error`s with a stable `code`. */
export interface PassboltCoreError extends Error {
  name: "PgpError" | "EnvelopeError" | "InternalError";
  code: string;
  /** Set on `EnvelopeError`: the HTTP status of the unreadable response. */
  http_status?: number;
}
"#;
