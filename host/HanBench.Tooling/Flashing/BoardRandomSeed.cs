using System.Security.Cryptography;
using HanBench.Host.Keys;
using HanBench.Protocol.Integrity;

namespace HanBench.Tooling.Flashing;

/// <summary>
/// The seed of an ESP32 board's random source (the app's <c>BoardRandom</c>: an HMAC_DRBG instantiated from settings key
/// <c>rng.seed</c>, which CS02c's new key pairs come from; issue 8 §4, GBCS 6.17). The ESP32's hardware RNG is out of reach
/// of the nanoFramework API HanBench allows, so <c>flash</c> provisions 32 octets from the PC's CSPRNG, fresh at every
/// flash (never one board's seed on another). The file is a settings-store record as the board's
/// <c>DriveSettingsStore</c> keeps one key (<c>I:\settings\rng.seed</c>): the value, then its CRC-32 little-endian — so
/// nanoff's file deployment puts it where the app reads it, with no import step. Written 0600 (<see cref="PrivateFiles"/>):
/// whoever reads it can predict the board's keys, so <c>flash</c> deletes it once nanoff has run.
/// </summary>
public static class BoardRandomSeed
{
    /// <summary>Seed octets (the DRBG's security strength, 256 bits).</summary>
    public const int Length = 32;

    /// <summary>Name of the file in the work directory, and of the settings key on the board.</summary>
    public const string FileName = "rng.seed";

    /// <summary>Where on the board it goes: the settings store's file for key <see cref="FileName"/>.</summary>
    public const string DevicePath = @"I:\settings\" + FileName;

    /// <summary>Draws a new seed and writes it as a settings record (0600) to <paramref name="path"/>, replacing any earlier one.</summary>
    public static void WriteNew(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var record = new byte[Length + 4];
        RandomNumberGenerator.Fill(record.AsSpan(0, Length));
        uint crc = Crc32.Compute(record, 0, Length);
        record[Length] = (byte)crc;
        record[Length + 1] = (byte)(crc >> 8);
        record[Length + 2] = (byte)(crc >> 16);
        record[Length + 3] = (byte)(crc >> 24);
        try
        {
            PrivateFiles.WriteAllBytes(path, record);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(record);
        }
    }

    /// <summary>The seed in a record <see cref="WriteNew"/> wrote, or null when it is not one (wrong length or CRC).</summary>
    public static byte[]? TryRead(byte[] record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Length != Length + 4)
        {
            return null;
        }

        uint crc = Crc32.Compute(record, 0, Length);
        uint stored = record[Length] | ((uint)record[Length + 1] << 8) | ((uint)record[Length + 2] << 16) | ((uint)record[Length + 3] << 24);
        return crc == stored ? record[..Length] : null;
    }
}
