using System.Collections.Concurrent;
using System.Net;
using System.Xml.Linq;
using HanBench.Host.Alerts;
using HanBench.Host.Duis;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Host.Tests.Inventory;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Ota;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HanBench.Host.Tests.Alerts;

/// <summary>Shared pieces of the alert, report and serve tests.</summary>
public static class AlertTestKit
{
    public static readonly Eui64 Supplier = Eui64.Parse("90-B3-D5-1F-30-01-00-00");
    public static readonly Eui64 OldSupplier = Eui64.Parse("90-B3-D5-1F-30-01-00-01");

    /// <summary>An unsigned GBCS image (11.4) around <paramref name="payload"/>.</summary>
    public static byte[] GbcsImage(byte[] payload, uint fileVersion = 0x0002_0000)
    {
        var header = new OtaHeader { ManufacturerCode = 0x121D, ImageType = 0x0084, FileVersion = fileVersion };
        header.SetHeaderString("HanBench test image");
        byte[] image = new byte[OtaImageBuilder.EncodedLength(header, OtaImageLayout.Gbcs, payload.Length)];
        OtaImageBuilder.Write(header, OtaImageLayout.Gbcs, payload, 0, payload.Length, new ByteWriter(image));
        return image;
    }

    /// <summary>The seeded bench with bridge C1 queued in request <paramref name="requestId"/> (originator: <see cref="Supplier"/>).</summary>
    public static (InventoryStore Store, FirmwareRequestRecord Request) BenchWithQueuedBridge(string requestId = "90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:1", FixedTime? time = null)
    {
        InventoryStore store = TestBench.Seeded(time: time);
        var request = new FirmwareUpdateRequest(requestId, FirmwareUpdateKind.UpdatePpmidFirmware, Convert.ToBase64String(TestBench.BridgeImage), "00010002", [TestBench.Bridges[0]]);
        FirmwareUpdateResult result = new FirmwareUpdateHandler(store, new WholeFileHasher()).Handle(request);
        Assert.AreEqual(DuisResponseCodes.Acknowledged, result.ResponseCode, result.Message);
        return (store, result.Request!);
    }

    public static XElement AlertElement(IssuedDccAlert alert) => XDocument.Parse(alert.Body!).Root!;

    public static string? Value(IssuedDccAlert alert, string localName) =>
        AlertElement(alert).Descendants(DuisNames.Sr + localName).FirstOrDefault()?.Value;

    public static PpmidFirmwareActivationAlert Activation(uint version, PpmidFirmwareActivationResult result) => new()
    {
        Time = new GbcsTimestamp(2024, 3, 1, 12, 30, 0),
        FirmwareVersion = version,
        Result = result,
    };
}

/// <summary>
/// A Service User's alert endpoint on 127.0.0.1 (any free port): answers the first <see cref="FailFirst"/> POSTs with
/// 500, then 204, and keeps every body it accepted.
/// </summary>
public sealed class AlertReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _posts;

    private AlertReceiver(WebApplication app) => _app = app;

    public int FailFirst { get; init; }

    public ConcurrentQueue<string> Accepted { get; } = new();

    public int Posts => _posts;

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Completed when the first body is accepted.</summary>
    public TaskCompletionSource<string> FirstAccepted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<AlertReceiver> StartAsync(int failFirst = 0)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var receiver = new AlertReceiver(app) { FailFirst = failFirst };
        app.MapPost("/alerts", async (HttpContext context) =>
        {
            int n = Interlocked.Increment(ref receiver._posts);
            using var reader = new StreamReader(context.Request.Body);
            string body = await reader.ReadToEndAsync();
            if (n <= receiver.FailFirst)
            {
                context.Response.StatusCode = 500;
                return;
            }

            receiver.Accepted.Enqueue(body);
            receiver.FirstAccepted.TrySetResult(body);
            context.Response.StatusCode = 204;
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address.TrimEnd('/') + "/alerts");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A gateway whose CS06 answer the test sets.</summary>
public sealed class ActivationGateway(FirmwareActivationReply reply) : IDeviceGateway
{
    public FirmwareActivationReply Reply { get; set; } = reply;

    public int Activations { get; private set; }

    public Task<FirmwareVersionReading> ReadFirmwareVersionAsync(Eui64 deviceId, CancellationToken cancellationToken) =>
        Task.FromResult(FirmwareVersionReading.Of("00000001"));

    public Task<FirmwareActivationReply> ActivateFirmwareAsync(Eui64 deviceId, byte[] manufacturerImageHash, CancellationToken cancellationToken)
    {
        Activations++;
        return Task.FromResult(Reply);
    }
}
