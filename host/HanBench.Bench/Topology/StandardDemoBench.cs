using System.Diagnostics;
using HanBench.Device.Roles;
using HanBench.Device.Roles.Traffic;
using HanBench.Host.Csp;
using HanBench.Tooling.Demo;
using HanBench.Host.Inventory;
using HanBench.Protocol.Management;

namespace HanBench.Bench.Topology;

/// <summary>
/// The <see cref="StandardBench"/> as the demo's bench (<see cref="IDemoBench"/>): its host session, the PPMID and bridges
/// B1–B4 with their firmware components, the GSME and IHD as meter traffic, and time that runs as fast as it can
/// (virtual time) or paced to the wall clock: with <see cref="Pace"/> set, bench time advances at most that many times
/// as fast as the wall clock, so a run can be watched.
/// </summary>
public sealed class StandardDemoBench : IDemoBench
{
    private readonly Stopwatch _wall = new();
    private long _paceOriginMs;

    /// <summary>The demo bench over <paramref name="bench"/>.</summary>
    public StandardDemoBench(StandardBench bench, double? pace = null)
    {
        ArgumentNullException.ThrowIfNull(bench);
        if (pace is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pace), pace, "a pace is a positive speed-up over the wall clock");
        }

        Bench = bench;
        Pace = pace;
        Hub = Describe(bench.Hub, DeviceType.CHF, HanDeviceType.Ppmid);
        Devices = [.. new[] { bench.Ppmid, bench.B1, bench.B2, bench.B3, bench.B4 }.Select(d => Describe(d, DeviceType.PPMID, HanDeviceType.Ppmid))];
        TrafficDevices = [Describe(bench.Gsme, DeviceType.GSME, HanDeviceType.Gsme), Describe(bench.Ihd, DeviceType.IHD, HanDeviceType.Ihd)];
    }

    /// <summary>The bench.</summary>
    public StandardBench Bench { get; }

    /// <summary>Bench milliseconds per wall millisecond, or null for virtual time (as fast as possible).</summary>
    public double? Pace { get; }

    /// <inheritdoc />
    public HubSession Session => Bench.Host.Session;

    /// <inheritdoc />
    public DemoDevice Hub { get; }

    /// <inheritdoc />
    public IReadOnlyList<DemoDevice> Devices { get; }

    /// <inheritdoc />
    public IReadOnlyList<DemoDevice> TrafficDevices { get; }

    /// <inheritdoc />
    public long NowMs => Bench.Scheduler.NowMs;

    /// <inheritdoc />
    public (long Reports, long Lost) MeterTraffic
    {
        get
        {
            long reports = 0;
            long lost = 0;
            foreach (BenchDevice meter in new[] { Bench.Gsme, Bench.Ihd })
            {
                if (meter.Role is MeterTrafficRole role)
                {
                    reports += role.Statistics.Reports;
                    lost += role.Statistics.Lost;
                }
            }

            return (reports, lost);
        }
    }

    /// <inheritdoc />
    public bool RunUntil(Func<bool> condition, long timeoutMs)
    {
        if (Pace is not { } pace)
        {
            return Bench.RunUntil(condition, timeoutMs);
        }

        if (!_wall.IsRunning)
        {
            _wall.Start();
            _paceOriginMs = NowMs;
        }

        long deadline = NowMs + timeoutMs;
        while (!condition())
        {
            if (NowMs >= deadline)
            {
                return false;
            }

            // Let bench time catch up with the paced wall clock, then wait a little for the wall clock.
            long target = Math.Min(deadline, _paceOriginMs + (long)(_wall.ElapsedMilliseconds * pace));
            if (target > NowMs && Bench.Scheduler.RunUntil(condition, target))
            {
                return true;
            }

            Thread.Sleep(10);
        }

        return true;
    }

    private static DemoDevice Describe(BenchDevice device, DeviceType type, HanDeviceType joinAs)
    {
        RoleSettings configuration = device.Configuration;
        AltHanVariant? variant = configuration.Role == DeviceRoleKind.Bridge ? configuration.Variant : null;
        var components = new List<DemoComponent>();
        for (int i = 0; i < configuration.Components.Length; i++)
        {
            FirmwareComponentConfig component = configuration.Components[i];
            components.Add(new DemoComponent(FirmwareComponentNames.NameOf(component.Component), component.Component, component.ManufacturerCode, component.ImageType, component.InitialVersion));
        }

        return new DemoDevice(device.Name, device.Eui64, type, joinAs, variant, components);
    }
}
