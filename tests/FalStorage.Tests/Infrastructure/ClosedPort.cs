using System.Net;
using System.Net.Sockets;

namespace FalStorage.Tests.Infrastructure;

/// <summary>An address on loopback where nothing listens: connecting to it is refused at once.</summary>
public static class ClosedPort
{
    /// <summary>A port that was free a moment ago; another process taking it in between is unlikely enough.</summary>
    public static Uri Address()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
