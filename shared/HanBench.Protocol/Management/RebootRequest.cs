using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Management
{
    /// <summary>
    /// <see cref="ManagementMessageType.Reboot"/>: restart the device after <see cref="DelayMs"/> (HanBench choice; 0 =
    /// as soon as the acknowledgement has gone). Body: <c>delayMs (2)</c>. A restart keeps the stores, as a board keeps
    /// its flash: an unfinished download resumes.
    /// </summary>
    public struct RebootRequest
    {
        /// <summary>Octets of the body.</summary>
        public const int EncodedLength = 2;

        /// <summary>Milliseconds to wait before restarting.</summary>
        public ushort DelayMs { get; set; }

        /// <summary>Writes the body.</summary>
        public void WriteTo(ByteWriter writer)
        {
            writer.WriteUInt16LittleEndian(DelayMs);
        }

        /// <summary>Decodes the body, which must fill the rest of the reader's window.</summary>
        public static ManagementDecodeStatus TryDecode(ByteReader reader, out RebootRequest request)
        {
            request = default;
            if (!reader.TryReadUInt16LittleEndian(out ushort delay))
            {
                return ManagementDecodeStatus.Truncated;
            }

            if (reader.Remaining != 0)
            {
                return ManagementDecodeStatus.TrailingBytes;
            }

            request.DelayMs = delay;
            return ManagementDecodeStatus.Ok;
        }
    }
}
