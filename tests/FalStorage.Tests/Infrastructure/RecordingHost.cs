using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace FalStorage.Tests.Infrastructure;

/// <summary>
/// A host with no one at the keyboard, like Azure Automation's: it records the text the engine writes
/// to the screen (Out-Default, Out-Host) and fails any prompt, which a non-interactive host cannot answer.
/// </summary>
public sealed class RecordingHost : PSHost
{
    private readonly RecordingHostUserInterface _ui = new();

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override string Name => nameof(RecordingHost);

    public override PSHostUserInterface UI => _ui;

    public override Version Version { get; } = new(1, 0);

    /// <summary>What was written to the screen so far.</summary>
    public string ScreenText => _ui.Screen.ToString();

    public override void EnterNestedPrompt() => throw new NotSupportedException("No nested prompts without a user.");

    public override void ExitNestedPrompt() => throw new NotSupportedException("No nested prompts without a user.");

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    public override void SetShouldExit(int exitCode)
    {
    }

    private sealed class RecordingHostUserInterface : PSHostUserInterface
    {
        public StringBuilder Screen { get; } = new();

        // No raw console: the formatter then lays tables out for its default width.
        public override PSHostRawUserInterface? RawUI => null;

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw Prompted(nameof(Prompt), message);

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) =>
            throw Prompted(nameof(PromptForChoice), message);

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw Prompted(nameof(PromptForCredential), message);

        public override PSCredential PromptForCredential(
            string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw Prompted(nameof(PromptForCredential), message);

        public override string ReadLine() => throw Prompted(nameof(ReadLine), string.Empty);

        public override SecureString ReadLineAsSecureString() => throw Prompted(nameof(ReadLineAsSecureString), string.Empty);

        // Like the console host, it leaves the $PSStyle decoration to the engine's rule for a screen
        // without VT support: the recorded text is what a user reads.
        public override void Write(string value) => Screen.Append(GetOutputString(value, SupportsVirtualTerminal));

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);

        public override void WriteLine(string value) => Write(value + Environment.NewLine);

        public override void WriteErrorLine(string value) => WriteLine(value);

        public override void WriteDebugLine(string message)
        {
        }

        public override void WriteVerboseLine(string message)
        {
        }

        public override void WriteWarningLine(string message)
        {
        }

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
        }

        private static InvalidOperationException Prompted(string method, string message) =>
            new($"The host was asked to prompt ({method}: {message}), which a non-interactive host cannot answer.");
    }
}
