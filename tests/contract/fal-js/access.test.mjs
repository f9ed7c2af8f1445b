// fal.storage.upload of fal's JavaScript client (1.10.1) with an ACL on the upload (`lifecycle: { initialAcl }`, sent
// as X-Fal-Object-Lifecycle on initiate): the emulator takes it (before issue 18 it answered 422), and the CDN refuses
// an anonymous read of the file: hide as a missing file (404), forbid with a 403. A CDN token of the uploader reads it.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { key, startEmulator } from "./emulator.mjs";
import { falClientFor } from "./falClient.mjs";
import { sha256 } from "./readBack.mjs";

let emulator;
let fal;

before(async () => {
  emulator = await startEmulator();
  fal = falClientFor(emulator.url);
});

after(async () => {
  await emulator?.stop();
});

/** A CDN token of the key fal-js uploads with, as fal's Python client gets one. */
async function cdnToken() {
  const response = await fetch(`${emulator.url}/storage/auth/token?storage_type=fal-cdn-v3`, {
    method: "POST",
    headers: { Authorization: `Key ${key}`, "Content-Type": "application/json" },
    body: "{}",
  });
  assert.equal(response.status, 200);
  return (await response.json()).token;
}

for (const { decision, status } of [
  { decision: "hide", status: 404 },
  { decision: "forbid", status: 403 },
]) {
  test(`initialAcl { default: '${decision}' }: an anonymous read is ${status}, the uploader's token reads it`, async () => {
    const bytes = randomBytes(4096);

    const fileUrl = await fal.storage.upload(new File([bytes], `${decision}.png`, { type: "image/png" }), {
      lifecycle: { initialAcl: { default: decision } },
    });

    assert.match(fileUrl, new RegExp(`^${emulator.url}/files/[0-9a-f]{32}/`));
    for (const method of ["GET", "HEAD"]) {
      const anonymous = await fetch(fileUrl, { method });
      assert.equal(anonymous.status, status, `an anonymous ${method} answered ${anonymous.status}`);
      await anonymous.arrayBuffer();
    }

    const owner = await fetch(fileUrl, { headers: { Authorization: `Bearer ${await cdnToken()}` } });
    assert.equal(owner.status, 200);
    assert.equal(sha256(Buffer.from(await owner.arrayBuffer())), sha256(bytes));
  });
}

test("initialAcl with a lifetime: both apply, and the file's ACL reads back through the Platform API", async () => {
  const fileUrl = await fal.storage.upload(new File([randomBytes(10)], "both.png", { type: "image/png" }), {
    lifecycle: { expiresIn: "1h", initialAcl: { default: "forbid", rules: [{ user: "nobody-here", decision: "allow" }] } },
  });

  assert.equal((await fetch(fileUrl)).status, 403);
  const acl = await fetch(`${emulator.url}/v1/storage/files/acl?url=${encodeURIComponent(fileUrl)}`, {
    headers: { Authorization: `Key ${key}` },
  });
  assert.equal(acl.status, 200);
  // The rule names a user the emulator does not have: dropped, as fal drops it.
  assert.deepEqual(await acl.json(), { default: "forbid", rules: [] });
});
