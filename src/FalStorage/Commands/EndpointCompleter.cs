using System;
using System.Collections.Generic;
using FalStorage.Core.Credentials;

namespace FalStorage.Commands
{
    /// <summary>
    /// Completes -Endpoint with the endpoints there are, instead of file names: FAL_REST_HOST when set, fal's REST
    /// hosts, and the address the local emulator listens on by default.
    /// </summary>
    internal sealed class EndpointCompleter : ValueCompleter
    {
        /// <summary>The emulator's default --urls.</summary>
        public const string EmulatorEndpoint = "http://127.0.0.1:8787";

        /// <summary>The name fal's current clients use for the REST host; it reaches the same service as the default.</summary>
        public const string CurrentRestHost = "https://rest.fal.ai";

        protected override IEnumerable<(string Value, string ToolTip)> Candidates()
        {
            var restHost = Environment.GetEnvironmentVariable(CredentialResolver.RestHostVariable)?.Trim();
            var known = new[]
            {
                (restHost, "FAL_REST_HOST: the endpoint when -Endpoint is not given"),
                (CredentialResolver.DefaultEndpoint, "fal's REST host: the endpoint when neither -Endpoint nor FAL_REST_HOST is given"),
                (CurrentRestHost, "fal's REST host, by the name fal's current clients use"),
                (EmulatorEndpoint, "the local fal Storage emulator, at the address it listens on by default"),
            };
            var offered = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (value, toolTip) in known)
            {
                if (!string.IsNullOrEmpty(value) && offered.Add(value!))
                {
                    yield return (value!, toolTip);
                }
            }
        }
    }
}
