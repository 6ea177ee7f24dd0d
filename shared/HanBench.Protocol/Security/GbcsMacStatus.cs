namespace HanBench.Protocol.Security
{
    /// <summary>Outcome of MAC'ing or verifying a GBCS message (<see cref="GbcsMessageSecurity"/>); anything but <see cref="Ok"/> names the defect.</summary>
    public enum GbcsMacStatus : byte
    {
        /// <summary>MAC written, or the MAC verified.</summary>
        Ok = 0,

        /// <summary>The octets are not a well-formed GBCS message (<see cref="GbcsMessageSecurity.DecodeStatus"/> says where).</summary>
        MalformedFrame = 1,

        /// <summary>The ciphered service length disagrees with the security header, General-Signing block and MAC it announces.</summary>
        LengthMismatch = 2,

        /// <summary>A General-Signing message without General Ciphering: there is no MAC to verify.</summary>
        NotMacd = 3,

        /// <summary>To MAC: the input is already a General Ciphering frame, not a General-Signing block.</summary>
        AlreadyMacd = 4,

        /// <summary>The security header is not <c>11 00000000</c> (authentication only, suite 1, invocation counter 0), the only one GBCS uses.</summary>
        UnsupportedSecurityHeader = 5,

        /// <summary>The MAC does not match: wrong keys, or the message was changed.</summary>
        BadMac = 6,

        /// <summary>To MAC: the output window is too small for the frame, or the frame would exceed the longest GBCS length.</summary>
        NoRoom = 7,
    }
}
