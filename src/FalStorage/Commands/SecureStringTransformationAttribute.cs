using System;
using System.Management.Automation;
using System.Security;

namespace FalStorage.Commands
{
    /// <summary>
    /// Lets a SecureString parameter also take a plain string, as Get-AutomationVariable returns
    /// encrypted Automation variables. The value never appears in the message of a failed conversion.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            switch (inputData is PSObject wrapped ? wrapped.BaseObject : inputData)
            {
                case SecureString secure:
                    return secure;
                case string plain:
                    var converted = new SecureString();
                    foreach (var character in plain)
                    {
                        converted.AppendChar(character);
                    }

                    converted.MakeReadOnly();
                    return converted;
                default:
                    throw new ArgumentTransformationMetadataException("The key must be a SecureString or a string.");
            }
        }
    }
}
