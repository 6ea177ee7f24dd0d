using HanBench.Device.Hal;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;

namespace HanBench.Device.Roles.EndDevice
{
    /// <summary>GBCS commands from the ACB and the supplier: authenticated and counter-checked, then CS08 Read Firmware Version answered here and the CS02 credential commands handed to the credential handler.</summary>
    public partial class PpmidRole
    {
        private readonly GbcsEnvelope _envelope = new GbcsEnvelope();
        private readonly ByteReader _reader = new ByteReader();
        private readonly ReadFirmwareVersionResponse _cs08 = new ReadFirmwareVersionResponse();

        private void OnGbcs(IFrameLink link, ulong source, byte[] buffer, int offset, int count)
        {
            _reader.Reset(buffer, offset, count);
            GbcsStatus status = GbcsEnvelope.TryDecode(_reader, _envelope);
            if (status != GbcsStatus.Ok)
            {
                Refuse("malformed GBCS message (status " + ((byte)status).ToString() + ")");
                return;
            }

            if (_envelope.CraFlag != GbcsCraFlag.Command)
            {
                return;
            }

            if (_envelope.RecipientSystemTitle != Eui64)
            {
                Refuse("GBCS command for another recipient " + _envelope.RecipientSystemTitle.ToString("X16"));
                return;
            }

            // GBCS 6.2.3: the MAC first; only an authenticated command reaches the counter check or is acted on.
            string? unauthenticated = _gbcsSecurity.Authenticate(buffer, offset, count);
            if (unauthenticated != null)
            {
                Refuse("GBCS command from " + _envelope.OriginatorSystemTitle.ToString("X16") + " refused: " + unauthenticated);
                return;
            }

            ulong originator = _envelope.OriginatorSystemTitle;
            if (CredentialHandler.Handles(_envelope.MessageCode))
            {
                string? refused = _credentials.Carry(buffer, _gbcsSecurity.Envelope, _gbcsSecurity.LastInsecureAcceptance, _guard, out int sealedLength);
                if (refused != null)
                {
                    Refuse("CS02 command from " + originator.ToString("X16") + " refused: " + refused);
                    return;
                }

                CredentialCommands++;
                SendFrame(link, HanFrameKind.Gbcs, 0, source, Outbox.Buffer, 0, sealedLength);
                return;
            }

            bool insecure = _gbcsSecurity.LastInsecureAcceptance != null;
            if (insecure)
            {
                Log(LogLevel.Warning, "INSECURE: GBCS command from " + originator.ToString("X16") + " acted on despite: " + _gbcsSecurity.LastInsecureAcceptance);
            }

            if (_envelope.MessageCode != GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion)
            {
                Refuse("GBCS message code 0x" + _envelope.MessageCode.ToString("X4") + " not supported");
                return;
            }

            ulong counter = _envelope.OriginatorCounter;
            OriginatorCounterStatus check = _guard.Check(originator, counter);
            if (check != OriginatorCounterStatus.Accepted)
            {
                Refuse("CS08 from " + originator.ToString("X16") + " refused: " + _guard.Describe(check, originator, counter));
                return;
            }

            // The supplier the ACB acts for, and its counter (RTDS 11.2_CS08), after the MAC and the originator counter.
            string? party = _remoteParty.Check(_envelope);
            if (party != null)
            {
                Refuse("CS08 from " + originator.ToString("X16") + " refused: " + party);
                return;
            }

            _reader.Reset(_envelope.ContentBuffer, _envelope.ContentOffset, _envelope.ContentLength);
            if (ReadFirmwareVersionCommand.TryDecode(_reader) != GbcsPayloadStatus.Ok)
            {
                Refuse("CS08 payload malformed");
                return;
            }

            if (!insecure)
            {
                // Only an authenticated command moves the counters: a forged one acted on under --insecure must not lock
                // the real sender out (firmware/HanBench.Device/Roles/README.md, "Commands").
                _guard.Accept(originator, counter);
                _remoteParty.Accept(_envelope);
            }

            TryGetVersion(Cs08Component, out uint version);
            _cs08.FirmwareVersion = version;
            _cs08.ResponseCode = ReadFirmwareVersionResponseCode.Success;
            _cs08.WriteTo(Outbox.BeginContent());
            Outbox.SetSupplementaryRemoteParty(_envelope.SupplementaryRemotePartyId, _envelope.SupplementaryRemotePartyCounter);

            // GBCS: a response carries the originator counter of the command it answers.
            int length = Outbox.Seal(GbcsCraFlag.Response, counter, Eui64, originator, GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion, _gbcsSecurity);
            if (length == 0)
            {
                Log(LogLevel.Error, "CS08 response not sent: no usable key-agreement key to MAC it");
                return;
            }

            FirmwareVersionReads++;
            SendFrame(link, HanFrameKind.Gbcs, 0, source, Outbox.Buffer, 0, length);
        }

        private static string BlockProblem(GbcsBlockStatus status)
        {
            return status == GbcsBlockStatus.OutOfOrder ? "out of order" : status == GbcsBlockStatus.TooLong ? "message longer than " + MaxGbcsMessageLength.ToString() + " octets" : "malformed";
        }
    }
}
