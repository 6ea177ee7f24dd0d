using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Zcl
{
    /// <summary>
    /// What every OTA Upgrade command struct offers, so tools can hold any command in one variable.
    /// Calling through this interface boxes the struct: engines call the struct's own members on the hot path.
    /// </summary>
    public interface IOtaCommand
    {
        /// <summary>The command's id.</summary>
        OtaCommandId CommandId { get; }

        /// <summary>Bytes <see cref="WriteTo"/> writes (the payload after the ZCL header).</summary>
        int EncodedLength { get; }

        /// <summary>Writes the payload (not the ZCL header).</summary>
        void WriteTo(ByteWriter writer);
    }
}
