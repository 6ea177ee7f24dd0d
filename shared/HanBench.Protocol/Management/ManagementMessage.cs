using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Management
{
    /// <summary>
    /// One codec for every management message: <see cref="TryDecode"/> reads the header, then the body its type names
    /// into the matching property; <see cref="WriteTo"/> writes the header and the body of <see cref="Header"/>'s type.
    /// Holds one reusable body of each type, so neither allocates; only the property for <see cref="Header"/>'s type is
    /// meaningful.
    /// </summary>
    public sealed class ManagementMessage
    {
        /// <summary>Type and token of the last message decoded.</summary>
        public ManagementHeader Header { get; set; }

        /// <summary>Body of a <see cref="ManagementMessageType.Identity"/>.</summary>
        public IdentityReport Identity { get; } = new IdentityReport();

        /// <summary>Body of a <see cref="ManagementMessageType.StateReport"/>.</summary>
        public StateReport State { get; } = new StateReport();

        /// <summary>Body of a <see cref="ManagementMessageType.Reboot"/>.</summary>
        public RebootRequest Reboot { get; set; }

        /// <summary>Body of a <see cref="ManagementMessageType.JoinDevice"/>.</summary>
        public JoinDeviceRequest Join { get; set; }

        /// <summary>Body of a <see cref="ManagementMessageType.RemoveDevice"/>.</summary>
        public RemoveDeviceRequest Remove { get; set; }

        /// <summary>Body of a <see cref="ManagementMessageType.JoinResult"/>.</summary>
        public JoinResult JoinResult { get; set; }

        /// <summary>Body of a <see cref="ManagementMessageType.DistributeImage"/>.</summary>
        public DistributeImageRequest Distribute { get; } = new DistributeImageRequest();

        /// <summary>Body of a <see cref="ManagementMessageType.CancelDistribution"/>.</summary>
        public CancelDistributionRequest Cancel { get; } = new CancelDistributionRequest();

        /// <summary>Body of a <see cref="ManagementMessageType.DistributeResult"/>.</summary>
        public DistributeResult DistributeResult { get; set; }

        /// <summary>Body of a <see cref="ManagementMessageType.ImageExpectation"/>.</summary>
        public ImageExpectation Expectation { get; } = new ImageExpectation();

        /// <summary>Body of a <see cref="ManagementMessageType.Ack"/>.</summary>
        public ManagementAck Ack { get; set; }

        /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength => ManagementHeader.Length + BodyLength;

        private int BodyLength
        {
            get
            {
                switch (Header.Type)
                {
                    case ManagementMessageType.Ping:
                    case ManagementMessageType.StateQuery:
                        return 0;
                    case ManagementMessageType.Reboot:
                        return RebootRequest.EncodedLength;
                    case ManagementMessageType.JoinDevice:
                        return JoinDeviceRequest.EncodedLength;
                    case ManagementMessageType.RemoveDevice:
                        return RemoveDeviceRequest.EncodedLength;
                    case ManagementMessageType.DistributeImage:
                        return Distribute.EncodedLength;
                    case ManagementMessageType.CancelDistribution:
                        return Cancel.EncodedLength;
                    case ManagementMessageType.ImageExpectation:
                        return ImageExpectation.EncodedLength;
                    case ManagementMessageType.Identity:
                        return Identity.EncodedLength;
                    case ManagementMessageType.StateReport:
                        return StateReport.EncodedLength;
                    case ManagementMessageType.JoinResult:
                        return Management.JoinResult.EncodedLength;
                    case ManagementMessageType.DistributeResult:
                        return Management.DistributeResult.EncodedLength;
                    default:
                        return ManagementAck.EncodedLength;
                }
            }
        }

        /// <summary>Writes the header and the body of <see cref="Header"/>'s type.</summary>
        public void WriteTo(ByteWriter writer)
        {
            if (!ManagementHeader.IsKnownType((byte)Header.Type))
            {
                throw new System.InvalidOperationException("management: unknown message type");
            }

            Header.WriteTo(writer);
            switch (Header.Type)
            {
                case ManagementMessageType.Ping:
                case ManagementMessageType.StateQuery:
                    break;
                case ManagementMessageType.Reboot:
                    Reboot.WriteTo(writer);
                    break;
                case ManagementMessageType.JoinDevice:
                    Join.WriteTo(writer);
                    break;
                case ManagementMessageType.RemoveDevice:
                    Remove.WriteTo(writer);
                    break;
                case ManagementMessageType.DistributeImage:
                    Distribute.WriteTo(writer);
                    break;
                case ManagementMessageType.CancelDistribution:
                    Cancel.WriteTo(writer);
                    break;
                case ManagementMessageType.ImageExpectation:
                    Expectation.WriteTo(writer);
                    break;
                case ManagementMessageType.Identity:
                    Identity.WriteTo(writer);
                    break;
                case ManagementMessageType.StateReport:
                    State.WriteTo(writer);
                    break;
                case ManagementMessageType.JoinResult:
                    JoinResult.WriteTo(writer);
                    break;
                case ManagementMessageType.DistributeResult:
                    DistributeResult.WriteTo(writer);
                    break;
                default:
                    Ack.WriteTo(writer);
                    break;
            }
        }

        /// <summary>Decodes all of the reader's remaining bytes (header and body).</summary>
        public ManagementDecodeStatus TryDecode(ByteReader reader)
        {
            ManagementDecodeStatus status = ManagementHeader.TryDecode(reader, out ManagementHeader header);
            if (status != ManagementDecodeStatus.Ok)
            {
                return status;
            }

            Header = header;
            switch (header.Type)
            {
                case ManagementMessageType.Ping:
                case ManagementMessageType.StateQuery:
                    return ManagementHeader.TryDecodeEmptyBody(reader);
                case ManagementMessageType.Reboot:
                    status = RebootRequest.TryDecode(reader, out RebootRequest reboot);
                    Reboot = reboot;
                    return status;
                case ManagementMessageType.JoinDevice:
                    status = JoinDeviceRequest.TryDecode(reader, out JoinDeviceRequest join);
                    Join = join;
                    return status;
                case ManagementMessageType.RemoveDevice:
                    status = RemoveDeviceRequest.TryDecode(reader, out RemoveDeviceRequest remove);
                    Remove = remove;
                    return status;
                case ManagementMessageType.DistributeImage:
                    return DistributeImageRequest.TryDecode(reader, Distribute);
                case ManagementMessageType.CancelDistribution:
                    return CancelDistributionRequest.TryDecode(reader, Cancel);
                case ManagementMessageType.ImageExpectation:
                    return ImageExpectation.TryDecode(reader, Expectation);
                case ManagementMessageType.Identity:
                    return IdentityReport.TryDecode(reader, Identity);
                case ManagementMessageType.StateReport:
                    return StateReport.TryDecode(reader, State);
                case ManagementMessageType.JoinResult:
                    status = Management.JoinResult.TryDecode(reader, out JoinResult joinResult);
                    JoinResult = joinResult;
                    return status;
                case ManagementMessageType.DistributeResult:
                    status = Management.DistributeResult.TryDecode(reader, out DistributeResult distributeResult);
                    DistributeResult = distributeResult;
                    return status;
                default:
                    status = ManagementAck.TryDecode(reader, out ManagementAck ack);
                    Ack = ack;
                    return status;
            }
        }
    }
}
