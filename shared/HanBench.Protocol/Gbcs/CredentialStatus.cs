namespace HanBench.Protocol.Gbcs
{
    /// <summary>Status of one remote party's credentials in a CS02a response, or of one trust anchor replacement in a CS02b outcome (GBCS StatusCode, ENUMERATED).</summary>
    public enum CredentialStatus : byte
    {
        /// <summary>Done (CS02b) or details follow (CS02a).</summary>
        Success = 0,

        /// <summary>The certificate offered does not check out.</summary>
        BadCertificate = 5,

        /// <summary>No trust anchor to replace in that cell.</summary>
        NoTrustAnchor = 10,

        /// <summary>No room to store it.</summary>
        InsufficientMemory = 17,

        /// <summary>No trust anchor held for that role (CS02a).</summary>
        TrustAnchorNotFound = 25,

        /// <summary>Busy: try again.</summary>
        ResourcesBusy = 30,

        /// <summary>Any other failure.</summary>
        Other = 127,
    }
}
