using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Xml.Linq;

namespace FalStorage.Tests.Infrastructure;

/// <summary>
/// The screen text of the module's list views. The engine shows the first view of a type unless Format-List
/// asks for another (Format-List is not in the hosted engine), so the views are rendered from the built format
/// file with its table views taken out. One Out-Default per object: given several types at once, it lays the
/// later ones out in the first one's shape.
/// </summary>
public static class ListViews
{
    public static string Render(params object[] items) => string.Concat(RenderEach(items));

    /// <summary>The screen text of each object's list view, in order.</summary>
    public static List<string> RenderEach(params object[] items)
    {
        using var folder = new TempFolder();
        var formats = XDocument.Load(Path.Combine(RepoPaths.Root, "out", "FalStorage", "FalStorage.Format.ps1xml"));
        formats.Descendants("View").Where(view => view.Element("TableControl") != null).Remove();
        var listOnly = Path.Combine(folder.Path, "ListViews.Format.ps1xml");
        formats.Save(listOnly);

        var state = InitialSessionState.CreateDefault2();
        state.Formats.Add(new SessionStateFormatEntry(listOnly));
        state.ThrowOnRunspaceOpenError = true;
        var screen = new RecordingHost();
        using var runspace = RunspaceFactory.CreateRunspace(screen, state);
        runspace.Open();
        var texts = new List<string>();
        foreach (var item in items)
        {
            var before = screen.ScreenText.Length;
            using var shell = PowerShell.Create();
            shell.Runspace = runspace;
            shell.AddScript("$args[0] | Out-Default").AddArgument(item);
            PipelineResult.Capture(shell).AssertSucceeded();
            texts.Add(screen.ScreenText[before..]);
        }

        return texts;
    }
}
