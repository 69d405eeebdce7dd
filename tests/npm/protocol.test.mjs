// The protocol pieces a web developer can use on their own, from the packed package: the
// resource types and their schemas, metadata and secret validation, secret (de)serialisation,
// the GPGAuth auth-token codec and token check, list queries, against the fixtures.
import test from "node:test";
import assert from "node:assert/strict";
import init, {
  buildListQuery,
  checkGpgAuthToken,
  decodeUserAuthToken,
  encodeUserAuthToken,
  parseEnvelope,
  parseSecret,
  resourceType,
  resourceTypes,
  serializeSecret,
  validateMetadata,
  validateSecret,
} from "passbolt-core";
import { readJson, readText } from "./helpers.mjs";

await init();
const resourcesV5 = readJson("fixtures", "crypto", "resources_v5.json");
const gpgauth = readJson("fixtures", "crypto", "gpgauth.json");

/** Asserts that `fn` throws an Error with this name and code; returns the error. */
function throwsCoded(fn, name, code) {
  let caught;
  assert.throws(fn, (e) => {
    caught = e;
    assert.ok(e instanceof Error, "an Error");
    assert.equal(e.name, name);
    assert.equal(e.code, code);
    return true;
  });
  return caught;
}

const rules = (violations) => violations.map((v) => [v.path, v.rule]);

test("the 11 resource types have the ids and slugs of the server's /resource-types.json", () => {
  const server = parseEnvelope(200, readText("fixtures", "api", "resource_types_index.json"));
  assert.equal(server.ok, true);
  const ours = resourceTypes();
  assert.equal(ours.length, 11);
  assert.deepEqual(
    ours.map((t) => [t.slug, t.id]),
    server.body.map((t) => [t.slug, t.id]),
  );
  for (const t of ours) {
    assert.deepEqual(resourceType(t.slug), t);
    assert.deepEqual(resourceType(t.id.toUpperCase()), t);
    assert.equal(t.version, t.slug.startsWith("v5-") ? "v5" : "v4");
  }
  assert.equal(resourceType("v5-password-string").can_be_created, false);
  assert.deepEqual(resourceType("password-string").schema.secret, { format: "string" });
  const pin = resourceType("4357bbc7-ed4d-52ff-b59d-9f7f17881bb3");
  assert.equal(pin.slug, "v5-pin-code");
  assert.equal(pin.schema.secret.format, "object");
  assert.equal(pin.schema.secret.pin_code, "required");
  assert.equal(pin.schema.secret.password, "absent");
  assert.equal(pin.schema.metadata.uri, "none");
  const e = throwsCoded(() => resourceType("v6-note"), "ApiError", "UNKNOWN_RESOURCE_TYPE");
  assert.match(e.message, /not one of the 11/);
});

test("the fixtures' metadata and secrets validate against their types", () => {
  for (const name of ["shared", "personal"]) {
    const { metadata_cleartext: metadata, secret_cleartext: secret } = resourcesV5[name];
    assert.deepEqual(validateMetadata(metadata.resource_type_id, metadata), [], name);
    assert.deepEqual(validateSecret(metadata.resource_type_id, secret), [], name);
  }
  const v4 = resourcesV5.v4_password_and_description.secret_cleartext;
  assert.deepEqual(validateSecret("password-and-description", v4), []);
  const plain = resourcesV5.v4_password_string.secret_cleartext;
  assert.deepEqual(validateSecret("password-string", plain), []);
  // The shared metadata is not the personal resource's type.
  const shared = resourcesV5.shared.metadata_cleartext;
  assert.deepEqual(rules(validateMetadata("v5-default-with-totp", shared)), [
    ["resource_type_id", "matchesType"],
  ]);
});

test("over-long and misplaced fields fail with the server's rule names, never quoting values", () => {
  const long = "S".repeat(4097);
  const violations = validateSecret("v5-default", { password: long, pin_code: "1234" });
  assert.deepEqual(rules(violations), [
    ["password", "maxLength"],
    ["pin_code", "notInType"],
  ]);
  assert.ok(!JSON.stringify(violations).includes("SSSS"));
  assert.deepEqual(rules(validateSecret("password-string", long)), [["password", "maxLength"]]);
  assert.deepEqual(rules(validateSecret("v5-note", { description: "n".repeat(50001) })), [
    ["description", "maxLength"],
  ]);
  assert.deepEqual(rules(validateSecret("v5-pin-code", { pin_code: "12a" })), [
    ["pin_code", "minLength"],
    ["pin_code", "pattern"],
  ]);
  assert.deepEqual(rules(validateSecret("totp", { totp: { algorithm: "SHA1", secret_key: "A", digits: 9 } })), [
    ["totp.digits", "exclusiveMaximum"],
  ]);
  const metadata = { ...resourcesV5.shared.metadata_cleartext, name: "n".repeat(256) };
  assert.deepEqual(rules(validateMetadata("v5-default", metadata)), [["name", "maxLength"]]);
  assert.deepEqual(rules(validateMetadata("password-string", { uri: "u".repeat(1025) })), [
    ["name", "required"],
    ["uri", "maxLength"],
  ]);

  const e = throwsCoded(() => serializeSecret("v5-default", { password: long }), "ApiError", "INVALID_INPUT");
  assert.deepEqual(rules(e.violations), [["password", "maxLength"]]);
  assert.ok(!e.message.includes("SSSS") && !JSON.stringify(e.violations).includes("SSSS"));
  throwsCoded(() => validateSecret("nope", {}), "ApiError", "UNKNOWN_RESOURCE_TYPE");
  assert.throws(() => validateSecret("v5-default", () => 1), TypeError);
});

test("secrets are written per type: raw string, v4 JSON, v5 JSON with object_type first", () => {
  const plain = resourcesV5.v4_password_string.secret_cleartext;
  assert.equal(serializeSecret("password-string", plain), plain);
  assert.equal(serializeSecret("password-string", { password: plain }), plain);

  const v4 = resourcesV5.v4_password_and_description.secret_cleartext;
  const v4Text = serializeSecret("password-and-description", v4);
  assert.deepEqual(JSON.parse(v4Text), v4);
  assert.ok(!v4Text.includes("object_type"));

  for (const name of ["shared", "personal"]) {
    const { metadata_cleartext: metadata, secret_cleartext: secret } = resourcesV5[name];
    const { object_type, ...withoutObjectType } = secret;
    const text = serializeSecret(metadata.resource_type_id, withoutObjectType);
    assert.ok(text.startsWith('{"object_type":"PASSBOLT_SECRET_DATA",'), text.slice(0, 40));
    assert.deepEqual(JSON.parse(text), secret);
    assert.equal(object_type, "PASSBOLT_SECRET_DATA");
  }
});

test("decrypted secrets are read per type, and a malformed one names its field", () => {
  const plain = resourcesV5.v4_password_string.secret_cleartext;
  assert.deepEqual(parseSecret("password-string", plain), {
    password: plain,
    description: null,
    totp: null,
    pin_code: null,
    custom_fields: null,
  });
  const personal = resourcesV5.personal;
  const read = parseSecret(personal.metadata_cleartext.resource_type_id, JSON.stringify(personal.secret_cleartext));
  assert.deepEqual(read, {
    password: "P3rsonal-P@ss",
    description: "",
    totp: { algorithm: "SHA1", secret_key: "JBSWY3DPEHPK3PXP", digits: 6, period: 30 },
    pin_code: null,
    custom_fields: null,
  });
  const wrong = JSON.stringify({ object_type: "PASSBOLT_RESOURCE_METADATA", password: "hunter2-secret" });
  const e = throwsCoded(() => parseSecret("v5-default", wrong), "ApiError", "MALFORMED_SECRET");
  assert.equal(e.path, "secret.object_type");
  assert.ok(!e.message.includes("hunter2"));
  throwsCoded(() => parseSecret("v5-note", "not json: hunter2"), "ApiError", "MALFORMED_SECRET");
});

test("the auth-token codec decodes the server's header and encodes like PHP", () => {
  const header = gpgauth.x_gpgauth_user_auth_token_header_value;
  assert.equal(decodeUserAuthToken(header), gpgauth.user_auth_token_armored);
  assert.equal(encodeUserAuthToken(gpgauth.user_auth_token_armored), header);
  assert.ok(header.startsWith("-----BEGIN\\+PGP\\+MESSAGE-----%0A%0A"));
  assert.equal(decodeUserAuthToken("a+b%20c\\.d"), "a b c.d");
  throwsCoded(() => decodeUserAuthToken("%FF%FE"), "AuthError", "HEADER_ENCODING");
});

test("the GPGAuth token check returns the nonce or names the defect", () => {
  assert.equal(checkGpgAuthToken(gpgauth.user_auth_token_cleartext), "7bfe4f1a-2cd2-41bc-b8af-4ca78f0af8d3");
  assert.equal(
    checkGpgAuthToken(gpgauth.server_verify_token_cleartext.toUpperCase().replaceAll("GPGAUTHV1.3.0", "gpgauthv1.3.0")),
    "20BEA022-D302-4E08-999A-C8258D68C1C0",
  );
  const uuid = "20bea022-d302-4e08-999a-c8258d68c1c0";
  for (const [token, defect] of [
    [`gpgauthv1.3.0|36|${uuid}`, "PART_COUNT"],
    [`gpgauthv1.2.0|36|${uuid}|gpgauthv1.3.0`, "VERSION"],
    [`gpgauthv1.3.0|35|${uuid}|gpgauthv1.3.0`, "LENGTH"],
    ["gpgauthv1.3.0|36|secret-nonce-not-a-uuid-0000000000000|gpgauthv1.3.0", "UUID"],
  ]) {
    const e = throwsCoded(() => checkGpgAuthToken(token), "AuthError", "INVALID_TOKEN");
    assert.equal(e.defect, defect, token);
    assert.ok(!e.message.includes("secret-nonce") && !e.message.includes(uuid));
  }
});

test("list queries are the strings protocol.md shows", () => {
  const decoded = (path, query) => decodeURIComponent(buildListQuery(path, query));
  // The extension's local-storage refresh (protocol.md §4.2).
  assert.equal(
    buildListQuery("/resources.json", { contain: ["permission", "favorite", "tag"] }),
    "/resources.json?contain%5Bpermission%5D=1&contain%5Bfavorite%5D=1&contain%5Btag%5D=1&api-version=v2",
  );
  // Appendix A: /gpgkeys?filter[modified-after]=ts&filter[is-deleted]=0
  assert.equal(
    decoded("/gpgkeys.json", { filter: { "modified-after": 1794737786, "is-deleted": false } }),
    "/gpgkeys.json?filter[modified-after]=1794737786&filter[is-deleted]=0&api-version=v2",
  );
  // §1.1: lists as repeated filter[has-id][]; values are percent-encoded.
  assert.equal(
    decoded("/resources.json", { filter: { "has-id": ["a", "b"], search: "x&y=z" } }),
    "/resources.json?filter[has-id][]=a&filter[has-id][]=b&filter[search]=x&y=z&api-version=v2",
  );
  assert.ok(buildListQuery("/resources.json", { filter: { search: "x&y=z" } }).includes("x%26y%3Dz"));
  assert.equal(buildListQuery("/users.json", {}), "/users.json?api-version=v2");

  const e = throwsCoded(
    () => buildListQuery("/resources.json", { contain: ["ok"], filter: { "has-id][": true } }),
    "ApiError",
    "INVALID_INPUT",
  );
  assert.deepEqual(rules(e.violations), [["filter.0", "pattern"]]);
  throwsCoded(() => buildListQuery("resources.json", {}), "ApiError", "INVALID_INPUT");
  assert.throws(() => buildListQuery("/resources.json", { filter: { x: 1.5 } }), TypeError);
  assert.throws(() => buildListQuery("/resources.json", { order: ["name"] }), TypeError);
});
