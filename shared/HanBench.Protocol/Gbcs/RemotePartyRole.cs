namespace HanBench.Protocol.Gbcs
{
    /// <summary>A remote party role, as CS02a/CS02b name trust anchor cells (GBCS RemotePartyRole; values as the RTDS 6.x CS02 messages carry them).</summary>
    public enum RemotePartyRole : byte
    {
        /// <summary>The SMKI root.</summary>
        Root = 0,

        /// <summary>The SMKI recovery party.</summary>
        Recovery = 1,

        /// <summary>The supplier.</summary>
        Supplier = 2,

        /// <summary>The network operator.</summary>
        NetworkOperator = 3,

        /// <summary>The DCC Access Control Broker.</summary>
        AccessControlBroker = 4,

        /// <summary>The DCC's transitional change-of-supplier party.</summary>
        TransitionalCoS = 5,

        /// <summary>The WAN provider.</summary>
        WanProvider = 6,

        /// <summary>The issuing authority.</summary>
        IssuingAuthority = 7,

        /// <summary>Any other party.</summary>
        Other = 127,
    }
}
