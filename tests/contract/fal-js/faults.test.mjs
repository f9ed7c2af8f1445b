// fal-js's retry policy against the emulator's injected faults: what it retries (initiate on 429, 502, 503, 504; each
// part up to 3 times) must end in an object served byte for byte. Not the single PUT, which fal-js does not retry.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { startEmulator } from "./emulator.mjs";
import { falClientFor } from "./falClient.mjs";
import { assertServed } from "./readBack.mjs";

// fal-js uploads in parts above 90 MiB, in parts of 10 MiB: one byte more makes ten parts, the last of one byte.
const multipartThreshold = 90 * 1024 * 1024;

let emulator;
let fal;

before(async () => {
  // Counted per kind from the start: the 1st initiate (this file's first test) is rate limited, and the 3rd part
  // request (part 3 of the multipart upload) is dropped mid-body. The request log says what was injected.
  emulator = await startEmulator({ args: ["--fault-nth", "initiate:1=429", "--fault-nth", "part:3=drop"], logLevel: "Information" });
  fal = falClientFor(emulator.url);
});

after(async () => {
  await emulator?.stop();
});

test("an initiate answered 429 (Retry-After) is retried, and the upload is served", async () => {
  const bytes = randomBytes(5000);

  const fileUrl = await fal.storage.upload(new File([bytes], "limited.png", { type: "image/png" }));

  await assertServed(fileUrl, bytes, "image/png");
  await assertLogged(/route=initiate status=429 .*fault=429/);
});

test("a multipart upload just above the 90 MiB threshold, parts one at a time, a dropped part sent again", async () => {
  const bytes = randomBytes(multipartThreshold + 1);

  const fileUrl = await fal.storage.upload(new File([bytes], "large.mov", { type: "video/quicktime" }));

  assert.match(fileUrl, /\/large\.mov$/);
  await assertServed(fileUrl, bytes, "video/quicktime");
  await assertLogged(/route=part status=\S+ .*fault=drop/);
});

/** The emulator's request log (written in the background) shows the injected fault, so the retry was needed. */
async function assertLogged(line) {
  for (let waited = 0; !line.test(emulator.output()) && waited < 5000; waited += 100) {
    await sleep(100);
  }
  assert.match(emulator.output(), line, "the fault was not injected");
}
