using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;

namespace HanBench.Host.Csp;

/// <summary>
/// The CSP for one Comms Hub, composed in one place for every way HanBench runs it (<c>hanbench demo</c>,
/// <c>hanbench bench run</c> through the tooling's <c>DccSide</c>, and <c>hanbench csp run</c>): on an inventory and the
/// host's <see cref="HubSession"/> to that hub, the service-request handlers with <see cref="HubDeviceGateway"/> as their
/// seam to devices, and the <see cref="DistributionEngine"/> attached to the session, both raising alerts through the
/// same <see cref="Alerts.DccAlertService"/>. With <see cref="WatchInventory"/>, work another process commits to the
/// inventory wakes the engine at once. Runs on the session's thread. Does not own the store.
/// </summary>
public sealed class CspRuntime : IDisposable
{
    private InventoryWatch? _watch;

    private CspRuntime(InventoryStore store, HubSession session, DistributionSettings settings, Keys.Keystore? keystore)
    {
        Store = store;
        Session = session;
        Gateway = new HubDeviceGateway(session);
        Handlers = new ServiceRequestHandlers(store, Gateway, keystore: keystore);

        // The keys a credential replacement moved a device to are the inventory's record of what it holds (SECMP0170
        // requirement 8): a restarted host takes them up before it sends anything, rather than the keys it was provisioned with.
        session.Options.Keys.UseCurrentCertificates(store.Read(s => new DeviceCertificates(s).AllCurrent()));

        // A credential change the host sent before it stopped, its outcome never recorded, puts its device in doubt before
        // anything else is composed: the recovery reads it back first, and the queue, the engine and the gateway hold every
        // command to that device until it is settled; a pending future-dated CS02b waits for its alert again, for a bounded time.
        Credentials = new CredentialRequestRunner(store, session, Handlers.ManageCredentials, Handlers.Alerts, settings.ScanIntervalMs);
        Recovery = new CredentialIntentRecovery(store, session, Handlers.ManageCredentials, Credentials, line => Engine!.Emit(line), settings.ScanIntervalMs);
        Engine = new DistributionEngine(store, session, Handlers.Alerts, settings);

        // The last alert counter taken from each device outlives the host, so a genuine alert replayed after a restart is refused.
        session.Gbcs.AlertReplays = new InventoryAlertReplayGuard(store);

        // So do the supplementary remote party counters of its CS08s (a device refuses one that does not grow).
        session.Gbcs.SupplementaryCounters = new InventorySupplementaryCounters(store);

        // A GBCS response or alert refused for its origin changes nothing and raises no DCC alert: its reason goes to the
        // CSP's log and it is counted in the inventory (hanbench alerts refused, firmware status).
        session.Gbcs.Refused += refusal =>
        {
            Engine.Emit(refusal.ToString());
            store.Write(s => s.GbcsRefusals.Count(new Eui64(refusal.Originator), refusal.Message, refusal.Reason));
        };
    }

    /// <summary>The inventory.</summary>
    public InventoryStore Store { get; }

    /// <summary>The host's session to the Comms Hub.</summary>
    public HubSession Session { get; }

    /// <summary>The service requests' seam to devices.</summary>
    public HubDeviceGateway Gateway { get; }

    /// <summary>The service-request handlers.</summary>
    public ServiceRequestHandlers Handlers { get; }

    /// <summary>The distribution engine, attached to the session.</summary>
    public DistributionEngine Engine { get; }

    /// <summary>Carries out the credential requests the CLI and <c>serve</c> queued for this hub, attached to the session.</summary>
    public CredentialRequestRunner Credentials { get; }

    /// <summary>Settles the credential changes whose outcome is not recorded, and the devices in doubt meanwhile.</summary>
    internal CredentialIntentRecovery Recovery { get; }

    /// <summary>Devices whose credentials are in doubt now, with why (commands to them are held).</summary>
    public IReadOnlyList<(ulong Device, string Why)> CredentialsInDoubt => Session.Credentials.Doubts.All();

    /// <summary>The joins of the hub's HAN devices (null unless <see cref="KeepHanJoined"/>).</summary>
    public HanJoinKeeper? Joins { get; private set; }

    /// <summary>Commits by other processes that woke the engine (0 unless <see cref="WatchInventory"/>).</summary>
    public long ExternalChanges => _watch?.Noticed ?? 0;

    /// <summary>
    /// Composes the CSP on <paramref name="store"/> and <paramref name="session"/> (default settings if null);
    /// <paramref name="keystore"/>'s test CA certifies the key a device generates for 6.17 (none: not certified).
    /// </summary>
    public static CspRuntime Attach(InventoryStore store, HubSession session, DistributionSettings? settings = null, Keys.Keystore? keystore = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(session);
        return new CspRuntime(store, session, settings ?? DistributionSettings.Default, keystore);
    }

    /// <summary>
    /// The Comms Hub the CSP serves: <paramref name="given"/>, or the only Comms Hub (CHF) in the inventory.
    /// </summary>
    /// <exception cref="InvalidOperationException">None given, and the inventory holds no Comms Hub or several.</exception>
    public static Eui64 ResolveHub(InventoryStore store, Eui64? given)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (given is { } hub)
        {
            return hub;
        }

        List<DeviceRecord> hubs = store.Read(s => s.Devices.All().Where(d => d.Type == DeviceType.CHF).ToList());
        return hubs.Count == 1
            ? hubs[0].DeviceId
            : throw new InvalidOperationException(hubs.Count == 0 ? "the inventory holds no Comms Hub" : $"the inventory holds {hubs.Count} Comms Hubs");
    }

    /// <summary>
    /// Nothing to do for now: the engine has looked at the inventory, no update is in progress, no queued credential
    /// request waits or is outstanding, no credential read-back is running or due, and every join of the hub's HAN devices (when kept, <see cref="KeepHanJoined"/>)
    /// was answered.
    /// </summary>
    public bool IsIdle => Engine.Scans > 0 && Engine.ActiveCount == 0 && Credentials.IsIdle && Recovery.IsIdle && (Joins?.Settled ?? true);

    /// <summary>
    /// The devices whose firmware version SRV 11.2 reads through this hub: the Commissioned Type 1 devices (PPMIDs,
    /// HCALCS, Alt HAN bridges) on its HAN device log, the ones SRV 11.4 updates and HanBench's roles answer CS08 for.
    /// </summary>
    public IReadOnlyList<Eui64> VersionReadTargets()
    {
        var hub = new Eui64(Session.HubEui);
        return Store.Read(s => s.Devices.OnCommsHub(hub).Where(d => d.Status == DeviceStatus.Commissioned && DeviceTypes.IsType1(d.Type)).Select(d => d.DeviceId).ToList());
    }

    /// <summary>
    /// Wakes the engine at once when another process commits to the inventory (<see cref="InventoryWatch"/>);
    /// <paramref name="post"/> runs an action on the session's thread.
    /// </summary>
    public void WatchInventory(Action<Action> post)
    {
        ArgumentNullException.ThrowIfNull(post);
        _watch ??= new InventoryWatch(Store, post, InventoryChanged);
    }

    /// <summary>
    /// Another process committed to the inventory (<see cref="WatchInventory"/> calls it; on the session's thread): the
    /// engine, the credential queue, the joins and the unsettled changes (an operator's <c>credentials settle</c>) look again.
    /// </summary>
    public void InventoryChanged()
    {
        Engine.Wake();
        Credentials.Wake();
        Recovery.Wake();
        Joins?.Wake();
    }

    /// <summary>
    /// Sends the hub a join for every device the inventory's 8.11 puts on its HAN (<see cref="HanJoinKeeper"/>), as
    /// <c>csp run</c> does; <paramref name="log"/> gets a line per join.
    /// </summary>
    public HanJoinKeeper KeepHanJoined(Action<string> log) => Joins ??= new HanJoinKeeper(Store, Session, log);

    /// <summary>Stops watching the inventory (the store stays open: it is the caller's).</summary>
    public void Dispose()
    {
        _watch?.Dispose();
        _watch = null;
    }
}
