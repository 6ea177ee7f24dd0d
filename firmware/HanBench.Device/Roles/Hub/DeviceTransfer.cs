using HanBench.Protocol.Management;
using HanBench.Protocol.Transfer;

namespace HanBench.Device.Roles.Hub
{
    /// <summary>One device's transfer of one image, tracked by the Comms Hub from the distribution request to its CCS08 alert.</summary>
    public sealed class DeviceTransfer
    {
        /// <summary>Octets of the expected hash.</summary>
        public const int HashLength = 32;

        /// <summary>Whether the slot is in use.</summary>
        public bool InUse { get; internal set; }

        /// <summary>The HAN device.</summary>
        public ulong Device { get; internal set; }

        /// <summary>The image served.</summary>
        public OtaServerImage? Image { get; internal set; }

        /// <summary>Its identity.</summary>
        public ImageIdentity Identity { get; internal set; }

        /// <summary>The Manufacturer Image SHA-256 from the distribution request (passed to the device as its expectation).</summary>
        public byte[] Hash { get; } = new byte[HashLength];

        /// <summary>True once the device has queried and been offered the image; false while the hub is still notifying.</summary>
        public bool Downloading { get; internal set; }

        /// <summary>Image Notify sent since the last progress.</summary>
        public int NotifyAttempts { get; internal set; }

        /// <summary>When the next Image Notify is due (while not downloading).</summary>
        public long NextNotifyMs { get; internal set; }

        /// <summary>Highest byte offset served so far.</summary>
        public uint HighestOffset { get; internal set; }
    }
}
