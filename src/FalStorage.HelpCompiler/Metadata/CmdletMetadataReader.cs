using System.Collections.ObjectModel;
using System.Reflection;
using System.Runtime.InteropServices;

namespace FalStorage.HelpCompiler.Metadata;

/// <summary>
/// Reads the cmdlets of a built module assembly with MetadataLoadContext: their attributes only, so neither the
/// module nor PowerShell is loaded (the assembly targets netstandard2.0 and PowerShellStandard's reference assembly).
/// </summary>
internal static class CmdletMetadataReader
{
    private const string Automation = "System.Management.Automation.";

    /// <param name="assemblyPath">The module's built assembly.</param>
    /// <param name="referencePaths">Assemblies it references that are not part of .NET (System.Management.Automation).</param>
    public static IReadOnlyList<CmdletMetadata> Read(string assemblyPath, IEnumerable<string> referencePaths)
    {
        var runtime = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll");
        using var context = new MetadataLoadContext(new PathAssemblyResolver(runtime.Concat(referencePaths).Append(assemblyPath)));
        var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath));
        return assembly.GetExportedTypes()
            .Where(type => !type.IsAbstract)
            .Select(type => (Type: type, Cmdlet: Attributes(type.GetCustomAttributesData(), "CmdletAttribute").FirstOrDefault()))
            .Where(t => t.Cmdlet != null)
            .Select(t => Cmdlet(t.Type, t.Cmdlet!))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static CmdletMetadata Cmdlet(Type type, CustomAttributeData cmdlet)
    {
        var outputTypes = Attributes(type.GetCustomAttributesData(), "OutputTypeAttribute")
            .SelectMany(a => Values(a.ConstructorArguments[0]))
            .Select(value => value is Type t ? t.FullName! : (string)value!)
            .Where(name => name != "System.Void")
            .ToList();
        var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(Parameter)
            .OfType<ParameterMetadata>()
            .ToList();
        return new CmdletMetadata(
            $"{cmdlet.ConstructorArguments[0].Value}-{cmdlet.ConstructorArguments[1].Value}",
            (string?)Named(cmdlet, "HelpUri") ?? "",
            (bool?)Named(cmdlet, "SupportsShouldProcess") ?? false,
            (string?)Named(cmdlet, "DefaultParameterSetName"),
            outputTypes,
            parameters);
    }

    private static ParameterMetadata? Parameter(PropertyInfo property)
    {
        var attributes = property.GetCustomAttributesData();
        var bindings = Attributes(attributes, "ParameterAttribute").Select(p => new ParameterBinding(
            (string?)Named(p, "ParameterSetName") ?? ParameterBinding.AllSets,
            (bool?)Named(p, "Mandatory") ?? false,
            Named(p, "Position") is int position && position >= 0 ? position : null,
            (bool?)Named(p, "ValueFromPipeline") ?? false,
            (bool?)Named(p, "ValueFromPipelineByPropertyName") ?? false)).ToList();
        if (bindings.Count == 0)
        {
            return null;
        }

        var type = property.PropertyType;
        if (type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1")
        {
            type = type.GetGenericArguments()[0];
        }

        return new ParameterMetadata(
            property.Name,
            type.FullName!,
            type.Name,
            type.IsArray,
            Attributes(attributes, "AliasAttribute").SelectMany(a => Values(a.ConstructorArguments[0])).Cast<string>().ToList(),
            Attributes(attributes, "ValidateSetAttribute").SelectMany(a => Values(a.ConstructorArguments[0])).Cast<string>().ToList(),
            bindings);
    }

    private static IEnumerable<CustomAttributeData> Attributes(IEnumerable<CustomAttributeData> attributes, string name) =>
        attributes.Where(a => a.AttributeType.FullName == Automation + name);

    private static object? Named(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Where(a => a.MemberName == name).Select(a => a.TypedValue.Value).FirstOrDefault();

    /// <summary>A params array argument's elements (or a single argument as one).</summary>
    private static IEnumerable<object?> Values(CustomAttributeTypedArgument argument) =>
        argument.Value is ReadOnlyCollection<CustomAttributeTypedArgument> items ? items.Select(i => i.Value) : [argument.Value];
}
