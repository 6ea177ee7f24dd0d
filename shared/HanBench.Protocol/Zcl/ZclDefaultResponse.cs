using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Zcl
{
    /// <summary>
    /// ZCL Default Response (global command 0x0B): "your command <see cref="CommandId"/> ended with <see cref="Status"/>".
    /// The OTA engines need it both ways: a server without Image Page Request support answers it with UNSUP_COMMAND,
    /// on which a client falls back to Image Block Requests; a server acknowledges an Upgrade End Request that carries
    /// an error status with it (ZCL OTA: no Upgrade End Response is sent then).
    /// <code>
    /// payload: commandId (1) · status (1)
    /// </code>
    /// </summary>
    public struct ZclDefaultResponse
    {
        /// <summary>ZCL: global command id of Default Response.</summary>
        public const byte GlobalCommandId = 0x0B;

        /// <summary>The payload's length.</summary>
        public const int Length = 2;

        /// <summary>The command being answered.</summary>
        public byte CommandId { get; set; }

        /// <summary>Its outcome (a ZCL status: SUCCESS, UNSUP_COMMAND, MALFORMED_COMMAND, …).</summary>
        public byte Status { get; set; }

        /// <summary>Writes the payload (not the ZCL header).</summary>
        public void WriteTo(ByteWriter writer)
        {
            writer.WriteByte(CommandId);
            writer.WriteByte(Status);
        }

        /// <summary>Decodes the payload; false when it is not exactly two bytes (the reader's remaining window).</summary>
        public static bool TryDecode(ByteReader reader, out ZclDefaultResponse frame)
        {
            frame = default;
            if (reader.Remaining != Length)
            {
                return false;
            }

            reader.TryReadByte(out byte commandId);
            reader.TryReadByte(out byte status);
            frame.CommandId = commandId;
            frame.Status = status;
            return true;
        }
    }
}
