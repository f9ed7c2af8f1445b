import assert from "node:assert/strict";
import { createHash } from "node:crypto";

/** Reads the object back from its URL (public, no credentials) and checks it byte for byte, and its type. */
export async function assertServed(fileUrl, bytes, contentType) {
  const response = await fetch(fileUrl);
  assert.equal(response.status, 200, `${fileUrl} answered ${response.status}`);
  const served = Buffer.from(await response.arrayBuffer());
  assert.equal(served.length, bytes.length, "length");
  // A digest rather than the bytes: a mismatch in megabytes reads better as two hashes.
  assert.equal(sha256(served), sha256(bytes), "the bytes served differ from the bytes uploaded");
  if (contentType !== undefined) {
    assert.equal(response.headers.get("content-type"), contentType);
  }
}

export function sha256(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}
