namespace HanBench.Protocol.Gbcs
{
    /// <summary>Outcome of decoding a GBCS payload (the envelope's content); anything but <see cref="Ok"/> names the defect.</summary>
    public enum GbcsPayloadStatus : byte
    {
        /// <summary>The payload decoded.</summary>
        Ok = 0,

        /// <summary>The content ends before the payload does.</summary>
        Truncated = 1,

        /// <summary>An element has another tag than the payload's structure calls for.</summary>
        UnexpectedTag = 2,

        /// <summary>A length is indefinite, longer than two octets or not in its shortest form.</summary>
        MalformedLength = 3,

        /// <summary>A structure's length disagrees with the elements inside it.</summary>
        LengthMismatch = 4,

        /// <summary>An INTEGER is negative, not in its shortest form, or too large for its field.</summary>
        MalformedInteger = 5,

        /// <summary>A fixed-size field (firmware version 4, EUI-64 8, hash 32, date-time 12 octets) has another size.</summary>
        BadFieldLength = 6,

        /// <summary>A time is not a valid UTC date and time (GeneralizedTime must be YYYYMMDDHHMMSSZ).</summary>
        MalformedTime = 7,

        /// <summary>The alert code is not one this payload carries.</summary>
        UnknownAlertCode = 8,

        /// <summary>A response or result code is outside the values GBCS defines for it.</summary>
        UnknownResponseCode = 9,

        /// <summary>Octets follow the payload inside the content.</summary>
        TrailingBytes = 10,

        /// <summary>A fixed header octet (DLMS data-notification, GBZ profile or component count) has another value.</summary>
        UnexpectedHeader = 11,
    }
}
