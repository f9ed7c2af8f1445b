using FalStorage.HelpCompiler;
using FalStorage.HelpCompiler.Metadata;

// FalStorage.HelpCompiler <module assembly> <pages folder> <MAML file> [reference assembly...]
// Run by FalStorage.csproj after each build; errors are in MSBuild's form, against the page to fix.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: FalStorage.HelpCompiler <module assembly> <pages folder> <MAML file> [reference assembly...]");
    return 2;
}

var cmdlets = CmdletMetadataReader.Read(args[0], args[3..]);
var (maml, errors) = HelpCompilation.Compile(args[1], cmdlets);
if (maml == null)
{
    foreach (var error in errors)
    {
        Console.Error.WriteLine(error);
    }

    return 1;
}

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[2]))!);
maml.Save(args[2]);
Console.WriteLine($"{args[2]}: help for {cmdlets.Count} cmdlets");
return 0;
