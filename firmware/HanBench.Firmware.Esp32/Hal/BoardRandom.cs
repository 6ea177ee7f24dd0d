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
    /// seed; without one the keys a board makes are only as unpredictable as its timing: provision it.
    /// </summary>
    internal sealed class BoardRandom : IRandomSource
    {
        /// <summary>Settings key of the provisioned seed.</summary>
        public const string SeedKey = "rng.seed";

        private readonly HmacDrbg _drbg;
        private readonly byte[] _ticks = new byte[8];

        /// <summary>The source of the board <paramref name="eui64"/> keeping its state in <paramref name="settings"/>.</summary>
        public BoardRandom(ISettingsStore settings, ulong eui64)
        {
            byte[] seed = new byte[48];
            settings.TryRead(SeedKey, seed, 0, out int _);
            Put(seed, 32, eui64);
            Put(seed, 40, (ulong)System.Environment.TickCount64);
            _drbg = new HmacDrbg(seed, settings, CredentialHandler.RandomStateKey);
            System.Array.Clear(seed, 0, seed.Length);
        }

        /// <inheritdoc />
        public bool TryFill(byte[] buffer, int offset, int count)
        {
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
