// A `fetch` for fal's JavaScript client that sends it to an emulator: storage.js of 1.10.1 calls
// `${getRestApiUrl()}/storage/upload/initiate[-multipart]` (https://rest.fal.ai) and then the upload_url the service
// answered (the emulator's own address): only the REST host needs rewriting. Anything else would leave the machine, so
// it is refused. No dependencies: the benchmark (session.mjs) and the contract suite (tests/contract/fal-js) share it.
const falRestHosts = new Set(["rest.fal.ai", "rest.alpha.fal.ai"]);

export function emulatorFetch(emulatorUrl) {
  const emulator = new URL(emulatorUrl);
  function toEmulator(input) {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    if (falRestHosts.has(url.hostname)) {
      url.protocol = emulator.protocol;
      url.host = emulator.host;
    }
    if (url.host !== emulator.host) {
      throw new Error(`refused: ${url.origin} is not the emulator`);
    }
    return url;
  }

  return (input, init) => fetch(toEmulator(input), init);
}
