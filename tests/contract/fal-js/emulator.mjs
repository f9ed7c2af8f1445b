// Starts the built FalStorage emulator as its own process, on a free port of 127.0.0.1 with a temporary data folder,
// and stops it (and deletes the folder) when asked or when this process exits (also on SIGINT and SIGTERM).
import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

// What `dotnet build FalStorage.sln -c Release` writes (.ci/run builds it first); FALSTORAGE_EMULATOR_DLL names another.
const emulatorDll =
  process.env.FALSTORAGE_EMULATOR_DLL ??
  path.join(repository, "src/FalStorage.Emulator/bin/Release/net10.0/FalStorage.Emulator.dll");

export const key = "contract-id:contract-secret";

// Emulators still running when this process ends (a failed start, an interrupted run) are killed, their folders deleted.
const running = new Map();
process.on("exit", () => {
  for (const [child, data] of running) {
    child.kill("SIGKILL");
    rmSync(data, { recursive: true, force: true, maxRetries: 3 });
  }
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => process.exit(128 + (signal === "SIGINT" ? 2 : 15)));
}

/**
 * Starts an emulator with extra command-line arguments (e.g. faults) at a log level (Information writes the request
 * log); resolves to { url, output, stop }: output() is what it printed so far.
 */
export async function startEmulator({ args = [], logLevel = "Warning" } = {}) {
  if (!existsSync(emulatorDll)) {
    throw new Error(`${emulatorDll} is not built: run dotnet build FalStorage.sln -c Release first`);
  }

  // Under FAL_JS_CONTRACT_TMP when .ci/run gives one (and deletes it, whatever happens to this process).
  const data = await mkdtemp(path.join(process.env.FAL_JS_CONTRACT_TMP ?? tmpdir(), "fal-js-contract-"));
  const child = spawn(
    "dotnet",
    [emulatorDll, "--urls", "http://127.0.0.1:0", "--data", data, "--key", key, "--log-level", logLevel, ...args],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  running.set(child, data);
  let output = "";
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the emulator did not start within 60 s:\n${output}`)), 60_000);
    const read = (chunk) => {
      output += chunk;
      // "fal Storage emulator listening on http://127.0.0.1:41234/ | data: ..."
      const started = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (started) {
        clearTimeout(timer);
        resolve(started[1]);
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited with ${code} before it started:\n${output}`));
    });
  });

  async function stop() {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    running.delete(child);
    await rm(data, { recursive: true, force: true });
  }

  return { url, output: () => output, stop };
}
