using HanBench.Device.Hal;
using HanBench.Device.Memory;
using HanBench.Device.Roles.EndDevice;

namespace HanBench.Firmware.Esp32.Hal
{
    /// <summary>
    /// The board's random source (CS02c key pairs): an <see cref="HmacDrbg"/> whose state lives in the settings store on
    /// <c>I:</c> (so a restart never repeats an output), instantiated from a seed provisioned with the board
    /// (settings <see cref="SeedKey"/>, 32 octets written at flash time from the PC's CSPRNG) with the EUI-64 and the boot
    /// time, and reseeded with <c>Environment.TickCount64</c> at every use (when a command happens to arrive). The ESP32's
    /// hardware RNG is not reachable through the nanoFramework 1.x API the portable gate allows, hence the provisioned
    /// seed. Without one (or with a state already drawn from) it refuses to produce anything: a key only as unpredictable
    /// as the board's timing is worse than none, and CS02c then answers that it cannot generate a key pair.
    /// </summary>
    internal sealed class BoardRandom : IRandomSource
    {
        /// <summary>Settings key of the provisioned seed.</summary>
        public const string SeedKey = "rng.seed";

        private readonly HmacDrbg _drbg;
        private readonly byte[] _ticks = new byte[8];
        private readonly bool _seeded;

        /// <summary>The source of the board <paramref name="eui64"/> keeping its state in <paramref name="settings"/>.</summary>
        public BoardRandom(ISettingsStore settings, ulong eui64)
        {
            byte[] seed = new byte[48];
            _seeded = settings.TryRead(SeedKey, seed, 0, out int length) == StoreStatus.Ok && length >= 32;
            Put(seed, 32, eui64);
            Put(seed, 40, (ulong)System.Environment.TickCount64);
            _drbg = new HmacDrbg(seed, settings, CredentialHandler.RandomStateKey);
            System.Array.Clear(seed, 0, seed.Length);
        }

        /// <inheritdoc />
        public bool TryFill(byte[] buffer, int offset, int count)
        {
            if (!_seeded)
            {
                return false;
            }

            Put(_ticks, 0, (ulong)System.Environment.TickCount64);
            _drbg.Reseed(_ticks, 0, _ticks.Length);
            return _drbg.TryFill(buffer, offset, count);
        }

        private static void Put(byte[] buffer, int offset, ulong value)
        {
            for (int i = 7; i >= 0; i--)
            {
                buffer[offset + i] = (byte)value;
                value >>= 8;
            }
        }
    }
}
