// The emulator's public types live in namespaces that follow its folders; every test may use them, as it used them
// when they were all in FalStorage.Emulator.
global using FalStorage.Emulator.Faults;
global using FalStorage.Emulator.Storage;
