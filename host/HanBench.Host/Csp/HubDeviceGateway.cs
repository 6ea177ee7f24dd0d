using HanBench.Host.Alerts;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Gbcs;

namespace HanBench.Host.Csp;

/// <summary>
/// The service requests' seam to devices (<see cref="IDeviceGateway"/>) over a <see cref="HubSession"/>: SRV 11.2 sends
/// CS08 as the ACB (SECMP0170 §4.2: "the Alt HAN P2P Device will implement the existing GBCS Use Case CS08"); SRV 11.3
/// sends CS06 as the supplier, whose answer the 11.3 handler turns into N64/N999 (SECMP0024 §4.1); the credential
/// requests send CS02 (<see cref="HubCredentialCalls"/>, SECMP0170 requirement 8). Every call is
/// marshalled onto the session's thread with <c>invoke</c> (inline for a bench in virtual time; a board runner's post
/// in real time), and the task completes on that thread when the answer arrives or the session's retries run out. A command
/// to a device whose credentials are in doubt (<see cref="CredentialDoubts"/>) waits until they are settled (issue 8 §4), and
/// fails naming why when the CSP gave up settling them (an operator settles them: <c>hanbench credentials settle</c>).
/// </summary>
public sealed class HubDeviceGateway : IDeviceGateway
{
    private readonly HubSession _session;
    private readonly Action<Action> _invoke;

    /// <summary>A gateway through <paramref name="session"/>; <paramref name="invoke"/> runs an action on its thread (inline if null).</summary>
    public HubDeviceGateway(HubSession session, Action<Action>? invoke = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
        _invoke = invoke ?? (action => action());
    }

    /// <inheritdoc />
    public Task<FirmwareVersionReading> ReadFirmwareVersionAsync(Eui64 deviceId, CancellationToken cancellationToken)
    {
        var result = new TaskCompletionSource<FirmwareVersionReading>();
        CancellationTokenRegistration registration = cancellationToken.Register(() => result.TrySetCanceled(cancellationToken));
        _ = result.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _invoke(() => _session.Credentials.Doubts.WhenClear(deviceId.Value, Unless(result.Task, () => _session.ReadFirmwareVersion(deviceId.Value, call => result.TrySetResult(Reading(deviceId, call)))),
            why => result.TrySetResult(new FirmwareVersionReading(FirmwareVersionReadStatus.Unreachable, null, Refused("CS08", deviceId, why)))));
        return result.Task;
    }

    /// <inheritdoc />
    public Task<FirmwareActivationReply> ActivateFirmwareAsync(Eui64 deviceId, byte[] manufacturerImageHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manufacturerImageHash);
        var result = new TaskCompletionSource<FirmwareActivationReply>();
        CancellationTokenRegistration registration = cancellationToken.Register(() => result.TrySetCanceled(cancellationToken));
        _ = result.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _invoke(() => _session.Credentials.Doubts.WhenClear(deviceId.Value, Unless(result.Task, () => _session.ActivateFirmware(deviceId.Value, manufacturerImageHash, call => result.TrySetResult(Reply(deviceId, call)))),
            why => result.TrySetResult(new FirmwareActivationReply(FirmwareVersionReadStatus.Unreachable, null, null, Refused("CS06", deviceId, why)))));
        return result.Task;
    }

    /// <inheritdoc />
    public Task<CredentialReply> ManageCredentialsAsync(CredentialRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = new TaskCompletionSource<CredentialReply>();
        CancellationTokenRegistration registration = cancellationToken.Register(() => result.TrySetCanceled(cancellationToken));
        _ = result.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _invoke(() => _session.Credentials.Doubts.WhenClear(request.DeviceId.Value, Unless(result.Task, () =>
        {
            try
            {
                if (_session.Credentials.Send(request, reply => result.TrySetResult(reply), out string? refusal) is null)
                {
                    result.TrySetResult(CredentialReply.Unreachable(refusal!));
                }
            }
            catch (InvalidOperationException e)
            {
                // The host cannot secure the command (a key it no longer holds, a device key it does not know): nothing was sent.
                result.TrySetResult(CredentialReply.Unreachable(e.Message));
            }
        }), why => result.TrySetResult(CredentialReply.Unreachable(Refused("CS02", request.DeviceId, why)))));
        return result.Task;
    }

    private static FirmwareVersionReading Reading(Eui64 deviceId, GbcsCall call)
    {
        if (call.Reply is not { } reply)
        {
            return new FirmwareVersionReading(FirmwareVersionReadStatus.NoResponse, null, $"no CS08 response from {deviceId} after {call.Counters.Count} attempt(s)");
        }

        if (reply is not FirmwareVersionResponse { ResponseCode: ReadFirmwareVersionResponseCode.Success } read)
        {
            return new FirmwareVersionReading(FirmwareVersionReadStatus.Unreachable, null, $"{deviceId} answered CS08 with {(reply as FirmwareVersionResponse)?.ResponseCode.ToString() ?? "an undecodable payload"}");
        }

        return FirmwareVersionReading.Of(FirmwareVersionText.Of(read.FirmwareVersion));
    }

    private static FirmwareActivationReply Reply(Eui64 deviceId, GbcsCall call)
    {
        if (call.Reply is not { } reply)
        {
            return new FirmwareActivationReply(FirmwareVersionReadStatus.NoResponse, null, null, $"no CS06 response from {deviceId} after {call.Counters.Count} attempt(s)");
        }

        if (reply is not FirmwareActivationResponse { ResponseCode: { } code } answered)
        {
            return new FirmwareActivationReply(FirmwareVersionReadStatus.Unreachable, null, null, $"{deviceId} acknowledged CS06 without a result");
        }

        return FirmwareActivationReply.Answered(code, FirmwareVersionText.Of(answered.FirmwareVersion ?? 0));
    }

    private static string Refused(string command, Eui64 deviceId, string why) => $"{command} to {deviceId} not sent: its credentials are unresolved ({why})";

    // A call held while its device's credentials are in doubt goes out when the doubt clears, unless its caller gave
    // up meanwhile (cancelled): an abandoned CS06 or credential change must not reach the device later (review finding).
    private static Action Unless(Task ended, Action send) => () =>
    {
        if (!ended.IsCompleted)
        {
            send();
        }
    };
}
