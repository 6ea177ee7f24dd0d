using System.Globalization;
using HanBench.Host.Crypto;
using HanBench.Tooling.Images;
using HanBench.Protocol.Ota;

namespace HanBench.Cli.Commands;

/// <summary>
/// The file and argument handling shared by the image, firmware and cpl commands: reading inputs and
/// keys with one-line errors, parsing hex numbers, and building an image with bad input reported as such.
/// </summary>
internal static class ImageFiles
{
    /// <summary>Reads a whole input file; a missing or unreadable file, or a folder, is bad input (exit 2).</summary>
    public static byte[] ReadInput(string path, string what)
    {
        FileArguments.RefuseFolder(path, what);
        if (!File.Exists(path))
        {
            throw new CliException($"{what} not found: {path}", ExitCodes.BadInput);
        }

        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {what} {path}: {ex.Message}", ExitCodes.BadInput);
        }
    }

    /// <summary>
    /// Reads a file that must be an OTA image: anything whose OTA header does not decode (no 0x0BEEF11E file identifier, a
    /// truncated header) is bad input named as such (exit 2), before any size limit or DUIS check looks at it.
    /// </summary>
    public static byte[] ReadOtaFile(string path)
    {
        byte[] bytes = ReadInput(path, "image file");
        OtaFileStatus status = OtaHeader.TryDecode(new HanBench.Protocol.Bytes.ByteReader(bytes, 0, bytes.Length), new OtaHeader());
        if (status != OtaFileStatus.Ok)
        {
            throw new CliException($"{path}: {HanBench.Host.ServiceRequests.OtaManufacturerImageHasher.Describe(status, bytes.Length, OtaImageLayout.Gbcs)}", ExitCodes.BadInput);
        }

        return bytes;
    }

    public static EcdsaP256SigningKey LoadSigningKey(string path)
    {
        string pem = System.Text.Encoding.UTF8.GetString(ReadInput(path, "signing key"));
        try
        {
            return EcdsaP256SigningKey.FromPem(pem);
        }
        catch (InvalidDataException ex)
        {
            throw new CliException($"{path}: {ex.Message}", ExitCodes.BadInput);
        }
    }

    public static EcdsaP256VerifyingKey LoadVerifyingKey(string path)
    {
        string pem = System.Text.Encoding.UTF8.GetString(ReadInput(path, "signer certificate"));
        try
        {
            return EcdsaP256VerifyingKey.FromPem(pem);
        }
        catch (InvalidDataException ex)
        {
            throw new CliException($"{path}: {ex.Message}", ExitCodes.BadInput);
        }
    }

    /// <summary>Parses <c>0x…</c> hex or decimal up to <paramref name="max"/>; anything else is bad input naming the option.</summary>
    public static uint ParseNumber(string text, string option, uint max)
    {
        string trimmed = text.Trim();
        bool ok = trimmed.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(trimmed.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint value)
            : uint.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (!ok || value > max)
        {
            throw new CliException($"{option}: '{text}' is not a number from 0 to 0x{max:X} (write hex as 0x…)", ExitCodes.BadInput);
        }

        return value;
    }

    /// <summary>
    /// Builds an image with <see cref="ImageBuilder"/>; a key with a non-GBCS layout or an image over the Base64 limit is
    /// bad input (exit 2).
    /// </summary>
    public static byte[] Build(OtaHeader header, OtaImageLayout layout, byte[] payload, EcdsaP256SigningKey? key, byte forceReplace, long base64Limit)
    {
        if (key is not null && layout != OtaImageLayout.Gbcs)
        {
            throw new CliException("--sign-key needs --layout gbcs: a ZigBee file's signature sub-element is the ZigBee SE scheme, not the GBCS one", ExitCodes.BadInput);
        }

        return ImageBuilder.TryBuild(header, layout, payload, key, forceReplace, base64Limit, out byte[]? image, out string? refusal)
            ? image
            : throw new CliException(refusal, ExitCodes.BadInput);
    }

    /// <summary>Writes an output file; failure to write is reported as bad input (a bad path).</summary>
    public static void WriteOutput(string path, byte[] bytes)
    {
        try
        {
            File.WriteAllBytes(path, bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write {path}: {ex.Message}", ExitCodes.BadInput);
        }
    }
}
