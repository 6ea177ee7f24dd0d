using HanBench.Bench.Ota;

namespace HanBench.Cli.Output;

/// <summary><c>bench ota --json</c>: one object per link model (with its <c>efficiency</c>, a fraction of the link's limit), the calibrations and the allocation figures.</summary>
internal sealed record OtaBenchJson(
    int ImageBytes,
    IReadOnlyList<OtaLinkJson> Links,
    IReadOnlyList<OtaCalibrationJson> Calibrations,
    double ZigbeePageSpeedUpOverDefault,
    double AllocatedBytesPerServedBlock,
    double AllocatedBytesPerReceivedBlock,
    long PeakImageStoreBytes)
{
    public static OtaBenchJson From(OtaBenchReport report) => new(
        report.ImageBytes,
        [.. report.Links.Select(OtaLinkJson.From)],
        [.. report.Calibrations.Select(OtaCalibrationJson.From)],
        Math.Round(report.ZigBeePageSpeedUp, 3),
        report.AllocatedBytesPerServedBlock,
        report.AllocatedBytesPerReceivedBlock,
        report.PeakImageStoreBytes);
}

/// <summary>One link model's transfer (<c>device</c>: null unless a board's CPU was charged).</summary>
internal sealed record OtaLinkJson(
    string Link,
    string Mode,
    bool Completed,
    int ImageBytes,
    int BlockSize,
    double SimulatedSeconds,
    double GoodputBytesPerSecond,
    double LimitBytesPerSecond,
    string LimitBasis,
    double Efficiency,
    double CeilingEfficiency,
    long FramesToClient,
    long FramesToServer,
    long RoundTrips,
    long LineBytes,
    OtaDeviceJson? Device)
{
    public static OtaLinkJson From(OtaLinkResult r) => new(
        r.Link, r.Mode, r.Completed, r.ImageBytes, r.BlockSize, Math.Round(r.SimulatedSeconds, 6), Math.Round(r.GoodputBytesPerSecond, 3),
        Math.Round(r.LimitBytesPerSecond, 3), r.LimitBasis, Math.Round(r.Efficiency, 6), Math.Round(r.CeilingEfficiency, 6),
        r.FramesToClient, r.FramesToServer, r.RoundTrips, r.LineBytes,
        r.Device is null ? null : new OtaDeviceJson(r.Device.Device, Math.Round(r.Device.SenderSeconds, 6), Math.Round(r.Device.ReceiverSeconds, 6), Math.Round(r.Device.ExpectedSeconds, 6), r.Device.Bound));
}

/// <summary>The boards' CPU time charged to a transfer and what bounds it.</summary>
internal sealed record OtaDeviceJson(string Name, double SenderCpuSeconds, double ReceiverCpuSeconds, double ExpectedSeconds, string Bound);

/// <summary>The model set up like a published transfer, beside the published figure.</summary>
internal sealed record OtaCalibrationJson(
    string Case,
    string Quantity,
    string Unit,
    double Published,
    double Model,
    double Deviation,
    bool WithinTolerance,
    string Source)
{
    public static OtaCalibrationJson From(OtaCalibration c) => new(
        c.Case, c.Quantity, c.Unit, Math.Round(c.Published, 6), Math.Round(c.Model, 6), Math.Round(c.Deviation, 6), Math.Abs(c.Deviation) <= OtaCalibrations.Tolerance, c.Source);
}

/// <summary><c>bench ota --explain --json</c>: the ZigBee radio model's constants with their sources.</summary>
internal sealed record RadioModelJson(IReadOnlyList<RadioConstantJson> Zigbee)
{
    public static RadioModelJson From(IEnumerable<(string Name, string Value, string Source)> rows) => new([.. rows.Select(r => new RadioConstantJson(r.Name, r.Value, r.Source))]);
}

/// <summary>One constant of the radio model.</summary>
internal sealed record RadioConstantJson(string Name, string Value, string Source);
