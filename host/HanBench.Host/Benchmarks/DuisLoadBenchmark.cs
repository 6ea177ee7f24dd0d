using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace HanBench.Host.Benchmarks;

/// <summary>What <see cref="DuisLoadBenchmark"/> measured.</summary>
/// <param name="Requests">Requests sent.</param>
/// <param name="Clients">Concurrent clients (each sends its next request when its last is answered).</param>
/// <param name="Answered">Requests answered 200 with a DUIS response.</param>
/// <param name="Elapsed">From the first request sent to the last answered.</param>
/// <param name="P50">Median latency.</param>
/// <param name="P99">99th percentile latency.</param>
/// <param name="Max">Slowest request.</param>
public sealed record DuisLoadFigures(int Requests, int Clients, int Answered, TimeSpan Elapsed, TimeSpan P50, TimeSpan P99, TimeSpan Max)
{
    /// <summary>Requests per second over <see cref="Elapsed"/>.</summary>
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;
}

/// <summary>
/// Load on a DUIS endpoint (issue 9 §3: 1,000 requests from 50 concurrent clients, goal p99 under 1 s on a 2-core
/// machine): each client POSTs 12.2 Device Pre-notifications of fresh devices (a write to the inventory each) to
/// /api/v1/serviceD, one after another; latencies are measured per request on the client side. It prints figures and
/// asserts nothing.
/// </summary>
public static class DuisLoadBenchmark
{
    /// <summary>The RequestID originator the load uses (a Service User's EUI-64 in DCC Boxed's test range).</summary>
    public const string Originator = "90-B3-D5-1F-30-01-00-00";

    /// <summary>Runs the load against <paramref name="baseAddress"/>; <paramref name="progress"/> gets a line every 10 %.</summary>
    public static async Task<DuisLoadFigures> RunAsync(Uri baseAddress, int requests, int clients, Action<string> progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentOutOfRangeException.ThrowIfLessThan(requests, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(clients, 1);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var latencies = new double[requests];
        int next = -1;
        int answered = 0;
        int done = 0;
        long first = Stopwatch.GetTimestamp();

        async Task Client()
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < requests)
            {
                using var content = new StringContent(Prenotification(n), Encoding.UTF8);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
                long start = Stopwatch.GetTimestamp();
                using HttpResponseMessage response = await http.PostAsync("api/v1/serviceD", content, cancellationToken).ConfigureAwait(false);
                string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                latencies[n] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (response.IsSuccessStatusCode && body.Contains("ResponseCode>", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref answered);
                }

                int count = Interlocked.Increment(ref done);
                if (count % Math.Max(1, requests / 10) == 0)
                {
                    progress($"duis-load: {count}/{requests} answered");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(Client, cancellationToken))).ConfigureAwait(false);
        TimeSpan elapsed = Stopwatch.GetElapsedTime(first);
        Array.Sort(latencies);
        return new DuisLoadFigures(requests, clients, answered, elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99), TimeSpan.FromMilliseconds(latencies[^1]));
    }

    /// <summary>The n-th request: a 12.2 pre-notification of device 00-AA-FF-…-n with RequestID counter n + 1.</summary>
    public static string Prenotification(int n)
    {
        string device = string.Join('-', BitConverter.GetBytes(0x00AAFF0000000000UL + (ulong)n).Reverse().Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="5.4">
              <sr:Header>
                <sr:RequestID>{Originator}:90-B3-D5-1F-30-00-00-02:{(n + 1).ToString(CultureInfo.InvariantCulture)}</sr:RequestID>
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
