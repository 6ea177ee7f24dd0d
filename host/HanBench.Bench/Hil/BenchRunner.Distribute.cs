using HanBench.Bench.Topology;
using HanBench.Device.Roles;
using HanBench.Host.Alerts;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;
using HanBench.Protocol.Ota;
using HanBench.Tooling.Demo;

namespace HanBench.Bench.Hil;

/// <summary>
/// A <c>distribute</c> step: the image built or read, put on the CPL, submitted as 11.4 and driven by the engine, then
/// each device checked against what the engine, the DCC alerts, the inventory and the device itself say.
/// </summary>
public sealed partial class BenchRunner
{
    /// <summary>
    /// The DCC's distribution of one image: on the CPL for every target's model, 11.4, the engine drives it; each device
    /// is then checked (<see cref="CheckDistribution"/>). The bench file distributes only to PPMIDs and bridges (the loader
    /// refuses the hub as a target), so 11.1 for a hub image has no step here yet.
    /// </summary>
    private void Distribute(DistributeStep step)
    {
        double start = _clock.Elapsed.TotalSeconds;
        BenchImageSpec spec = _bench.File.Image(step.Image);
        BenchImage image;
        try
        {
            image = BuildImage(spec);
        }
        catch (InvalidDataException ex)
        {
            FailAll(step, start, $"image '{step.Image}': {ex.Message}", ex.Message);
            return;
        }

        BenchNode hub = _bench.File.Hub;
        string version = FirmwareVersionText.Of(image.Identity.FileVersion);
        string hash = Convert.ToHexStringLower(image.ManufacturerImageHash);
        string component = FirmwareComponentNames.NameOf(spec.Component);
        ulong[] devices = [.. step.Devices.Select(d => NodeOf(d).Spec.Eui64)];
        _dcc.Store.Write(s =>
        {
            foreach (string device in step.Devices)
            {
                (string maker, string model) = DccSide.ModelOf(InventoryVariant(NodeOf(device).Spec));
                s.Cpl.Put(new CplEntry(maker, model, component, version, hash));
            }
        });

        var transfersBefore = devices.ToDictionary(d => d, d => TransferAlerts(d).Count());
        var activationsBefore = devices.ToDictionary(d => d, d => ActivationAlerts(d).Count());
        int alertsBefore = _alerts.Count;
        const string srv = "11.4";
        FirmwareUpdateResult submitted = _dcc.SubmitUpdate(FirmwareUpdateKind.UpdatePpmidFirmware, image.Bytes, version, devices, hub.Eui64);
        Say($"  {srv} {step.Image} ({image.Identity.ManufacturerCode:X4}/{image.Identity.ImageType:X4}/{version}, {image.Bytes.Length} bytes) for {string.Join(", ", step.Devices)}: {submitted.ResponseCode} {submitted.Message}");
        if (submitted.Request is not { } request)
        {
            string why = $"{srv} was refused: {submitted.ResponseCode} {submitted.Message}";
            FailAll(step, start, why, string.Join("; ", submitted.Devices.Select(d => $"{d.DeviceId}: {d.Outcome} {d.Reason}")));
            return;
        }

        // The hub takes at most two HAN transfers at once: wait for every device's outcome together.
        DistributeExpectation expect = step.Expect;
        DistributionProgress? ProgressOf(ulong device) => _dcc.Engine.Progress.LastOrDefault(p => p.RequestRowId == request.RowId && p.DeviceId.Value == device);
        bool Done(ulong device) => ProgressOf(device) is { } p
            && p.IsFinished
            && (!expect.CheckActivation || expect.Activation is null || ActivationAlerts(device).Count() > activationsBefore[device]);
        long timeoutMs = step.TimeoutSeconds * 1000L;
        var queued = submitted.With(FirmwareDeviceOutcome.Queued).Select(d => d.Value).ToHashSet();
        _bench.RunUntil(() => devices.Where(queued.Contains).All(Done), timeoutMs * (1 + Math.Max(1, (devices.Length + 1) / 2)));
        foreach (string device in step.Devices)
        {
            ulong eui = NodeOf(device).Spec.Eui64;
            FirmwareDeviceReport? report = submitted.Devices.FirstOrDefault(d => d.DeviceId.Value == eui);
            IssuedDccAlert[] alerts = [.. _alerts.Skip(alertsBefore).Where(a => a.DeviceId?.Value == eui)];
            string output = $"{srv} {request.RequestId}: {report?.Outcome.ToString() ?? "not listed"}; engine: {Describe(ProgressOf(eui))}; DCC alerts: {(alerts.Length == 0 ? "none" : string.Join(", ", alerts.Select(a => a.AlertCode)))}";
            (string, string)? failure = report?.Outcome != FirmwareDeviceOutcome.Queued
                ? ($"{srv} did not queue {device}: {report?.Outcome.ToString() ?? "not listed"} {report?.Reason}", output)
                : CheckDistribution(device, eui, image, component, expect, ProgressOf(eui), alerts, transfersBefore[eui], activationsBefore[eui], step.TimeoutSeconds, ref output);
            Record(device, step, start, failure, output);
        }
    }

    private static string Describe(DistributionProgress? progress) => progress is null
        ? "not started"
        : $"{progress.State}{(progress.FailureReason is { } why ? $" ({why})" : string.Empty)}";

    private (string, string)? CheckDistribution(string device, ulong eui, BenchImage image, string component, DistributeExpectation expect, DistributionProgress? progress,
        IssuedDccAlert[] alerts, int transfersBefore, int activationsBefore, int timeoutSeconds, ref string output)
    {
        HubTransferAlert? transfer = TransferAlerts(eui).Skip(transfersBefore).FirstOrDefault();
        DeviceActivationAlert? activation = ActivationAlerts(eui).Skip(activationsBefore).FirstOrDefault();
        string seen = $"{output}; CCS08: {(transfer is null ? "none" : $"{transfer.AlertCode:X4} response {transfer.Response} version {transfer.FirmwareVersion:X8} at {transfer.AtMs} ms")}; "
            + $"0x8F8B: {(activation is null ? "none" : $"{activation.Result} version {activation.FirmwareVersion:X8} at {activation.AtMs} ms")}";
        Say($"  {device}: {seen}");
        int Count(string code) => alerts.Count(a => a.AlertCode == code);
        if (progress is null)
        {
            return ($"the distribution engine did not start the update of {device} within the step's time", seen);
        }

        if (Count(DccAlertCodes.CspDeliverySucceeded) != 1)
        {
            return ($"{Count(DccAlertCodes.CspDeliverySucceeded)} N59 about {device}, expected 1 (the hub holds the image)", seen);
        }

        if (transfer is null || Count(DccAlertCodes.CommsHubFirmwareTransfer) != 1)
        {
            return (transfer is null ? $"no firmware transfer alert (CCS08) about {device} within the step's time" : $"{Count(DccAlertCodes.CommsHubFirmwareTransfer)} N62 about {device}, expected 1", seen);
        }

        if (expect.Transfer is { } code && transfer.Response != code)
        {
            return ($"transfer alert {transfer.AlertCode:X4} with response {transfer.Response}, expected {code}", seen);
        }

        if (expect.Transfer is { } failedCode && failedCode != FirmwareTransferResponseCode.Success && progress.State != FirmwareProgressState.Failed)
        {
            return ($"the engine ended {device}'s update {Describe(progress)}, expected Failed after transfer response {failedCode}", seen);
        }

        if (expect.CheckActivation)
        {
            if (expect.Activation is null && (activation is not null || Count(DccAlertCodes.PpmidAlert) != 0))
            {
                return ($"{device} raised 0x8F8B ({activation?.Result}) / {Count(DccAlertCodes.PpmidAlert)} N39, expected no activation", seen);
            }

            if (expect.Activation is { } wanted && activation?.Result != wanted)
            {
                return (activation is null ? $"no 0x8F8B from {device}, expected {wanted}" : $"0x8F8B {activation.Result}, expected {wanted}", seen);
            }

            if (expect.Activation is { } expected && Count(DccAlertCodes.PpmidAlert) != 1)
            {
                return ($"{Count(DccAlertCodes.PpmidAlert)} N39 about {device}, expected 1 for its 0x8F8B {expected}", seen);
            }

            if (expect.Activation == PpmidFirmwareActivationResult.Success && progress.State != FirmwareProgressState.Activated)
            {
                return ($"the engine ended {device}'s update {Describe(progress)}, expected Activated", seen);
            }
        }

        if (expect.Version is { } version)
        {
            // The version is stored before 0x8F8B goes out, so the first identity after the alerts tells it; a Ping while
            // the device restarts is dropped and sent again.
            ManagementRecord? identity = AwaitAnswer(() => Host.Ping(eui), eui, ManagementMessageType.Identity, timeoutSeconds);
            if (identity?.Identity is not { } id)
            {
                return ($"no identity from {device} within {timeoutSeconds} s after the transfer", seen);
            }

            var running = id.Components.FirstOrDefault(c => c.ImageType == image.Identity.ImageType);
            seen += $"; identity: {Describe(id)}";
            if (running.Version != version)
            {
                return ($"{device} runs {running.Version:X8} on image type {image.Identity.ImageType:X4}, expected {version:X8}", seen);
            }

            string text = FirmwareVersionText.Of(version);
            string? recorded = _dcc.Store.Read(s => s.Devices.FirmwareVersion(new Eui64(eui), component));
            seen += $"; inventory: {component} {recorded ?? "(none)"}";
            if (!string.Equals(recorded, text, StringComparison.OrdinalIgnoreCase))
            {
                return ($"the inventory records {device} {component} as {recorded ?? "(none)"}, expected {text}", seen);
            }
        }

        output = seen;
        return null;
    }

    private void FailAll(DistributeStep step, double start, string reason, string details)
    {
        foreach (string device in step.Devices)
        {
            Record(device, step, start, (reason, details));
        }
    }

    private IEnumerable<HubTransferAlert> TransferAlerts(ulong device) => Host.Gbcs.OfType<HubTransferAlert>().Where(a => a.Device == device);

    private IEnumerable<DeviceActivationAlert> ActivationAlerts(ulong device) => Host.Gbcs.OfType<DeviceActivationAlert>().Where(a => a.Device == device);

    private BenchImage BuildImage(BenchImageSpec spec)
    {
        if (spec.File is null)
        {
            FirmwareComponentConfig component = _bench.Node(spec.For!).Configuration.FindComponent(spec.Component)!;
            return BenchImages.Build(component.ManufacturerCode, component.ImageType, spec.Version, spec.Bytes, spec.Seed);
        }

        byte[] bytes = File.ReadAllBytes(spec.File);
        var parsed = new OtaImage();
        OtaFileStatus status = OtaImage.TryParse(bytes, 0, bytes.Length, OtaImageLayout.Unknown, parsed);
        if (status != OtaFileStatus.Ok || parsed.Layout == OtaImageLayout.ZigBee)
        {
            throw new InvalidDataException(status != OtaFileStatus.Ok ? $"{spec.File} is not an OTA image ({status})" : $"{spec.File} is a plain ZigBee OTA file; devices check a GBCS Manufacturer Image hash");
        }

        return new BenchImage(new ImageIdentity(parsed.Header.ManufacturerCode, parsed.Header.ImageType, parsed.Header.FileVersion), bytes, parsed.GetManufacturerImageHash());
    }

    private static string Describe(IdentitySnapshot identity) =>
        string.Join(", ", identity.Components.Select(c => $"{c.Component} {c.ImageType:X4} {c.Version:X8}"));
}
