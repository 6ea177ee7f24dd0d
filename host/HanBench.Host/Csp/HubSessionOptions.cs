using HanBench.Device.Roles;

namespace HanBench.Host.Csp;

/// <summary>How a <see cref="HubSession"/> is set up.</summary>
public sealed class HubSessionOptions
{
    /// <summary>The ACB's system title (RoleSettings.DefaultAcbSystemTitle on the bench): the originator of CS08.</summary>
    public const ulong DefaultAcbSystemTitle = RoleSettings.DefaultAcbSystemTitle;

    /// <summary>The supplier system title CS06 (supplier-signed, GBCS) comes from. HanBench choice.</summary>
    public const ulong DefaultSupplierSystemTitle = RoleSettings.DefaultSupplierSystemTitle;

    /// <summary>The host's EUI-64 on the WAN link (frame source).</summary>
    public required ulong HostEui { get; init; }

    /// <summary>The Comms Hub at the other end.</summary>
    public required ulong HubEui { get; init; }

    /// <summary>Originator of CS08 (the ACB).</summary>
    public ulong AcbSystemTitle { get; set; } = DefaultAcbSystemTitle;

    /// <summary>Originator of CS06.</summary>
    public ulong SupplierSystemTitle { get; set; } = DefaultSupplierSystemTitle;

    /// <summary>
    /// The ACB's keys the CS08 and CS06 commands are MAC'd with (docs/GBCS-SECURITY.md §2); HanBench's test keys unless a
    /// keystore gives others. Each options instance gets its own by default: a credential replacement (CS02) changes the
    /// keys of the host it happened to, never another bench's in the same process. One instance can serve many sessions.
    /// </summary>
    public GbcsPartyKeys Keys { get; init; } = GbcsPartyKeys.ForTestKeys();

    /// <summary>
    /// The management keys every management frame the session sends is signed with (issue 8 §3): HanBench's test keys
    /// (what in-process benches provision) unless a keystore gives the hubs' keys.
    /// </summary>
    public ManagementKeyring ManagementKeys { get; init; } = DefaultManagementKeys;

    /// <summary>HanBench's test management keys, made once per process.</summary>
    public static ManagementKeyring DefaultManagementKeys { get; } = ManagementKeyring.ForTestKeys();

    /// <summary>
    /// For debugging a device only (<c>--insecure</c>; off by default): a response or alert whose MAC or signature is
    /// missing or does not verify (<see cref="GbcsRefusal.Relaxable"/>: never CS02, unsolicited, replayed or misaddressed
    /// ones) is acted on anyway and named in
    /// <see cref="HubGbcsCalls.Refused"/> as INSECURE, counted in <see cref="HubGbcsCalls.AcceptedInsecurely"/>. What the
    /// host sends is MAC'd and signed as always.
    /// </summary>
    public bool Insecure { get; init; }

    /// <summary>HanBench's test keys for the default ACB, made once per process (equal to every session's default keys until a CS02 replaces some).</summary>
    public static GbcsPartyKeys DefaultKeys { get; } = GbcsPartyKeys.ForTestKeys();

    /// <summary>Management requests: 10 s per attempt, 3 attempts (the WAN and the HAN both lose frames).</summary>
    public static RetryPolicy DefaultManagement => new(10_000, 3);

    /// <summary>GBCS commands: 15 s per attempt, 3 attempts (a HAN device behind two Alt HAN hops answers in seconds).</summary>
    public static RetryPolicy DefaultGbcs => new(15_000, 3);

    /// <summary>
    /// CS06 Activate Firmware: 60 s per attempt, 2 attempts. A device answers an immediate CS06 from its new firmware,
    /// after its restart (RoleSettings.DefaultRestartTimeMs: 30 s), so one attempt must outlast a restart, or every
    /// retry would land on a device that is off. HanBench choice.
    /// </summary>
    public static RetryPolicy DefaultActivation => new(60_000, 2);

    /// <summary>Policy of management requests when a call gives none.</summary>
    public RetryPolicy Management { get; init; } = DefaultManagement;

    /// <summary>Policy of GBCS commands when a call gives none.</summary>
    public RetryPolicy Gbcs { get; init; } = DefaultGbcs;

    /// <summary>Policy of CS06 when a call gives none.</summary>
    public RetryPolicy Activation { get; init; } = DefaultActivation;

    /// <summary>
    /// Milliseconds without any frame from the hub, while it owes an answer, before <see cref="HubLiveness.NotAnswering"/>
    /// says so (30 s: longer than one management attempt, so one lost frame is not a silent hub). HanBench choice.
    /// </summary>
    public long SilenceNoteMs { get; init; } = DefaultSilenceNoteMs;

    /// <summary>The default of <see cref="SilenceNoteMs"/>.</summary>
    public const long DefaultSilenceNoteMs = 30_000;

    /// <summary>Milliseconds between two notes of the same silence (a slow reminder, not a flood).</summary>
    public long SilenceRepeatMs { get; init; } = 60_000;

    /// <summary>Hubs that may download from the host's OTA server at once.</summary>
    public int MaxOtaClients { get; init; } = 2;

    /// <summary>Images the host's OTA server offers at once.</summary>
    public int MaxOtaImages { get; init; } = 16;
}
