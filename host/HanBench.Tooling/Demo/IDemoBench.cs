using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Protocol.Management;

namespace HanBench.Tooling.Demo;

/// <summary>
/// What the demo needs of a bench: the host's <see cref="HubSession"/> on its WAN link, the devices behind the hub, and a
/// way to let time pass (virtual time, or paced to the wall clock). The bench project implements it on its standard
/// bench; the host core stays free of any bench.
/// </summary>
public interface IDemoBench
{
    /// <summary>The host's session with the Comms Hub.</summary>
    HubSession Session { get; }

    /// <summary>The Comms Hub.</summary>
    DemoDevice Hub { get; }

    /// <summary>The Type 1 devices (PPMID, bridges B1–B4), in the order the demo shows them.</summary>
    IReadOnlyList<DemoDevice> Devices { get; }

    /// <summary>Other HAN devices joined for meter traffic (GSME, IHD), not updated.</summary>
    IReadOnlyList<DemoDevice> TrafficDevices { get; }

    /// <summary>Bench time now (ms).</summary>
    long NowMs { get; }

    /// <summary>Lets bench time pass until <paramref name="condition"/> holds or <paramref name="timeoutMs"/> of bench time pass.</summary>
    bool RunUntil(Func<bool> condition, long timeoutMs);

    /// <summary>Meter reports the hub counted and those lost, when the bench carries meter traffic.</summary>
    (long Reports, long Lost) MeterTraffic { get; }
}

/// <summary>One device of a demo bench.</summary>
/// <param name="Name">Short name (CH, PPMID, B1, …).</param>
/// <param name="Eui64">EUI-64.</param>
/// <param name="Type">Inventory device type.</param>
/// <param name="JoinAs">How the hub whitelists it (bridges as PPMIDs, SECMP0170 §4.2).</param>
/// <param name="Variant">Alt HAN variant of a bridge.</param>
/// <param name="Components">Its firmware components.</param>
public sealed record DemoDevice(string Name, ulong Eui64, DeviceType Type, HanDeviceType JoinAs, AltHanVariant? Variant, IReadOnlyList<DemoComponent> Components);

/// <summary>A firmware component of a demo device.</summary>
/// <param name="Component">Inventory component name (main, silabs, broadcom).</param>
/// <param name="Id">Component id on the device.</param>
/// <param name="ManufacturerCode">OTA manufacturer code.</param>
/// <param name="ImageType">OTA image type.</param>
/// <param name="Version">Version it runs at start.</param>
public sealed record DemoComponent(string Component, FirmwareComponentId Id, ushort ManufacturerCode, ushort ImageType, uint Version);
