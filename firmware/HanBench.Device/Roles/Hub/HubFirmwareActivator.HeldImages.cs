using HanBench.Device.Hal;
using HanBench.Device.Roles.Ota;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;
using HanBench.Protocol.Ota;

namespace HanBench.Device.Roles.Hub
{
    /// <summary>Finding the hub's own held image by its Manufacturer Image SHA-256, hashing it as it is read from the store.</summary>
    public sealed partial class HubFirmwareActivator
    {
        private readonly OtaImageVerifier _verifier = new OtaImageVerifier();

        private readonly byte[] _chunk = new byte[ChunkLength];

        /// <summary>
        /// Looks for the hub's own image whose Manufacturer Image SHA-256 is <paramref name="hash"/>: Success with its key,
        /// HashMismatch when own images are held but none matches, NoImageHeld when none is held.
        /// </summary>
        private ActivateFirmwareResponseCode FindHeldImage(byte[] hash, out string? key, out ImageIdentity identity)
        {
            key = null;
            identity = default;
            IImageStore images = _hub.Context.Images;
            string[] keys = images.ListImages();
            bool anyHeld = false;
            for (int i = 0; i < keys.Length; i++)
            {
                if (!ImageKeys.TryParse(keys[i], out ImageIdentity held) || !_hub.IsOwnImage(held))
                {
                    continue;
                }

                anyHeld = true;
                if (HashOf(keys[i]) && SameHash(hash, _verifier.ManufacturerImageHash))
                {
                    key = keys[i];
                    identity = held;
                    return ActivateFirmwareResponseCode.Success;
                }
            }

            return anyHeld ? ActivateFirmwareResponseCode.HashMismatch : ActivateFirmwareResponseCode.NoImageHeld;
        }

        /// <summary>Streams the stored image through the verifier; true when it parsed (its hash is then in the verifier).</summary>
        private bool HashOf(string key)
        {
            IImageStore images = _hub.Context.Images;
            if (!images.TryGetLength(key, out int length))
            {
                return false;
            }

            _verifier.Reset();
            int offset = 0;
            while (offset < length)
            {
                if (images.ReadAt(key, offset, _chunk, 0, _chunk.Length, out int read) != StoreStatus.Ok || read <= 0)
                {
                    return false;
                }

                if (_verifier.Append(_chunk, 0, read) != OtaFileStatus.Ok)
                {
                    return false;
                }

                offset += read;
            }

            return _verifier.Complete() == OtaFileStatus.Ok;
        }

        private static bool SameHash(byte[] a, byte[] b)
        {
            // Every byte compared whatever the first difference (as OtaImageVerifierCheck does).
            int difference = 0;
            for (int i = 0; i < HashLength; i++)
            {
                difference |= a[i] ^ b[i];
            }

            return difference == 0;
        }
    }
}
