using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;

namespace HanBench.Host.Csp;

/// <summary>
/// The bound on a change in doubt (issue 8 §4): a read-back answered under neither key set is counted in the change's
/// intent and tried again after a doubling gap; at <see cref="ReadBackLimit"/> the request fails and the device's work is
/// refused until an operator settles it; an operator's settlement made in another process is taken up here.
/// </summary>
internal sealed partial class CredentialIntentRecovery
{
    /// <summary>
    /// A read-back of <paramref name="request"/>'s change answered under neither key set (<paramref name="lost"/>: why its
    /// outcome is unknown): read back again later, up to the bound; <paramref name="complete"/> gets what is found.
    /// </summary>
    private void KeepReading(CredentialRequest request, string lost, CredentialReply reply, Action<CredentialReply> complete) =>
        Unanswered(request, request.DeviceId.Value, reply, next => _readBacks.Add((request, After(next, _store.Time.GetUtcNow()), lost, complete)), complete);

    /// <summary>
    /// A read-back of <paramref name="request"/>'s change answered under neither key set: counted and kept in its intent;
    /// under <see cref="ReadBackLimit"/>, <paramref name="again"/> schedules the next at the time given; at it, the request
    /// is completed as given up (<paramref name="complete"/>: its row and DUIS later response fail naming why, its intent
    /// stays) and commands to the device are refused until an operator settles the change.
    /// </summary>
    private void Unanswered(CredentialRequest request, ulong device, CredentialReply reply, Action<DateTimeOffset> again, Action<CredentialReply> complete)
    {
        string id = request.RequestId;
        int unanswered = (_owned.TryGetValue(id, out (ulong Device, int Unanswered) owned) ? owned.Unanswered : 0) + 1;
        _owned[id] = (device, unanswered);
        DateTimeOffset? next = unanswered < ReadBackLimit ? _store.Time.GetUtcNow() + RetryAfter(unanswered) : null;
        Record(s => new CredentialIntents(s).ReadBackUnanswered(id, reply.Detail, next), $"read-back {unanswered} of {id}");
        CredentialDoubts doubts = _session.Credentials.Doubts;
        if (next is { } at)
        {
            Log($"credentials: {id} to {device:X16}: read-back {unanswered} of {ReadBackLimit} unanswered ({reply.Detail}); {doubts.HeldFor(device)} command(s) to it held; next read-back at {at:O}");
            again(at);
            return;
        }

        DateTimeOffset? since = _store.Read(s => new CredentialIntents(s).Find(id))?.DoubtSince;
        string refusal = Unresolved(id, unanswered, since);
        complete(reply with { Detail = $"{reply.Detail}; {refusal}", GivenUp = true });
        doubts.GiveUp(device, id, refusal);
    }

    private static string Unresolved(string requestId, int readBacks, DateTimeOffset? since) =>
        $"{requestId}'s change is unresolved: {readBacks} read-back(s){(since is { } at ? $" since {at:O}" : string.Empty)} answered under neither the new nor the old credentials "
        + $"(HanBench stops at {ReadBackLimit}); an operator settles it with 'hanbench credentials settle {requestId} --keys new|old'";

    /// <summary>Puts <paramref name="device"/> in doubt for <paramref name="requestId"/>, and says so in its intent (<c>credentials show</c>; an operator may then settle it).</summary>
    private void InDoubt(ulong device, string requestId, string why)
    {
        if (!_owned.ContainsKey(requestId))
        {
            _owned[requestId] = (device, 0);
        }

        _session.Credentials.Doubts.Doubt(device, requestId, why);
        Record(s => new CredentialIntents(s).InDoubt(requestId), $"that {requestId} is in doubt");
    }

    /// <summary>Whether a change this CSP holds keeps a device in doubt (an operator may settle it from another process).</summary>
    private bool HoldsDoubt => _owned.Keys.Any(_session.Credentials.Doubts.Has);

    /// <summary>
    /// The changes this CSP holds devices for whose intents another process removed (an operator settled them,
    /// <see cref="CredentialDoubtSettlement"/>): the host takes up the credentials the inventory now records for the
    /// device, drops the read-backs and waits (a caller waiting on a pending CS02b is answered), and the work held for
    /// (or refused to) the device goes on. Only this CSP's changes are looked up, each by its key: a few rows, whatever
    /// else the inventory holds.
    /// </summary>
    private void Resync()
    {
        List<string> owned = [.. _owned.Keys];
        HashSet<string> gone = _store.Read(s =>
        {
            var intents = new CredentialIntents(s);
            return owned.Where(id => intents.Find(id) is null).ToHashSet();
        });
        foreach ((string id, (ulong device, _)) in _owned.Where(o => gone.Contains(o.Key)).ToList())
        {
            _owned.Remove(id);
            if (!_session.Credentials.Doubts.Has(id))
            {
                continue;
            }

            // Whoever waits on it (a caller, a queue row) gets an answer; the operator's settlement recorded the outcome.
            var meanwhile = new CredentialReply(FirmwareVersionReadStatus.NoResponse, false, "settled by an operator meanwhile (hanbench credentials settle); this CSP records nothing more") { SettledElsewhere = true };
            foreach ((_, _, _, Action<CredentialReply> complete) in _readBacks.Where(r => r.Request.RequestId == id).ToList())
            {
                complete(meanwhile);
            }

            _readBacks.RemoveAll(r => r.Request.RequestId == id);
            foreach (PendingReplacement waited in _session.Credentials.Ledger.TakeRequest(id))
            {
                waited.Completed(meanwhile);
            }

            _session.Options.Keys.UseCurrentCertificates(_store.Read(s => new DeviceCertificates(s).Current(new Eui64(device))));
            Log($"credentials: {id} to {device:X16} was settled outside this CSP (hanbench credentials settle): the host uses the credentials the inventory records for it");
            _session.Credentials.Doubts.Clear(id);
            _queue.Wake();
        }
    }
}
