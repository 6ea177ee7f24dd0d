using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.ServiceRequests;

namespace HanBench.Tooling.Benchmarks;

/// <summary>What <see cref="DuisLoadBenchmark"/> measured.</summary>
/// <param name="Requests">Requests sent.</param>
/// <param name="Clients">Concurrent clients (each sends its next request when its last is answered).</param>
/// <param name="Accepted">Requests answered 200 with a DUIS response that accepted them (I0): a request refused for its
/// signature, rights or RequestID does not count.</param>
/// <param name="Elapsed">From the first request sent to the last answered.</param>
/// <param name="P50">Median latency.</param>
/// <param name="P99">99th percentile latency.</param>
/// <param name="Max">Slowest request.</param>
public sealed record DuisLoadFigures(int Requests, int Clients, int Accepted, TimeSpan Elapsed, TimeSpan P50, TimeSpan P99, TimeSpan Max)
{
    /// <summary>Requests per second over <see cref="Elapsed"/>.</summary>
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;
}

/// <summary>One client of <see cref="DuisLoadBenchmark"/>: the Service User its requests come from, and how it signs them.</summary>
/// <param name="Originator">The RequestID originator (the signer, as DUIS requires).</param>
/// <param name="Sign">Returns the request XML with the Service User's enveloped signature.</param>
public sealed record DuisLoadClient(Eui64 Originator, Func<string, string> Sign);

/// <summary>
/// Load on a DUIS endpoint (issue 9 §3: 1,000 signed requests from 50 concurrent clients, goal p99 under 1 s on a
/// 2-core machine): each client is its own Service User and POSTs signed 12.2 Device Pre-notifications of fresh devices
/// (a write to the inventory each) to /api/v1/serviceD, one after another. DCC's RequestID counter must increase per
/// originator, so clients sharing one would race their own counters and see refusals the load did not cause. The
/// requests are made and signed before the clock starts, so the figures are the endpoint's: XML signature check, schema,
/// rules and the inventory write. Latencies are measured per request on the client side. It prints figures and asserts
/// nothing.
/// </summary>
public static class DuisLoadBenchmark
{
    /// <summary>
    /// Runs <paramref name="requests"/> requests from <paramref name="clients"/> concurrently against
    /// <paramref name="baseAddress"/>; request n goes to client n mod C; <paramref name="progress"/> gets a line every 10 %.
    /// RequestID counters start above the current Unix time in milliseconds × 1,000, so a run against a long-lived
    /// endpoint stays above counters its Service Users used before.
    /// </summary>
    public static async Task<DuisLoadFigures> RunAsync(Uri baseAddress, int requests, IReadOnlyList<DuisLoadClient> clients, Action<string> progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentOutOfRangeException.ThrowIfLessThan(requests, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(clients.Count, 1);
        ulong counterBase = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        var bodies = new string[requests];
        for (int n = 0; n < requests; n++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DuisLoadClient client = clients[n % clients.Count];
            bodies[n] = client.Sign(Prenotification(n, client.Originator, counterBase + (ulong)(n / clients.Count) + 1));
            if ((n + 1) % Math.Max(1, requests / 10) == 0)
            {
                progress($"duis-load: {n + 1}/{requests} requests signed");
            }
        }

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients.Count, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var latencies = new double[requests];
        int accepted = 0;
        int done = 0;
        long first = Stopwatch.GetTimestamp();

        async Task Client(int index)
        {
            for (int n = index; n < requests; n += clients.Count)
            {
                using var content = new StringContent(bodies[n], Encoding.UTF8);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
                long start = Stopwatch.GetTimestamp();
                using HttpResponseMessage response = await http.PostAsync("api/v1/serviceD", content, cancellationToken).ConfigureAwait(false);
                string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                latencies[n] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (response.IsSuccessStatusCode && body.Contains($"ResponseCode>{DuisResponseCodes.Success}<", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref accepted);
                }

                int count = Interlocked.Increment(ref done);
                if (count % Math.Max(1, requests / 10) == 0)
                {
                    progress($"duis-load: {count}/{requests} answered");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients.Count).Select(i => Task.Run(() => Client(i), cancellationToken))).ConfigureAwait(false);
        TimeSpan elapsed = Stopwatch.GetElapsedTime(first);
        Array.Sort(latencies);
        return new DuisLoadFigures(requests, clients.Count, accepted, elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99), TimeSpan.FromMilliseconds(latencies[^1]));
    }

    /// <summary>The n-th request: a 12.2 pre-notification of device 00-AA-FF-…-n from <paramref name="originator"/> with RequestID counter <paramref name="counter"/>.</summary>
    public static string Prenotification(int n, Eui64 originator, ulong counter)
    {
        string device = string.Join('-', BitConverter.GetBytes(0x00AAFF0000000000UL + (ulong)n).Reverse().Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="5.4">
              <sr:Header>
                <sr:RequestID>{originator}:{Keystore.DefaultAccessControlBroker}:{counter.ToString(CultureInfo.InvariantCulture)}</sr:RequestID>
                <sr:CommandVariant>8</sr:CommandVariant>
                <sr:ServiceReference>12.2</sr:ServiceReference>
                <sr:ServiceReferenceVariant>12.2</sr:ServiceReferenceVariant>
              </sr:Header>
              <sr:Body><sr:DevicePrenotification><sr:DeviceID>{device}</sr:DeviceID><sr:DeviceManufacturer>AB01</sr:DeviceManufacturer><sr:DeviceModel>010A030B</sr:DeviceModel><sr:DeviceType>PPMID</sr:DeviceType><sr:SMETSCHTSVersion>SMETS V1.58</sr:SMETSCHTSVersion><sr:FirmwareVersion>0002012F</sr:FirmwareVersion></sr:DevicePrenotification></sr:Body>
            </sr:Request>
            """;
    }

    /// <summary>Nearest-rank percentile of sorted milliseconds.</summary>
    private static TimeSpan Percentile(double[] sorted, double fraction) =>
        TimeSpan.FromMilliseconds(sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)]);
}
