// fal's JavaScript client as a user creates it, pointed at an emulator through its `fetch` option, as the benchmark
// points it (bench/fal-js/emulatorFetch.mjs: fal's REST host becomes the emulator, any other host is refused).
import { createFalClient } from "@fal-ai/client";
import { emulatorFetch } from "../../../bench/fal-js/emulatorFetch.mjs";
import { key } from "./emulator.mjs";

export function falClientFor(emulatorUrl) {
  return createFalClient({ credentials: key, fetch: emulatorFetch(emulatorUrl) });
}
