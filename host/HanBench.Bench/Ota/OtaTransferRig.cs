using HanBench.Bench.Radio;
using HanBench.Bench.Time;
using HanBench.Protocol.Transfer;

namespace HanBench.Bench.Ota;

/// <summary>
/// One OTA server and some clients on a medium under virtual time: the shape of every OTA scenario test and benchmark.
/// Each client has its own hop to the server (a star, as a Comms Hub's HAN or a host's UARTs), its own keeping sink,
/// resume record store and image check expecting the served image's Manufacturer Image hash.
/// </summary>
public sealed class OtaTransferRig
{
    /// <summary>The server node's EUI-64.</summary>
    public const ulong ServerEui = 0x00DB120000000001UL;

    /// <summary>The first client's EUI-64 (the next ones count up).</summary>
    public const ulong FirstClientEui = 0x00DB1200000000C1UL;

    /// <summary>Key of the served image in the source.</summary>
    public const string ImageKey = "bench-image";

    private readonly HopKind _kind;

    /// <summary>
    /// Builds the rig: <paramref name="clients"/> clients, each configured by <paramref name="configure"/> (called with its
    /// index and the settings to fill; manufacturer, image type, version and addresses are set already); the server
    /// answers <paramref name="responseDelayMs"/> after each request (<see cref="OtaServerRole.ResponseDelayMs"/>). The
    /// server is each hop's first node, so on a hop whose stack polls the client is the sleepy child.
    /// </summary>
    public OtaTransferRig(RadioModel model, HopKind kind, OtaBenchImage image, OtaServerSettings serverSettings, int clients, Action<int, OtaClientSettings>? configure = null, ulong seed = 1, long responseDelayMs = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(clients, 1);
        _kind = kind;
        Image = image;
        Scheduler = new VirtualScheduler();
        Medium = new Medium(Scheduler, seed);
        Source = new ArrayOtaImageSource();
        Source.Add(ImageKey, image.Bytes);
        ServerNode = Medium.AddNode(ServerEui, "server");
        ServerImage = new OtaServerImage(ImageKey, image.ManufacturerCode, image.ImageType, image.FileVersion, (uint)image.Bytes.Length);

        ClientNodes = new MediumNode[clients];
        Hops = new MediumHop[clients];
        Sinks = new MemoryOtaSink[clients];
        Progress = new MemoryOtaProgress[clients];
        Checks = new OtaImageVerifierCheck[clients];
        Settings = new OtaClientSettings[clients];
        ClientRoles = new OtaClientRole[clients];
        for (int i = 0; i < clients; i++)
        {
            ClientNodes[i] = Medium.AddNode(FirstClientEui + (ulong)i, "client-" + i);
            Hops[i] = Medium.AddHop(ServerNode, ClientNodes[i], kind, model);
            Sinks[i] = new MemoryOtaSink();
            Progress[i] = new MemoryOtaProgress();
            Checks[i] = new OtaImageVerifierCheck { ExpectedManufacturerImageHash = (byte[])image.ManufacturerImageHash.Clone() };
            var settings = new OtaClientSettings
            {
                ServerAddress = ServerEui,
                ManufacturerCode = image.ManufacturerCode,
                ImageType = image.ImageType,
                CurrentFileVersion = image.FileVersion - 1,
            };
            configure?.Invoke(i, settings);
            Settings[i] = settings;
        }

        ServerRole = new OtaServerRole(Scheduler, ServerNode.Port(kind), ServerEui, Source, serverSettings, maxClients: Math.Max(8, clients)) { ResponseDelayMs = responseDelayMs };
        ServerRole.Server.AddImage(ServerImage);
        ServerNode.Attach(ServerRole);
        for (int i = 0; i < clients; i++)
        {
            Restart(i);
        }
    }

    /// <summary>The clock.</summary>
    public VirtualScheduler Scheduler { get; }

    /// <summary>The medium.</summary>
    public Medium Medium { get; }

    /// <summary>The served image.</summary>
    public OtaBenchImage Image { get; }

    /// <summary>The image's bytes, by key.</summary>
    public ArrayOtaImageSource Source { get; }

    /// <summary>The server's node.</summary>
    public MediumNode ServerNode { get; }

    /// <summary>The server's role.</summary>
    public OtaServerRole ServerRole { get; }

    /// <summary>The image as the server offers it.</summary>
    public OtaServerImage ServerImage { get; }

    /// <summary>The clients' nodes.</summary>
    public MediumNode[] ClientNodes { get; }

    /// <summary>Hop i joins the server and client i.</summary>
    public MediumHop[] Hops { get; }

    /// <summary>The clients' current roles (replaced by <see cref="Restart"/>).</summary>
    public OtaClientRole[] ClientRoles { get; }

    /// <summary>Client i's image sink (kept across restarts).</summary>
    public MemoryOtaSink[] Sinks { get; }

    /// <summary>Client i's resume record store (kept across restarts).</summary>
    public MemoryOtaProgress[] Progress { get; }

    /// <summary>Client i's image check.</summary>
    public OtaImageVerifierCheck[] Checks { get; }

    /// <summary>Client i's settings (kept across restarts: the current file version changes on activation).</summary>
    public OtaClientSettings[] Settings { get; }

    /// <summary>Activations seen per client.</summary>
    public int[] Activations => _activations;

    private int[] _activations = [];

    /// <summary>Client i reboots now: a new role on the same sink, record store and settings.</summary>
    public OtaClientRole Restart(int client)
    {
        if (_activations.Length != ClientNodes.Length)
        {
            _activations = new int[ClientNodes.Length];
        }

        var role = new OtaClientRole(Scheduler, ClientNodes[client].Port(_kind), ClientNodes[client].Eui64, Sinks[client], Progress[client], Checks[client], Settings[client]);
        role.Client.Observer = new ActivationCounter(this, client);
        ClientRoles[client] = role;
        ClientNodes[client].Attach(role);
        return role;
    }

    /// <summary>True when client i has activated, or has given up (idle with an error).</summary>
    public bool IsSettled(int client)
    {
        OtaClient c = ClientRoles[client].Client;
        return c.State == OtaClientState.Activated || (c.State == OtaClientState.Idle && c.LastError != OtaClientError.None);
    }

    /// <summary>Runs until every client is settled or <paramref name="deadlineMs"/>; true when all settled.</summary>
    public bool RunUntilSettled(long deadlineMs)
    {
        return Scheduler.RunUntil(() =>
        {
            for (int i = 0; i < ClientRoles.Length; i++)
            {
                if (!IsSettled(i))
                {
                    return false;
                }
            }

            return true;
        }, deadlineMs);
    }

    /// <summary>True when client i's committed image equals the served one byte for byte.</summary>
    public bool HasExactImage(int client) => Sinks[client].Committed && Sinks[client].Bytes.AsSpan().SequenceEqual(Image.Bytes);

    private sealed class ActivationCounter(OtaTransferRig rig, int client) : IOtaClientObserver
    {
        public void OnStateChanged(OtaClient c, OtaClientState state)
        {
        }

        public void OnActivate(OtaClient c, ushort manufacturerCode, ushort imageType, uint fileVersion) => rig._activations[client]++;
    }
}
