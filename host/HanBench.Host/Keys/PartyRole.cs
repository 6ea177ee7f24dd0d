namespace HanBench.Host.Keys;

/// <summary>What a party is to HanBench: a device it emulates, or a remote party of GBCS and DUIS.</summary>
public enum PartyRole
{
    /// <summary>A smart metering device (Comms Hub, PPMID, Alt HAN bridge, meter): SMKI Device certificates.</summary>
    Device,

    /// <summary>An energy supplier (SMKI Remote Party Role 0x02).</summary>
    Supplier,

    /// <summary>A network operator (0x03).</summary>
    NetworkOperator,

    /// <summary>Any other Service User (0x7F).</summary>
    OtherUser,

    /// <summary>The DCC Access Control Broker (0x04).</summary>
    AccessControlBroker,

    /// <summary>The DCC Service Provider that signs DUIS responses and alerts (XML signing role 0x89).</summary>
    Dsp,

    /// <summary>
    /// The DCC's transitional change-of-supplier party (0x05): it signs the CS02b that installs an incoming supplier's
    /// credentials on a device (6.23), and devices hold its DS certificate as a trust anchor.
    /// </summary>
    TransitionalCoS,

    /// <summary>Another DCC role (recovery 0x01, WAN provider 0x06, …).</summary>
    OtherDcc,
}

/// <summary>
/// SMKI Remote Party Role codes as the RTDS and DCC Boxed Organisation certificates carry them: the subject's OU, two
/// hex digits (OU=02 supplier, 04 ACB, 7F other user; DCC Boxed's XML signing certificates use 87 for a Service User
/// and 89 for the DSP).
/// </summary>
public static class RemotePartyRoleCodes
{
    /// <summary>Supplier.</summary>
    public const int Supplier = 0x02;

    /// <summary>Network operator.</summary>
    public const int NetworkOperator = 0x03;

    /// <summary>Access Control Broker.</summary>
    public const int AccessControlBroker = 0x04;

    /// <summary>Transitional change of supplier (DCC Boxed's <c>Z1-transitionalCoS-ds</c>, the RTDS 6.23 originator).</summary>
    public const int TransitionalCoS = 0x05;

    /// <summary>The issuing authority's OU in the test Organisation CA's name.</summary>
    public const int IssuingAuthority = 0x07;

    /// <summary>Other user.</summary>
    public const int OtherUser = 0x7F;

    /// <summary>A Service User's DUIS XML signing certificate (DCC Boxed).</summary>
    public const int ServiceUserXmlSigning = 0x87;

    /// <summary>The DSP's DUIS XML signing certificate (DCC Boxed).</summary>
    public const int DspXmlSigning = 0x89;

    /// <summary>Whether a certificate with this role code signs DUIS XML rather than GBCS.</summary>
    public static bool IsXmlSigning(int code) => code is ServiceUserXmlSigning or DspXmlSigning;

    /// <summary>The party role a GBCS role code stands for.</summary>
    public static PartyRole ToPartyRole(int code) => code switch
    {
        Supplier => PartyRole.Supplier,
        NetworkOperator => PartyRole.NetworkOperator,
        AccessControlBroker => PartyRole.AccessControlBroker,
        TransitionalCoS => PartyRole.TransitionalCoS,
        DspXmlSigning => PartyRole.Dsp,
        OtherUser or ServiceUserXmlSigning or 0x08 => PartyRole.OtherUser,
        _ => PartyRole.OtherDcc,
    };

    /// <summary>The role code HanBench writes in the OU of a certificate it issues for <paramref name="role"/>.</summary>
    public static int Of(PartyRole role) => role switch
    {
        PartyRole.Supplier => Supplier,
        PartyRole.NetworkOperator => NetworkOperator,
        PartyRole.AccessControlBroker => AccessControlBroker,
        PartyRole.TransitionalCoS => TransitionalCoS,
        PartyRole.Dsp => DspXmlSigning,
        PartyRole.OtherUser => OtherUser,
        _ => 0x01,
    };
}
