using System;
using System.Management.Automation;

namespace FalStorage.Commands
{
    /// <summary>
    /// Refuses, with what to do instead, a session or ticket that crossed into another process (Start-Job,
    /// Invoke-Command, a remote session): PowerShell serializes it into a property bag without the key it needs,
    /// which binding would otherwise report as a bare conversion failure.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class LiveObjectTransformationAttribute : ArgumentTransformationAttribute
    {
        private readonly Type _type;

        public LiveObjectTransformationAttribute(Type type)
        {
            _type = type;
        }

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            if (inputData is PSObject wrapped && !_type.IsInstanceOfType(wrapped.BaseObject)
                && wrapped.TypeNames.Contains("Deserialized." + _type.FullName))
            {
                throw new ArgumentTransformationMetadataException(
                    $"This {_type.Name} came from another process (Start-Job, Invoke-Command or a remote session, which pass copies of objects, not the objects): " +
                    "a session, and a ticket bound to one, holds a key that is never copied out of its process. Connect inside the job instead: " +
                    "Connect-FalStorage with the key from FAL_KEY, or -Key (Get-Secret FalKey). ForEach-Object -Parallel and Start-ThreadJob run in the same process, and take -Session $using:session.");
            }

            return inputData;
        }
    }
}
