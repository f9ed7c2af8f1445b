using System.Management.Automation;

namespace FalStorage.Tests.Infrastructure;

/// <summary>
/// The screen text of the module's list views: <c>Format-List | Out-String</c> on the engine with the built
/// module imported. One pipeline per object: given several types at once, Format-List lays the later ones out
/// in the first one's shape.
/// </summary>
public static class ListViews
{
    public static string Render(params object[] items) => string.Concat(RenderEach(items));

    /// <summary>The screen text of each object's list view, in order.</summary>
    public static List<string> RenderEach(params object[] items)
    {
        using var host = new ModuleHost();
        return items.Select(item =>
        {
            var result = host.Run("$args[0] | Format-List | Out-String -Width 200", item);
            result.AssertSucceeded();
            return (string)result.Output.Single().BaseObject;
        }).ToList();
    }
}
