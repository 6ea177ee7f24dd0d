using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Tests.Gbcs
{
    /// <summary>
    /// Golden GBCS messages written for HanBench's own tests, octet by octet from the structure the codec documents
    /// (own system titles, counters, times and versions; not taken from any third-party data).
    /// </summary>
    internal static class GbcsVectors
    {
        /// <summary>ACB-style originator of the MAC'd command.</summary>
        public const ulong CommandOriginator = 0xA1A2A3A4A5A6A7A8UL;

        /// <summary>Recipient of the MAC'd command.</summary>
        public const ulong CommandRecipient = 0xB1B2B3B4B5B6B7B8UL;

        /// <summary>Supplementary remote party of the MAC'd command.</summary>
        public const ulong RemoteParty = 0xC1C2C3C4C5C6C7C8UL;

        /// <summary>Device that raises the signed alert.</summary>
        public const ulong AlertOriginator = 0x0011223344556677UL;

        /// <summary>Recipient of the signed alert.</summary>
        public const ulong AlertRecipient = 0x8899AABBCCDDEEFFUL;

        /// <summary>A MAC'd, unsigned CS08 command with supplementary remote party id and counter, no date-time.</summary>
        public const string MacdCommand =
            "DD000000000000" + "46" + "1100000007"
            + "DF09" + "01" + "0000000000010203"
            + "08" + "A1A2A3A4A5A6A7A8"
            + "08" + "B1B2B3B4B5B6B7B8"
            + "00"
            + "12" + "0129" + "C1C2C3C4C5C6C7C8" + "000000000000002A"
            + "02" + "0500"
            + "00"
            + "E1E2E3E4E5E6E7E8E9EAEBEC";

        /// <summary>A signed 0x8F8B alert with a date-time in the grouping header and no MAC.</summary>
        public const string SignedAlert =
            "DF09" + "03" + "0000000000000010"
            + "08" + "0011223344556677"
            + "08" + "8899AABBCCDDEEFF"
            + "0C" + DlmsTime
            + "02" + "012B"
            + "21" + PpmidActivationAlertPayload
            + "40" + Signature;

        /// <summary>2024-06-30 12:34:56 as a DLMS date-time in the RTDS style (day of week, deviation, status not specified).</summary>
        public const string DlmsTime = "07E8061EFF0C223800" + "8000FF";

        /// <summary>64 octets of 0x5A standing in for an ECDSA signature.</summary>
        public const string Signature =
            "5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A"
            + "5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A";

        /// <summary>GeneralizedTime 2024-06-30 12:34:56 with tag and length.</summary>
        public const string GeneralizedTime20240630 = "180F" + "32303234303633303132333435365A";

        /// <summary>GeneralizedTime 2031-02-03 04:05:06 with tag and length.</summary>
        public const string GeneralizedTime20310203 = "180F" + "32303331303230333034303530365A";

        /// <summary>0x8F8B: 2024-06-30 12:34:56, firmware 0x01020304, result failure.</summary>
        public const string PpmidActivationAlertPayload = "301F" + "0203008F8B" + GeneralizedTime20240630 + "040401020304" + "020101";

        /// <summary>CS08 response: firmware 0xA1B2C3D4, failure.</summary>
        public const string ReadFirmwareVersionResponsePayload = "3009" + "0404A1B2C3D4" + "020101";

        /// <summary>Hash 00 01 02 .. 1F.</summary>
        public const string CountingHash = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";

        /// <summary>CS06 command: counting hash, originator counter 0x80 (needs a leading zero), execution 2031-02-03 04:05:06.</summary>
        public const string ActivateFirmwareCommandPayload = "3037" + "0420" + CountingHash + "02020080" + GeneralizedTime20310203;

        /// <summary>CS06 immediate response: hash mismatch, firmware 0x00000102.</summary>
        public const string ActivateFirmwareResponsePayload = "3009" + "020102" + "040400000102";

        /// <summary>0x00CA alert: 0x8F67, 2031-02-03 04:05:06, counter 0x80, no image held, firmware 0x0A0B0C0D.</summary>
        public const string ActivateFirmwareAlertPayload = "3025" + "0203008F67" + GeneralizedTime20310203 + "02020080" + "3009" + "020101" + "04040A0B0C0D";

        /// <summary>CCS08: 0x8F89, 2024-06-30 12:34:56, entity 0x0011223344556677, firmware 0x01020304, file transfer failure.</summary>
        public const string FirmwareTransferAlertPayload = "3029" + "0203008F89" + GeneralizedTime20240630 + "04080011223344556677" + "040401020304" + "020103";

        /// <summary>0x8F72 DLMS form: invoke id 0x40000001, 2024-06-30 12:34:56, hash of 0xC3.</summary>
        public const string ReceiptDlmsPayload = "0F" + "40000001" + "00" + "0203" + "128F72" + "090C" + DlmsTime + "0920" + HashC3;

        /// <summary>0x8F72 GBZ form: 2024-06-30 12:34:56 (0x2E140D70 s after 2000), counting hash.</summary>
        public const string ReceiptGbzPayload = "0109" + "01" + "8F72" + "2E140D70" + "0920" + CountingHash;

        /// <summary>32 octets of 0xC3.</summary>
        public const string HashC3 = "C3C3C3C3C3C3C3C3C3C3C3C3C3C3C3C3C3C3C3C3C3C3C3C3C3C3C3C3C3C3C3C3";

        /// <summary>Every payload vector, for sweeps.</summary>
        public static readonly string[] Payloads = new string[]
        {
            "0500", ReadFirmwareVersionResponsePayload, ActivateFirmwareCommandPayload, ActivateFirmwareResponsePayload,
            ActivateFirmwareAlertPayload, PpmidActivationAlertPayload, FirmwareTransferAlertPayload, ReceiptDlmsPayload, ReceiptGbzPayload,
        };

        /// <summary>Bytes of a hex vector.</summary>
        public static byte[] Bytes(string hex)
        {
            if (!Hex.TryDecode(hex, out byte[] bytes))
            {
                throw new System.ArgumentException("bad test vector hex", nameof(hex));
            }

            return bytes;
        }
    }
}
