using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// A TCP relay between the application and its PostgreSQL server that a test can cut and mend, as a
/// network outage or a database restart would: while cut, every open connection is dropped and every
/// new one is closed as soon as it is accepted.
/// </summary>
public sealed class CuttableLink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<TcpClient, byte> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private volatile bool _cut;

    /// <summary>Relays to the server of <paramref name="connectionString"/>; <see cref="ConnectionString"/> is the same through the relay.</summary>
    public CuttableLink(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        // An embedded cluster is reached through its socket file, and listens on 127.0.0.1 too: relay to that.
        _targetHost = target.Host is { } host && !host.StartsWith('/') ? host : "127.0.0.1";
        _targetPort = target.Port;
        _listener.Start();
        target.Host = "127.0.0.1";
        target.Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        ConnectionString = target.ConnectionString;
        _accepting = AcceptAsync();
    }

    public string ConnectionString { get; }

    /// <summary>Drops every connection and refuses new ones until <see cref="Mend"/>.</summary>
    public void Cut()
    {
        _cut = true;
        foreach (var client in _open.Keys)
        {
            Close(client);
        }
    }

    public void Mend() => _cut = false;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            if (_cut)
            {
                client.Dispose();
                continue;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var server = new TcpClient();
        _open[client] = 0;
        _open[server] = 0;
        try
        {
            await server.ConnectAsync(_targetHost, _targetPort, _stop.Token);
            var up = client.GetStream().CopyToAsync(server.GetStream(), _stop.Token);
            var down = server.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
            await Task.WhenAny(up, down);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // A cut or a closed side: both ends are closed below.
        }
        finally
        {
            Close(client);
            Close(server);
        }
    }

    private void Close(TcpClient client)
    {
        _open.TryRemove(client, out _);
        try
        {
            // Reset rather than a polite close: the other side sees the connection die, as in an outage.
            client.Client?.LingerState = new LingerOption(true, 0);
            client.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }
}
