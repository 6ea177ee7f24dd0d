using HanBench.Protocol.Management;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// Everything a role needs to know about the device it plays; <see cref="RoleFactory"/> turns it into an
    /// <see cref="IDeviceRole"/>. The same object configures a virtual board, a board on the bench medium and an ESP32
    /// (the board app reads it from its configuration). Use the <c>For…</c> helpers for HanBench's defaults, then adjust.
    /// </summary>
    public sealed class RoleSettings
    {
        /// <summary>
        /// The Access Control Broker's system title, recipient of device alerts (CCS08, 0x8F8B) and originator of CS08
        /// (docs/PROTOCOL.md §3; the value the RTDS messages carry).
        /// </summary>
        public const ulong DefaultAcbSystemTitle = 0x90B3D51F30000002UL;

        /// <summary>
        /// The supplier's system title, originator of the CS06 a Comms Hub obeys: the RTDS 11.3 supplier, as the host's
        /// HubSessionOptions sends it (HanBench choice).
        /// </summary>
        public const ulong DefaultSupplierSystemTitle = 0x90B3D51F30010000UL;

        /// <summary>
        /// The RTDS / DCC Boxed transitional change-of-supplier party (Remote Party Role 0x05): it signs the CS02b 0x0107 that
        /// installs an incoming supplier's credentials (GBCS 6.23; RTDS <c>6.23_CS02bSupplierByTransCoS</c>).
        /// </summary>
        public const ulong DefaultTransitionalCoSSystemTitle = 0x90B3D51F30000004UL;

        /// <summary>HanBench's manufacturer code for the images it builds (HanBench choice).</summary>
        public const ushort DefaultManufacturerCode = 0x1DB0;

        /// <summary>Image type of Comms Hub firmware (HanBench choice).</summary>
        public const ushort HubImageType = 0x0100;

        /// <summary>Image type of PPMID firmware (HanBench choice).</summary>
        public const ushort PpmidImageType = 0x0200;

        /// <summary>
        /// Image type of a bridge's SiLabs firmware is this plus the variant number: SECMP0170 §4.3 lists a SiLabs binary
        /// per bridge (505/514/621/621 KB), so each variant has its own. (HanBench choice.)
        /// </summary>
        public const ushort SiLabsImageTypeBase = 0x0310;

        /// <summary>Image type of the Broadcom firmware, one image for B1–B3 (SECMP0170 §4.3). (HanBench choice.)</summary>
        public const ushort BroadcomImageType = 0x0320;

        /// <summary>Image type of meter traffic nodes (they are not upgraded; HanBench choice).</summary>
        public const ushort MeterImageType = 0x0400;

        /// <summary>Default restart time into new firmware (HanBench choice; SECMP0170 gives none).</summary>
        public const long DefaultRestartTimeMs = 30000;

        /// <summary>Default seconds since 2000-01-01 UTC at clock 0: 2025-01-01 00:00:00 (HanBench choice).</summary>
        public const uint DefaultUtcSecondsAtClockZero = 789004800;

        /// <summary>A configuration with everything zero/empty; prefer the <c>For…</c> helpers.</summary>
        public RoleSettings()
        {
            Components = new FirmwareComponentConfig[0];
            RelayedEuis = new ulong[0];
            RestartTimeMs = DefaultRestartTimeMs;
            AcbSystemTitle = DefaultAcbSystemTitle;
            SupplierSystemTitle = DefaultSupplierSystemTitle;
            UtcSecondsAtClockZero = DefaultUtcSecondsAtClockZero;
            MeterReportPeriodMs = 5000;
            MeterRetryIntervalMs = 2000;
            MeterPayloadBytes = 24;
            MeterWindow = 64;
            HardwareVersion = 1;
        }

        /// <summary>What the device plays.</summary>
        public DeviceRoleKind Role { get; set; }

        /// <summary>The device's EUI-64 (its frame address and GBCS system title).</summary>
        public ulong Eui64 { get; set; }

        /// <summary>Alt HAN Device Variant of a bridge; <see cref="AltHanVariant.None"/> otherwise.</summary>
        public AltHanVariant Variant { get; set; }

        /// <summary>The Comms Hub's EUI-64: where HAN devices send alerts, OTA requests and meter traffic (a hub: its own).</summary>
        public ulong HubEui { get; set; }

        /// <summary>A Comms Hub's WAN peer: the host (DSP/CSP) EUI-64 it pulls images from and relays GBCS to. Unused elsewhere.</summary>
        public ulong UpstreamEui { get; set; }

        /// <summary>A bridge's Alt HAN partner (B1 ═ B2, B3 ═ B4). Reported only; forwarding does not depend on it.</summary>
        public ulong PeerEui { get; set; }

        /// <summary>
        /// Devices a bridge reaches through its far side; it forwards downstream only frames addressed to one of them
        /// (empty: every unicast not addressed to itself). Upstream, it forwards every unicast not addressed to itself.
        /// </summary>
        public ulong[] RelayedEuis { get; set; }

        /// <summary>Hardware version sent in Query Next Image Request and checked against an image's range.</summary>
        public ushort HardwareVersion { get; set; }

        /// <summary>Firmware components (a PPMID, hub or meter: one, Main; B1–B3: SiLabs and Broadcom; B4: SiLabs).</summary>
        public FirmwareComponentConfig[] Components { get; set; }

        /// <summary>How long the device is off while it restarts (into new firmware, or on a reboot request).</summary>
        public long RestartTimeMs { get; set; }

        /// <summary>GBCS system title alerts are addressed to and CS08 comes from.</summary>
        public ulong AcbSystemTitle { get; set; }

        /// <summary>A Comms Hub: the only originator whose CS06 Activate Firmware it obeys (GBCS: supplier-signed); 0 takes any.</summary>
        public ulong SupplierSystemTitle { get; set; }

        /// <summary>
        /// The device's GBCS keys (its KA private key, the ACB's KA and the supplier's DS public keys); null: HanBench's
        /// test keys for <see cref="Eui64"/>, <see cref="AcbSystemTitle"/> and <see cref="SupplierSystemTitle"/>
        /// (<see cref="DeviceCredentials.ForTestKeys"/>, default seed).
        /// </summary>
        public DeviceCredentials? Credentials { get; set; }

        /// <summary>
        /// For debugging a device only (<c>--insecure</c>; off by default): a GBCS command whose MAC or supplier signature
        /// is missing or does not verify is acted on anyway, with a warning logged and counted
        /// (<see cref="GbcsDeviceSecurity.AcceptedInsecurely"/>). Everything else is still checked and refused: a malformed
        /// message, another recipient, a CS06 from another supplier, a replayed or older originator counter. What the
        /// device sends is MAC'd as always.
        /// </summary>
        public bool Insecure { get; set; }

        /// <summary>
        /// A Comms Hub refuses its own firmware image (SRV 11.1), and a PPMID or bridge every image of its components,
        /// unless it is GBCS-signed by the supplier (role config <c>requireSignedImages</c>, <c>board --require-signed-images</c>).
        /// A signed image is verified against the supplier's DS key whatever this says (<see cref="GbcsDeviceSecurity.Verify"/>);
        /// this also refuses unsigned ones (GBCS 0x8F1C, nothing activated). Off by default.
        /// </summary>
        public bool RequireSignedImages { get; set; }

        /// <summary>UTC at clock 0, seconds since 2000-01-01, for GBCS timestamps (HanBench choice: devices have no RTC here).</summary>
        public uint UtcSecondsAtClockZero { get; set; }

        /// <summary>Meter traffic: a new report every this many ms.</summary>
        public long MeterReportPeriodMs { get; set; }

        /// <summary>Meter traffic: resend an unacknowledged report after this many ms.</summary>
        public long MeterRetryIntervalMs { get; set; }

        /// <summary>Meter traffic: payload bytes of a report (at least <c>MeterTrafficFrame.HeaderLength</c>).</summary>
        public int MeterPayloadBytes { get; set; }

        /// <summary>Meter traffic: most unacknowledged reports held; one more is counted lost.</summary>
        public int MeterWindow { get; set; }

        /// <summary>The first component, or null.</summary>
        public FirmwareComponentConfig? FindComponent(FirmwareComponentId component)
        {
            for (int i = 0; i < Components.Length; i++)
            {
                if (Components[i].Component == component)
                {
                    return Components[i];
                }
            }

            return null;
        }

        /// <summary>The component upgraded by images of <paramref name="manufacturerCode"/>/<paramref name="imageType"/>, or null.</summary>
        public FirmwareComponentConfig? FindComponentByImage(ushort manufacturerCode, ushort imageType)
        {
            for (int i = 0; i < Components.Length; i++)
            {
                if (Components[i].ManufacturerCode == manufacturerCode && Components[i].ImageType == imageType)
                {
                    return Components[i];
                }
            }

            return null;
        }

        /// <summary>Null when the configuration can run; otherwise why not.</summary>
        public string? Validate()
        {
            if (!ManagementValues.IsRoleKind((byte)Role))
            {
                return "unknown role kind";
            }

            if (Eui64 == 0 || Eui64 == 0xFFFFFFFFFFFFFFFFUL)
            {
                return "EUI-64 must be neither 0 nor broadcast";
            }

            if (Role == DeviceRoleKind.Hub ? UpstreamEui == 0 : HubEui == 0)
            {
                return Role == DeviceRoleKind.Hub ? "a Comms Hub needs the host's EUI-64 (UpstreamEui)" : "a HAN device needs the hub's EUI-64 (HubEui)";
            }

            if ((Role == DeviceRoleKind.Bridge) != (Variant != AltHanVariant.None) || !ManagementValues.IsVariant((byte)Variant))
            {
                return "a bridge, and only a bridge, has a variant B1–B4";
            }

            if (Components == null || Components.Length == 0 || Components.Length > IdentityReport.MaxComponents)
            {
                return "1 to 4 firmware components";
            }

            if (Role == DeviceRoleKind.Bridge)
            {
                int expected = Variant == AltHanVariant.B4 ? 1 : 2;
                if (Components.Length != expected || FindComponent(FirmwareComponentId.SiLabs) == null
                    || (expected == 2 && FindComponent(FirmwareComponentId.Broadcom) == null))
                {
                    return "B1–B3 carry SiLabs and Broadcom components, B4 SiLabs only (SECMP0170 §4.3)";
                }
            }

            for (int i = 0; i < Components.Length; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    if (Components[i].Component == Components[j].Component
                        || (Components[i].ManufacturerCode == Components[j].ManufacturerCode && Components[i].ImageType == Components[j].ImageType))
                    {
                        return "components must differ in id and image type";
                    }
                }
            }

            if (RestartTimeMs < 0 || MeterReportPeriodMs <= 0 || MeterRetryIntervalMs <= 0 || MeterWindow <= 0 || MeterPayloadBytes < 6 || MeterPayloadBytes > 64)
            {
                return "restart time, meter period, retry interval, window and payload size (6..64) out of range";
            }

            return null;
        }

        /// <summary>A Comms Hub at <paramref name="eui64"/> whose WAN peer (the host) is <paramref name="hostEui"/>.</summary>
        public static RoleSettings ForHub(ulong eui64, ulong hostEui)
        {
            RoleSettings config = new RoleSettings();
            config.Role = DeviceRoleKind.Hub;
            config.Eui64 = eui64;
            config.HubEui = eui64;
            config.UpstreamEui = hostEui;
            config.Components = new FirmwareComponentConfig[] { new FirmwareComponentConfig(FirmwareComponentId.Main, DefaultManufacturerCode, HubImageType, 0x00010000) };
            return config;
        }

        /// <summary>A PPMID at <paramref name="eui64"/> joined to the hub <paramref name="hubEui"/>.</summary>
        public static RoleSettings ForPpmid(ulong eui64, ulong hubEui)
        {
            RoleSettings config = new RoleSettings();
            config.Role = DeviceRoleKind.Ppmid;
            config.Eui64 = eui64;
            config.HubEui = hubEui;
            config.Components = new FirmwareComponentConfig[] { new FirmwareComponentConfig(FirmwareComponentId.Main, DefaultManufacturerCode, PpmidImageType, 0x00010000) };
            return config;
        }

        /// <summary>
        /// An Alt HAN bridge of <paramref name="variant"/> at <paramref name="eui64"/>, partner <paramref name="peerEui"/>,
        /// relaying <paramref name="relayedEuis"/>: B1–B3 with SiLabs and Broadcom components, B4 with SiLabs only.
        /// </summary>
        public static RoleSettings ForBridge(ulong eui64, AltHanVariant variant, ulong hubEui, ulong peerEui, ulong[] relayedEuis)
        {
            RoleSettings config = new RoleSettings();
            config.Role = DeviceRoleKind.Bridge;
            config.Eui64 = eui64;
            config.Variant = variant;
            config.HubEui = hubEui;
            config.PeerEui = peerEui;
            config.RelayedEuis = relayedEuis == null ? new ulong[0] : relayedEuis;
            FirmwareComponentConfig silabs = new FirmwareComponentConfig(FirmwareComponentId.SiLabs, DefaultManufacturerCode, (ushort)(SiLabsImageTypeBase + (int)variant), 0x00010000);
            if (variant == AltHanVariant.B4)
            {
                config.Components = new FirmwareComponentConfig[] { silabs };
            }
            else
            {
                config.Components = new FirmwareComponentConfig[] { silabs, new FirmwareComponentConfig(FirmwareComponentId.Broadcom, DefaultManufacturerCode, BroadcomImageType, 0x00010000) };
            }

            return config;
        }

        /// <summary>A meter traffic node (GSME or IHD stand-in) at <paramref name="eui64"/> reporting to <paramref name="hubEui"/>.</summary>
        public static RoleSettings ForMeter(ulong eui64, ulong hubEui)
        {
            RoleSettings config = new RoleSettings();
            config.Role = DeviceRoleKind.Meter;
            config.Eui64 = eui64;
            config.HubEui = hubEui;
            config.Components = new FirmwareComponentConfig[] { new FirmwareComponentConfig(FirmwareComponentId.Main, DefaultManufacturerCode, MeterImageType, 0x00010000) };
            return config;
        }
    }
}
