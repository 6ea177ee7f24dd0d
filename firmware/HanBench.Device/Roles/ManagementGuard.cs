using HanBench.Device.Hal;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// A board's side of the management channel's authentication (<see cref="ManagementAuthenticator"/>; issue 8 §3): every
    /// request addressed to the board must carry a MAC under the board's management key, checked first; only then is its
    /// counter compared with the last one accepted from that source (kept in the settings store, so a restart forgets
    /// nothing), and only a fresh counter lets the request act. Ping and StateQuery change nothing and are answered
    /// unauthenticated too, so a board can be found before it is provisioned; a MAC they carry must still verify.
    /// What the board sends is sealed with its key (a hub: the device's derived key for a HAN device), with a counter
    /// stored before use. A board with no management key provisioned refuses every request that acts, naming why.
    /// Buffers allocated once; one per role; not thread-safe.
    /// </summary>
    public sealed class ManagementGuard
    {
        private const string ReceivePrefix = "mg.rx.";
        private const string SendCounterKey = "mg.tx";

        private readonly ulong _eui64;
        private readonly ISettingsStore _settings;
        private readonly ManagementAuthenticator _authenticator = new ManagementAuthenticator();
        private readonly PersistentCounter _sent;
        private readonly byte[] _key = new byte[ManagementAuthenticator.KeyLength];
        private readonly byte[] _peerKey = new byte[ManagementAuthenticator.KeyLength];
        private readonly byte[] _scratch = new byte[8];
        private bool _hasKey;
        private string _noKeyReason = "no keys provisioned";

        /// <summary>The guard of board <paramref name="eui64"/>, with its counters in <paramref name="settings"/>.</summary>
        public ManagementGuard(ulong eui64, ISettingsStore settings)
        {
            _eui64 = eui64;
            _settings = settings;
            _sent = new PersistentCounter(settings, SendCounterKey);
        }

        /// <summary>Whether the board holds a management key.</summary>
        public bool HasKey => _hasKey;

        /// <summary>Requests dropped for carrying no MAC.</summary>
        public long Unauthenticated { get; private set; }

        /// <summary>Requests dropped because their MAC did not verify (or was truncated, or of an unknown suite).</summary>
        public long BadMac { get; private set; }

        /// <summary>Authenticated requests dropped for a counter not above the last accepted from their source.</summary>
        public long Replayed { get; private set; }

        /// <summary>Requests dropped because the board has no management key.</summary>
        public long NoKey { get; private set; }

        /// <summary>Every request dropped.</summary>
        public long Dropped => Unauthenticated + BadMac + Replayed + NoKey;

        /// <summary>Loads the key and the send counter at boot: from <paramref name="credentials"/>, or none (<paramref name="reason"/> says why).</summary>
        public void Load(ProvisionedCredentials? credentials, string reason)
        {
            _hasKey = credentials != null;
            if (credentials != null)
            {
                System.Array.Copy(credentials.ManagementKey, _key, _key.Length);
            }
            else
            {
                System.Array.Clear(_key, 0, _key.Length);
                _noKeyReason = reason;
            }

            _sent.Load();
        }

        /// <summary>
        /// Null when the management request in <paramref name="frame"/> may act, with the message's length (the payload
        /// without the trailer) in <paramref name="messageLength"/>; otherwise the reason it is dropped (and counted).
        /// <paramref name="readOnly"/>: a Ping or StateQuery, which may come unauthenticated.
        /// </summary>
        public string? Check(HanFrame frame, bool readOnly, out int messageLength)
        {
            messageLength = frame.PayloadLength;
            if (frame.ClusterId == 0 && readOnly)
            {
                return null;
            }

            if (!_hasKey)
            {
                NoKey++;
                return _noKeyReason;
            }

            _authenticator.SetKey(_key, 0);
            ManagementAuthStatus status = _authenticator.Verify(frame.ClusterId, frame.Source, frame.Destination, frame.Payload, frame.PayloadOffset, frame.PayloadLength, out ulong counter);
            if (status != ManagementAuthStatus.Ok)
            {
                if (status == ManagementAuthStatus.Unauthenticated)
                {
                    Unauthenticated++;
                }
                else
                {
                    BadMac++;
                }

                return ManagementAuthenticator.Describe(status);
            }

            // Only now, authenticated, may the counter be looked at and moved.
            string key = ReceivePrefix + frame.Source.ToString("X16");
            ulong last = SettingsValues.TryReadUInt64(_settings, key, _scratch, out ulong stored) ? stored : 0;
            if (counter <= last)
            {
                Replayed++;
                return "replayed counter " + counter.ToString() + " (last accepted " + last.ToString() + ")";
            }

            if (SettingsValues.WriteUInt64(_settings, key, _scratch, counter) != StoreStatus.Ok)
            {
                Replayed++;
                return "counter cannot be stored";
            }

            messageLength = frame.PayloadLength - ManagementAuthenticator.TrailerLength;
            return null;
        }

        /// <summary>
        /// Seals the <paramref name="count"/>-octet management message at the start of <paramref name="buffer"/> for
        /// <paramref name="destination"/>: returns the length with the trailer, 0 when the board has no key (send it
        /// unauthenticated), −1 when the counter cannot be stored (do not send). <paramref name="deviceKey"/>: MAC with
        /// the key derived for the HAN device <paramref name="destination"/> (a hub speaking to its devices).
        /// </summary>
        public int Seal(ulong destination, bool deviceKey, byte[] buffer, int count)
        {
            if (!_hasKey)
            {
                return 0;
            }

            if (!_sent.TryNext(out ulong counter))
            {
                return -1;
            }

            if (deviceKey)
            {
                _authenticator.DeriveDeviceKey(_key, 0, destination, _peerKey, 0);
                _authenticator.SetKey(_peerKey, 0);
            }
            else
            {
                _authenticator.SetKey(_key, 0);
            }

            return _authenticator.Seal(_eui64, destination, counter, buffer, 0, count);
        }
    }
}
