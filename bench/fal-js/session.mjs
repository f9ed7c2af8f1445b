// fal's JavaScript client as a long-lived benchmark session: it prints "ready <pid>", then reads one JSON command
// per line on stdin and answers one JSON line: {"seconds", "count", "errors"}, the time measured around the command.
//   {"op": "list", "folder": "..."}                      lists the folder (the idle baseline of CPU)
//   {"op": "upload", "folder": "...", "concurrency": 8}  fal.storage.upload() of every file, that many at once
// Usage: FAL_KEY=<key> node session.mjs <emulator url>
import { createFalClient } from "@fal-ai/client";
import { openAsBlob } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { emulatorFetch } from "./emulatorFetch.mjs";

const fal = createFalClient({
  credentials: process.env.FAL_KEY,
  fetch: emulatorFetch(process.argv[2]),
});

async function filesIn(folder) {
  const names = (await readdir(folder, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
  return names.sort().map((name) => path.join(folder, name));
}

// A file-backed Blob (read as it is sent, not held in memory), named as the file, as a Node user would pass it.
async function fileToUpload(filePath) {
  const blob = await openAsBlob(filePath);
  return new File([blob], path.basename(filePath), { type: "application/octet-stream" });
}

async function uploadAll(paths, concurrency) {
  let next = 0;
  let uploaded = 0;
  async function worker() {
    while (next < paths.length) {
      const filePath = paths[next++];
      await fal.storage.upload(await fileToUpload(filePath));
      uploaded++;
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, paths.length) }, worker));
  return uploaded;
}

async function run(command) {
  const paths = await filesIn(command.folder);
  switch (command.op) {
    case "list":
      return paths.length;
    case "upload":
      return await uploadAll(paths, command.concurrency);
    default:
      throw new Error(`unknown op ${command.op}`);
  }
}

process.stdout.write(`ready ${process.pid}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line);
  const started = process.hrtime.bigint();
  let count = 0;
  const errors = [];
  try {
    count = await run(command);
  } catch (error) {
    errors.push(String(error?.message ?? error));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(JSON.stringify({ seconds, count, errors }) + "\n");
}
