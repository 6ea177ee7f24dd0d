namespace HanBench.Tooling.Demo;

/// <summary>The outcome of <c>hanbench demo</c>: what <c>--json</c> prints and the tables show.</summary>
/// <param name="Succeeded">Every expected step happened.</param>
/// <param name="Failures">The expected steps that did not.</param>
/// <param name="Devices">Each device's versions before and after, with timings.</param>
/// <param name="Alerts">Every DCC alert this run issued, in order (a resumed run's checks count the earlier run's too).</param>
/// <param name="Refusal">The oversized Broadcom image's refusal (E110405), if it was refused.</param>
/// <param name="VirtualMs">Bench time the run took.</param>
/// <param name="WallMs">Wall-clock time the run took.</param>
/// <param name="MeterReports">Meter reports the hub received during the run.</param>
/// <param name="MeterReportsLost">Meter reports lost.</param>
/// <param name="InventoryPath">The inventory file, when kept.</param>
/// <param name="Resumed">The run went on from an earlier one on the same kept inventory (<c>demo --inventory</c> again).</param>
/// <param name="FinishedBefore">The earlier run had finished every step: this one only checked.</param>
public sealed record DemoReport(
    bool Succeeded,
    IReadOnlyList<string> Failures,
    IReadOnlyList<DemoDeviceReport> Devices,
    IReadOnlyList<DemoAlertReport> Alerts,
    DemoRefusal? Refusal,
    long VirtualMs,
    long WallMs,
    long MeterReports,
    long MeterReportsLost,
    string? InventoryPath,
    bool Resumed = false,
    bool FinishedBefore = false);

/// <summary>One device in the report.</summary>
/// <param name="Name">Short name.</param>
/// <param name="Eui64">EUI-64.</param>
/// <param name="Variant">Alt HAN variant, for a bridge.</param>
/// <param name="Cs08Before">What 11.2 (CS08) read before the updates.</param>
/// <param name="Cs08After">What 11.2 (CS08) read after them.</param>
/// <param name="Components">Per component.</param>
public sealed record DemoDeviceReport(string Name, string Eui64, string? Variant, string? Cs08Before, string? Cs08After, IReadOnlyList<DemoComponentReport> Components);

/// <summary>One component of a device in the report.</summary>
/// <param name="Component">main, silabs or broadcom.</param>
/// <param name="Before">Version the device ran before.</param>
/// <param name="After">Version it runs after (the device's own report).</param>
/// <param name="Inventory">Version the inventory records after.</param>
/// <param name="Target">Version distributed.</param>
/// <param name="State">Final state of its update.</param>
/// <param name="ImageBytes">Image size.</param>
/// <param name="HanTransferMs">Bench time of the HAN leg (distribution accepted → 0x8F8A).</param>
/// <param name="TotalMs">Bench time from queued to activated.</param>
public sealed record DemoComponentReport(string Component, string Before, string? After, string? Inventory, string? Target, string State, long ImageBytes, long? HanTransferMs, long? TotalMs);

/// <summary>A DCC alert in the report.</summary>
/// <param name="Code">N39, N59, N62, …</param>
/// <param name="Device">The device's short name (or EUI-64).</param>
/// <param name="RequestId">The request it belongs to.</param>
/// <param name="AtMs">Bench time it was issued.</param>
public sealed record DemoAlertReport(string Code, string? Device, string? RequestId, long AtMs);

/// <summary>An 11.4 request refused for its image size.</summary>
/// <param name="ResponseCode">E110405.</param>
/// <param name="Message">The handler's message.</param>
/// <param name="ImageBytes">The image size.</param>
/// <param name="Base64Characters">Its Base64 length.</param>
public sealed record DemoRefusal(string ResponseCode, string Message, long ImageBytes, long Base64Characters);
