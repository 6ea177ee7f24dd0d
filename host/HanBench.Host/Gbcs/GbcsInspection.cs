using System.Security.Cryptography;
using HanBench.Device.Roles;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;

namespace HanBench.Host.Gbcs;

/// <summary>How one protection of a GBCS message fared.</summary>
public enum GbcsCheckOutcome
{
    /// <summary>The message does not carry it (no General Ciphering, or signature length 0 / a pre-command).</summary>
    Absent,

    /// <summary>It verified with the keys named.</summary>
    Verified,

    /// <summary>It did not verify (or cannot be right, e.g. a signature that is not 64 octets).</summary>
    Failed,

    /// <summary>It is present but the keys to check it are not at hand.</summary>
    NoKeys,
}

/// <summary>One protection (MAC or signature), its outcome and which keys it was checked with, or why not.</summary>
public sealed record GbcsCheck(string Name, GbcsCheckOutcome Outcome, string Detail);

/// <summary>
/// A GBCS message taken apart (docs/GBCS-SECURITY.md §1) by the portable <see cref="GbcsEnvelope"/>, its MAC checked with
/// the portable <see cref="GbcsMessageSecurity"/> (Z from a <see cref="GbcsKeyFolder"/>) and its signature with .NET's
/// ECDSA over the signed range (§3). The logic behind <c>hanbench gbcs decode|verify</c>.
/// </summary>
public sealed class GbcsInspection
{
    /// <summary>The DCC Access Control Broker of the RTDS and DCC Boxed: it MACs every remote party's command.</summary>
    public const ulong RtdsAccessControlBroker = RoleSettings.DefaultAcbSystemTitle;

    private GbcsInspection(byte[] message, GbcsEnvelope envelope, GbcsCheck mac, GbcsCheck signature)
    {
        Message = message;
        Envelope = envelope;
        Mac = mac;
        Signature = signature;
    }

    public byte[] Message { get; }

    public GbcsEnvelope Envelope { get; }

    public GbcsCheck Mac { get; }

    public GbcsCheck Signature { get; }

    /// <summary>The message's name for its message code, or null.</summary>
    public string? MessageName => GbcsMessageNames.NameOf(Envelope.MessageCode);

    /// <summary>No check failed (absent protections and missing keys aside).</summary>
    public bool NoCheckFailed => Mac.Outcome != GbcsCheckOutcome.Failed && Signature.Outcome != GbcsCheckOutcome.Failed;

    /// <summary>Every protection the message carries verified, and it carries at least one.</summary>
    public bool FullyVerified =>
        Mac.Outcome is GbcsCheckOutcome.Verified or GbcsCheckOutcome.Absent
        && Signature.Outcome is GbcsCheckOutcome.Verified or GbcsCheckOutcome.Absent
        && (Mac.Outcome == GbcsCheckOutcome.Verified || Signature.Outcome == GbcsCheckOutcome.Verified);

    /// <summary>
    /// Decodes <paramref name="message"/> (a complete message, or a pre-command) and checks what it carries with
    /// <paramref name="keys"/> when given. Null with <paramref name="problem"/> set when it is not a GBCS message.
    /// </summary>
    public static GbcsInspection? Inspect(byte[] message, GbcsKeyFolder? keys, ulong accessControlBroker, out string? problem)
    {
        var envelope = new GbcsEnvelope();
        GbcsStatus status = GbcsEnvelope.TryDecode(new ByteReader(message, 0, message.Length), envelope);
        if (status != GbcsStatus.Ok)
        {
            var preCommand = new GbcsEnvelope();
            if (GbcsEnvelope.TryDecodePreCommand(new ByteReader(message, 0, message.Length), preCommand) != GbcsStatus.Ok)
            {
                problem = $"not a GBCS message: {status}";
                return null;
            }

            envelope = preCommand;
        }

        problem = null;
        GbcsCheck mac = CheckMac(message, envelope, keys, accessControlBroker);
        GbcsCheck signature = CheckSignature(message, envelope, keys);
        return new GbcsInspection(message, envelope, mac, signature);
    }

    private static GbcsCheck CheckMac(byte[] message, GbcsEnvelope envelope, GbcsKeyFolder? keys, ulong accessControlBroker)
    {
        const string Name = "MAC";
        if (!envelope.HasGeneralCiphering)
        {
            return new GbcsCheck(Name, GbcsCheckOutcome.Absent, "not MAC'd (no General Ciphering)");
        }

        if (keys == null)
        {
            return new GbcsCheck(Name, GbcsCheckOutcome.NoKeys, "no keystore given (--keystore DIR)");
        }

        // docs/GBCS-SECURITY.md §2: a remote party's command is MAC'd between the ACB's and the recipient device's KA keys;
        // a device's command to another device (PCS01/02), a response or an alert between originator and recipient.
        var pairs = new List<(ulong, ulong)>();
        if (envelope.CraFlag == GbcsCraFlag.Command)
        {
            pairs.Add((accessControlBroker, envelope.RecipientSystemTitle));
        }

        pairs.Add((envelope.OriginatorSystemTitle, envelope.RecipientSystemTitle));
        var security = new GbcsMessageSecurity();
        var failed = new List<string>();
        var missing = new List<string>();
        foreach ((ulong first, ulong second) in pairs.Distinct())
        {
            byte[]? z = keys.TrySharedSecret(first, second, out string keysUsed);
            if (z == null)
            {
                missing.Add(keysUsed);
                continue;
            }

            GbcsMacStatus status = security.Verify(z, 0, message, 0, message.Length);
            if (status == GbcsMacStatus.Ok)
            {
                return new GbcsCheck(Name, GbcsCheckOutcome.Verified, $"verified with {keysUsed}");
            }

            failed.Add($"{status} with {keysUsed}");
        }

        // Failed only when every pair GBCS allows was tried: a pair without keys might be the one that MAC'd it.
        string detail = string.Join("; ", failed.Concat(missing.Select(m => m + " in " + keys.Directory)));
        return new GbcsCheck(Name, missing.Count == 0 ? GbcsCheckOutcome.Failed : GbcsCheckOutcome.NoKeys, detail);
    }

    private static GbcsCheck CheckSignature(byte[] message, GbcsEnvelope envelope, GbcsKeyFolder? keys)
    {
        const string Name = "signature";
        GbcsLayout layout = envelope.Layout;
        if (envelope.IsPreCommand)
        {
            return new GbcsCheck(Name, GbcsCheckOutcome.Absent, "a pre-command: not signed yet");
        }

        if (envelope.SignatureLength == 0)
        {
            return new GbcsCheck(Name, GbcsCheckOutcome.Absent, "not signed (signature length 0)");
        }

        if (envelope.SignatureLength != GbcsEnvelope.EcdsaSignatureLength)
        {
            return new GbcsCheck(Name, GbcsCheckOutcome.Failed, $"signature length {envelope.SignatureLength}, GBCS signatures are 64 octets (r‖s)");
        }

        if (keys == null)
        {
            return new GbcsCheck(Name, GbcsCheckOutcome.NoKeys, "no keystore given (--keystore DIR)");
        }

        using ECDsa? key = keys.TryDsPublicKey(envelope.OriginatorSystemTitle, out string source);
        if (key == null)
        {
            return new GbcsCheck(Name, GbcsCheckOutcome.NoKeys, $"no DS key of the originator {envelope.OriginatorSystemTitle:X16} in {keys.Directory}");
        }

        bool good = key.VerifyData(
            message.AsSpan(layout.SignedDataOffset, layout.SignedDataLength),
            message.AsSpan(layout.SignatureOffset, GbcsEnvelope.EcdsaSignatureLength),
            HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return good
            ? new GbcsCheck(Name, GbcsCheckOutcome.Verified, $"verified with {source}")
            : new GbcsCheck(Name, GbcsCheckOutcome.Failed, $"does not verify with {source}");
    }
}
