using HanBench.Device.Hal;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;

namespace HanBench.Device.Roles
{
    /// <summary>The management channel: requests authenticated by the management guard (ping, identity, state, reboot, what a role adds) and the answers sealed and sent back.</summary>
    public abstract partial class RoleBase
    {
        private readonly byte[] _managementBuffer = new byte[HanFrame.MaxPayloadLength];
        private readonly ByteWriter _writer = new ByteWriter();
        private readonly ByteReader _reader = new ByteReader();
        private readonly ManagementMessage _in = new ManagementMessage();
        private readonly ManagementMessage _answer = new ManagementMessage();

        /// <summary>
        /// A management request other than ping, state query and reboot; return false to answer Unsupported. Answer by
        /// filling <see cref="Answer"/> and calling <see cref="SendAnswer"/>.
        /// </summary>
        protected virtual bool OnManagement(IFrameLink link, HanFrame frame, ManagementMessage request)
        {
            return false;
        }

        /// <summary>Adds role-specific fields (transfer progress, whitelist size) to a state report already holding state and uptime.</summary>
        protected virtual void FillState(StateReport report)
        {
        }

        /// <summary>The reusable answer message.</summary>
        protected ManagementMessage Answer => _answer;

        /// <summary>Writes <see cref="Answer"/> (its header set by the caller) and sends it to <paramref name="destination"/>.</summary>
        protected bool SendAnswer(IFrameLink link, ulong destination)
        {
            _writer.Reset(_managementBuffer, 0, _managementBuffer.Length - ManagementAuthenticator.TrailerLength);
            _answer.WriteTo(_writer);
            // A hub speaks to its HAN devices under each device's derived key, to the host under its own (ManagementAuthenticator).
            bool deviceKey = Configuration.Role == DeviceRoleKind.Hub && destination != Configuration.UpstreamEui;
            int sealedLength = _guard.Seal(destination, deviceKey, _managementBuffer, _writer.Written);
            if (sealedLength < 0)
            {
                Log(LogLevel.Error, "management message not sent: its counter cannot be stored");
                return false;
            }

            return sealedLength == 0
                ? SendFrame(link, HanFrameKind.Management, 0, destination, _managementBuffer, 0, _writer.Written)
                : SendFrame(link, HanFrameKind.Management, ManagementAuthenticator.SecuritySuite, destination, _managementBuffer, 0, sealedLength);
        }

        /// <summary>Sends a management message the role originates (an image expectation), built in <see cref="Answer"/>.</summary>
        protected bool SendManagement(IFrameLink link, ulong destination)
        {
            return SendAnswer(link, destination);
        }

        /// <summary>Answers a request with an <see cref="ManagementMessageType.Ack"/>.</summary>
        protected bool SendAck(IFrameLink link, ulong destination, byte token, byte requestType, ManagementResult result)
        {
            _answer.Header = new ManagementHeader(ManagementMessageType.Ack, token);
            ManagementAck ack = default;
            ack.RequestType = requestType;
            ack.Result = result;
            _answer.Ack = ack;
            return SendAnswer(link, destination);
        }

        private void HandleManagement(IFrameLink link, HanFrame frame)
        {
            long nowMs = Context.Clock.NowMs;
            int messageLength = frame.PayloadLength;
            if (frame.PayloadLength > 0 && frame.Payload[frame.PayloadOffset] < 0x80)
            {
                // A request: authenticated before it is even decoded (issue 8 §3); answers act on nothing here.
                byte type = frame.Payload[frame.PayloadOffset];
                bool readOnly = type == (byte)ManagementMessageType.Ping || type == (byte)ManagementMessageType.StateQuery;
                string? refused = _guard.Check(frame, readOnly, out messageLength);
                if (refused != null)
                {
                    Log(LogLevel.Warning, "management request 0x" + type.ToString("X2") + " from " + frame.Source.ToString("X16") + " dropped: " + refused
                        + " (" + _guard.Dropped.ToString() + " dropped)");
                    return;
                }
            }

            _reader.Reset(frame.Payload, frame.PayloadOffset, messageLength);
            ManagementDecodeStatus status = _in.TryDecode(_reader);
            if (status != ManagementDecodeStatus.Ok)
            {
                MalformedManagement++;
                if (frame.PayloadLength >= ManagementHeader.Length && (frame.Payload[frame.PayloadOffset] & 0x80) == 0)
                {
                    // A request we could not read: say so, naming its type and token as sent.
                    SendAck(link, frame.Source, frame.Payload[frame.PayloadOffset + 1], frame.Payload[frame.PayloadOffset], ManagementResult.Malformed);
                }

                return;
            }

            ManagementHeader header = _in.Header;
            switch (header.Type)
            {
                case ManagementMessageType.Ping:
                    FillIdentity(_answer.Identity);
                    _answer.Header = new ManagementHeader(ManagementMessageType.Identity, header.Token);
                    SendAnswer(link, frame.Source);
                    return;
                case ManagementMessageType.StateQuery:
                    StateReport report = _answer.State;
                    report.State = RunState;
                    report.UptimeSeconds = UptimeSeconds(nowMs);
                    report.TransferImage = default;
                    report.TransferOffset = 0;
                    report.TransferSize = 0;
                    report.JoinedDevices = 0;
                    report.ActiveTransfers = 0;
                    FillState(report);
                    _answer.Header = new ManagementHeader(ManagementMessageType.StateReport, header.Token);
                    SendAnswer(link, frame.Source);
                    return;
                case ManagementMessageType.Reboot:
                    SendAck(link, frame.Source, header.Token, (byte)header.Type, ManagementResult.Ok);
                    _rebootAtMs = nowMs + _in.Reboot.DelayMs;
                    return;
                default:
                    if ((byte)header.Type >= 0x80)
                    {
                        OnManagementAnswer(link, frame, _in);
                        return;
                    }

                    if (!OnManagement(link, frame, _in))
                    {
                        SendAck(link, frame.Source, header.Token, (byte)header.Type, ManagementResult.Unsupported);
                    }

                    return;
            }
        }

        /// <summary>An answer (identity, ack, …) addressed to this device; ignored unless a role asked for it.</summary>
        protected virtual void OnManagementAnswer(IFrameLink link, HanFrame frame, ManagementMessage answer)
        {
        }

        private void FillIdentity(IdentityReport identity)
        {
            identity.Role = Configuration.Role;
            identity.Variant = Configuration.Variant;
            identity.State = RunState;
            identity.Eui64 = Configuration.Eui64;
            identity.HardwareVersion = Configuration.HardwareVersion;
            identity.ClearComponents();
            for (int i = 0; i < _versions.Length; i++)
            {
                FirmwareComponentConfig component = Configuration.Components[i];
                identity.AddComponent(component.Component, new ImageIdentity(component.ManufacturerCode, component.ImageType, _versions[i]));
            }
        }
    }
}
