using HanBench.Device.Hal;
using HanBench.Device.Roles.EndDevice;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;

namespace HanBench.Device.Roles.Hub
{
    /// <summary>
    /// The Comms Hub Function's own SMKI credential management: GBCS gives the CHF the same CS02a–e use cases as a PPMID
    /// (GBCS 6.15.1, 6.15.2, 6.17, 6.24.1, 6.24.2, 8.5), so a CS02 command from the WAN addressed to the hub is carried out
    /// by the same <see cref="CredentialHandler"/> the PPMIDs and bridges use: MAC first (the hub's
    /// <see cref="GbcsDeviceSecurity"/>, shared with CS06), then the signer, the replay guard CS06 uses (one counter per
    /// originator whatever the command), and the command itself; the answer goes to the host on the WAN. The trust anchors
    /// it keeps are the ones the CS06 signature and the signed-image check use. Allocated once; one per hub.
    /// </summary>
    public sealed class HubCredentials
    {
        private readonly CommsHubRole _hub;
        private readonly HubFirmwareActivator _activator;
        private readonly GbcsOutbox _outbox = new GbcsOutbox();
        private readonly GbcsEnvelope _envelope = new GbcsEnvelope();
        private readonly ByteReader _reader = new ByteReader();
        private readonly CredentialHandler _handler;

        /// <summary>The credential management of <paramref name="hub"/>, whose CS06 security and guard it shares.</summary>
        public HubCredentials(CommsHubRole hub, HubFirmwareActivator activator)
        {
            _hub = hub;
            _activator = activator;
            _handler = new CredentialHandler(hub.Configuration, hub.Context, activator.GbcsSecurity, _outbox);
            activator.CommandGuard.UseFloors(_handler.Anchors);
        }

        /// <summary>The handler (trust anchors, device key pairs, pending replacement).</summary>
        public CredentialHandler Handler => _handler;

        /// <summary>CS02 commands carried out (a future-dated replacement counts again when it runs).</summary>
        public long CredentialCommands { get; private set; }

        /// <summary>CS02 commands refused.</summary>
        public long CommandsRefused { get; private set; }

        /// <summary>Why the last CS02 was refused, or null.</summary>
        public string? LastRefusal { get; private set; }

        /// <summary>When <see cref="Tick"/> is next needed.</summary>
        public long NextWakeMs => _handler.NextWakeMs;

        /// <summary>At every boot, before CS06's: restores anchors, key pairs and a pending replacement.</summary>
        public void Boot()
        {
            _handler.Load();
        }

        /// <summary>Drops RAM state at a restart.</summary>
        public void Shutdown()
        {
            _handler.Shutdown();
        }

        /// <summary>Runs a future-dated CS02b whose time has come and sends its 0x00CB alert to the host.</summary>
        public void Tick(long nowMs)
        {
            string? problem = _handler.Tick(nowMs, _hub.AlertCounter, out int length);
            if (problem != null)
            {
                Log(LogLevel.Error, problem);
            }
            else if (length > 0)
            {
                CredentialCommands++;
                _hub.SendGbcsToHost(_outbox.Buffer, length);
            }
        }

        /// <summary>A GBCS frame from the WAN addressed to the hub; true when it was a CS02 command (answered or refused here).</summary>
        public bool OnGbcs(HanFrame frame)
        {
            _reader.Reset(frame.Payload, frame.PayloadOffset, frame.PayloadLength);
            if (GbcsEnvelope.TryDecode(_reader, _envelope) != GbcsStatus.Ok || _envelope.CraFlag != GbcsCraFlag.Command || !CredentialHandler.Handles(_envelope.MessageCode))
            {
                return false;
            }

            ulong originator = _envelope.OriginatorSystemTitle;
            if (_envelope.RecipientSystemTitle != _hub.Eui64)
            {
                Refuse("CS02 for another recipient " + _envelope.RecipientSystemTitle.ToString("X16"));
                return true;
            }

            GbcsDeviceSecurity security = _activator.GbcsSecurity;
            string? refused = security.Authenticate(frame.Payload, frame.PayloadOffset, frame.PayloadLength);
            if (refused == null)
            {
                refused = _handler.Carry(frame.Payload, security.Envelope, security.LastInsecureAcceptance, _activator.CommandGuard, out int length);
                if (refused == null)
                {
                    CredentialCommands++;
                    _hub.SendGbcsToHost(_outbox.Buffer, length);
                    return true;
                }
            }

            Refuse("CS02 command from " + originator.ToString("X16") + " refused: " + refused);
            return true;
        }

        private void Refuse(string reason)
        {
            CommandsRefused++;
            LastRefusal = reason;
            Log(LogLevel.Warning, reason);
        }

        private void Log(LogLevel level, string message)
        {
            _hub.LogLine(level, message);
        }
    }
}
