// parseEnvelope of the packed package on the Passbolt-shaped API fixtures.
import test from "node:test";
import assert from "node:assert/strict";
import init, { parseEnvelope } from "passbolt-core";
import { readText } from "./helpers.mjs";

await init();
const fixture = (name) => readText("fixtures", "api", name);

test("a 400 validation error is flattened to path/rule/message items", () => {
  const env = parseEnvelope(400, fixture("error_400_validation_resource.json"));
  assert.equal(env.ok, false);
  assert.equal(env.http_status, 400);
  assert.deepEqual(env.validation_errors, [
    { path: "name", rule: "_empty", message: "The name should not be empty." },
    {
      path: "secrets.0.data",
      rule: "isValidOpenPGPMessage",
      message: "The message should be a valid ASCII-armored OpenPGP message.",
    },
  ]);
});

test("GPGAuth stage 1's HTTP 200 with status error is not ok", () => {
  const env = parseEnvelope(200, fixture("auth_login_stage1_body.json"));
  assert.equal(env.ok, false);
  assert.equal(env.header.status, "error");
  assert.equal(env.header.message, "The authentication failed.");
  assert.equal(env.body, null);
});

test("every header field and the pagination are returned", () => {
  const env = parseEnvelope(200, fixture("resources_index.json"));
  const raw = JSON.parse(fixture("resources_index.json"));
  assert.deepEqual(env.header, raw.header);
  assert.deepEqual(env.body, raw.body);
  assert.equal(env.ok, true);
});

test("an HTML proxy page, an empty body and broken JSON throw EnvelopeErrors", () => {
  for (const [status, body, code] of [
    [502, "<html><head><title>502 Bad Gateway</title></head></html>", "HTML_BODY"],
    [504, "", "EMPTY_BODY"],
    [200, '{"header": {"status": "success"', "INVALID_JSON"],
    [200, fixture("auth_jwt_jwks.json"), "NOT_AN_ENVELOPE"],
  ]) {
    assert.throws(() => parseEnvelope(status, body), (e) => {
      assert.equal(e.name, "EnvelopeError");
      assert.equal(e.code, code);
      assert.equal(e.http_status, status);
      assert.match(e.message, new RegExp(`HTTP ${status}`));
      return true;
    });
  }
});
