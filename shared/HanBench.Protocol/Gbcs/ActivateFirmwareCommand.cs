using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// CS06 Activate Firmware command payload (message code 0x0012, supplier-signed), as in the RTDS 11.3 commands:
    /// <code>
    /// 30 L                     SEQUENCE
    ///    04 20 hh..hh            Manufacturer Image hash (SHA-256, 32 octets)
    ///    02 n  cc..              originator counter of this command (INTEGER)
    ///    [18 0F YYYYMMDDHHMMSSZ] execution date-time (absent: activate now)
    /// </code>
    /// The RTDS cancellation of a pending future-dated activation sends execution date-time 9999-12-31 23:59:59
    /// (<see cref="IsCancellation"/>).
    /// </summary>
    public sealed class ActivateFirmwareCommand
    {
        /// <summary>Octets of a Manufacturer Image hash.</summary>
        public const int HashLength = 32;

        private readonly byte[] _hash = new byte[HashLength];

        /// <summary>The execution date-time the RTDS 11.3 cancellation carries: 9999-12-31 23:59:59 UTC.</summary>
        public static GbcsTimestamp CancellationDateTime => new GbcsTimestamp(9999, 12, 31, 23, 59, 59);

        /// <summary>The 32-octet Manufacturer Image hash (owned by this instance; decoding copies into it).</summary>
        public byte[] ManufacturerImageHash => _hash;

        /// <summary>The command's own originator counter, repeated in the payload.</summary>
        public ulong OriginatorCounter { get; set; }

        /// <summary>Whether an execution date-time is present (future-dated activation or cancellation).</summary>
        public bool HasExecutionDateTime { get; set; }

        /// <summary>When to activate, if <see cref="HasExecutionDateTime"/>.</summary>
        public GbcsTimestamp ExecutionDateTime { get; set; }

        /// <summary>Whether this cancels a pending future-dated activation (see <see cref="CancellationDateTime"/>).</summary>
        public bool IsCancellation => HasExecutionDateTime && ExecutionDateTime.Equals(CancellationDateTime);

        /// <summary>Copies the 32-octet hash from <paramref name="source"/>.</summary>
        public void SetManufacturerImageHash(byte[] source, int offset)
        {
            if (source == null)
            {
                throw new System.ArgumentNullException(nameof(source));
            }

            if (offset < 0 || offset > source.Length - HashLength)
            {
                throw new System.ArgumentOutOfRangeException(nameof(offset));
            }

            System.Array.Copy(source, offset, _hash, 0, HashLength);
        }

        /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength => GbcsDer.HeaderLength(ContentLength) + ContentLength;

        private int ContentLength => 2 + HashLength + GbcsDer.UnsignedEncodedLength(OriginatorCounter)
            + (HasExecutionDateTime ? GbcsDer.GeneralizedTimeEncodedLength : 0);

        /// <summary>Writes the payload.</summary>
        public void WriteTo(ByteWriter writer)
        {
            GbcsDer.WriteSequenceHeader(writer, ContentLength);
            GbcsDer.WriteOctetStringHeader(writer, HashLength);
            writer.WriteBytes(_hash, 0, HashLength);
            GbcsDer.WriteUnsigned(writer, OriginatorCounter);
            if (HasExecutionDateTime)
            {
                GbcsDer.WriteGeneralizedTime(writer, ExecutionDateTime);
            }
        }

        /// <summary>Decodes all of the reader's remaining bytes into <paramref name="into"/>.</summary>
        public static GbcsPayloadStatus TryDecode(ByteReader reader, ActivateFirmwareCommand into)
        {
            GbcsPayloadStatus status = GbcsDer.TryReadOuterSequence(reader);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            status = GbcsDer.TryReadOctetString(reader, HashLength, out int hashOffset);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            status = GbcsDer.TryReadUnsigned(reader, ulong.MaxValue, out ulong counter);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            bool hasTime = reader.Remaining > 0;
            GbcsTimestamp time = default;
            if (hasTime)
            {
                status = GbcsDer.TryReadGeneralizedTime(reader, out time);
                if (status != GbcsPayloadStatus.Ok)
                {
                    return status;
                }

                if (reader.Remaining != 0)
                {
                    return GbcsPayloadStatus.LengthMismatch;
                }
            }

            System.Array.Copy(reader.Buffer, hashOffset, into._hash, 0, HashLength);
            into.OriginatorCounter = counter;
            into.HasExecutionDateTime = hasTime;
            into.ExecutionDateTime = time;
            return GbcsPayloadStatus.Ok;
        }
    }
}
