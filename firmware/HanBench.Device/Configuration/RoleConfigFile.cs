namespace HanBench.Device.Configuration
{
    /// <summary>
    /// The role configuration file <c>I:\hanbench.json</c> that <c>hanbench flash</c> writes from a board profile and the
    /// ESP32 app reads at start-up (boards/README.md, "Role configuration file";
    /// host/HanBench.Tooling/Flashing/RoleConfigJson.cs writes it). Filled by <see cref="RoleConfigParser"/>; every value
    /// here has been checked against the format.
    /// </summary>
    public sealed class RoleConfigFile
    {
        /// <summary>The only format tag this firmware knows.</summary>
        public const string CurrentFormat = "hanbench-role/1";

        /// <summary>Where the file lives on the board.</summary>
        public const string DevicePath = "I:\\hanbench.json";

        /// <summary>Most links a role has (a hub or a bridge: two).</summary>
        public const int MaxLinks = 2;

        private readonly LinkConfig?[] _links = new LinkConfig?[MaxLinks];

        /// <summary><see cref="CurrentFormat"/> once parsed.</summary>
        public string Format { get; internal set; } = string.Empty;

        /// <summary>Board profile id (boards/ID.json).</summary>
        public string Board { get; internal set; } = string.Empty;

        /// <summary>The role to run.</summary>
        public ConfiguredRole Role { get; internal set; }

        /// <summary>The role's name as written in the file (<c>hub</c>, <c>ppmid</c>, <c>bridge</c>, <c>meter</c>).</summary>
        public string RoleName { get; internal set; } = string.Empty;

        /// <summary>False when the file says <c>null</c>: derive the EUI-64 from the chip's MAC.</summary>
        public bool HasEui64 { get; internal set; }

        /// <summary>The device's EUI-64 when <see cref="HasEui64"/> (most significant octet first in the file).</summary>
        public ulong Eui64 { get; internal set; }

        /// <summary><c>B1</c>–<c>B4</c> for a bridge, else null.</summary>
        public string? Variant { get; internal set; }

        /// <summary>Links in the role's order (hub: wan, han; bridge: han, althan; ppmid and meter: han).</summary>
        public int LinkCount { get; internal set; }

        /// <summary>Status LED pin.</summary>
        public int LedGpio { get; internal set; }

        /// <summary>How the LED is driven.</summary>
        public LedKind LedKind { get; internal set; }

        /// <summary>True when a high level lights the LED.</summary>
        public bool LedActiveHigh { get; internal set; }

        /// <summary>User button pin.</summary>
        public int ButtonGpio { get; internal set; }

        /// <summary>True when pressing pulls the pin low (input with pull-up).</summary>
        public bool ButtonActiveLow { get; internal set; }

        /// <summary>Whether images are kept whole or only digested.</summary>
        public ImageStorageKind StorageKind { get; internal set; }

        /// <summary><c>I:</c> (internal LittleFS) or <c>D:</c> (SD card).</summary>
        public string Drive { get; internal set; } = string.Empty;

        /// <summary>True when the file describes an SD card (<c>storage.sdCard</c> not null).</summary>
        public bool HasSdCard { get; internal set; }

        /// <summary>SD card SPI chip select, when <see cref="HasSdCard"/>.</summary>
        public int SdCardCs { get; internal set; }

        /// <summary>SD card SPI clock, when <see cref="HasSdCard"/>.</summary>
        public int SdCardSck { get; internal set; }

        /// <summary>SD card SPI MOSI, when <see cref="HasSdCard"/>.</summary>
        public int SdCardMosi { get; internal set; }

        /// <summary>SD card SPI MISO, when <see cref="HasSdCard"/>.</summary>
        public int SdCardMiso { get; internal set; }

        /// <summary>The link at <paramref name="index"/> (0 ≤ index &lt; <see cref="LinkCount"/>).</summary>
        public LinkConfig GetLink(int index)
        {
            if (index < 0 || index >= LinkCount)
            {
                throw new System.ArgumentOutOfRangeException(nameof(index));
            }

            return _links[index]!;
        }

        /// <summary>The link called <paramref name="name"/>, or null.</summary>
        public LinkConfig? FindLink(string name)
        {
            for (int i = 0; i < LinkCount; i++)
            {
                if (_links[i]!.Name == name)
                {
                    return _links[i];
                }
            }

            return null;
        }

        /// <summary>The link names a role uses, in order (host/HanBench.Tooling/Boards/RoleRequirements.cs, Links).</summary>
        public static string[] ExpectedLinks(ConfiguredRole role)
        {
            switch (role)
            {
                case ConfiguredRole.Hub:
                    return new string[] { "wan", "han" };
                case ConfiguredRole.Bridge:
                    return new string[] { "han", "althan" };
                case ConfiguredRole.Ppmid:
                case ConfiguredRole.Meter:
                    return new string[] { "han" };
                default:
                    return new string[0];
            }
        }

        internal void Clear()
        {
            Format = string.Empty;
            Board = string.Empty;
            Role = ConfiguredRole.None;
            RoleName = string.Empty;
            HasEui64 = false;
            Eui64 = 0;
            Variant = null;
            LinkCount = 0;
            for (int i = 0; i < _links.Length; i++)
            {
                _links[i] = null;
            }

            LedGpio = 0;
            LedKind = LedKind.None;
            LedActiveHigh = false;
            ButtonGpio = 0;
            ButtonActiveLow = false;
            StorageKind = ImageStorageKind.None;
            Drive = string.Empty;
            HasSdCard = false;
            SdCardCs = 0;
            SdCardSck = 0;
            SdCardMosi = 0;
            SdCardMiso = 0;
        }

        internal void SetLink(int index, LinkConfig link)
        {
            _links[index] = link;
        }
    }
}
