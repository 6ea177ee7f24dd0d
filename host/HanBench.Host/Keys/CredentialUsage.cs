namespace HanBench.Host.Keys;

/// <summary>What a key pair is for: GBCS gives every party a digital-signing and a key-agreement key (docs/GBCS-SECURITY.md §4).</summary>
public enum CredentialUsage
{
    /// <summary>ECDSA P-256 signing (files <c>*-ds.pem|key</c>).</summary>
    DigitalSigning,

    /// <summary>ECDH P-256 key agreement (files <c>*-ka.pem|key</c>).</summary>
    KeyAgreement,
}

/// <summary>The file suffix of a usage.</summary>
public static class CredentialUsages
{
    /// <summary>"ds" or "ka", as in the RTDS keystore's file names.</summary>
    public static string Suffix(this CredentialUsage usage) => usage == CredentialUsage.DigitalSigning ? "ds" : "ka";
}
