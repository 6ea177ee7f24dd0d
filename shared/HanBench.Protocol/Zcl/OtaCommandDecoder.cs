using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Zcl
{
    /// <summary>
    /// Decodes a whole ZCL frame of the OTA Upgrade cluster: header, then the command its id names. For tools, logs
    /// and tests — the command comes back boxed. Engines decode the header with <see cref="ZclHeader.TryDecode"/> and
    /// call the command struct's own <c>TryDecode</c>, which allocates nothing.
    /// <para>
    /// The header must be cluster-specific and its direction bit must match the command. HanBench choice: a
    /// manufacturer-specific frame is decoded by its command id all the same (the cluster defines no
    /// manufacturer-specific commands of its own) and the code is kept in the header, so tools show what was sent.
    /// </para>
    /// </summary>
    public static class OtaCommandDecoder
    {
        /// <summary>
        /// Decodes all of the reader's remaining bytes. <paramref name="header"/> is filled as far as it was read, even
        /// on failure; <paramref name="command"/> is set only on <see cref="ZclDecodeStatus.Ok"/>.
        /// </summary>
        public static ZclDecodeStatus TryDecode(ByteReader reader, out ZclHeader header, out IOtaCommand? command)
        {
            command = null;
            ZclDecodeStatus status = ZclHeader.TryDecode(reader, out header);
            if (status != ZclDecodeStatus.Ok)
            {
                return status;
            }

            if (header.FrameType != ZclHeader.FrameTypeClusterSpecific)
            {
                return ZclDecodeStatus.NotClusterSpecific;
            }

            if (!OtaCluster.IsCommand(header.CommandId))
            {
                return ZclDecodeStatus.UnknownCommand;
            }

            OtaCommandId commandId = (OtaCommandId)header.CommandId;
            if (header.IsServerToClient != OtaCluster.IsServerToClient(commandId))
            {
                return ZclDecodeStatus.WrongDirection;
            }

            switch (commandId)
            {
                case OtaCommandId.ImageNotify:
                    return Boxed(ImageNotify.TryDecode(reader, out ImageNotify imageNotify), imageNotify, out command);
                case OtaCommandId.QueryNextImageRequest:
                    return Boxed(QueryNextImageRequest.TryDecode(reader, out QueryNextImageRequest queryNextImageRequest), queryNextImageRequest, out command);
                case OtaCommandId.QueryNextImageResponse:
                    return Boxed(QueryNextImageResponse.TryDecode(reader, out QueryNextImageResponse queryNextImageResponse), queryNextImageResponse, out command);
                case OtaCommandId.ImageBlockRequest:
                    return Boxed(ImageBlockRequest.TryDecode(reader, out ImageBlockRequest imageBlockRequest), imageBlockRequest, out command);
                case OtaCommandId.ImagePageRequest:
                    return Boxed(ImagePageRequest.TryDecode(reader, out ImagePageRequest imagePageRequest), imagePageRequest, out command);
                case OtaCommandId.ImageBlockResponse:
                    return Boxed(ImageBlockResponse.TryDecode(reader, out ImageBlockResponse imageBlockResponse), imageBlockResponse, out command);
                case OtaCommandId.UpgradeEndRequest:
                    return Boxed(UpgradeEndRequest.TryDecode(reader, out UpgradeEndRequest upgradeEndRequest), upgradeEndRequest, out command);
                case OtaCommandId.UpgradeEndResponse:
                    return Boxed(UpgradeEndResponse.TryDecode(reader, out UpgradeEndResponse upgradeEndResponse), upgradeEndResponse, out command);
                case OtaCommandId.QueryDeviceSpecificFileRequest:
                    return Boxed(QueryDeviceSpecificFileRequest.TryDecode(reader, out QueryDeviceSpecificFileRequest queryDeviceSpecificFileRequest), queryDeviceSpecificFileRequest, out command);
                default:
                    return Boxed(QueryDeviceSpecificFileResponse.TryDecode(reader, out QueryDeviceSpecificFileResponse queryDeviceSpecificFileResponse), queryDeviceSpecificFileResponse, out command);
            }
        }

        /// <summary>Bytes <see cref="WriteTo"/> writes for <paramref name="header"/> and <paramref name="command"/>.</summary>
        public static int EncodedLength(ZclHeader header, IOtaCommand command)
        {
            return header.EncodedLength + command.EncodedLength;
        }

        /// <summary>
        /// Writes a whole frame: header, then command. The header is written as given (tools may need a wrong one);
        /// build it with <see cref="OtaCluster.HeaderFor"/> for the standard frame control.
        /// </summary>
        public static void WriteTo(ZclHeader header, IOtaCommand command, ByteWriter writer)
        {
            if (command == null)
            {
                throw new System.ArgumentNullException(nameof(command));
            }

            header.WriteTo(writer);
            command.WriteTo(writer);
        }

        // Boxes the decoded command for the caller, or hands back null when it did not decode.
        private static ZclDecodeStatus Boxed(ZclDecodeStatus status, IOtaCommand decoded, out IOtaCommand? command)
        {
            command = status == ZclDecodeStatus.Ok ? decoded : null;
            return status;
        }
    }
}
