using System.Runtime.InteropServices;
using FalStorage.Emulator;
using FalStorage.Emulator.Faults;

EmulatorOptions options;
try
{
    options = EmulatorOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(EmulatorOptions.HelpText);
    return 0;
}

using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stopping.Cancel();
});

FalStorageEmulator emulator;
try
{
    emulator = await FalStorageEmulator.StartAsync(options, stopping.Token);
}
catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: the emulator could not start: {ex.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    return 0;
}

await using (emulator)
{
    var keys = options.Keys.Count + options.Users.Count > 0
        ? $"the keys of {emulator.Users.Count} user(s): {string.Join(", ", emulator.Users.Select(user => user.Nickname))}"
        : "the development key (see --help)";
    var faults = !options.Faults.IsActive ? ""
        : FaultReach.Unmet(options.Faults, options.TokenUpload) is null ? " | FAULT INJECTION ON"
        : " | FAULT INJECTION ON (read the warning: which uploads meet it)";
    Console.WriteLine(
        $"fal Storage emulator listening on {string.Join(", ", emulator.Addresses)} | data: {emulator.DataDirectory} | accepting {keys}{faults} | Ctrl+C to stop");
    try
    {
        await Task.Delay(Timeout.Infinite, stopping.Token);
    }
    catch (OperationCanceledException)
    {
        // Ctrl+C or SIGTERM: fall through to a graceful stop.
        Console.WriteLine($"Stopping: requests in flight may finish for up to {options.ShutdownTimeout.TotalSeconds:0.#} s.");
    }
}

Console.WriteLine("Stopped.");

return 0;
