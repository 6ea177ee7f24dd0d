namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// CS02b credentials replacement mode: which party replaces whose trust anchors (GBCS CredentialsReplacementMode; the
    /// RTDS carry 2 in 6.15.1, 4 in 8.5 and 7 in 6.23). Each mode has its own message code (<see cref="GbcsMessageCode"/>).
    /// </summary>
    public enum ReplacementMode : byte
    {
        /// <summary>The supplier replaces its own trust anchors (6.15.1).</summary>
        SupplierBySupplier = 2,

        /// <summary>The network operator replaces its own.</summary>
        NetworkOperatorByNetworkOperator = 3,

        /// <summary>The ACB replaces its own (8.5).</summary>
        AcbByAcb = 4,

        /// <summary>The WAN provider replaces its own.</summary>
        WanProviderByWanProvider = 5,

        /// <summary>The transitional CoS party replaces its own.</summary>
        TransCoSByTransCoS = 6,

        /// <summary>The transitional CoS party installs the new supplier's (change of supplier, 6.23).</summary>
        SupplierByTransCoS = 7,

        /// <summary>Recovery replaces any but an abnormal root.</summary>
        AnyExceptAbnormalRootByRecovery = 8,

        /// <summary>Contingency replaces any.</summary>
        AnyByContingency = 9,
    }
}
