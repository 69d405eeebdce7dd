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

/** The slug of one of the 11 resource types of the Passbolt server. */
export type ResourceTypeSlug =
  | "password-string" | "password-and-description" | "totp" | "password-description-totp"
  | "v5-password-string" | "v5-default" | "v5-totp-standalone" | "v5-default-with-totp"
  | "v5-custom-fields" | "v5-note" | "v5-pin-code";

/** Whether a resource type's schema has a field, and whether it is required. */
export type Presence = "absent" | "optional" | "required";

/** The cleartext (v4) or encrypted metadata (v5) fields of a type, besides `name`. */
export interface MetadataSchema {
  username: boolean;
  /** v4 `uri` (one string), v5 `uris` (a list of up to 32), or none (`v5-pin-code`). */
  uri: "none" | "single" | "list";
  description: boolean;
  icon: boolean;
  custom_fields: Presence;
}

/** The fields of a JSON secret, and the limit of its `description`. */
export interface SecretFields {
  object_type: Presence;
  password: Presence;
  description: Presence;
  /** 10,000 characters for v4 types, 50,000 for v5. */
  description_max: number;
  totp: Presence;
  pin_code: Presence;
  custom_fields: Presence;
}

/** How a type's secret is written: the password itself, or a JSON object. */
export type SecretSchema = { format: "string" } | ({ format: "object" } & SecretFields);

/** A resource type as `resourceTypes()` and `resourceType()` describe it. */
export interface ResourceTypeInfo {
  /** The UUIDv5 the server derives from the slug, lower case. */
  id: string;
  slug: ResourceTypeSlug;
  /** v4: cleartext metadata; v5: encrypted metadata. */
  version: "v4" | "v5";
  /** False for `v5-password-string`, which the server refuses to create. */
  can_be_created: boolean;
  schema: { metadata: MetadataSchema; secret: SecretSchema };
}

/** The JSON-schema keyword a field broke, or `notInType` / `matchesType`. */
export type FieldRule =
  | "required" | "type" | "maxLength" | "minLength" | "maxItems" | "minimum"
  | "exclusiveMaximum" | "enum" | "pattern" | "format" | "notInType" | "matchesType";

/** One broken rule of a type's schema. The message names the field, never its value. */
export interface FieldViolation {
  /** Dotted path: `name`, `uris.3`, `custom_fields.0.id`, `totp.digits`. */
  path: string;
  rule: FieldRule;
  message: string;
}

/** The type of a custom field. */
export type CustomFieldType = "text" | "password" | "boolean" | "number" | "uri";

/** The metadata half of a custom field (its label). */
export interface MetadataCustomField {
  id: string;
  type: CustomFieldType;
  metadata_key?: string | null;
  metadata_value?: string | number | boolean | null;
}

/** Resource metadata: the v5 object to encrypt, or the cleartext fields of a v4 resource. */
export interface ResourceMetadata {
  /** v5: `PASSBOLT_RESOURCE_METADATA`. */
  object_type?: "PASSBOLT_RESOURCE_METADATA";
  /** v5: the resource type's id. */
  resource_type_id?: string;
  name: string;
  username?: string | null;
  /** v4. */
  uri?: string | null;
  /** v5. */
  uris?: string[];
  description?: string | null;
  icon?: {
    type?: "keepass-icon-set" | "passbolt-icon-set";
    value?: number;
    background_color?: string | null;
  } | null;
  custom_fields?: MetadataCustomField[] | null;
}

/** A TOTP definition. */
export interface Totp {
  /** `SHA1`, `SHA256` or `SHA512`. */
  algorithm: string;
  /** Base32. */
  secret_key: string;
  /** 6 to 8. */
  digits: number;
  /** Seconds, usually 30. */
  period?: number | null;
}

/** The secret half of a custom field. */
export interface SecretCustomField {
  id: string;
  type: CustomFieldType;
  secret_key?: string | null;
  secret_value?: string | number | boolean | null;
}

/** A secret's plaintext, typed. The string types use `password` only. */
export interface SecretData {
  /** Accepted on input (it must then be `PASSBOLT_SECRET_DATA`); `serializeSecret` writes it for v5 types. */
  object_type?: "PASSBOLT_SECRET_DATA";
  password?: string | null;
  description?: string | null;
  totp?: Totp | null;
  /** `v5-pin-code`: 4 to 12 digits. */
  pin_code?: string | null;
  custom_fields?: SecretCustomField[] | null;
}

/** A filter value: a boolean is sent as `1`/`0`, a list as repeated `filter[name][]`. */
export type FilterValue = boolean | number | string | string[];

/** A list query in the server's PHP-array conventions (`buildListQuery`). */
export interface ListQuery {
  /** Each name becomes `contain[name]=1`. */
  contain?: string[];
  /** Each entry becomes `filter[name]=value`, in the object's order. */
  filter?: Record<string, FilterValue>;
}

/** What is wrong with a GPGAuth token (`AuthError` `INVALID_TOKEN`). */
export type TokenDefect = "NOT_TEXT" | "PART_COUNT" | "VERSION" | "LENGTH" | "UUID";

/** The errors thrown by this package are `Error`s with a stable `code`. */
export interface PassboltCoreError extends Error {
  name: "PgpError" | "EnvelopeError" | "ApiError" | "AuthError" | "InternalError";
  code: string;
  /** Set on `EnvelopeError` and on an `ApiError` for a server's refusal: the HTTP status. */
  http_status?: number;
  /** Set on `ApiError` `INVALID_INPUT`: every rule broken. */
  violations?: FieldViolation[];
  /** Set on `ApiError` `MALFORMED_SECRET`: the field of the wrong type (`secret.totp.digits`). */
  path?: string;
  /** Set on `ApiError` `VALIDATION_FAILED`: the server's validation tree, flattened. */
  validation_errors?: ValidationError[];
  /** Set on `AuthError` `INVALID_TOKEN`. */
  defect?: TokenDefect;
}
"#;
