// fal.storage.upload of fal's JavaScript client (1.10.1) against the emulator: what it sends must be taken, and what it
// uploads must be served byte for byte.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { startEmulator } from "./emulator.mjs";
import { falClientFor } from "./falClient.mjs";
import { assertServed } from "./readBack.mjs";

let emulator;
let fal;

before(async () => {
  emulator = await startEmulator();
  fal = falClientFor(emulator.url);
});

after(async () => {
  await emulator?.stop();
});

// Below fal-js's 90 MiB threshold: initiate, then one PUT of the body.
const singles = [
  { name: "empty.png", type: "image/png", size: 0 },
  { name: "one.jpg", type: "image/jpeg", size: 1 },
  { name: "café 東京 #1.webp", type: "image/webp", size: 64 * 1024 + 1 },
  { name: "notes.txt", type: "text/plain;charset=utf-8", size: 3000 },
  { name: "clip.mp4", type: "video/mp4", size: 12 * 1024 * 1024 + 7 },
];

for (const { name, type, size } of singles) {
  test(`a single upload: ${name}, ${type}, ${size} bytes`, async () => {
    const bytes = randomBytes(size);

    const fileUrl = await fal.storage.upload(new File([bytes], name, { type }));

    assert.match(fileUrl, new RegExp(`^${emulator.url}/files/[0-9a-f]{32}/`));
    assert.equal(decodeURIComponent(new URL(fileUrl).pathname.split("/").pop()), name);
    await assertServed(fileUrl, bytes, type);
  });
}

test("a Blob without a name or a type: fal-js names it and sends application/octet-stream", async () => {
  const bytes = randomBytes(777);

  const fileUrl = await fal.storage.upload(new Blob([bytes]));

  assert.match(decodeURIComponent(fileUrl), /\/\d+\.octet$/);
  await assertServed(fileUrl, bytes, "application/octet-stream");
});

test("lifecycle expiresIn: a preset keeps the object, a second-long one is gone a second later", async () => {
  const kept = randomBytes(2048);
  const brief = randomBytes(1024);

  const keptUrl = await fal.storage.upload(new File([kept], "kept.png", { type: "image/png" }), { lifecycle: { expiresIn: "1h" } });
  const briefUrl = await fal.storage.upload(new File([brief], "brief.png", { type: "image/png" }), { lifecycle: { expiresIn: 1 } });

  // Only the lower bound of time matters: after 1.5 s the second object is at least 1 s old, however slow the machine.
  await sleep(1500);
  assert.equal((await fetch(briefUrl)).status, 404);
  await assertServed(keptUrl, kept, "image/png");
});
